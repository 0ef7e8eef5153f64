//! Drift statistics, method choices and verdicts checked against scipy 1.17.1 / Evidently 0.7.23.
//!
//! Reference values: `shared/reference/drift_reference_values.json` (produced by the project with
//! scipy 1.17.1 + evidently 0.7.23 + pandas 2.3.3 + numpy 2.4.6 on the shared HousingData files; its
//! `conventions` block says how each number was computed). Tolerances: statistics 1e-9 relative,
//! p-values 1e-6 relative (1e-12 for categorical sums, whose term order in Evidently follows Python's
//! set order); zero scores must be exactly zero.

use hearth_core::data::{read_csv, Column, ColumnData, NumericColumn, ReadOptions, Table};
use hearth_core::monitor::*;
use serde_json::Value;

/// Reads a shared CSV with the project's reader.
fn read_shared_csv(path: &std::path::Path) -> Table {
    let bytes = std::fs::read(path).unwrap();
    read_csv(&bytes, &ReadOptions::named(path.display().to_string())).unwrap().table
}

fn numbers(table: &Table, name: &str) -> Vec<f64> {
    match &table.column(name).unwrap().data {
        ColumnData::Numeric(n) => n.values.clone(),
        ColumnData::Categorical(_) => panic!("{name} is not numeric"),
    }
}

fn replace_numeric(table: &Table, name: &str, values: Vec<f64>) -> Table {
    let columns = table
        .columns()
        .iter()
        .map(|c| {
            if c.name == name {
                Column {
                    name: c.name.clone(),
                    data: ColumnData::Numeric(NumericColumn { values: values.clone(), integer: false }),
                }
            } else {
                c.clone()
            }
        })
        .collect();
    Table::new(columns).unwrap()
}

/// The (reference, current) tables of one case of the reference file.
fn case_tables(test: &str, case: &Value) -> Option<(Table, Table)> {
    let name = case["case"].as_str().unwrap();
    if name.starts_with("shared_old_vs_new") {
        let r = hearth_testdata::shared_file(test, "HousingData-old.csv")?;
        let c = hearth_testdata::shared_file(test, "HousingData-new.csv")?;
        return Some((read_shared_csv(&r), read_shared_csv(&c)));
    }
    let all = read_shared_csv(&hearth_testdata::shared_file(test, "HousingData.csv")?);
    let reference = all.take_rows(&(0..272).collect::<Vec<_>>());
    let mut current = all.take_rows(&(272..545).collect::<Vec<_>>());
    if name.ends_with("|shift") {
        let area: Vec<f64> = numbers(&current, "area").iter().map(|a| a * 1.3).collect();
        current = replace_numeric(&current, "area", area);
        let fixture: Value = serde_json::from_str(include_str!("fixtures/housing_shift_price.json")).unwrap();
        let price = fixture["shifted_current_price"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        current = replace_numeric(&current, "price", price);
    }
    Some((reference, current))
}

fn load_reference(test: &str) -> Option<Value> {
    let path = hearth_testdata::shared_reference(test, "drift_reference_values.json")?;
    // Python's json writes bare `Infinity` (chi-square statistic with an unseen category).
    let text = std::fs::read_to_string(path).unwrap().replace(": Infinity", ": \"Infinity\"");
    Some(serde_json::from_str(&text).unwrap())
}

/// Relative error tracker: asserts and remembers the worst case per kind.
#[derive(Default)]
struct Worst(std::collections::BTreeMap<&'static str, f64>);

impl Worst {
    fn check(&mut self, kind: &'static str, what: &str, got: f64, want: f64, tol: f64) {
        let rel = if want == 0.0 || got == want {
            assert_eq!(got, want, "{what}: got {got:e}, reference {want:e}");
            0.0
        } else {
            ((got - want) / want).abs()
        };
        assert!(rel <= tol, "{what}: got {got:e}, reference {want:e} (rel {rel:e} > {tol:e})");
        let e = self.0.entry(kind).or_insert(0.0);
        *e = e.max(rel);
    }
}

fn f(v: &Value) -> f64 {
    match v {
        Value::Number(n) => n.as_f64().unwrap(),
        Value::String(s) if s == "Infinity" => f64::INFINITY,
        other => panic!("not a number: {other}"),
    }
}

fn shares(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(f).collect()
}

fn column_pair(reference: &Table, current: &Table, name: &str) -> (ColumnProfile, ColumnProfile) {
    let r = reference.column(name).unwrap();
    let c = current.column(name).unwrap();
    (ColumnProfile::from_column(name, &r.data), ColumnProfile::from_column(name, &c.data))
}

#[test]
fn every_statistic_matches_scipy_and_evidently_reference_values() {
    const TEST: &str = "every_statistic_matches_scipy_and_evidently_reference_values";
    let Some(reference_file) = load_reference(TEST) else { return };
    let mut worst = Worst::default();
    let mut checked_columns = 0;
    for case in reference_file["cases"].as_array().unwrap() {
        let case_name = case["case"].as_str().unwrap();
        let Some((reference, current)) = case_tables(TEST, case) else { return };
        let report = data_drift(&reference, &current, &DriftOptions::default()).unwrap();
        for (name, want) in case["columns"].as_object().unwrap() {
            let at = |what: &str| format!("{case_name} / {name} / {what}");
            let (rp, cp) = column_pair(&reference, &current, name);
            let drift = report.drift_by_columns.iter().find(|d| &d.column_name == name).unwrap();
            // Evidently's choices and verdict.
            let ev = &want["evidently_reported"];
            assert_eq!(drift.column_type.name(), want["evidently_type"].as_str().unwrap(), "{}", at("type"));
            assert_eq!(drift.stattest_name, ev["method"].as_str().unwrap(), "{}", at("method"));
            assert_eq!(drift.stattest_threshold, f(&ev["threshold"]), "{}", at("threshold"));
            assert_eq!(drift.drift_detected, ev["drift_detected"].as_bool().unwrap(), "{}", at("verdict"));
            worst.check("evidently drift_score", &at("score"), drift.drift_score, f(&ev["score"]), 1e-6);
            assert_eq!(
                drift.n_unique as u64,
                want["n_unique_combined"].as_u64().unwrap(),
                "{}",
                at("n_unique")
            );
            assert_eq!(drift.reference_count, want["n_ref_nonnull"].as_u64().unwrap());
            assert_eq!(drift.current_count, want["n_cur_nonnull"].as_u64().unwrap());

            let numeric = |p: &ColumnProfile| match &p.values {
                ColumnValues::Numeric { distribution, integer } => Some((distribution.clone(), *integer)),
                ColumnValues::Categories { .. } => None,
            };
            let is_num = want["evidently_type"] == "num";
            if let (Some((rd, ri)), Some((cd, ci))) = (numeric(&rp), numeric(&cp)) {
                if let Some(ks) = want.get("ks") {
                    let got = ks_2samp_distributions(&rd, &cd).unwrap();
                    worst.check(
                        "ks statistic",
                        &at("ks statistic"),
                        got.statistic,
                        f(&ks["statistic"]),
                        1e-9,
                    );
                    worst.check("ks pvalue", &at("ks pvalue"), got.pvalue, f(&ks["pvalue_auto"]), 1e-6);
                    let w = &want["wasserstein"];
                    let rdist = wasserstein_distance(&rd, &cd);
                    worst.check("wasserstein", &at("wasserstein"), rdist, f(&w["distance"]), 1e-9);
                    worst.check("std", &at("ref std"), rd.std_population(), f(&w["ref_std_ddof0"]), 1e-9);
                    worst.check(
                        "wasserstein",
                        &at("normed"),
                        wasserstein_normed(&rd, &cd),
                        f(&w["normed"]),
                        1e-9,
                    );
                    worst.check("mean", &at("ref mean"), rd.mean(), f(&want["ref_mean"]), 1e-12);
                    worst.check("mean", &at("cur mean"), cd.mean(), f(&want["cur_mean"]), 1e-12);
                }
                let bins = evidently_bins(&rd, &cd, is_num, ri && ci);
                let binning = &want["psi"]["binning"];
                if let Bins::Edges { edges, .. } = &bins {
                    let want_edges = shares(&binning["edges"]);
                    assert_eq!(edges.len(), want_edges.len(), "{}", at("edges"));
                    for (g, w) in edges.iter().zip(&want_edges) {
                        worst.check("bin edges", &at("edge"), *g, *w, 1e-15);
                    }
                } else {
                    assert!(binning["kind"].as_str().unwrap().starts_with("one bin per distinct value"));
                }
                check_binned(&mut worst, &at(""), &bins, want, is_num);
            } else {
                let aligned = AlignedCounts::align(&rp.category_counts(), &cp.category_counts());
                check_binned(&mut worst, &at(""), &Bins::Values(aligned), want, false);
            }
            if let Some(chi) = want.get("chisquare_evidently") {
                let aligned = AlignedCounts::align(&rp.category_counts(), &cp.category_counts());
                let got = chisquare(&aligned);
                worst.check(
                    "chisquare statistic",
                    &at("chi2 stat"),
                    got.statistic,
                    f(&chi["statistic"]),
                    1e-12,
                );
                worst.check("chisquare pvalue", &at("chi2 p"), got.pvalue, f(&chi["pvalue"]), 1e-6);
            }
            if let Some(z) = want.get("ztest_evidently") {
                let aligned = AlignedCounts::align(&rp.category_counts(), &cp.category_counts());
                let got = proportions_ztest(&aligned);
                worst.check("z", &at("z"), got.z, f(&z["z"]), 1e-12);
                worst.check("z pvalue", &at("z p"), got.pvalue, f(&z["pvalue"]), 1e-6);
            }
            checked_columns += 1;
        }
    }
    assert_eq!(checked_columns, 39);
    for (kind, rel) in &worst.0 {
        println!("max relative error {kind:>22}: {rel:.3e}");
    }
}

/// PSI (with zero fill) and Jensen–Shannon (without) over the same bins, plus the bin shares.
fn check_binned(worst: &mut Worst, at: &str, bins: &Bins, want: &Value, numerical_edges: bool) {
    let binning = &want["psi"]["binning"];
    let (rs, cs) = bins.shares();
    let js = jensen_shannon_distance(&rs, &cs);
    let tol = if numerical_edges { 1e-9 } else { 1e-12 };
    worst.check("jensenshannon", &format!("{at} js"), js, f(&want["jensenshannon"]["distance_base_e"]), tol);
    let (mut rf, mut cf) = (rs, cs);
    fill_zero_shares(&mut rf);
    fill_zero_shares(&mut cf);
    for (g, w) in
        rf.iter().zip(shares(&binning["ref_percents"])).chain(cf.iter().zip(shares(&binning["cur_percents"])))
    {
        worst.check("bin shares", &format!("{at} share"), *g, w, 1e-15);
    }
    worst.check("psi", &format!("{at} psi"), psi(&rf, &cf), f(&want["psi"]["value"]), tol);
}

#[test]
fn old_vs_new_housing_flags_price_bedrooms_bathrooms_but_not_the_dataset() {
    const TEST: &str = "old_vs_new_housing_flags_price_bedrooms_bathrooms_but_not_the_dataset";
    let Some(r) = hearth_testdata::shared_file(TEST, "HousingData-old.csv") else { return };
    let Some(c) = hearth_testdata::shared_file(TEST, "HousingData-new.csv") else { return };
    let report = data_drift(&read_shared_csv(&r), &read_shared_csv(&c), &DriftOptions::default()).unwrap();
    let drifted: Vec<&str> =
        report.drift_by_columns.iter().filter(|d| d.drift_detected).map(|d| d.column_name.as_str()).collect();
    assert_eq!(drifted, ["price", "bedrooms", "bathrooms"]);
    let price = &report.drift_by_columns[0];
    assert_eq!(price.stattest, StatTest::Ks);
    assert!((price.drift_score - 0.0010407586045491296).abs() / 0.0010407586045491296 < 1e-6);
    assert_eq!(report.number_of_columns, 13);
    assert_eq!(report.number_of_drifted_columns, 3);
    assert!(!report.dataset_drift);
    assert!((report.share_of_drifted_columns - 3.0 / 13.0).abs() < 1e-15);
}

#[test]
fn housing_html_report_is_self_contained_small_and_deterministic() {
    const TEST: &str = "housing_html_report_is_self_contained_small_and_deterministic";
    let Some(r) = hearth_testdata::shared_file(TEST, "HousingData-old.csv") else { return };
    let Some(c) = hearth_testdata::shared_file(TEST, "HousingData-new.csv") else { return };
    let (reference, current) = (read_shared_csv(&r), read_shared_csv(&c));
    let report = data_drift(&reference, &current, &DriftOptions::default()).unwrap();
    let price = numbers(&current, "price");
    let prediction: Vec<f64> = price.iter().map(|p| p * 0.9 + 250_000.0).collect();
    let quality = regression_quality(&price, &prediction, &current).unwrap();
    let page = HtmlReport {
        title: "old → new",
        subtitle: "data-v1.0.0 vs data-v1.1.0",
        drift: Some(&report),
        quality: Some(&quality),
    };
    let html = render_html(&page);
    assert_eq!(html, render_html(&page), "same report, same bytes");
    assert!(html.len() < 200 * 1024, "HTML is {} bytes", html.len());
    let lower = html.to_lowercase();
    for forbidden in ["<script", "<link", "@import", "url(", "src=", "https://", "<img"] {
        assert!(!lower.contains(forbidden), "HTML must be self-contained, found `{forbidden}`");
    }
    // Only the SVG namespace may mention http.
    assert_eq!(lower.matches("http").count(), lower.matches("xmlns=\"http://www.w3.org/2000/svg\"").count());
    for name in reference.names() {
        assert!(html.contains(&format!("<b>{name}</b>")), "column {name} missing from the table");
    }
    // Aggregated only: no raw price of the current file appears verbatim.
    assert!(!html.contains(&format!("{}", price[0] as i64)));
    // The drift table is sorted: drifted columns first, price/bedrooms/bathrooms among them.
    let first_no_drift = html.find("No drift").unwrap();
    for drifted in ["<b>price</b>", "<b>bedrooms</b>", "<b>bathrooms</b>"] {
        assert!(html.find(drifted).unwrap() < first_no_drift);
    }
    let json = serde_json::to_string(&report).unwrap();
    assert!(json.len() < 20 * 1024, "JSON is {} bytes", json.len());
}
