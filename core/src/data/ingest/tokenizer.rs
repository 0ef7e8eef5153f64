//! Splits CSV text into records of fields in one pass, borrowing from the input: a field is copied
//! only when it contains escaped quotes (`""`). Handles quoted delimiters and newlines, CRLF / LF /
//! CR line ends and blank lines (skipped, like pandas).

use std::borrow::Cow;

/// Where a record starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct RecordStart {
    /// 1-based line of the file.
    pub line: usize,
    /// Byte offset in the text.
    pub offset: usize,
}

/// A malformed quoted field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum QuoteError {
    /// A quote opened on `line` is never closed.
    Unclosed { line: usize },
    /// Text follows a closing quote on `line` (e.g. `"abc"x`).
    TextAfterQuote { line: usize },
}

impl QuoteError {
    /// The line and a sentence for the user.
    pub fn describe(&self) -> (usize, String) {
        match self {
            QuoteError::Unclosed { line } => {
                (*line, "a quoted field opened here is never closed; expected a closing \"".into())
            }
            QuoteError::TextAfterQuote { line } => (
                *line,
                "text after the closing quote of a field; expected a delimiter or the end of the line \
                 (write a literal quote as \"\")"
                    .into(),
            ),
        }
    }
}

/// A cursor over CSV text.
pub(super) struct Tokenizer<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
    delimiter: u8,
}

impl<'a> Tokenizer<'a> {
    /// Starts at the beginning of `text` (line 1).
    pub fn new(text: &'a str, delimiter: u8) -> Self {
        Tokenizer { text, pos: 0, line: 1, delimiter }
    }

    /// Starts at a known record start, e.g. to re-read one column of earlier records.
    pub fn at(text: &'a str, delimiter: u8, start: RecordStart) -> Self {
        Tokenizer { text, pos: start.offset, line: start.line, delimiter }
    }

    /// Where the next record would start (after the header, say), to read the rest in parts.
    pub fn position(&self) -> RecordStart {
        RecordStart { line: self.line, offset: self.pos }
    }

    /// Reads the next non-blank record into `fields` (cleared first); `None` at the end.
    pub fn next_record(&mut self, fields: &mut Vec<Cow<'a, str>>) -> Result<Option<RecordStart>, QuoteError> {
        fields.clear();
        let bytes = self.text.as_bytes();
        while self.pos < bytes.len() && matches!(bytes[self.pos], b'\n' | b'\r') {
            self.consume_line_end();
        }
        if self.pos >= bytes.len() {
            return Ok(None);
        }
        let start = RecordStart { line: self.line, offset: self.pos };
        loop {
            let quoted_at = self.quote_ahead();
            let field = match quoted_at {
                Some(q) => self.quoted_field(q)?,
                None => self.unquoted_field(),
            };
            fields.push(field);
            match bytes.get(self.pos) {
                None => return Ok(Some(start)),
                Some(&b) if b == self.delimiter => self.pos += 1,
                Some(b'\n' | b'\r') => {
                    self.consume_line_end();
                    return Ok(Some(start));
                }
                Some(_) => return Err(QuoteError::TextAfterQuote { line: self.line }),
            }
        }
    }

    /// Position of the opening quote if the field at `pos` is quoted (spaces before it allowed).
    fn quote_ahead(&self) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let mut p = self.pos;
        while p < bytes.len() && bytes[p] == b' ' && self.delimiter != b' ' {
            p += 1;
        }
        (p < bytes.len() && bytes[p] == b'"').then_some(p)
    }

    fn unquoted_field(&mut self) -> Cow<'a, str> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let d = self.delimiter;
        let mut p = start;
        while p < bytes.len() {
            let b = bytes[p];
            if b == d || b == b'\n' || b == b'\r' {
                break;
            }
            p += 1;
        }
        self.pos = p;
        Cow::Borrowed(&self.text[start..p])
    }

    fn quoted_field(&mut self, quote: usize) -> Result<Cow<'a, str>, QuoteError> {
        let bytes = self.text.as_bytes();
        let open_line = self.line;
        let mut p = quote + 1;
        let mut segment = p;
        let mut owned: Option<String> = None;
        loop {
            let Some(rel) = memchr::memchr(b'"', &bytes[p..]) else {
                return Err(QuoteError::Unclosed { line: open_line });
            };
            let q = p + rel;
            self.line += count_line_ends(&bytes[p..q]);
            if bytes.get(q + 1) == Some(&b'"') {
                owned.get_or_insert_with(String::new).push_str(&self.text[segment..=q]);
                p = q + 2;
                segment = p;
                continue;
            }
            let field = match owned {
                Some(mut s) => {
                    s.push_str(&self.text[segment..q]);
                    Cow::Owned(s)
                }
                None => Cow::Borrowed(&self.text[segment..q]),
            };
            p = q + 1;
            while p < bytes.len() && bytes[p] == b' ' && self.delimiter != b' ' {
                p += 1;
            }
            self.pos = p;
            return Ok(field);
        }
    }

    fn consume_line_end(&mut self) {
        let bytes = self.text.as_bytes();
        if bytes[self.pos] == b'\r' && bytes.get(self.pos + 1) == Some(&b'\n') {
            self.pos += 1;
        }
        self.pos += 1;
        self.line += 1;
    }
}

/// Line ends in `bytes`: `\n`, `\r\n` and a lone `\r` each count once.
pub(super) fn count_line_ends(bytes: &[u8]) -> usize {
    let lf = memchr::memchr_iter(b'\n', bytes).count();
    let lone_cr = memchr::memchr_iter(b'\r', bytes).filter(|&i| bytes.get(i + 1) != Some(&b'\n')).count();
    lf + lone_cr
}

/// Picks the delimiter from the first record: the most frequent of comma, semicolon and tab outside
/// quotes (ties prefer that order); comma when none occurs.
pub(super) fn detect_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut in_quotes = false;
    for &b in text.as_bytes() {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' | b'\r' if !in_quotes => break,
            b',' if !in_quotes => counts[0] += 1,
            b';' if !in_quotes => counts[1] += 1,
            b'\t' if !in_quotes => counts[2] += 1,
            _ => {}
        }
    }
    let candidates = [b',', b';', b'\t'];
    let best = (0..3).fold(0, |best, i| if counts[i] > counts[best] { i } else { best });
    candidates[best]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(text: &str, d: u8) -> Result<Vec<(usize, Vec<String>)>, QuoteError> {
        let mut t = Tokenizer::new(text, d);
        let mut fields = Vec::new();
        let mut out = Vec::new();
        while let Some(start) = t.next_record(&mut fields)? {
            out.push((start.line, fields.iter().map(|f| f.to_string()).collect()));
        }
        Ok(out)
    }

    #[test]
    fn splits_plain_records_with_any_line_end() {
        let r = records("a,b\r\n1,2\n3,4\r5,6", b',').unwrap();
        let fields: Vec<_> = r.iter().map(|(_, f)| f.join("|")).collect();
        assert_eq!(fields, ["a|b", "1|2", "3|4", "5|6"]);
        assert_eq!(r.iter().map(|(l, _)| *l).collect::<Vec<_>>(), [1, 2, 3, 4]);
    }

    #[test]
    fn quoted_fields_keep_delimiters_newlines_and_escaped_quotes() {
        let r = records("a,b\n\"x, \"\"y\"\"\",\"line1\r\nline2\"\nlast,1\n", b',').unwrap();
        assert_eq!(r[1].1, ["x, \"y\"", "line1\r\nline2"]);
        assert_eq!(r[2], (4, vec!["last".to_string(), "1".to_string()]));
    }

    #[test]
    fn blank_lines_are_skipped_and_trailing_delimiter_is_an_empty_field() {
        let r = records("a,b\n\n1,\n\n", b',').unwrap();
        assert_eq!(r, [(1, vec!["a".into(), "b".into()]), (3, vec!["1".into(), "".into()])]);
    }

    #[test]
    fn unclosed_quote_names_the_opening_line() {
        assert_eq!(records("a,b\n1,\"oops\n2,3\n", b','), Err(QuoteError::Unclosed { line: 2 }));
    }

    #[test]
    fn text_after_closing_quote_is_an_error() {
        assert_eq!(records("a,b\n\"x\"y,1\n", b','), Err(QuoteError::TextAfterQuote { line: 2 }));
    }

    #[test]
    fn detects_comma_semicolon_and_tab() {
        assert_eq!(detect_delimiter("a,b,c\n1;2"), b',');
        assert_eq!(detect_delimiter("a;b;\"c,d\"\n"), b';');
        assert_eq!(detect_delimiter("a\tb\tc"), b'\t');
        assert_eq!(detect_delimiter("just words"), b',');
    }
}
