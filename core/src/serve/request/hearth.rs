//! Hearth's own `POST /v1/models/{name}/predict` body: one record, or `{"instances": [records]}`.

use serde_json::Value;

use super::records_fast::{read_records, Shape};
use super::{at, empty_batch, not_a_list};
use crate::loc;
use crate::serve::batch::{Batch, BatchBuilder};
use crate::serve::body::{parse_json, require_json};
use crate::serve::error::{ApiError, FieldError, LocPart};
use crate::serve::limits::Limits;
use crate::serve::signature::Signature;

/// Parses and validates a `/v1` predict body. `{"instances": ...}` is the batch form unless the model
/// itself has an input called `instances`.
pub fn parse_hearth(
    sig: &Signature,
    limits: &Limits,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<Batch, ApiError> {
    limits.check_bytes(body)?;
    require_json(content_type)?;
    match read_records(sig, limits, body, shape(sig)) {
        Some(batch) => Ok(batch),
        None => parse_json_body(sig, limits, body),
    }
}

/// What the streaming reader may take: one bare record, or `{"instances": [...]}` unless the model
/// has an input called `instances` (as in the full reader below).
pub(crate) fn shape(sig: &Signature) -> Shape {
    let lists: &'static [&'static str] = if sig.field("instances").is_none() { &["instances"] } else { &[] };
    Shape { lists, split: false, bare_record: true }
}

/// The full reader of a `/v1` predict body: every problem named.
pub(crate) fn parse_json_body(sig: &Signature, limits: &Limits, body: &[u8]) -> Result<Batch, ApiError> {
    let value = parse_json(body)?;
    let Value::Object(map) = &value else {
        return Err(ApiError::invalid(
            FieldError::new(
                loc!["body"],
                "model_attributes_type",
                "Input should be a valid dictionary or object to extract fields from: send one record \
                 object, or {\"instances\": [records]}",
            )
            .with_input(value.clone()),
        ));
    };
    let batch_form = map.contains_key("instances") && sig.field("instances").is_none();
    if !batch_form {
        let mut b = BatchBuilder::new(sig, 1);
        b.record(0, &value, &[LocPart::Key("body".into())]);
        return b.finish();
    }
    let prefix = loc!["body", "instances"];
    let instances = &map["instances"];
    let Value::Array(rows) = instances else {
        return Err(ApiError::invalid(not_a_list(prefix, instances)));
    };
    limits.check_rows(rows.len())?;
    let mut b = BatchBuilder::new(sig, rows.len());
    if rows.is_empty() {
        b.error(empty_batch(prefix.clone()));
    }
    for (key, v) in map {
        if key != "instances" {
            b.extra(key, Some(v), loc!["body", key.as_str()]);
        }
    }
    for (i, row) in rows.iter().enumerate() {
        b.record(i, row, &at(&prefix, i));
    }
    b.finish()
}
