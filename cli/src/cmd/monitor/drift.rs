//! `hearth monitor drift REFERENCE CURRENT`: Evidently-exact data drift, most drifted column first.

use super::input::load;
use super::options::DriftArgs;
use super::{score, Context, Outputs};
use crate::exit::{CliError, CliResult};
use crate::output::table;
use crate::workspace::now_ms;
use hearth_core::monitor::{data_drift, DriftReport, HtmlReport, StoredReport};

/// Arguments of `hearth monitor drift`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The baseline: a CSV file or a dataset version (latest, previous, data-v1.0.0, id prefix).
    reference: String,
    /// The data to check, same forms.
    current: String,
    #[command(flatten)]
    drift: DriftArgs,
    #[command(flatten)]
    outputs: Outputs,
}

/// Compares the two inputs, prints the report, writes the files asked for and keeps the report.
pub fn run(ctx: &Context, args: Args) -> CliResult {
    let options = args.drift.options()?;
    let mut ws = ctx.workspace().ok();
    let reference = load(ctx, &mut ws, &args.reference)?;
    let current = load(ctx, &mut ws, &args.current)?;
    let report = data_drift(&reference.table, &current.table, &options)
        .map_err(|e| CliError::invalid(format!("{} vs {}: {e}", reference.label, current.label)))?;
    let title = format!("Data drift: {} → {}", reference.label, current.label);
    let subtitle =
        format!("{} reference rows vs {} current rows", report.reference_rows, report.current_rows);
    let page = HtmlReport { title: &title, subtitle: &subtitle, drift: Some(&report), quality: None };
    args.outputs.write(&report, &page)?;
    let record = StoredReport::drift(now_ms(), reference.label.clone(), current.label.clone(), &report);
    let saved = args.outputs.save(ws.as_ref(), &record)?;
    ctx.out.result(&report, || {
        let mut text = format!("{} → {}\n", reference.label, current.label);
        text.push_str(&human(&report));
        if let Some(id) = saved {
            text.push_str(&format!("saved as monitoring report {id}\n"));
        }
        text
    });
    args.outputs.verdict(Some(&report))
}

/// The verdict line and the per-column table, most drifted first.
pub(super) fn human(d: &DriftReport) -> String {
    let rows: Vec<Vec<String>> = d
        .columns_by_severity()
        .into_iter()
        .map(|c| {
            vec![
                c.column_name.clone(),
                c.column_type.name().to_string(),
                c.stattest.name().to_string(),
                score(c.stattest_threshold),
                score(c.drift_score),
                if c.drift_detected { "DRIFT".into() } else { "-".into() },
            ]
        })
        .collect();
    let mut text = format!(
        "dataset drift: {} — {} of {} columns drifted ({:.1}%, threshold {:.1}%); {} vs {} rows\n\n",
        if d.dataset_drift { "DETECTED" } else { "not detected" },
        d.number_of_drifted_columns,
        d.number_of_columns,
        100.0 * d.share_of_drifted_columns,
        100.0 * d.drift_share,
        d.reference_rows,
        d.current_rows
    );
    text.push_str(&table(&["column", "type", "test", "threshold", "score", "drift"], &rows));
    for s in &d.skipped_columns {
        text.push_str(&format!("not tested: {} ({})\n", s.column_name, s.reason));
    }
    text
}
