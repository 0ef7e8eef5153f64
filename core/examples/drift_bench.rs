//! Drift benchmark (release build; timings are printed, never asserted):
//! `cargo run --release -p hearth-core --example drift_bench [-- --write-csv DIR]`
//!
//! Cases: 10k vs 10k rows × 9 numeric columns; 500k vs 500k rows × 13 housing-like columns
//! (6 float, 3 small-integer, 4 text). Data is generated from `SeededRng` (ChaCha, fixed seeds);
//! `--write-csv DIR` also writes it as CSV so Evidently can be timed on the very same rows.

use std::time::Instant;

#[path = "support/drift_cases.rs"]
mod drift_cases;
use drift_cases::{case_tables, CASES};

use hearth_core::data::write_csv;
use hearth_core::monitor::{data_drift, DriftOptions, ReferenceProfile};

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
    for (i, (name, _, _, _, _, runs)) in CASES.into_iter().enumerate() {
        let (reference, current) = case_tables(i);
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
