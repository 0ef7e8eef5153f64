//! Tabular data: the columnar [`Table`], CSV ingestion with type inference and precise errors,
//! schemas, canonicalisation of categorical text, profiles, seeded splits and the sample generator.

mod canonical;
mod csv_write;
pub mod ingest;
pub mod profile;
mod random;
pub mod sample;
mod schema;
mod sort_f64;
mod split;
mod table;

pub use canonical::{Canonicalisation, DEFAULT_MISSING_TOKENS};
pub use csv_write::write_csv;
pub use ingest::{
    read_csv, read_csv_profile, Dataset, ImportReport, IngestError, ProfiledCsv, ReadOptions, TargetRule,
};
pub use profile::{profile_table, ColumnProfile, ColumnStats, NumericSummary, TableProfile};
pub use random::SeededRng;
pub use schema::{ColumnKind, ColumnSchema, Schema};
pub use split::{split, Split, SplitError, SplitFractions};
pub use table::{CategoricalColumn, Column, ColumnData, NumericColumn, Table, TableError};
