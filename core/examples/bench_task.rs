//! Hearth's side of `cargo xtask bench` for the in-process comparisons: one task per process (so the
//! harness can read the process's peak RSS), timed around the same call the peer script times, with
//! the result printed as `key value` lines the harness parses (the peer scripts in `benches/peers/`
//! print the same keys). Reading the CSV files is outside the timing on both sides.
//!
//! - `bench_task train MODEL TRAIN.csv TEST.csv TARGET`: fits the preprocessor on TRAIN (median
//!   impute + standardise, one-hot), then times `fit` of MODEL (`linear`, `ridge`, `forest100`,
//!   `boosting`) and `predict` on TEST; prints `fit_s`, `predict_s`, `r2`, `mae`.
//! - `bench_task pipeline DATA.csv`: times the built-in default pipeline on DATA (memory store);
//!   prints `pipeline_s`, `outcome`, `test_r2`, `model_hash` (compared with `train_wasm`'s).
//! - `bench_task drift REF.csv CUR.csv`: times `data_drift` (Evidently's DataDriftPreset rules) on
//!   the two tables; prints `drift_s`, `drifted`, `columns` and `score COLUMN VALUE` per column.

#[path = "support/train_cases.rs"]
mod train_cases;

use hearth_core::data::{read_csv, ReadOptions, Table};
use hearth_core::monitor::{data_drift, DriftOptions};
use std::time::Instant;
use train_cases::{default_pipeline, FitCase};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["train", model, train, test, target] => bench_train(model, train, test, target),
        ["pipeline", csv] => bench_pipeline(csv),
        ["drift", reference, current] => bench_drift(reference, current),
        _ => fail(
            "usage: bench_task train MODEL TRAIN.csv TEST.csv TARGET | bench_task pipeline DATA.csv | \
             bench_task drift REF.csv CUR.csv",
        ),
    }
}

fn bench_train(model: &str, train: &str, test: &str, target: &str) {
    let case = FitCase::prepare(model, &read(train), &read(test), target).unwrap_or_else(|e| fail(&e));
    let t = Instant::now();
    let fitted = case.fit().unwrap_or_else(|e| fail(&e));
    let fit_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let predictions = case.predict(&fitted).unwrap_or_else(|e| fail(&e));
    let predict_s = t.elapsed().as_secs_f64();
    let (r2, mae) = case.score(&predictions);
    println!("fit_s {fit_s}");
    println!("predict_s {predict_s}");
    println!("r2 {r2}");
    println!("mae {mae}");
}

fn bench_pipeline(csv: &str) {
    let bytes = read(csv);
    let t = Instant::now();
    let outcome = default_pipeline(&bytes).unwrap_or_else(|e| fail(&e));
    let pipeline_s = t.elapsed().as_secs_f64();
    println!("pipeline_s {pipeline_s}");
    print!("{}", outcome.lines());
}

fn bench_drift(reference: &str, current: &str) {
    let (reference, current) = (load(reference), load(current));
    let t = Instant::now();
    let report = data_drift(&reference, &current, &DriftOptions::default())
        .unwrap_or_else(|e| fail(&format!("drift: {e}")));
    let drift_s = t.elapsed().as_secs_f64();
    println!("drift_s {drift_s}");
    println!("drifted {}", report.number_of_drifted_columns);
    println!("columns {}", report.number_of_columns);
    for column in &report.drift_by_columns {
        println!("score {} {}", column.column_name, column.drift_score);
    }
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| fail(&format!("{path}: {e}")))
}

fn load(path: &str) -> Table {
    read_csv(&read(path), &ReadOptions::named(path)).unwrap_or_else(|e| fail(&format!("{path}: {e}"))).table
}

fn fail(message: &str) -> ! {
    eprintln!("bench_task: {message}");
    std::process::exit(1)
}
