//! `hearth pipeline run`, `runs`, `models`, `predict` and `key` through the built binary, each test
//! in its own temporary workspace.

mod support;

use serde_json::Value;
use support::Ws;

const MODEL: &str = "house_price_prediction_prod";
const GATE_FAILED: i32 = 6;
const INVALID_INPUT: i32 = 3;

/// HousingData.csv without its `price` column: what a caller sends to predict.
fn without_price(csv: &str, rows: usize) -> String {
    csv.lines().take(rows + 1).map(|l| l.split_once(',').unwrap().1.to_string() + "\n").collect()
}

fn task_states(summary: &Value) -> Vec<(String, String)> {
    summary["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["name"].as_str().unwrap().to_string(), t["state"].as_str().unwrap().to_string()))
        .collect()
}

fn state_of(summary: &Value, task: &str) -> String {
    task_states(summary).into_iter().find(|(n, _)| n == task).unwrap().1
}

#[test]
fn housing_pipeline_promotes_a_gated_champion_caches_a_rerun_and_predicts_from_csv_and_json() {
    let test = "housing_pipeline_promotes_a_gated_champion_caches_a_rerun_and_predicts_from_csv_and_json";
    let Some(path) = hearth_testdata::shared_file(test, "HousingData.csv") else { return };
    let ws = Ws::new();
    ws.expect(0, &["data", "import", path.to_str().unwrap(), "--message", "housing"]);

    // The default gate asks for R² ≥ 0.65; this test is about the flow, so it asks for 0.6.
    let first = ws.expect(0, &["--json", "pipeline", "run", "--param", "gate.min_r2=0.6"]).json();
    let candidates = first["candidates"].as_array().unwrap();
    assert!(candidates.len() >= 3, "several candidates: {candidates:?}");
    assert_eq!(candidates.iter().filter(|c| c["chosen"] == true).count(), 1);
    let evaluation = &first["evaluation"];
    assert_eq!(evaluation["test_rows"], 109, "64/16/20 of 545 rows leaves 109 test rows");
    let m = &evaluation["metrics"];
    for k in ["mae", "mse", "rmse", "r2", "mape"] {
        assert!(m[k].as_f64().unwrap().is_finite(), "{k}: {m}");
    }
    let (mae, rmse, r2) =
        (m["mae"].as_f64().unwrap(), m["rmse"].as_f64().unwrap(), m["r2"].as_f64().unwrap());
    assert!((rmse * rmse - m["mse"].as_f64().unwrap()).abs() < 1e-6 * rmse * rmse);
    println!("HousingData, seed 42, 64/16/20 split: test MAE {mae:.0}, RMSE {rmse:.0}, R² {r2:.4}");
    assert!(r2 > 0.6, "test R² {r2}");
    assert_eq!(first["gate"]["decision"]["passed"], true);
    assert_eq!(first["registered"]["version"], 1);
    assert_eq!(first["champion"], 1);
    let models = ws.expect(0, &["--json", "models", "list"]).json();
    assert_eq!(models[0]["name"], MODEL);
    assert_eq!(models[0]["champion"], 1);

    // Same data, same params: validate, split and train are served from the cache; the equal
    // candidate cannot beat the champion, which is a gate failure (exit 6), registry unchanged.
    let again = ws.expect(GATE_FAILED, &["--json", "pipeline", "run", "--param", "gate.min_r2=0.6"]);
    let second = again.json();
    for step in ["validate", "split", "train"] {
        assert_eq!(state_of(&second, step), "skipped", "{step} should be cached: {:?}", task_states(&second));
    }
    assert_eq!(second["evaluation"]["metrics"], first["evaluation"]["metrics"]);
    assert!(again.stderr.contains("quality gate rejected"), "{}", again.stderr);
    assert_eq!(ws.expect(0, &["--json", "models", "list"]).json(), models, "registry unchanged");

    // Runs are tracked and comparable.
    let runs = ws.expect(0, &["--json", "runs", "list"]).json();
    assert_eq!(runs.as_array().unwrap().len(), 2);
    let (a, b) = (runs[0]["id"].as_str().unwrap(), runs[1]["id"].as_str().unwrap());
    let shown = ws.expect(0, &["--json", "runs", "show", &a[..8]]).json();
    assert_eq!(shown["metrics"]["test_r2"][0]["value"].as_f64().unwrap(), r2);
    let compared = ws.expect(0, &["runs", "compare", a, b]);
    assert!(compared.stdout.contains("params: identical"), "{}", compared.stdout);

    // Predictions by alias: a CSV of three houses and the first one again as a JSON record agree.
    let csv = std::fs::read_to_string(&path).unwrap();
    let input = ws.write("houses.csv", without_price(&csv, 3).as_bytes());
    let champion = format!("{MODEL}@champion");
    let from_csv = ws.expect(0, &["--json", "predict", "--model", &champion, input.to_str().unwrap()]).json();
    let predictions = from_csv["predictions"].as_array().unwrap();
    assert_eq!(predictions.len(), 3);
    let record = r#"{"area": 7420, "bedrooms": 4, "bathrooms": 2, "stories": 3, "mainroad": "yes",
        "guestroom": "no", "basement": "no", "hotwaterheating": "no", "airconditioning": "yes",
        "parking": 2, "prefarea": "yes", "furnishingstatus": "furnished"}"#;
    let from_json = ws.expect(0, &["--json", "predict", "--model", &format!("{MODEL}/1"), record]).json();
    assert_eq!(from_json["predictions"][0], predictions[0], "same house, same prediction");

    // Bad input names the column and exits 3.
    let bad = ws.write("bad.csv", without_price(&csv, 2).replacen("7420", "lots", 1).as_bytes());
    let refused = ws.expect(INVALID_INPUT, &["predict", "--model", &champion, bad.to_str().unwrap()]);
    assert!(refused.stderr.contains("area") && refused.stderr.contains("integer"), "{}", refused.stderr);
    let unknown =
        ws.expect(INVALID_INPUT, &["predict", "--model", &champion, r#"{"area": 1, "colour": "red"}"#]);
    assert!(unknown.stderr.contains("colour"), "{}", unknown.stderr);

    // The signed bundle exports and names the key that verifies it.
    let exported = ws.expect(0, &["--json", "models", "export", &champion, "champion.json"]).json();
    let key = ws.expect(0, &["key", "export"]).stdout;
    assert_eq!(exported["public_key"].as_str().unwrap(), key.trim());
    let bundle: Value = serde_json::from_slice(&std::fs::read(ws.path("champion.json")).unwrap()).unwrap();
    assert_eq!(bundle["hash"], exported["bundle_hash"]);
}

#[test]
fn an_impossible_gate_is_a_normal_rejection_exit_6_with_the_registry_unchanged() {
    let ws = Ws::new();
    ws.expect(0, &["data", "sample", "--rows", "300", "--seed", "5", "--out", "sample.csv"]);
    let before = ws.expect(0, &["--json", "models", "list"]).stdout;
    let run =
        ws.expect(GATE_FAILED, &["pipeline", "run", "--data", "sample.csv", "--param", "gate.min_r2=0.9999"]);
    for metric in ["MAE", "MSE", "RMSE", "R²", "MAPE"] {
        assert!(run.stdout.lines().any(|l| l.starts_with(metric)), "no {metric} row:\n{}", run.stdout);
    }
    assert!(run.stdout.contains("quality gate: REJECTED"), "{}", run.stdout);
    assert!(run.stdout.contains("failed: R²") && run.stdout.contains("minimum 0.9999"), "{}", run.stdout);
    assert!(run.stdout.contains("registry unchanged"), "{}", run.stdout);
    assert!(run.stderr.contains("train     success"), "live task states on stderr:\n{}", run.stderr);
    assert!(run.stderr.contains("register  skipped"), "{}", run.stderr);
    assert!(run.stderr.contains("error: quality gate rejected the candidate"), "{}", run.stderr);
    assert_eq!(ws.expect(0, &["--json", "models", "list"]).stdout, before);
    assert_eq!(before.trim(), "[]");
}

#[test]
fn a_rollback_promotion_goes_through_the_gate_against_the_current_champion() {
    let ws = Ws::new();
    // Two datasets where the second trains a better model than the first on the first's test rows.
    ws.expect(0, &["data", "sample", "--rows", "120", "--seed", "1", "--out", "small.csv"]);
    ws.expect(0, &["data", "sample", "--rows", "1500", "--seed", "1", "--out", "large.csv"]);
    let v1 = ws
        .expect(0, &["--json", "pipeline", "run", "--data", "small.csv", "--param", "gate.min_r2=0.1"])
        .json();
    assert_eq!(v1["champion"], 1);
    // Deterministic (seeded samples and split): the larger sample's model beats the smaller one's.
    let v2 =
        ws.expect(0, &["--json", "pipeline", "run", "--data", "large.csv", "--param", "gate.min_r2=0.1"]);
    assert_eq!(v2.json()["champion"], 2);
    // Promoting version 1 back must beat version 2 on version 1's test rows: it does not.
    let back = ws.expect(GATE_FAILED, &["models", "promote", MODEL, "1"]);
    assert!(back.stdout.contains("quality gate: REJECTED"), "{}", back.stdout);
    assert!(back.stdout.contains("champion"), "{}", back.stdout);
    let models = ws.expect(0, &["--json", "models", "list"]).json();
    assert_eq!(models[0]["champion"], 2, "champion unchanged");
    // Other aliases move freely, with compare-and-swap; `champion` does not.
    ws.expect(0, &["models", "alias", MODEL, "challenger", "1"]);
    let refused = ws.expect(INVALID_INPUT, &["models", "alias", MODEL, "champion", "1"]);
    assert!(refused.stderr.contains("quality gate"), "{}", refused.stderr);
}

#[test]
fn a_failing_task_fails_the_run_with_its_reason_and_registers_nothing() {
    let ws = Ws::new();
    let rows: String = (0..40).map(|i| format!("{i},{}\n", if i == 4 { "" } else { "9" })).collect();
    ws.write("gaps.csv", format!("size,price\n{rows}").as_bytes());
    let run = ws.expect(1, &["pipeline", "run", "--data", "gaps.csv", "--param", "ingest.target=price"]);
    assert!(run.stderr.contains("validate  failed"), "{}", run.stderr);
    assert!(run.stderr.contains("train     upstream_failed"), "{}", run.stderr);
    assert!(
        run.stderr.contains("target `price` has 1 missing values (first at data row 5)"),
        "the reason names the row:\n{}",
        run.stderr
    );
    let runs = ws.expect(0, &["--json", "runs", "list"]).json();
    assert_eq!(runs[0]["status"]["status"], "failed");
    assert_eq!(ws.expect(0, &["--json", "models", "list"]).stdout.trim(), "[]");
}

#[test]
fn a_config_file_replaces_the_built_in_definition_and_a_bad_one_is_refused_by_name() {
    let ws = Ws::new();
    ws.expect(0, &["data", "sample", "--rows", "200", "--seed", "3", "--out", "sample.csv"]);
    ws.write("bad.toml", b"[pipeline]\nname = \"x\"\n[[tasks]]\nname = \"train\"\nafter = [\"nowhere\"]\n");
    let refused =
        ws.expect(INVALID_INPUT, &["pipeline", "run", "--config", "bad.toml", "--data", "sample.csv"]);
    assert!(refused.stderr.contains("bad.toml") && refused.stderr.contains("nowhere"), "{}", refused.stderr);
    let config = hearth_core::pipeline::DEFAULT_DEFINITION_TOML
        .replace("model = \"house_price_prediction_prod\"", "model = \"houses\"")
        .replace("min_r2 = 0.65", "min_r2 = 0.1");
    ws.write("pipeline.toml", config.as_bytes());
    let run =
        ws.expect(0, &["--json", "pipeline", "run", "--config", "pipeline.toml", "--data", "sample.csv"]);
    assert_eq!(run.json()["registered"]["model"], "houses");
    let models = ws.expect(0, &["--json", "models", "list"]).json();
    assert_eq!(models[0]["name"], "houses");
    assert_eq!(models[0]["champion"], 1);
}

#[cfg(unix)]
#[test]
fn ctrl_c_lets_the_running_task_finish_then_cancels_the_run_and_registers_nothing() {
    use std::io::{BufRead, BufReader};
    let ws = Ws::new();
    ws.expect(0, &["data", "sample", "--rows", "800", "--seed", "9", "--out", "big.csv"]);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args(["pipeline", "run", "--data", "big.csv"])
        .current_dir(ws.path(""))
        .env_remove("HEARTH_WORKSPACE")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut seen = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        let started_training = line.contains("train     running");
        seen.push(line);
        if started_training {
            break;
        }
    }
    let pid = child.id().to_string();
    assert!(std::process::Command::new("kill").args(["-INT", &pid]).status().unwrap().success());
    seen.extend(lines.map(Result::unwrap));
    let code = child.wait().unwrap().code();
    let stderr = seen.join("\n");
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("train     success"), "the running task finishes:\n{stderr}");
    assert!(stderr.contains("gate      skipped — cancelled"), "{stderr}");
    assert!(stderr.contains("was cancelled"), "{stderr}");
    let runs = ws.expect(0, &["--json", "runs", "list"]).json();
    assert_eq!(runs[0]["status"]["status"], "cancelled");
    assert_eq!(ws.expect(0, &["--json", "models", "list"]).stdout.trim(), "[]");
}

#[test]
fn a_run_in_a_workspace_without_data_says_how_to_get_some() {
    let ws = Ws::new();
    let run = ws.expect(1, &["pipeline", "run"]);
    assert!(run.stderr.contains("`latest` is not set"), "{}", run.stderr);
    assert!(run.stderr.contains("hearth data import FILE.csv"), "{}", run.stderr);
}

#[test]
fn a_target_other_than_the_imported_one_says_how_to_re_import() {
    let ws = Ws::new();
    let rows: String = (0..40).map(|i| format!("{i},{}\n", 2 * i + 1)).collect();
    ws.write("pairs.csv", format!("size,price\n{rows}").as_bytes());
    ws.expect(0, &["data", "import", "pairs.csv", "--target", "price"]);
    let run = ws.expect(1, &["pipeline", "run", "--param", "ingest.target=size"]);
    assert!(run.stderr.contains("was imported with target `price`, not `size`"), "{}", run.stderr);
    assert!(run.stderr.contains("re-import it with --target size"), "{}", run.stderr);
}
