//! Stored monitoring reports: every drift or performance check is kept in the workspace store, so
//! "what did we check, when, and what did it say" can be listed later (CLI, web app, edge alike).

use serde::{Deserialize, Serialize};

use super::drift::DriftReport;
use super::regression::RegressionQuality;
use crate::store::{Batch, Store, StoreError};
use crate::version::Sha256Digest;

/// Store prefix of report records; keys sort by time (`<prefix><millis, 13 digits>-<id>`).
pub const REPORTS_PREFIX: &str = "monitor/reports/";

/// Hex characters of a report id (64 bits: ids only need to be unique within one workspace).
const ID_LEN: usize = 16;

/// The headline of a report, small enough to list many at once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReportSummary {
    /// A data drift report.
    Drift {
        /// Columns tested.
        number_of_columns: usize,
        /// Columns whose test flagged drift.
        number_of_drifted_columns: usize,
        /// The dataset-level verdict.
        dataset_drift: bool,
        /// Names of the drifted columns, most drifted first.
        drifted_columns: Vec<String>,
    },
    /// A regression quality report.
    Performance {
        /// Rows scored.
        rows: u64,
        /// Mean absolute error.
        mean_abs_error: f64,
        /// Root mean squared error.
        rmse: f64,
        /// Coefficient of determination.
        r2_score: f64,
    },
}

/// One stored report. The full report is kept as JSON text in its documented layout (`SCHEMA.md`):
/// listing never has to parse it, and NaN statistics (stored as `null`) cannot make a record unreadable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredReport {
    /// Content id: SHA-256 of the time, the inputs and the report, first [`ID_LEN`] hex characters.
    pub id: String,
    /// When the check ran, Unix milliseconds supplied by the caller (core reads no clock).
    pub created_at_ms: u64,
    /// What the data was compared against (file name or dataset version), if anything.
    pub reference: Option<String>,
    /// The data checked (file name or dataset version).
    pub current: String,
    /// The headline.
    pub summary: ReportSummary,
    /// The full report as JSON.
    pub report: serde_json::Value,
}

/// Why the report history could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A stored record does not parse.
    #[error("stored report `{key}` is corrupt: {reason}")]
    Corrupt {
        /// Its key.
        key: String,
        /// The parse error.
        reason: String,
    },
    /// No report id starts with the prefix, or several do.
    #[error("{0}")]
    NotFound(String),
}

impl StoredReport {
    /// A record for a drift report.
    pub fn drift(created_at_ms: u64, reference: String, current: String, report: &DriftReport) -> Self {
        let summary = ReportSummary::Drift {
            number_of_columns: report.number_of_columns,
            number_of_drifted_columns: report.number_of_drifted_columns,
            dataset_drift: report.dataset_drift,
            drifted_columns: report
                .columns_by_severity()
                .into_iter()
                .filter(|c| c.drift_detected)
                .map(|c| c.column_name.clone())
                .collect(),
        };
        let json = serde_json::to_value(report).expect("drift reports serialise");
        Self::new(created_at_ms, Some(reference), current, summary, json)
    }

    /// A record for a regression quality report.
    pub fn performance(created_at_ms: u64, current: String, quality: &RegressionQuality) -> Self {
        let summary = ReportSummary::Performance {
            rows: quality.rows,
            mean_abs_error: quality.mean_abs_error,
            rmse: quality.rmse,
            r2_score: quality.r2_score,
        };
        let json = serde_json::to_value(quality).expect("quality reports serialise");
        Self::new(created_at_ms, None, current, summary, json)
    }

    fn new(
        created_at_ms: u64,
        reference: Option<String>,
        current: String,
        summary: ReportSummary,
        report: serde_json::Value,
    ) -> Self {
        let mut record =
            StoredReport { id: String::new(), created_at_ms, reference, current, summary, report };
        let bytes = serde_json::to_vec(&record).expect("records serialise");
        record.id = Sha256Digest::of(&bytes).to_hex()[..ID_LEN].to_string();
        record
    }

    /// The record's store key.
    pub fn key(&self) -> String {
        format!("{REPORTS_PREFIX}{:013}-{}", self.created_at_ms, self.id)
    }
}

/// Stores `record` under its key; an existing record with the same key is never overwritten.
pub async fn save_report<S: Store>(store: &S, record: &StoredReport) -> Result<(), HistoryError> {
    let key = record.key();
    let bytes = serde_json::to_vec(record).expect("records serialise");
    Ok(store.commit(Batch::new().expect(key.clone(), None).put(key, bytes)).await?)
}

/// Every stored report, oldest first.
pub async fn list_reports<S: Store>(store: &S) -> Result<Vec<StoredReport>, HistoryError> {
    let mut out = Vec::new();
    for key in store.list(REPORTS_PREFIX).await? {
        let Some(bytes) = store.get(&key).await? else { continue };
        let record = serde_json::from_slice(&bytes)
            .map_err(|e| HistoryError::Corrupt { key: key.clone(), reason: e.to_string() })?;
        out.push(record);
    }
    Ok(out)
}

/// The one stored report whose id starts with `prefix`.
pub async fn find_report<S: Store>(store: &S, prefix: &str) -> Result<StoredReport, HistoryError> {
    let mut hits: Vec<StoredReport> =
        list_reports(store).await?.into_iter().filter(|r| r.id.starts_with(prefix)).collect();
    match hits.len() {
        1 => Ok(hits.remove(0)),
        0 => Err(HistoryError::NotFound(format!("no monitoring report id starts with `{prefix}`"))),
        n => Err(HistoryError::NotFound(format!("`{prefix}` is ambiguous: it starts {n} report ids"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Column, ColumnData, NumericColumn, Table};
    use crate::monitor::{data_drift, DriftOptions};
    use crate::pipeline::block_on_ready as block_on;
    use crate::store::MemoryStore;

    fn table(values: Vec<f64>) -> Table {
        let data = ColumnData::Numeric(NumericColumn { values, integer: false });
        Table::new(vec![Column { name: "x".into(), data }]).unwrap()
    }

    fn drift_record(at: u64, shift: f64) -> StoredReport {
        let reference = table((0..50).map(|i| i as f64 * 0.37).collect());
        let current = table((0..50).map(|i| i as f64 * 0.37 + shift).collect());
        let report = data_drift(&reference, &current, &DriftOptions::default()).unwrap();
        StoredReport::drift(at, "ref.csv".into(), "cur.csv".into(), &report)
    }

    #[test]
    fn saved_reports_list_oldest_first_and_read_back_equal() {
        let store = MemoryStore::new();
        let (late, early) = (drift_record(2_000, 100.0), drift_record(1_000, 0.0));
        block_on(save_report(&store, &late)).unwrap();
        block_on(save_report(&store, &early)).unwrap();
        assert_eq!(block_on(list_reports(&store)).unwrap(), vec![early.clone(), late.clone()]);
        assert!(matches!(late.summary, ReportSummary::Drift { dataset_drift: true, .. }));
        assert!(matches!(early.summary, ReportSummary::Drift { dataset_drift: false, .. }));
        assert_eq!(block_on(find_report(&store, &late.id[..6])).unwrap(), late);
    }

    #[test]
    fn the_same_key_is_never_overwritten() {
        let store = MemoryStore::new();
        let record = drift_record(1_000, 0.0);
        block_on(save_report(&store, &record)).unwrap();
        assert!(block_on(save_report(&store, &record)).is_err());
        assert_eq!(block_on(list_reports(&store)).unwrap().len(), 1);
    }

    #[test]
    fn unknown_and_ambiguous_prefixes_are_not_found() {
        let store = MemoryStore::new();
        block_on(save_report(&store, &drift_record(1_000, 0.0))).unwrap();
        block_on(save_report(&store, &drift_record(2_000, 0.0))).unwrap();
        assert!(matches!(block_on(find_report(&store, "zz")), Err(HistoryError::NotFound(_))));
        assert!(matches!(block_on(find_report(&store, "")), Err(HistoryError::NotFound(_))));
    }
}
