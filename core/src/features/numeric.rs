//! Median imputation followed by standardisation of one numeric column.

use serde::{Deserialize, Serialize};

/// Statistics learnt from one numeric training column: the median fills missing cells, then the
/// value is centred on the mean and divided by the population standard deviation of the imputed
/// column (scikit-learn's `SimpleImputer(strategy="median")` then `StandardScaler`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NumericScaling {
    /// Fill value for missing cells.
    pub median: f64,
    /// Mean of the imputed training column.
    pub mean: f64,
    /// Population standard deviation of the imputed column; 1 when the column is constant, so a
    /// constant column maps to 0 instead of NaN (as `StandardScaler` does).
    pub scale: f64,
}

impl NumericScaling {
    /// Learns the statistics; `values` may contain NaN (missing). An all-missing column imputes 0.
    pub fn fit(values: &[f64]) -> Self {
        let mut present: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
        present.sort_by(f64::total_cmp);
        let median = median_of_sorted(&present);
        let n = values.len() as f64;
        let imputed = || values.iter().map(|&v| if v.is_nan() { median } else { v });
        let mean = imputed().sum::<f64>() / n;
        let var = imputed().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
        let std = var.sqrt();
        // StandardScaler treats a scale below 10 * eps * |mean| as zero (constant column).
        let scale = if std < 10.0 * f64::EPSILON * mean.abs().max(1.0) { 1.0 } else { std };
        NumericScaling { median, mean, scale }
    }

    /// Imputes and standardises one value.
    pub fn apply(&self, value: f64) -> f64 {
        let v = if value.is_nan() { self.median } else { value };
        (v - self.mean) / self.scale
    }
}

/// Median of sorted values, averaging the two middle ones for an even count (numpy's rule);
/// 0 for no values.
pub(crate) fn median_of_sorted(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    match n {
        0 => 0.0,
        _ if n % 2 == 1 => sorted[n / 2],
        _ => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imputes_median_then_scales_by_population_std() {
        let s = NumericScaling::fit(&[1.0, f64::NAN, 3.0, 10.0]);
        assert_eq!(s.median, 3.0);
        // imputed column: 1, 3, 3, 10 -> mean 4.25, population var = (10.5625+1.5625*2+33.0625)/4
        assert!((s.mean - 4.25).abs() < 1e-15);
        let var: f64 = (10.5625 + 1.5625 * 2.0 + 33.0625) / 4.0;
        assert!((s.scale - var.sqrt()).abs() < 1e-15);
        assert!((s.apply(f64::NAN) - (3.0 - 4.25) / var.sqrt()).abs() < 1e-15);
    }

    #[test]
    fn constant_column_maps_to_zero() {
        let s = NumericScaling::fit(&[2.0, 2.0, 2.0]);
        assert_eq!(s.scale, 1.0);
        assert_eq!(s.apply(2.0), 0.0);
    }

    #[test]
    fn even_count_median_averages_middle_values() {
        assert_eq!(median_of_sorted(&[1.0, 2.0, 4.0, 8.0]), 3.0);
    }
}
