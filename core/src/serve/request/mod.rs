//! Request formats: each parser turns one protocol's body into a validated [`Batch`](super::Batch),
//! or an [`ApiError`](super::ApiError) listing every problem.
//!
//! Locations in 422 errors name fields by name, never by column position, in every format:
//! `["body", "instances", 3, "area"]`, `["body", "dataframe_split", "data", 3, "area"]`,
//! `["body", "inputs", "area", 3]`, `["body", 3, "area"]` (CSV data row 3), and for KServe V2
//! `["body", "inputs", <tensor index>, "data", 3]`.

mod csv;
pub(crate) mod hearth;
mod kserve;
pub(crate) mod mlflow;
mod records_fast;

pub use hearth::parse_hearth;
pub use kserve::{parse_kserve_v2, V2Request};
pub use mlflow::parse_mlflow;

use serde_json::Value;

use super::error::{FieldError, LocPart};

/// `prefix` followed by `more`.
pub(crate) fn at(prefix: &[LocPart], more: impl Into<LocPart>) -> Vec<LocPart> {
    let mut l = prefix.to_vec();
    l.push(more.into());
    l
}

/// A 422 entry for a value that should have been a list.
pub(crate) fn not_a_list(loc: Vec<LocPart>, value: &Value) -> FieldError {
    FieldError::new(loc, "list_type", "Input should be a valid list").with_input(value.clone())
}

/// A 422 entry for an empty batch: predicting nothing is always a client mistake.
pub(crate) fn empty_batch(loc: Vec<LocPart>) -> FieldError {
    FieldError::new(loc, "too_short", "List should have at least 1 item after validation, not 0")
}
