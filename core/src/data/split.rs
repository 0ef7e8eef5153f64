//! Seeded train / validation / test split of row indices, shaped like the original pipeline's two
//! `train_test_split` calls: `test` share of all rows first, then `validation` share of the rest.
//! Counts round like scikit-learn (`ceil` for the held-out part); the shuffle is ChaCha-seeded, so
//! the same seed gives the same split on every platform (not sklearn's exact rows: its RNG is
//! numpy's Mersenne Twister).

use serde::{Deserialize, Serialize};

use super::SeededRng;

/// Checked split shares (construct with [`SplitFractions::new`] or take the default 64/16/20).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawFractions")]
pub struct SplitFractions {
    test: f64,
    validation_of_rest: f64,
}

#[derive(Deserialize)]
struct RawFractions {
    test: f64,
    validation_of_rest: f64,
}

impl TryFrom<RawFractions> for SplitFractions {
    type Error = SplitError;
    fn try_from(r: RawFractions) -> Result<Self, SplitError> {
        SplitFractions::new(r.test, r.validation_of_rest)
    }
}

/// Invalid split shares.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SplitError {
    /// A share outside `[0, 1)`.
    #[error("split share `{name}` = {value} must be at least 0 and below 1")]
    OutOfRange {
        /// Which share.
        name: &'static str,
        /// Its value.
        value: f64,
    },
}

impl SplitFractions {
    /// `test`: share of all rows held out for testing; `validation_of_rest`: share of the remaining
    /// rows held out for validation. Both in `[0, 1)`.
    pub fn new(test: f64, validation_of_rest: f64) -> Result<Self, SplitError> {
        for (name, value) in [("test", test), ("validation_of_rest", validation_of_rest)] {
            if !(0.0..1.0).contains(&value) {
                return Err(SplitError::OutOfRange { name, value });
            }
        }
        Ok(SplitFractions { test, validation_of_rest })
    }

    /// Share of all rows held out for testing.
    pub fn test(&self) -> f64 {
        self.test
    }

    /// Share of the non-test rows held out for validation.
    pub fn validation_of_rest(&self) -> f64 {
        self.validation_of_rest
    }
}

impl Default for SplitFractions {
    /// 20 % test, then 20 % of the rest validation: 64/16/20, the original's split.
    fn default() -> Self {
        SplitFractions { test: 0.2, validation_of_rest: 0.2 }
    }
}

/// Row indices of each part, in shuffled order; together they are every row exactly once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Split {
    /// Rows to fit on.
    pub train: Vec<usize>,
    /// Rows for model selection / early stopping.
    pub validation: Vec<usize>,
    /// Rows for the final, held-out evaluation.
    pub test: Vec<usize>,
}

/// Splits `0..n_rows` by `fractions`, shuffled with `seed`.
pub fn split(n_rows: usize, fractions: SplitFractions, seed: u64) -> Split {
    let mut rows: Vec<usize> = (0..n_rows).collect();
    SeededRng::new(seed).shuffle(&mut rows);
    let n_test = held_out(n_rows, fractions.test);
    let n_validation = held_out(n_rows - n_test, fractions.validation_of_rest);
    let validation = rows[n_test..n_test + n_validation].to_vec();
    let train = rows[n_test + n_validation..].to_vec();
    rows.truncate(n_test);
    Split { train, validation, test: rows }
}

/// scikit-learn's held-out count: `ceil(share * n)`, computed so that e.g. 0.2 × 545 is exactly 109.
fn held_out(n: usize, share: f64) -> usize {
    let exact = share * n as f64;
    let rounded = exact.round();
    let count = if (exact - rounded).abs() < 1e-9 * exact.max(1.0) { rounded } else { exact.ceil() };
    (count as usize).min(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_split_of_545_rows_is_348_88_109_like_the_original() {
        // sklearn: train_test_split(545 rows, test_size=0.2) → 436/109, then (436, 0.2) → 348/88.
        let s = split(545, SplitFractions::default(), 42);
        assert_eq!((s.train.len(), s.validation.len(), s.test.len()), (348, 88, 109));
    }

    #[test]
    fn parts_cover_every_row_exactly_once() {
        let s = split(1000, SplitFractions::default(), 7);
        let mut all: Vec<usize> = s.train.iter().chain(&s.validation).chain(&s.test).copied().collect();
        all.sort_unstable();
        assert_eq!(all, (0..1000).collect::<Vec<_>>());
    }

    #[test]
    fn same_seed_same_split_other_seed_other_split() {
        let f = SplitFractions::default();
        assert_eq!(split(100, f, 42), split(100, f, 42));
        assert_ne!(split(100, f, 42), split(100, f, 43));
    }

    #[test]
    fn rows_are_shuffled_not_taken_in_order() {
        let s = split(100, SplitFractions::default(), 42);
        assert_ne!(s.test, (0..20).collect::<Vec<_>>());
    }

    #[test]
    fn shares_outside_zero_to_one_are_rejected() {
        assert_eq!(SplitFractions::new(1.0, 0.2), Err(SplitError::OutOfRange { name: "test", value: 1.0 }));
        assert!(SplitFractions::new(0.2, -0.1).is_err());
        assert!(serde_json::from_str::<SplitFractions>(r#"{"test":1.5,"validation_of_rest":0.2}"#).is_err());
        let ok: SplitFractions = serde_json::from_str(r#"{"test":0.25,"validation_of_rest":0.0}"#).unwrap();
        assert_eq!(ok.test(), 0.25);
    }

    #[test]
    fn zero_shares_and_tiny_tables_work() {
        let s = split(3, SplitFractions::new(0.0, 0.0).unwrap(), 1);
        assert_eq!((s.train.len(), s.validation.len(), s.test.len()), (3, 0, 0));
        let s = split(1, SplitFractions::default(), 1);
        assert_eq!((s.train.len(), s.validation.len(), s.test.len()), (0, 0, 1));
        assert_eq!(split(0, SplitFractions::default(), 1).test.len(), 0);
    }
}
