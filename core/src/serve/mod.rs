//! Prediction requests: the model's input contract ([`Signature`]), request parsing for Hearth's,
//! MLflow's and KServe V2's formats into one validated [`Batch`], prediction through a [`Predictor`],
//! responses, and the OpenAPI 3.1 document generated from the live signature.
//!
//! The edge worker owns none of this: for each route it passes method-specific inputs (path name,
//! Content-Type, body bytes) to [`ServedModel`] and serialises the `Result<Value, ApiError>`.

mod batch;
mod body;
mod canonical;
mod cell;
mod error;
mod limits;
pub mod openapi;
mod predictor;
pub mod request;
mod response;
mod service;
mod signature;

pub use batch::{Batch, MAX_LISTED_ERRORS};
pub use body::MediaType;
pub use canonical::Canonicalisation;
pub use error::{ApiError, FieldError, LocPart, Protocol, TooLarge};
pub use limits::Limits;
pub use openapi::openapi;
pub use predictor::{Predictor, PredictorError};
pub use response::{ModelInfo, ServerInfo};
pub use service::{ServedModel, SERVED_VERSION_HEADER};
pub use signature::{
    CategoricalField, Field, FieldKind, NumericField, Signature, SignatureError, TrainingRange,
};

#[cfg(test)]
mod tests;
