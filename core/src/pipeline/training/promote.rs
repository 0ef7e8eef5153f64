//! `promote`: makes the registered version the champion. It re-runs the gate against the champion
//! as it is *now* (promotion needs the gate's token, which no artefact can carry), and the move is
//! compare-and-swap, so a concurrent promotion makes this one fail cleanly.

use super::artifacts::{DATASET, EVALUATION, GATE, REGISTERED, SPLIT};
use super::champion::champion_on_test_rows;
use crate::pipeline::{Task, TaskContext, TaskError, TaskFuture};
use crate::registry::{judge, Registry};
use crate::store::Store;

/// Promotes `registered` to `champion`.
pub struct Promote<'t, S> {
    /// Registry to promote in.
    pub registry: Registry<'t, S>,
}

impl<S: Store> Task for Promote<'_, S> {
    fn inputs(&self) -> Vec<&'static str> {
        vec![DATASET.name(), SPLIT.name(), EVALUATION.name(), GATE.name(), REGISTERED.name()]
    }
    fn outputs(&self) -> Vec<&'static str> {
        vec![]
    }
    fn code_version(&self) -> String {
        "promote/1".into()
    }
    fn cacheable(&self) -> bool {
        false
    }
    fn run<'a>(&'a self, ctx: &'a mut TaskContext<'_>) -> TaskFuture<'a> {
        Box::pin(async move {
            let registered = ctx.input(&REGISTERED)?;
            let data = ctx.input(&DATASET)?;
            let split = ctx.input(&SPLIT)?;
            let evaluation = ctx.input(&EVALUATION)?;
            let thresholds = ctx.input(&GATE)?.thresholds;
            let champion = champion_on_test_rows(&self.registry, &registered.model, &data, &split).await?;
            let (decision, token) = judge(
                &registered.model,
                &registered.bundle_hash,
                &evaluation.metrics,
                champion.as_ref().map(|(v, m)| (*v, m)),
                &thresholds,
            );
            let Some(token) = token else {
                return Err(TaskError::skip(format!(
                    "gate no longer passes: {}",
                    decision.reasons.join("; ")
                )));
            };
            let version = self
                .registry
                .get_version(&registered.model, registered.version)
                .await
                .map_err(TaskError::transient)?
                .ok_or_else(|| TaskError::fatal(format!("version {} vanished", registered.version)))?;
            let promotion = self.registry.promote(&version, token).await.map_err(TaskError::fatal)?;
            ctx.log(format!(
                "`{}@champion` → version {} (was {})",
                promotion.model,
                promotion.version,
                promotion.previous.map_or("none".to_string(), |v| format!("version {v}"))
            ));
            Ok(())
        })
    }
}
