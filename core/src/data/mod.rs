//! Tabular data: the columnar [`Table`], CSV ingestion with type inference and precise errors,
//! schemas, canonicalisation of categorical text, profiles, seeded splits and the sample generator.

mod table;

pub use table::{CategoricalColumn, Column, ColumnData, NumericColumn, Table, TableError};
