//! `gate`: thresholds plus "must beat the champion on the same test rows". Rejection is a normal
//! outcome: the task succeeds with a `passed: false` verdict and `register` skips itself.

use super::artifacts::{GateReport, DATASET, EVALUATION, GATE, SPLIT};
use super::champion::champion_on_test_rows;
use crate::pipeline::{Task, TaskContext, TaskFuture};
use crate::registry::Registry;
use crate::store::Store;
use crate::train::{evaluate_gate, GateThresholds};

/// Params: `model`; optional `min_r2`, `max_mape`, `max_mae`, `max_rmse`.
pub struct Gate<'t, S> {
    /// Registry holding the champion.
    pub registry: Registry<'t, S>,
}

impl<S: Store> Task for Gate<'_, S> {
    fn inputs(&self) -> Vec<&'static str> {
        vec![DATASET.name(), SPLIT.name(), EVALUATION.name()]
    }
    fn outputs(&self) -> Vec<&'static str> {
        vec![GATE.name()]
    }
    fn code_version(&self) -> String {
        "gate/1".into()
    }
    fn cacheable(&self) -> bool {
        // The champion may have changed since the last run.
        false
    }
    fn run<'a>(&'a self, ctx: &'a mut TaskContext<'_>) -> TaskFuture<'a> {
        Box::pin(async move {
            let data = ctx.input(&DATASET)?;
            let split = ctx.input(&SPLIT)?;
            let evaluation = ctx.input(&EVALUATION)?;
            let model: String = ctx.param("model")?;
            let thresholds = GateThresholds {
                min_r2: ctx.param_or("min_r2", None)?,
                max_mape: ctx.param_or("max_mape", None)?,
                max_mae: ctx.param_or("max_mae", None)?,
                max_rmse: ctx.param_or("max_rmse", None)?,
            };
            let champion = champion_on_test_rows(&self.registry, &model, &data, &split).await?;
            let decision = evaluate_gate(&evaluation.metrics, champion.as_ref().map(|c| &c.1), &thresholds);
            for r in &decision.reasons {
                ctx.log(r.clone());
            }
            ctx.log(if decision.passed { "gate passed" } else { "gate rejected the candidate" });
            ctx.output(&GATE, &GateReport { decision, thresholds, champion })
        })
    }
}
