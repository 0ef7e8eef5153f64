//! Serving cost without a runtime: `ServedModel::respond` on the demo bundle for the bodies the edge
//! benchmark sends (MLflow `dataframe_records`: 1, 100 and 1,000 rows; and 100 rows as
//! `dataframe_split`), beside the cost of merely parsing the same body into a `serde_json::Value`
//! tree (what the full request reader starts with, and what the streaming reader avoids). The edge
//! figures (`cargo xtask bench --only serve`) add workerd, HTTP and the JS glue on top of this.
//! Run: `cargo bench -p hearth-core --bench serve` (writes the demo bundle with
//! `cargo run -p hearth-core --example bundle` first when missing).
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use hearth_core::registry::{Bundle, ModelBundle};
use hearth_core::serve::{ModelInfo, ServedModel, ServerInfo};
use serde_json::json;

fn bundle_bytes() -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/edge-test/demo.bundle");
    if !path.exists() {
        let status = std::process::Command::new(env!("CARGO"))
            .args(["run", "-q", "-p", "hearth-core", "--example", "bundle", "--"])
            .arg(&path)
            .status()
            .expect("cargo runs");
        assert!(status.success(), "building the demo bundle failed");
    }
    std::fs::read(&path).expect("demo bundle")
}

/// Median microseconds per call over `reps` calls, after a warm-up.
fn micros(reps: usize, mut f: impl FnMut()) -> f64 {
    for _ in 0..reps / 10 {
        f();
    }
    let mut t: Vec<f64> = (0..reps)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[reps / 2]
}

fn main() {
    let bundle: Bundle<ModelBundle> = Bundle::from_bytes(&bundle_bytes()).expect("a model bundle");
    let signature = bundle.content.signature.clone();
    let name = signature.model().to_string();
    let model = ServedModel::new(signature.for_model(&name, 1), bundle.content, ModelInfo::default());
    let server = ServerInfo { hearth_version: "bench".into(), server_url: None };
    let record = json!({
        "area": 7420, "bedrooms": 4, "bathrooms": 2, "stories": 3, "mainroad": "yes", "guestroom": "no",
        "basement": "no", "hotwaterheating": "no", "airconditioning": "yes", "parking": 2, "prefarea": "yes",
        "furnishingstatus": "furnished"
    });
    println!("{:<14} {:>12} {:>30}", "body", "respond µs", "serde_json::Value parse µs");
    let columns: Vec<&String> = record.as_object().unwrap().keys().collect();
    let values: Vec<&serde_json::Value> = record.as_object().unwrap().values().collect();
    let records = [1usize, 100, 1000].map(|rows| {
        (format!("{rows} records"), rows, json!({ "dataframe_records": vec![record.clone(); rows] }))
    });
    let split = json!({ "dataframe_split": { "columns": columns, "data": vec![values; 100] } });
    for (label, rows, body) in records.into_iter().chain([("100 split".to_string(), 100, split)]) {
        let body = serde_json::to_vec(&body).unwrap();
        let reply = model.respond(&server, "POST", "/invocations", Some("application/json"), &body).unwrap();
        assert_eq!(reply.status, 200, "{}", reply.body);
        let reps = if rows >= 1000 { 200 } else { 2000 };
        let whole = micros(reps, || {
            let r =
                model.respond(&server, "POST", "/invocations", Some("application/json"), black_box(&body));
            black_box(r);
        });
        let parse = micros(reps, || {
            black_box(serde_json::from_slice::<serde_json::Value>(black_box(&body)).unwrap());
        });
        println!("{label:<14} {whole:>12.1} {parse:>30.1}");
    }
}
