//! A finished pipeline run as the page shows it, read back from IndexedDB: its report (task
//! outcomes), its record (timing), and the artefacts a user cares about (test metrics, the gate's
//! verdict, the registered version) by the content hashes the report names.

use hearth_core::pipeline::cache::load_artifact;
use hearth_core::pipeline::training::{
    Evaluation, GateReport, RegisteredVersion, EVALUATION, GATE, REGISTERED,
};
use hearth_core::pipeline::{Artifact, Finished, RunReport, SkipReason};
use hearth_core::registry::{Registry, Run, CHAMPION};
use hearth_core::store::Store;
use serde::de::DeserializeOwned;

use crate::pipeline_job::{report_key, LAST_RUN_KEY};

/// Everything the Pipeline page shows about one run.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRun {
    /// The registry's run record.
    pub run: Run,
    /// The executor's report.
    pub report: RunReport,
    /// Test-row metrics of the chosen model, when evaluation ran.
    pub evaluation: Option<Evaluation>,
    /// The quality gate's verdict, when the gate ran.
    pub gate: Option<GateReport>,
    /// The version this run registered, if the gate passed.
    pub registered: Option<RegisteredVersion>,
    /// The model's champion version now.
    pub champion: Option<u32>,
}

impl StoredRun {
    /// Wall time of the run in milliseconds.
    pub fn duration_ms(&self) -> u64 {
        self.report.ended_at_ms.saturating_sub(self.report.started_at_ms)
    }
}

/// A finished task's outcome in a few words for the task list (`cached`, the failure, the skip).
pub fn outcome_detail(outcome: &Finished) -> Option<String> {
    match outcome {
        Finished::Success => None,
        Finished::Failed { error, tries } => Some(format!("{error} (after {tries} tries)")),
        Finished::UpstreamFailed { detail } => Some(detail.clone()),
        Finished::Skipped(SkipReason::Cached { .. }) => Some("cached: inputs and params unchanged".into()),
        Finished::Skipped(SkipReason::TriggerRule { detail } | SkipReason::SkippedByTask { detail }) => {
            Some(detail.clone())
        }
        Finished::Skipped(SkipReason::Cancelled) => Some("cancelled".into()),
    }
}

/// The last run started in this browser, if any.
pub async fn load_last<S: Store>(store: &S) -> Result<Option<StoredRun>, String> {
    let Some(id) = store.get(LAST_RUN_KEY).await.map_err(|e| e.to_string())? else {
        return Ok(None);
    };
    let id = String::from_utf8(id).map_err(|_| "the last-run pointer is not text".to_string())?;
    load(store, &id).await.map(Some)
}

/// Run `run_id`'s record, report and key artefacts.
pub async fn load<S: Store>(store: &S, run_id: &str) -> Result<StoredRun, String> {
    let registry = Registry::new(store);
    let run = registry
        .get_run(run_id)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("run {run_id} is missing from the registry"))?;
    let bytes = store
        .get(&report_key(run_id))
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("the report of run {run_id} is missing"))?;
    let report: RunReport = serde_json::from_slice(&bytes)
        .map_err(|e| format!("the report of run {run_id} is unreadable: {e}"))?;
    let evaluation = artifact(store, &report, &EVALUATION).await?;
    let gate = artifact(store, &report, &GATE).await?;
    let registered: Option<RegisteredVersion> = artifact(store, &report, &REGISTERED).await?;
    let model = run.params.get("register.model").and_then(|v| v.as_str());
    let champion = match model {
        Some(m) => registry.alias(m, CHAMPION).await.map_err(|e| e.to_string())?,
        None => None,
    };
    Ok(StoredRun { run, report, evaluation, gate, registered, champion })
}

pub(crate) async fn artifact<S: Store, T: DeserializeOwned>(
    store: &S,
    report: &RunReport,
    artifact: &Artifact<T>,
) -> Result<Option<T>, String> {
    let Some(hash) = report.artifact_hash(artifact.name()) else {
        return Ok(None);
    };
    let bytes = load_artifact(store, hash)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("artefact `{}` ({hash}) is missing from the store", artifact.name()))?;
    serde_json::from_slice(&bytes.bytes)
        .map(Some)
        .map_err(|e| format!("artefact `{}` is unreadable: {e}", artifact.name()))
}
