//! Prediction requests: the model's input contract ([`Signature`]), request parsing for Hearth's,
//! MLflow's and KServe V2's formats into one validated [`Batch`], prediction through a [`Predictor`],
//! responses, and the OpenAPI 3.1 document generated from the live signature.
//!
//! The edge worker owns none of this. It builds one [`ServedModel`] per loaded bundle and, per request,
//! calls [`ServedModel::respond`]`(server, method, path, content_type, body)`: `Some(reply)` is sent as
//! `reply.status` + JSON `reply.body` (+ header [`SERVED_VERSION_HEADER`] when `served_version` is set);
//! `None` means a worker-owned path (`/docs`, `/redoc`, `/admin/...`, assets).
//! The per-route functions it dispatches to, each `-> Result<serde_json::Value, ApiError>`:
//!
//! | route | function | error body |
//! |---|---|---|
//! | `GET /health`, `GET /ping` | [`ServedModel::health`] (smoke prediction; 503 if it fails) | Hearth / MLflow |
//! | `GET /version` | [`ServedModel::version`] | — |
//! | `GET /openapi.json` | [`ServedModel::openapi`] | — |
//! | `GET /v1/models`, `GET /v1/models/{name}` | [`ServedModel::models`], [`ServedModel::model`] | Hearth |
//! | `POST /v1/models/{name}/predict` | [`ServedModel::predict_v1`] | Hearth |
//! | `POST /invocations` (JSON or `text/csv`) | [`ServedModel::invocations`] | MLflow |
//! | `GET /v2/health/ready`, `/live` | [`ServedModel::v2_ready`] | KServe V2 |
//! | `GET /v2/models/{name}`, `POST /v2/models/{name}/infer` | [`ServedModel::v2_model`], [`ServedModel::infer_v2`] | KServe V2 |
//!
//! Errors: `ApiError::status()` and `ApiError::body_for(protocol)` (FastAPI `{"detail": ...}`, plus
//! `error_code`/`message` for MLflow and `error` for KServe). Statuses: 400 malformed body, 404 unknown
//! model name, 405 wrong method, 413 over [`Limits`] (10,000 rows, 5 MiB), 415 content type, 422 invalid
//! input (every bad field, at most [`MAX_LISTED_ERRORS`] listed), 500 only when the model itself fails,
//! 503 when the health smoke prediction fails. No input panics (fuzzed in the tests).
//!
//! Decisions: unknown fields (and the target) are refused; JSON numbers must be JSON numbers (CSV cells
//! are parsed); whole floats satisfy integer fields; `null`/missing markers only for fields that had
//! missing values in training; negative values refused for integer columns never negative in training;
//! training ranges are informative only; a non-finite prediction is a 422 naming the rows.

mod batch;
mod body;
mod cell;
mod error;
mod limits;
mod observation;
pub mod openapi;
mod predictor;
pub mod request;
mod response;
mod routes;
mod service;
mod signature;

pub use crate::data::Canonicalisation;
pub use batch::{Batch, MAX_LISTED_ERRORS};
pub use body::MediaType;
pub use error::{ApiError, FieldError, LocPart, Protocol, TooLarge};
pub use limits::Limits;
pub use observation::Observation;
pub use openapi::openapi;
pub use predictor::{Predictor, PredictorError};
pub use response::{ModelInfo, ServerInfo};
pub use routes::{is_prediction_route, Reply};
pub use service::{ServedModel, ROUTE_KEY_HEADER, SERVED_VERSION_HEADER, VARIANT_HEADER};
pub use signature::{
    CategoricalField, Field, FieldKind, NumericField, Signature, SignatureError, TrainingRange,
};

#[cfg(test)]
mod tests;
