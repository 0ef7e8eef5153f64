//! The drift tests, with Evidently 0.7.23's names, default thresholds and comparison directions.

use serde::{Deserialize, Serialize};

use super::column_type::ColumnType;

/// A drift test (Evidently's `StatTest.name` in the serialised form).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StatTest {
    /// Two-sample Kolmogorov–Smirnov p-value (`ks`).
    Ks,
    /// Chi-square goodness-of-fit p-value (`chisquare`).
    #[serde(rename = "chisquare")]
    ChiSquare,
    /// Two-proportion Z-test p-value (`z`).
    Z,
    /// Wasserstein distance normed by the reference std (`wasserstein`).
    Wasserstein,
    /// Jensen–Shannon distance, natural log (`jensenshannon`).
    #[serde(rename = "jensenshannon")]
    JensenShannon,
    /// Population Stability Index (`psi`).
    Psi,
}

/// Whether a test's score is a p-value (small = drift) or a distance (large = drift).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoreKind {
    /// Drift when the p-value is below (or at, for K-S) the threshold.
    PValue,
    /// Drift when the distance is at or above the threshold.
    Distance,
}

impl StatTest {
    /// Every test, for option parsing and documentation.
    pub const ALL: [StatTest; 6] = [
        StatTest::Ks,
        StatTest::ChiSquare,
        StatTest::Z,
        StatTest::Wasserstein,
        StatTest::JensenShannon,
        StatTest::Psi,
    ];

    /// Evidently's short name (`ks`, `chisquare`, `z`, `wasserstein`, `jensenshannon`, `psi`).
    pub fn name(self) -> &'static str {
        match self {
            StatTest::Ks => "ks",
            StatTest::ChiSquare => "chisquare",
            StatTest::Z => "z",
            StatTest::Wasserstein => "wasserstein",
            StatTest::JensenShannon => "jensenshannon",
            StatTest::Psi => "psi",
        }
    }

    /// Parses a short name.
    pub fn from_name(name: &str) -> Option<StatTest> {
        StatTest::ALL.into_iter().find(|t| t.name() == name)
    }

    /// Evidently's `display_name`, reported as `stattest_name`.
    pub fn display_name(self) -> &'static str {
        match self {
            StatTest::Ks => "K-S p_value",
            StatTest::ChiSquare => "chi-square p_value",
            StatTest::Z => "Z-test p_value",
            StatTest::Wasserstein => "Wasserstein distance (normed)",
            StatTest::JensenShannon => "Jensen-Shannon distance",
            StatTest::Psi => "PSI",
        }
    }

    /// Evidently's `default_threshold`.
    pub fn default_threshold(self) -> f64 {
        match self {
            StatTest::Ks | StatTest::ChiSquare | StatTest::Z => 0.05,
            StatTest::Wasserstein | StatTest::JensenShannon | StatTest::Psi => 0.1,
        }
    }

    /// P-value or distance.
    pub fn score_kind(self) -> ScoreKind {
        match self {
            StatTest::Ks | StatTest::ChiSquare | StatTest::Z => ScoreKind::PValue,
            _ => ScoreKind::Distance,
        }
    }

    /// Evidently's verdict: K-S `p <= t`; chi-square and Z `p < t`; distances `d >= t`.
    pub fn is_drift(self, score: f64, threshold: f64) -> bool {
        match self {
            StatTest::Ks => score <= threshold,
            StatTest::ChiSquare | StatTest::Z => score < threshold,
            StatTest::Wasserstein | StatTest::JensenShannon | StatTest::Psi => score >= threshold,
        }
    }

    /// Column types a user may request this test for (Evidently's `allowed_feature_types`).
    pub fn allows(self, column_type: ColumnType) -> bool {
        match self {
            StatTest::Ks | StatTest::Wasserstein => column_type == ColumnType::Numerical,
            StatTest::ChiSquare | StatTest::Z => column_type == ColumnType::Categorical,
            StatTest::JensenShannon | StatTest::Psi => column_type != ColumnType::Text,
        }
    }

    /// Evidently's default choice (`_get_default_stattest`), from the reference size and the number
    /// of distinct values in reference + current, both counted after dropping NaN/inf.
    pub fn default_for(column_type: ColumnType, reference_rows: u64, distinct_combined: usize) -> StatTest {
        let small_reference = reference_rows <= 1000;
        match (column_type, small_reference) {
            (ColumnType::Numerical, true) if distinct_combined > 5 => StatTest::Ks,
            (ColumnType::Numerical, false) if distinct_combined > 5 => StatTest::Wasserstein,
            (_, true) if distinct_combined > 2 => StatTest::ChiSquare,
            (_, true) => StatTest::Z,
            (_, false) => StatTest::JensenShannon,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ks_drifts_at_the_threshold_but_chisquare_does_not() {
        assert!(StatTest::Ks.is_drift(0.05, 0.05));
        assert!(!StatTest::ChiSquare.is_drift(0.05, 0.05));
        assert!(!StatTest::Z.is_drift(0.05, 0.05));
        assert!(StatTest::Wasserstein.is_drift(0.1, 0.1));
    }

    #[test]
    fn default_choice_follows_reference_size_and_cardinality() {
        use ColumnType::*;
        assert_eq!(StatTest::default_for(Numerical, 1000, 6), StatTest::Ks);
        assert_eq!(StatTest::default_for(Numerical, 1000, 5), StatTest::ChiSquare);
        assert_eq!(StatTest::default_for(Numerical, 1000, 2), StatTest::Z);
        assert_eq!(StatTest::default_for(Categorical, 10, 3), StatTest::ChiSquare);
        assert_eq!(StatTest::default_for(Numerical, 1001, 6), StatTest::Wasserstein);
        assert_eq!(StatTest::default_for(Numerical, 1001, 5), StatTest::JensenShannon);
        assert_eq!(StatTest::default_for(Categorical, 1001, 50), StatTest::JensenShannon);
    }

    #[test]
    fn names_round_trip() {
        for t in StatTest::ALL {
            assert_eq!(StatTest::from_name(t.name()), Some(t));
            assert_eq!(serde_json::to_string(&t).unwrap(), format!("\"{}\"", t.name()));
        }
    }
}
