//! Training benchmark on a 20,640 × 8 generated table (the size of California housing): fit time of
//! linear, ridge, random forest (100 trees) and boosting, predict time, and test R²; then the same
//! rows through scikit-learn single-threaded when `/tmp/venv-sk` exists (set `HEARTH_SKLEARN_PY`
//! to use another interpreter); and the default `auto_select` on 545 rows. Run: `cargo bench -p hearth-core --bench train`.

use std::time::Instant;

use hearth_core::data::{write_csv, Column, ColumnData, NumericColumn, SeededRng, Table};
use hearth_core::features::PreprocessorParams;
use hearth_core::train::{
    auto_select, metrics::ExplainedVariance, Fit, HgbParams, ModelKind, ModelSpec, Predict,
};

const N: usize = 20_640;

/// Eight inputs, a smooth nonlinear target with interactions and noise.
fn table() -> Table {
    let mut rng = SeededRng::new(2024);
    let x: Vec<Vec<f64>> = (0..8).map(|_| (0..N).map(|_| rng.unit()).collect()).collect();
    let y: Vec<f64> = (0..N)
        .map(|i| {
            let v = |j: usize| x[j][i];
            3.0 * v(0) + 2.0 * libm::sin(6.0 * v(1)) * v(2) + 4.0 * (v(3) - 0.5) * (v(3) - 0.5) + v(4) * v(5)
                - 1.5 * v(6)
                + 0.3 * rng.normal()
        })
        .collect();
    let mut cols: Vec<Column> = x
        .into_iter()
        .enumerate()
        .map(|(j, values)| Column {
            name: format!("x{j}"),
            data: ColumnData::Numeric(NumericColumn { values, integer: false }),
        })
        .collect();
    cols.push(Column {
        name: "y".into(),
        data: ColumnData::Numeric(NumericColumn { values: y, integer: false }),
    });
    Table::new(cols).unwrap()
}

fn median_secs(reps: usize, mut f: impl FnMut()) -> f64 {
    let mut t: Vec<f64> = (0..reps)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed().as_secs_f64()
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[reps / 2]
}

const SKLEARN: &str = r#"
import sys, time, pandas as pd, numpy as np
from sklearn.linear_model import LinearRegression, Ridge
from sklearn.ensemble import RandomForestRegressor, HistGradientBoostingRegressor
from sklearn.metrics import r2_score
tr = pd.read_csv(sys.argv[1]); te = pd.read_csv(sys.argv[2])
y, yt = tr.pop("y").to_numpy(), te.pop("y").to_numpy()
X, Xt = tr.to_numpy(), te.to_numpy()
mu, sd = X.mean(0), X.std(0); X = (X - mu) / sd; Xt = (Xt - mu) / sd
for name, m, reps in [("linear", LinearRegression(), 7), ("ridge", Ridge(), 7), ("forest100", RandomForestRegressor(n_jobs=1, random_state=0), 1), ("boosting", HistGradientBoostingRegressor(random_state=0), 3)]:
    ts = []
    for _ in range(reps):
        s = time.perf_counter(); m.fit(X, y); ts.append(time.perf_counter() - s)
    s = time.perf_counter(); p = m.predict(Xt); tp = time.perf_counter() - s
    print(f"sklearn  {name:10} fit {sorted(ts)[reps//2]*1e3:10.1f} ms  predict {tp*1e3:8.1f} ms  R2 {r2_score(yt, p):.4f}")
"#;

fn main() {
    let t = table();
    let n_train = N * 4 / 5;
    let train = t.take_rows(&(0..n_train).collect::<Vec<_>>());
    let test = t.take_rows(&(n_train..N).collect::<Vec<_>>());
    let pre = PreprocessorParams::new("y").check().unwrap().fit(&train).unwrap();
    let (x, y) = (pre.transform(&train).unwrap(), pre.target(&train).unwrap());
    let (xt, yt) = (pre.transform(&test).unwrap(), pre.target(&test).unwrap());
    println!("table {N} x 8, train {n_train}, test {}", N - n_train);
    let specs = [
        ("linear", ModelKind::Linear, 7),
        ("ridge", ModelKind::Ridge { alpha: 1.0 }, 7),
        (
            "forest100",
            ModelKind::RandomForest { n_trees: 100, max_depth: None, min_samples_leaf: 1, seed: 0 },
            1,
        ),
        ("boosting", ModelKind::Hgb(HgbParams::default()), 3),
    ];
    for (name, kind, reps) in specs {
        let spec = ModelSpec::new(kind).check().unwrap();
        let mut model = None;
        let fit = median_secs(reps, || model = Some(spec.fit(x.view(), &y).unwrap()));
        let model = model.unwrap();
        let mut pred = Vec::new();
        let predict = median_secs(3, || pred = model.predict(xt.view()).unwrap());
        println!(
            "hearth   {name:10} fit {:10.1} ms  predict {:8.1} ms  R2 {:.4}",
            fit * 1e3,
            predict * 1e3,
            pred.r2(&yt)
        );
    }
    // The default automatic selection (3 × 5-fold CV over every candidate, then the blend) on a
    // table the size of HousingData.csv's train + validation rows.
    let small = t.take_rows(&(0..545).collect::<Vec<_>>());
    let split = hearth_core::data::split(545, Default::default(), 42);
    let params = PreprocessorParams::new("y").check().unwrap();
    let mut chosen = None;
    let secs = median_secs(3, || {
        chosen = Some(auto_select(&params, &small, &split.train, &split.validation, 42).unwrap())
    });
    println!("hearth   auto_select on 545 rows: {:.2} s, chose {}", secs, chosen.unwrap().best_spec().name());
    let py = std::env::var("HEARTH_SKLEARN_PY").unwrap_or_else(|_| "/tmp/venv-sk/bin/python".into());
    if !std::path::Path::new(&py).exists() {
        println!("scikit-learn comparison SKIPPED: {py} not found");
        return;
    }
    let dir = std::env::temp_dir().join("hearth-bench-train");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("train.csv"), write_csv(&train)).unwrap();
    std::fs::write(dir.join("test.csv"), write_csv(&test)).unwrap();
    std::fs::write(dir.join("bench.py"), SKLEARN).unwrap();
    let out = std::process::Command::new(py)
        .arg(dir.join("bench.py"))
        .arg(dir.join("train.csv"))
        .arg(dir.join("test.csv"))
        .env("OMP_NUM_THREADS", "1")
        .env("OPENBLAS_NUM_THREADS", "1")
        .env("MKL_NUM_THREADS", "1")
        .output()
        .unwrap();
    print!("{}", String::from_utf8_lossy(&out.stdout));
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
}
