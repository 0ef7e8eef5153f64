//! Goals the issues set that this harness does not measure (yet), as rows that say so and where
//! the number comes from instead, so BENCHMARKS.md lists every goal with its status.

use super::report::{Goal, Row, Unit};
use super::Ctx;

pub fn run(ctx: &mut Ctx) -> Result<(), String> {
    let mut push = Row::new(
        "dataset push + pull to a remote",
        "1,000,000-row dataset version",
        Unit::Seconds,
        "`dvc push` / `dvc pull` (local remote)",
    );
    push.delta = "not measured: hearth push/pull lands in issue 8".into();
    push.goal =
        Some(Goal { text: "push and pull compared with DVC in the same run (issue 8)".into(), met: None });
    ctx.rows.push(push);
    Ok(())
}
