//! Automatic model selection on generated regression tables of different shapes, compared with
//! the best scikit-learn default model on the same rows; and the boosting model against
//! scikit-learn's `HistGradientBoostingRegressor` on a 20,000-row table.
//!
//! Reference provenance: each table is generated here deterministically; running with
//! `HEARTH_EXPORT_DIR=/tmp/hearth-gen cargo test -p hearth-core --test train_generality` writes
//! `<name>-fit.csv` (train + validation rows) and `<name>-test.csv`; `core/tests/reference/sk_generality.py`
//! (scikit-learn 1.9.1, numpy 2.4.6, pandas 3.1.1; per-model numbers on `SKLEARN_BEST`) fits
//! LinearRegression, Ridge, DecisionTree(random_state=0), RandomForest(random_state=0) and
//! HistGradientBoosting(random_state=0) behind median/standard-scaling and
//! most-frequent/one-hot preprocessing on the fit rows and reports test R².

use hearth_core::data::{write_csv, CategoricalColumn, Column, ColumnData, NumericColumn, SeededRng, Table};
use hearth_core::features::PreprocessorParams;
use hearth_core::train::{auto_select, HgbParams, ModelKind, ModelSpec, TrainedModel};

fn num(name: &str, values: Vec<f64>) -> Column {
    Column { name: name.into(), data: ColumnData::Numeric(NumericColumn { values, integer: false }) }
}

fn cat(name: &str, codes: Vec<Option<u32>>, levels: &[&str]) -> Column {
    Column {
        name: name.into(),
        data: ColumnData::Categorical(CategoricalColumn {
            codes,
            levels: levels.iter().map(|s| s.to_string()).collect(),
        }),
    }
}

/// Friedman #1 with 3 extra noise inputs: 8 numeric columns, nonlinear with interactions.
fn friedman(n: usize, seed: u64) -> Table {
    let mut rng = SeededRng::new(seed);
    let x: Vec<Vec<f64>> = (0..8).map(|_| (0..n).map(|_| rng.unit()).collect()).collect();
    let y = (0..n)
        .map(|i| {
            10.0 * libm::sin(std::f64::consts::PI * x[0][i] * x[1][i])
                + 20.0 * (x[2][i] - 0.5) * (x[2][i] - 0.5)
                + 10.0 * x[3][i]
                + 5.0 * x[4][i]
                + rng.normal()
        })
        .collect();
    let mut cols: Vec<Column> = x.into_iter().enumerate().map(|(j, v)| num(&format!("x{j}"), v)).collect();
    cols.push(num("y", y));
    Table::new(cols).unwrap()
}

/// A wide linear table (20 numeric inputs, two text categories) with 10 % missing cells.
fn linear_missing(n: usize, seed: u64) -> Table {
    let mut rng = SeededRng::new(seed);
    let mut cols = Vec::new();
    let mut y = vec![0.0; n];
    for j in 0..20 {
        let w = (j as f64 - 9.5) / 4.0;
        let v: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
        for i in 0..n {
            y[i] += w * v[i];
        }
        let v = v.into_iter().map(|x| if rng.chance(0.1) { f64::NAN } else { x }).collect();
        cols.push(num(&format!("f{j}"), v));
    }
    let levels = ["east", "north", "south", "west"];
    let region: Vec<Option<u32>> = (0..n).map(|_| Some(rng.below(4) as u32)).collect();
    let kind: Vec<Option<u32>> = (0..n).map(|_| Some(rng.below(2) as u32)).collect();
    for i in 0..n {
        y[i] +=
            [0.0, 3.0, -2.0, 1.0][region[i].unwrap() as usize] + 2.0 * kind[i].unwrap() as f64 + rng.normal();
    }
    let region = region.into_iter().map(|c| if rng.chance(0.05) { None } else { c }).collect();
    cols.push(cat("region", region, &levels));
    cols.push(cat("kind", kind, &["flat", "house"]));
    cols.push(num("target", y));
    Table::new(cols).unwrap()
}

/// Interactions between a text category and numbers, a positive skewed target, missing values.
fn skewed_interactions(n: usize, seed: u64) -> Table {
    let mut rng = SeededRng::new(seed);
    let a: Vec<f64> = (0..n).map(|_| 50.0 + 200.0 * rng.unit()).collect();
    let b: Vec<f64> = (0..n).map(|_| rng.below(6) as f64).collect();
    let c: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
    let grade: Vec<Option<u32>> = (0..n).map(|_| Some(rng.below(3) as u32)).collect();
    let y: Vec<f64> = (0..n)
        .map(|i| {
            let g = grade[i].unwrap() as f64;
            libm::exp(
                10.0 + 0.004 * a[i] * (1.0 + 0.5 * g) + 0.1 * b[i] + 0.2 * c[i] * g + 0.15 * rng.normal(),
            )
        })
        .collect();
    let a = a.into_iter().map(|v| if rng.chance(0.08) { f64::NAN } else { v }).collect();
    Table::new(vec![
        num("size", a),
        num("rooms", b),
        num("noise_score", c),
        cat("grade", grade, &["a", "b", "c"]),
        num("value", y),
    ])
    .unwrap()
}

/// A wide, small table (800 × 30 numeric + 3 text categories, one with 12 levels): a few strong
/// linear inputs, a threshold effect, an interaction, many irrelevant inputs and 15 % missing cells.
fn wide_mixed(n: usize, seed: u64) -> Table {
    let mut rng = SeededRng::new(seed);
    let x: Vec<Vec<f64>> = (0..30).map(|_| (0..n).map(|_| rng.normal()).collect()).collect();
    let city: Vec<Option<u32>> = (0..n).map(|_| Some(rng.below(12) as u32)).collect();
    let heating: Vec<Option<u32>> = (0..n).map(|_| Some(rng.below(3) as u32)).collect();
    let garden: Vec<Option<u32>> = (0..n).map(|_| Some(rng.below(2) as u32)).collect();
    let y: Vec<f64> = (0..n)
        .map(|i| {
            let c = city[i].unwrap() as f64;
            3.0 * x[0][i] - 2.0 * x[1][i]
                + x[2][i]
                + if x[3][i] > 0.5 { 4.0 } else { 0.0 }
                + 1.5 * x[4][i] * x[5][i]
                + 0.3 * (c - 5.5)
                + [0.0, 2.0, -1.0][heating[i].unwrap() as usize]
                + 2.0 * garden[i].unwrap() as f64 * x[6][i]
                + 2.0 * rng.normal()
        })
        .collect();
    let mut cols: Vec<Column> = x
        .into_iter()
        .enumerate()
        .map(|(j, v)| {
            let v = v.into_iter().map(|a| if rng.chance(0.15) { f64::NAN } else { a }).collect();
            num(&format!("v{j:02}"), v)
        })
        .collect();
    let cities: Vec<String> = (0..12).map(|c| format!("city_{c:02}")).collect();
    let cities: Vec<&str> = cities.iter().map(String::as_str).collect();
    let city = city.into_iter().map(|c| if rng.chance(0.15) { None } else { c }).collect();
    cols.push(cat("city", city, &cities));
    cols.push(cat("heating", heating, &["electric", "gas", "oil"]));
    cols.push(cat("garden", garden, &["no", "yes"]));
    cols.push(num("y", y));
    Table::new(cols).unwrap()
}

/// A small table (600 rows, 6 inputs) whose target is a sum of step functions plus noise:
/// trees' territory, where a linear model is a poor fit.
fn small_steps(n: usize, seed: u64) -> Table {
    let mut rng = SeededRng::new(seed);
    let x: Vec<Vec<f64>> = (0..6).map(|_| (0..n).map(|_| 10.0 * rng.unit()).collect()).collect();
    let y = (0..n)
        .map(|i| {
            libm::floor(x[0][i] / 2.5) * 3.0
                + if x[1][i] > 5.0 && x[2][i] < 4.0 { 6.0 } else { 0.0 }
                + libm::fabs(x[3][i] - 5.0)
                + rng.normal()
        })
        .collect();
    let mut cols: Vec<Column> = x.into_iter().enumerate().map(|(j, v)| num(&format!("s{j}"), v)).collect();
    cols.push(num("y", y));
    Table::new(cols).unwrap()
}

/// Deterministic 64/16/20 row split: (train, validation, test).
fn parts(t: &Table, seed: u64) -> (Table, Table, Table, Table) {
    // Same rows as `hearth_core::data::split(.., seed)`.
    let s = hearth_core::data::split(t.n_rows(), Default::default(), seed);
    let fit: Vec<usize> = s.train.iter().chain(&s.validation).copied().collect();
    (t.take_rows(&s.train), t.take_rows(&s.validation), t.take_rows(&fit), t.take_rows(&s.test))
}

fn export(name: &str, fit: &Table, test: &Table) {
    if let Some(dir) = std::env::var_os("HEARTH_EXPORT_DIR") {
        let dir = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}-fit.csv")), write_csv(fit)).unwrap();
        std::fs::write(dir.join(format!("{name}-test.csv")), write_csv(test)).unwrap();
    }
}

/// Selects with `auto_select` (never seeing test rows), refits the winner on train + validation, scores the test rows.
fn auto_test_r2(name: &str, table: &Table, target: &str) -> f64 {
    let s = hearth_core::data::split(table.n_rows(), Default::default(), 7);
    let (_, _, fit, test) = parts(table, 7);
    export(name, &fit, &test);
    let pre = PreprocessorParams::new(target).check().unwrap();
    let sel = auto_select(&pre, table, &s.train, &s.validation, 7).unwrap();
    for s in &sel.scores {
        eprintln!("{name}: CV/validation R² {:?}  {}", s.r2, s.spec.name());
    }
    let best = sel.best_spec().clone().check().unwrap();
    let r2 = TrainedModel::fit(&best, &pre, &fit).unwrap().evaluate(&test).unwrap().r2;
    eprintln!("{name}: selected {} -> test R² {r2:.4}", best.spec().name());
    r2
}

/// `auto_test_r2` lands within 0.01 of scikit-learn's `reference` test R².
fn assert_auto_within_001(name: &str, table: &Table, target: &str, reference: f64) {
    let r2 = auto_test_r2(name, table, target);
    assert!(r2 >= reference - 0.01, "{name}: test R² {r2} vs scikit-learn {reference}");
}

#[test]
fn auto_selection_is_within_001_r2_of_best_sklearn_default_on_nonlinear_table() {
    assert_auto_within_001("friedman", &friedman(5000, 1), "y", SKLEARN_BEST.friedman);
}

#[test]
fn auto_selection_is_within_001_r2_of_best_sklearn_default_on_wide_table_with_missing_values() {
    assert_auto_within_001("linear_missing", &linear_missing(3000, 2), "target", SKLEARN_BEST.linear_missing);
}

#[test]
fn auto_selection_is_within_001_r2_of_best_sklearn_default_on_skewed_table_with_interactions() {
    assert_auto_within_001("skewed", &skewed_interactions(4000, 3), "value", SKLEARN_BEST.skewed);
}

#[test]
fn auto_selection_is_within_001_r2_of_best_sklearn_default_on_wide_small_table_with_text_and_gaps() {
    assert_auto_within_001("wide_mixed", &wide_mixed(800, 4), "y", SKLEARN_BEST.wide_mixed);
}

#[test]
fn auto_selection_is_within_001_r2_of_best_sklearn_default_on_small_step_table() {
    assert_auto_within_001("small_steps", &small_steps(600, 5), "y", SKLEARN_BEST.small_steps);
}

#[test]
fn boosting_is_within_001_r2_of_sklearn_hgb_on_20k_rows() {
    let t = friedman(20_000, 11);
    let (_, _, fit, test) = parts(&t, 11);
    export("friedman20k", &fit, &test);
    let pre = PreprocessorParams::new("y").check().unwrap();
    let spec =
        ModelSpec::new(ModelKind::Hgb(HgbParams { seed: 11, ..HgbParams::default() })).check().unwrap();
    let r2 = TrainedModel::fit(&spec, &pre, &fit).unwrap().evaluate(&test).unwrap().r2;
    eprintln!("friedman20k: HGB test R² {r2:.4} (scikit-learn {})", SKLEARN_HGB_20K);
    assert!((r2 - SKLEARN_HGB_20K).abs() <= 0.01 || r2 > SKLEARN_HGB_20K, "{r2} vs {SKLEARN_HGB_20K}");
}

/// Best test R² over scikit-learn's default models per table (see the module doc).
struct Best {
    friedman: f64,
    linear_missing: f64,
    skewed: f64,
    wide_mixed: f64,
    small_steps: f64,
}
/// Per-model test R² from `core/tests/reference/sk_generality.py` (OMP_NUM_THREADS=1):
/// friedman: Linear 0.7299, Ridge 0.7299, Tree 0.7593, Forest 0.9028, HGB 0.9374;
/// linear_missing: Linear 0.9002, Ridge 0.9002, Tree 0.1398, Forest 0.6218, HGB 0.7893;
/// skewed: Linear 0.6205, Ridge 0.6206, Tree 0.7559, Forest 0.8659, HGB 0.8571;
/// wide_mixed: Linear 0.5507, Ridge 0.5507, Tree -0.1607, Forest 0.4687, HGB 0.4846;
/// small_steps: Linear 0.6880, Ridge 0.6879, Tree 0.8667, Forest 0.9168, HGB 0.9213.
const SKLEARN_BEST: Best = Best {
    friedman: 0.9374,
    linear_missing: 0.9002,
    skewed: 0.8659,
    wide_mixed: 0.5507,
    small_steps: 0.9213,
};
/// scikit-learn `HistGradientBoostingRegressor(random_state=0)` test R² on friedman20k.
const SKLEARN_HGB_20K: f64 = 0.9475;

/// scikit-learn's bundled diabetes table (442 × 10, `load_diabetes(as_frame=True, scaled=False)`
/// written to CSV by `core/tests/reference/sk_generality.py --export-diabetes`); data is never
/// committed, so the test reads `$HEARTH_DIABETES_CSV` and is SKIPPED without it.
///
/// The bar here is the scikit-learn default that cross-validation on the same fit rows would
/// choose, not the one that happens to score best on the 89 test rows: 3 × 5-fold CV on the fit
/// rows ranks Ridge 0.4888 > LinearRegression 0.4865 > RandomForest 0.4104 > HGB 0.3555, while
/// the test rows rank RandomForest first (0.4425) — only a look at the test rows picks it.
#[test]
fn auto_selection_is_within_001_r2_of_cv_chosen_sklearn_default_on_diabetes() {
    let Some(path) = std::env::var_os("HEARTH_DIABETES_CSV") else {
        eprintln!("SKIPPED auto_selection_is_within_001_r2_of_cv_chosen_sklearn_default_on_diabetes: HEARTH_DIABETES_CSV not set");
        return;
    };
    let bytes = std::fs::read(path).unwrap();
    let opts = hearth_core::data::ReadOptions::named("diabetes.csv");
    let table = hearth_core::data::read_csv(&bytes, &opts).unwrap().table;
    eprintln!(
        "diabetes: best scikit-learn default on the test rows: RandomForest {SKLEARN_BEST_ON_TEST_DIABETES}"
    );
    assert_auto_within_001("diabetes", &table, "target", SKLEARN_CV_CHOSEN_DIABETES);
}

/// Test R² of scikit-learn's `Ridge()` — its CV-chosen default — on the diabetes test rows.
/// Linear 0.4296, Ridge 0.4269, Tree 0.1087, Forest 0.4425, HGB 0.4243 (`sk_generality.py`);
/// CV ranking from `core/tests/reference/sk_diabetes_cv.py` on the fit rows only.
const SKLEARN_CV_CHOSEN_DIABETES: f64 = 0.4269;
/// The best scikit-learn default on the test rows (printed, not a bar; see above).
const SKLEARN_BEST_ON_TEST_DIABETES: f64 = 0.4425;
