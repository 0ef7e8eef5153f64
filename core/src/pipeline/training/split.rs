//! `split`: the seeded train / validation / test split (64/16/20 by default, like the original).

use super::artifacts::{DATASET, SPLIT, VALIDATION};
use crate::data::{split, SplitFractions};
use crate::pipeline::{Task, TaskContext, TaskError, TaskFuture};

/// Params: `seed` (integer), `test` (share of all rows, default 0.2) and `validation_of_rest`
/// (share of the remaining rows, default 0.2).
pub struct SplitRows;

impl Task for SplitRows {
    fn inputs(&self) -> Vec<&'static str> {
        // Validation is an input so a split never runs on data that failed validation.
        vec![DATASET.name(), VALIDATION.name()]
    }
    fn outputs(&self) -> Vec<&'static str> {
        vec![SPLIT.name()]
    }
    fn code_version(&self) -> String {
        "split/1".into()
    }
    fn run<'a>(&'a self, ctx: &'a mut TaskContext<'_>) -> TaskFuture<'a> {
        Box::pin(async move {
            let summary = ctx.input(&VALIDATION)?;
            let seed: u64 = ctx.param("seed")?;
            let defaults = SplitFractions::default();
            let test: f64 = ctx.param_or("test", defaults.test())?;
            let rest: f64 = ctx.param_or("validation_of_rest", defaults.validation_of_rest())?;
            let fractions = SplitFractions::new(test, rest).map_err(TaskError::fatal)?;
            let parts = split(summary.rows, fractions, seed);
            ctx.log(format!(
                "seed {seed}: {} train / {} validation / {} test rows",
                parts.train.len(),
                parts.validation.len(),
                parts.test.len()
            ));
            ctx.output(&SPLIT, &parts)
        })
    }
}
