//! `hearth data …`: dataset versions — import, sample, list, show, diff, export to DVC.

mod diff;
mod export_dvc;
mod import;
mod sample;
mod show;
pub(crate) mod when;

use super::Context;
use crate::exit::{CliError, CliResult, ExitCode};
use hearth_core::version::{RefError, RepoError, VersionRef};

/// Subcommands of `hearth data`.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Validate, profile and version a CSV file (same bytes → same version, stored once).
    Import(import::Args),
    /// Generate the built-in house-price sample as CSV (stdout unless --out).
    Sample(sample::Args),
    /// List dataset versions, oldest first.
    List,
    /// Show a version and its column profiles (REF: latest, previous, a tag or an id prefix).
    Show(show::Args),
    /// What changed between two versions: schema, rows, column statistics.
    Diff(diff::Args),
    /// Write a version as a DVC 3 `.dvc` file plus a local remote that `dvc pull` reads.
    ExportDvc(export_dvc::Args),
}

/// Runs one `hearth data` subcommand.
pub fn run(ctx: &Context, command: Command) -> CliResult {
    match command {
        Command::Import(args) => import::run(ctx, args),
        Command::Sample(args) => sample::run(ctx, args),
        Command::List => show::list(ctx),
        Command::Show(args) => show::run(ctx, args),
        Command::Diff(args) => diff::run(ctx, args),
        Command::ExportDvc(args) => export_dvc::run(ctx, args),
    }
}

/// Parses a ref typed by the user.
pub(crate) fn parse_ref(text: &str) -> CliResult<VersionRef> {
    VersionRef::parse(text).map_err(|e| repo_error(e.into()))
}

/// The exit code class of each repository failure.
pub(crate) fn repo_error(e: RepoError) -> CliError {
    let kind = match e {
        RepoError::Store(s) => return s.into(),
        RepoError::Ingest(_) | RepoError::Ref(RefError::Invalid(_) | RefError::Ambiguous { .. }) => {
            ExitCode::InvalidInput
        }
        RepoError::Ref(_) => ExitCode::NotFound,
        RepoError::TagTaken { .. } | RepoError::AlreadyTagged { .. } | RepoError::Contended => {
            ExitCode::Conflict
        }
        RepoError::Corrupt(_) => ExitCode::Failure,
    };
    CliError::new(kind, e.to_string())
}
