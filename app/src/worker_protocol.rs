//! The messages between the page and the pipeline Web Worker, as JSON strings: small, versionless
//! (both sides ship in the same build) and readable in the browser's devtools.

use hearth_core::pipeline::training::ManualPromotion;
use hearth_core::pipeline::Event;
use hearth_core::version::DatasetDiff;

use crate::sync_job::{SyncAction, SyncOutcome, SyncTick};
use serde::{Deserialize, Serialize};

/// Page → worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ToWorker {
    /// Run the default training pipeline on the workspace's latest dataset version.
    Run {
        /// Parameter overrides, as the CLI's `--param`: task name (or `None` for every task), key, value.
        overrides: Vec<ParamOverride>,
    },
    /// Validate, profile and version a CSV file's bytes (the same import as `hearth data import`).
    Import {
        /// File name, as errors and the version record show it.
        name: String,
        /// The file's exact bytes.
        bytes: Vec<u8>,
    },
    /// What changed between two dataset versions (ids in hex), as `hearth data diff`.
    Diff {
        /// The older side.
        from: String,
        /// The newer side.
        to: String,
    },
    /// Evidently-exact drift of one dataset version against another, kept in the report history.
    Drift {
        /// Reference version id (hex).
        reference: String,
        /// Current version id (hex).
        current: String,
    },
    /// Regression quality of the champion model on a dataset version, kept in the report history.
    Quality {
        /// Version id (hex) of the labelled data.
        data: String,
    },
    /// Make a registered version the champion through the quality gate, as `hearth models promote`.
    Promote {
        /// Registered model.
        model: String,
        /// Its version.
        version: u32,
    },
    /// Compare with, push to or pull from the team remote, reporting progress (`hearth status
    /// --remote`, `hearth push`, `hearth pull`).
    Sync {
        /// Which step.
        action: SyncAction,
        /// The remote's base URL.
        url: String,
        /// Its bearer token.
        token: String,
    },
    /// Stop the running pipeline: tasks not yet started are skipped and the run is recorded as
    /// cancelled. A task already running finishes first (tasks run synchronously in the worker, so
    /// the request is only read between tasks or while a task waits on storage).
    Cancel,
}

/// One `task.key=value` (or pipeline-wide `key=value`) override.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParamOverride {
    /// Task it applies to; `None` sets it on every task, like the definition's `[params]` table.
    pub task: Option<String>,
    /// Parameter name.
    pub key: String,
    /// New value.
    pub value: serde_json::Value,
}

/// Worker → page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FromWorker {
    /// The worker's wasm is loaded and it listens: messages sent before this would be lost.
    Ready,
    /// A pipeline progress event, as the executor emitted it.
    Event {
        /// The event.
        event: Event,
    },
    /// The run is recorded in IndexedDB (whatever its outcome); the page reads it from there.
    Finished {
        /// Run id.
        run_id: String,
    },
    /// A CSV is a dataset version now (or already was: `created` is false and nothing was written).
    Imported {
        /// Version id (hex).
        id: String,
        /// Whether this import stored a new version.
        created: bool,
    },
    /// The diff a `Diff` request asked for.
    Diffed {
        /// The diff.
        diff: DatasetDiff,
    },
    /// A monitoring report is stored; the page reads it from the history.
    Checked {
        /// Report id.
        report_id: String,
    },
    /// The gate's decision on a `Promote` request (refused is an answer too; the registry then is unchanged).
    Promoted {
        /// The decision and, when it passed, the champion it replaced.
        outcome: ManualPromotion,
    },
    /// How far a push or pull has got.
    SyncProgress {
        /// Objects and bytes done of the total.
        tick: SyncTick,
    },
    /// A sync step ended (a refusal or conflict is an answer too).
    Synced {
        /// What it came to.
        outcome: SyncOutcome,
    },
    /// The run could not be carried out (no dataset, storage failure...); nothing was recorded.
    Failed {
        /// What went wrong, in a user's words.
        message: String,
    },
}

impl ToWorker {
    /// The message as posted.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("plain JSON")
    }
}

impl FromWorker {
    /// The message as posted.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("plain JSON")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hearth_core::pipeline::TaskState;

    #[test]
    fn messages_round_trip_through_json() {
        let run = ToWorker::Run {
            overrides: vec![ParamOverride {
                task: Some("gate".into()),
                key: "min_r2".into(),
                value: serde_json::json!(0.99),
            }],
        };
        assert_eq!(serde_json::from_str::<ToWorker>(&run.to_json()).unwrap(), run);
        let event = FromWorker::Event {
            event: Event::TaskStateChanged {
                task: "train".into(),
                state: TaskState::Running,
                try_number: 1,
                detail: None,
            },
        };
        assert_eq!(serde_json::from_str::<FromWorker>(&event.to_json()).unwrap(), event);
        let import = ToWorker::Import { name: "a.csv".into(), bytes: b"x,y\n1,2\n".to_vec() };
        assert_eq!(serde_json::from_str::<ToWorker>(&import.to_json()).unwrap(), import);
        assert_eq!(ToWorker::Cancel.to_json(), r#"{"kind":"cancel"}"#);
        let checked = FromWorker::Checked { report_id: "0123abcd".into() };
        assert_eq!(serde_json::from_str::<FromWorker>(&checked.to_json()).unwrap(), checked);
    }
}
