//! Reads the data records into column builders — in parts, on several threads, when the file is
//! large and has no quotes (then every line end outside the header ends a record, so a part boundary
//! can never split a field). The parts are joined in file order, so the result, and every error, is
//! the one a single sequential read gives.

use std::borrow::Cow;

use super::column_builder::{ColumnBuilder, ColumnProblem, Keep};
use super::tokenizer::{count_line_ends, QuoteError, RecordStart, Tokenizer};
use crate::data::Canonicalisation;

/// Below this many bytes per part, threads cost more than they save.
pub(super) const MIN_PART_BYTES: usize = 1 << 20;

/// The data rows of a file, column by column.
pub(super) struct Rows {
    pub builders: Vec<ColumnBuilder>,
    /// Where each record starts, to re-read a cell.
    pub starts: Vec<RecordStart>,
    /// The first column problem met, in file order.
    pub failure: Option<(usize, ColumnProblem)>,
}

/// A record that stops the read.
pub(super) enum RowsError {
    /// A record with `found` fields instead of the header's count.
    Ragged { line: usize, found: usize },
    /// A malformed quoted field.
    Quote(QuoteError),
}

/// How to split the read: at most `parts` parts of at least `min_bytes` each.
#[derive(Debug, Clone, Copy)]
pub(super) struct Parts {
    pub parts: usize,
    pub min_bytes: usize,
}

/// Reads every record from `from` to the end of `text`.
pub(super) fn read_rows(
    text: &str,
    delimiter: u8,
    from: RecordStart,
    n_cols: usize,
    canon: &Canonicalisation,
    parts: Parts,
    keep: Keep,
) -> Result<Rows, RowsError> {
    let spans = spans(text, from, parts);
    let mut read = crate::parallel::map(&spans, |&(start, end)| {
        read_part(text, end, delimiter, start, n_cols, canon, keep)
    })
    .into_iter();
    let Rows { mut builders, mut starts, mut failure } = read.next().expect("at least one part")?;
    for part in read {
        let part = part?;
        let (first_row, rows) = (starts.len(), part.starts.len());
        starts.extend_from_slice(&part.starts);
        if failure.is_none() {
            failure = part.failure;
        }
        for (col, (mine, theirs)) in builders.iter_mut().zip(part.builders).enumerate() {
            let cell = |row: usize| raw_cell(text, delimiter, &starts, row, col);
            if let Err(p) = mine.append(theirs, first_row, rows, canon, cell) {
                failure.get_or_insert((col, p));
            }
        }
    }
    Ok(Rows { builders, starts, failure })
}

/// Re-reads the raw text of one cell.
pub(super) fn raw_cell<'a>(
    text: &'a str,
    delimiter: u8,
    starts: &[RecordStart],
    row: usize,
    col: usize,
) -> Cow<'a, str> {
    let mut cells = Vec::new();
    Tokenizer::at(text, delimiter, starts[row])
        .next_record(&mut cells)
        .expect("record tokenised once already")
        .expect("record exists");
    cells.swap_remove(col)
}

/// `(start, end offset)` of each part, cut just after a line feed.
fn spans(text: &str, from: RecordStart, parts: Parts) -> Vec<(RecordStart, usize)> {
    let bytes = text.as_bytes();
    let data = &bytes[from.offset.min(bytes.len())..];
    let count = parts.parts.min(data.len() / parts.min_bytes.max(1));
    if count <= 1 || memchr::memchr(b'"', data).is_some() {
        return vec![(from, text.len())];
    }
    let mut spans = Vec::with_capacity(count);
    let mut start = from;
    for i in 1..count {
        let target = from.offset + data.len() * i / count;
        if target <= start.offset {
            continue;
        }
        let Some(lf) = memchr::memchr(b'\n', &bytes[target..]) else { break };
        let end = target + lf + 1;
        if end >= bytes.len() {
            break;
        }
        spans.push((start, end));
        start = RecordStart { line: start.line + count_line_ends(&bytes[start.offset..end]), offset: end };
    }
    spans.push((start, text.len()));
    spans
}

fn read_part(
    text: &str,
    end: usize,
    delimiter: u8,
    start: RecordStart,
    n_cols: usize,
    canon: &Canonicalisation,
    keep: Keep,
) -> Result<Rows, RowsError> {
    let mut tokens = Tokenizer::at(&text[..end], delimiter, start);
    let mut fields: Vec<Cow<'_, str>> = Vec::new();
    let mut builders: Vec<ColumnBuilder> = (0..n_cols).map(|_| ColumnBuilder::new(keep)).collect();
    let mut starts = Vec::new();
    let mut failure = None;
    while let Some(record) = tokens.next_record(&mut fields).map_err(RowsError::Quote)? {
        if fields.len() != n_cols {
            return Err(RowsError::Ragged { line: record.line, found: fields.len() });
        }
        let row = starts.len();
        starts.push(record);
        for (col, (builder, field)) in builders.iter_mut().zip(&fields).enumerate() {
            if let Err(p) = builder.push(field, row, record.line, canon) {
                failure.get_or_insert((col, p));
            }
        }
    }
    Ok(Rows { builders, starts, failure })
}
