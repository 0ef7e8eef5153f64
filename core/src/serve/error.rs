//! Every way a request can fail, as a value the worker only has to serialise.
//!
//! Bodies follow FastAPI: a 422 carries `{"detail": [{"loc", "msg", "type", "input"?, "ctx"?}]}` with
//! pydantic v2's type names and messages (so FastAPI users read familiar errors); every other error
//! carries `{"detail": "<message>"}` like a FastAPI `HTTPException`.

use serde::Serialize;
use serde_json::{json, Value};

/// One step of an error location: an object key or an array index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum LocPart {
    /// Object key (or field name).
    Key(String),
    /// Array index (row).
    Index(usize),
}

impl From<&str> for LocPart {
    fn from(s: &str) -> Self {
        LocPart::Key(s.into())
    }
}

impl From<usize> for LocPart {
    fn from(i: usize) -> Self {
        LocPart::Index(i)
    }
}

/// Builds a location from mixed keys and indices: `loc!["body", 3, "area"]`.
#[macro_export]
#[doc(hidden)]
macro_rules! loc {
    ($($part:expr),* $(,)?) => { vec![$($crate::serve::LocPart::from($part)),*] };
}

/// One bad field, in FastAPI's `ValidationError` shape.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldError {
    /// Where: starts with `"body"`, then row index and field name as applicable.
    pub loc: Vec<LocPart>,
    /// Human explanation.
    pub msg: String,
    /// Machine-readable class (pydantic v2 names: `missing`, `int_type`, `enum`, ...).
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The offending value, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<Value>,
    /// Extra context (e.g. `expected` levels, `ge` bound).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ctx: Option<Value>,
}

impl FieldError {
    /// An error with no input or context.
    pub fn new(loc: Vec<LocPart>, kind: &'static str, msg: impl Into<String>) -> FieldError {
        FieldError { loc, msg: msg.into(), kind, input: None, ctx: None }
    }

    /// The same error, recording the offending value.
    pub fn with_input(mut self, input: Value) -> FieldError {
        self.input = Some(input);
        self
    }

    /// The same error, with context.
    pub fn with_ctx(mut self, ctx: Value) -> FieldError {
        self.ctx = Some(ctx);
        self
    }
}

/// Which body is too large.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TooLarge {
    /// The request body has `found` bytes, more than `limit`.
    Bytes {
        /// Body size.
        found: usize,
        /// Limit.
        limit: usize,
    },
    /// The request has `found` rows, more than `limit`.
    Rows {
        /// Rows sent.
        found: usize,
        /// Limit.
        limit: usize,
    },
}

/// The wire protocol a route speaks, for protocol-specific error keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// Hearth's own `/v1` routes: FastAPI bodies only.
    Hearth,
    /// MLflow's scoring server: adds `error_code` and `message`.
    Mlflow,
    /// KServe V2 / Open Inference Protocol: adds `error`.
    KserveV2,
}

/// A failed request.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// The body is not JSON (or not UTF-8, or not CSV): 400.
    #[error("malformed request body: {0}")]
    Malformed(String),
    /// The Content-Type is not one the route reads: 415.
    #[error("unsupported media type `{found}`; send {expected}")]
    UnsupportedMediaType {
        /// What the client sent (empty when absent).
        found: String,
        /// What the route reads, e.g. "application/json or text/csv".
        expected: &'static str,
    },
    /// Over the byte or row limit: 413.
    #[error("{}", too_large_message(.0))]
    TooLarge(TooLarge),
    /// Well-formed but invalid against the signature: 422, every bad field listed.
    #[error("{} invalid field(s)", .0.len())]
    Validation(Vec<FieldError>),
    /// No served model has this name: 404.
    #[error("model `{0}` is not served here")]
    ModelNotFound(String),
    /// The model could not predict for a reason that is not the request's fault: 500.
    #[error("prediction failed: {0}")]
    Internal(String),
    /// The model is loaded but its smoke prediction fails: 503.
    #[error("model not ready: {0}")]
    Unavailable(String),
}

fn too_large_message(t: &TooLarge) -> String {
    match t {
        TooLarge::Bytes { found, limit } => {
            format!("request body is {found} bytes; the limit is {limit} bytes, split the batch")
        }
        TooLarge::Rows { found, limit } => {
            format!("request has {found} rows; the limit is {limit} rows per request, split the batch")
        }
    }
}

impl ApiError {
    /// A 422 with one error.
    pub fn invalid(error: FieldError) -> ApiError {
        ApiError::Validation(vec![error])
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        match self {
            ApiError::Malformed(_) => 400,
            ApiError::ModelNotFound(_) => 404,
            ApiError::TooLarge(_) => 413,
            ApiError::UnsupportedMediaType { .. } => 415,
            ApiError::Validation(_) => 422,
            ApiError::Internal(_) => 500,
            ApiError::Unavailable(_) => 503,
        }
    }

    /// The FastAPI-shaped JSON body.
    pub fn body(&self) -> Value {
        match self {
            ApiError::Validation(errors) => json!({ "detail": errors }),
            other => json!({ "detail": other.to_string() }),
        }
    }

    /// The body with the protocol's own error keys added, so MLflow and KServe clients that read
    /// `message` / `error` find them; the FastAPI `detail` stays.
    pub fn body_for(&self, protocol: Protocol) -> Value {
        let mut body = self.body();
        let summary = self.summary();
        if let Value::Object(map) = &mut body {
            match protocol {
                Protocol::Hearth => {}
                Protocol::Mlflow => {
                    let code = match self.status() {
                        404 => "RESOURCE_DOES_NOT_EXIST",
                        422 | 413 => "INVALID_PARAMETER_VALUE",
                        500 | 503 => "INTERNAL_ERROR",
                        _ => "BAD_REQUEST",
                    };
                    map.insert("error_code".into(), code.into());
                    map.insert("message".into(), summary.into());
                }
                Protocol::KserveV2 => {
                    map.insert("error".into(), summary.into());
                }
            }
        }
        body
    }

    /// One line naming the problem; for a 422, the first few bad fields.
    pub fn summary(&self) -> String {
        match self {
            ApiError::Validation(errors) => {
                let shown: Vec<String> = errors
                    .iter()
                    .take(5)
                    .map(|e| {
                        let loc: Vec<String> = e
                            .loc
                            .iter()
                            .map(|p| match p {
                                LocPart::Key(k) => k.clone(),
                                LocPart::Index(i) => i.to_string(),
                            })
                            .collect();
                        format!("{}: {}", loc.join("."), e.msg)
                    })
                    .collect();
                let more = errors.len().saturating_sub(5);
                let tail = if more > 0 { format!(" (and {more} more)") } else { String::new() };
                format!("invalid input: {}{tail}", shown.join("; "))
            }
            other => other.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_body_is_fastapi_shaped() {
        let err = ApiError::invalid(
            FieldError::new(crate::loc!["body", 3, "area"], "int_type", "Input should be a valid integer")
                .with_input(json!("big")),
        );
        assert_eq!(err.status(), 422);
        assert_eq!(
            err.body(),
            json!({"detail": [{"loc": ["body", 3, "area"], "msg": "Input should be a valid integer",
                               "type": "int_type", "input": "big"}]})
        );
    }

    #[test]
    fn other_errors_have_a_string_detail_and_protocol_keys() {
        let err = ApiError::TooLarge(TooLarge::Rows { found: 10_001, limit: 10_000 });
        assert_eq!(err.status(), 413);
        let body = err.body_for(Protocol::Mlflow);
        assert!(body["detail"].as_str().unwrap().contains("10001 rows"));
        assert_eq!(body["error_code"], "INVALID_PARAMETER_VALUE");
        assert_eq!(body["message"], body["detail"]);
        let body = ApiError::Malformed("x".into()).body_for(Protocol::KserveV2);
        assert_eq!(body["error"], "malformed request body: x");
    }
}
