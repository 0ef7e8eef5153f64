//! Why a CSV could not be imported, in the user's terms: file, line, column, value, expectation.

/// An import failure. Every variant names the source (`ReadOptions::source_name`); row-level ones
/// name the 1-based line of the file where the offending record starts (the header is line 1).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum IngestError {
    /// Zero bytes (or only a byte-order mark / whitespace).
    #[error("{source_name}: the file is empty; expected a header row and at least one data row")]
    Empty {
        /// File name.
        source_name: String,
    },
    /// A header and nothing else.
    #[error("{source_name}: the file has a header row but no data rows")]
    HeaderOnly {
        /// File name.
        source_name: String,
    },
    /// Bytes that are not UTF-8 text.
    #[error(
        "{source_name}: line {line}: invalid UTF-8 at byte offset {byte_offset} (byte 0x{byte:02x}); \
         expected UTF-8 text (re-save the file as UTF-8)"
    )]
    NotUtf8 {
        /// File name.
        source_name: String,
        /// 1-based line containing the bad byte.
        line: usize,
        /// 0-based byte offset of the bad byte in the file.
        byte_offset: usize,
        /// The bad byte.
        byte: u8,
    },
    /// The content is not a delimited table at all.
    #[error("{source_name}: not a CSV table: {reason}")]
    NotCsv {
        /// File name.
        source_name: String,
        /// What the content looks like instead.
        reason: String,
    },
    /// A header cell is empty (and the column is not a recognisable row index).
    #[error("{source_name}: line 1: column {position} has an empty name; every column needs a name")]
    EmptyHeader {
        /// File name.
        source_name: String,
        /// 1-based column position.
        position: usize,
    },
    /// Two header cells have the same name.
    #[error("{source_name}: line 1: duplicate column name `{name}` (columns {first} and {second})")]
    DuplicateHeader {
        /// File name.
        source_name: String,
        /// The repeated name.
        name: String,
        /// 1-based position of the first occurrence.
        first: usize,
        /// 1-based position of the repeat.
        second: usize,
    },
    /// A record with a different number of fields than the header.
    #[error("{source_name}: line {line}: found {found} fields, expected {expected} like the header")]
    Ragged {
        /// File name.
        source_name: String,
        /// 1-based line where the record starts.
        line: usize,
        /// Fields in the header.
        expected: usize,
        /// Fields in this record.
        found: usize,
    },
    /// A quoted field that is never closed, or text glued after its closing quote.
    #[error("{source_name}: line {line}: {problem}")]
    BadQuote {
        /// File name.
        source_name: String,
        /// 1-based line where the problem was found.
        line: usize,
        /// What is wrong.
        problem: String,
    },
    /// A non-number in a column whose values are otherwise (≥ 95 %) numbers.
    #[error(
        "{source_name}: line {line}, column `{column}`: {value:?} is not a number; expected a number \
         or a missing marker (empty, NA, N/A, null, NaN, ?) because {numeric} of {present} values in \
         this column are numbers"
    )]
    NotANumber {
        /// File name.
        source_name: String,
        /// 1-based line of the first offending record.
        line: usize,
        /// Column name.
        column: String,
        /// The offending text.
        value: String,
        /// Present values that are numbers.
        numeric: usize,
        /// Present (non-missing) values.
        present: usize,
    },
    /// The requested target column does not exist.
    #[error("{source_name}: target column `{name}` not found; columns are: {available}")]
    UnknownTarget {
        /// File name.
        source_name: String,
        /// Requested name.
        name: String,
        /// Comma-separated column names.
        available: String,
    },
    /// The target column is not numeric (Hearth does regression).
    #[error("{source_name}: target column `{name}` is categorical; a regression target must be numeric")]
    TargetNotNumeric {
        /// File name.
        source_name: String,
        /// Target name.
        name: String,
    },
    /// No numeric column exists to serve as a target.
    #[error("{source_name}: no numeric column found; a regression dataset needs a numeric target")]
    NoNumericColumn {
        /// File name.
        source_name: String,
    },
    /// Too many rows or levels for the table's 32-bit codes.
    #[error("{source_name}: column `{column}` has more than {limit} distinct values")]
    TooManyLevels {
        /// File name.
        source_name: String,
        /// Column name.
        column: String,
        /// The limit.
        limit: u64,
    },
}
