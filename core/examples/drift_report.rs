//! Writes a drift report (JSON + self-contained HTML) for two CSV files.
//!
//! `cargo run -p hearth-core --example drift_report -- REF.csv CUR.csv OUT_PREFIX`
//! writes `OUT_PREFIX.json` and `OUT_PREFIX.html`.

use hearth_core::data::{read_csv, ReadOptions};
use hearth_core::monitor::{data_drift, render_html, DriftOptions, HtmlReport};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [reference, current, out] = args.as_slice() else {
        eprintln!("usage: drift_report REF.csv CUR.csv OUT_PREFIX");
        std::process::exit(2);
    };
    let read = |p: &str| read_csv(&std::fs::read(p).unwrap(), &ReadOptions::named(p)).unwrap().table;
    let report = data_drift(&read(reference), &read(current), &DriftOptions::default()).unwrap();
    let title = format!("Data drift: {} → {}", file_name(reference), file_name(current));
    let subtitle = "Reference vs current, Evidently DataDriftPreset rules";
    let html = render_html(&HtmlReport { title: &title, subtitle, drift: Some(&report), quality: None });
    std::fs::write(format!("{out}.json"), serde_json::to_string_pretty(&report).unwrap()).unwrap();
    std::fs::write(format!("{out}.html"), &html).unwrap();
    println!(
        "{} of {} columns drifted, dataset drift: {}; HTML {} bytes",
        report.number_of_drifted_columns,
        report.number_of_columns,
        report.dataset_drift,
        html.len()
    );
}

fn file_name(p: &str) -> &str {
    p.rsplit('/').next().unwrap_or(p)
}
