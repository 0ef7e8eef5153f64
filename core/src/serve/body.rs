//! Reading a request body: its media type and its JSON.

use serde_json::Value;

use super::error::{ApiError, FieldError};
use crate::loc;

/// The body formats the prediction routes read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaType {
    /// `application/json` (or any `+json` type).
    Json,
    /// `text/csv` with a header row.
    Csv,
}

impl MediaType {
    /// Classifies a `Content-Type` header value. A missing header is read as JSON, as FastAPI does,
    /// so a bare `curl --json`-less client still works; anything unrecognised is `None` (→ 415).
    pub fn classify(content_type: Option<&str>) -> Option<MediaType> {
        let Some(raw) = content_type else { return Some(MediaType::Json) };
        let essence = raw.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        match essence.as_str() {
            "" | "application/json" => Some(MediaType::Json),
            "text/csv" | "application/csv" => Some(MediaType::Csv),
            e if e.starts_with("application/") && e.ends_with("+json") => Some(MediaType::Json),
            _ => None,
        }
    }
}

/// Requires the body to be JSON (415 otherwise).
pub fn require_json(content_type: Option<&str>) -> Result<(), ApiError> {
    match MediaType::classify(content_type) {
        Some(MediaType::Json) => Ok(()),
        _ => Err(ApiError::UnsupportedMediaType {
            found: content_type.unwrap_or("").to_owned(),
            expected: "application/json",
        }),
    }
}

/// Parses a JSON body. Syntax errors are 400 with line and column; a number too large for f64
/// (e.g. `1e999`, JSON's only way to spell infinity) is a 422 `finite_number`, like NaN/inf anywhere.
pub fn parse_json(body: &[u8]) -> Result<Value, ApiError> {
    serde_json::from_slice(body).map_err(|e| {
        if e.to_string().starts_with("number out of range") {
            ApiError::invalid(FieldError::new(
                loc!["body"],
                "finite_number",
                format!(
                    "Input should be a finite number: the number at line {} column {} is too large for a \
                     64-bit float",
                    e.line(),
                    e.column()
                ),
            ))
        } else {
            ApiError::Malformed(format!("JSON decode error: {e}"))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_are_classified_case_insensitively_with_parameters() {
        assert_eq!(MediaType::classify(Some("Application/JSON; charset=utf-8")), Some(MediaType::Json));
        assert_eq!(MediaType::classify(Some("text/csv")), Some(MediaType::Csv));
        assert_eq!(MediaType::classify(Some("application/vnd.api+json")), Some(MediaType::Json));
        assert_eq!(MediaType::classify(None), Some(MediaType::Json));
        assert_eq!(MediaType::classify(Some("text/plain")), None);
        assert_eq!(MediaType::classify(Some("application/x-www-form-urlencoded")), None);
    }

    #[test]
    fn malformed_json_is_400_with_position() {
        let err = parse_json(b"{\"area\": 1,").unwrap_err();
        assert_eq!(err.status(), 400);
        assert!(err.to_string().contains("line 1"), "{err}");
    }

    #[test]
    fn overflowing_number_is_422_finite_number() {
        let err = parse_json(b"{\"area\": 1e999}").unwrap_err();
        assert_eq!(err.status(), 422);
        assert_eq!(err.body()["detail"][0]["type"], "finite_number");
    }

    #[test]
    fn deep_nesting_is_400_not_a_stack_overflow() {
        let deep = "[".repeat(100_000);
        assert_eq!(parse_json(deep.as_bytes()).unwrap_err().status(), 400);
    }
}
