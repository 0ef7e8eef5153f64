//! What a run leaves behind: per-task outcomes, per-try logs and the run's outcome with a reason.

use super::state::{Finished, TaskState};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The log of one try of one task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TryLog {
    /// Task name.
    pub task: String,
    /// 1-based try number.
    pub try_number: u32,
    /// When the try started (caller's clock, Unix ms).
    pub started_at_ms: u64,
    /// When it ended.
    pub ended_at_ms: u64,
    /// Lines the task logged, then the executor's closing line on failure.
    pub lines: Vec<String>,
    /// The state the try led to: success, failed, up_for_retry or skipped.
    pub state: TaskState,
}

/// How one task of a run ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskReport {
    /// Task name.
    pub name: String,
    /// Implementation it used.
    pub uses: String,
    /// Final state and its reason.
    pub outcome: Finished,
    /// Cache key, when the task was eligible to run (its trigger rule said run).
    pub cache_key: Option<String>,
    /// Output artefact name → content hash (for successes and cache hits).
    pub outputs: BTreeMap<String, String>,
    /// One entry per try made (none when skipped or upstream_failed).
    pub tries: Vec<TryLog>,
}

/// How a whole run ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum RunOutcome {
    /// No task failed.
    Succeeded,
    /// Some task failed; `reason` says which and why, in a user's words.
    Failed {
        /// Readable reason.
        reason: String,
    },
    /// The host cancelled the run.
    Cancelled {
        /// Which tasks never ran.
        reason: String,
    },
}

/// The full record of one run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunReport {
    /// Run id.
    pub run_id: String,
    /// Pipeline name.
    pub pipeline: String,
    /// Hash of the definition snapshot (`pipeline/definitions/<hash>` in the store).
    pub definition_hash: String,
    /// Start (Unix ms).
    pub started_at_ms: u64,
    /// End (Unix ms).
    pub ended_at_ms: u64,
    /// Tasks in execution order.
    pub tasks: Vec<TaskReport>,
    /// Outcome.
    pub outcome: RunOutcome,
}

impl RunReport {
    /// The report of task `name`.
    pub fn task(&self, name: &str) -> Option<&TaskReport> {
        self.tasks.iter().find(|t| t.name == name)
    }

    /// Content hash of artefact `name`, if some task produced it.
    pub fn artifact_hash(&self, name: &str) -> Option<&str> {
        self.tasks.iter().find_map(|t| t.outputs.get(name)).map(String::as_str)
    }

    /// Every try of every task, in execution order.
    pub fn try_logs(&self) -> impl Iterator<Item = &TryLog> {
        self.tasks.iter().flat_map(|t| t.tries.iter())
    }
}
