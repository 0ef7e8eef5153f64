//! What is served: the deployment record, and turning verified bundle bytes into a served model.

use std::collections::BTreeMap;

use hearth_core::registry::{
    bundle::verify, Bundle, BundlePublicKey, ModelBundle, MODEL_BUNDLE_CONTENT_TYPE,
};
use hearth_core::serve::{ModelInfo, ServedModel};
use serde::{Deserialize, Serialize};

/// A model ready to answer requests.
pub type Model = ServedModel<ModelBundle>;

/// The value of `deployments/current`: the bundle served, as which registered version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deployment {
    /// SHA-256 of the served bundle.
    pub bundle: String,
    /// Registry version number (bundles carry version 0: the registry assigns it after hashing).
    pub version: u32,
    /// Registry aliases of that version (`champion`, ...), reported by `/v1/models`.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// When the switch happened (Unix ms, the worker's clock).
    pub deployed_at_ms: u64,
    /// The bundle served before this one, so a rollback knows where to go.
    pub previous: Option<String>,
}

/// Verifies `bytes` against `hash` and `signature` under `key`, parses the model bundle and builds the
/// served model for `deployment`. Any failure is the bundle's fault and says why.
pub fn open(
    bytes: &[u8],
    signature: &str,
    key: &BundlePublicKey,
    deployment: &Deployment,
) -> Result<Model, String> {
    verify(bytes, &deployment.bundle, signature, key).map_err(|e| e.to_string())?;
    let bundle = parse(bytes)?;
    let signature = bundle.content.signature.clone();
    let name = signature.model().to_string();
    let metrics = serde_json::to_value(bundle.content.test_metrics)
        .ok()
        .and_then(|v| v.as_object().cloned())
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(k, v)| v.as_f64().map(|v| (k, v)))
        .collect::<BTreeMap<_, _>>();
    let info = ModelInfo {
        bundle: deployment.bundle.clone(),
        aliases: deployment.aliases.clone(),
        metrics,
        data_version: Some(bundle.manifest.lineage.dataset_version.clone()),
    };
    Ok(ServedModel::new(signature.for_model(&name, deployment.version), bundle.content, info))
}

/// Parses bundle bytes as a model bundle (format, version and content type checked).
pub fn parse(bytes: &[u8]) -> Result<Bundle<ModelBundle>, String> {
    let bundle: Bundle<ModelBundle> = Bundle::from_bytes(bytes).map_err(|e| e.to_string())?;
    if bundle.manifest.content_type != MODEL_BUNDLE_CONTENT_TYPE {
        return Err(format!(
            "content type `{}` is not a model (`{MODEL_BUNDLE_CONTENT_TYPE}`)",
            bundle.manifest.content_type
        ));
    }
    Ok(bundle)
}
