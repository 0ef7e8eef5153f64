//! Promotion by hand (`hearth models promote`, the app's Models page) still goes through the quality
//! gate: the version's test metrics against its run's thresholds, and against the current champion
//! scored on the same test rows (the run's recorded dataset and split). The alias moves
//! compare-and-swap, so a concurrent promotion makes this one conflict instead of winning silently.

use super::artifacts::{DATASET, GATE, SPLIT};
use super::champion::champion_on_test_rows;
use crate::pipeline::artifact_of_run;
use crate::registry::{judge, BundlePublicKey, ModelRef, Registry, RegistryError, CHAMPION};
use crate::store::Store;
use serde::{Deserialize, Serialize};

/// What a promotion by hand decided.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManualPromotion {
    /// Model.
    pub model: String,
    /// The version that asked to be champion.
    pub version: u32,
    /// The champion before (and, when refused, still).
    pub previous: Option<u32>,
    /// Whether the gate passed and the version is champion now.
    pub passed: bool,
    /// The gate's reasons, each threshold and the comparison with the champion.
    pub reasons: Vec<String>,
}

/// Why a promotion by hand could not be decided (a refusal by the gate is an outcome, not this).
#[derive(Debug, thiserror::Error)]
pub enum ManualPromotionError {
    /// Nothing to do.
    #[error("`{model}` version {version} is already the champion")]
    AlreadyChampion {
        /// Model.
        model: String,
        /// Version.
        version: u32,
    },
    /// The version, its run, bundle or artefacts are missing, or the champion moved concurrently.
    #[error(transparent)]
    Registry(#[from] RegistryError),
    /// The champion cannot score the version's test rows.
    #[error("{0}")]
    Scoring(String),
}

/// Gates `version` of `model` and, when it passes, makes it the champion. The bundle's signature
/// is checked against `public_key` when given.
pub async fn promote_by_hand<S: Store>(
    store: &S,
    public_key: Option<&BundlePublicKey>,
    model: &str,
    version: u32,
) -> Result<ManualPromotion, ManualPromotionError> {
    let registry = Registry::new(store);
    let reference = ModelRef::Version { model: model.into(), version };
    let (record, bundle) = registry.load_model(&reference, public_key).await?;
    let current = registry.alias(model, CHAMPION).await?;
    if current == Some(version) {
        return Err(ManualPromotionError::AlreadyChampion { model: model.into(), version });
    }
    let run = registry
        .get_run(&record.run_id)
        .await?
        .ok_or_else(|| RegistryError::NotFound(format!("run `{}` of version {version}", record.run_id)))?;
    let data = artifact_of_run(store, &run, &DATASET).await?;
    let split = artifact_of_run(store, &run, &SPLIT).await?;
    let thresholds = artifact_of_run(store, &run, &GATE).await?.thresholds;
    let champion = champion_on_test_rows(&registry, model, &data, &split)
        .await
        .map_err(|e| ManualPromotionError::Scoring(e.to_string()))?;
    let (decision, token) = judge(
        model,
        &record.bundle_hash,
        &bundle.content.test_metrics,
        champion.as_ref().map(|(v, m)| (*v, m)),
        &thresholds,
    );
    let mut outcome = ManualPromotion {
        model: model.into(),
        version,
        previous: current,
        passed: false,
        reasons: decision.reasons,
    };
    if let Some(token) = token {
        outcome.previous = registry.promote(&record, token).await?.previous;
        outcome.passed = true;
    }
    Ok(outcome)
}
