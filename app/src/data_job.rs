//! Data jobs of the Web Worker: import a CSV as a dataset version (the core's validation and
//! content addressing, exactly as `hearth data import`) and diff two versions.

use hearth_core::data::ReadOptions;
use hearth_core::store::{Batch, Store};
use hearth_core::version::{DatasetDiff, DatasetRepo, NewVersion};

use crate::data_page::CURRENT_DATASET_KEY;
use crate::worker_jobs::{open_store, version_of};

/// Imports `bytes` read as file `name`; returns the version id (hex) and whether it is new. A bad
/// file fails with the core's message (file, line, column) and stores nothing: the version, its
/// bytes, tag and pointers are one transaction. Afterwards the Data page's preview table is
/// pointed at the version (a cache of the table for the preview, written only after success).
pub async fn import(name: &str, bytes: &[u8]) -> Result<(String, bool), String> {
    let store = open_store().await?;
    let repo = DatasetRepo::new(&store);
    let new = NewVersion {
        message: format!("import {name}"),
        tag: None,
        created_at_ms: js_sys::Date::now() as u64,
    };
    let outcome = repo.import(bytes, &ReadOptions::named(name), new).await.map_err(|e| e.to_string())?;
    let dataset = repo.load(&outcome.version).await.map_err(|e| e.to_string())?;
    let table = serde_json::to_vec(&dataset.table).map_err(|e| format!("cannot encode the table: {e}"))?;
    store.commit(Batch::new().put(CURRENT_DATASET_KEY, table)).await.map_err(|e| e.to_string())?;
    Ok((outcome.version.id.to_hex(), outcome.created))
}

/// The diff from version `from` to version `to` (ids in hex), as `hearth data diff` computes it.
pub async fn diff(from: &str, to: &str) -> Result<DatasetDiff, String> {
    let store = open_store().await?;
    let repo = DatasetRepo::new(&store);
    let (a, b) = (version_of(&repo, from).await?, version_of(&repo, to).await?);
    repo.diff(&a, &b).await.map_err(|e| e.to_string())
}
