//! `hearth monitor history`: the reports kept in this workspace, oldest first.

use super::{score, Context};
use crate::block_on::block_on;
use crate::cmd::data::when::utc;
use crate::exit::{CliError, CliResult};
use crate::output::table;
use hearth_core::monitor::{list_reports, ReportSummary};

/// Arguments of `hearth monitor history`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only the last N reports.
    #[arg(long, value_name = "N")]
    last: Option<usize>,
}

/// Lists the stored reports (`--json`: the full records, reports included).
pub fn run(ctx: &Context, args: Args) -> CliResult {
    let ws = ctx.workspace()?;
    let mut records = block_on(list_reports(&ws.store)).map_err(|e| CliError::failure(e.to_string()))?;
    if let Some(n) = args.last {
        records.drain(..records.len().saturating_sub(n));
    }
    ctx.out.result(&records, || {
        if records.is_empty() {
            return "no monitoring reports yet: run `hearth monitor drift` or `hearth monitor performance`"
                .into();
        }
        let rows: Vec<Vec<String>> = records
            .iter()
            .map(|r| {
                let (kind, verdict) = match &r.summary {
                    ReportSummary::Drift {
                        number_of_columns,
                        number_of_drifted_columns,
                        dataset_drift,
                        drifted_columns,
                    } => (
                        "drift",
                        format!(
                            "{}: {number_of_drifted_columns}/{number_of_columns} columns{}",
                            if *dataset_drift { "DATASET DRIFT" } else { "no dataset drift" },
                            if drifted_columns.is_empty() {
                                String::new()
                            } else {
                                format!(" ({})", drifted_columns.join(", "))
                            }
                        ),
                    ),
                    ReportSummary::Performance { rows, mean_abs_error, rmse, r2_score } => (
                        "performance",
                        format!(
                            "{rows} rows, MAE {}, RMSE {}, R² {}",
                            score(*mean_abs_error),
                            score(*rmse),
                            score(*r2_score)
                        ),
                    ),
                };
                let inputs = match &r.reference {
                    Some(reference) => format!("{reference} → {}", r.current),
                    None => r.current.clone(),
                };
                vec![r.id.clone(), utc(r.created_at_ms), kind.into(), inputs, verdict]
            })
            .collect();
        table(&["id", "created", "kind", "data", "result"], &rows)
    });
    Ok(())
}
