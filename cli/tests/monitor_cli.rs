//! `hearth monitor …` through the built binary, each test in its own temporary workspace.

mod support;

use serde_json::Value;
use std::path::PathBuf;
use support::Ws;

/// K-S p-value of `price`, HousingData-old (408 rows) vs HousingData-new (409 rows). Provenance:
/// `../shared/reference/drift_reference_values.json`, case `shared_old_vs_new|file|noshift`,
/// `columns.price.ks.pvalue_auto` — scipy 1.17.1 `ks_2samp(ref, cur, method='auto')` (exact here),
/// equal to Evidently 0.7.23's `ks_pvalue` (pandas 2.3.3).
const PRICE_KS_PVALUE: f64 = 0.0010407586045491296;

fn housing(test: &str) -> Option<(PathBuf, PathBuf)> {
    let old = hearth_testdata::shared_file(test, "HousingData-old.csv")?;
    let new = hearth_testdata::shared_file(test, "HousingData-new.csv")?;
    Some((old, new))
}

fn s(p: &std::path::Path) -> &str {
    p.to_str().unwrap()
}

fn column<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["drift_by_columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["column_name"] == name)
        .unwrap_or_else(|| panic!("no column {name} in {report}"))
}

fn drifted(report: &Value) -> Vec<&str> {
    let mut names: Vec<&str> = report["drift_by_columns"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["drift_detected"] == true)
        .map(|c| c["column_name"].as_str().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn housing_old_vs_new_flags_price_bedrooms_bathrooms_but_not_the_dataset() {
    let Some((old, new)) = housing("housing_old_vs_new_flags_price_bedrooms_bathrooms_but_not_the_dataset")
    else {
        return;
    };
    let ws = Ws::new();
    let (html, out) = (ws.path("drift.html"), ws.path("drift.json"));
    let run =
        ws.expect(0, &["--json", "monitor", "drift", s(&old), s(&new), "--html", s(&html), "--out", s(&out)]);
    let report = run.json();
    let price = column(&report, "price");
    assert_eq!(price["stattest"], "ks");
    let p = price["drift_score"].as_f64().unwrap();
    assert!((p - PRICE_KS_PVALUE).abs() <= 1e-6 * PRICE_KS_PVALUE, "price K-S p = {p}");
    for name in ["bedrooms", "bathrooms"] {
        let c = column(&report, name);
        assert_eq!(
            (c["stattest"].as_str(), c["drift_score"].as_f64()),
            (Some("chisquare"), Some(0.0)),
            "{name}"
        );
    }
    assert_eq!(drifted(&report), ["bathrooms", "bedrooms", "price"]);
    assert_eq!(
        (report["number_of_columns"].as_u64(), report["dataset_drift"].as_bool()),
        (Some(13), Some(false))
    );
    let written: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(written, report, "--out holds the same report as --json");

    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.len() < 200 * 1024, "HTML is {} bytes", page.len());
    let lower = page.to_lowercase();
    for external in ["<script", "<link", "@import", "url(", "src=", "https://"] {
        assert!(!lower.contains(external), "HTML must be self-contained, found `{external}`");
    }
    assert_eq!(
        lower.matches("http://").count(),
        lower.matches("xmlns=\"http://www.w3.org/2000/svg\"").count()
    );

    // The human table lists the most drifted columns first.
    let text = ws.expect(0, &["monitor", "drift", s(&old), s(&new)]).stdout;
    assert!(text.contains("dataset drift: not detected — 3 of 13 columns drifted"), "{text}");
    let lines: Vec<&str> = text.lines().filter(|l| l.ends_with("DRIFT")).collect();
    assert_eq!(lines.len(), 3, "{text}");
    let all: Vec<&str> = text.lines().collect();
    let first_calm = all.iter().position(|l| l.ends_with(" -")).unwrap();
    let last_drift = all.iter().rposition(|l| l.ends_with("DRIFT")).unwrap();
    assert!(last_drift < first_calm, "{text}");
}

#[test]
fn fail_on_drift_exits_7_only_when_the_dataset_drifts() {
    let Some((old, new)) = housing("fail_on_drift_exits_7_only_when_the_dataset_drifts") else { return };
    let ws = Ws::new();
    ws.expect(0, &["monitor", "drift", s(&old), s(&new), "--fail-on-drift"]);
    let run =
        ws.expect(7, &["monitor", "drift", s(&old), s(&new), "--fail-on-drift", "--drift-share", "0.2"]);
    assert!(run.stderr.contains("dataset drift detected: 3 of 13 columns drifted"), "{}", run.stderr);
    assert!(run.stdout.contains("bedrooms"), "the report is still printed:\n{}", run.stdout);
    // Same data, one column with a looser threshold: fewer drifted columns.
    let loose = ws.expect(
        0,
        &["--json", "monitor", "drift", s(&old), s(&new), "--per-column-stattest-threshold", "price=0.001"],
    );
    assert_eq!(drifted(&loose.json()), ["bathrooms", "bedrooms"]);
}

#[test]
fn dataset_versions_give_the_same_report_as_their_files() {
    let Some((old, new)) = housing("dataset_versions_give_the_same_report_as_their_files") else { return };
    let ws = Ws::new();
    ws.expect(0, &["data", "import", s(&old)]);
    let imported = ws.expect(0, &["--json", "data", "import", s(&new)]).json();
    let id_prefix = &imported["id"].as_str().unwrap()[..8];
    let files = ws.expect(0, &["--json", "monitor", "drift", s(&old), s(&new)]).json();
    for (a, b) in [("previous", "latest"), ("data-v1.0.0", id_prefix)] {
        let versions = ws.expect(0, &["--json", "monitor", "drift", a, b]).json();
        assert_eq!(versions, files, "{a} vs {b}");
    }
    let run = ws.expect(4, &["monitor", "drift", "data-v9.9.9", "latest"]);
    assert!(run.stderr.contains("data-v9.9.9"), "{}", run.stderr);
}

#[test]
fn bad_inputs_exit_3_with_a_clear_message_and_never_panic() {
    let ws = Ws::new();
    let good = ws.write("good.csv", b"area,rooms,price\n10,1,100\n20,2,200\n30,3,300\n40,2,350\n");
    let fewer = ws.write("fewer.csv", b"area,price\n10,100\n20,200\n");
    let texty = ws.write("texty.csv", b"area,rooms,price\n10,one,100\n20,two,200\n");
    let binary = ws.write("image.csv", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0");
    let cases: [(Vec<&str>, &str); 6] = [
        (vec![s(&good), "missing.csv"], "missing.csv: no such file"),
        (vec![s(&good), s(&binary)], "image.csv"),
        (vec![s(&good), s(&fewer)], "column `rooms` is missing from the current data"),
        (vec![s(&good), s(&texty)], "column `rooms` is numeric in the reference data but text"),
        (vec![s(&good), s(&good), "--stattest", "anderson"], "--stattest `anderson` is not a drift test"),
        (vec![s(&good), s(&good), "--stattest-threshold=-1"], "invalid option"),
    ];
    for (args, message) in cases {
        let mut all = vec!["monitor", "drift"];
        all.extend(&args);
        let run = ws.expect(3, &all);
        assert!(run.stderr.contains(message), "`{}`: expected `{message}` in\n{}", all.join(" "), run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
    assert!(
        ws.expect(0, &["--json", "monitor", "history"]).json().as_array().unwrap().is_empty(),
        "nothing kept"
    );
}

#[test]
fn performance_scores_a_prediction_column_and_history_lists_every_report() {
    let ws = Ws::new();
    // price = 100·area; predictions off by +10 on even rows and −30 on odd rows.
    let mut csv = String::from("area,kind,price,predicted\n");
    for i in 0..40 {
        let price = 100.0 * (i + 1) as f64;
        let err = if i % 2 == 0 { 10.0 } else { -30.0 };
        csv.push_str(&format!("{},{},{price},{}\n", i + 1, ["a", "b"][i % 2], price + err));
    }
    let data = ws.write("scored.csv", csv.as_bytes());
    let html = ws.path("quality.html");
    let run = ws.expect(
        0,
        &[
            "--json",
            "monitor",
            "performance",
            s(&data),
            "--prediction",
            "predicted",
            "--target",
            "price",
            "--html",
            s(&html),
        ],
    );
    let q = &run.json()["quality"];
    assert_eq!(q["rows"], 40);
    assert_eq!(q["mean_error"].as_f64(), Some(-10.0));
    assert_eq!(q["mean_abs_error"].as_f64(), Some(20.0));
    assert_eq!(q["rmse"].as_f64(), Some((500.0f64).sqrt()));
    let biased: Vec<&str> =
        q["error_bias"].as_array().unwrap().iter().map(|f| f["feature_name"].as_str().unwrap()).collect();
    assert_eq!(biased, ["area", "kind"], "features exclude target and prediction");
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("Regression quality") && !page.contains("Drift by column"));

    let missing =
        ws.expect(3, &["monitor", "performance", s(&data), "--prediction", "nope", "--target", "price"]);
    assert!(missing.stderr.contains("no column `nope`"), "{}", missing.stderr);
    let text =
        ws.expect(3, &["monitor", "performance", s(&data), "--prediction", "kind", "--target", "price"]);
    assert!(text.stderr.contains("column `kind` is text"), "{}", text.stderr);

    ws.expect(0, &["monitor", "drift", s(&data), s(&data)]);
    ws.expect(0, &["monitor", "drift", s(&data), s(&data), "--no-save"]);
    let history = ws.expect(0, &["--json", "monitor", "history"]).json();
    let kinds: Vec<&str> =
        history.as_array().unwrap().iter().map(|r| r["summary"]["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["performance", "drift"], "oldest first; --no-save keeps nothing");
    assert_eq!(history[1]["summary"]["dataset_drift"], false);
    assert_eq!(history[1]["report"]["number_of_drifted_columns"], 0);
    let table = ws.expect(0, &["monitor", "history", "--last", "1"]).stdout;
    assert!(table.contains("no dataset drift: 0/4 columns") && !table.contains("performance"), "{table}");
}
