//! The concrete model bundle: everything the edge, the CLI and the app need to serve, explain and
//! monitor one trained model, in the [`Bundle`](super::Bundle) envelope.

use crate::data::Table;
use crate::monitor::ReferenceProfile;
use crate::serve::{Predictor, PredictorError, Signature};
use crate::train::{Metrics, Selection, TrainedModel};
use serde::{Deserialize, Serialize};

/// `content_type` of bundles holding a [`ModelBundle`].
pub const MODEL_BUNDLE_CONTENT_TYPE: &str = "hearth-regression-model";

/// Preprocessor + model + signature + reference profile + metrics of one trained regressor.
/// Lineage (dataset version, definition hash) is in the bundle manifest; the registry version and
/// run are in the registry's version record, so the same training gives the same bytes.
#[derive(Debug, Serialize, Deserialize)]
pub struct ModelBundle {
    /// Target column predicted.
    pub target: String,
    /// Fitted preprocessing and model.
    pub model: TrainedModel,
    /// Input contract for serving. Its `version` is 0: the registry assigns versions after the bundle
    /// is hashed, so the served version comes from the registry record, not from the bundle.
    pub signature: Signature,
    /// Profile of the rows the model was fitted on, for drift checks on live traffic.
    pub reference_profile: ReferenceProfile,
    /// Metrics on the held-out test rows.
    pub test_metrics: Metrics,
    /// How the model was chosen among the candidates.
    pub selection: Selection,
}

impl Predictor for ModelBundle {
    fn predict(&self, rows: &Table) -> Result<Vec<f64>, PredictorError> {
        self.model.predict(rows).map_err(|e| PredictorError(e.to_string()))
    }
}

impl<S: crate::store::Store> super::Registry<'_, S> {
    /// Resolves `NAME@ALIAS` / `NAME/VERSION` and loads its model bundle (hash checked; pass the
    /// public key to also require a valid signature, as the edge and `hearth predict` do).
    pub async fn load_model(
        &self,
        reference: &super::ModelRef,
        public_key: Option<&super::BundlePublicKey>,
    ) -> Result<(super::ModelVersion, super::Bundle<ModelBundle>), super::RegistryError> {
        let version = self.resolve(reference).await?;
        let signed = self.get_bundle(&version.bundle_hash).await?.ok_or_else(|| {
            super::RegistryError::NotFound(format!(
                "bundle {} of `{}` version {}",
                version.bundle_hash, version.model, version.version
            ))
        })?;
        if let Some(key) = public_key {
            signed.verify(key)?;
        }
        let bundle: super::Bundle<ModelBundle> = super::Bundle::from_bytes(&signed.bytes)?;
        if bundle.manifest.content_type != MODEL_BUNDLE_CONTENT_TYPE {
            return Err(super::BundleError::Unreadable(format!(
                "content type `{}` is not a model (`{MODEL_BUNDLE_CONTENT_TYPE}`)",
                bundle.manifest.content_type
            ))
            .into());
        }
        Ok((version, bundle))
    }
}
