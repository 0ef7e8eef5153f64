//! Drift on references above 1000 rows (Wasserstein / Jensen–Shannon choices) and on a small
//! reference against a current batch above 10 000 rows (asymptotic K-S), checked against Evidently.
//!
//! No shared reference values exist for these sizes, so the data is generated deterministically
//! (splitmix64 streams, exact IEEE arithmetic, reproduced bit for bit below in Rust) and the
//! expected values were produced in a temp venv (`pip install evidently==0.7.23 pandas==2.3.3
//! scipy==1.17.1 numpy==2.4.6`) with this script:
//!
//! ```python
//! import json, math, numpy as np, pandas as pd, warnings
//! warnings.filterwarnings("ignore")
//! from evidently import Report
//! from evidently.presets import DataDriftPreset
//! from evidently.core.datasets import infer_column_type
//! from evidently.legacy.calculations.stattests.registry import get_stattest
//!
//! M = (1 << 64) - 1
//! def stream(seed):
//!     s = seed
//!     while True:
//!         s = (s + 0x9E3779B97F4A7C15) & M
//!         z = s
//!         z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
//!         z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
//!         yield ((z ^ (z >> 31)) >> 11) * 2.0 ** -53
//!
//! def frame(n, seed, shift):
//!     g = [stream(seed * 100 + k) for k in range(9)]
//!     cols = {}
//!     cols["smooth"] = [10.0 * (next(g[0]) + next(g[0]) + next(g[0])) + shift for _ in range(n)]
//!     cols["steady"] = [100.0 * next(g[1]) for _ in range(n)]
//!     cols["few_ints"] = [int(4 * next(g[2]) ** (1.0 + shift)) for _ in range(n)]
//!     cols["many_ints"] = [int(50 * next(g[3])) for _ in range(n)]
//!     labels = ["alpha", "beta", "gamma"]
//!     cols["label"] = [labels[min(2, int(3 * next(g[4]) ** (1.0 + shift)))] for _ in range(n)]
//!     def messy(u, v):
//!         if v < 0.03: return float("nan")
//!         if v < 0.04: return float("inf")
//!         if v < 0.05: return float("-inf")
//!         return math.floor(u * 3) * 0.5 + shift * 0.5 * (u > 0.9)
//!     cols["messy_float"] = [messy(next(g[5]), next(g[6])) for _ in range(n)]
//!     cols["flag"] = ["yes" if next(g[7]) < 0.3 + shift * 0.2 else "no" for _ in range(n)]
//!     cols["moved"] = [10.0 * (next(g[8]) + next(g[8])) + 8.0 * shift for _ in range(n)]
//!     return pd.DataFrame(cols)
//!
//! out = {}
//! for case, (n_ref, n_cur, shift) in {"large_reference": (2000, 1500, 0.6), "small_reference_large_current": (800, 12000, 0.25)}.items():
//!     ref, cur = frame(n_ref, 1, 0.0), frame(n_cur, 2, shift)
//!     cols = {}
//!     for c in ref.columns:
//!         r = ref[c].replace([np.inf, -np.inf], np.nan).dropna()
//!         k = cur[c].replace([np.inf, -np.inf], np.nan).dropna()
//!         t = infer_column_type(pd.concat([ref[c], cur[c]]))
//!         st = get_stattest(r, k, t.value, None)
//!         res = st(r, k, t, None)
//!         cols[c] = {"type": t.value, "stattest": st.name, "stattest_name": st.display_name,
//!                    "threshold": res.actual_threshold, "score": float(res.drift_score), "drift": bool(res.drifted)}
//!     snap = Report([DataDriftPreset()]).run(cur, ref)
//!     d = snap.dict()
//!     drifted = [m["value"] for m in d["metrics"] if m["metric_name"].startswith("DriftedColumnsCount")]
//!     for m in d["metrics"]:
//!         if m["metric_name"].startswith("ValueDrift"):
//!             assert m["value"] == cols[m["config"]["column"]]["score"] or (math.isnan(m["value"]) and math.isnan(cols[m["config"]["column"]]["score"]))
//!     out[case] = {"n_ref": n_ref, "n_cur": n_cur, "shift": shift, "columns": cols, "report_drifted_columns": drifted[0]}
//! print(json.dumps(out, indent=1))
//! ```

use hearth_core::data::{CategoricalColumn, Column, ColumnData, NumericColumn, Table};
use hearth_core::monitor::*;

/// splitmix64 → uniform in [0, 1) with 53 random bits, identical to the Python `stream`.
struct Stream(u64);

impl Stream {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

fn numeric(name: &str, values: Vec<f64>, integer: bool) -> Column {
    Column { name: name.into(), data: ColumnData::Numeric(NumericColumn { values, integer }) }
}

fn labels(name: &str, values: Vec<&str>) -> Column {
    let mut levels: Vec<String> = values.iter().map(|s| s.to_string()).collect();
    levels.sort();
    levels.dedup();
    let codes = values.iter().map(|v| Some(levels.iter().position(|l| l == v).unwrap() as u32)).collect();
    Column { name: name.into(), data: ColumnData::Categorical(CategoricalColumn { codes, levels }) }
}

/// The Python `frame(n, seed, shift)`.
pub fn frame(n: usize, seed: u64, shift: f64) -> Table {
    let mut g: Vec<Stream> = (0..9).map(|k| Stream(seed * 100 + k)).collect();
    let smooth = (0..n).map(|_| 10.0 * (g[0].next() + g[0].next() + g[0].next()) + shift).collect();
    let steady = (0..n).map(|_| 100.0 * g[1].next()).collect();
    let few = (0..n).map(|_| (4.0 * libm::pow(g[2].next(), 1.0 + shift)).trunc()).collect();
    let many = (0..n).map(|_| (50.0 * g[3].next()).trunc()).collect();
    let names = ["alpha", "beta", "gamma"];
    let label =
        (0..n).map(|_| names[((3.0 * libm::pow(g[4].next(), 1.0 + shift)) as usize).min(2)]).collect();
    let messy = (0..n)
        .map(|_| {
            let (u, v) = (g[5].next(), g[6].next());
            if v < 0.03 {
                f64::NAN
            } else if v < 0.04 {
                f64::INFINITY
            } else if v < 0.05 {
                f64::NEG_INFINITY
            } else {
                (u * 3.0).floor() * 0.5 + if u > 0.9 { shift * 0.5 } else { 0.0 }
            }
        })
        .collect();
    let flag = (0..n).map(|_| if g[7].next() < 0.3 + shift * 0.2 { "yes" } else { "no" }).collect();
    let moved = (0..n).map(|_| 10.0 * (g[8].next() + g[8].next()) + 8.0 * shift).collect();
    Table::new(vec![
        numeric("smooth", smooth, false),
        numeric("steady", steady, false),
        numeric("few_ints", few, true),
        numeric("many_ints", many, true),
        labels("label", label),
        numeric("messy_float", messy, false),
        labels("flag", flag),
        numeric("moved", moved, false),
    ])
    .unwrap()
}

#[test]
fn large_and_asymmetric_samples_match_evidently_choices_scores_and_verdicts() {
    let mut worst = 0.0f64;
    for (case, n_ref, n_cur, shift, columns, drifted, share) in EXPECTED {
        let reference = frame(n_ref as usize, 1, 0.0);
        let current = frame(n_cur as usize, 2, shift);
        let report = data_drift(&reference, &current, &DriftOptions::default()).unwrap();
        for (name, ty, test, threshold, score, drift) in columns {
            let got = report.drift_by_columns.iter().find(|d| d.column_name == name).unwrap();
            assert_eq!(got.column_type.name(), ty, "{case}/{name} type");
            assert_eq!(got.stattest.name(), test, "{case}/{name} test");
            assert_eq!(got.stattest_threshold, threshold, "{case}/{name} threshold");
            assert_eq!(got.drift_detected, drift, "{case}/{name} verdict");
            let rel =
                if score == 0.0 { got.drift_score.abs() } else { ((got.drift_score - score) / score).abs() };
            let tol = if test == "ks" || test == "chisquare" || test == "z" { 1e-6 } else { 1e-9 };
            assert!(rel <= tol, "{case}/{name}: {} vs Evidently {score} (rel {rel:e})", got.drift_score);
            worst = worst.max(rel);
        }
        assert_eq!(report.number_of_drifted_columns as u64, drifted, "{case}");
        assert_eq!(report.share_of_drifted_columns, share, "{case}");
        assert_eq!(report.dataset_drift, share >= 0.5, "{case}");
    }
    println!("max relative error vs Evidently (generated cases): {worst:.3e}");
}

fn permuted(table: &Table, seed: u64) -> Table {
    use rand_chacha::rand_core::{RngCore, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut rows: Vec<usize> = (0..table.n_rows()).collect();
    for i in (1..rows.len()).rev() {
        rows.swap(i, (rng.next_u64() % (i as u64 + 1)) as usize);
    }
    table.take_rows(&rows)
}

fn report_json(reference: &Table, current: &Table) -> String {
    serde_json::to_string(&data_drift(reference, current, &DriftOptions::default()).unwrap()).unwrap()
}

#[test]
fn permuting_rows_changes_nothing() {
    for (n_ref, n_cur) in [(2000, 1500), (800, 12000), (300, 301)] {
        let (reference, current) = (frame(n_ref, 1, 0.0), frame(n_cur, 2, 0.3));
        let base = report_json(&reference, &current);
        for seed in 0..3 {
            assert_eq!(report_json(&permuted(&reference, seed), &permuted(&current, seed + 10)), base);
        }
    }
}

#[test]
fn identical_reference_and_current_show_no_drift() {
    for n in [50, 900, 3000] {
        let t = frame(n, 3, 0.0);
        let report = data_drift(&t, &t, &DriftOptions::default()).unwrap();
        assert_eq!(report.number_of_drifted_columns, 0);
        assert!(!report.dataset_drift);
        for c in &report.drift_by_columns {
            match c.stattest.score_kind() {
                ScoreKind::PValue => {
                    assert!((c.drift_score - 1.0).abs() < 1e-12, "{}: {}", c.column_name, c.drift_score)
                }
                ScoreKind::Distance => {
                    assert!(c.drift_score.abs() < 1e-12, "{}: {}", c.column_name, c.drift_score)
                }
            }
        }
    }
}

#[test]
fn nan_and_infinities_are_dropped_per_side_like_evidently() {
    let (reference, current) = (frame(400, 1, 0.0), frame(400, 2, 0.3));
    let clean = data_drift(&reference, &current, &DriftOptions::default()).unwrap();
    // Append NaN/inf rows to the current `smooth` column only (and valid copies elsewhere).
    let mut rows: Vec<usize> = (0..current.n_rows()).collect();
    rows.extend([0, 1, 2]);
    let longer = current.take_rows(&rows);
    let columns = longer
        .columns()
        .iter()
        .map(|c| match (&c.data, c.name.as_str()) {
            (ColumnData::Numeric(n), "smooth") => {
                let mut values = n.values[..400].to_vec();
                values.extend([f64::NAN, f64::INFINITY, f64::NEG_INFINITY]);
                numeric("smooth", values, false)
            }
            _ => c.clone(),
        })
        .collect();
    let dirty = data_drift(&reference, &Table::new(columns).unwrap(), &DriftOptions::default()).unwrap();
    let pick =
        |r: &DriftReport| r.drift_by_columns.iter().find(|d| d.column_name == "smooth").unwrap().clone();
    let (a, b) = (pick(&clean), pick(&dirty));
    assert_eq!(b.current_dropped, 3);
    assert_eq!((a.drift_score, a.current_count), (b.drift_score, b.current_count));
    // A column with nothing usable is an error naming the column and the side, as in Evidently.
    let empty = Table::new(vec![numeric("x", vec![f64::NAN, f64::INFINITY], false)]).unwrap();
    let ok = Table::new(vec![numeric("x", vec![1.0, 2.0], false)]).unwrap();
    let err = data_drift(&ok, &empty, &DriftOptions::default()).unwrap_err();
    assert_eq!(err, DriftError::EmptyColumn { column: "x".into(), side: Side::Current });
    assert!(err.to_string().contains("`x`") && err.to_string().contains("current"));
}

#[test]
fn stored_profile_gives_the_same_report_as_raw_reference() {
    for (n_ref, n_cur) in [(2000, 1500), (800, 12000)] {
        let (reference, current) = (frame(n_ref, 1, 0.0), frame(n_cur, 2, 0.3));
        let stored = serde_json::to_string(&ReferenceProfile::from_table(&reference)).unwrap();
        let profile: ReferenceProfile = serde_json::from_str(&stored).unwrap();
        let from_profile = profile.drift(&current, &DriftOptions::default()).unwrap();
        assert_eq!(serde_json::to_string(&from_profile).unwrap(), report_json(&reference, &current));
    }
}

#[test]
fn overrides_apply_per_column_then_per_type_then_all() {
    let (reference, current) = (frame(500, 1, 0.0), frame(500, 2, 0.3));
    let mut options = DriftOptions {
        all: TestOverride { stattest: Some(StatTest::Psi), threshold: None },
        numerical: TestOverride { stattest: Some(StatTest::Wasserstein), threshold: Some(0.2) },
        ..DriftOptions::default()
    };
    options
        .per_column
        .insert("steady".into(), TestOverride { stattest: Some(StatTest::Ks), threshold: Some(0.01) });
    let report = data_drift(&reference, &current, &options).unwrap();
    let by = |n: &str| report.drift_by_columns.iter().find(|d| d.column_name == n).unwrap();
    assert_eq!((by("steady").stattest, by("steady").stattest_threshold), (StatTest::Ks, 0.01));
    assert_eq!((by("smooth").stattest, by("smooth").stattest_threshold), (StatTest::Wasserstein, 0.2));
    assert_eq!((by("label").stattest, by("label").stattest_threshold), (StatTest::Psi, 0.1));
    options.per_column.insert("label".into(), TestOverride { stattest: Some(StatTest::Ks), threshold: None });
    let err = data_drift(&reference, &current, &options).unwrap_err();
    assert!(matches!(err, DriftError::NotApplicable { stattest: "ks", column_type: "cat", .. }), "{err}");
}

/// Evidently 0.7.23 (pandas 2.3.3, numpy 2.4.6, scipy 1.17.1, Python 3.11) on the data [`frame`]
/// generates, by the script in this file's header. Per column: (name, type, stattest, threshold, score, drift).
/// (column, Evidently type, test, threshold, score, drift detected).
type ColumnExpectation = (&'static str, &'static str, &'static str, f64, f64, bool);
/// (case, reference rows, current rows, shift, columns, drifted count, drifted share).
type CaseExpectation = (&'static str, u64, u64, f64, [ColumnExpectation; 8], u64, f64);

const EXPECTED: [CaseExpectation; 2] = [
    (
        "large_reference",
        2000,
        1500,
        0.6,
        [
            ("smooth", "num", "wasserstein", 0.1, 0.06137069729872231, false),
            ("steady", "num", "wasserstein", 0.1, 0.0300927048187207, false),
            ("few_ints", "cat", "jensenshannon", 0.1, 0.12135199910425441, true),
            ("many_ints", "num", "wasserstein", 0.1, 0.027931189082904286, false),
            ("label", "cat", "jensenshannon", 0.1, 0.1339019063694646, true),
            ("messy_float", "num", "jensenshannon", 0.1, 0.19426696376162758, true),
            ("flag", "cat", "jensenshannon", 0.1, 0.08986048821351557, false),
            ("moved", "num", "wasserstein", 0.1, 1.1965846767777297, true),
        ],
        4,
        0.5,
    ),
    (
        "small_reference_large_current",
        800,
        12000,
        0.25,
        [
            ("smooth", "num", "ks", 0.05, 0.7997604806488193, false),
            ("steady", "num", "ks", 0.05, 0.8770120112501372, false),
            ("few_ints", "cat", "chisquare", 0.05, 2.447443325127845e-71, true),
            ("many_ints", "num", "ks", 0.05, 0.9968795089429182, false),
            ("label", "cat", "chisquare", 0.05, 1.895739205085336e-95, true),
            ("messy_float", "num", "chisquare", 0.05, 0.0, true),
            ("flag", "cat", "z", 0.05, 0.009389783014157382, true),
            ("moved", "num", "ks", 0.05, 1.0361028698045451e-24, true),
        ],
        5,
        0.625,
    ),
];
