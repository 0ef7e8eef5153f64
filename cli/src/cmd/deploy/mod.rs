//! `hearth deploy plan|apply|status|history|rollback`: GitOps. The desired state of each environment
//! is `deploy/<env>.toml` in the workspace; `deploy/hearth.lock` records what was last applied; the
//! reconciler in `hearth_core::deploy` makes the edge match, over the HTTP client in [`http_edge`].

mod errors;
mod files;
mod http_edge;

use super::data::when::utc;
use super::Context;
use crate::block_on::block_on;
use crate::exit::{CliError, CliResult, ExitCode};
use crate::output::table;
use crate::workspace::Workspace;
use files::EnvFile;
use hearth_core::deploy::{apply, plan, resolve, Edge, EdgeDeployment, LockEntry, Plan, Resolved, Selector};
use http_edge::HttpEdge;
use serde::Serialize;

/// Subcommands of `hearth deploy`.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Desired (deploy/ENV.toml) vs what the edge serves, and drift from the last apply.
    Plan {
        /// Environment (default: every deploy/*.toml).
        env: Option<String>,
    },
    /// Make the edge match: upload bundles, switch, verify, roll back automatically on failure.
    Apply {
        /// Environment (default: every deploy/*.toml).
        env: Option<String>,
    },
    /// What every environment serves, and whether it is still what was last applied.
    Status,
    /// The edge's deployment history (newest first).
    History {
        /// Environment.
        env: String,
    },
    /// Roll back to the previous deployment, or to `--to VERSION` (verified like an apply).
    Rollback {
        /// Environment.
        env: String,
        /// Registry version to serve instead of the previous deployment.
        #[arg(long)]
        to: Option<u32>,
    },
}

/// Runs one `hearth deploy` subcommand.
pub fn run(ctx: &Context, command: Command) -> CliResult {
    let ws = ctx.workspace()?;
    match command {
        Command::Plan { env } => plan_envs(ctx, &ws, env),
        Command::Apply { env } => apply_envs(ctx, &ws, env),
        Command::Status => status(ctx, &ws),
        Command::History { env } => history(ctx, &ws, &env),
        Command::Rollback { env, to } => rollback(ctx, &ws, &env, to),
    }
}

fn chosen(ws: &Workspace, env: Option<String>) -> CliResult<Vec<String>> {
    match env {
        Some(env) => Ok(vec![env]),
        None => files::environments(&ws.root),
    }
}

/// Manifest, registry resolution (gates included) and the edge client, in that order: a bad
/// manifest or unknown model fails before anything is sent.
fn prepare(ws: &Workspace, env: &str) -> CliResult<(EnvFile, Resolved, HttpEdge)> {
    let file = files::read_manifest(&ws.root, env)?;
    let key = ws.signing_key()?.public_key();
    let resolved =
        block_on(resolve(&ws.store, &file.manifest, &file.shown, &key)).map_err(errors::resolve)?;
    let edge = http_edge::connect(&file.manifest.url, files::token(&file)?);
    Ok((file, resolved, edge))
}

fn short(hash: &str) -> &str {
    &hash[..12.min(hash.len())]
}

fn describe(d: Option<&EdgeDeployment>) -> String {
    match d {
        None => "nothing deployed".into(),
        Some(d) => {
            let canary = d.canary.as_ref().map_or(String::new(), |c| {
                format!(", canary version {} ({}) at {}", c.version, short(&c.bundle), c.share)
            });
            format!("version {} ({}){canary}", d.version, short(&d.bundle))
        }
    }
}

fn describe_plan(p: &Plan) -> String {
    let d = &p.desired;
    let canary = d.canary.as_ref().map_or(String::new(), |(t, share)| {
        format!(", canary version {} ({}) at {share}", t.version, t.selected_by)
    });
    let mut text = format!(
        "{}: {} version {} ({}, bundle {}){canary}\n  edge serves: {}\n",
        p.env,
        d.model,
        d.primary.version,
        d.primary.selected_by,
        short(&d.primary.bundle),
        describe(p.observed.as_ref())
    );
    if let Some(drift) = &p.drift {
        text.push_str(&format!(
            "  drift detected: the edge no longer serves what was last applied (lock: version {} {})\n",
            drift.locked.primary.version,
            short(&drift.locked.primary.bundle)
        ));
    }
    if p.in_sync() {
        text.push_str("  in sync: nothing to do\n");
    }
    for a in &p.actions {
        text.push_str(&format!("  - {a}\n"));
    }
    text
}

fn plan_envs(ctx: &Context, ws: &Workspace, env: Option<String>) -> CliResult {
    let lock = files::read_lock(&ws.root)?;
    let mut plans = Vec::new();
    for env in chosen(ws, env)? {
        let (_, resolved, edge) = prepare(ws, &env)?;
        let observed = block_on(edge.deployment()).map_err(errors::edge)?;
        plans.push(plan(&env, &resolved.desired, observed.as_ref(), lock.environments.get(&env)));
    }
    ctx.out.result(&plans, || plans.iter().map(describe_plan).collect::<Vec<_>>().join("\n"));
    Ok(())
}

#[derive(Serialize)]
struct ApplyReport {
    env: String,
    #[serde(flatten)]
    applied: hearth_core::deploy::Applied,
    lock_written: bool,
}

fn apply_envs(ctx: &Context, ws: &Workspace, env: Option<String>) -> CliResult {
    let mut reports = Vec::new();
    for env in chosen(ws, env)? {
        let (file, resolved, edge) = prepare(ws, &env)?;
        let mut lock = files::read_lock(&ws.root)?;
        let applied = block_on(apply(
            &edge,
            &env,
            &resolved,
            lock.environments.get(&env),
            file.manifest.health.as_ref(),
        ))
        .map_err(|e| errors::apply(&env, e))?;
        lock.environments.insert(env.clone(), LockEntry::applied(&resolved.desired));
        let lock_written = files::write_lock(&ws.root, &lock)?;
        reports.push(ApplyReport { env, applied, lock_written });
    }
    ctx.out.result(&reports, || {
        let mut text = String::new();
        for r in &reports {
            let a = &r.applied;
            if !a.changed {
                text.push_str(&format!(
                    "{}: nothing to do — the edge already serves {}\n",
                    r.env,
                    describe(a.deployment.as_ref())
                ));
                continue;
            }
            for action in &a.plan.actions {
                text.push_str(&format!("{}: {action}\n", r.env));
            }
            if a.drift_corrected {
                text.push_str(&format!(
                    "{}: drift corrected: the edge serves the manifest's state again\n",
                    r.env
                ));
            }
            let smoke = a
                .verification
                .as_ref()
                .and_then(|v| v.smoke.as_ref())
                .map_or(String::new(), |s| format!(", smoke prediction {}", s.prediction));
            text.push_str(&format!(
                "{}: applied and verified (healthy{smoke}): {}\n",
                r.env,
                describe(a.deployment.as_ref())
            ));
        }
        text
    });
    Ok(())
}

#[derive(Serialize)]
struct StatusRow {
    env: String,
    url: String,
    serving: Option<EdgeDeployment>,
    locked: Option<LockEntry>,
    /// The edge serves exactly what was last applied.
    matches_lock: bool,
    error: Option<String>,
}

fn status(ctx: &Context, ws: &Workspace) -> CliResult {
    let lock = files::read_lock(&ws.root)?;
    let mut rows = Vec::new();
    for env in files::environments(&ws.root)? {
        let file = files::read_manifest(&ws.root, &env)?;
        let locked = lock.environments.get(&env).cloned();
        let observed = files::token(&file).and_then(|t| {
            block_on(http_edge::connect(&file.manifest.url, t).deployment()).map_err(errors::edge)
        });
        let (serving, error) = match observed {
            Ok(d) => (d, None),
            Err(e) => (None, Some(e.message)),
        };
        let matches_lock = error.is_none() && locked.as_ref().is_some_and(|l| l.matches(serving.as_ref()));
        rows.push(StatusRow { env, url: file.manifest.url, serving, locked, matches_lock, error });
    }
    ctx.out.result(&rows, || {
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                let state = match (&r.error, &r.locked) {
                    (Some(e), _) => e.clone(),
                    (None, None) => "never applied".into(),
                    (None, Some(_)) if r.matches_lock => "as applied".into(),
                    (None, Some(l)) => format!("DRIFT (applied version {})", l.primary.version),
                };
                vec![r.env.clone(), r.url.clone(), describe(r.serving.as_ref()), state]
            })
            .collect();
        table(&["env", "edge", "serving", "state"], &cells)
    });
    match rows.iter().find_map(|r| r.error.as_ref()) {
        Some(e) => Err(CliError::failure(e.clone())),
        None => Ok(()),
    }
}

fn history(ctx: &Context, ws: &Workspace, env: &str) -> CliResult {
    let file = files::read_manifest(&ws.root, env)?;
    let edge = http_edge::connect(&file.manifest.url, files::token(&file)?);
    let entries = block_on(edge.history()).map_err(errors::edge)?;
    ctx.out.result(&entries, || {
        let cells: Vec<Vec<String>> = entries
            .iter()
            .map(|h| {
                let canary =
                    h.canary.as_ref().map_or("-".into(), |c| format!("{} at {}", c.version, c.share));
                vec![utc(h.at_ms), h.action.clone(), h.version.to_string(), short(&h.bundle).into(), canary]
            })
            .collect();
        table(&["at", "action", "version", "bundle", "canary"], &cells)
    });
    Ok(())
}

#[derive(Serialize)]
struct RollbackReport {
    env: String,
    from: EdgeDeployment,
    deployment: EdgeDeployment,
}

/// Back to the previous deployment through the edge (`POST /admin/rollback`), or to `--to VERSION`
/// through the reconciler (upload, compare-and-swap, verify). The lock records what now runs, so the
/// next `apply` shows the way back to the manifest as a plain plan, not as drift.
fn rollback(ctx: &Context, ws: &Workspace, env: &str, to: Option<u32>) -> CliResult {
    let file = files::read_manifest(&ws.root, env)?;
    let edge = http_edge::connect(&file.manifest.url, files::token(&file)?);
    let from = block_on(edge.deployment()).map_err(errors::edge)?.ok_or_else(|| {
        CliError::new(ExitCode::Conflict, format!("{env}: nothing is deployed, nothing to roll back"))
    })?;
    let deployment = match to {
        None => block_on(edge.rollback(&from.bundle)).map_err(errors::edge)?,
        Some(version) => {
            let mut manifest = file.manifest.clone();
            manifest.primary = Selector::Version(version);
            manifest.canary = None;
            manifest.gates = Default::default();
            let key = ws.signing_key()?.public_key();
            let resolved =
                block_on(resolve(&ws.store, &manifest, &file.shown, &key)).map_err(errors::resolve)?;
            let applied = block_on(apply(&edge, env, &resolved, None, manifest.health.as_ref()))
                .map_err(|e| errors::apply(env, e))?;
            applied.deployment.unwrap_or_else(|| from.clone())
        }
    };
    let mut lock = files::read_lock(&ws.root)?;
    lock.environments
        .insert(env.to_string(), LockEntry::serving(&file.manifest.model, &deployment, "rollback"));
    files::write_lock(&ws.root, &lock)?;
    let report = RollbackReport { env: env.to_string(), from, deployment };
    ctx.out.result(&report, || {
        format!(
            "{env}: rolled back from {} to {}",
            describe(Some(&report.from)),
            describe(Some(&report.deployment))
        )
    });
    Ok(())
}
