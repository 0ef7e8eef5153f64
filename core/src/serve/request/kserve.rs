//! KServe V2 / Open Inference Protocol bodies for `POST /v2/models/{name}/infer`: one tensor per input
//! column, `{"inputs": [{"name", "shape", "datatype", "data"}], "id"?, "parameters"?, "outputs"?}`.
//!
//! Numeric fields take FP64/FP32/FP16 or (U)INT8–64 tensors, categorical fields BYTES (strings in
//! JSON). A tensor's shape is `[n]` or `[n, 1]`; `data` may be flat or nested row-major.

use serde_json::Value;

use super::{at, empty_batch, not_a_list};
use crate::loc;
use crate::serve::batch::{Batch, BatchBuilder};
use crate::serve::body::{parse_json, require_json};
use crate::serve::cell::Raw;
use crate::serve::error::{ApiError, FieldError, LocPart};
use crate::serve::limits::Limits;
use crate::serve::signature::{FieldKind, Signature};

const NUMERIC_TYPES: [&str; 11] =
    ["FP64", "FP32", "FP16", "INT64", "INT32", "INT16", "INT8", "UINT64", "UINT32", "UINT16", "UINT8"];

/// A validated V2 inference request.
#[derive(Debug, Clone, PartialEq)]
pub struct V2Request {
    /// The rows.
    pub batch: Batch,
    /// The client's request id, echoed in the response.
    pub id: Option<String>,
}

/// One input tensor that names a known field, flattened.
struct Tensor<'a> {
    index: usize,
    field: usize,
    data: Vec<&'a Value>,
}

/// Parses and validates a V2 infer body.
pub fn parse_kserve_v2(
    sig: &Signature,
    limits: &Limits,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<V2Request, ApiError> {
    limits.check_bytes(body)?;
    require_json(content_type)?;
    let value = parse_json(body)?;
    let Value::Object(map) = &value else {
        return Err(ApiError::invalid(
            FieldError::new(
                loc!["body"],
                "model_attributes_type",
                "Input should be a valid dictionary or object",
            )
            .with_input(value.clone()),
        ));
    };
    let mut errors = Vec::new();
    let id = match map.get("id") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(v) => {
            errors.push(
                FieldError::new(loc!["body", "id"], "string_type", "Input should be a valid string")
                    .with_input(v.clone()),
            );
            None
        }
    };
    for (key, v) in map {
        match key.as_str() {
            "inputs" | "id" => {}
            "parameters" if v.is_object() => {}
            "outputs" if v.is_array() => {}
            "parameters" | "outputs" => errors.push(
                FieldError::new(
                    loc!["body", key.as_str()],
                    "value_error",
                    "Input has the wrong JSON type for this key",
                )
                .with_input(v.clone()),
            ),
            _ => errors.push(
                FieldError::new(
                    loc!["body", key.as_str()],
                    "extra_forbidden",
                    "Extra inputs are not permitted",
                )
                .with_input(v.clone()),
            ),
        }
    }
    let tensors_loc = loc!["body", "inputs"];
    let tensors: &[Value] = match map.get("inputs") {
        Some(Value::Array(t)) => t,
        Some(v) => return Err(ApiError::invalid(not_a_list(tensors_loc, v))),
        None => return Err(ApiError::invalid(FieldError::new(tensors_loc, "missing", "Field required"))),
    };
    let mut found: Vec<Tensor<'_>> = Vec::new();
    for (t, tensor) in tensors.iter().enumerate() {
        if let Some(ok) = check_tensor(sig, &at(&tensors_loc, t), t, tensor, &found, &mut errors) {
            found.push(ok);
        }
    }
    for (i, f) in sig.fields().iter().enumerate() {
        if !found.iter().any(|t| t.field == i)
            && !tensors.iter().any(|t| t.get("name").and_then(Value::as_str) == Some(f.name.as_str()))
        {
            errors.push(FieldError::new(
                at(&tensors_loc, f.name.as_str()),
                "missing",
                format!("Field required: no input tensor named `{}`", f.name),
            ));
        }
    }
    let n_rows = found.first().map_or(0, |t| t.data.len());
    limits.check_rows(found.iter().map(|t| t.data.len()).max().unwrap_or(0))?;
    for t in &found {
        if t.data.len() != n_rows {
            errors.push(FieldError::new(
                at(&tensors_loc, t.index),
                "value_error",
                format!("tensor has {} rows but the first input tensor has {n_rows}", t.data.len()),
            ));
        }
    }
    if n_rows == 0 && !found.is_empty() {
        errors.push(empty_batch(tensors_loc.clone()));
    }
    let mut b = BatchBuilder::new(sig, n_rows);
    for e in errors {
        b.error(e);
    }
    for t in found.iter().filter(|t| t.data.len() == n_rows) {
        let loc = at(&at(&tensors_loc, t.index), "data");
        for (r, v) in t.data.iter().enumerate() {
            b.set(r, t.field, Raw::Json(v), || at(&loc, r));
        }
    }
    Ok(V2Request { batch: b.finish()?, id })
}

/// Checks one tensor's envelope (name, datatype, shape, data length), recording errors; returns it
/// when its cells can be checked.
fn check_tensor<'a>(
    sig: &Signature,
    loc: &[LocPart],
    index: usize,
    tensor: &'a Value,
    found: &[Tensor<'_>],
    errors: &mut Vec<FieldError>,
) -> Option<Tensor<'a>> {
    let Value::Object(obj) = tensor else {
        errors.push(
            FieldError::new(
                loc.to_vec(),
                "model_attributes_type",
                "Input should be a valid dictionary or object",
            )
            .with_input(tensor.clone()),
        );
        return None;
    };
    let before = errors.len();
    for key in obj.keys() {
        if !matches!(key.as_str(), "name" | "shape" | "datatype" | "data" | "parameters") {
            errors.push(FieldError::new(
                at(loc, key.as_str()),
                "extra_forbidden",
                "Extra inputs are not permitted",
            ));
        }
    }
    let mut required = |key: &str| {
        let v = obj.get(key);
        if v.is_none() {
            errors.push(FieldError::new(at(loc, key), "missing", "Field required"));
        }
        v
    };
    let (name, datatype, shape, data) =
        (required("name"), required("datatype"), required("shape"), required("data"));
    let (Some(name), Some(datatype), Some(shape), Some(data)) = (name, datatype, shape, data) else {
        return None;
    };
    let Some(name) = name.as_str() else {
        errors.push(
            FieldError::new(at(loc, "name"), "string_type", "Input should be a valid string")
                .with_input(name.clone()),
        );
        return None;
    };
    let Some(field) = sig.position(name) else {
        let mut e = FieldError::new(
            at(loc, "name"),
            "extra_forbidden",
            "Extra inputs are not permitted: no model input has this name",
        );
        if name == sig.target() {
            e.msg = format!(
                "Extra inputs are not permitted: `{name}` is the model's target, the value it predicts"
            );
        }
        errors.push(e.with_input(name.into()));
        return None;
    };
    if found.iter().any(|t| t.field == field) {
        errors.push(
            FieldError::new(
                at(loc, "name"),
                "value_error",
                format!("a tensor named `{name}` was already given"),
            )
            .with_input(name.into()),
        );
        return None;
    }
    let want: &[&str] = match sig.fields()[field].kind {
        FieldKind::Numeric(_) => &NUMERIC_TYPES,
        FieldKind::Categorical(_) => &["BYTES"],
    };
    if datatype.as_str().is_none_or(|d| !want.contains(&d)) {
        errors.push(
            FieldError::new(
                at(loc, "datatype"),
                "enum",
                format!("Input should be {} for input `{name}`", want.join(", ")),
            )
            .with_input(datatype.clone()),
        );
    }
    let dims: Option<Vec<u64>> = shape.as_array().and_then(|d| d.iter().map(Value::as_u64).collect());
    let rows = match dims.as_deref() {
        Some([n]) | Some([n, 1]) => Some(*n),
        _ => {
            errors.push(
                FieldError::new(
                    at(loc, "shape"),
                    "value_error",
                    "shape should be [n] or [n, 1]: one tensor per input column",
                )
                .with_input(shape.clone()),
            );
            None
        }
    };
    let mut flat = Vec::new();
    if !data.is_array() {
        errors.push(not_a_list(at(loc, "data"), data));
    } else {
        flatten(data, &mut flat);
        if let Some(n) = rows {
            if n != flat.len() as u64 {
                errors.push(FieldError::new(
                    at(loc, "data"),
                    "value_error",
                    format!("data has {} elements but shape says {n}", flat.len()),
                ));
            }
        }
    }
    (errors.len() == before).then_some(Tensor { index, field, data: flat })
}

/// Row-major flattening of nested `data`.
fn flatten<'a>(v: &'a Value, out: &mut Vec<&'a Value>) {
    match v {
        Value::Array(items) => items.iter().for_each(|i| flatten(i, out)),
        other => out.push(other),
    }
}
