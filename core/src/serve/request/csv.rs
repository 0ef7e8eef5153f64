//! `text/csv` bodies for `/invocations`: a header row naming the inputs, then one row per record
//! (RFC 4180 quoting, `\n` or `\r\n`, blank lines ignored), like `mlflow models serve` reads with pandas.
//!
//! Binding note: when `core/src/data`'s CSV reader exposes a record tokenizer, `records` should use it.

use super::empty_batch;
use crate::loc;
use crate::serve::batch::{Batch, BatchBuilder};
use crate::serve::cell::Raw;
use crate::serve::error::{ApiError, FieldError};
use crate::serve::limits::Limits;
use crate::serve::signature::Signature;

/// Parses and validates a CSV body: locations are `["body", <data row from 0>, <field>]`.
pub(crate) fn parse_csv(sig: &Signature, limits: &Limits, body: &[u8]) -> Result<Batch, ApiError> {
    let text =
        std::str::from_utf8(body).map_err(|e| ApiError::Malformed(format!("CSV body is not UTF-8: {e}")))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = records(text)?;
    if rows.is_empty() {
        return Err(ApiError::Malformed("CSV body is empty: it needs a header row naming the inputs".into()));
    }
    let header: Vec<String> = rows.remove(0).into_iter().map(|h| h.trim().to_owned()).collect();
    limits.check_rows(rows.len())?;
    let mut b = BatchBuilder::new(sig, rows.len());
    if rows.is_empty() {
        b.error(empty_batch(loc!["body"]));
    }
    let mut slots = Vec::with_capacity(header.len());
    for (j, name) in header.iter().enumerate() {
        let pos = sig.position(name);
        if pos.is_none() || header[..j].contains(name) {
            b.extra(name, Some(&name.as_str().into()), loc!["body", "header", name.as_str()]);
            slots.push(None);
        } else {
            slots.push(pos);
        }
    }
    for f in sig.fields() {
        if !header.contains(&f.name) {
            b.missing(loc!["body", "header", f.name.as_str()]);
        }
    }
    for (r, row) in rows.iter().enumerate() {
        if row.len() != header.len() {
            b.error(FieldError::new(
                loc!["body", r],
                "value_error",
                format!("CSV row has {} cells but the header names {}", row.len(), header.len()),
            ));
            continue;
        }
        for (cell, slot) in row.iter().zip(&slots) {
            if let Some(i) = *slot {
                b.set(r, i, Raw::Text(cell), || loc!["body", r, sig.fields()[i].name.as_str()]);
            }
        }
    }
    b.finish()
}

/// Splits CSV text into records of cells; blank lines are skipped.
fn records(text: &str) -> Result<Vec<Vec<String>>, ApiError> {
    let mut out = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut chars = text.chars().peekable();
    let mut line = 1usize;
    // Whether the current record has any content yet (so a blank line is not a record of one cell).
    let mut started = false;
    while let Some(c) = chars.next() {
        match c {
            '"' if cell.is_empty() => {
                started = true;
                let open_line = line;
                loop {
                    match chars.next() {
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            cell.push('"');
                        }
                        Some('"') => break,
                        Some(ch) => {
                            if ch == '\n' {
                                line += 1;
                            }
                            cell.push(ch);
                        }
                        None => {
                            return Err(ApiError::Malformed(format!(
                                "CSV quote opened on line {open_line} is never closed"
                            )))
                        }
                    }
                }
                if !matches!(chars.peek(), None | Some(',') | Some('\n') | Some('\r')) {
                    return Err(ApiError::Malformed(format!(
                        "CSV line {line}: text after a closing quote must be a comma or line end"
                    )));
                }
            }
            ',' => {
                started = true;
                row.push(std::mem::take(&mut cell));
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                if started {
                    row.push(std::mem::take(&mut cell));
                    out.push(std::mem::take(&mut row));
                }
                started = false;
                line += 1;
            }
            other => {
                started = true;
                cell.push(other);
            }
        }
    }
    if started {
        row.push(cell);
        out.push(row);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_cells_commas_and_crlf() {
        let r = records("a,b\r\n\"x, \"\"y\"\"\",2\r\n\r\n3,\n").unwrap();
        assert_eq!(r, vec![vec!["a", "b"], vec!["x, \"y\"", "2"], vec!["3", ""]]);
    }

    #[test]
    fn unclosed_quote_is_malformed() {
        assert_eq!(records("a\n\"x").unwrap_err().status(), 400);
        assert_eq!(records("a\n\"x\"y").unwrap_err().status(), 400);
    }
}
