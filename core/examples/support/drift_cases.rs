//! The drift benchmark's data, shared by the native (`drift_bench`) and wasm32 (`drift_wasm`) runs so
//! both time the very same rows: generated from `SeededRng` (ChaCha, fixed seeds).

use hearth_core::data::{CategoricalColumn, Column, ColumnData, NumericColumn, SeededRng, Table};

/// The cases: name, rows per side, float columns, small-integer columns, text columns, timed runs.
pub const CASES: [(&str, usize, usize, usize, usize, usize); 2] =
    [("10k_x9_numeric", 10_000, 9, 0, 0, 5), ("500k_x13", 500_000, 6, 3, 4, 3)];

/// Reference and current tables of case `i` (the current one drifts on some columns).
pub fn case_tables(i: usize) -> (Table, Table) {
    let (_, rows, nums, ints, texts, _) = CASES[i];
    (table(rows, nums, ints, texts, 1, 0.0), table(rows, nums, ints, texts, 2, 0.05))
}

fn numeric(name: String, values: Vec<f64>, integer: bool) -> Column {
    Column { name, data: ColumnData::Numeric(NumericColumn { values, integer }) }
}

pub fn table(
    rows: usize,
    numeric_cols: usize,
    small_ints: usize,
    texts: usize,
    seed: u64,
    shift: f64,
) -> Table {
    let mut rng = SeededRng::new(seed);
    let mut cols = Vec::new();
    for j in 0..numeric_cols {
        let scale = 10f64.powi(j as i32 % 5);
        let values =
            (0..rows).map(|_| (rng.normal() + shift * (j % 3) as f64) * scale + 3.0 * scale).collect();
        cols.push(numeric(format!("x{j}"), values, false));
    }
    for j in 0..small_ints {
        let k = 3 + j as u64;
        let values = (0..rows).map(|_| (rng.below(k) + u64::from(rng.chance(shift * 0.2))) as f64).collect();
        cols.push(numeric(format!("n{j}"), values, true));
    }
    let levels: Vec<String> =
        ["furnished", "semi-furnished", "unfurnished", "yes", "no"].map(String::from).to_vec();
    for j in 0..texts {
        let k = 2 + (j as u32 % 3);
        let codes = (0..rows).map(|_| Some(rng.below(k as u64) as u32)).collect();
        cols.push(Column {
            name: format!("c{j}"),
            data: ColumnData::Categorical(CategoricalColumn { codes, levels: levels[..k as usize].to_vec() }),
        });
    }
    Table::new(cols).unwrap()
}
