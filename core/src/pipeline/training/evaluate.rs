//! `evaluate`: the selected model's metrics on the held-out test rows, logged to the run.

use super::artifacts::{Evaluation, DATASET, EVALUATION, MODEL, SPLIT};
use crate::pipeline::{Task, TaskContext, TaskError, TaskFuture};
use crate::registry::{MetricPoint, Registry};
use crate::store::Store;

/// Computes test MAE, MSE, RMSE, R², MAPE, ME and max error, and logs them as `test_*` metrics.
pub struct Evaluate<'t, S> {
    /// Registry holding the run.
    pub registry: Registry<'t, S>,
}

impl<S: Store> Task for Evaluate<'_, S> {
    fn inputs(&self) -> Vec<&'static str> {
        vec![DATASET.name(), SPLIT.name(), MODEL.name()]
    }
    fn outputs(&self) -> Vec<&'static str> {
        vec![EVALUATION.name()]
    }
    fn code_version(&self) -> String {
        "evaluate/1".into()
    }
    fn cacheable(&self) -> bool {
        // Cheap, and it logs the run's test metrics, which every run should carry.
        false
    }
    fn run<'a>(&'a self, ctx: &'a mut TaskContext<'_>) -> TaskFuture<'a> {
        Box::pin(async move {
            let data = ctx.input(&DATASET)?;
            let split = ctx.input(&SPLIT)?;
            let model = ctx.input(&MODEL)?;
            let test = data.table.take_rows(&split.test);
            let m = model.evaluate(&test).map_err(TaskError::fatal)?;
            ctx.log(format!(
                "test rows {}: MAE {:.4} MSE {:.4} RMSE {:.4} R² {:.4} MAPE {:.4}",
                split.test.len(),
                m.mae,
                m.mse,
                m.rmse,
                m.r2,
                m.mape
            ));
            let point = |value| MetricPoint { step: 0, value };
            let points = [
                ("test_mae", point(m.mae)),
                ("test_mse", point(m.mse)),
                ("test_rmse", point(m.rmse)),
                ("test_r2", point(m.r2)),
                ("test_mape", point(m.mape)),
                ("test_me", point(m.me)),
                ("test_max_error", point(m.max_error)),
            ];
            self.registry.log_metrics(ctx.run_id(), &points).await.map_err(TaskError::transient)?;
            ctx.output(&EVALUATION, &Evaluation { metrics: m, test_rows: split.test.len() })
        })
    }
}
