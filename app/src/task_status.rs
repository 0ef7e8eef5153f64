//! A task's state as the Pipeline page shows it: Airflow's state plus the reason a skip happened
//! (`cached`, `cancelled`), in words, so nothing is told by colour alone. The graph, the task list
//! and the runs × tasks grid all use it.

use hearth_core::pipeline::{Finished, SkipReason, TaskState};

/// The detail the executor gives a cache hit's and a cancelled task's `skipped` state.
const CACHED: &str = "cached";
const CANCELLED: &str = "cancelled";

/// A task's state and the word for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Status {
    /// The executor's state.
    pub state: TaskState,
    /// What the page calls it: the state, or the kind of skip.
    pub label: &'static str,
}

impl Status {
    /// From a live state change and its detail (the executor says `cached` or `cancelled` for
    /// those skips; the stored report's wording `cached: …` is accepted too).
    pub fn live(state: TaskState, detail: Option<&str>) -> Self {
        let label = match (state, detail) {
            (TaskState::Skipped, Some(d)) if d == CACHED || d.starts_with("cached:") => CACHED,
            (TaskState::Skipped, Some(CANCELLED)) => CANCELLED,
            _ => word(state),
        };
        Status { state, label }
    }

    /// From a finished task's outcome in a stored report.
    pub fn finished(outcome: &Finished) -> Self {
        let state = outcome.state();
        let label = match outcome {
            Finished::Skipped(SkipReason::Cached { .. }) => CACHED,
            Finished::Skipped(SkipReason::Cancelled) => CANCELLED,
            _ => word(state),
        };
        Status { state, label }
    }

    /// CSS classes: `state-<state>` for the colour family, plus `is-cached` / `is-cancelled`.
    pub fn class(&self) -> String {
        match self.label {
            CACHED | CANCELLED => format!("state-{} is-{}", self.state, self.label),
            _ => format!("state-{}", self.state),
        }
    }
}

fn word(state: TaskState) -> &'static str {
    match state {
        TaskState::Queued => "queued",
        TaskState::Running => "running",
        TaskState::Success => "success",
        TaskState::Failed => "failed",
        TaskState::UpstreamFailed => "upstream failed",
        TaskState::Skipped => "skipped",
        TaskState::UpForRetry => "retrying",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_say_why_and_states_read_as_words() {
        assert_eq!(Status::live(TaskState::Skipped, Some("cached")).label, "cached");
        assert_eq!(Status::live(TaskState::Skipped, Some("cancelled")).class(), "state-skipped is-cancelled");
        assert_eq!(Status::live(TaskState::Skipped, Some("the gate refused")).label, "skipped");
        assert_eq!(Status::live(TaskState::UpForRetry, Some("boom")).label, "retrying");
        assert_eq!(Status::live(TaskState::UpstreamFailed, None).class(), "state-upstream_failed");
        let cached = Finished::Skipped(SkipReason::Cached { cache_key: "k".into() });
        assert_eq!(Status::finished(&cached), Status::live(TaskState::Skipped, Some("cached")));
        assert_eq!(Status::finished(&Finished::Skipped(SkipReason::Cancelled)).label, "cancelled");
        assert_eq!(Status::finished(&Finished::Success).label, "success");
    }
}
