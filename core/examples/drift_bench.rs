//! Drift benchmark (release build; timings are printed, never asserted):
//! `cargo run --release -p hearth-core --example drift_bench [-- --write-csv DIR]`
//!
//! Cases: 10k vs 10k rows × 9 numeric columns; 500k vs 500k rows × 13 housing-like columns
//! (6 float, 3 small-integer, 4 text). Data is generated from `SeededRng` (ChaCha, fixed seeds);
//! `--write-csv DIR` also writes it as CSV so Evidently can be timed on the very same rows.

use std::time::Instant;

use hearth_core::data::{write_csv, CategoricalColumn, Column, ColumnData, NumericColumn, SeededRng, Table};
use hearth_core::monitor::{data_drift, DriftOptions, ReferenceProfile};

fn numeric(name: String, values: Vec<f64>, integer: bool) -> Column {
    Column { name, data: ColumnData::Numeric(NumericColumn { values, integer }) }
}

fn table(rows: usize, numeric_cols: usize, small_ints: usize, texts: usize, seed: u64, shift: f64) -> Table {
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

fn median_secs(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut t: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64()
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[t.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let csv_dir = args.iter().position(|a| a == "--write-csv").map(|i| args[i + 1].clone());
    let cases = [("10k_x9_numeric", 10_000, 9, 0, 0, 5), ("500k_x13", 500_000, 6, 3, 4, 3)];
    for (name, rows, nums, ints, texts, runs) in cases {
        let reference = table(rows, nums, ints, texts, 1, 0.0);
        let current = table(rows, nums, ints, texts, 2, 0.05);
        if let Some(dir) = &csv_dir {
            std::fs::write(format!("{dir}/{name}_ref.csv"), write_csv(&reference)).unwrap();
            std::fs::write(format!("{dir}/{name}_cur.csv"), write_csv(&current)).unwrap();
        }
        let options = DriftOptions::default();
        let mut report = None;
        let full = median_secs(runs, || report = Some(data_drift(&reference, &current, &options).unwrap()));
        let profile = ReferenceProfile::from_table(&reference);
        let batch = median_secs(runs, || {
            profile.drift(&current, &options).unwrap();
        });
        let prof = median_secs(runs, || {
            ReferenceProfile::from_table(&current);
        });
        let cur_profile = ReferenceProfile::from_table(&current);
        let tests_only = median_secs(runs, || {
            profile.drift_against_profile(&cur_profile, &options).unwrap();
        });
        println!("  profile current {:.1} ms, tests on two profiles {:.1} ms", prof * 1e3, tests_only * 1e3);
        let r = report.unwrap();
        println!(
            "{name}: raw tables {:.1} ms, stored profile vs batch {:.1} ms ({} of {} columns drifted, tests: {})",
            full * 1e3,
            batch * 1e3,
            r.number_of_drifted_columns,
            r.number_of_columns,
            r.drift_by_columns.iter().map(|c| c.stattest.name()).collect::<Vec<_>>().join(",")
        );
    }
}
