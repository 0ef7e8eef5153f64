//! Regression quality checked against Evidently 0.7.23's own functions on HousingData.csv.
//!
//! Expected values come from this script (temp venv: evidently 0.7.23, pandas 2.3.3, numpy 2.4.6;
//! RMSE and R² with numpy as scikit-learn defines them):
//!
//! ```python
//! import json, numpy as np, pandas as pd, warnings
//! warnings.filterwarnings("ignore")
//! from evidently.core.datasets import infer_column_type
//! from evidently.legacy.calculations.regression_performance import (
//!     _calculate_quality_metrics, error_with_quantiles, _calculate_underperformance, error_bias_table)
//! df = pd.read_csv("/work/shared/data/HousingData.csv")
//! df["prediction"] = 400 * df["area"] + 600000 * df["bathrooms"] + 300000 * df["stories"] + 500000
//! feats = [c for c in df.columns if c not in ("price", "prediction")]
//! num = [c for c in feats if infer_column_type(df[c]).value == "num"]
//! cat = [c for c in feats if infer_column_type(df[c]).value == "cat"]
//! q = _calculate_quality_metrics(df, "prediction", "price")
//! eq = error_with_quantiles(df, "prediction", "price", 0.05)
//! err = (df["prediction"] - df["price"]).to_numpy()
//! y = df["price"].to_numpy()
//! out = {k: float(v) for k, v in q.items()}
//! out["rmse"] = float(np.sqrt(np.mean(err ** 2)))
//! out["r2"] = float(1 - np.sum(err ** 2) / np.sum((y - y.mean()) ** 2))
//! out["quantiles"] = [float(eq.quantile_top), float(eq.quantile_other)]
//! out["underperformance"] = _calculate_underperformance(eq)
//! out["bias"] = {k: {"type": b.feature_type, "majority": b.majority, "under": b.under, "over": b.over, "range": b.range}
//!                for k, b in error_bias_table(df, eq, num, cat).items()}
//! print(json.dumps(out, default=lambda o: o.item() if hasattr(o, "item") else str(o)))
//! ```

use hearth_core::data::{read_csv, ReadOptions};
use hearth_core::monitor::*;

fn close(what: &str, got: f64, want: f64, tol: f64) {
    let rel = if want == 0.0 { got.abs() } else { ((got - want) / want).abs() };
    assert!(rel <= tol, "{what}: {got:e} vs Evidently {want:e} (rel {rel:e})");
}

#[test]
fn housing_regression_quality_matches_evidently() {
    const TEST: &str = "housing_regression_quality_matches_evidently";
    let Some(path) = hearth_testdata::shared_file(TEST, "HousingData.csv") else { return };
    let table =
        read_csv(&std::fs::read(path).unwrap(), &ReadOptions::named("HousingData.csv")).unwrap().table;
    let col = |n: &str| match &table.column(n).unwrap().data {
        hearth_core::data::ColumnData::Numeric(c) => c.values.clone(),
        _ => panic!("{n} not numeric"),
    };
    let (area, baths, stories) = (col("area"), col("bathrooms"), col("stories"));
    let prediction: Vec<f64> = (0..table.n_rows())
        .map(|i| 400.0 * area[i] + 600000.0 * baths[i] + 300000.0 * stories[i] + 500000.0)
        .collect();
    let features_idx: Vec<usize> = (0..table.n_rows()).collect();
    let features = {
        let t = table.take_rows(&features_idx);
        hearth_core::data::Table::new(t.columns().iter().filter(|c| c.name != "price").cloned().collect())
            .unwrap()
    };
    let q = regression_quality(&col("price"), &prediction, &features).unwrap();
    close("ME", q.mean_error, -893118.2385321101, 1e-12);
    close("MAE", q.mean_abs_error, 1195907.7798165136, 1e-12);
    close("MAPE", q.mean_abs_perc_error, 22.914916489395484, 1e-12);
    close("max abs error", q.abs_error_max, 7732000.0, 0.0);
    close("error std", q.error_std, 1366545.4757042837, 1e-12);
    close("abs error std", q.abs_error_std, 1110742.3458015106, 1e-12);
    close("abs perc error std", q.abs_perc_error_std, 0.14505176166702494, 1e-12);
    close("RMSE", q.rmse, 1631465.6655164089, 1e-12);
    close("R2", q.r2_score, 0.23780500085973566, 1e-12);
    close("q05", q.error_quantiles.0, -3414799.9999999995, 1e-15);
    close("q95", q.error_quantiles.1, 978999.9999999998, 1e-15);
    let u = &q.underperformance;
    close("majority mean", u.majority.mean_error, -811969.6114519427, 1e-12);
    close("majority std", u.majority.std_error, 941053.4999175238, 1e-12);
    close("under mean", u.underestimation.mean_error, -4628464.285714285, 1e-12);
    close("under std", u.underestimation.std_error, 1114413.23149409, 1e-12);
    close("over mean", u.overestimation.mean_error, 1425025.0, 1e-12);
    close("over std", u.overestimation.std_error, 464695.6101499051, 1e-12);
    let expected_bias = [
        (
            "area",
            "num",
            BiasValue::Number(5150.54128440367),
            BiasValue::Number(6486.071428571428),
            BiasValue::Number(7291.892857142857),
            5.538291605301914,
        ),
        (
            "bedrooms",
            "cat",
            BiasValue::Category("3".into()),
            BiasValue::Category("3".into()),
            BiasValue::Category("3".into()),
            0.0,
        ),
        (
            "bathrooms",
            "cat",
            BiasValue::Category("1".into()),
            BiasValue::Category("2".into()),
            BiasValue::Category("1".into()),
            1.0,
        ),
        (
            "stories",
            "cat",
            BiasValue::Category("2".into()),
            BiasValue::Category("2".into()),
            BiasValue::Category("2".into()),
            0.0,
        ),
        (
            "mainroad",
            "cat",
            BiasValue::Category("yes".into()),
            BiasValue::Category("yes".into()),
            BiasValue::Category("yes".into()),
            0.0,
        ),
        (
            "guestroom",
            "cat",
            BiasValue::Category("no".into()),
            BiasValue::Category("no".into()),
            BiasValue::Category("no".into()),
            0.0,
        ),
        (
            "basement",
            "cat",
            BiasValue::Category("no".into()),
            BiasValue::Category("yes".into()),
            BiasValue::Category("no".into()),
            1.0,
        ),
        (
            "hotwaterheating",
            "cat",
            BiasValue::Category("no".into()),
            BiasValue::Category("no".into()),
            BiasValue::Category("no".into()),
            0.0,
        ),
        (
            "airconditioning",
            "cat",
            BiasValue::Category("no".into()),
            BiasValue::Category("yes".into()),
            BiasValue::Category("no".into()),
            1.0,
        ),
        (
            "parking",
            "cat",
            BiasValue::Category("0".into()),
            BiasValue::Category("2".into()),
            BiasValue::Category("0".into()),
            1.0,
        ),
        (
            "prefarea",
            "cat",
            BiasValue::Category("no".into()),
            BiasValue::Category("yes".into()),
            BiasValue::Category("no".into()),
            1.0,
        ),
        (
            "furnishingstatus",
            "cat",
            BiasValue::Category("semi-furnished".into()),
            BiasValue::Category("furnished".into()),
            BiasValue::Category("unfurnished".into()),
            1.0,
        ),
    ];
    assert_eq!(q.error_bias.len(), expected_bias.len());
    for (name, ty, majority, under, over, range) in expected_bias {
        let b = q.error_bias.iter().find(|b| b.feature_name == name).unwrap();
        assert_eq!(b.feature_type.name(), ty, "{name} type");
        for (got, want, what) in
            [(&b.majority, majority, "majority"), (&b.under, under, "under"), (&b.over, over, "over")]
        {
            match (got.as_ref().unwrap(), want) {
                (BiasValue::Number(g), BiasValue::Number(w)) => {
                    close(&format!("{name} {what}"), *g, w, 1e-12)
                }
                (g, w) => assert_eq!(g, &w, "{name} {what}"),
            }
        }
        close(&format!("{name} range"), b.range, range, 1e-12);
    }
    // Aggregates only: every row is counted once in each histogram.
    assert_eq!(q.error_distribution.counts.iter().sum::<u64>(), 545);
    assert_eq!(q.predicted_vs_actual.count.iter().sum::<u64>(), 545);
}
