//! Reading a finished run's artefacts back from the pipeline store, by the hashes its report (or
//! its run record's `artifact.*` tags) names.

use crate::block_on::block_on;
use crate::exit::{CliError, CliResult};
use hearth_core::pipeline::cache::load_artifact;
use hearth_core::pipeline::{Artifact, RunReport};
use hearth_core::registry::Run;
use hearth_core::store::Store;
use serde::de::DeserializeOwned;

/// Run tag prefix recording each artefact's content hash, so later commands (gated promotion,
/// `runs show`) find a run's exact data, split and verdict.
pub const TAG_PREFIX: &str = "artifact.";

/// `artifact.<name>` → hash tags for every artefact the run produced or reused.
pub fn tags(report: &RunReport) -> Vec<(String, String)> {
    report
        .tasks
        .iter()
        .flat_map(|t| t.outputs.iter())
        .map(|(name, hash)| (format!("{TAG_PREFIX}{name}"), hash.clone()))
        .collect()
}

/// The artefact with content hash `hash`, decoded.
pub fn load<S: Store, T: DeserializeOwned>(store: &S, artifact: &Artifact<T>, hash: &str) -> CliResult<T> {
    let bytes = block_on(load_artifact(store, hash))?.ok_or_else(|| {
        CliError::not_found(format!("artefact `{}` ({hash}) is missing from the store", artifact.name()))
    })?;
    serde_json::from_slice(&bytes.bytes)
        .map_err(|e| CliError::failure(format!("artefact `{}` ({hash}) is unreadable: {e}", artifact.name())))
}

/// The artefact `artifact` of a run report, when some task produced it.
pub fn from_report<S: Store, T: DeserializeOwned>(
    store: &S,
    report: &RunReport,
    artifact: &Artifact<T>,
) -> CliResult<Option<T>> {
    report.artifact_hash(artifact.name()).map(|h| load(store, artifact, h)).transpose()
}

/// The artefact `artifact` recorded on a run's tags.
pub fn from_run<S: Store, T: DeserializeOwned>(store: &S, run: &Run, artifact: &Artifact<T>) -> CliResult<T> {
    let hash = run.tags.get(&format!("{TAG_PREFIX}{}", artifact.name())).ok_or_else(|| {
        CliError::not_found(format!(
            "run `{}` recorded no `{}` artefact (it was not run by `hearth pipeline run`, or failed before it)",
            run.id,
            artifact.name()
        ))
    })?;
    load(store, artifact, hash)
}
