//! MLflow scoring-server bodies for `POST /invocations`: `dataframe_split`, `dataframe_records`,
//! `instances` (records), `inputs` (column lists), optional `params`, and `text/csv`.
//!
//! Like `mlflow models serve` 3.17.2 (PEERS.md), a body must hold exactly one format key; list-of-lists
//! `instances`/`inputs`, the old `{"columns", "data"}` body and a bare list are refused. Unlike MLflow,
//! refusals are 422 with every bad field listed (MLflow says 400 with one message), and columns the
//! model does not know are refused rather than silently dropped.

use serde_json::{Map, Value};

use super::csv::parse_csv;
use super::records_fast::{read_records, Shape};
use super::{at, empty_batch, not_a_list};
use crate::loc;
use crate::serve::batch::{Batch, BatchBuilder};
use crate::serve::body::{parse_json, MediaType};
use crate::serve::cell::Raw;
use crate::serve::error::{ApiError, FieldError, LocPart};
use crate::serve::limits::Limits;
use crate::serve::signature::Signature;

const FORMATS: [&str; 4] = ["dataframe_split", "dataframe_records", "instances", "inputs"];

/// The formats the streaming reader takes when the body is all valid: record lists and split.
pub(crate) const STREAMED: Shape =
    Shape { lists: &["dataframe_records", "instances"], split: true, bare_record: false };

/// Parses and validates an `/invocations` body (JSON or CSV, by Content-Type).
pub fn parse_mlflow(
    sig: &Signature,
    limits: &Limits,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<Batch, ApiError> {
    limits.check_bytes(body)?;
    match MediaType::classify(content_type) {
        Some(MediaType::Csv) => return parse_csv(sig, limits, body),
        Some(MediaType::Json) => {}
        None => {
            return Err(ApiError::UnsupportedMediaType {
                found: content_type.unwrap_or("").to_owned(),
                expected: "application/json or text/csv",
            })
        }
    }
    match read_records(sig, limits, body, STREAMED) {
        Some(batch) => Ok(batch),
        None => parse_json_body(sig, limits, body),
    }
}

/// The full reader of a JSON `/invocations` body: every format, every problem named.
pub(crate) fn parse_json_body(sig: &Signature, limits: &Limits, body: &[u8]) -> Result<Batch, ApiError> {
    let value = parse_json(body)?;
    let hint = "send exactly one of dataframe_split, dataframe_records, instances or inputs";
    let Value::Object(map) = &value else {
        return Err(ApiError::invalid(
            FieldError::new(
                loc!["body"],
                "model_attributes_type",
                format!("Input should be a JSON object: {hint} (a bare list is not an MLflow format)"),
            )
            .with_input(value.clone()),
        ));
    };
    let present: Vec<&str> = FORMATS.iter().copied().filter(|k| map.contains_key(*k)).collect();
    if present.len() != 1 {
        let old = map.contains_key("columns") && map.contains_key("data");
        let msg = match (present.len(), old) {
            (0, true) => format!(
                "{hint}; the old {{\"columns\", \"data\"}} body is no longer accepted by MLflow: wrap it as \
                 {{\"dataframe_split\": {{\"columns\": [...], \"data\": [...]}}}}"
            ),
            (0, false) => format!("{hint}; found none"),
            _ => format!("{hint}; found {}", present.join(", ")),
        };
        return Err(ApiError::invalid(FieldError::new(loc!["body"], "value_error", msg)));
    }
    let format = present[0];
    let payload = &map[format];
    let prefix = loc!["body", format];
    let mut b = match format {
        "dataframe_split" => split(sig, limits, payload, &prefix)?,
        "inputs" => columns(sig, limits, payload, &prefix)?,
        _ => records(sig, limits, payload, &prefix, format == "instances")?,
    };
    for (key, v) in map {
        match key.as_str() {
            k if k == format => {}
            // MLflow's inference params: Hearth models define none, so any are accepted and unused.
            "params" if v.is_object() || v.is_null() => {}
            "params" => b.error(
                FieldError::new(loc!["body", "params"], "dict_type", "Input should be a valid dictionary")
                    .with_input(v.clone()),
            ),
            _ => b.extra(key, Some(v), loc!["body", key.as_str()]),
        }
    }
    b.finish()
}

/// `dataframe_records` / `instances`: a list of record objects.
fn records<'s>(
    sig: &'s Signature,
    limits: &Limits,
    payload: &Value,
    prefix: &[LocPart],
    instances: bool,
) -> Result<BatchBuilder<'s>, ApiError> {
    let Value::Array(rows) = payload else {
        return Err(ApiError::invalid(not_a_list(prefix.to_vec(), payload)));
    };
    limits.check_rows(rows.len())?;
    if instances && rows.iter().any(|r| r.is_array()) {
        return Err(ApiError::invalid(FieldError::new(
            prefix.to_vec(),
            "value_error",
            "list-of-lists instances are refused for a model with named columns (as MLflow does): send \
             records like {\"instances\": [{\"field\": value, ...}]}",
        )));
    }
    let mut b = BatchBuilder::new(sig, rows.len());
    if rows.is_empty() {
        b.error(empty_batch(prefix.to_vec()));
    }
    for (i, row) in rows.iter().enumerate() {
        b.record(i, row, &at(prefix, i));
    }
    Ok(b)
}

/// `inputs`: `{"field": [values...]}`, one list per column.
fn columns<'s>(
    sig: &'s Signature,
    limits: &Limits,
    payload: &Value,
    prefix: &[LocPart],
) -> Result<BatchBuilder<'s>, ApiError> {
    let Value::Object(cols) = payload else {
        let msg = if payload.is_array() {
            "Input should be an object of column lists: list-of-lists or list-of-records `inputs` are \
             refused for a model with named columns (as MLflow does); send {\"inputs\": {\"field\": [...]}}"
        } else {
            "Input should be an object of column lists, {\"inputs\": {\"field\": [...]}}"
        };
        return Err(ApiError::invalid(
            FieldError::new(prefix.to_vec(), "dict_type", msg).with_input(payload.clone()),
        ));
    };
    let lengths: Vec<usize> = cols.values().filter_map(|v| v.as_array().map(Vec::len)).collect();
    let n_rows = lengths.iter().copied().max().unwrap_or(0);
    limits.check_rows(n_rows)?;
    let mut b = BatchBuilder::new(sig, n_rows);
    if n_rows == 0 {
        b.error(empty_batch(prefix.to_vec()));
    }
    for (i, f) in sig.fields().iter().enumerate() {
        let loc = at(prefix, f.name.as_str());
        match cols.get(&f.name) {
            None => b.missing(loc),
            Some(Value::Array(values)) if values.len() == n_rows => {
                for (r, v) in values.iter().enumerate() {
                    b.set(r, i, Raw::Json(v), || at(&loc, r));
                }
            }
            Some(Value::Array(values)) => b.error(FieldError::new(
                loc,
                "value_error",
                format!(
                    "column has {} values; the longest column has {n_rows}: all must be equal",
                    values.len()
                ),
            )),
            Some(v) => b.error(not_a_list(loc, v)),
        }
    }
    extras(&mut b, cols, prefix);
    Ok(b)
}

/// `dataframe_split`: `{"columns": [...], "data": [[...]], "index"?: [...]}` (pandas' split orient).
fn split<'s>(
    sig: &'s Signature,
    limits: &Limits,
    payload: &Value,
    prefix: &[LocPart],
) -> Result<BatchBuilder<'s>, ApiError> {
    let Value::Object(obj) = payload else {
        return Err(ApiError::invalid(
            FieldError::new(prefix.to_vec(), "dict_type", "Input should be a valid dictionary")
                .with_input(payload.clone()),
        ));
    };
    let data = obj.get("data");
    let rows: &[Value] = match data {
        Some(Value::Array(rows)) => rows,
        _ => &[],
    };
    limits.check_rows(rows.len())?;
    let mut b = BatchBuilder::new(sig, rows.len());
    match data {
        None => b.missing(at(prefix, "data")),
        Some(Value::Array(r)) if r.is_empty() => b.error(empty_batch(at(prefix, "data"))),
        Some(Value::Array(_)) => {}
        Some(v) => b.error(not_a_list(at(prefix, "data"), v)),
    }
    // The index only labels rows; predictions are positional, so it is accepted and not used.
    match obj.get("index") {
        None | Some(Value::Null) | Some(Value::Array(_)) => {}
        Some(v) => b.error(not_a_list(at(prefix, "index"), v)),
    }
    for (key, v) in obj {
        if !matches!(key.as_str(), "columns" | "data" | "index") {
            b.extra(key, Some(v), at(prefix, key.as_str()));
        }
    }
    // Column j of each data row feeds field `slots[j]` (None = not an input, already reported).
    let cols_loc = at(prefix, "columns");
    let mut slots: Vec<Option<usize>> = Vec::new();
    match obj.get("columns") {
        None => {
            b.missing(cols_loc);
            return Ok(b);
        }
        Some(Value::Array(names)) => {
            for (j, name) in names.iter().enumerate() {
                let slot = match name.as_str() {
                    Some(n) if slots.iter().flatten().any(|&s| sig.fields()[s].name == n) => {
                        b.error(
                            FieldError::new(
                                at(&cols_loc, j),
                                "value_error",
                                format!("duplicate column `{n}`"),
                            )
                            .with_input(name.clone()),
                        );
                        None
                    }
                    Some(n) => {
                        let pos = sig.position(n);
                        if pos.is_none() {
                            b.extra(n, Some(name), at(&cols_loc, j));
                        }
                        pos
                    }
                    None => {
                        b.error(
                            FieldError::new(
                                at(&cols_loc, j),
                                "string_type",
                                "Input should be a valid string",
                            )
                            .with_input(name.clone()),
                        );
                        None
                    }
                };
                slots.push(slot);
            }
            for f in sig.fields() {
                if !names.iter().any(|n| n.as_str() == Some(f.name.as_str())) {
                    b.missing(at(&cols_loc, f.name.as_str()));
                }
            }
        }
        Some(v) => {
            b.error(not_a_list(cols_loc, v));
            return Ok(b);
        }
    }
    let data_loc = at(prefix, "data");
    for (r, row) in rows.iter().enumerate() {
        let Value::Array(cells) = row else {
            b.error(not_a_list(at(&data_loc, r), row));
            continue;
        };
        if cells.len() != slots.len() {
            b.error(FieldError::new(
                at(&data_loc, r),
                "value_error",
                format!("row has {} values but columns names {}", cells.len(), slots.len()),
            ));
            continue;
        }
        for (cell, slot) in cells.iter().zip(&slots) {
            if let Some(i) = *slot {
                let name = sig.fields()[i].name.as_str();
                b.set(r, i, Raw::Json(cell), || at(&at(&data_loc, r), name));
            }
        }
    }
    Ok(b)
}

/// Reports keys of a column object that are not inputs.
fn extras(b: &mut BatchBuilder<'_>, cols: &Map<String, Value>, prefix: &[LocPart]) {
    for (key, v) in cols {
        if b.signature().position(key).is_none() {
            b.extra(key, Some(v), at(prefix, key.as_str()));
        }
    }
}
