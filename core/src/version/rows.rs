//! Canonical row hashes: how a diff tells which rows were added or removed.
//!
//! A row is identified by the values of the compared columns, in the order given: a number is its
//! IEEE-754 bits (`-0` folded into `0`), a missing cell is a marker, a category is its canonical
//! text. Two rows with equal values hash equally whatever the row order or the file's formatting
//! (delimiter, quoting, CRLF), so diffs are about data, not bytes.

use crate::data::{ColumnData, Table};
use sha2::{Digest, Sha256};

/// A row's identity: the first 16 bytes of the SHA-256 of its canonical encoding (128 bits keep
/// collisions out of reach for any table that fits in memory, at half the size).
pub type RowHash = [u8; 16];

/// The hash of every row of `table`, using the named columns in the given order. Names that are not
/// columns of the table are skipped by the caller; here they are a programming error.
pub fn row_hashes(table: &Table, columns: &[&str]) -> Vec<RowHash> {
    let cols: Vec<&ColumnData> = columns
        .iter()
        .map(|n| &table.column(n).unwrap_or_else(|| panic!("row_hashes: no column `{n}`")).data)
        .collect();
    let mut buf = Vec::with_capacity(16 * cols.len());
    (0..table.n_rows())
        .map(|r| {
            buf.clear();
            for col in &cols {
                encode_cell(col, r, &mut buf);
            }
            let digest = Sha256::digest(&buf);
            let mut h = [0u8; 16];
            h.copy_from_slice(&digest[..16]);
            h
        })
        .collect()
}

fn encode_cell(col: &ColumnData, row: usize, buf: &mut Vec<u8>) {
    match col {
        ColumnData::Numeric(n) => {
            let v = n.values[row];
            if v.is_nan() {
                buf.push(b'M');
            } else {
                buf.push(b'N');
                let v = if v == 0.0 { 0.0 } else { v };
                buf.extend_from_slice(&v.to_bits().to_le_bytes());
            }
        }
        ColumnData::Categorical(c) => match c.codes[row] {
            None => buf.push(b'M'),
            Some(code) => {
                let text = c.levels[code as usize].as_bytes();
                buf.push(b'C');
                buf.extend_from_slice(&(text.len() as u32).to_le_bytes());
                buf.extend_from_slice(text);
            }
        },
    }
}

/// Rows only in `a` and rows only in `b`, counting duplicates (multiset difference).
pub fn multiset_difference(mut a: Vec<RowHash>, mut b: Vec<RowHash>) -> (usize, usize) {
    a.sort_unstable();
    b.sort_unstable();
    let (mut i, mut j, mut only_a, mut only_b) = (0, 0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => {
                only_a += 1;
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                only_b += 1;
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                i += 1;
                j += 1;
            }
        }
    }
    (only_a + a.len() - i, only_b + b.len() - j)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{CategoricalColumn, Column, NumericColumn};

    fn table(nums: Vec<f64>, cats: Vec<Option<u32>>, levels: &[&str]) -> Table {
        Table::new(vec![
            Column {
                name: "x".into(),
                data: ColumnData::Numeric(NumericColumn { values: nums, integer: false }),
            },
            Column {
                name: "c".into(),
                data: ColumnData::Categorical(CategoricalColumn {
                    codes: cats,
                    levels: levels.iter().map(|s| s.to_string()).collect(),
                }),
            },
        ])
        .unwrap()
    }

    #[test]
    fn equal_values_hash_equally_whatever_the_level_coding() {
        let a = table(vec![1.0, -0.0], vec![Some(0), Some(1)], &["no", "yes"]);
        let b = table(vec![1.0, 0.0], vec![Some(1), Some(0)], &["yes", "zzz"]);
        let (ha, hb) = (row_hashes(&a, &["x", "c"]), row_hashes(&b, &["x", "c"]));
        assert_eq!(ha[0], row_hashes(&table(vec![1.0], vec![Some(0)], &["no"]), &["x", "c"])[0]);
        assert_eq!(ha[1][..], row_hashes(&table(vec![0.0], vec![Some(0)], &["yes"]), &["x", "c"])[0][..]);
        assert_ne!(ha[0], hb[0], "`no` and `yes` differ");
    }

    #[test]
    fn missing_differs_from_every_value() {
        let t = table(vec![f64::NAN, 0.0], vec![None, None], &[]);
        let h = row_hashes(&t, &["x", "c"]);
        assert_ne!(h[0], h[1]);
    }

    #[test]
    fn multiset_difference_counts_duplicates() {
        let (x, y, z) = ([1u8; 16], [2u8; 16], [3u8; 16]);
        assert_eq!(multiset_difference(vec![x, x, y], vec![x, z, z]), (2, 2));
        assert_eq!(multiset_difference(vec![], vec![x]), (0, 1));
        assert_eq!(multiset_difference(vec![y, x], vec![x, y]), (0, 0));
    }
}
