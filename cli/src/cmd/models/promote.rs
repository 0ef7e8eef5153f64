//! `hearth models promote NAME VERSION`: promotion by hand, through the quality gate (core's
//! `promote_by_hand`, the same call the app's Models page makes).

use crate::block_on::block_on;
use crate::cmd::Context;
use crate::exit::{CliError, CliResult, ExitCode};
use crate::workspace::Workspace;
use hearth_core::pipeline::training::{promote_by_hand, ManualPromotionError};

/// Gates `version` of `name` and, when it passes, makes it the champion (compare-and-swap).
pub fn run(ctx: &Context, ws: &Workspace, name: &str, version: u32) -> CliResult {
    let key = ws.signing_key()?.public_key();
    let outcome = block_on(promote_by_hand(&ws.store, Some(&key), name, version)).map_err(|e| match e {
        ManualPromotionError::AlreadyChampion { .. } => CliError::new(ExitCode::Conflict, e.to_string()),
        ManualPromotionError::Registry(e) => e.into(),
        ManualPromotionError::Scoring(m) => CliError::failure(m),
    })?;
    ctx.out.result(&outcome, || {
        let mut t = format!("quality gate: {}\n", if outcome.passed { "PASSED" } else { "REJECTED" });
        for r in &outcome.reasons {
            t.push_str(&format!("  {r}\n"));
        }
        if outcome.passed {
            let was = outcome.previous.map_or("none".to_string(), |v| format!("version {v}"));
            t.push_str(&format!("`{name}@champion` → version {version} (was {was})\n"));
        }
        t
    });
    if !outcome.passed {
        return Err(CliError::new(
            ExitCode::GateFailed,
            format!("quality gate refused to promote `{name}` version {version}; the champion is unchanged"),
        ));
    }
    Ok(())
}
