//! Most-frequent imputation followed by one-hot encoding of one categorical column.

use serde::{Deserialize, Serialize};

use crate::data::CategoricalColumn;

use super::FeatureError;

/// What to do with a category that training never saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum UnknownCategory {
    /// Reject the row (serving answers 422 naming the column and value).
    #[default]
    Error,
    /// Encode the row as all zeros for this column, like scikit-learn's `handle_unknown="ignore"`.
    Ignore,
}

/// Levels learnt from one categorical training column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoricalEncoding {
    /// The levels present in the training rows, sorted by byte order (one output column each).
    pub levels: Vec<String>,
    /// Fill value for missing cells: the most frequent level, the smallest one on ties
    /// (scikit-learn's `SimpleImputer(strategy="most_frequent")`).
    pub most_frequent: String,
}

impl CategoricalEncoding {
    /// Learns levels and the fill value. Levels that no training row uses are dropped, so the
    /// output width depends only on the rows, not on what the table's level list carried along.
    pub fn fit(column: &CategoricalColumn) -> Self {
        let mut counts = vec![0usize; column.levels.len()];
        for code in column.codes.iter().flatten() {
            counts[*code as usize] += 1;
        }
        let levels: Vec<String> =
            column.levels.iter().zip(&counts).filter(|(_, &c)| c > 0).map(|(l, _)| l.clone()).collect();
        // Levels are sorted, so the first maximum is the smallest level among ties.
        let most_frequent = counts
            .iter()
            .enumerate()
            .fold(None::<(usize, usize)>, |best, (i, &c)| match best {
                Some((_, bc)) if bc >= c => best,
                _ if c > 0 => Some((i, c)),
                _ => best,
            })
            .map(|(i, _)| column.levels[i].clone());
        // An all-missing column has no level at all; it encodes to zero columns.
        CategoricalEncoding { levels, most_frequent: most_frequent.unwrap_or_default() }
    }

    /// Writes the one-hot encoding of every row into `out` (row-major, `stride` columns, this
    /// column's block starting at `offset`).
    pub fn encode_into(
        &self,
        name: &str,
        column: &CategoricalColumn,
        policy: UnknownCategory,
        out: &mut [f64],
        stride: usize,
        offset: usize,
    ) -> Result<(), FeatureError> {
        // Map the table's level list onto ours once, by canonical string.
        let mapping: Vec<Option<usize>> =
            column.levels.iter().map(|l| self.levels.binary_search(l).ok()).collect();
        let fill = self.levels.binary_search(&self.most_frequent).ok();
        for (row, code) in column.codes.iter().enumerate() {
            let slot = match code {
                None => fill,
                Some(c) => match (mapping[*c as usize], policy) {
                    (Some(i), _) => Some(i),
                    (None, UnknownCategory::Ignore) => None,
                    (None, UnknownCategory::Error) => {
                        return Err(FeatureError::UnknownCategory {
                            column: name.to_string(),
                            row,
                            value: column.levels[*c as usize].clone(),
                            expected: self.levels.clone(),
                        })
                    }
                },
            };
            if let Some(i) = slot {
                out[row * stride + offset + i] = 1.0;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(codes: &[Option<u32>], levels: &[&str]) -> CategoricalColumn {
        CategoricalColumn { codes: codes.to_vec(), levels: levels.iter().map(|s| s.to_string()).collect() }
    }

    #[test]
    fn most_frequent_breaks_ties_by_smallest_level() {
        let e = CategoricalEncoding::fit(&col(&[Some(1), Some(0), None], &["a", "b"]));
        assert_eq!(e.most_frequent, "a");
        assert_eq!(e.levels, vec!["a", "b"]);
    }

    #[test]
    fn unused_levels_get_no_output_column() {
        let e = CategoricalEncoding::fit(&col(&[Some(2), Some(2)], &["a", "b", "c"]));
        assert_eq!(e.levels, vec!["c"]);
    }

    #[test]
    fn unknown_category_is_an_error_naming_row_and_value() {
        let e = CategoricalEncoding::fit(&col(&[Some(0)], &["a"]));
        let mut out = vec![0.0; 2];
        let err = e
            .encode_into("c", &col(&[Some(0), Some(1)], &["a", "z"]), UnknownCategory::Error, &mut out, 1, 0)
            .unwrap_err();
        assert!(matches!(err, FeatureError::UnknownCategory { row: 1, ref value, .. } if value == "z"));
    }

    #[test]
    fn ignored_unknown_category_encodes_as_zeros() {
        let e = CategoricalEncoding::fit(&col(&[Some(0), Some(1)], &["a", "b"]));
        let mut out = vec![0.0; 6];
        e.encode_into(
            "c",
            &col(&[Some(1), Some(0), None], &["b", "z"]),
            UnknownCategory::Ignore,
            &mut out,
            2,
            0,
        )
        .unwrap();
        // row 0 "z" unknown -> zeros; row 1 "b"; row 2 missing -> most frequent "a"
        assert_eq!(out, vec![0.0, 0.0, 0.0, 1.0, 1.0, 0.0]);
    }
}
