//! Monitoring jobs of the Web Worker: Evidently-exact drift between two dataset versions, and the
//! champion's regression quality on a version — the same core calls, titles and stored records as
//! `hearth monitor drift` and `hearth monitor performance --model NAME@champion`. Each report is
//! stored with its self-contained HTML page in one transaction.

use hearth_core::data::{ColumnData, Table};
use hearth_core::monitor::{data_drift, regression_quality, DriftOptions, HtmlReport, StoredReport};
use hearth_core::registry::{ModelRef, Registry, CHAMPION};
use hearth_core::serve::Predictor;
use hearth_core::store::{Batch, Store};
use hearth_core::version::DatasetRepo;

use crate::worker_jobs::{label, open_store, version_of};

/// Store key of a stored report's HTML page.
pub fn html_key(report_id: &str) -> String {
    format!("app/monitor/html/{report_id}.html")
}

/// Drift of version `current` against version `reference` (hex ids); returns the report id.
pub async fn drift(reference: &str, current: &str) -> Result<String, String> {
    let store = open_store().await?;
    let repo = DatasetRepo::new(&store);
    let (rv, cv) = (version_of(&repo, reference).await?, version_of(&repo, current).await?);
    let rt = repo.load(&rv).await.map_err(|e| e.to_string())?.table;
    let ct = repo.load(&cv).await.map_err(|e| e.to_string())?.table;
    let (rl, cl) = (label(&rv), label(&cv));
    let report = data_drift(&rt, &ct, &DriftOptions::default()).map_err(|e| format!("{rl} vs {cl}: {e}"))?;
    let title = format!("Data drift: {rl} → {cl}");
    let subtitle =
        format!("{} reference rows vs {} current rows", report.reference_rows, report.current_rows);
    let html = hearth_core::monitor::render_html(&HtmlReport {
        title: &title,
        subtitle: &subtitle,
        drift: Some(&report),
        quality: None,
    });
    let record = StoredReport::drift(now(), rl, cl, &report);
    save(&store, &record, html).await
}

/// Regression quality of the champion on version `data` (hex id), plus drift of that version
/// against the champion's training profile (for the HTML page, as the CLI does).
pub async fn quality(data: &str) -> Result<String, String> {
    let store = open_store().await?;
    let repo = DatasetRepo::new(&store);
    let version = version_of(&repo, data).await?;
    let table = repo.load(&version).await.map_err(|e| e.to_string())?.table;
    let data_label = label(&version);
    let registry = Registry::new(&store);
    let model = champion_model(&registry).await?;
    let reference: ModelRef = format!("{model}@{CHAMPION}").parse().map_err(|e| format!("{e}"))?;
    let key = crate::signing_key::load_or_create(&store).await?.public_key();
    let (mv, bundle) = registry.load_model(&reference, Some(&key)).await.map_err(|e| e.to_string())?;
    let content = bundle.content;
    let prediction = content
        .predict(&table)
        .map_err(|e| format!("{data_label}: model `{model}@{CHAMPION}` cannot predict it: {e}"))?;
    let truth = numbers(&table, &content.target, &data_label)?;
    let features = Table::new(table.columns().iter().filter(|c| c.name != content.target).cloned().collect())
        .expect("a subset of a valid table's columns is valid");
    let quality = regression_quality(&truth, &prediction, &features).map_err(|e| e.to_string())?;
    let drift = content
        .reference_profile
        .drift(&table, &DriftOptions::default())
        .map_err(|e| format!("drift against the training data: {e}"))?;
    let title = format!("Regression quality: {data_label}");
    let subtitle = format!(
        "{} version {} on {} rows; drift against its training data",
        mv.model, mv.version, quality.rows
    );
    let html = hearth_core::monitor::render_html(&HtmlReport {
        title: &title,
        subtitle: &subtitle,
        drift: Some(&drift),
        quality: Some(&quality),
    });
    let record = StoredReport::performance(now(), data_label, &quality);
    save(&store, &record, html).await
}

/// The model that has a `champion`, if any (the first by name).
async fn champion_model<S: Store>(registry: &Registry<'_, S>) -> Result<String, String> {
    for m in registry.list_models().await.map_err(|e| e.to_string())? {
        if registry.alias(&m.name, CHAMPION).await.map_err(|e| e.to_string())?.is_some() {
            return Ok(m.name);
        }
    }
    Err("no model has a champion yet: run the pipeline on the Pipeline page first".into())
}

/// The numeric values of column `name`, or a clear rejection.
fn numbers(table: &Table, name: &str, source: &str) -> Result<Vec<f64>, String> {
    match table.column(name).map(|c| &c.data) {
        Some(ColumnData::Numeric(n)) => Ok(n.values.clone()),
        Some(ColumnData::Categorical(_)) => {
            Err(format!("{source}: column `{name}` is text, expected numbers"))
        }
        None => Err(format!("{source}: no column `{name}` (the model's target)")),
    }
}

/// Stores the record and its HTML page in one transaction; returns the report id.
async fn save<S: Store>(store: &S, record: &StoredReport, html: String) -> Result<String, String> {
    let key = record.key();
    let bytes = serde_json::to_vec(record).map_err(|e| format!("cannot encode the report: {e}"))?;
    let batch =
        Batch::new().expect(key.clone(), None).put(key, bytes).put(html_key(&record.id), html.into_bytes());
    store.commit(batch).await.map_err(|e| e.to_string())?;
    Ok(record.id.clone())
}

fn now() -> u64 {
    js_sys::Date::now() as u64
}
