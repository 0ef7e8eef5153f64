//! Trigger rules: when a task runs given the final states of its direct upstream tasks, with
//! Airflow's names and outcomes (`airflow/ti_deps/deps/trigger_rule_dep.py`). The executor is
//! sequential and topological, so every upstream task has finished when a rule is evaluated.
//!
//! One deliberate difference: a task skipped because its outputs were cached counts as a *success*
//! here — its outputs exist — so a cached step never stops its downstream from running.

use super::state::{Finished, SkipReason};
use serde::{Deserialize, Serialize};

/// When a task may run, judged on its direct upstream tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriggerRule {
    /// Every upstream succeeded (the default).
    #[default]
    AllSuccess,
    /// Every upstream failed or was upstream_failed.
    AllFailed,
    /// Every upstream finished, whatever the outcome.
    AllDone,
    /// Every upstream was skipped.
    AllSkipped,
    /// At least one upstream failed or was upstream_failed.
    OneFailed,
    /// At least one upstream succeeded.
    OneSuccess,
    /// At least one upstream succeeded or failed.
    OneDone,
    /// No upstream failed or was upstream_failed (skips are fine).
    NoneFailed,
    /// No upstream failed and at least one succeeded.
    NoneFailedMinOneSuccess,
    /// No upstream was skipped.
    NoneSkipped,
    /// Run regardless.
    Always,
}

/// What the executor should do with a queued task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Run it.
    Run,
    /// Mark it skipped, with the reason.
    Skip(String),
    /// Mark it upstream_failed, with the reason.
    UpstreamFailed(String),
}

/// Counts of upstream outcomes, with the names behind them for readable reasons.
#[derive(Debug, Default)]
struct Tally<'a> {
    total: usize,
    success: Vec<&'a str>,
    failed: Vec<&'a str>,
    upstream_failed: Vec<&'a str>,
    skipped: Vec<&'a str>,
}

impl TriggerRule {
    /// Decides the fate of a task whose direct upstream tasks ended as `upstream`.
    pub fn evaluate(&self, upstream: &[(&str, &Finished)]) -> Verdict {
        let mut t = Tally { total: upstream.len(), ..Tally::default() };
        for (name, state) in upstream {
            match state {
                Finished::Success | Finished::Skipped(SkipReason::Cached { .. }) => t.success.push(name),
                Finished::Failed { .. } => t.failed.push(name),
                Finished::UpstreamFailed { .. } => t.upstream_failed.push(name),
                Finished::Skipped(_) => t.skipped.push(name),
            }
        }
        let any_failed = !t.failed.is_empty() || !t.upstream_failed.is_empty();
        let failed_names = || {
            let names: Vec<&str> = t.failed.iter().chain(&t.upstream_failed).copied().collect();
            format!("upstream {} did not succeed", quote_list(&names))
        };
        let skipped_names = || format!("upstream {} skipped", quote_list(&t.skipped));
        match self {
            TriggerRule::Always | TriggerRule::AllDone => Verdict::Run,
            TriggerRule::AllSuccess => {
                if any_failed {
                    Verdict::UpstreamFailed(failed_names())
                } else if !t.skipped.is_empty() {
                    Verdict::Skip(skipped_names())
                } else {
                    Verdict::Run
                }
            }
            TriggerRule::AllFailed => {
                if !t.success.is_empty() || !t.skipped.is_empty() {
                    Verdict::Skip("all_failed: some upstream task did not fail".into())
                } else {
                    Verdict::Run
                }
            }
            TriggerRule::AllSkipped => {
                if t.skipped.len() == t.total {
                    Verdict::Run
                } else {
                    Verdict::Skip("all_skipped: some upstream task was not skipped".into())
                }
            }
            TriggerRule::OneFailed => {
                if any_failed {
                    Verdict::Run
                } else {
                    Verdict::Skip("one_failed: no upstream task failed".into())
                }
            }
            TriggerRule::OneSuccess => {
                if !t.success.is_empty() {
                    Verdict::Run
                } else if t.total > 0 && t.skipped.len() == t.total {
                    Verdict::Skip(skipped_names())
                } else {
                    Verdict::UpstreamFailed(format!("one_success: {}", failed_names()))
                }
            }
            TriggerRule::OneDone => {
                if !t.success.is_empty() || !t.failed.is_empty() {
                    Verdict::Run
                } else {
                    Verdict::Skip("one_done: no upstream task succeeded or failed".into())
                }
            }
            TriggerRule::NoneFailed => {
                if any_failed {
                    Verdict::UpstreamFailed(failed_names())
                } else {
                    Verdict::Run
                }
            }
            TriggerRule::NoneFailedMinOneSuccess => {
                if any_failed {
                    Verdict::UpstreamFailed(failed_names())
                } else if t.total > 0 && t.success.is_empty() {
                    Verdict::Skip(skipped_names())
                } else {
                    Verdict::Run
                }
            }
            TriggerRule::NoneSkipped => {
                if t.skipped.is_empty() {
                    Verdict::Run
                } else {
                    Verdict::Skip(skipped_names())
                }
            }
        }
    }
}

fn quote_list(names: &[&str]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failed() -> Finished {
        Finished::Failed { error: "x".into(), tries: 1 }
    }
    fn skipped() -> Finished {
        Finished::Skipped(SkipReason::TriggerRule { detail: String::new() })
    }
    fn cached() -> Finished {
        Finished::Skipped(SkipReason::Cached { cache_key: "k".into() })
    }

    #[test]
    fn all_success_turns_an_upstream_failure_into_upstream_failed() {
        let s = Finished::Success;
        let f = failed();
        let v = TriggerRule::AllSuccess.evaluate(&[("a", &s), ("b", &f)]);
        assert_eq!(v, Verdict::UpstreamFailed("upstream `b` did not succeed".into()));
    }

    #[test]
    fn all_success_propagates_skips_but_treats_cache_hits_as_success() {
        let (c, k) = (cached(), skipped());
        assert_eq!(TriggerRule::AllSuccess.evaluate(&[("a", &c)]), Verdict::Run);
        assert!(matches!(TriggerRule::AllSuccess.evaluate(&[("a", &c), ("b", &k)]), Verdict::Skip(_)));
    }

    #[test]
    fn all_done_and_one_failed_run_after_a_failure() {
        let (s, f) = (Finished::Success, failed());
        let up = [("a", &s), ("b", &f)];
        assert_eq!(TriggerRule::AllDone.evaluate(&up), Verdict::Run);
        assert_eq!(TriggerRule::OneFailed.evaluate(&up), Verdict::Run);
        assert!(matches!(TriggerRule::OneFailed.evaluate(&[("a", &s)]), Verdict::Skip(_)));
    }

    #[test]
    fn none_failed_accepts_skips_and_rejects_failures() {
        let (s, k, f) = (Finished::Success, skipped(), failed());
        assert_eq!(TriggerRule::NoneFailed.evaluate(&[("a", &s), ("b", &k)]), Verdict::Run);
        assert!(matches!(TriggerRule::NoneFailed.evaluate(&[("a", &f)]), Verdict::UpstreamFailed(_)));
        assert!(matches!(TriggerRule::NoneFailedMinOneSuccess.evaluate(&[("b", &k)]), Verdict::Skip(_)));
    }

    #[test]
    fn all_failed_runs_only_when_everything_failed() {
        let (f, u) = (failed(), Finished::UpstreamFailed { detail: String::new() });
        let s = Finished::Success;
        assert_eq!(TriggerRule::AllFailed.evaluate(&[("a", &f), ("b", &u)]), Verdict::Run);
        assert!(matches!(TriggerRule::AllFailed.evaluate(&[("a", &f), ("b", &s)]), Verdict::Skip(_)));
    }

    #[test]
    fn one_success_is_upstream_failed_when_nothing_succeeded() {
        let (f, k, s) = (failed(), skipped(), Finished::Success);
        assert_eq!(TriggerRule::OneSuccess.evaluate(&[("a", &f), ("b", &s)]), Verdict::Run);
        assert!(matches!(TriggerRule::OneSuccess.evaluate(&[("a", &f)]), Verdict::UpstreamFailed(_)));
        assert!(matches!(TriggerRule::OneSuccess.evaluate(&[("a", &k)]), Verdict::Skip(_)));
    }

    #[test]
    fn rules_parse_from_airflow_names() {
        let r: TriggerRule = serde_json::from_str("\"none_failed_min_one_success\"").unwrap();
        assert_eq!(r, TriggerRule::NoneFailedMinOneSuccess);
    }
}
