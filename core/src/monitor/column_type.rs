//! Evidently's column type inference (`infer_column_type` on reference + current together).

use serde::{Deserialize, Serialize};

/// Evidently's column type vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ColumnType {
    /// Continuous or many-valued numbers (`num`).
    #[serde(rename = "num")]
    Numerical,
    /// Categories (`cat`).
    #[serde(rename = "cat")]
    Categorical,
    /// Free text (`text`): strings with more distinct values than half the non-null rows.
    #[serde(rename = "text")]
    Text,
}

/// Integer columns with at most this many distinct values are categorical (`INTEGER_CARDINALITY_LIMIT`).
pub const INTEGER_CARDINALITY_LIMIT: usize = 10;

impl ColumnType {
    /// Evidently's short name.
    pub fn name(self) -> &'static str {
        match self {
            ColumnType::Numerical => "num",
            ColumnType::Categorical => "cat",
            ColumnType::Text => "text",
        }
    }

    /// A numeric column: floats are numerical; integers (pandas int64: whole numbers, no missing
    /// value on either side) are categorical up to 10 distinct values.
    pub fn infer_numeric(integer: bool, distinct_combined: usize) -> ColumnType {
        if integer && distinct_combined <= INTEGER_CARDINALITY_LIMIT {
            ColumnType::Categorical
        } else {
            ColumnType::Numerical
        }
    }

    /// A string column: text when distinct values exceed half the non-null rows, else categorical.
    pub fn infer_strings(distinct_combined: usize, non_null_combined: u64) -> ColumnType {
        if distinct_combined as f64 > non_null_combined as f64 * 0.5 {
            ColumnType::Text
        } else {
            ColumnType::Categorical
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_with_ten_values_are_categorical_eleven_numerical() {
        assert_eq!(ColumnType::infer_numeric(true, 10), ColumnType::Categorical);
        assert_eq!(ColumnType::infer_numeric(true, 11), ColumnType::Numerical);
        assert_eq!(ColumnType::infer_numeric(false, 2), ColumnType::Numerical);
    }

    #[test]
    fn strings_become_text_past_half_distinct() {
        assert_eq!(ColumnType::infer_strings(3, 6), ColumnType::Categorical);
        assert_eq!(ColumnType::infer_strings(4, 6), ColumnType::Text);
    }
}
