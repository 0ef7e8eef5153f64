//! Why training, evaluation or selection failed.

use crate::features::FeatureError;

/// A training failure.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TrainError {
    /// A model parameter is out of range (caught by `check`, before any fitting).
    #[error("invalid {model} parameters: {reason}")]
    InvalidSpec {
        /// Model name.
        model: String,
        /// What is wrong.
        reason: String,
    },
    /// Preprocessing failed.
    #[error(transparent)]
    Feature(#[from] FeatureError),
    /// Nothing to train on.
    #[error("no training rows")]
    NoRows,
    /// Inputs and targets disagree in length.
    #[error("{rows} input rows but {targets} targets")]
    LengthMismatch {
        /// Input rows.
        rows: usize,
        /// Targets.
        targets: usize,
    },
    /// `log1p` needs every target above -1.
    #[error("log target needs every target > -1, row {row} has {value}")]
    LogTargetDomain {
        /// 0-based row.
        row: usize,
        /// The target value.
        value: f64,
    },
    /// The underlying library rejected the data.
    #[error("{model} failed: {message}")]
    Model {
        /// Model name.
        model: String,
        /// Library message.
        message: String,
    },
    /// Predicting with a different number of inputs than at fit.
    #[error("model expects {expected} inputs, got {found}")]
    WidthMismatch {
        /// Inputs at fit.
        expected: usize,
        /// Inputs now.
        found: usize,
    },
    /// Cross-validation needs at least two folds and one row per fold.
    #[error("cannot make {folds} folds of {rows} rows")]
    BadFolds {
        /// Requested folds.
        folds: usize,
        /// Rows available.
        rows: usize,
    },
    /// Every candidate failed or none was given.
    #[error("no candidate could be trained: {0}")]
    NoCandidate(String),
}
