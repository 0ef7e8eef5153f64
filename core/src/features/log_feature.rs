//! An extra model input for a right-skewed, non-negative numeric column: `ln(1 + value)`,
//! standardised. Prices grow with a power of areas and counts, so a model on a log target fits
//! such a column far better as its log; which candidate uses it is decided by cross-validation
//! ([`crate::train::FeatureSet`]), the plain standardised column stays available to the others.

use serde::{Deserialize, Serialize};

use super::NumericScaling;

/// Sample skewness above which a non-negative column gets a log input (the usual rule of thumb
/// for "clearly right-skewed").
pub const SKEW_THRESHOLD: f64 = 0.75;

/// A fitted log input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogFeature {
    /// Source column name.
    pub column: String,
    /// Index of the source column's standardised input among the preprocessor's outputs: the
    /// input this one replaces for models on [`crate::train::FeatureSet::LogSkewed`].
    pub replaces: usize,
    /// Statistics of `ln(1 + value)` over the training rows (missing cells: the median of the
    /// logged values).
    pub scaling: NumericScaling,
}

impl LogFeature {
    /// A log input for `values` (NaN = missing) when every present value is ≥ 0, at least three
    /// differ, and the adjusted sample skewness exceeds [`SKEW_THRESHOLD`]; None otherwise.
    pub fn fit(column: &str, replaces: usize, values: &[f64]) -> Option<LogFeature> {
        let present: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
        if present.iter().any(|&v| v < 0.0) || !distinct_at_least(&present, 3) {
            return None;
        }
        if skewness(&present)? <= SKEW_THRESHOLD {
            return None;
        }
        let logged: Vec<f64> = values.iter().map(|&v| log_value(v)).collect();
        Some(LogFeature { column: column.to_string(), replaces, scaling: NumericScaling::fit(&logged) })
    }

    /// The model input for one raw value.
    pub fn apply(&self, value: f64) -> f64 {
        self.scaling.apply(log_value(value))
    }
}

/// `ln(1 + v)` through libm (identical on every target); negative values, unseen in training,
/// count as 0; NaN stays missing.
fn log_value(v: f64) -> f64 {
    if v.is_nan() {
        v
    } else {
        libm::log1p(v.max(0.0))
    }
}

fn distinct_at_least(values: &[f64], n: usize) -> bool {
    let mut seen: Vec<f64> = Vec::with_capacity(n);
    for &v in values {
        if !seen.contains(&v) {
            seen.push(v);
            if seen.len() >= n {
                return true;
            }
        }
    }
    false
}

/// Adjusted Fisher–Pearson skewness G1 (what pandas' `skew()` reports); None below 3 values or
/// for a constant column.
fn skewness(values: &[f64]) -> Option<f64> {
    let n = values.len() as f64;
    if values.len() < 3 {
        return None;
    }
    let mean = values.iter().sum::<f64>() / n;
    let m2 = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
    let m3 = values.iter().map(|v| (v - mean).powi(3)).sum::<f64>() / n;
    if m2 <= 0.0 {
        return None;
    }
    let g1 = m3 / m2.powf(1.5);
    Some(g1 * (n * (n - 1.0)).sqrt() / (n - 2.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skewness_matches_pandas() {
        // pandas.Series([1, 2, 3, 4, 100]).skew() = 2.2323959116…
        assert!((skewness(&[1.0, 2.0, 3.0, 4.0, 100.0]).unwrap() - 2.232_395_911_6).abs() < 1e-9);
        assert_eq!(skewness(&[2.0, 2.0, 2.0]), None);
    }

    #[test]
    fn only_skewed_non_negative_columns_get_a_log_input() {
        let skewed = [1.0, 2.0, 2.0, 3.0, 50.0, f64::NAN];
        let f = LogFeature::fit("area", 4, &skewed).unwrap();
        assert_eq!(f.replaces, 4);
        // Missing cells take the median of the logged values: ln(1 + 2).
        assert_eq!(f.apply(f64::NAN), f.apply(2.0));
        assert_eq!(f.apply(-3.0), f.apply(0.0));
        assert!(LogFeature::fit("x", 0, &[-1.0, 2.0, 2.0, 3.0, 50.0]).is_none());
        assert!(LogFeature::fit("x", 0, &[1.0, 2.0, 3.0, 4.0, 5.0]).is_none());
        assert!(LogFeature::fit("x", 0, &[0.0, 0.0, 0.0, 0.0, 1.0]).is_none());
    }
}
