//! A run's artefacts, named on its registry record by `artifact.<name>` → content-hash tags. Later
//! work on a finished run — promotion by hand, `hearth runs show`, the app's Models page — reads the
//! run's exact dataset, split and gate thresholds back by those hashes instead of recomputing them.

use super::cache::load_artifact;
use super::report::RunReport;
use super::task::Artifact;
use crate::registry::{RegistryError, Run};
use crate::store::Store;
use serde::de::DeserializeOwned;

/// Run tag prefix recording each artefact's content hash.
pub const ARTIFACT_TAG_PREFIX: &str = "artifact.";

/// `artifact.<name>` → hash tags for every artefact the run produced or reused.
pub fn artifact_tags(report: &RunReport) -> Vec<(String, String)> {
    report
        .tasks
        .iter()
        .flat_map(|t| t.outputs.iter())
        .map(|(name, hash)| (format!("{ARTIFACT_TAG_PREFIX}{name}"), hash.clone()))
        .collect()
}

/// The artefact with content hash `hash`, decoded. A missing or corrupted artefact is `NotFound`
/// (the cache drops corrupted bytes), an undecodable one `Corrupt`.
pub async fn load_artifact_as<S: Store, T: DeserializeOwned>(
    store: &S,
    artifact: &Artifact<T>,
    hash: &str,
) -> Result<T, RegistryError> {
    let bytes = load_artifact(store, hash).await?.ok_or_else(|| {
        RegistryError::NotFound(format!("artefact `{}` ({hash}) in the store", artifact.name()))
    })?;
    serde_json::from_slice(&bytes.bytes).map_err(|e| RegistryError::Corrupt {
        key: format!("artefact `{}` ({hash})", artifact.name()),
        reason: e.to_string(),
    })
}

/// The artefact `artifact` recorded on `run`'s tags.
pub async fn artifact_of_run<S: Store, T: DeserializeOwned>(
    store: &S,
    run: &Run,
    artifact: &Artifact<T>,
) -> Result<T, RegistryError> {
    let hash = run.tags.get(&format!("{ARTIFACT_TAG_PREFIX}{}", artifact.name())).ok_or_else(|| {
        RegistryError::NotFound(format!(
            "artefact `{}` of run `{}` (the run was not made by the training pipeline, or failed before it)",
            artifact.name(),
            run.id
        ))
    })?;
    load_artifact_as(store, artifact, hash).await
}
