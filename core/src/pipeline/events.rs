//! Progress events a UI renders live (CLI progress lines, the web app's run view).

use super::report::RunOutcome;
use super::state::TaskState;
use serde::{Deserialize, Serialize};

/// Something that happened during a run, in order. Serialisable so a Web Worker can post it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// The run began; `tasks` are in execution order.
    RunStarted {
        /// Run id.
        run_id: String,
        /// Pipeline name.
        pipeline: String,
        /// Hash of the snapshotted definition.
        definition_hash: String,
        /// Task names in execution order.
        tasks: Vec<String>,
    },
    /// A task entered a new state.
    TaskStateChanged {
        /// Task name.
        task: String,
        /// New state.
        state: TaskState,
        /// Try number the state refers to (0 before the first try).
        try_number: u32,
        /// Why, when there is something to say (error, skip reason, retry delay).
        detail: Option<String>,
    },
    /// A task logged a line.
    Log {
        /// Task name.
        task: String,
        /// Try number.
        try_number: u32,
        /// The line.
        line: String,
    },
    /// Tasks finished so far out of the total.
    Progress {
        /// Tasks in a terminal state.
        finished: usize,
        /// All tasks.
        total: usize,
    },
    /// The run ended.
    RunFinished {
        /// Run id.
        run_id: String,
        /// How it ended.
        outcome: RunOutcome,
    },
}

impl Event {
    /// For `Progress`, the fraction done in [0, 1].
    pub fn fraction(&self) -> Option<f64> {
        match self {
            Event::Progress { finished, total } if *total > 0 => Some(*finished as f64 / *total as f64),
            Event::Progress { .. } => Some(1.0),
            _ => None,
        }
    }
}

/// Receives events as they happen.
pub trait EventSink {
    /// Called once per event, in order.
    fn emit(&mut self, event: &Event);
}

impl<F: FnMut(&Event)> EventSink for F {
    fn emit(&mut self, event: &Event) {
        self(event)
    }
}

/// A sink that drops everything, for callers that only want the final report.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoEvents;

impl EventSink for NoEvents {
    fn emit(&mut self, _event: &Event) {}
}
