//! Error-magnitude metrics in the target's units.

/// MAE, MSE, RMSE, mean error and max error of predictions against the truth.
pub trait ErrorMetrics {
    /// `mean(|truth - pred|)`.
    fn mean_absolute_error(&self, truth: &[f64]) -> f64;
    /// `mean((truth - pred)²)`.
    fn mean_squared_error(&self, truth: &[f64]) -> f64;
    /// `sqrt(MSE)`.
    fn root_mean_squared_error(&self, truth: &[f64]) -> f64 {
        self.mean_squared_error(truth).sqrt()
    }
    /// `mean(truth - pred)`, the bias.
    fn mean_error(&self, truth: &[f64]) -> f64;
    /// `max(|truth - pred|)`.
    fn max_error(&self, truth: &[f64]) -> f64;
}

fn mean(it: impl Iterator<Item = f64>, n: usize) -> f64 {
    it.sum::<f64>() / n as f64
}

impl ErrorMetrics for [f64] {
    fn mean_absolute_error(&self, truth: &[f64]) -> f64 {
        mean(self.iter().zip(truth).map(|(p, t)| (t - p).abs()), self.len())
    }
    fn mean_squared_error(&self, truth: &[f64]) -> f64 {
        mean(self.iter().zip(truth).map(|(p, t)| (t - p) * (t - p)), self.len())
    }
    fn mean_error(&self, truth: &[f64]) -> f64 {
        mean(self.iter().zip(truth).map(|(p, t)| t - p), self.len())
    }
    fn max_error(&self, truth: &[f64]) -> f64 {
        self.iter().zip(truth).map(|(p, t)| (t - p).abs()).fold(0.0, f64::max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_metrics_match_hand_computation() {
        let pred = [1.0, 2.0, 5.0];
        let truth = [1.0, 4.0, 4.0];
        assert_eq!(pred.mean_absolute_error(&truth), 1.0);
        assert_eq!(pred.mean_squared_error(&truth), 5.0 / 3.0);
        assert_eq!(pred.mean_error(&truth), 1.0 / 3.0);
        assert_eq!(pred.max_error(&truth), 2.0);
    }
}
