//! Retry policy with capped exponential backoff. Core computes delays; the caller's
//! [`Timer`](super::Timer) does the waiting, so tests run instantly and browsers can use `setTimeout`.

use serde::{Deserialize, Serialize};

/// How often and how patiently a failing task is retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetryPolicy {
    /// Extra tries after the first (0 = run once).
    pub retries: u32,
    /// Delay before the first retry, in milliseconds.
    pub delay_ms: u64,
    /// Upper bound of any delay, in milliseconds.
    pub max_delay_ms: u64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy { retries: 0, delay_ms: 1_000, max_delay_ms: 60_000 }
    }
}

impl RetryPolicy {
    /// Delay after try `try_number` (1-based) failed: `min(delay_ms × 2^(try_number−1), max_delay_ms)`,
    /// as Airflow's `retry_exponential_backoff` without jitter (jitter would break determinism).
    pub fn delay_after_try(&self, try_number: u32) -> u64 {
        let exp = try_number.saturating_sub(1).min(63);
        let factor = 1u64.checked_shl(exp).unwrap_or(u64::MAX);
        self.delay_ms.saturating_mul(factor).min(self.max_delay_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_then_stays_at_the_cap() {
        let p = RetryPolicy { retries: 10, delay_ms: 500, max_delay_ms: 3_000 };
        let delays: Vec<u64> = (1..=6).map(|t| p.delay_after_try(t)).collect();
        assert_eq!(delays, vec![500, 1_000, 2_000, 3_000, 3_000, 3_000]);
    }

    #[test]
    fn huge_try_numbers_saturate_instead_of_overflowing() {
        let p = RetryPolicy { retries: u32::MAX, delay_ms: u64::MAX / 2, max_delay_ms: u64::MAX };
        assert_eq!(p.delay_after_try(200), u64::MAX);
    }
}
