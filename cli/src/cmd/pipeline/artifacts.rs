//! Reading a finished run's artefacts back from the pipeline store, by the hashes its report names.

use crate::block_on::block_on;
use crate::exit::CliResult;
use hearth_core::pipeline::{load_artifact_as, Artifact, RunReport};
use hearth_core::store::Store;
use serde::de::DeserializeOwned;

/// The artefact `artifact` of a run report, when some task produced it.
pub fn from_report<S: Store, T: DeserializeOwned>(
    store: &S,
    report: &RunReport,
    artifact: &Artifact<T>,
) -> CliResult<Option<T>> {
    report
        .artifact_hash(artifact.name())
        .map(|h| Ok(block_on(load_artifact_as(store, artifact, h))?))
        .transpose()
}
