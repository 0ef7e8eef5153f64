//! The Monitoring page's reading side: the stored report history (the core's records, as the CLI's
//! `hearth monitor history` lists them), the reports decoded for display, and each report's HTML.
//! Display types read scores as `Option<f64>`: the stored JSON writes an undefined score as `null`.

use hearth_core::monitor::{list_reports, ColumnDistribution, ColumnType, SkippedColumn, StoredReport};
use hearth_core::registry::{Registry, CHAMPION};
use hearth_core::store::Store;
use serde::Deserialize;

use crate::monitor_job::html_key;
use crate::IdbStore;

/// A drift report as the page shows it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct DriftView {
    /// Rows in the reference data.
    pub reference_rows: u64,
    /// Rows in the current data.
    pub current_rows: u64,
    /// Columns tested.
    pub number_of_columns: usize,
    /// Columns flagged.
    pub number_of_drifted_columns: usize,
    /// Flagged / tested.
    pub share_of_drifted_columns: f64,
    /// The dataset-level verdict.
    pub dataset_drift: bool,
    /// Share threshold.
    pub drift_share: f64,
    /// Per column, reference order.
    pub drift_by_columns: Vec<ColumnView>,
    /// Columns not tested.
    #[serde(default)]
    pub skipped_columns: Vec<SkippedColumn>,
}

/// One column's test.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ColumnView {
    /// Column name.
    pub column_name: String,
    /// Evidently's type.
    pub column_type: ColumnType,
    /// Test display name, e.g. `K-S p_value`.
    pub stattest_name: String,
    /// Threshold.
    pub stattest_threshold: f64,
    /// p-value or distance; `None` when undefined.
    pub drift_score: Option<f64>,
    /// Verdict.
    pub drift_detected: bool,
    /// Reference vs current histogram.
    pub distribution: ColumnDistribution,
}

/// Headline numbers of a regression quality report.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct QualityView {
    /// Rows scored.
    pub rows: u64,
    /// Mean error.
    pub mean_error: Option<f64>,
    /// MAE.
    pub mean_abs_error: Option<f64>,
    /// MAPE in percent.
    pub mean_abs_perc_error: Option<f64>,
    /// RMSE.
    pub rmse: Option<f64>,
    /// R².
    pub r2_score: Option<f64>,
}

/// Every stored report, newest first.
pub async fn history() -> Result<Vec<StoredReport>, String> {
    let store = IdbStore::open(crate::DATABASE).await.map_err(|e| e.to_string())?;
    let mut list = list_reports(&store).await.map_err(|e| e.to_string())?;
    list.reverse();
    Ok(list)
}

/// The stored HTML page of a report, if it was made in this browser.
pub async fn html(report_id: &str) -> Result<Option<Vec<u8>>, String> {
    let store = IdbStore::open(crate::DATABASE).await.map_err(|e| e.to_string())?;
    store.get(&html_key(report_id)).await.map_err(|e| e.to_string())
}

/// `model version N` of the first model with a champion, if any.
pub async fn champion() -> Result<Option<String>, String> {
    let store = IdbStore::open(crate::DATABASE).await.map_err(|e| e.to_string())?;
    let registry = Registry::new(&store);
    for m in registry.list_models().await.map_err(|e| e.to_string())? {
        if let Some(v) = registry.alias(&m.name, CHAMPION).await.map_err(|e| e.to_string())? {
            return Ok(Some(format!("{} version {v}", m.name)));
        }
    }
    Ok(None)
}

/// A score as `hearth monitor` prints it: tiny p-values in scientific notation, else 4 decimals.
pub fn score(x: Option<f64>) -> String {
    match x {
        None => "—".into(),
        Some(0.0) => "0".into(),
        Some(v) if v.abs() < 1e-3 => format!("{v:.3e}"),
        Some(v) => format!("{v:.4}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_read_like_the_cli_and_null_scores_decode() {
        assert_eq!(score(Some(0.00010426)), "1.043e-4");
        assert_eq!(score(Some(0.0010426)), "0.0010");
        assert_eq!(score(Some(0.05)), "0.0500");
        assert_eq!(score(Some(0.0)), "0");
        assert_eq!(score(None), "—");
        let c: ColumnView = serde_json::from_value(serde_json::json!({
            "column_name": "x", "column_type": "num", "stattest_name": "K-S p_value", "stattest": "ks",
            "stattest_threshold": 0.05, "drift_score": null, "drift_detected": false,
            "distribution": {"edges": [0.0, 1.0], "reference": [1], "current": [2]}
        }))
        .unwrap();
        assert_eq!(c.drift_score, None);
    }
}
