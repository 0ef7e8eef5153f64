//! `hearth`: the native front door. Every command runs hearth-core over a filesystem store in a
//! workspace folder, prints a table for humans or JSON with `--json`, and exits with a code
//! scripts can trust (see [`exit::ExitCode`]).

mod block_on;
mod cmd;
mod exit;
mod fs_store;
mod output;
mod workspace;

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Hearth — the whole MLOps lifecycle, no servers.
#[derive(Debug, Parser)]
#[command(name = "hearth", version, about)]
struct Cli {
    /// Workspace folder (default: the nearest folder upward holding `.hearth`, else the current one).
    #[arg(long, global = true, env = "HEARTH_WORKSPACE")]
    workspace: Option<PathBuf>,
    /// Print machine-readable JSON instead of tables.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create a workspace (`.hearth/`) with a fresh model-signing key.
    Init(cmd::init::Args),
    /// Dataset versions: import, sample, list, show, diff, export to DVC.
    #[command(subcommand)]
    Data(cmd::data::Command),
    /// The training pipeline: ingest → validate → split → train → evaluate → gate → register → promote.
    #[command(subcommand)]
    Pipeline(cmd::pipeline::Command),
    /// Tracked pipeline runs: list, show, compare.
    #[command(subcommand)]
    Runs(cmd::runs::Command),
    /// The model registry: list, show, promote (through the gate), alias, export.
    #[command(subcommand)]
    Models(cmd::models::Command),
    /// Predict with a registered model on a CSV file or JSON.
    Predict(cmd::predict::Args),
    /// The workspace's bundle-signing key: export the public half.
    #[command(subcommand)]
    Key(cmd::key::Command),
    /// GitOps deployments: plan, apply, status, history, rollback (manifests in `deploy/`).
    #[command(subcommand)]
    Deploy(cmd::deploy::Command),
    /// Monitoring: Evidently-exact data drift, regression quality, report history.
    #[command(subcommand)]
    Monitor(cmd::monitor::Command),
    /// Team remotes: add, list (a Hearth worker with R2 + D1, or an S3-compatible bucket).
    #[command(subcommand)]
    Remote(cmd::remote::Command),
    /// Send missing objects, records and changed pointers (compare-and-swap) to a remote.
    Push(cmd::remote::sync::SyncArgs),
    /// Receive missing objects and records, and the pointers that moved on the remote.
    Pull(cmd::remote::sync::SyncArgs),
    /// Receive missing objects and records without moving any pointer.
    Fetch(cmd::remote::sync::SyncArgs),
    /// Compare the workspace with a remote (`--remote [NAME]`).
    Status(cmd::remote::sync::StatusArgs),
}

fn main() {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => usage_error(e),
    };
    let out = output::Output::new(cli.json);
    let ctx = cmd::Context { workspace: cli.workspace, out };
    let result = match cli.command {
        Command::Init(args) => cmd::init::run(&ctx, args),
        Command::Data(c) => cmd::data::run(&ctx, c),
        Command::Pipeline(c) => cmd::pipeline::run(&ctx, c),
        Command::Runs(c) => cmd::runs::run(&ctx, c),
        Command::Models(c) => cmd::models::run(&ctx, c),
        Command::Predict(args) => cmd::predict::run(&ctx, args),
        Command::Key(c) => cmd::key::run(&ctx, c),
        Command::Monitor(c) => cmd::monitor::run(&ctx, c),
        Command::Deploy(c) => cmd::deploy::run(&ctx, c),
        Command::Remote(c) => cmd::remote::run(&ctx, c),
        Command::Push(args) => cmd::remote::sync::push(&ctx, args),
        Command::Pull(args) => cmd::remote::sync::pull(&ctx, args, true),
        Command::Fetch(args) => cmd::remote::sync::pull(&ctx, args, false),
        Command::Status(args) => cmd::remote::sync::status(&ctx, args),
    };
    if let Err(e) = result {
        ctx.out.error(&e);
        std::process::exit(e.code() as i32);
    }
}

/// Help and version go to stdout as clap prints them; a wrong command line exits 2 — as JSON on
/// stderr when `--json` was asked for, so scripts parsing our errors never see clap's text.
fn usage_error(e: clap::Error) -> ! {
    use clap::error::ErrorKind;
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion)
        || !std::env::args().any(|a| a == "--json")
    {
        e.exit();
    }
    let message = e.render().to_string();
    // clap's first paragraph is the error itself; the usage line and the `--help` hint follow it.
    let message = message
        .split("\n\n")
        .next()
        .unwrap_or("")
        .trim_start_matches("error: ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let err = exit::CliError::new(exit::ExitCode::Usage, message);
    output::Output::new(true).error(&err);
    std::process::exit(exit::ExitCode::Usage as i32);
}
