//! Regression metrics as extension methods on predictions (`pred.r2(&truth)`), one file per family,
//! plus [`Metrics`], all of them at once. Formulas follow scikit-learn's `sklearn.metrics`.

mod error;
mod explained;
mod percentage;

pub use error::ErrorMetrics;
pub use explained::ExplainedVariance;
pub use percentage::PercentageError;

use serde::{Deserialize, Serialize};

/// Every metric of one set of predictions against the truth.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    /// Mean absolute error.
    pub mae: f64,
    /// Mean squared error.
    pub mse: f64,
    /// Root mean squared error.
    pub rmse: f64,
    /// Coefficient of determination.
    pub r2: f64,
    /// Mean absolute percentage error, as a fraction (scikit-learn's convention, not ×100).
    pub mape: f64,
    /// Mean error `mean(truth - prediction)`: the bias; positive means the model under-predicts.
    pub me: f64,
    /// Largest absolute error.
    pub max_error: f64,
}

impl Metrics {
    /// Computes every metric; `predictions` and `truth` must have equal, non-zero length.
    pub fn compute(predictions: &[f64], truth: &[f64]) -> Metrics {
        assert_eq!(predictions.len(), truth.len(), "predictions and truth differ in length");
        Metrics {
            mae: predictions.mean_absolute_error(truth),
            mse: predictions.mean_squared_error(truth),
            rmse: predictions.root_mean_squared_error(truth),
            r2: predictions.r2(truth),
            mape: predictions.mean_absolute_percentage_error(truth),
            me: predictions.mean_error(truth),
            max_error: predictions.max_error(truth),
        }
    }
}
