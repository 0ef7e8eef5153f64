//! Hearth's side of `cargo xtask bench` for the in-process comparisons: one task per process (so the
//! harness can read the process's peak RSS), timed around the same call the peer script times, with
//! the result printed as `key value` lines the harness parses (the peer scripts in `benches/peers/`
//! print the same keys). Reading the CSV files is outside the timing on both sides.
//!
//! - `bench_task train MODEL TRAIN.csv TEST.csv TARGET`: fits the preprocessor on TRAIN (median
//!   impute + standardise, one-hot), then times `fit` of MODEL (`linear`, `ridge`, `forest100`,
//!   `boosting`) and `predict` on TEST; prints `fit_s`, `predict_s`, `r2`, `mae`.
//! - `bench_task drift REF.csv CUR.csv`: times `data_drift` (Evidently's DataDriftPreset rules) on
//!   the two tables; prints `drift_s`, `drifted`, `columns` and `score COLUMN VALUE` per column.

use hearth_core::data::{read_csv, ReadOptions, Table};
use hearth_core::features::PreprocessorParams;
use hearth_core::monitor::{data_drift, DriftOptions};
use hearth_core::train::metrics::{ErrorMetrics, ExplainedVariance};
use hearth_core::train::{Fit, HgbParams, ModelKind, ModelSpec, Predict};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["train", model, train, test, target] => bench_train(model, train, test, target),
        ["drift", reference, current] => bench_drift(reference, current),
        _ => {
            fail("usage: bench_task train MODEL TRAIN.csv TEST.csv TARGET | bench_task drift REF.csv CUR.csv")
        }
    }
}

/// The model kinds the harness compares, named as the peer script names them.
fn model_kind(name: &str) -> ModelKind {
    match name {
        "linear" => ModelKind::Linear,
        "ridge" => ModelKind::Ridge { alpha: 1.0 },
        "forest100" => {
            ModelKind::RandomForest { n_trees: 100, max_depth: None, min_samples_leaf: 1, seed: 0 }
        }
        "boosting" => ModelKind::Hgb(HgbParams::default()),
        other => fail(&format!("unknown model `{other}` (expected linear, ridge, forest100 or boosting)")),
    }
}

fn bench_train(model: &str, train: &str, test: &str, target: &str) {
    let spec = ModelSpec::new(model_kind(model)).check().unwrap_or_else(|e| fail(&e.to_string()));
    let (train, test) = (load(train), load(test));
    let pre = PreprocessorParams::new(target)
        .check()
        .and_then(|p| p.fit(&train))
        .unwrap_or_else(|e| fail(&format!("preprocessor: {e}")));
    let (x, y) = (pre.transform(&train).unwrap(), pre.target(&train).unwrap());
    let (xt, yt) = (pre.transform(&test).unwrap(), pre.target(&test).unwrap());
    let t = Instant::now();
    let fitted = spec.fit(x.view(), &y).unwrap_or_else(|e| fail(&format!("fit: {e}")));
    let fit_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let predictions = fitted.predict(xt.view()).unwrap_or_else(|e| fail(&format!("predict: {e}")));
    let predict_s = t.elapsed().as_secs_f64();
    println!("fit_s {fit_s}");
    println!("predict_s {predict_s}");
    println!("r2 {}", predictions.r2(&yt));
    println!("mae {}", predictions.mean_absolute_error(&yt));
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

fn load(path: &str) -> Table {
    let bytes = std::fs::read(path).unwrap_or_else(|e| fail(&format!("{path}: {e}")));
    read_csv(&bytes, &ReadOptions::named(path)).unwrap_or_else(|e| fail(&format!("{path}: {e}"))).table
}

fn fail(message: &str) -> ! {
    eprintln!("bench_task: {message}");
    std::process::exit(1)
}
