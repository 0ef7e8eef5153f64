//! `hearth monitor performance --model NAME@ALIAS`: a model trained by core's built-in pipeline into
//! the workspace's own filesystem store (until `hearth pipeline run` lands on main, the test trains
//! through the library, with the workspace's signing key), then scored and drift-checked by the binary.

#[allow(dead_code)] // this file uses part of the shared helpers
mod support;

#[allow(dead_code)]
#[path = "../src/block_on.rs"]
mod block_on;
#[allow(dead_code)]
#[path = "../src/fs_store.rs"]
mod fs_store;

use block_on::block_on;
use hearth_core::pipeline::training::{training_pipeline, CsvBytes};
use hearth_core::pipeline::DEFAULT_DEFINITION_TOML;
use hearth_core::pipeline::{
    run_tracked, Executor, PipelineDefinition, RunLabels, RunOutcome, SimulatedTime,
};
use hearth_core::registry::{BundleSigningKey, Registry};
use support::Ws;

const MODEL: &str = "house_price_prediction_prod";

/// Trains on `csv` into the workspace store and registers version 1 as `champion`.
fn train(ws: &Ws, csv: &std::path::Path) {
    let store = fs_store::FsStore::open(ws.path(".hearth/store")).unwrap();
    let seed = std::fs::read_to_string(ws.path(".hearth/signing.key")).unwrap();
    let key = BundleSigningKey::from_seed_hex(seed.trim()).unwrap();
    let source = CsvBytes { name: "HousingData-old.csv".into(), bytes: std::fs::read(csv).unwrap() };
    // This test is about monitoring, not the quality gate: any trained model registers.
    let text = DEFAULT_DEFINITION_TOML.replace("min_r2 = 0.65", "min_r2 = -1e9");
    let definition = PipelineDefinition::from_toml(&text).unwrap();
    let time = SimulatedTime::starting_at(1_700_000_000_000);
    let now = || 1_700_000_000_000u64;
    let pipeline = training_pipeline(definition, &source, &store, &key, &now).unwrap();
    let registry = Registry::new(&store);
    let mut executor = Executor::new(&store, &time, &time);
    let (report, _) =
        block_on(run_tracked(&mut executor, &registry, &time, &pipeline, RunLabels::default())).unwrap();
    assert_eq!(report.outcome, RunOutcome::Succeeded);
    assert_eq!(block_on(registry.alias(MODEL, "champion")).unwrap(), Some(1));
}

#[test]
fn a_champion_scores_new_data_and_is_checked_for_drift_against_its_training_profile() {
    const TEST: &str = "a_champion_scores_new_data_and_is_checked_for_drift_against_its_training_profile";
    let Some(old) = hearth_testdata::shared_file(TEST, "HousingData-old.csv") else { return };
    let Some(new) = hearth_testdata::shared_file(TEST, "HousingData-new.csv") else { return };
    let ws = Ws::new();
    train(&ws, &old);
    let model = format!("{MODEL}@champion");
    let run = ws.expect(0, &["--json", "monitor", "performance", new.to_str().unwrap(), "--model", &model]);
    let result = run.json();
    assert_eq!(
        (result["target"].as_str(), result["model"].as_str()),
        (Some("price"), Some("house_price_prediction_prod version 1"))
    );
    let q = &result["quality"];
    assert_eq!(q["rows"], 409);
    let r2 = q["r2_score"].as_f64().unwrap();
    assert!(r2 > 0.3 && r2 < 1.0, "R² on next year's houses: {r2}");
    // The training rows are a 80 % subset of the old file, so the new file's price still drifts.
    let drift = &result["drift"];
    let price =
        drift["drift_by_columns"].as_array().unwrap().iter().find(|c| c["column_name"] == "price").unwrap();
    assert_eq!(price["drift_detected"], true, "{price}");
    assert_eq!(drift["dataset_drift"], false);
    // Drift share 0.2 makes the same three columns dataset drift: exit 7 with --fail-on-drift.
    let args = [
        "monitor",
        "performance",
        new.to_str().unwrap(),
        "--model",
        &model,
        "--fail-on-drift",
        "--drift-share",
        "0.2",
    ];
    assert!(ws.expect(7, &args).stderr.contains("dataset drift detected"));
    let unknown =
        ws.expect(4, &["monitor", "performance", new.to_str().unwrap(), "--model", "nope@champion"]);
    assert!(unknown.stderr.contains("nope"), "{}", unknown.stderr);
}
