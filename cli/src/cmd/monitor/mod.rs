//! `hearth monitor …`: data drift and regression quality, as a table, JSON and one HTML file;
//! every report is kept in the workspace so `hearth monitor history` can list them.

mod drift;
mod history;
mod input;
mod options;
mod performance;

use super::Context;
use crate::block_on::block_on;
use crate::exit::{CliError, CliResult, ExitCode};
use crate::workspace::Workspace;
use hearth_core::monitor::{save_report, DriftReport, HtmlReport, StoredReport};
use std::path::Path;

/// Subcommands of `hearth monitor`.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Data drift of CURRENT against REFERENCE (CSV files or dataset versions), Evidently's rules.
    Drift(Box<drift::Args>),
    /// Regression quality of predictions against the target (a prediction column, or a registered model).
    Performance(Box<performance::Args>),
    /// Stored monitoring reports, oldest first.
    History(history::Args),
}

/// Runs one `hearth monitor` subcommand.
pub fn run(ctx: &Context, command: Command) -> CliResult {
    match command {
        Command::Drift(args) => drift::run(ctx, *args),
        Command::Performance(args) => performance::run(ctx, *args),
        Command::History(args) => history::run(ctx, args),
    }
}

/// Output files shared by the report commands.
#[derive(Debug, clap::Args)]
struct Outputs {
    /// Also write the self-contained HTML report here.
    #[arg(long, value_name = "FILE")]
    html: Option<std::path::PathBuf>,
    /// Also write the JSON report here (the layout in core's `monitor/SCHEMA.md`).
    #[arg(long, value_name = "FILE.json")]
    out: Option<std::path::PathBuf>,
    /// Exit with code 7 when dataset drift is detected (for CI).
    #[arg(long)]
    fail_on_drift: bool,
    /// Do not keep the report in the workspace history.
    #[arg(long)]
    no_save: bool,
}

impl Outputs {
    /// Writes the JSON and HTML files that were asked for.
    fn write<T: serde::Serialize>(&self, json: &T, page: &HtmlReport<'_>) -> CliResult {
        if let Some(path) = &self.out {
            let text = serde_json::to_string_pretty(json).expect("reports serialise") + "\n";
            write_file(path, text.as_bytes())?;
        }
        if let Some(path) = &self.html {
            write_file(path, hearth_core::monitor::render_html(page).as_bytes())?;
        }
        Ok(())
    }

    /// Keeps `record` in the workspace history (when there is a workspace and `--no-save` is absent);
    /// returns its id.
    fn save(&self, ws: Option<&Workspace>, record: &StoredReport) -> CliResult<Option<String>> {
        let Some(ws) = ws.filter(|_| !self.no_save) else { return Ok(None) };
        block_on(save_report(&ws.store, record)).map_err(|e| CliError::failure(e.to_string()))?;
        Ok(Some(record.id.clone()))
    }

    /// The exit status: drift is an error only with `--fail-on-drift`.
    fn verdict(&self, drift: Option<&DriftReport>) -> CliResult {
        match drift {
            Some(d) if self.fail_on_drift && d.dataset_drift => Err(CliError::new(
                ExitCode::DriftDetected,
                format!(
                    "dataset drift detected: {} of {} columns drifted (share {:.3} ≥ {})",
                    d.number_of_drifted_columns,
                    d.number_of_columns,
                    d.share_of_drifted_columns,
                    d.drift_share
                ),
            )),
            _ => Ok(()),
        }
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> CliResult {
    std::fs::write(path, bytes)
        .map_err(|e| CliError::failure(format!("cannot write {}: {e}", path.display())))
}

/// A score for humans: p-values near zero in scientific notation, everything else to 4 decimals.
fn score(x: f64) -> String {
    if x == 0.0 {
        "0".into()
    } else if x.abs() < 1e-3 {
        format!("{x:.3e}")
    } else {
        format!("{x:.4}")
    }
}
