//! What the import found and decided, for the user and for the version record.

use serde::{Deserialize, Serialize};

use super::target::TargetRule;

/// How lines ended in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineEnding {
    /// `\n`
    Lf,
    /// `\r\n`
    CrLf,
    /// `\r` alone (classic Mac)
    Cr,
    /// A single line without an end.
    None,
}

/// A column left out of the table, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DroppedColumn {
    /// Header name (empty when the header cell was empty).
    pub name: String,
    /// 1-based position in the file.
    pub position: usize,
    /// Why it was dropped.
    pub reason: String,
}

/// The import's findings and decisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    /// File name given by the caller.
    pub source_name: String,
    /// Data rows imported.
    pub rows: usize,
    /// Columns kept (the target included).
    pub columns: usize,
    /// The delimiter used.
    pub delimiter: char,
    /// Whether a UTF-8 byte-order mark was skipped.
    pub had_bom: bool,
    /// Line ending of the header line.
    pub line_ending: LineEnding,
    /// The target column.
    pub target: String,
    /// Why that column is the target.
    pub target_rule: TargetRule,
    /// Columns dropped (row indexes).
    pub dropped_columns: Vec<DroppedColumn>,
    /// Missing cells over the kept columns.
    pub missing_cells: usize,
    /// Human-readable remarks, one sentence each.
    pub notes: Vec<String>,
}
