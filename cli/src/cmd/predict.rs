//! `hearth predict --model NAME@ALIAS|NAME/VERSION INPUT`: predictions from a registered model,
//! its bundle verified under the workspace key and the input validated against its signature
//! exactly as the prediction service does (every bad field named).

use super::models::{load, parse_ref};
use super::Context;
use crate::exit::{CliError, CliResult};
use crate::output::table;
use hearth_core::serve::{Limits, ModelInfo, ServedModel};
use serde::Serialize;
use serde_json::{json, Value};

/// Arguments of `hearth predict`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Model: `NAME@ALIAS` (e.g. `house_price_prediction_prod@champion`) or `NAME/VERSION`.
    #[arg(long)]
    model: String,
    /// A CSV file (header naming the inputs), a JSON file, or inline JSON: one record `{...}`, a list
    /// of records `[{...}]`, or an MLflow body (`dataframe_split`, `dataframe_records`, `instances`, `inputs`).
    input: String,
}

#[derive(Serialize)]
struct Predictions {
    model: String,
    version: u32,
    target: String,
    predictions: Vec<f64>,
}

/// The request body and its media type.
fn body(input: &str) -> CliResult<(&'static str, Vec<u8>)> {
    let trimmed = input.trim_start();
    let (is_json, bytes) = if trimmed.starts_with('{') || trimmed.starts_with('[') {
        (true, input.as_bytes().to_vec())
    } else {
        let bytes =
            std::fs::read(input).map_err(|e| CliError::not_found(format!("cannot read {input}: {e}")))?;
        (input.to_ascii_lowercase().ends_with(".json"), bytes)
    };
    if !is_json {
        return Ok(("text/csv", bytes));
    }
    let value: Value = serde_json::from_slice(&bytes)
        .map_err(|e| CliError::invalid(format!("the JSON input is malformed: {e}")))?;
    const FORMATS: [&str; 4] = ["dataframe_split", "dataframe_records", "instances", "inputs"];
    let wrapped = match value {
        Value::Array(records) => json!({ "dataframe_records": records }),
        Value::Object(map) if !FORMATS.iter().any(|f| map.contains_key(*f)) => {
            json!({ "dataframe_records": [map] })
        }
        other => other,
    };
    Ok(("application/json", serde_json::to_vec(&wrapped).expect("JSON re-serialises")))
}

/// Runs `hearth predict`.
pub fn run(ctx: &Context, args: Args) -> CliResult {
    let ws = ctx.workspace()?;
    let reference = parse_ref(&args.model)?;
    let (version, bundle) = load(&ws, &reference)?;
    let (content_type, body) = body(&args.input)?;
    let target = bundle.content.target.clone();
    let signature = bundle.content.signature.clone().for_model(&version.model, version.version);
    let info = ModelInfo { bundle: version.bundle_hash.clone(), ..ModelInfo::default() };
    let limits = Limits { max_rows: usize::MAX, max_body_bytes: usize::MAX };
    let served = ServedModel::new(signature, bundle.content, info).with_limits(limits);
    let reply = served.invocations(Some(content_type), &body).map_err(|e| {
        let message = format!("{}: {}", args.input.chars().take(60).collect::<String>(), e.summary());
        if e.status() >= 500 {
            CliError::failure(message)
        } else {
            CliError::invalid(message)
        }
    })?;
    let predictions: Vec<f64> = reply["predictions"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .ok_or_else(|| CliError::failure("the model returned no predictions"))?;
    let out = Predictions { model: version.model, version: version.version, target, predictions };
    ctx.out.result(&out, || {
        let rows: Vec<Vec<String>> =
            out.predictions.iter().enumerate().map(|(i, p)| vec![i.to_string(), format!("{p:.2}")]).collect();
        format!("`{}` version {}\n{}", out.model, out.version, table(&["row", &out.target], &rows))
    });
    Ok(())
}
