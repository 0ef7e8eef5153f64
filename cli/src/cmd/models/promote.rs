//! `hearth models promote NAME VERSION`: promotion by hand still goes through the quality gate —
//! the version's test metrics against its run's thresholds and against the current champion scored
//! on the same test rows (the run's recorded dataset and split).

use super::load;
use crate::block_on::block_on;
use crate::cmd::pipeline::artifacts::from_run;
use crate::cmd::Context;
use crate::exit::{CliError, CliResult, ExitCode};
use crate::workspace::Workspace;
use hearth_core::pipeline::training::{champion_on_test_rows, DATASET, GATE, SPLIT};
use hearth_core::registry::{judge, ModelRef, Registry, CHAMPION};
use serde::Serialize;

#[derive(Serialize)]
struct Promoted {
    model: String,
    version: u32,
    previous: Option<u32>,
    passed: bool,
    reasons: Vec<String>,
}

/// Gates `version` of `name` and, when it passes, makes it the champion (compare-and-swap).
pub fn run(ctx: &Context, ws: &Workspace, name: &str, version: u32) -> CliResult {
    let registry = Registry::new(&ws.store);
    let (record, bundle) = load(ws, &ModelRef::Version { model: name.into(), version })?;
    let current = block_on(registry.alias(name, CHAMPION))?;
    if current == Some(version) {
        return Err(CliError::new(
            ExitCode::Conflict,
            format!("`{name}` version {version} is already the champion"),
        ));
    }
    let run = block_on(registry.get_run(&record.run_id))?.ok_or_else(|| {
        CliError::not_found(format!("run `{}` of version {version} is missing", record.run_id))
    })?;
    let data = from_run(&ws.store, &run, &DATASET)?;
    let split = from_run(&ws.store, &run, &SPLIT)?;
    let thresholds = from_run(&ws.store, &run, &GATE)?.thresholds;
    let champion = block_on(champion_on_test_rows(&registry, name, &data, &split))
        .map_err(|e| CliError::failure(e.to_string()))?;
    let (decision, token) = judge(
        name,
        &record.bundle_hash,
        &bundle.content.test_metrics,
        champion.as_ref().map(|(v, m)| (*v, m)),
        &thresholds,
    );
    let mut outcome = Promoted {
        model: name.into(),
        version,
        previous: current,
        passed: decision.passed,
        reasons: decision.reasons.clone(),
    };
    let promoted = match token {
        Some(token) => Some(block_on(registry.promote(&record, token))?),
        None => None,
    };
    if let Some(p) = &promoted {
        outcome.previous = p.previous;
    }
    ctx.out.result(&outcome, || {
        let mut t = format!("quality gate: {}\n", if outcome.passed { "PASSED" } else { "REJECTED" });
        for r in &outcome.reasons {
            t.push_str(&format!("  {r}\n"));
        }
        if promoted.is_some() {
            let was = outcome.previous.map_or("none".to_string(), |v| format!("version {v}"));
            t.push_str(&format!("`{name}@champion` → version {version} (was {was})\n"));
        }
        t
    });
    if promoted.is_none() {
        return Err(CliError::new(
            ExitCode::GateFailed,
            format!("quality gate refused to promote `{name}` version {version}; the champion is unchanged"),
        ));
    }
    Ok(())
}
