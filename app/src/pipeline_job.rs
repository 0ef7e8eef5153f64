//! One run of the default training pipeline against the browser workspace — what the Web Worker
//! does with a `Run` request. The same tasks, store layout and signing as `hearth pipeline run`, so
//! the same dataset bytes and seed give the same model bundle hash.

use hearth_core::pipeline::training::{training_pipeline, StoreDatasets};
use hearth_core::pipeline::{run_tracked, CancelToken, Event, Executor, PipelineDefinition, RunLabels};
use hearth_core::registry::Registry;
use hearth_core::store::{Batch, Store};

use crate::browser_host::BrowserHost;
use crate::worker_protocol::{FromWorker, ParamOverride};
use crate::IdbStore;

/// Store key of the id of the last run started from this browser.
pub const LAST_RUN_KEY: &str = "app/pipeline/last-run";

/// Store prefix of the runs' full reports: one key per run started from this browser.
pub const REPORTS_PREFIX: &str = "app/pipeline/reports/";

/// Store key of a run's full report (task outcomes, per-try logs), kept for the Pipeline page.
pub fn report_key(run_id: &str) -> String {
    format!("{REPORTS_PREFIX}{run_id}.json")
}

/// The default pipeline with `overrides` applied; unknown tasks are refused by name.
pub fn definition(overrides: &[ParamOverride]) -> Result<PipelineDefinition, String> {
    let mut def = PipelineDefinition::default_pipeline();
    for o in overrides {
        match &o.task {
            Some(task) => {
                let t = def
                    .tasks
                    .iter_mut()
                    .find(|t| &t.name == task)
                    .ok_or_else(|| format!("the pipeline has no task `{task}` to set `{}` on", o.key))?;
                t.params.insert(o.key.clone(), o.value.clone());
            }
            None => def.tasks.iter_mut().for_each(|t| {
                t.params.insert(o.key.clone(), o.value.clone());
            }),
        }
    }
    Ok(def)
}

/// Runs the pipeline, reporting every executor event through `emit`, and records the run (registry
/// record with artefact tags, full report, last-run pointer). Returns the run id; errors mean
/// nothing ran (task failures are a recorded outcome, not an error). Once `cancel` is set, tasks
/// not yet started are skipped and the run is recorded as cancelled.
pub async fn run_default_pipeline(
    overrides: &[ParamOverride],
    cancel: CancelToken,
    emit: &mut dyn FnMut(FromWorker),
) -> Result<String, String> {
    let store = IdbStore::open(crate::DATABASE).await.map_err(|e| e.to_string())?;
    let key = crate::signing_key::load_or_create(&store).await?;
    let def = definition(overrides)?;
    let source = StoreDatasets { store: &store };
    let now = || js_sys::Date::now() as u64;
    let pipeline = training_pipeline(def, &source, &store, &key, &now)
        .map_err(|e| format!("the pipeline definition does not bind: {e}"))?;
    let registry = Registry::new(&store);
    let host = BrowserHost;
    let mut sink = |event: &Event| emit(FromWorker::Event { event: event.clone() });
    let mut executor = Executor::new(&store, &host, &host).with_events(&mut sink).with_cancel(cancel);
    let (report, run) = run_tracked(&mut executor, &registry, &host, &pipeline, RunLabels::default())
        .await
        .map_err(|e| e.to_string())?;
    let bytes = serde_json::to_vec(&report).map_err(|e| format!("cannot encode the run report: {e}"))?;
    let batch = Batch::new().put(report_key(&run.id), bytes).put(LAST_RUN_KEY, run.id.clone().into_bytes());
    store.commit(batch).await.map_err(|e| e.to_string())?;
    Ok(run.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_set_one_task_or_every_task_and_unknown_tasks_are_named() {
        let o = |task: Option<&str>, key: &str, value| ParamOverride {
            task: task.map(String::from),
            key: key.into(),
            value,
        };
        let def = definition(&[
            o(Some("gate"), "min_r2", serde_json::json!(0.99)),
            o(None, "seed", serde_json::json!(7)),
        ])
        .unwrap();
        assert_eq!(def.task("gate").unwrap().params["min_r2"], serde_json::json!(0.99));
        assert!(def.tasks.iter().all(|t| t.params["seed"] == serde_json::json!(7)));
        let err = definition(&[o(Some("deploy"), "x", serde_json::json!(1))]).unwrap_err();
        assert!(err.contains("no task `deploy`"), "{err}");
        assert_eq!(definition(&[]).unwrap().hash(), PipelineDefinition::default_pipeline().hash());
    }
}
