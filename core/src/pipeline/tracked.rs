//! A pipeline run recorded in the registry: the run record is opened before the first task (so
//! tasks can log metrics and register models against its id) and closed with the run's outcome
//! and every try's log, plus `artifact.<name>` tags naming every artefact by hash, so work on the
//! finished run (promotion by hand) reads the very data, split and gate it used.

use super::bind::Pipeline;
use super::executor::{Executor, ExecutorError};
use super::host::{Clock, Timer};
use super::report::RunReport;
use super::run_artifacts::artifact_tags;
use crate::registry::{NewRun, Registry, RegistryError, Run, RunStatus};
use crate::store::Store;
use serde_json::Value;
use std::collections::BTreeMap;

/// Why a tracked run could not be carried out (task failures are not errors: see the report).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TrackedRunError {
    /// Opening or closing the run record failed.
    #[error("recording the run failed: {0}")]
    Registry(#[from] RegistryError),
    /// The executor could not start.
    #[error(transparent)]
    Executor(#[from] ExecutorError),
}

/// What to record about a run besides what the pipeline knows.
#[derive(Debug, Clone, Default)]
pub struct RunLabels {
    /// Experiment to file the run under; defaults to the pipeline's name.
    pub experiment: Option<String>,
    /// Caller-chosen run id; derived from the inputs when `None`.
    pub run_id: Option<String>,
    /// Exact dataset version the run reads, when known up front.
    pub dataset_version: Option<String>,
    /// Tags.
    pub tags: BTreeMap<String, String>,
}

/// Opens a run record, executes the pipeline under that run id, and closes the record.
/// The run's params are every task's effective params, keyed `task.param`.
pub async fn run_tracked<S: Store, C: Clock, T: Timer>(
    executor: &mut Executor<'_, S, C, T>,
    registry: &Registry<'_, S>,
    clock: &C,
    pipeline: &Pipeline<'_>,
    labels: RunLabels,
) -> Result<(RunReport, Run), TrackedRunError> {
    let def = pipeline.definition();
    let params: BTreeMap<String, Value> = def
        .tasks
        .iter()
        .flat_map(|t| t.params.iter().map(move |(k, v)| (format!("{}.{k}", t.name), v.clone())))
        .collect();
    let new = NewRun {
        experiment: labels.experiment.unwrap_or_else(|| def.name.clone()),
        id: labels.run_id,
        started_at_ms: clock.now_ms(),
        params,
        tags: labels.tags,
        dataset_version: labels.dataset_version,
        pipeline_definition_hash: Some(def.hash()),
    };
    let run = registry.start_run(new).await?;
    let report = match executor.run(pipeline, &run.id).await {
        Ok(report) => report,
        Err(e) => {
            // Close the record so it does not claim to be running forever.
            let status = RunStatus::Failed { reason: e.to_string() };
            registry.finish_run(&run.id, status, clock.now_ms(), Vec::new()).await?;
            return Err(e.into());
        }
    };
    let finished = registry.finish_run_from_report(&report).await?;
    let tags = artifact_tags(&report);
    let tag_refs: Vec<(&str, &str)> = tags.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let run = if tag_refs.is_empty() { finished } else { registry.set_tags(&finished.id, &tag_refs).await? };
    Ok((report, run))
}
