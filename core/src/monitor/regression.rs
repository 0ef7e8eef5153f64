//! Regression quality as Evidently's `RegressionPreset` reports it: ME, MAE, MAPE, RMSE, R², error
//! spread, error distribution, predicted vs actual (binned), the under/over-estimation groups (the
//! 5 % most negative / most positive errors, error = prediction − target) and the per-feature error
//! bias table (feature mean or mode overall, in the underestimation and in the overestimation group).

use serde::{Deserialize, Serialize};

use super::binning::sturges_edges;
use super::column_type::ColumnType;
use super::distribution::NumericDistribution;
use super::special::compensated_sum;
use crate::data::{ColumnData, Table};

/// Share of rows in each tail group (Evidently's `top_error`).
pub const TOP_ERROR: f64 = 0.05;

/// Why quality could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RegressionError {
    /// Target and prediction (or features) disagree on the number of rows.
    #[error("{what} has {found} rows, expected {expected}")]
    LengthMismatch {
        /// Which input.
        what: String,
        /// Rows in the target.
        expected: usize,
        /// Rows found.
        found: usize,
    },
    /// No row with a finite target and prediction.
    #[error("no row has both a finite target and a finite prediction")]
    NoRows,
}

/// Mean and sample std of the error in one group.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ErrorGroup {
    /// Mean error (prediction − target).
    pub mean_error: f64,
    /// Standard deviation (ddof = 1; NaN for a single row).
    pub std_error: f64,
    /// Rows in the group.
    pub count: u64,
}

/// Evidently's `underperformance` block.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Underperformance {
    /// Errors strictly between the 5 % and 95 % quantiles.
    pub majority: ErrorGroup,
    /// Errors ≤ the 5 % quantile (predictions too low).
    pub underestimation: ErrorGroup,
    /// Errors ≥ the 95 % quantile (predictions too high).
    pub overestimation: ErrorGroup,
}

/// A feature value summarising one group: a mean for numerical features, the mode for categorical.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum BiasValue {
    /// Mean of a numerical feature.
    Number(f64),
    /// Most frequent category (ties: first seen, as pandas `idxmax` over `value_counts` in order of appearance).
    Category(String),
}

/// One row of Evidently's error bias table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureBias {
    /// Feature name.
    pub feature_name: String,
    /// `num` or `cat`.
    pub feature_type: ColumnType,
    /// Value over all rows (Evidently calls it `majority`).
    pub majority: Option<BiasValue>,
    /// Value in the underestimation group.
    pub under: Option<BiasValue>,
    /// Value in the overestimation group.
    pub over: Option<BiasValue>,
    /// Numerical: 100·|over − under| / (max − min); categorical: 1 if the modes differ, else 0.
    pub range: f64,
}

/// Histogram with explicit edges.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Histogram {
    /// Bin edges (bins + 1).
    pub edges: Vec<f64>,
    /// Count per bin.
    pub counts: Vec<u64>,
}

/// Predicted vs actual, aggregated over bins of the actual value (no raw rows).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PredictedVsActual {
    /// Bin edges over the target.
    pub edges: Vec<f64>,
    /// Rows per bin.
    pub count: Vec<u64>,
    /// Mean target per bin (NaN/null when empty).
    pub mean_actual: Vec<f64>,
    /// Mean prediction per bin.
    pub mean_predicted: Vec<f64>,
    /// Smallest prediction per bin.
    pub min_predicted: Vec<f64>,
    /// Largest prediction per bin.
    pub max_predicted: Vec<f64>,
}

/// The regression quality report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegressionQuality {
    /// Rows used (finite target and prediction).
    pub rows: u64,
    /// Rows dropped for a missing/NaN/inf target or prediction.
    pub dropped_rows: u64,
    /// Mean of prediction − target.
    pub mean_error: f64,
    /// Mean absolute error.
    pub mean_abs_error: f64,
    /// 100 · mean(|error| / max(target, ε)) — Evidently's MAPE, in percent.
    pub mean_abs_perc_error: f64,
    /// Root mean squared error.
    pub rmse: f64,
    /// Coefficient of determination (scikit-learn `r2_score`).
    pub r2_score: f64,
    /// Std of the error (ddof = 1).
    pub error_std: f64,
    /// Largest absolute error.
    pub abs_error_max: f64,
    /// Std of the absolute error (ddof = 1).
    pub abs_error_std: f64,
    /// Std of the absolute percentage error as a fraction (ddof = 1).
    pub abs_perc_error_std: f64,
    /// Histogram of the error (Sturges bins).
    pub error_distribution: Histogram,
    /// Predicted vs actual over Sturges bins of the target.
    pub predicted_vs_actual: PredictedVsActual,
    /// Error quantiles bounding the tail groups: (5 %, 95 %).
    pub error_quantiles: (f64, f64),
    /// Tail groups.
    pub underperformance: Underperformance,
    /// Per-feature bias, in table column order.
    pub error_bias: Vec<FeatureBias>,
}

fn mean(xs: &[f64]) -> f64 {
    compensated_sum(xs.iter().copied()) / xs.len() as f64
}

fn std_sample(xs: &[f64]) -> f64 {
    let m = mean(xs);
    libm::sqrt(compensated_sum(xs.iter().map(|x| (x - m) * (x - m))) / (xs.len() as f64 - 1.0))
}

/// `numpy.quantile(x, q)` with the default linear method (numpy's `_lerp`, including its
/// switch to interpolating from the upper point when the fraction is ≥ 0.5).
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    let n = sorted.len();
    let virtual_index = q * (n as f64 - 1.0);
    let lo = (virtual_index.floor() as usize).min(n - 1);
    let hi = (lo + 1).min(n - 1);
    let t = virtual_index - lo as f64;
    let (a, b) = (sorted[lo], sorted[hi]);
    let diff = b - a;
    if t >= 0.5 {
        b - diff * (1.0 - t)
    } else {
        a + diff * t
    }
}

fn group(errors: &[f64]) -> ErrorGroup {
    ErrorGroup {
        mean_error: if errors.is_empty() { f64::NAN } else { mean(errors) },
        std_error: if errors.len() < 2 { f64::NAN } else { std_sample(errors) },
        count: errors.len() as u64,
    }
}

/// Regression quality of `prediction` against `target`, with error bias over `features`' columns
/// (pass an empty table for none). Rows whose target or prediction is NaN/inf are dropped.
pub fn regression_quality(
    target: &[f64],
    prediction: &[f64],
    features: &Table,
) -> Result<RegressionQuality, RegressionError> {
    if prediction.len() != target.len() {
        return Err(RegressionError::LengthMismatch {
            what: "prediction".into(),
            expected: target.len(),
            found: prediction.len(),
        });
    }
    if features.n_cols() > 0 && features.n_rows() != target.len() {
        return Err(RegressionError::LengthMismatch {
            what: "feature table".into(),
            expected: target.len(),
            found: features.n_rows(),
        });
    }
    let rows: Vec<usize> =
        (0..target.len()).filter(|&i| target[i].is_finite() && prediction[i].is_finite()).collect();
    if rows.is_empty() {
        return Err(RegressionError::NoRows);
    }
    let y: Vec<f64> = rows.iter().map(|&i| target[i]).collect();
    let p: Vec<f64> = rows.iter().map(|&i| prediction[i]).collect();
    let err: Vec<f64> = p.iter().zip(&y).map(|(p, y)| p - y).collect();
    let abs_err: Vec<f64> = err.iter().map(|e| e.abs()).collect();
    let ape: Vec<f64> = abs_err.iter().zip(&y).map(|(a, y)| a / y.max(f64::EPSILON)).collect();
    let y_mean = mean(&y);
    let ss_res = compensated_sum(err.iter().map(|e| e * e));
    let ss_tot = compensated_sum(y.iter().map(|v| (v - y_mean) * (v - y_mean)));
    let r2_score = if ss_tot == 0.0 {
        if ss_res == 0.0 {
            1.0
        } else {
            0.0
        }
    } else {
        1.0 - ss_res / ss_tot
    };

    let mut sorted_err = err.clone();
    sorted_err.sort_unstable_by(f64::total_cmp);
    let q_top = quantile(&sorted_err, TOP_ERROR);
    let q_other = quantile(&sorted_err, 1.0 - TOP_ERROR);
    let pick = |f: &dyn Fn(f64) -> bool| -> Vec<usize> { (0..err.len()).filter(|&i| f(err[i])).collect() };
    let under_rows = pick(&|e| e <= q_top);
    let over_rows = pick(&|e| e >= q_other);
    let majority_rows = pick(&|e| e > q_top && e < q_other);
    let errs_of = |idx: &[usize]| idx.iter().map(|&i| err[i]).collect::<Vec<_>>();

    let err_dist = NumericDistribution::from_values(&err);
    let err_edges = sturges_edges(&err_dist, &NumericDistribution::from_values(&[]), false);
    let y_dist = NumericDistribution::from_values(&y);
    let y_edges = sturges_edges(&y_dist, &NumericDistribution::from_values(&[]), false);

    let error_bias = features
        .columns()
        .iter()
        .map(|c| {
            let kept = |idx: &[usize]| idx.iter().map(|&i| rows[i]).collect::<Vec<_>>();
            let all: Vec<usize> = rows.clone();
            feature_bias(&c.name, &c.data, &all, &kept(&under_rows), &kept(&over_rows))
        })
        .collect();

    Ok(RegressionQuality {
        rows: rows.len() as u64,
        dropped_rows: (target.len() - rows.len()) as u64,
        mean_error: mean(&err),
        mean_abs_error: mean(&abs_err),
        mean_abs_perc_error: 100.0 * mean(&ape),
        rmse: libm::sqrt(ss_res / err.len() as f64),
        r2_score,
        error_std: std_sample(&err),
        abs_error_max: abs_err.iter().copied().fold(0.0, f64::max),
        abs_error_std: std_sample(&abs_err),
        abs_perc_error_std: std_sample(&ape),
        error_distribution: Histogram { counts: err_dist.histogram(&err_edges), edges: err_edges },
        predicted_vs_actual: predicted_vs_actual(&y, &p, y_edges),
        error_quantiles: (q_top, q_other),
        underperformance: Underperformance {
            majority: group(&errs_of(&majority_rows)),
            underestimation: group(&errs_of(&under_rows)),
            overestimation: group(&errs_of(&over_rows)),
        },
        error_bias,
    })
}

fn predicted_vs_actual(y: &[f64], p: &[f64], edges: Vec<f64>) -> PredictedVsActual {
    let bins = edges.len().saturating_sub(1);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); bins];
    for (i, &v) in y.iter().enumerate() {
        // numpy rule: [e_k, e_{k+1}), last bin closed.
        let k = edges[1..].partition_point(|&e| e <= v).min(bins - 1);
        members[k].push(i);
    }
    let stat = |f: &dyn Fn(&[usize]) -> f64| {
        members.iter().map(|m| if m.is_empty() { f64::NAN } else { f(m) }).collect()
    };
    PredictedVsActual {
        count: members.iter().map(|m| m.len() as u64).collect(),
        mean_actual: stat(&|m| mean(&m.iter().map(|&i| y[i]).collect::<Vec<_>>())),
        mean_predicted: stat(&|m| mean(&m.iter().map(|&i| p[i]).collect::<Vec<_>>())),
        min_predicted: stat(&|m| m.iter().map(|&i| p[i]).fold(f64::INFINITY, f64::min)),
        max_predicted: stat(&|m| m.iter().map(|&i| p[i]).fold(f64::NEG_INFINITY, f64::max)),
        edges,
    }
}

fn feature_bias(
    name: &str,
    data: &ColumnData,
    all: &[usize],
    under: &[usize],
    over: &[usize],
) -> FeatureBias {
    match data {
        ColumnData::Numeric(n) => {
            let distinct =
                NumericDistribution::from_values(&all.iter().map(|&i| n.values[i]).collect::<Vec<_>>());
            let integer = n.integer && !n.values.iter().any(|v| v.is_nan());
            if ColumnType::infer_numeric(integer, distinct.distinct()) == ColumnType::Categorical {
                let label = |i: usize| Some(format!("{}", n.values[i]));
                return categorical_bias(name, label, all, under, over);
            }
            let mean_of = |idx: &[usize]| {
                let v: Vec<f64> = idx.iter().map(|&i| n.values[i]).filter(|v| !v.is_nan()).collect();
                if v.is_empty() {
                    f64::NAN
                } else {
                    mean(&v)
                }
            };
            let (m, u, o) = (mean_of(all), mean_of(under), mean_of(over));
            let range = if o == u {
                0.0
            } else {
                let span = distinct.max().unwrap_or(f64::NAN) - distinct.min().unwrap_or(f64::NAN);
                100.0 * (o - u).abs() / span
            };
            FeatureBias {
                feature_name: name.to_string(),
                feature_type: ColumnType::Numerical,
                majority: Some(BiasValue::Number(m)),
                under: Some(BiasValue::Number(u)),
                over: Some(BiasValue::Number(o)),
                range,
            }
        }
        ColumnData::Categorical(c) => {
            let label = |i: usize| c.codes[i].map(|k| c.levels[k as usize].clone());
            categorical_bias(name, label, all, under, over)
        }
    }
}

fn categorical_bias(
    name: &str,
    label: impl Fn(usize) -> Option<String>,
    all: &[usize],
    under: &[usize],
    over: &[usize],
) -> FeatureBias {
    // Mode with ties broken by first appearance (pandas value_counts reindexed by unique order).
    let mode = |idx: &[usize]| -> Option<String> {
        let mut seen: Vec<(String, u64)> = Vec::new();
        for l in idx.iter().filter_map(|&i| label(i)) {
            match seen.iter_mut().find(|(k, _)| *k == l) {
                Some(e) => e.1 += 1,
                None => seen.push((l, 1)),
            }
        }
        let best = seen.iter().map(|e| e.1).max()?;
        seen.into_iter().find(|e| e.1 == best).map(|e| e.0)
    };
    let (m, u, o) = (mode(all), mode(under), mode(over));
    let all_none = m.is_none() && u.is_none() && o.is_none();
    let range = if all_none || m != u || o != m { 1.0 } else { 0.0 };
    FeatureBias {
        feature_name: name.to_string(),
        feature_type: ColumnType::Categorical,
        majority: m.map(BiasValue::Category),
        under: u.map(BiasValue::Category),
        over: o.map(BiasValue::Category),
        range,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_matches_numpy_linear() {
        // numpy 2.4.6: np.quantile([1, 2, 4, 8, 16], [0.05, 0.95]) -> [1.2, 14.4]
        let s = [1.0, 2.0, 4.0, 8.0, 16.0];
        assert!((quantile(&s, 0.05) - 1.2).abs() < 1e-15);
        assert!((quantile(&s, 0.95) - 14.4).abs() < 1e-12);
    }

    #[test]
    fn perfect_predictions_have_zero_error_and_r2_one() {
        let y = [1.0, 2.0, 3.0, 4.0];
        let q = regression_quality(&y, &y, &Table::new(vec![]).unwrap()).unwrap();
        assert_eq!((q.mean_abs_error, q.rmse, q.r2_score), (0.0, 0.0, 1.0));
    }

    #[test]
    fn mismatched_lengths_are_rejected() {
        let err = regression_quality(&[1.0], &[1.0, 2.0], &Table::new(vec![]).unwrap()).unwrap_err();
        assert_eq!(err.to_string(), "prediction has 2 rows, expected 1");
    }
}
