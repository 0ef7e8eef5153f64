//! The worker's non-pipeline jobs: CSV import, dataset diff, drift and regression-quality checks,
//! promotion by hand. Each parses whole CSV files or scores a model, so it runs in the Web Worker and
//! the page stays responsive.

use hearth_core::pipeline::training::{promote_by_hand, ManualPromotion};
use hearth_core::store::Store;
use hearth_core::version::{DatasetRepo, DatasetVersion, VersionId};

use crate::worker_protocol::{FromWorker, ToWorker};
use crate::IdbStore;

/// Carries out one request and says how it went (a `Run` belongs to `run_default_pipeline`).
pub async fn answer(request: ToWorker) -> FromWorker {
    let result = match request {
        ToWorker::Run { .. } => Err("pipeline runs are not answered here".to_string()),
        ToWorker::Cancel => Err("there is no pipeline run to cancel".to_string()),
        ToWorker::Sync { .. } => Err("sync jobs report progress: they are not answered here".to_string()),
        ToWorker::Import { name, bytes } => crate::data_job::import(&name, &bytes)
            .await
            .map(|(id, created)| FromWorker::Imported { id, created }),
        ToWorker::Diff { from, to } => {
            crate::data_job::diff(&from, &to).await.map(|diff| FromWorker::Diffed { diff })
        }
        ToWorker::Drift { reference, current } => crate::monitor_job::drift(&reference, &current)
            .await
            .map(|report_id| FromWorker::Checked { report_id }),
        ToWorker::Quality { data } => {
            crate::monitor_job::quality(&data).await.map(|report_id| FromWorker::Checked { report_id })
        }
        ToWorker::Promote { model, version } => {
            promote(&model, version).await.map(|outcome| FromWorker::Promoted { outcome })
        }
    };
    result.unwrap_or_else(|message| FromWorker::Failed { message })
}

/// The gate's decision on making `version` of `model` the champion (promoted when it passed).
async fn promote(model: &str, version: u32) -> Result<ManualPromotion, String> {
    let store = open_store().await?;
    let key = crate::signing_key::load_or_create(&store).await?.public_key();
    promote_by_hand(&store, Some(&key), model, version).await.map_err(|e| e.to_string())
}

/// The workspace's store, as the worker opens it for every job.
pub(crate) async fn open_store() -> Result<IdbStore, String> {
    IdbStore::open(crate::DATABASE).await.map_err(|e| e.to_string())
}

/// The version a hex id names, or a message saying it is gone.
pub(crate) async fn version_of<S: Store>(
    repo: &DatasetRepo<'_, S>,
    hex: &str,
) -> Result<DatasetVersion, String> {
    let id: VersionId = hex.parse().map_err(|_| format!("`{hex}` is not a dataset version id"))?;
    repo.version(&id).await.map_err(|e| e.to_string())?.ok_or_else(|| format!("no dataset version {hex}"))
}

/// How reports and lists name a version: `tag (short id)`, as `hearth monitor` does.
pub(crate) fn label(version: &DatasetVersion) -> String {
    format!("{} ({})", version.tag, version.id.short())
}
