//! The schema of an imported table: column kinds, the target and the text rules. Versions record it,
//! training derives the model signature from it and serving validates requests against it.

use serde::{Deserialize, Serialize};

use super::{Canonicalisation, Column, ColumnData, Table};

/// What a column holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ColumnKind {
    /// Numbers; `integer` when every present value came from integer text.
    Numeric {
        /// All present values are exact integers.
        integer: bool,
    },
    /// Text categories with their canonical, sorted levels.
    Categorical {
        /// Distinct canonical values seen at import, sorted by byte order.
        levels: Vec<String>,
    },
}

/// One column of a schema.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnSchema {
    /// Column name as in the header (trimmed).
    pub name: String,
    /// Its kind.
    pub kind: ColumnKind,
}

/// Columns, target and canonicalisation of a dataset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schema {
    /// All columns in table order, the target included.
    pub columns: Vec<ColumnSchema>,
    /// Name of the (numeric) regression target.
    pub target: String,
    /// How categorical text was (and must be) canonicalised.
    pub canonicalisation: Canonicalisation,
}

impl Schema {
    /// The schema describing `table`, with `target` as target. The caller guarantees the target
    /// exists (the reader checks it).
    pub fn of(table: &Table, target: &str, canonicalisation: Canonicalisation) -> Schema {
        Self::of_columns(table.columns(), target, canonicalisation)
    }

    /// [`Schema::of`] for columns not (yet) assembled into a table; only names, kinds and levels
    /// are read.
    pub(crate) fn of_columns(columns: &[Column], target: &str, canonicalisation: Canonicalisation) -> Schema {
        let columns = columns
            .iter()
            .map(|c| ColumnSchema {
                name: c.name.clone(),
                kind: match &c.data {
                    ColumnData::Numeric(n) => ColumnKind::Numeric { integer: n.integer },
                    ColumnData::Categorical(k) => ColumnKind::Categorical { levels: k.levels.clone() },
                },
            })
            .collect();
        Schema { columns, target: target.to_string(), canonicalisation }
    }

    /// The column with this name.
    pub fn column(&self, name: &str) -> Option<&ColumnSchema> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// Every column except the target: the model inputs.
    pub fn features(&self) -> impl Iterator<Item = &ColumnSchema> {
        self.columns.iter().filter(move |c| c.name != self.target)
    }

    /// Feature columns that are numeric.
    pub fn numeric_features(&self) -> impl Iterator<Item = &ColumnSchema> {
        self.features().filter(|c| matches!(c.kind, ColumnKind::Numeric { .. }))
    }

    /// Feature columns that are categorical.
    pub fn categorical_features(&self) -> impl Iterator<Item = &ColumnSchema> {
        self.features().filter(|c| matches!(c.kind, ColumnKind::Categorical { .. }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{CategoricalColumn, Column, NumericColumn};

    fn table() -> Table {
        Table::new(vec![
            Column {
                name: "price".into(),
                data: ColumnData::Numeric(NumericColumn { values: vec![1.0, 2.0], integer: true }),
            },
            Column {
                name: "mainroad".into(),
                data: ColumnData::Categorical(CategoricalColumn {
                    codes: vec![Some(0), Some(1)],
                    levels: vec!["no".into(), "yes".into()],
                }),
            },
        ])
        .unwrap()
    }

    #[test]
    fn features_exclude_the_target() {
        let s = Schema::of(&table(), "price", Canonicalisation::default());
        assert_eq!(s.features().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["mainroad"]);
        assert_eq!(s.numeric_features().count(), 0);
        assert_eq!(s.categorical_features().count(), 1);
    }

    #[test]
    fn serialises_kinds_with_a_type_tag() {
        let s = Schema::of(&table(), "price", Canonicalisation::default());
        let json = serde_json::to_string(&s).unwrap();
        assert!(json.contains(r#"{"name":"price","kind":{"type":"numeric","integer":true}}"#), "{json}");
        assert_eq!(serde_json::from_str::<Schema>(&json).unwrap(), s);
    }
}
