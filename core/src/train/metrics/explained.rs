//! Share of variance explained.

/// R² of predictions against the truth.
pub trait ExplainedVariance {
    /// `1 - SS_res / SS_tot`; for a constant truth 1 when predictions are exact, else 0
    /// (scikit-learn's `force_finite=True`).
    fn r2(&self, truth: &[f64]) -> f64;
}

impl ExplainedVariance for [f64] {
    fn r2(&self, truth: &[f64]) -> f64 {
        let mean = truth.iter().sum::<f64>() / truth.len() as f64;
        let ss_res: f64 = self.iter().zip(truth).map(|(p, t)| (t - p) * (t - p)).sum();
        let ss_tot: f64 = truth.iter().map(|t| (t - mean) * (t - mean)).sum();
        match (ss_tot == 0.0, ss_res == 0.0) {
            (true, true) => 1.0,
            (true, false) => 0.0,
            _ => 1.0 - ss_res / ss_tot,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r2_of_mean_prediction_is_zero_and_exact_is_one() {
        let truth = [1.0, 2.0, 3.0];
        assert_eq!([2.0, 2.0, 2.0].r2(&truth), 0.0);
        assert_eq!(truth.r2(&truth), 1.0);
        assert_eq!([1.0, 1.0].r2(&[2.0, 2.0]), 0.0);
    }
}
