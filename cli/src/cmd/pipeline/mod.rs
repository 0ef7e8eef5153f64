//! `hearth pipeline run`: the training pipeline (ingest → validate → split → train → evaluate →
//! gate → register → promote) with live task states on stderr, a metrics table and the gate's
//! verdict. A rejected candidate is a normal outcome: exit code 6, registry unchanged.

pub mod artifacts;
mod host;
mod params;
mod progress;
mod source;

use super::Context;
use crate::block_on::block_on;
use crate::exit::{CliError, CliResult, ExitCode};
use crate::output::table;
use hearth_core::pipeline::training::{
    training_pipeline, Evaluation, GateReport, RegisteredVersion, EVALUATION, GATE, REGISTERED, SELECTION,
};
use hearth_core::pipeline::{run_tracked, Executor, PipelineDefinition, RunLabels, RunOutcome, TaskState};
use hearth_core::registry::Registry;
use hearth_core::train::Selection;
use host::NativeHost;
use serde::Serialize;
use source::WorkspaceDatasets;
use std::path::PathBuf;

/// Subcommands of `hearth pipeline`.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Run the training pipeline: train candidates, evaluate on test rows, gate, register, promote.
    Run(RunArgs),
}

/// Arguments of `hearth pipeline run`.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// Pipeline definition (TOML); default: the built-in train-regressor pipeline.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Data: a dataset version ref (latest, previous, a tag, an id prefix) or a CSV file.
    #[arg(long)]
    data: Option<String>,
    /// Parameter override: `task.key=value` for one task, `key=value` for all (repeatable).
    #[arg(long = "param", value_name = "KEY=VALUE")]
    params: Vec<String>,
}

/// Runs one `hearth pipeline` subcommand.
pub fn run(ctx: &Context, command: Command) -> CliResult {
    match command {
        Command::Run(args) => run_pipeline(ctx, args),
    }
}

#[derive(Serialize)]
struct Candidate {
    name: String,
    selection_r2: Option<f64>,
    error: Option<String>,
    chosen: bool,
}

#[derive(Serialize)]
struct Task {
    name: String,
    state: TaskState,
}

#[derive(Serialize)]
struct Summary {
    run_id: String,
    outcome: RunOutcome,
    dataset_version: Option<String>,
    tasks: Vec<Task>,
    candidates: Vec<Candidate>,
    evaluation: Option<Evaluation>,
    gate: Option<GateReport>,
    registered: Option<RegisteredVersion>,
    champion: Option<u32>,
}

fn definition(args: &RunArgs) -> CliResult<PipelineDefinition> {
    let mut def = match &args.config {
        None => PipelineDefinition::default_pipeline(),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| CliError::invalid(format!("cannot read {}: {e}", path.display())))?;
            PipelineDefinition::from_toml(&text)
                .map_err(|e| CliError::invalid(format!("{}: {e}", path.display())))?
        }
    };
    if let Some(data) = &args.data {
        params::apply(&mut def, &[format!("ingest.data={}", serde_json::Value::String(data.clone()))])?;
    }
    params::apply(&mut def, &args.params)?;
    Ok(def)
}

fn run_pipeline(ctx: &Context, args: RunArgs) -> CliResult {
    let ws = ctx.workspace()?;
    let key = ws.signing_key()?;
    let def = definition(&args)?;
    let model =
        def.tasks.iter().find_map(|t| t.params.get("model")).and_then(|v| v.as_str()).map(String::from);
    let cwd = std::env::current_dir().map_err(|e| CliError::failure(format!("no current folder: {e}")))?;
    let source = WorkspaceDatasets { store: &ws.store, cwd };
    let now = crate::workspace::now_ms;
    let pipeline = training_pipeline(def, &source, &ws.store, &key, &now)
        .map_err(|e| CliError::invalid(format!("the pipeline definition does not bind: {e}")))?;
    let registry = Registry::new(&ws.store);
    let host = NativeHost::new();
    let mut sink = progress::StderrProgress::new(ctx.out.is_json());
    let mut executor =
        Executor::new(&ws.store, &host, &host).with_events(&mut sink).with_cancel(host.cancel_token());
    let (report, run) =
        block_on(run_tracked(&mut executor, &registry, &host, &pipeline, RunLabels::default()))
            .map_err(|e| CliError::failure(e.to_string()))?;

    let selection: Option<Selection> = artifacts::from_report(&ws.store, &report, &SELECTION)?;
    let champion = match &model {
        Some(m) => block_on(registry.alias(m, hearth_core::registry::CHAMPION))?,
        None => None,
    };
    let summary = Summary {
        run_id: run.id.clone(),
        outcome: report.outcome.clone(),
        dataset_version: run.dataset_version.clone(),
        tasks: report.tasks.iter().map(|t| Task { name: t.name.clone(), state: t.outcome.state() }).collect(),
        candidates: selection.map(candidates).unwrap_or_default(),
        evaluation: artifacts::from_report(&ws.store, &report, &EVALUATION)?,
        gate: artifacts::from_report(&ws.store, &report, &GATE)?,
        registered: artifacts::from_report(&ws.store, &report, &REGISTERED)?,
        champion,
    };
    ctx.out.result(&summary, || human(&summary, model.as_deref()));
    verdict(&summary)
}

fn candidates(selection: Selection) -> Vec<Candidate> {
    let best = selection.best;
    selection
        .scores
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let (selection_r2, error) = match s.r2 {
                Ok(r2) => (Some(r2), None),
                Err(e) => (None, Some(e)),
            };
            Candidate { name: s.spec.name(), selection_r2, error, chosen: i == best }
        })
        .collect()
}

/// The exit status: failure for a failed run, 6 for a rejected candidate, success otherwise.
fn verdict(s: &Summary) -> CliResult {
    match &s.outcome {
        RunOutcome::Failed { reason } => {
            return Err(CliError::failure(format!("run {} failed: {reason}", s.run_id)))
        }
        RunOutcome::Cancelled { reason } => {
            return Err(CliError::failure(format!("run {} was cancelled: {reason}", s.run_id)))
        }
        RunOutcome::Succeeded => {}
    }
    let promoted = s.tasks.iter().any(|t| t.name == "promote" && t.state == TaskState::Success);
    match &s.gate {
        Some(g) if !g.decision.passed || !promoted && s.registered.is_some() => {
            let failed: Vec<&str> =
                g.decision.reasons.iter().filter(|r| r.starts_with("failed")).map(String::as_str).collect();
            Err(CliError::new(
                ExitCode::GateFailed,
                format!("quality gate rejected the candidate of run {}: {}", s.run_id, failed.join("; ")),
            ))
        }
        _ => Ok(()),
    }
}

fn human(s: &Summary, model: Option<&str>) -> String {
    let mut text = format!("run {}", s.run_id);
    if let Some(v) = &s.dataset_version {
        text.push_str(&format!(" on dataset {}", &v[..v.len().min(12)]));
    }
    text.push('\n');
    if !s.candidates.is_empty() {
        let rows: Vec<Vec<String>> = s
            .candidates
            .iter()
            .map(|c| {
                vec![
                    if c.chosen { "*".into() } else { String::new() },
                    c.name.clone(),
                    c.selection_r2.map_or_else(|| c.error.clone().unwrap_or_default(), |r| format!("{r:.4}")),
                ]
            })
            .collect();
        text.push_str("\ncandidates (selected on validation / cross-validation R², never on test rows):\n");
        text.push_str(&table(&["", "model", "selection R²"], &rows));
    }
    if let Some(e) = &s.evaluation {
        text.push_str(&format!("\nchosen model on {} held-out test rows:\n", e.test_rows));
        text.push_str(&super::metrics_table::metrics_table(&e.metrics));
    }
    if let Some(g) = &s.gate {
        let verdict = if g.decision.passed { "PASSED" } else { "REJECTED" };
        text.push_str(&format!("\nquality gate: {verdict}\n"));
        for r in &g.decision.reasons {
            text.push_str(&format!("  {r}\n"));
        }
    }
    match (&s.registered, s.champion) {
        (Some(r), Some(c)) if c == r.version => text.push_str(&format!(
            "\nregistered `{}` version {} and promoted it to champion\n",
            r.model, r.version
        )),
        (Some(r), _) => {
            text.push_str(&format!("\nregistered `{}` version {} (not promoted)\n", r.model, r.version))
        }
        (None, _) if s.gate.is_some() => {
            let m = model.unwrap_or("the model");
            let champ =
                s.champion.map_or("no champion yet".to_string(), |c| format!("champion stays version {c}"));
            text.push_str(&format!("\nregistry unchanged: `{m}` {champ}\n"));
        }
        (None, _) => {}
    }
    text
}
