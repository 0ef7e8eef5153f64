//! `hearth push [REF...]`, `hearth pull [REF...]`, `hearth fetch`, `hearth status --remote`.
//!
//! Only missing objects travel (the report gives their count and bytes); a push interrupted after
//! some uploads resumes, skipping objects the remote already holds; pointers (tags, aliases) move by
//! compare-and-swap, and a lost race exits 5 with both values.

use super::config;
use super::transport::Remote;
use crate::block_on::block_on;
use crate::cmd::Context;
use crate::exit::{CliError, CliResult, ExitCode};
use hearth_core::sync::{self, Conflict, SyncError};

/// Arguments shared by push and pull.
#[derive(Debug, clap::Args)]
pub struct SyncArgs {
    /// Pointers to move (a tag such as data-v1.0.0, MODEL@ALIAS, or MODEL); all when none.
    /// Objects and records always travel in full, so every pointer resolves on the other side.
    pub refs: Vec<String>,
    /// Which remote (needed only when several are configured).
    #[arg(long)]
    pub remote: Option<String>,
}

/// `hearth status` arguments.
#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// Compare with a remote (its name, or the only one).
    #[arg(long, num_args = 0..=1, default_missing_value = "")]
    pub remote: Option<String>,
}

fn connect(
    ctx: &Context,
    name: Option<&str>,
) -> CliResult<(crate::workspace::Workspace, config::RemoteConfig, Remote)> {
    let ws = ctx.workspace()?;
    let config = config::find(&ws, name.filter(|n| !n.is_empty()))?;
    let remote = Remote::connect(&config)?;
    Ok((ws, config, remote))
}

/// `hearth push`.
pub fn push(ctx: &Context, args: SyncArgs) -> CliResult {
    let (ws, config, remote) = connect(ctx, args.remote.as_deref())?;
    let report = block_on(sync::push(&ws.store, &remote, &config.name, &args.refs, &mut |p| {
        if let Some(key) = p.key {
            ctx.out.progress(&format!("sent {}/{}: {key}", p.objects_done, p.objects_total));
        }
    }));
    ctx.out.progress_done();
    let report = report.map_err(|e| error(e, "push"))?;
    ctx.out.result(&report, || {
        format!(
            "pushed to {}: {} objects sent ({} bytes), {} already there, {} records, {} pointers",
            config.name,
            report.objects_sent,
            report.bytes_sent,
            report.objects_skipped,
            report.records,
            report.pointers
        )
    });
    Ok(())
}

/// `hearth pull` (`move_pointers`) or `hearth fetch`.
pub fn pull(ctx: &Context, args: SyncArgs, move_pointers: bool) -> CliResult {
    let (ws, config, remote) = connect(ctx, args.remote.as_deref())?;
    let mut progress = |p: &sync::Progress| {
        if let Some(key) = p.key {
            ctx.out.progress(&format!("received {}/{}: {key}", p.objects_done, p.objects_total));
        }
    };
    let report = if move_pointers {
        block_on(sync::pull(&ws.store, &remote, &config.name, &args.refs, &mut progress))
    } else {
        block_on(sync::fetch(&ws.store, &remote, &config.name, &mut progress))
    };
    ctx.out.progress_done();
    let report = report.map_err(|e| error(e, if move_pointers { "pull" } else { "fetch" }))?;
    ctx.out.result(&report, || {
        format!(
            "{} from {}: {} objects received ({} bytes), {} records, {} pointers",
            if move_pointers { "pulled" } else { "fetched" },
            config.name,
            report.objects_received,
            report.bytes_received,
            report.records,
            report.pointers
        )
    });
    for c in &report.replaced {
        eprintln!("note: {} (kept the remote's; yours was replaced)", describe(c));
    }
    Ok(())
}

/// `hearth status --remote`.
pub fn status(ctx: &Context, args: StatusArgs) -> CliResult {
    let Some(name) = args.remote else {
        return Err(CliError::new(
            ExitCode::Usage,
            "`hearth status` compares with a remote: use --remote [NAME]",
        ));
    };
    let (ws, config, remote) = connect(ctx, Some(&name))?;
    let report = block_on(sync::status(&ws.store, &remote, &config.name)).map_err(|e| error(e, "status"))?;
    ctx.out.result(&report, || {
        let mut text = format!(
            "remote {} ({})\nto push: {} objects ({} bytes), {} records\nto pull: {} objects, {} records\n",
            config.name,
            config.url,
            report.objects_to_push,
            report.bytes_to_push,
            report.records_to_push,
            report.objects_to_pull,
            report.records_to_pull
        );
        for p in &report.pointers {
            let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "(absent)".into());
            text.push_str(&format!(
                "{:8} {}: here {}, remote {}\n",
                p.state,
                p.key,
                show(&p.local),
                show(&p.remote)
            ));
        }
        if report.pointers.is_empty() {
            text.push_str("pointers: in sync\n");
        }
        text
    });
    Ok(())
}

/// Maps a sync failure to the CLI's exit codes, with a hint for conflicts.
fn error(e: SyncError, what: &str) -> CliError {
    match e {
        SyncError::Conflict(conflicts) => CliError::new(
            ExitCode::Conflict,
            format!(
                "{what} refused: {}; nothing was overwritten (pull, then promote again if you still want your value)",
                conflicts.iter().map(describe).collect::<Vec<_>>().join("; ")
            ),
        ),
        SyncError::UnknownRef(_) => CliError::not_found(e.to_string()),
        SyncError::Corrupt { .. } => CliError::invalid(e.to_string()),
        other => CliError::failure(other.to_string()),
    }
}

/// `MODEL@ALIAS is version 2 here but version 3 on the remote (set by bob)` for aliases.
fn describe(c: &Conflict) -> String {
    let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "absent".into());
    let alias = c.key.strip_prefix("registry/models/").and_then(|r| r.split_once("/aliases/"));
    match alias {
        Some((model, alias)) => format!(
            "{model}@{alias} is version {} here but version {} on the remote{}",
            show(&c.local),
            show(&c.remote),
            c.remote_by.as_ref().map(|b| format!(" (set by {b})")).unwrap_or_default()
        ),
        None => c.to_string(),
    }
}
