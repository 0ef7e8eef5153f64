//! Runs: one execution of a pipeline or a training job — params, step-indexed metrics, tags,
//! status, timing, per-task logs and the exact inputs (dataset version, definition hash).

use super::canonical::{sha256_hex, to_canonical_json};
use super::{keys, read_json, Registry, RegistryError};
use crate::pipeline::{RunOutcome, RunReport, TryLog};
use crate::store::{Batch, Store};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// Where a run stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum RunStatus {
    /// Started, not finished.
    Running,
    /// Finished without failure.
    Succeeded,
    /// Finished with a failure.
    Failed {
        /// Readable reason.
        reason: String,
    },
    /// Stopped by the user.
    Cancelled {
        /// What did not run.
        reason: String,
    },
}

impl From<&RunOutcome> for RunStatus {
    fn from(o: &RunOutcome) -> Self {
        match o {
            RunOutcome::Succeeded => RunStatus::Succeeded,
            RunOutcome::Failed { reason } => RunStatus::Failed { reason: reason.clone() },
            RunOutcome::Cancelled { reason } => RunStatus::Cancelled { reason: reason.clone() },
        }
    }
}

/// One value of a metric at a step (epoch, boosting round, candidate index...).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MetricPoint {
    /// Step index.
    pub step: u64,
    /// Value.
    pub value: f64,
}

/// A run as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Run {
    /// Run id.
    pub id: String,
    /// Experiment it belongs to.
    pub experiment: String,
    /// Status.
    pub status: RunStatus,
    /// Start (Unix ms, caller's clock).
    pub started_at_ms: u64,
    /// End, once finished.
    pub ended_at_ms: Option<u64>,
    /// Parameters.
    pub params: BTreeMap<String, Value>,
    /// Metric name → points in logging order.
    pub metrics: BTreeMap<String, Vec<MetricPoint>>,
    /// Free-form tags.
    pub tags: BTreeMap<String, String>,
    /// Exact dataset version id trained on.
    pub dataset_version: Option<String>,
    /// Hash of the pipeline definition snapshot.
    pub pipeline_definition_hash: Option<String>,
    /// Hearth version that ran it.
    pub hearth_version: String,
    /// Per-task, per-try logs.
    pub task_logs: Vec<TryLog>,
}

impl Run {
    /// Latest value of each metric (the last point logged).
    pub fn latest_metrics(&self) -> BTreeMap<&str, f64> {
        self.metrics.iter().filter_map(|(k, v)| v.last().map(|p| (k.as_str(), p.value))).collect()
    }

    /// Duration in ms, once finished.
    pub fn duration_ms(&self) -> Option<u64> {
        self.ended_at_ms.map(|e| e.saturating_sub(self.started_at_ms))
    }
}

/// What starting a run needs.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct NewRun {
    /// Experiment (created if absent).
    pub experiment: String,
    /// Caller-chosen id; when `None` it is derived from the other fields (see [`NewRun::derive_id`]).
    pub id: Option<String>,
    /// Start (Unix ms).
    pub started_at_ms: u64,
    /// Parameters.
    pub params: BTreeMap<String, Value>,
    /// Tags.
    pub tags: BTreeMap<String, String>,
    /// Dataset version.
    pub dataset_version: Option<String>,
    /// Pipeline definition hash.
    pub pipeline_definition_hash: Option<String>,
}

impl NewRun {
    /// The first 32 hex digits of the SHA-256 of the run's canonical inputs (experiment, start time,
    /// params, tags, dataset version, definition hash): reproducible, and distinct for distinct
    /// starts.
    pub fn derive_id(&self) -> String {
        let bytes = to_canonical_json(self).expect("run inputs are plain JSON");
        sha256_hex(&bytes)[..32].to_string()
    }
}

impl<S: Store> Registry<'_, S> {
    /// Starts a run (creating its experiment if needed). Fails if the id is taken.
    pub async fn start_run(&self, new: NewRun) -> Result<Run, RegistryError> {
        super::check_name("experiment", &new.experiment)?;
        let id = match &new.id {
            Some(id) => id.clone(),
            None => new.derive_id(),
        };
        super::check_name("run", &id)?;
        let run = Run {
            id: id.clone(),
            experiment: new.experiment.clone(),
            status: RunStatus::Running,
            started_at_ms: new.started_at_ms,
            ended_at_ms: None,
            params: new.params,
            metrics: BTreeMap::new(),
            tags: new.tags,
            dataset_version: new.dataset_version,
            pipeline_definition_hash: new.pipeline_definition_hash,
            hearth_version: env!("CARGO_PKG_VERSION").to_string(),
            task_logs: Vec::new(),
        };
        let mut batch = Batch::new().expect(keys::run(&id), None).put(keys::run(&id), super::to_json(&run));
        if self.get_experiment(&new.experiment).await?.is_none() {
            let exp = super::Experiment { name: new.experiment.clone(), created_at_ms: new.started_at_ms };
            batch = batch
                .expect(keys::experiment(&exp.name), None)
                .put(keys::experiment(&exp.name), super::to_json(&exp));
        }
        self.commit(batch).await.map_err(|e| match e {
            RegistryError::Conflict { key } if key == keys::run(&id) => RegistryError::RunExists(id.clone()),
            other => other,
        })?;
        Ok(run)
    }

    /// The run `id`.
    pub async fn get_run(&self, id: &str) -> Result<Option<Run>, RegistryError> {
        read_json(self.store, &keys::run(id)).await
    }

    /// Runs, optionally of one experiment, oldest first (ties by id).
    pub async fn list_runs(&self, experiment: Option<&str>) -> Result<Vec<Run>, RegistryError> {
        let mut runs = Vec::new();
        for key in self.store.list(keys::RUNS).await? {
            if let Some(run) = read_json::<Run, S>(self.store, &key).await? {
                if experiment.is_none_or(|e| e == run.experiment) {
                    runs.push(run);
                }
            }
        }
        runs.sort_by(|a, b| (a.started_at_ms, &a.id).cmp(&(b.started_at_ms, &b.id)));
        Ok(runs)
    }

    /// Appends metric points to a running run.
    pub async fn log_metrics(&self, id: &str, points: &[(&str, MetricPoint)]) -> Result<Run, RegistryError> {
        self.update_running(id, |run| {
            for (name, p) in points {
                run.metrics.entry(name.to_string()).or_default().push(*p);
            }
        })
        .await
    }

    /// Records the exact dataset version a running run reads, once it is resolved (e.g. `latest`
    /// becomes a version id when the ingest task runs).
    pub async fn set_dataset_version(&self, id: &str, dataset_version: &str) -> Result<Run, RegistryError> {
        self.update_running(id, |run| run.dataset_version = Some(dataset_version.to_string())).await
    }

    /// Sets tags on a run (finished runs too: tags are annotations).
    pub async fn set_tags(&self, id: &str, tags: &[(&str, &str)]) -> Result<Run, RegistryError> {
        self.update(id, false, |run| {
            for (k, v) in tags {
                run.tags.insert(k.to_string(), v.to_string());
            }
        })
        .await
    }

    /// Finishes a running run with its status, end time and task logs.
    pub async fn finish_run(
        &self,
        id: &str,
        status: RunStatus,
        ended_at_ms: u64,
        task_logs: Vec<TryLog>,
    ) -> Result<Run, RegistryError> {
        if status == RunStatus::Running {
            return Err(RegistryError::Invalid("a run cannot be finished as `running`".into()));
        }
        self.update_running(id, move |run| {
            run.status = status;
            run.ended_at_ms = Some(ended_at_ms);
            run.task_logs = task_logs;
        })
        .await
    }

    /// Finishes a run from a pipeline report: status from its outcome, logs from its tries.
    pub async fn finish_run_from_report(&self, report: &RunReport) -> Result<Run, RegistryError> {
        let logs = report.try_logs().cloned().collect();
        self.finish_run(&report.run_id, RunStatus::from(&report.outcome), report.ended_at_ms, logs).await
    }

    async fn update_running(&self, id: &str, change: impl FnOnce(&mut Run)) -> Result<Run, RegistryError> {
        self.update(id, true, change).await
    }

    /// Read-modify-write guarded by compare-and-swap on the run's bytes, so concurrent writers
    /// (a CLI and a browser tab on a synced store) never lose each other's updates silently.
    async fn update(
        &self,
        id: &str,
        must_run: bool,
        change: impl FnOnce(&mut Run),
    ) -> Result<Run, RegistryError> {
        let key = keys::run(id);
        let before =
            self.store.get(&key).await?.ok_or_else(|| RegistryError::NotFound(format!("run `{id}`")))?;
        let mut run: Run = super::from_json(&key, &before)?;
        if must_run && run.status != RunStatus::Running {
            return Err(RegistryError::RunFinished(id.to_string()));
        }
        change(&mut run);
        self.commit(Batch::new().expect(key.clone(), Some(before)).put(key, super::to_json(&run))).await?;
        Ok(run)
    }
}
