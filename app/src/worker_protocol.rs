//! The messages between the page and the pipeline Web Worker, as JSON strings: small, versionless
//! (both sides ship in the same build) and readable in the browser's devtools.

use hearth_core::pipeline::Event;
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
    }
}
