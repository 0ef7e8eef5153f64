//! One stored batch of sampled traffic, in a JSON layout that keeps missing numbers (JSON has no NaN)
//! and the categorical levels the model saw.

use serde::{Deserialize, Serialize};

use crate::data::{CategoricalColumn, Column, ColumnData, NumericColumn, Table, TableError};
use crate::monitor::DriftError;

/// Layout version of [`TrafficSample`].
pub const TRAFFIC_FORMAT: u32 = 1;

/// Why traffic could not be recorded or read.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum TrafficError {
    /// Rows of another model (other columns, or another kind of column) were mixed in.
    #[error("traffic rows do not match: {0}")]
    Mismatch(String),
    /// The stored batch has another layout version.
    #[error("traffic sample format {found} is not supported (expected {TRAFFIC_FORMAT})")]
    Format {
        /// The version found.
        found: u32,
    },
    /// A stored batch is not readable.
    #[error("traffic sample is unreadable: {0}")]
    Unreadable(String),
    /// Rows and predictions disagree in count.
    #[error("traffic sample has {rows} rows but {predictions} predictions")]
    Count {
        /// Rows.
        rows: usize,
        /// Predictions.
        predictions: usize,
    },
    /// The drift tests refused the window (e.g. a column with no usable value).
    #[error(transparent)]
    Drift(#[from] DriftError),
}

impl From<TableError> for TrafficError {
    fn from(e: TableError) -> Self {
        TrafficError::Mismatch(e.to_string())
    }
}

/// Sampled prediction rows of one served bundle, with the predictions made for them.
#[derive(Debug, Clone, PartialEq)]
pub struct TrafficSample {
    /// SHA-256 of the bundle that answered.
    pub bundle: String,
    /// Unix ms of the first and last request in the batch.
    pub first_ms: u64,
    /// Unix ms of the last request.
    pub last_ms: u64,
    /// The rows, one column per signature field.
    pub rows: Table,
    /// One prediction per row.
    pub predictions: Vec<f64>,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    format: u32,
    bundle: String,
    first_ms: u64,
    last_ms: u64,
    columns: Vec<StoredColumn>,
    predictions: Vec<f64>,
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum StoredColumn {
    Numeric { name: String, integer: bool, values: Vec<Option<f64>> },
    Categorical { name: String, levels: Vec<String>, codes: Vec<Option<u32>> },
}

impl TrafficSample {
    /// Canonical JSON bytes (deterministic: the same sample, the same bytes).
    pub fn to_json(&self) -> Vec<u8> {
        let columns = self
            .rows
            .columns()
            .iter()
            .map(|c| match &c.data {
                ColumnData::Numeric(n) => StoredColumn::Numeric {
                    name: c.name.clone(),
                    integer: n.integer,
                    values: n.values.iter().map(|v| v.is_finite().then_some(*v)).collect(),
                },
                ColumnData::Categorical(k) => StoredColumn::Categorical {
                    name: c.name.clone(),
                    levels: k.levels.clone(),
                    codes: k.codes.clone(),
                },
            })
            .collect();
        let stored = Stored {
            format: TRAFFIC_FORMAT,
            bundle: self.bundle.clone(),
            first_ms: self.first_ms,
            last_ms: self.last_ms,
            columns,
            predictions: self.predictions.clone(),
        };
        serde_json::to_vec(&stored).expect("a traffic sample always serialises")
    }

    /// Reads [`Self::to_json`] bytes back, checking the layout and that every column has one cell per row.
    pub fn from_json(bytes: &[u8]) -> Result<Self, TrafficError> {
        let stored: Stored =
            serde_json::from_slice(bytes).map_err(|e| TrafficError::Unreadable(e.to_string()))?;
        if stored.format != TRAFFIC_FORMAT {
            return Err(TrafficError::Format { found: stored.format });
        }
        let columns = stored
            .columns
            .into_iter()
            .map(|c| match c {
                StoredColumn::Numeric { name, integer, values } => {
                    let values = values.into_iter().map(|v| v.unwrap_or(f64::NAN)).collect();
                    Ok(Column { name, data: ColumnData::Numeric(NumericColumn { values, integer }) })
                }
                StoredColumn::Categorical { name, levels, codes } => {
                    if codes.iter().flatten().any(|&code| code as usize >= levels.len()) {
                        return Err(TrafficError::Unreadable(format!(
                            "column `{name}` has a code past its levels"
                        )));
                    }
                    Ok(Column { name, data: ColumnData::Categorical(CategoricalColumn { codes, levels }) })
                }
            })
            .collect::<Result<Vec<_>, TrafficError>>()?;
        let rows = Table::new(columns)?;
        if rows.n_rows() != stored.predictions.len() {
            return Err(TrafficError::Count { rows: rows.n_rows(), predictions: stored.predictions.len() });
        }
        Ok(TrafficSample {
            bundle: stored.bundle,
            first_ms: stored.first_ms,
            last_ms: stored.last_ms,
            rows,
            predictions: stored.predictions,
        })
    }
}

/// Appends the rows of `more` to `into` in place (no copy of the rows already there, so a window of
/// many batches costs O(rows)): same column names and kinds, in the same order; categorical codes are
/// remapped by level text, so batches whose level lists differ still combine exactly. On error `into`
/// is unchanged.
pub(crate) fn append_rows(into: &mut Table, more: &Table) -> Result<(), TrafficError> {
    let names = |t: &Table| t.names().map(str::to_string).collect::<Vec<_>>();
    if names(into) != names(more) {
        return Err(TrafficError::Mismatch(format!(
            "columns {:?} cannot take rows with columns {:?}",
            names(into),
            names(more)
        )));
    }
    let same_kind = |a: &ColumnData, b: &ColumnData| {
        matches!((a, b), (ColumnData::Numeric(_), ColumnData::Numeric(_)))
            || matches!((a, b), (ColumnData::Categorical(_), ColumnData::Categorical(_)))
    };
    if let Some(c) = into.columns().iter().zip(more.columns()).find(|(a, b)| !same_kind(&a.data, &b.data)) {
        return Err(TrafficError::Mismatch(format!("column `{}` changed kind", c.0.name)));
    }
    let mut columns = std::mem::take(into).into_columns();
    for (column, extra) in columns.iter_mut().zip(more.columns()) {
        match (&mut column.data, &extra.data) {
            (ColumnData::Numeric(a), ColumnData::Numeric(b)) => {
                a.values.extend_from_slice(&b.values);
                a.integer &= b.integer;
            }
            (ColumnData::Categorical(a), ColumnData::Categorical(b)) => append_codes(a, b),
            // Kinds were compared above.
            _ => {}
        }
    }
    // Every column grew by the same rows and codes stay within their levels, so this holds.
    *into = Table::new(columns)?;
    Ok(())
}

fn append_codes(into: &mut CategoricalColumn, more: &CategoricalColumn) {
    if into.levels == more.levels {
        into.codes.extend_from_slice(&more.codes);
        return;
    }
    let mut levels: Vec<String> = into.levels.iter().chain(&more.levels).cloned().collect();
    levels.sort();
    levels.dedup();
    let index = |l: &String| levels.binary_search(l).expect("every level was merged") as u32;
    let old: Vec<u32> = into.levels.iter().map(index).collect();
    let new: Vec<u32> = more.levels.iter().map(index).collect();
    for code in into.codes.iter_mut().flatten() {
        *code = old[*code as usize];
    }
    into.codes.extend(more.codes.iter().map(|c| c.map(|c| new[c as usize])));
    into.levels = levels;
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn rows(area: &[f64], furnished: &[Option<&str>]) -> Table {
        let mut levels: Vec<String> = furnished.iter().flatten().map(|s| s.to_string()).collect();
        levels.sort();
        levels.dedup();
        let codes =
            furnished.iter().map(|f| f.map(|f| levels.iter().position(|l| l == f).unwrap() as u32)).collect();
        Table::new(vec![
            Column {
                name: "area".into(),
                data: ColumnData::Numeric(NumericColumn { values: area.to_vec(), integer: true }),
            },
            Column {
                name: "furnishingstatus".into(),
                data: ColumnData::Categorical(CategoricalColumn { codes, levels }),
            },
        ])
        .unwrap()
    }

    #[test]
    fn json_round_trips_missing_numbers_and_categories() {
        let sample = TrafficSample {
            bundle: "ab".repeat(32),
            first_ms: 5,
            last_ms: 9,
            rows: rows(&[7420.0, f64::NAN], &[Some("furnished"), None]),
            predictions: vec![1.5e6, 2.0e6],
        };
        let bytes = sample.to_json();
        let back = TrafficSample::from_json(&bytes).unwrap();
        assert_eq!(back.to_json(), bytes, "byte-stable");
        let ColumnData::Numeric(n) = &back.rows.columns()[0].data else { panic!() };
        assert_eq!(n.values[0], 7420.0);
        assert!(n.values[1].is_nan(), "a missing number stays missing");
        assert_eq!(back.predictions, vec![1.5e6, 2.0e6]);
    }

    #[test]
    fn unreadable_or_inconsistent_samples_are_refused() {
        assert!(matches!(TrafficSample::from_json(b"{"), Err(TrafficError::Unreadable(_))));
        let sample = TrafficSample {
            bundle: "x".into(),
            first_ms: 0,
            last_ms: 0,
            rows: rows(&[1.0], &[Some("a")]),
            predictions: vec![1.0],
        };
        let text = String::from_utf8(sample.to_json()).unwrap();
        let other_format = text.replace("\"format\":1", "\"format\":9");
        assert_eq!(TrafficSample::from_json(other_format.as_bytes()), Err(TrafficError::Format { found: 9 }));
        let fewer = text.replace("\"predictions\":[1.0]", "\"predictions\":[]");
        assert_eq!(
            TrafficSample::from_json(fewer.as_bytes()),
            Err(TrafficError::Count { rows: 1, predictions: 0 })
        );
        let bad_code = text.replace("\"codes\":[0]", "\"codes\":[3]");
        assert!(matches!(TrafficSample::from_json(bad_code.as_bytes()), Err(TrafficError::Unreadable(_))));
    }

    #[test]
    fn appending_remaps_categories_by_text() {
        let mut a = rows(&[1.0, 2.0], &[Some("furnished"), Some("unfurnished")]);
        let b = rows(&[3.0], &[Some("semi-furnished")]);
        append_rows(&mut a, &b).unwrap();
        let ColumnData::Categorical(c) = &a.columns()[1].data else { panic!() };
        let labels: Vec<&str> = c.codes.iter().map(|k| c.levels[k.unwrap() as usize].as_str()).collect();
        assert_eq!(labels, ["furnished", "unfurnished", "semi-furnished"]);
        assert_eq!(a.n_rows(), 3);
        let other = Table::new(vec![a.columns()[0].clone()]).unwrap();
        assert!(matches!(append_rows(&mut a, &other), Err(TrafficError::Mismatch(_))));
        let swapped = Table::new(vec![
            Column { name: "area".into(), data: b.columns()[1].data.clone() },
            Column { name: "furnishingstatus".into(), data: b.columns()[0].data.clone() },
        ])
        .unwrap();
        assert!(matches!(append_rows(&mut a, &swapped), Err(TrafficError::Mismatch(_))));
        assert_eq!(a.n_rows(), 3, "a refused append leaves the rows as they were");
    }
}
