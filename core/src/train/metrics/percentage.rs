//! Errors relative to the true value.

/// MAPE of predictions against the truth.
pub trait PercentageError {
    /// `mean(|truth - pred| / max(|truth|, eps))` as a fraction, scikit-learn's definition (a zero
    /// truth gives a huge but finite value instead of infinity).
    fn mean_absolute_percentage_error(&self, truth: &[f64]) -> f64;
}

impl PercentageError for [f64] {
    fn mean_absolute_percentage_error(&self, truth: &[f64]) -> f64 {
        let sum: f64 = self.iter().zip(truth).map(|(p, t)| (t - p).abs() / t.abs().max(f64::EPSILON)).sum();
        sum / self.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mape_is_a_fraction() {
        assert_eq!([110.0, 90.0].mean_absolute_percentage_error(&[100.0, 100.0]), 0.1);
    }
}
