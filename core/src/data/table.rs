//! The columnar in-memory table every other module works on.

use serde::{Deserialize, Serialize};

/// A column of numbers. Missing cells are `NaN`: the CSV reader never produces `NaN` from a value,
/// so `NaN` here always means "no value", which is also how the reference tools (pandas, Evidently)
/// see missing numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NumericColumn {
    /// One value per row; `NaN` = missing.
    pub values: Vec<f64>,
    /// Every present value is a whole number that came from integer text (e.g. `"3"`), so exports
    /// and type inference downstream (Evidently treats integers differently from floats) stay exact.
    pub integer: bool,
}

/// A column of text categories stored as codes into a sorted level list, so equal data gives equal
/// bytes whatever the row order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoricalColumn {
    /// One code per row, an index into `levels`; `None` = missing.
    pub codes: Vec<Option<u32>>,
    /// Distinct canonical values, sorted by byte order.
    pub levels: Vec<String>,
}

/// The values of one column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ColumnData {
    /// Numbers (integer or real).
    Numeric(NumericColumn),
    /// Text categories.
    Categorical(CategoricalColumn),
}

impl ColumnData {
    /// Number of rows in the column.
    pub fn len(&self) -> usize {
        match self {
            ColumnData::Numeric(c) => c.values.len(),
            ColumnData::Categorical(c) => c.codes.len(),
        }
    }

    /// True when the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Number of missing cells.
    pub fn missing(&self) -> usize {
        match self {
            ColumnData::Numeric(c) => c.values.iter().filter(|v| v.is_nan()).count(),
            ColumnData::Categorical(c) => c.codes.iter().filter(|v| v.is_none()).count(),
        }
    }
}

/// A named column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    /// Header name, as written in the source (trimmed).
    pub name: String,
    /// The values.
    pub data: ColumnData,
}

/// Why a table could not be assembled.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TableError {
    /// Two columns share a name.
    #[error("duplicate column name `{0}`")]
    DuplicateColumn(String),
    /// Columns disagree on the number of rows.
    #[error("column `{name}` has {found} rows, expected {expected}")]
    RaggedColumn {
        /// Column name.
        name: String,
        /// Rows in the first column.
        expected: usize,
        /// Rows in this column.
        found: usize,
    },
    /// A categorical code points past the level list.
    #[error("column `{name}`: code {code} has no level")]
    BadCode {
        /// Column name.
        name: String,
        /// The offending code.
        code: u32,
    },
}

/// A rectangular table of named, typed columns. Construction checks the invariants (unique names,
/// equal lengths, valid codes), so code holding a `Table` never re-checks them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Table {
    columns: Vec<Column>,
    n_rows: usize,
}

impl Table {
    /// Assembles a table, checking its invariants.
    pub fn new(columns: Vec<Column>) -> Result<Self, TableError> {
        let n_rows = columns.first().map_or(0, |c| c.data.len());
        for (i, col) in columns.iter().enumerate() {
            if columns[..i].iter().any(|c| c.name == col.name) {
                return Err(TableError::DuplicateColumn(col.name.clone()));
            }
            if col.data.len() != n_rows {
                return Err(TableError::RaggedColumn {
                    name: col.name.clone(),
                    expected: n_rows,
                    found: col.data.len(),
                });
            }
            if let ColumnData::Categorical(c) = &col.data {
                let n_levels = c.levels.len() as u32;
                if let Some(code) = c.codes.iter().flatten().find(|&&code| code >= n_levels) {
                    return Err(TableError::BadCode { name: col.name.clone(), code: *code });
                }
            }
        }
        Ok(Table { columns, n_rows })
    }

    /// Number of rows.
    pub fn n_rows(&self) -> usize {
        self.n_rows
    }

    /// The columns, by value (to grow them without copying; [`Table::new`] checks them again).
    pub fn into_columns(self) -> Vec<Column> {
        self.columns
    }

    /// Number of columns.
    pub fn n_cols(&self) -> usize {
        self.columns.len()
    }

    /// All columns in order.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// The column with this name, if any.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// Column names in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().map(|c| c.name.as_str())
    }

    /// A new table holding the given rows (by index, in that order), e.g. one side of a split.
    pub fn take_rows(&self, rows: &[usize]) -> Table {
        let columns = self
            .columns
            .iter()
            .map(|c| Column {
                name: c.name.clone(),
                data: match &c.data {
                    ColumnData::Numeric(n) => ColumnData::Numeric(NumericColumn {
                        values: rows.iter().map(|&r| n.values[r]).collect(),
                        integer: n.integer,
                    }),
                    ColumnData::Categorical(k) => ColumnData::Categorical(CategoricalColumn {
                        codes: rows.iter().map(|&r| k.codes[r]).collect(),
                        levels: k.levels.clone(),
                    }),
                },
            })
            .collect();
        Table { columns, n_rows: rows.len() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(name: &str, v: Vec<f64>) -> Column {
        Column { name: name.into(), data: ColumnData::Numeric(NumericColumn { values: v, integer: false }) }
    }

    #[test]
    fn rejects_duplicate_names() {
        let err = Table::new(vec![num("a", vec![1.0]), num("a", vec![2.0])]).unwrap_err();
        assert_eq!(err, TableError::DuplicateColumn("a".into()));
    }

    #[test]
    fn rejects_ragged_columns() {
        let err = Table::new(vec![num("a", vec![1.0]), num("b", vec![])]).unwrap_err();
        assert!(matches!(err, TableError::RaggedColumn { found: 0, expected: 1, .. }));
    }

    #[test]
    fn rejects_codes_without_level() {
        let col = Column {
            name: "c".into(),
            data: ColumnData::Categorical(CategoricalColumn {
                codes: vec![Some(1)],
                levels: vec!["x".into()],
            }),
        };
        assert!(matches!(Table::new(vec![col]).unwrap_err(), TableError::BadCode { code: 1, .. }));
    }

    #[test]
    fn take_rows_keeps_order_and_levels() {
        let t = Table::new(vec![num("a", vec![1.0, 2.0, 3.0])]).unwrap();
        let s = t.take_rows(&[2, 0]);
        assert_eq!(s.n_rows(), 2);
        assert_eq!(
            s.column("a").unwrap().data,
            ColumnData::Numeric(NumericColumn { values: vec![3.0, 1.0], integer: false })
        );
    }
}
