//! CSV ingestion: bytes → typed [`Table`] + [`Schema`] + [`ImportReport`], or an [`IngestError`]
//! that names file, line, column, value and what was expected.
//!
//! Decisions (documented here because users will meet them):
//! - Delimiter: the most frequent of `,` `;` TAB in the header line outside quotes (override with
//!   [`ReadOptions::delimiter`]). Quotes follow RFC 4180 (`""` inside quotes is a quote).
//! - Missing: a cell whose trimmed text is one of the canonicalisation's missing tokens
//!   ([`DEFAULT_MISSING_TOKENS`](crate::data::DEFAULT_MISSING_TOKENS)).
//! - Types: a column is numeric when all present cells are decimal numbers; integer when all are
//!   integer text. If at least [`NUMERIC_SHARE`] (95 %) of present cells are numbers but some are not,
//!   that is an error naming the first offending line; below that share the column is categorical.
//! - Categorical text is canonicalised by [`Canonicalisation`] (trim + lower-case by default),
//!   recorded in the schema.
//! - Row-index columns (empty name / `Unnamed: N` / `id` / `index`... holding exactly 0..n-1 or 1..n)
//!   are dropped and listed in the report.
//! - Target: see [`target`](self::target) — explicit, else named like a target, else last numeric.

mod column_builder;
mod error;
mod index_column;
mod number;
mod report;
mod rows;
mod target;
mod tokenizer;

use std::borrow::Cow;

pub use column_builder::NUMERIC_SHARE;
pub use error::IngestError;
pub use report::{DroppedColumn, ImportReport, LineEnding};
pub use target::TargetRule;

use column_builder::{ColumnProblem, Finished, Keep};
use rows::{Parts, Rows, RowsError};
use target::{choose_target, TargetProblem};
use tokenizer::{detect_delimiter, Tokenizer};

use super::profile::{profile_columns, ColumnInput};
use super::{Canonicalisation, CategoricalColumn, Column, ColumnData, Schema, Table, TableProfile};

/// How to read a CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    /// File name used in messages and the report.
    pub source_name: String,
    /// Target column; `None` applies the target rule.
    pub target: Option<String>,
    /// Text canonicalisation and missing tokens, recorded in the schema.
    pub canonicalisation: Canonicalisation,
    /// Force a delimiter instead of detecting one.
    pub delimiter: Option<u8>,
}

impl ReadOptions {
    /// Default options for a file of this name.
    pub fn named(source_name: impl Into<String>) -> Self {
        ReadOptions { source_name: source_name.into(), ..Self::default() }
    }
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            source_name: "input.csv".into(),
            target: None,
            canonicalisation: Canonicalisation::default(),
            delimiter: None,
        }
    }
}

/// An imported dataset.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// The data.
    pub table: Table,
    /// Its schema (kinds, target, canonicalisation).
    pub schema: Schema,
    /// What the import found and decided.
    pub report: ImportReport,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads CSV bytes into a typed table. Single pass over the bytes; numeric cells are parsed in place
/// without allocating. Large unquoted files are read in parts on all cores (natively), with exactly
/// the result of one sequential read.
pub fn read_csv(bytes: &[u8], options: &ReadOptions) -> Result<Dataset, IngestError> {
    read_csv_in_parts(bytes, options, default_parts())
}

/// What an import records of a CSV file: exactly the schema, report and profile of
/// [`read_csv`] + [`profile_table`](crate::data::profile_table), without the table.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfiledCsv {
    /// The schema [`read_csv`] gives.
    pub schema: Schema,
    /// The report [`read_csv`] gives.
    pub report: ImportReport,
    /// The profile of the table [`read_csv`] gives.
    pub profile: TableProfile,
}

/// Validates and profiles CSV bytes for an import, which stores the bytes, not the table: the same
/// checks, errors and results as [`read_csv`] followed by `profile_table`, but categorical columns
/// are only counted (no per-row codes) and numeric values are sorted in place for the profile, so
/// far less memory is held and written.
pub fn read_csv_profile(bytes: &[u8], options: &ReadOptions) -> Result<ProfiledCsv, IngestError> {
    read_csv_profile_in_parts(bytes, options, default_parts())
}

fn default_parts() -> Parts {
    Parts { parts: crate::parallel::parallelism(), min_bytes: rows::MIN_PART_BYTES }
}

/// [`read_csv`] with an explicit split, so tests can prove every split gives the same answer.
fn read_csv_in_parts(bytes: &[u8], options: &ReadOptions, parts: Parts) -> Result<Dataset, IngestError> {
    let read = read_columns(bytes, options, parts, Keep::Codes)?;
    let table = Table::new(read.columns).expect("reader checked unique names and equal column lengths");
    Ok(Dataset { table, schema: read.schema, report: read.report })
}

/// [`read_csv_profile`] with an explicit split.
fn read_csv_profile_in_parts(
    bytes: &[u8],
    options: &ReadOptions,
    parts: Parts,
) -> Result<ProfiledCsv, IngestError> {
    let read = read_columns(bytes, options, parts, Keep::Counts)?;
    let inputs = read
        .columns
        .into_iter()
        .zip(read.counted)
        .map(|(column, level_counts)| {
            let input = match (column.data, level_counts) {
                (ColumnData::Numeric(n), _) => ColumnInput::Numeric(n.values),
                (ColumnData::Categorical(k), Some(LevelCounts { counts, missing })) => {
                    ColumnInput::Counted { levels: k.levels, counts, missing }
                }
                (ColumnData::Categorical(_), None) => {
                    unreachable!("a counting read keeps counts of every categorical column")
                }
            };
            (column.name, input)
        })
        .collect();
    let profile = profile_columns(read.report.rows, inputs);
    Ok(ProfiledCsv { schema: read.schema, report: read.report, profile })
}

/// The columns of a read with its schema and report. With [`Keep::Codes`] every column is complete;
/// with [`Keep::Counts`] a categorical column holds its levels but no codes, and its counts come
/// with it.
struct ReadColumns {
    columns: Vec<Column>,
    /// Per column, its counts when it was counted.
    counted: Vec<Option<LevelCounts>>,
    schema: Schema,
    report: ImportReport,
}

/// Rows per level (in level order) and missing rows of a counted categorical column.
struct LevelCounts {
    counts: Vec<u64>,
    missing: u64,
}

fn read_columns(
    bytes: &[u8],
    options: &ReadOptions,
    parts: Parts,
    keep: Keep,
) -> Result<ReadColumns, IngestError> {
    let source_name = || options.source_name.clone();
    if let Some(kind) = binary_kind(bytes) {
        return Err(IngestError::NotCsv { source_name: source_name(), reason: format!("it is {kind}") });
    }
    let had_bom = bytes.starts_with(UTF8_BOM);
    let body = if had_bom { &bytes[UTF8_BOM.len()..] } else { bytes };
    let text = std::str::from_utf8(body).map_err(|e| {
        let at = e.valid_up_to();
        IngestError::NotUtf8 {
            source_name: source_name(),
            line: 1 + memchr::memchr_iter(b'\n', &body[..at]).count(),
            byte_offset: at + if had_bom { UTF8_BOM.len() } else { 0 },
            byte: body[at],
        }
    })?;
    if memchr::memchr(0, body).is_some() {
        return Err(IngestError::NotCsv {
            source_name: source_name(),
            reason: "it contains NUL bytes, so it is a binary file, not text".into(),
        });
    }
    if text.trim().is_empty() {
        return Err(IngestError::Empty { source_name: source_name() });
    }
    let delimiter = options.delimiter.unwrap_or_else(|| detect_delimiter(text));
    let canon = &options.canonicalisation;
    let quote_error = |e: tokenizer::QuoteError| {
        let (line, problem) = e.describe();
        IngestError::BadQuote { source_name: source_name(), line, problem }
    };

    let mut tokens = Tokenizer::new(text, delimiter);
    let mut fields: Vec<Cow<'_, str>> = Vec::new();
    tokens.next_record(&mut fields).map_err(quote_error)?;
    let names: Vec<String> = fields.iter().map(|f| f.trim().to_string()).collect();
    check_header(&names, delimiter, &source_name)?;

    let from = tokens.position();
    let rows =
        rows::read_rows(text, delimiter, from, names.len(), canon, parts, keep).map_err(|e| match e {
            RowsError::Ragged { line, found } => {
                IngestError::Ragged { source_name: source_name(), line, expected: names.len(), found }
            }
            RowsError::Quote(e) => quote_error(e),
        })?;
    let Rows { builders, starts, failure } = rows;
    if starts.is_empty() {
        return Err(IngestError::HeaderOnly { source_name: source_name() });
    }
    let column_error = |col: usize, problem: ColumnProblem| -> IngestError {
        match problem {
            ColumnProblem::NotANumber { line, value, numeric, present } => IngestError::NotANumber {
                source_name: source_name(),
                line,
                column: names[col].clone(),
                value,
                numeric: numeric as usize,
                present: present as usize,
            },
            ColumnProblem::TooManyLevels => IngestError::TooManyLevels {
                source_name: source_name(),
                column: names[col].clone(),
                limit: u64::from(u32::MAX),
            },
        }
    };
    if let Some((col, problem)) = failure {
        return Err(column_error(col, problem));
    }

    let n_rows = starts.len();
    let mut columns = Vec::with_capacity(names.len());
    let mut counted = Vec::with_capacity(names.len());
    let mut missing = Vec::with_capacity(names.len());
    let mut dropped = Vec::new();
    for (col, builder) in builders.into_iter().enumerate() {
        let raw_cell = |row: usize| rows::raw_cell(text, delimiter, &starts, row, col);
        let finished = builder.finish(canon, raw_cell).map_err(|p| column_error(col, p))?;
        let name = names[col].clone();
        let is_target = options.target.as_deref() == Some(name.as_str());
        let (data, level_counts) = match finished {
            Finished::Data(data) => {
                if !is_target && index_column::is_row_index(&name, &data) {
                    dropped.push(DroppedColumn {
                        name,
                        position: col + 1,
                        reason: "row index (holds exactly the row numbers); never a feature".into(),
                    });
                    continue;
                }
                missing.push(data.missing());
                (data, None)
            }
            Finished::Counted { levels, counts, missing: m } => {
                missing.push(m as usize);
                let data = ColumnData::Categorical(CategoricalColumn { codes: Vec::new(), levels });
                (data, Some(LevelCounts { counts, missing: m }))
            }
        };
        if name.is_empty() {
            return Err(IngestError::EmptyHeader { source_name: source_name(), position: col + 1 });
        }
        columns.push(Column { name, data });
        counted.push(level_counts);
    }

    let (target, target_rule) = choose_target(&columns, options.target.as_deref()).map_err(|p| match p {
        TargetProblem::Unknown => IngestError::UnknownTarget {
            source_name: source_name(),
            name: options.target.clone().unwrap_or_default(),
            available: columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", "),
        },
        TargetProblem::NotNumeric => IngestError::TargetNotNumeric {
            source_name: source_name(),
            name: options.target.clone().unwrap_or_default(),
        },
        TargetProblem::NoNumeric => IngestError::NoNumericColumn { source_name: source_name() },
    })?;

    let schema = Schema::of_columns(&columns, &target, canon.clone());
    let read = ReadFacts { delimiter, had_bom, line_ending: line_ending(text), n_rows };
    let report = build_report(&columns, &missing, options, read, target, target_rule, dropped);
    Ok(ReadColumns { columns, counted, schema, report })
}

/// Rejects headers that cannot name a table's columns.
fn check_header(
    names: &[String],
    delimiter: u8,
    source_name: &dyn Fn() -> String,
) -> Result<(), IngestError> {
    if names.len() < 2 {
        let what = if delimiter == b',' {
            "comma, semicolon or tab".to_string()
        } else {
            format!("{:?}", delimiter as char)
        };
        return Err(IngestError::NotCsv {
            source_name: source_name(),
            reason: format!(
                "the header line has a single column (no {what} found); expected a delimited header \
                 with at least two columns (features and a target)"
            ),
        });
    }
    for (i, name) in names.iter().enumerate() {
        if name.is_empty() {
            continue;
        }
        if let Some(first) = names[..i].iter().position(|n| n == name) {
            return Err(IngestError::DuplicateHeader {
                source_name: source_name(),
                name: name.clone(),
                first: first + 1,
                second: i + 1,
            });
        }
    }
    Ok(())
}

/// Recognises common binary formats by their magic bytes, for a better message than "invalid UTF-8".
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"PK\x03\x04", "a ZIP archive (or an .xlsx/.docx/.ods document, which are ZIP archives)"),
        (b"\x1f\x8b", "a gzip-compressed file; decompress it first"),
        (b"%PDF", "a PDF document"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Office document (.xls); export it as CSV"),
        (b"PAR1", "a Parquet file"),
        (b"SQLite format 3\0", "an SQLite database"),
    ];
    MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)).map(|&(_, kind)| kind)
}

fn line_ending(text: &str) -> LineEnding {
    let bytes = text.as_bytes();
    match memchr::memchr2(b'\n', b'\r', bytes) {
        None => LineEnding::None,
        Some(i) if bytes[i] == b'\n' => LineEnding::Lf,
        Some(i) if bytes.get(i + 1) == Some(&b'\n') => LineEnding::CrLf,
        Some(_) => LineEnding::Cr,
    }
}

/// What the read found about the file as a whole.
struct ReadFacts {
    delimiter: u8,
    had_bom: bool,
    line_ending: LineEnding,
    n_rows: usize,
}

fn build_report(
    columns: &[Column],
    missing: &[usize],
    options: &ReadOptions,
    read: ReadFacts,
    target: String,
    target_rule: TargetRule,
    dropped: Vec<DroppedColumn>,
) -> ImportReport {
    let mut notes = Vec::new();
    for d in &dropped {
        let shown = if d.name.is_empty() {
            format!("column {} (unnamed)", d.position)
        } else {
            format!("`{}`", d.name)
        };
        notes.push(format!("dropped {shown}: {}", d.reason));
    }
    for (c, &m) in columns.iter().zip(missing) {
        if c.name == target && m > 0 {
            notes.push(format!("target `{target}` is missing in {m} rows"));
        }
        if m == read.n_rows {
            notes.push(format!("column `{}` has no values at all", c.name));
        }
    }
    ImportReport {
        source_name: options.source_name.clone(),
        rows: read.n_rows,
        columns: columns.len(),
        delimiter: read.delimiter as char,
        had_bom: read.had_bom,
        line_ending: read.line_ending,
        missing_cells: missing.iter().sum(),
        target,
        target_rule,
        dropped_columns: dropped,
        notes,
    }
}

#[cfg(test)]
mod tests;
