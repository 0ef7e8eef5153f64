//! `train`: scores the candidates on validation (or cross-validation on small tables) — never on
//! test rows — and refits the winner on train ∪ validation.

use super::artifacts::{DATASET, MODEL, SELECTION, SPLIT};
use crate::features::PreprocessorParams;
use crate::pipeline::{Task, TaskContext, TaskError, TaskFuture};
use crate::registry::{MetricPoint, Registry};
use crate::store::Store;
use crate::train::{auto_select, TrainedModel};

/// Params: `seed`; `candidates = "auto"` (the train module's default list).
/// Logs each candidate's validation R² to the run as metric `validation_r2` at step = candidate index.
pub struct TrainCandidates<'t, S> {
    /// Registry holding the run.
    pub registry: Registry<'t, S>,
}

impl<S: Store> Task for TrainCandidates<'_, S> {
    fn inputs(&self) -> Vec<&'static str> {
        vec![DATASET.name(), SPLIT.name()]
    }
    fn outputs(&self) -> Vec<&'static str> {
        vec![MODEL.name(), SELECTION.name()]
    }
    fn code_version(&self) -> String {
        "train/1".into()
    }
    fn run<'a>(&'a self, ctx: &'a mut TaskContext<'_>) -> TaskFuture<'a> {
        Box::pin(async move {
            let data = ctx.input(&DATASET)?;
            let split = ctx.input(&SPLIT)?;
            let seed: u64 = ctx.param("seed")?;
            let candidates: String = ctx.param_or("candidates", "auto".to_string())?;
            if candidates != "auto" {
                return Err(TaskError::fatal(format!(
                    "train: candidates = {candidates:?}; only \"auto\" is supported"
                )));
            }
            let pre =
                PreprocessorParams::new(data.schema.target.clone()).check().map_err(TaskError::fatal)?;
            let selection = auto_select(&pre, &data.table, &split.train, &split.validation, seed)
                .map_err(TaskError::fatal)?;
            let mut points = Vec::new();
            for (i, s) in selection.scores.iter().enumerate() {
                match &s.r2 {
                    Ok(r2) => {
                        ctx.log(format!("candidate {i} {}: selection R² {r2:.4} (5-fold CV on train ∪ validation for small tables, else validation rows)", s.spec.name()));
                        points.push(("validation_r2", MetricPoint { step: i as u64, value: *r2 }));
                    }
                    Err(e) => ctx.log(format!("candidate {i} {}: not trainable: {e}", s.spec.name())),
                }
            }
            ctx.log(format!("selected candidate {} {}", selection.best, selection.best_spec().name()));
            let winner =
                crate::train::ModelSpec::check(selection.best_spec().clone()).map_err(TaskError::fatal)?;
            let fit_rows: Vec<usize> = split.train.iter().chain(&split.validation).copied().collect();
            let model = TrainedModel::fit(&winner, &pre, &data.table.take_rows(&fit_rows))
                .map_err(TaskError::fatal)?;
            self.registry.log_metrics(ctx.run_id(), &points).await.map_err(TaskError::transient)?;
            ctx.output(&SELECTION, &selection)?;
            ctx.output(&MODEL, &model)
        })
    }
}
