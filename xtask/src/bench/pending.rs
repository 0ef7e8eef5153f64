//! Goals the issues set that this harness does not measure (yet), as rows that say so and where
//! the number comes from instead, so BENCHMARKS.md lists every goal with its status.

use super::report::{Goal, Row, Unit};
use super::Ctx;

pub fn run(ctx: &mut Ctx) -> Result<(), String> {
    let mut longest = Row::new(
        "longest main-thread task during a pipeline run",
        "the app, default pipeline in the Web Worker",
        Unit::Millis,
        "—",
    );
    longest.delta = "not measured by the harness: the browser e2e test (tests/browser/pipeline.test.mjs, \
                     PerformanceObserver 'longtask') prints it with the in-tab pipeline time and time to \
                     interactive"
        .into();
    longest.goal = Some(Goal { text: "< 50 ms (issue 6)".into(), met: None });
    ctx.rows.push(longest);
    Ok(())
}
