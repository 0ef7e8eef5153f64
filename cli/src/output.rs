//! Human tables or machine JSON, chosen once by `--json`. Results go to stdout, errors and progress
//! to stderr, so `--json` output can always be piped into `jq`.

use crate::exit::CliError;
use serde::Serialize;
use std::io::{IsTerminal, Write};

/// How results are printed.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    json: bool,
}

impl Output {
    /// JSON when `json`, tables otherwise.
    pub fn new(json: bool) -> Self {
        Self { json }
    }

    /// Whether `--json` was given.
    pub fn is_json(&self) -> bool {
        self.json
    }

    /// Prints `value` as pretty JSON when `--json`, else calls `human`.
    pub fn result<T: Serialize>(&self, value: &T, human: impl FnOnce() -> String) {
        let text =
            if self.json { serde_json::to_string_pretty(value).expect("results serialise") } else { human() };
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{}", text.trim_end_matches('\n'));
    }

    /// Reports a failure on stderr (as `{"error": {...}}` when `--json`).
    pub fn error(&self, e: &CliError) {
        if self.json {
            let v =
                serde_json::json!({"error": {"kind": e.kind, "code": e.kind as i32, "message": e.message}});
            eprintln!("{v}");
        } else {
            eprintln!("error: {}", e.message);
        }
    }

    /// A progress line on stderr, only for humans at a terminal (never pollutes JSON or logs).
    pub fn progress(&self, line: &str) {
        if !self.json && std::io::stderr().is_terminal() {
            eprint!("\r\x1b[2K{line}");
            let _ = std::io::stderr().flush();
        }
    }

    /// Ends a progress line.
    pub fn progress_done(&self) {
        if !self.json && std::io::stderr().is_terminal() {
            eprint!("\r\x1b[2K");
        }
    }
}

/// Renders rows as an aligned text table with a header line.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            if i < widths.len() {
                widths[i] = widths[i].max(c.chars().count());
            }
        }
    }
    let line = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                s.push_str(c);
            } else {
                s.push_str(&format!("{c:<w$}  ", w = widths[i]));
            }
        }
        s.trim_end().to_string()
    };
    let mut text = line(header.to_vec());
    text.push('\n');
    for r in rows {
        text.push_str(&line(r.iter().map(String::as_str).collect()));
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_aligns_columns_to_the_widest_cell() {
        let t = table(&["id", "rows"], &[vec!["abc".into(), "5".into()], vec!["a".into(), "545".into()]]);
        assert_eq!(t, "id   rows\nabc  5\na    545\n");
    }
}
