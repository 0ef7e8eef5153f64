//! `hearth monitor performance DATA`: regression quality (Evidently's RegressionPreset content) of
//! a prediction column, or of a registered model's predictions — then also drift against the
//! model's training profile, which the bundle carries.

use super::input::load;
use super::options::DriftArgs;
use super::{score, Context, Outputs};
use crate::block_on::block_on;
use crate::exit::{CliError, CliResult};
use crate::output::table;
use crate::workspace::now_ms;
use hearth_core::data::{ColumnData, Table};
use hearth_core::monitor::{regression_quality, DriftReport, HtmlReport, RegressionQuality, StoredReport};
use hearth_core::registry::{ModelRef, Registry, RegistryError};
use hearth_core::serve::Predictor;
use serde::Serialize;

/// Arguments of `hearth monitor performance`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The labelled data: a CSV file or a dataset version.
    data: String,
    /// Column holding the predictions (or use --model).
    #[arg(long, value_name = "COL", required_unless_present = "model", conflicts_with = "model")]
    prediction: Option<String>,
    /// Column holding the true values (default with --model: the model's target).
    #[arg(long, value_name = "COL")]
    target: Option<String>,
    /// Predict with this registered model (NAME@ALIAS or NAME/VERSION; signature verified) and also
    /// check DATA for drift against the model's training data.
    #[arg(long, value_name = "NAME@ALIAS")]
    model: Option<String>,
    #[command(flatten)]
    drift: DriftArgs,
    #[command(flatten)]
    outputs: Outputs,
}

/// The JSON result: quality, plus drift when a model's training profile was available.
#[derive(Serialize)]
struct Performance<'a> {
    data: &'a str,
    model: Option<&'a str>,
    target: &'a str,
    quality: &'a RegressionQuality,
    drift: Option<&'a DriftReport>,
}

/// Scores the predictions, prints, writes the files asked for and keeps the report.
pub fn run(ctx: &Context, args: Args) -> CliResult {
    let options = args.drift.options()?;
    let mut ws = ctx.workspace().ok();
    let data = load(ctx, &mut ws, &args.data)?;
    let (prediction, target, drift, model) = match &args.model {
        Some(text) => {
            let reference: ModelRef =
                text.parse().map_err(|e: RegistryError| CliError::invalid(e.to_string()))?;
            if ws.is_none() {
                ws = Some(ctx.workspace()?);
            }
            let ws = ws.as_ref().expect("opened above");
            let key = ws.signing_key()?.public_key();
            let (version, bundle) = block_on(Registry::new(&ws.store).load_model(&reference, Some(&key)))?;
            let content = bundle.content;
            let prediction = content.predict(&data.table).map_err(|e| {
                CliError::invalid(format!("{}: model `{text}` cannot predict it: {e}", data.label))
            })?;
            let target = args.target.clone().unwrap_or(content.target.clone());
            let drift = content
                .reference_profile
                .drift(&data.table, &options)
                .map_err(|e| CliError::invalid(format!("drift against the training data: {e}")))?;
            let model = format!("{} version {}", version.model, version.version);
            (prediction, target, Some(drift), Some(model))
        }
        None => {
            let name = args.prediction.clone().expect("clap requires --prediction without --model");
            let target = args.target.clone().ok_or_else(|| {
                CliError::invalid(
                    "--target COL is required with --prediction (which column holds the truth?)",
                )
            })?;
            (numbers(&data.table, &name, &data.label)?, target, None, None)
        }
    };
    let truth = numbers(&data.table, &target, &data.label)?;
    let exclude = [Some(target.as_str()), args.prediction.as_deref()];
    let features = Table::new(
        data.table.columns().iter().filter(|c| !exclude.contains(&Some(c.name.as_str()))).cloned().collect(),
    )
    .expect("a subset of a valid table's columns is valid");
    let quality =
        regression_quality(&truth, &prediction, &features).map_err(|e| CliError::invalid(e.to_string()))?;
    let title = format!("Regression quality: {}", data.label);
    let subtitle = match &model {
        Some(m) => format!("{m} on {} rows; drift against its training data", quality.rows),
        None => format!(
            "column `{}` against `{target}`, {} rows",
            args.prediction.as_deref().unwrap_or(""),
            quality.rows
        ),
    };
    let page =
        HtmlReport { title: &title, subtitle: &subtitle, drift: drift.as_ref(), quality: Some(&quality) };
    let result = Performance {
        data: &data.label,
        model: model.as_deref(),
        target: &target,
        quality: &quality,
        drift: drift.as_ref(),
    };
    args.outputs.write(&result, &page)?;
    let record = StoredReport::performance(now_ms(), data.label.clone(), &quality);
    let saved = args.outputs.save(ws.as_ref(), &record)?;
    ctx.out.result(&result, || {
        let q = &quality;
        let mut text = format!(
            "{}{}: {} rows scored",
            data.label,
            model.as_ref().map_or(String::new(), |m| format!(" with {m}")),
            q.rows
        );
        if q.dropped_rows > 0 {
            text.push_str(&format!(" ({} dropped: missing or non-finite target/prediction)", q.dropped_rows));
        }
        text.push_str("\n\n");
        let rows = [
            ("ME", q.mean_error),
            ("MAE", q.mean_abs_error),
            ("MAPE %", q.mean_abs_perc_error),
            ("RMSE", q.rmse),
            ("R²", q.r2_score),
        ]
        .map(|(k, v)| vec![k.to_string(), score(v)]);
        text.push_str(&table(&["metric", "value"], &rows));
        if let Some(d) = &drift {
            text.push_str("\ndrift against the training data\n");
            text.push_str(&super::drift::human(d));
        }
        if let Some(id) = saved {
            text.push_str(&format!("saved as monitoring report {id}\n"));
        }
        text
    });
    args.outputs.verdict(drift.as_ref())
}

/// The numeric values of `name`, or a clear rejection.
fn numbers(table: &Table, name: &str, source: &str) -> CliResult<Vec<f64>> {
    let column = table.column(name).ok_or_else(|| {
        let names: Vec<&str> = table.names().collect();
        CliError::invalid(format!("{source}: no column `{name}` (columns: {})", names.join(", ")))
    })?;
    match &column.data {
        ColumnData::Numeric(n) => Ok(n.values.clone()),
        ColumnData::Categorical(_) => {
            Err(CliError::invalid(format!("{source}: column `{name}` is text, expected numbers")))
        }
    }
}
