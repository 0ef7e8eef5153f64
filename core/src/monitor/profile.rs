//! Reference profiles: everything the drift tests need from a dataset, summarised once.
//!
//! A [`ReferenceProfile`] keeps, per column, the exact empirical distribution (sorted distinct
//! values with counts, or category counts) plus the facts Evidently's rules look at (row count,
//! missing count, pandas dtype). Tests computed from it are identical to tests on the raw rows, so a
//! model bundle can carry its training data's profile and every later batch costs O(batch).

use serde::{Deserialize, Serialize};

use super::distribution::{Category, NumericDistribution};
use crate::data::{ColumnData, Table};

/// Version of the serialised profile layout.
pub const PROFILE_FORMAT: u32 = 1;

/// The summarised values of one column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ColumnValues {
    /// Numbers; `integer` is pandas' view (int64 dtype: whole-number text and no missing cell).
    Numeric {
        /// Finite values.
        distribution: NumericDistribution,
        /// True when pandas would type the column int64.
        integer: bool,
    },
    /// Text categories with their counts, sorted by label.
    Categories {
        /// `(label, count)` sorted by label.
        counts: Vec<(String, u64)>,
    },
}

/// Summary of one column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnProfile {
    /// Column name.
    pub name: String,
    /// Rows including missing ones.
    pub rows: u64,
    /// Cells that are missing, NaN or ±inf (all dropped before testing, as Evidently does).
    pub dropped: u64,
    /// The values.
    pub values: ColumnValues,
}

impl ColumnProfile {
    /// Summarises one column of a table.
    pub fn from_column(name: &str, data: &ColumnData) -> Self {
        let rows = data.len() as u64;
        let values = match data {
            ColumnData::Numeric(n) => ColumnValues::Numeric {
                distribution: NumericDistribution::from_values(&n.values),
                integer: n.integer && !n.values.iter().any(|v| v.is_nan()),
            },
            ColumnData::Categorical(c) => {
                let mut per_level = vec![0u64; c.levels.len()];
                for code in c.codes.iter().flatten() {
                    per_level[*code as usize] += 1;
                }
                let mut counts: Vec<(String, u64)> = c
                    .levels
                    .iter()
                    .zip(per_level)
                    .filter(|(_, n)| *n > 0)
                    .map(|(l, n)| (l.clone(), n))
                    .collect();
                counts.sort_by(|a, b| a.0.cmp(&b.0));
                ColumnValues::Categories { counts }
            }
        };
        let kept = match &values {
            ColumnValues::Numeric { distribution, .. } => distribution.total(),
            ColumnValues::Categories { counts } => counts.iter().map(|c| c.1).sum(),
        };
        ColumnProfile { name: name.to_string(), rows, dropped: rows - kept, values }
    }

    /// Observations kept for testing (non-missing, finite).
    pub fn kept(&self) -> u64 {
        self.rows - self.dropped
    }

    /// Category view: `(key, count)` sorted by key, numbers for numeric columns.
    pub fn category_counts(&self) -> Vec<(Category, u64)> {
        match &self.values {
            ColumnValues::Numeric { distribution, .. } => distribution
                .values()
                .iter()
                .zip(distribution.counts())
                .map(|(&v, &c)| (Category::Number(v), c))
                .collect(),
            ColumnValues::Categories { counts } => {
                counts.iter().map(|(l, c)| (Category::Text(l.clone()), *c)).collect()
            }
        }
    }
}

/// A dataset summarised for drift checks; serialisable and byte-stable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReferenceProfile {
    /// Layout version ([`PROFILE_FORMAT`]).
    pub format: u32,
    /// Rows in the summarised table.
    pub rows: u64,
    /// One summary per column, in table order.
    pub columns: Vec<ColumnProfile>,
}

impl ReferenceProfile {
    /// Summarises every column of a table.
    pub fn from_table(table: &Table) -> Self {
        ReferenceProfile {
            format: PROFILE_FORMAT,
            rows: table.n_rows() as u64,
            // Each column's summary (a sort) is independent: all cores, in column order.
            columns: crate::parallel::map(table.columns(), |c| ColumnProfile::from_column(&c.name, &c.data)),
        }
    }

    /// The summary of a column.
    pub fn column(&self, name: &str) -> Option<&ColumnProfile> {
        self.columns.iter().find(|c| c.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{CategoricalColumn, Column, NumericColumn};

    #[test]
    fn profile_round_trips_through_json_byte_identically() {
        let t = Table::new(vec![
            Column {
                name: "x".into(),
                data: ColumnData::Numeric(NumericColumn {
                    values: vec![1.5, f64::NAN, 1.5, 2.0],
                    integer: false,
                }),
            },
            Column {
                name: "c".into(),
                data: ColumnData::Categorical(CategoricalColumn {
                    codes: vec![Some(1), None, Some(0), Some(1)],
                    levels: vec!["a".into(), "b".into()],
                }),
            },
        ])
        .unwrap();
        let p = ReferenceProfile::from_table(&t);
        assert_eq!(p.column("x").unwrap().dropped, 1);
        assert_eq!(p.column("c").unwrap().category_counts()[1], (Category::Text("b".into()), 2));
        let json = serde_json::to_string(&p).unwrap();
        let back: ReferenceProfile = serde_json::from_str(&json).unwrap();
        assert_eq!(back, p);
        assert_eq!(serde_json::to_string(&back).unwrap(), json);
    }

    #[test]
    fn an_integer_column_with_a_missing_cell_is_float_for_pandas() {
        let data = ColumnData::Numeric(NumericColumn { values: vec![1.0, f64::NAN], integer: true });
        assert!(matches!(
            ColumnProfile::from_column("n", &data).values,
            ColumnValues::Numeric { integer: false, .. }
        ));
    }
}
