//! `ingest`: resolves the `data` parameter to an exact dataset version and records it on the run.

use super::artifacts::DATASET;
use super::source::DatasetSource;
use crate::pipeline::{Task, TaskContext, TaskError, TaskFuture};
use crate::registry::Registry;
use crate::store::Store;

/// Reads the dataset named by param `data` (default `latest`) with target param `target`.
/// Not cacheable: `latest` may point elsewhere tomorrow. Downstream steps are cached on the exact
/// data it produced, so re-ingesting unchanged data costs only this step.
pub struct Ingest<'t, S> {
    /// Where datasets come from.
    pub source: &'t dyn DatasetSource,
    /// Registry whose run gets the resolved dataset version.
    pub registry: Registry<'t, S>,
}

impl<S: Store> Task for Ingest<'_, S> {
    fn inputs(&self) -> Vec<&'static str> {
        vec![]
    }
    fn outputs(&self) -> Vec<&'static str> {
        vec![DATASET.name()]
    }
    fn code_version(&self) -> String {
        "ingest/1".into()
    }
    fn cacheable(&self) -> bool {
        false
    }
    fn run<'a>(&'a self, ctx: &'a mut TaskContext<'_>) -> TaskFuture<'a> {
        Box::pin(async move {
            let reference: String = ctx.param_or("data", "latest".to_string())?;
            let target: Option<String> = ctx.param_or("target", None)?;
            let data = self.source.resolve(&reference, target.as_deref()).await.map_err(TaskError::fatal)?;
            ctx.log(format!(
                "resolved `{reference}` to dataset {} ({}: {} rows × {} columns, target `{}`)",
                &data.dataset_version[..12.min(data.dataset_version.len())],
                data.source,
                data.table.n_rows(),
                data.table.n_cols(),
                data.schema.target
            ));
            self.registry.set_dataset_version(ctx.run_id(), &data.dataset_version).await.map_err(|e| {
                TaskError::transient(format!("recording the dataset version on the run: {e}"))
            })?;
            ctx.output(&DATASET, &data)
        })
    }
}
