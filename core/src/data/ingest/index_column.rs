//! Recognises row-index columns (what `pandas.to_csv` writes by default), which must never become
//! model features: they carry row order, not information, and leak it into the model.

use crate::data::ColumnData;

/// Names that mark a column as a possible row index (compared lower-case).
const INDEX_NAMES: &[&str] = &["id", "index", "idx", "row", "rowid", "row_id", "row_number", "#", "unnamed"];

/// True when the column is a row index: named like one (empty, `Unnamed: N`, `id`, `index`, ...) and
/// holding exactly the integers 0..n-1 or 1..n (in any order, each once).
pub(super) fn is_row_index(name: &str, data: &ColumnData) -> bool {
    named_like_index(name) && holds_row_numbers(data)
}

fn named_like_index(name: &str) -> bool {
    let lower = name.trim().to_lowercase();
    let pandas_unnamed = lower
        .strip_prefix("unnamed: ")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    lower.is_empty() || pandas_unnamed || INDEX_NAMES.contains(&lower.as_str())
}

fn holds_row_numbers(data: &ColumnData) -> bool {
    let ColumnData::Numeric(n) = data else { return false };
    if !n.integer || n.values.is_empty() {
        return false;
    }
    let len = n.values.len();
    let base = n.values.iter().copied().fold(f64::INFINITY, f64::min);
    if base != 0.0 && base != 1.0 {
        return false;
    }
    let mut seen = vec![false; len];
    n.values.iter().all(|&v| {
        let slot = v - base;
        if !(0.0..len as f64).contains(&slot) {
            return false;
        }
        !std::mem::replace(&mut seen[slot as usize], true)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::NumericColumn;

    fn ints(v: &[f64]) -> ColumnData {
        ColumnData::Numeric(NumericColumn { values: v.to_vec(), integer: true })
    }

    #[test]
    fn pandas_index_columns_are_recognised() {
        assert!(is_row_index("", &ints(&[0.0, 1.0, 2.0])));
        assert!(is_row_index("Unnamed: 0", &ints(&[0.0, 1.0, 2.0])));
        assert!(is_row_index("ID", &ints(&[3.0, 1.0, 2.0])));
        assert!(is_row_index("index", &ints(&[1.0, 2.0, 3.0])));
    }

    #[test]
    fn real_features_and_gappy_ids_are_kept() {
        assert!(!is_row_index("area", &ints(&[0.0, 1.0, 2.0])));
        assert!(!is_row_index("id", &ints(&[1.0, 2.0, 2.0])));
        assert!(!is_row_index("id", &ints(&[1.0, 2.0, 4.0])));
        assert!(!is_row_index("id", &ints(&[5.0, 6.0, 7.0])));
        assert!(!is_row_index(
            "id",
            &ColumnData::Numeric(NumericColumn { values: vec![0.0, 1.0], integer: false })
        ));
    }
}
