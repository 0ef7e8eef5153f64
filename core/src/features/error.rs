//! Why preprocessing could not be fitted or applied.

/// A preprocessing failure, naming the column, row and value involved.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FeatureError {
    /// The target column is not in the table.
    #[error("target column `{0}` not found")]
    MissingTarget(String),
    /// The target must be numeric for regression.
    #[error("target column `{0}` is not numeric")]
    TargetNotNumeric(String),
    /// The target has a missing value; rows without a target cannot be trained or scored.
    #[error("target column `{column}` is missing a value at row {row}")]
    MissingTargetValue {
        /// Target column name.
        column: String,
        /// 0-based data row.
        row: usize,
    },
    /// No feature columns remain once the target is set aside.
    #[error("no feature columns besides the target `{0}`")]
    NoFeatures(String),
    /// The table has no rows to learn statistics from.
    #[error("cannot fit preprocessing on an empty table")]
    EmptyTable,
    /// A feature column seen in training is absent.
    #[error("column `{0}` is missing")]
    MissingColumn(String),
    /// A column changed type between training and now.
    #[error("column `{column}` must be {expected}")]
    WrongType {
        /// Column name.
        column: String,
        /// `numeric` or `categorical`.
        expected: &'static str,
    },
    /// A categorical value never seen in training, under [`UnknownCategory::Error`](super::UnknownCategory::Error).
    #[error("column `{column}`, row {row}: unknown category `{value}`; expected one of {expected:?}")]
    UnknownCategory {
        /// Column name.
        column: String,
        /// 0-based data row.
        row: usize,
        /// The unseen value.
        value: String,
        /// The levels seen in training.
        expected: Vec<String>,
    },
    /// A numeric value that is infinite cannot be scaled.
    #[error("column `{column}`, row {row}: value {value} is not finite")]
    NotFinite {
        /// Column name.
        column: String,
        /// 0-based data row.
        row: usize,
        /// The value.
        value: f64,
    },
}
