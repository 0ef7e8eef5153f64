//! `hearth runs list|show|compare`: the experiment tracker's view of pipeline runs.

use super::data::when::utc;
use super::metrics_table::fmt_number;
use super::Context;
use crate::block_on::block_on;
use crate::exit::{CliError, CliResult};
use crate::output::table;
use hearth_core::registry::{Registry, Run, RunStatus};
use hearth_core::store::Store;
use serde::Serialize;
use std::collections::BTreeSet;

/// Subcommands of `hearth runs`.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List runs, oldest first.
    List,
    /// Show one run: status, lineage, params, metrics, tags and per-try task logs.
    Show {
        /// Run id (or a unique prefix of it).
        run: String,
    },
    /// Compare two runs' params and metrics side by side.
    Compare {
        /// First run id (or unique prefix).
        a: String,
        /// Second run id (or unique prefix).
        b: String,
    },
}

/// Runs one `hearth runs` subcommand.
pub fn run(ctx: &Context, command: Command) -> CliResult {
    let ws = ctx.workspace()?;
    let registry = Registry::new(&ws.store);
    match command {
        Command::List => list(ctx, &registry),
        Command::Show { run } => show(ctx, &find(&registry, &run)?),
        Command::Compare { a, b } => compare(ctx, &find(&registry, &a)?, &find(&registry, &b)?),
    }
}

/// The run whose id is `wanted` or starts with it (exactly one).
pub fn find<S: Store>(registry: &Registry<'_, S>, wanted: &str) -> CliResult<Run> {
    if let Some(run) = block_on(registry.get_run(wanted))? {
        return Ok(run);
    }
    let mut matches: Vec<Run> =
        block_on(registry.list_runs(None))?.into_iter().filter(|r| r.id.starts_with(wanted)).collect();
    match matches.len() {
        1 => Ok(matches.remove(0)),
        0 => Err(CliError::not_found(format!("no run `{wanted}`: see `hearth runs list`"))),
        n => Err(CliError::invalid(format!("`{wanted}` starts {n} run ids; give more characters"))),
    }
}

fn status_text(s: &RunStatus) -> String {
    match s {
        RunStatus::Running => "running".into(),
        RunStatus::Succeeded => "succeeded".into(),
        RunStatus::Failed { reason } => format!("failed: {reason}"),
        RunStatus::Cancelled { reason } => format!("cancelled: {reason}"),
    }
}

fn short(s: &str) -> &str {
    &s[..s.len().min(12)]
}

fn metric(run: &Run, name: &str) -> String {
    run.latest_metrics().get(name).map_or("-".into(), |v| fmt_number(*v))
}

fn list<S: Store>(ctx: &Context, registry: &Registry<'_, S>) -> CliResult {
    let runs = block_on(registry.list_runs(None))?;
    ctx.out.result(&runs, || {
        if runs.is_empty() {
            return "no runs yet: `hearth pipeline run` starts one".into();
        }
        let rows: Vec<Vec<String>> = runs
            .iter()
            .map(|r| {
                let status = match &r.status {
                    RunStatus::Failed { .. } => "failed".into(),
                    RunStatus::Cancelled { .. } => "cancelled".into(),
                    other => status_text(other),
                };
                vec![
                    short(&r.id).to_string(),
                    r.experiment.clone(),
                    status,
                    utc(r.started_at_ms),
                    r.dataset_version.as_deref().map_or("-", short).to_string(),
                    metric(r, "test_r2"),
                    metric(r, "test_mae"),
                ]
            })
            .collect();
        table(&["run", "experiment", "status", "started", "dataset", "test R²", "test MAE"], &rows)
    });
    Ok(())
}

fn show(ctx: &Context, run: &Run) -> CliResult {
    ctx.out.result(run, || {
        let mut t = format!(
            "run         {}\nexperiment  {}\nstatus      {}\n",
            run.id,
            run.experiment,
            status_text(&run.status)
        );
        t.push_str(&format!("started     {}\n", utc(run.started_at_ms)));
        if let (Some(end), Some(d)) = (run.ended_at_ms, run.duration_ms()) {
            t.push_str(&format!("ended       {} ({:.1} s)\n", utc(end), d as f64 / 1000.0));
        }
        t.push_str(&format!("dataset     {}\n", run.dataset_version.as_deref().unwrap_or("-")));
        t.push_str(&format!("definition  {}\n", run.pipeline_definition_hash.as_deref().unwrap_or("-")));
        t.push_str(&format!("hearth      {}\n", run.hearth_version));
        let params: Vec<Vec<String>> =
            run.params.iter().map(|(k, v)| vec![k.clone(), v.to_string()]).collect();
        t.push_str(&format!("\nparams:\n{}", table(&["param", "value"], &params)));
        let metrics: Vec<Vec<String>> =
            run.latest_metrics().iter().map(|(k, v)| vec![k.to_string(), fmt_number(*v)]).collect();
        if !metrics.is_empty() {
            t.push_str(&format!("\nmetrics:\n{}", table(&["metric", "value"], &metrics)));
        }
        let tags: Vec<Vec<String>> =
            run.tags.iter().map(|(k, v)| vec![k.clone(), short(v).to_string()]).collect();
        if !tags.is_empty() {
            t.push_str(&format!("\ntags:\n{}", table(&["tag", "value"], &tags)));
        }
        t.push_str("\ntask logs:\n");
        for l in &run.task_logs {
            t.push_str(&format!("  {} try {} → {}\n", l.task, l.try_number, l.state));
            for line in &l.lines {
                t.push_str(&format!("      {line}\n"));
            }
        }
        t
    });
    Ok(())
}

#[derive(Serialize)]
struct Difference {
    name: String,
    a: Option<String>,
    b: Option<String>,
}

#[derive(Serialize)]
struct Comparison {
    a: String,
    b: String,
    params: Vec<Difference>,
    metrics: Vec<(String, Option<f64>, Option<f64>)>,
}

fn compare(ctx: &Context, a: &Run, b: &Run) -> CliResult {
    let names: BTreeSet<&String> = a.params.keys().chain(b.params.keys()).collect();
    let params: Vec<Difference> = names
        .into_iter()
        .map(|n| Difference {
            name: n.clone(),
            a: a.params.get(n).map(|v| v.to_string()),
            b: b.params.get(n).map(|v| v.to_string()),
        })
        .filter(|d| d.a != d.b)
        .collect();
    let (ma, mb) = (a.latest_metrics(), b.latest_metrics());
    let metric_names: BTreeSet<&str> = ma.keys().chain(mb.keys()).copied().collect();
    let metrics: Vec<(String, Option<f64>, Option<f64>)> =
        metric_names.into_iter().map(|n| (n.to_string(), ma.get(n).copied(), mb.get(n).copied())).collect();
    let cmp = Comparison { a: a.id.clone(), b: b.id.clone(), params, metrics };
    ctx.out.result(&cmp, || {
        let (ha, hb) = (short(&a.id), short(&b.id));
        let show = |v: Option<f64>| v.map_or("-".to_string(), fmt_number);
        let rows: Vec<Vec<String>> = cmp
            .metrics
            .iter()
            .map(|(n, x, y)| {
                let delta = match (x, y) {
                    (Some(x), Some(y)) => fmt_number(y - x),
                    _ => "-".into(),
                };
                vec![n.clone(), show(*x), show(*y), delta]
            })
            .collect();
        let mut t = format!("metrics:\n{}", table(&["metric", ha, hb, "b − a"], &rows));
        if cmp.params.is_empty() {
            t.push_str("\nparams: identical\n");
        } else {
            let rows: Vec<Vec<String>> = cmp
                .params
                .iter()
                .map(|d| {
                    vec![d.name.clone(), d.a.clone().unwrap_or("-".into()), d.b.clone().unwrap_or("-".into())]
                })
                .collect();
            t.push_str(&format!("\nparams that differ:\n{}", table(&["param", ha, hb], &rows)));
        }
        let (da, db) =
            (a.dataset_version.as_deref().unwrap_or("-"), b.dataset_version.as_deref().unwrap_or("-"));
        let same = if da == db { " (same data)" } else { "" };
        t.push_str(&format!("\ndataset: {} vs {}{same}\n", short(da), short(db)));
        t
    });
    Ok(())
}
