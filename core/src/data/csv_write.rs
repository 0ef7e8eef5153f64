//! Canonical CSV text of a table: comma, LF, a header, minimal quoting, integers without `.0`,
//! reals in the shortest form that reads back to the same `f64`, missing as an empty cell. Equal
//! tables give equal bytes, which is what versions hash.

use std::fmt::Write;

use super::{ColumnData, Table};

/// Writes `table` as canonical CSV.
pub fn write_csv(table: &Table) -> String {
    let mut out = String::with_capacity(16 * (table.n_rows() + 1) * table.n_cols().max(1));
    for (i, name) in table.names().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_text(&mut out, name);
    }
    out.push('\n');
    for row in 0..table.n_rows() {
        for (i, col) in table.columns().iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            match &col.data {
                ColumnData::Numeric(n) => push_number(&mut out, n.values[row], n.integer),
                ColumnData::Categorical(c) => {
                    if let Some(code) = c.codes[row] {
                        push_text(&mut out, &c.levels[code as usize]);
                    }
                }
            }
        }
        out.push('\n');
    }
    out
}

/// Appends a number; `NaN` (missing) writes nothing.
pub(crate) fn push_number(out: &mut String, value: f64, integer: bool) {
    if value.is_nan() {
        return;
    }
    if integer && value.abs() < 9.2e18 {
        push_integer(out, value as i64);
    } else {
        // `Display` for f64 is the shortest text that parses back to the same value.
        let _ = write!(out, "{value}");
    }
}

/// Appends an integer in decimal; hand-rolled because `fmt` machinery dominates export time.
fn push_integer(out: &mut String, value: i64) {
    let mut digits = [0u8; 20];
    let mut n = value.unsigned_abs();
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if value < 0 {
        out.push('-');
    }
    out.push_str(std::str::from_utf8(&digits[i..]).expect("ASCII digits"));
}

/// Appends text, quoted only when it holds a comma, quote or line break, or would otherwise be
/// read back differently (leading/trailing spaces, empty).
fn push_text(out: &mut String, text: &str) {
    let needs_quotes = text.is_empty()
        || text.contains([',', '"', '\n', '\r'])
        || text.starts_with([' ', '\t'])
        || text.ends_with([' ', '\t']);
    if needs_quotes {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{read_csv, CategoricalColumn, Column, NumericColumn, ReadOptions};

    fn table() -> Table {
        Table::new(vec![
            Column {
                name: "price".into(),
                data: ColumnData::Numeric(NumericColumn {
                    values: vec![13_300_000.0, f64::NAN],
                    integer: true,
                }),
            },
            Column {
                name: "ratio".into(),
                data: ColumnData::Numeric(NumericColumn { values: vec![0.1, 1e-7], integer: false }),
            },
            Column {
                name: "note".into(),
                data: ColumnData::Categorical(CategoricalColumn {
                    codes: vec![Some(1), None],
                    levels: vec!["a".into(), "say \"hi\", then".into()],
                }),
            },
        ])
        .unwrap()
    }

    #[test]
    fn writes_minimal_canonical_text() {
        assert_eq!(
            write_csv(&table()),
            "price,ratio,note\n13300000,0.1,\"say \"\"hi\"\", then\"\n,0.0000001,\n"
        );
    }

    #[test]
    fn integers_are_written_exactly() {
        let mut s = String::new();
        for v in [0.0, -7.0, 13_300_000.0, 9_007_199_254_740_991.0, -9.1e18] {
            push_number(&mut s, v, true);
            s.push(' ');
        }
        assert_eq!(s, "0 -7 13300000 9007199254740991 -9100000000000000000 ");
    }

    #[test]
    fn reading_written_text_gives_the_same_table() {
        let t = table();
        let back = read_csv(write_csv(&t).as_bytes(), &ReadOptions::default()).unwrap().table;
        assert_eq!(write_csv(&back), write_csv(&t));
        let ColumnData::Numeric(r) = &back.column("ratio").unwrap().data else { panic!() };
        assert_eq!(r.values, [0.1, 1e-7]);
    }
}
