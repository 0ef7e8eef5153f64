//! Task states as a typed state machine: each live state is its own type and only the legal
//! transitions exist as methods, so e.g. "success → running" cannot be written.
//!
//! ```text
//! Queued ──start──▶ Running ──succeed──▶ Finished::Success
//!   │                 │  ├──skip──────▶ Finished::Skipped(SkippedByTask)
//!   │                 │  └──fail──┬───▶ UpForRetry ──start──▶ Running
//!   │                 │           └───▶ Finished::Failed      (tries exhausted)
//!   ├──skip─────────▶ Finished::Skipped(Cached | TriggerRule | Cancelled)
//!   └──upstream_failed▶ Finished::UpstreamFailed
//! ```

use super::retry::RetryPolicy;
use serde::{Deserialize, Serialize};

/// The observable label of a task's state (Airflow's vocabulary), for events, logs and UIs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskState {
    /// Waiting for its turn.
    Queued,
    /// Executing a try.
    Running,
    /// Finished and produced its outputs.
    Success,
    /// Every try failed.
    Failed,
    /// Not run because an upstream task failed (per its trigger rule).
    UpstreamFailed,
    /// Not run: cached, its trigger rule said skip, the task skipped itself, or the run was cancelled.
    Skipped,
    /// A try failed; another will start after the backoff delay.
    UpForRetry,
}

impl std::fmt::Display for TaskState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = match self {
            TaskState::Queued => "queued",
            TaskState::Running => "running",
            TaskState::Success => "success",
            TaskState::Failed => "failed",
            TaskState::UpstreamFailed => "upstream_failed",
            TaskState::Skipped => "skipped",
            TaskState::UpForRetry => "up_for_retry",
        };
        f.write_str(s)
    }
}

/// Why a task ended `skipped`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SkipReason {
    /// The store held outputs for the same cache key; they were reused (like `dvc repro`).
    Cached {
        /// The cache key that matched.
        cache_key: String,
    },
    /// The trigger rule decided not to run the task given its upstream states.
    TriggerRule {
        /// Human-readable explanation.
        detail: String,
    },
    /// The task itself decided there was nothing to do (e.g. register after a rejected gate).
    SkippedByTask {
        /// The task's explanation.
        detail: String,
    },
    /// The run was cancelled before the task started.
    Cancelled,
}

impl SkipReason {
    /// Whether the task's outputs are available despite the skip (only a cache hit provides them).
    pub fn has_outputs(&self) -> bool {
        matches!(self, SkipReason::Cached { .. })
    }
}

/// A task waiting to run. Only the executor creates one.
#[derive(Debug)]
pub struct Queued(());

/// A task executing try number `try_number` (1-based).
#[derive(Debug)]
pub struct Running {
    try_number: u32,
}

/// A task whose last try failed and that will run again after `delay_ms`.
#[derive(Debug)]
pub struct UpForRetry {
    next_try: u32,
    delay_ms: u64,
}

/// Terminal states: nothing leaves them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Finished {
    /// Produced its outputs.
    Success,
    /// Failed on its last allowed try.
    Failed {
        /// The last try's error.
        error: String,
        /// How many tries were made.
        tries: u32,
    },
    /// An upstream task failed.
    UpstreamFailed {
        /// Which upstream tasks failed.
        detail: String,
    },
    /// Not run; see the reason.
    Skipped(SkipReason),
}

impl Finished {
    /// The observable label.
    pub fn state(&self) -> TaskState {
        match self {
            Finished::Success => TaskState::Success,
            Finished::Failed { .. } => TaskState::Failed,
            Finished::UpstreamFailed { .. } => TaskState::UpstreamFailed,
            Finished::Skipped(_) => TaskState::Skipped,
        }
    }

    /// Whether downstream tasks can read this task's outputs.
    pub fn has_outputs(&self) -> bool {
        match self {
            Finished::Success => true,
            Finished::Skipped(r) => r.has_outputs(),
            _ => false,
        }
    }
}

impl Queued {
    /// Every task starts queued.
    pub(crate) fn new() -> Self {
        Queued(())
    }

    /// Begins the first try.
    pub fn start(self) -> Running {
        Running { try_number: 1 }
    }

    /// Skips without running.
    pub fn skip(self, reason: SkipReason) -> Finished {
        Finished::Skipped(reason)
    }

    /// Marks the task as not runnable because upstream tasks failed.
    pub fn upstream_failed(self, detail: String) -> Finished {
        Finished::UpstreamFailed { detail }
    }
}

impl Running {
    /// The 1-based try number.
    pub fn try_number(&self) -> u32 {
        self.try_number
    }

    /// The try succeeded.
    pub fn succeed(self) -> Finished {
        Finished::Success
    }

    /// The task decided to skip itself.
    pub fn skip(self, detail: String) -> Finished {
        Finished::Skipped(SkipReason::SkippedByTask { detail })
    }

    /// The try failed: retry if the policy allows (and the error is retryable), else fail for good.
    pub fn fail(self, policy: &RetryPolicy, error: String, retryable: bool) -> Result<UpForRetry, Finished> {
        if retryable && self.try_number <= policy.retries {
            Ok(UpForRetry {
                next_try: self.try_number + 1,
                delay_ms: policy.delay_after_try(self.try_number),
            })
        } else {
            Err(Finished::Failed { error, tries: self.try_number })
        }
    }
}

impl UpForRetry {
    /// How long the caller's timer must wait before the next try.
    pub fn delay_ms(&self) -> u64 {
        self.delay_ms
    }

    /// The try number the retry will have.
    pub fn next_try(&self) -> u32 {
        self.next_try
    }

    /// Starts the next try.
    pub fn start(self) -> Running {
        Running { try_number: self.next_try }
    }

    /// The run was cancelled while waiting to retry: the task fails with its last error.
    pub fn abandon(self, error: String) -> Finished {
        Finished::Failed { error, tries: self.next_try - 1 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failing_task_retries_until_its_policy_is_exhausted() {
        let policy = RetryPolicy { retries: 2, delay_ms: 100, max_delay_ms: 1_000 };
        let r = Queued::new().start();
        let retry = r.fail(&policy, "boom".into(), true).unwrap();
        assert_eq!((retry.next_try(), retry.delay_ms()), (2, 100));
        let retry = retry.start().fail(&policy, "boom".into(), true).unwrap();
        assert_eq!((retry.next_try(), retry.delay_ms()), (3, 200));
        let done = retry.start().fail(&policy, "boom".into(), true).unwrap_err();
        assert_eq!(done, Finished::Failed { error: "boom".into(), tries: 3 });
    }

    #[test]
    fn a_non_retryable_error_fails_at_once() {
        let policy = RetryPolicy { retries: 5, delay_ms: 1, max_delay_ms: 1 };
        let done = Queued::new().start().fail(&policy, "bad input".into(), false).unwrap_err();
        assert_eq!(done.state(), TaskState::Failed);
    }

    #[test]
    fn only_success_and_cache_hits_provide_outputs() {
        assert!(Finished::Success.has_outputs());
        assert!(Finished::Skipped(SkipReason::Cached { cache_key: "k".into() }).has_outputs());
        assert!(!Finished::Skipped(SkipReason::Cancelled).has_outputs());
        assert!(!Finished::UpstreamFailed { detail: String::new() }.has_outputs());
    }
}
