//! `hearth monitor performance --model NAME@ALIAS`: a champion trained by `hearth pipeline run` in
//! the workspace, then scored on next year's houses and drift-checked against its training profile.

#[allow(dead_code)] // this file uses part of the shared helpers
mod support;

use support::Ws;

const MODEL: &str = "house_price_prediction_prod";

/// Imports `csv` and trains on it through the binary; version 1 becomes `champion`.
fn train(ws: &Ws, csv: &std::path::Path) {
    ws.expect(0, &["data", "import", csv.to_str().unwrap()]);
    // This test is about monitoring, not the quality gate: any trained model registers.
    let run = ws.expect(0, &["--json", "pipeline", "run", "--param", "gate.min_r2=-1000000000"]).json();
    let shown = ws.expect(0, &["--json", "models", "show", MODEL]).json();
    assert_eq!(shown[0]["version"], 1, "run: {run}\nmodel: {shown}");
    assert_eq!(shown[0]["aliases"][0], "champion", "run: {run}\nmodel: {shown}");
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
