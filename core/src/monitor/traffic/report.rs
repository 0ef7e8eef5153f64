//! Drift of a window of recent traffic against the bundle's reference profile.

use serde::{Deserialize, Serialize};

use super::sample::{append_rows, TrafficError, TrafficSample};
use crate::data::{Column, ColumnData, NumericColumn, Table};
use crate::monitor::{ColumnDrift, DriftOptions, DriftReport, ReferenceProfile};

/// Which traffic a report covers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrafficWindow {
    /// Stored batches (and the isolate's pending one) in the window.
    pub batches: usize,
    /// Rows in the window.
    pub rows: usize,
    /// Unix ms of the oldest request in the window.
    pub first_ms: u64,
    /// Unix ms of the newest request.
    pub last_ms: u64,
}

/// The predictions made for the window's rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PredictionSummary {
    /// How many.
    pub count: usize,
    /// Their mean.
    pub mean: f64,
    /// The smallest.
    pub min: f64,
    /// The largest.
    pub max: f64,
}

/// Drift of live traffic: the input features against the training data with Evidently's rules, and,
/// apart (it does not count towards dataset drift: a model's predictions are narrower than the truth
/// even when nothing drifts), the predictions against the training target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrafficDrift {
    /// SHA-256 of the bundle whose traffic and reference profile are compared.
    pub bundle: String,
    /// The traffic compared.
    pub window: TrafficWindow,
    /// Its predictions.
    pub predictions: PredictionSummary,
    /// Feature drift (the `DriftReport` of `SCHEMA.md`).
    pub features: DriftReport,
    /// The predictions' distribution against the training target's.
    pub prediction_vs_target: Option<ColumnDrift>,
}

/// Drift of the newest batches of `samples` (whole batches, newest first, while they fit in
/// `max_rows`; always at least the newest one) against `profile`, the reference profile of `bundle`,
/// whose target column is `target`. `None` when there is no traffic of that bundle.
pub fn traffic_drift(
    profile: &ReferenceProfile,
    bundle: &str,
    target: &str,
    samples: &[TrafficSample],
    max_rows: usize,
    options: &DriftOptions,
) -> Result<Option<TrafficDrift>, TrafficError> {
    let mut newest: Vec<&TrafficSample> = samples.iter().filter(|s| s.bundle == bundle).collect();
    newest.sort_by_key(|s| std::cmp::Reverse((s.last_ms, s.first_ms)));
    let mut chosen: Vec<&TrafficSample> = Vec::new();
    let mut rows = 0;
    for sample in newest {
        let n = sample.predictions.len();
        if !chosen.is_empty() && rows + n > max_rows {
            break;
        }
        rows += n;
        chosen.push(sample);
    }
    // Oldest first, so the combined rows read in time order whatever order the store listed them in.
    chosen.reverse();
    let Some((first, rest)) = chosen.split_first() else { return Ok(None) };
    let mut table = first.rows.clone();
    let mut predictions = first.predictions.clone();
    for sample in rest {
        append_rows(&mut table, &sample.rows)?;
        predictions.extend_from_slice(&sample.predictions);
    }
    let mut feature_options = options.clone();
    if feature_options.columns.is_none() {
        let profiled = |name: &str| name != target && profile.column(name).is_some();
        feature_options.columns = Some(table.names().filter(|n| profiled(n)).map(str::to_string).collect());
    }
    let features = profile.drift(&table, &feature_options)?;
    let prediction_vs_target = match profile.column(target) {
        Some(_) => {
            let column = Column {
                name: target.to_string(),
                data: ColumnData::Numeric(NumericColumn { values: predictions.clone(), integer: false }),
            };
            let only_target = DriftOptions { columns: Some(vec![target.to_string()]), ..options.clone() };
            let report = profile.drift(&Table::new(vec![column])?, &only_target)?;
            report.drift_by_columns.into_iter().next()
        }
        None => None,
    };
    let window = TrafficWindow {
        batches: chosen.len(),
        rows: predictions.len(),
        first_ms: chosen.iter().map(|s| s.first_ms).min().unwrap_or(0),
        last_ms: chosen.iter().map(|s| s.last_ms).max().unwrap_or(0),
    };
    Ok(Some(TrafficDrift {
        bundle: bundle.to_string(),
        window,
        predictions: summary(&predictions),
        features,
        prediction_vs_target,
    }))
}

fn summary(predictions: &[f64]) -> PredictionSummary {
    let count = predictions.len();
    let mean = predictions.iter().sum::<f64>() / count.max(1) as f64;
    let min = predictions.iter().copied().fold(f64::INFINITY, f64::min);
    let max = predictions.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    PredictionSummary { count, mean, min, max }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::sample::{generate, Scenario};
    use crate::monitor::data_drift;

    /// The features of a generated table as one traffic sample (what the edge would have stored).
    fn as_traffic(table: &Table, target: &str, bundle: &str, at_ms: u64) -> TrafficSample {
        let features: Vec<Column> = table.columns().iter().filter(|c| c.name != target).cloned().collect();
        let ColumnData::Numeric(t) = &table.column(target).unwrap().data else { panic!("numeric target") };
        TrafficSample {
            bundle: bundle.into(),
            first_ms: at_ms,
            last_ms: at_ms,
            rows: Table::new(features).unwrap(),
            predictions: t.values.clone(),
        }
    }

    fn split(table: &Table, parts: usize) -> Vec<Table> {
        let n = table.n_rows();
        (0..parts)
            .map(|p| table.take_rows(&(p * n / parts..(p + 1) * n / parts).collect::<Vec<_>>()))
            .collect()
    }

    #[test]
    fn traffic_in_batches_gives_the_drift_of_the_same_rows_as_one_table() {
        let reference = generate(400, 1, Scenario::Baseline);
        let current = generate(300, 2, Scenario::LargerAreas);
        let profile = ReferenceProfile::from_table(&reference);
        // Three batches stored out of order: the window reads them in time order.
        let parts = split(&current, 3);
        let samples: Vec<TrafficSample> =
            [2, 0, 1].iter().map(|&i| as_traffic(&parts[i], "price", "b1", 1_000 * (i as u64 + 1))).collect();
        let got = traffic_drift(&profile, "b1", "price", &samples, 10_000, &DriftOptions::default())
            .unwrap()
            .unwrap();
        let features: Vec<String> = reference.names().filter(|n| *n != "price").map(str::to_string).collect();
        let options = DriftOptions { columns: Some(features), ..DriftOptions::default() };
        assert_eq!(got.features, data_drift(&reference, &current, &options).unwrap());
        assert!(got.features.drift_by_columns.iter().any(|c| c.column_name == "area" && c.drift_detected));
        assert_eq!(got.window, TrafficWindow { batches: 3, rows: 300, first_ms: 1_000, last_ms: 3_000 });
        // The "predictions" here are the true prices, so they must match the target exactly.
        let target_only = DriftOptions { columns: Some(vec!["price".into()]), ..DriftOptions::default() };
        let price = data_drift(&reference, &current, &target_only).unwrap().drift_by_columns.remove(0);
        assert_eq!(got.prediction_vs_target, Some(price));
        assert_eq!(got.predictions.count, 300);
    }

    #[test]
    fn the_window_keeps_the_newest_whole_batches_of_the_bundle() {
        let reference = generate(200, 1, Scenario::Baseline);
        let profile = ReferenceProfile::from_table(&reference);
        let parts = split(&generate(300, 3, Scenario::Baseline), 3);
        let mut samples: Vec<TrafficSample> = parts
            .iter()
            .enumerate()
            .map(|(i, t)| as_traffic(t, "price", "b1", 10 * (i as u64 + 1)))
            .collect();
        samples.push(as_traffic(&parts[0], "price", "other", 99));
        let got =
            traffic_drift(&profile, "b1", "price", &samples, 250, &DriftOptions::default()).unwrap().unwrap();
        assert_eq!(got.window, TrafficWindow { batches: 2, rows: 200, first_ms: 20, last_ms: 30 });
        let one =
            traffic_drift(&profile, "b1", "price", &samples, 1, &DriftOptions::default()).unwrap().unwrap();
        assert_eq!(
            (one.window.batches, one.window.rows),
            (1, 100),
            "the newest batch even when it is larger"
        );
        assert_eq!(
            traffic_drift(&profile, "none", "price", &samples, 250, &DriftOptions::default()).unwrap(),
            None
        );
    }

    #[test]
    fn traffic_like_the_training_data_does_not_drift() {
        let reference = generate(500, 5, Scenario::Baseline);
        let profile = ReferenceProfile::from_table(&reference);
        let same = as_traffic(&reference, "price", "b", 1);
        let got =
            traffic_drift(&profile, "b", "price", &[same], 1_000, &DriftOptions::default()).unwrap().unwrap();
        assert!(!got.features.dataset_drift);
        assert_eq!(got.features.number_of_drifted_columns, 0);
        assert_eq!(got.features.number_of_columns, 12, "every feature, not the target");
    }
}
