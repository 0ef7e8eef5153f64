//! One served model version: the functions the edge worker calls per route.
//!
//! Every function takes what the HTTP layer has (path name, `Content-Type` value, body bytes) and
//! returns the JSON to send with 200, or an [`ApiError`] to send with `status()` and
//! `body_for(protocol)`. No input makes them panic.

use serde_json::{json, Value};

use super::batch::BatchBuilder;
use super::error::ApiError;
use super::limits::Limits;
use super::observation::Observation;
use super::openapi::openapi;
use super::predictor::{predict_batch, Predictor};
use super::request::{parse_hearth, parse_kserve_v2, parse_mlflow};
use super::response::{
    hearth_predictions, mlflow_predictions, model_metadata, v2_model_metadata, v2_predictions, version_body,
    ModelInfo, ServerInfo,
};
use super::signature::Signature;

/// Response header naming the model version that answered (useful under canary routing).
pub const SERVED_VERSION_HEADER: &str = "x-hearth-model-version";
/// Response header naming the variant (`primary` or `canary`) that answered a prediction (edge worker).
pub const VARIANT_HEADER: &str = "x-hearth-variant";
/// Request header that makes the edge worker's canary choice sticky: the same key, the same variant.
pub const ROUTE_KEY_HEADER: &str = "x-hearth-route-key";

/// A model version ready to serve: its contract, its predictor and its registry facts.
#[derive(Debug, Clone)]
pub struct ServedModel<P> {
    signature: Signature,
    predictor: P,
    info: ModelInfo,
    limits: Limits,
}

impl<P: Predictor> ServedModel<P> {
    /// Serves `predictor` under `signature` with the default [`Limits`].
    pub fn new(signature: Signature, predictor: P, info: ModelInfo) -> Self {
        ServedModel { signature, predictor, info, limits: Limits::DEFAULT }
    }

    /// The same model with other limits.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The input contract.
    pub fn signature(&self) -> &Signature {
        &self.signature
    }

    /// The model itself (the edge reads its bundle's reference profile for traffic drift).
    pub fn predictor(&self) -> &P {
        &self.predictor
    }

    /// The registry facts.
    pub fn info(&self) -> &ModelInfo {
        &self.info
    }

    /// The request limits in force.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Value for [`SERVED_VERSION_HEADER`].
    pub fn served_version(&self) -> String {
        self.signature.version().to_string()
    }

    fn check_name(&self, name: &str) -> Result<(), ApiError> {
        if name == self.signature.model() {
            Ok(())
        } else {
            Err(ApiError::ModelNotFound(name.to_owned()))
        }
    }

    /// `GET /health` (and `/ping`, `/v2/health/ready`, `/v2/health/live`): predicts the signature's
    /// example record, so 200 proves the model is loaded and working; 503 otherwise.
    pub fn health(&self) -> Result<Value, ApiError> {
        let example = Value::Object(self.signature.example_record());
        let mut b = BatchBuilder::new(&self.signature, 1);
        b.record(0, &example, &[]);
        let smoke = b
            .finish()
            .and_then(|batch| predict_batch(&self.predictor, &batch))
            .map_err(|e| ApiError::Unavailable(e.summary()))?;
        Ok(json!({
            "status": "ok",
            "model": self.signature.model(),
            "version": self.signature.version(),
            "bundle": self.info.bundle,
            "smoke_prediction": smoke[0],
        }))
    }

    /// `GET /v2/health/ready`: `{"ready": true}` when the health check passes.
    pub fn v2_ready(&self) -> Result<Value, ApiError> {
        self.health().map(|_| json!({ "ready": true }))
    }

    /// `GET /version`.
    pub fn version(&self, server: &ServerInfo) -> Value {
        version_body(server)
    }

    /// `GET /v1/models`.
    pub fn models(&self) -> Value {
        json!({ "models": [model_metadata(&self.signature, &self.info)] })
    }

    /// `GET /v1/models/{name}`.
    pub fn model(&self, name: &str) -> Result<Value, ApiError> {
        self.check_name(name)?;
        Ok(model_metadata(&self.signature, &self.info))
    }

    /// `GET /v2/models/{name}`.
    pub fn v2_model(&self, name: &str) -> Result<Value, ApiError> {
        self.check_name(name)?;
        Ok(v2_model_metadata(&self.signature))
    }

    /// `POST /v1/models/{name}/predict` (errors: `body_for(Protocol::Hearth)`).
    pub fn predict_v1(&self, name: &str, content_type: Option<&str>, body: &[u8]) -> Result<Value, ApiError> {
        self.predict_v1_observed(name, content_type, body).map(|(v, _)| v)
    }

    /// [`Self::predict_v1`], also giving back what was predicted (for traffic monitoring).
    pub fn predict_v1_observed(
        &self,
        name: &str,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Result<(Value, Observation), ApiError> {
        self.check_name(name)?;
        let batch = parse_hearth(&self.signature, &self.limits, content_type, body)?;
        let predictions = predict_batch(&self.predictor, &batch)?;
        let answer = hearth_predictions(&self.signature, &self.info, &predictions);
        Ok((answer, Observation::new(batch, predictions)))
    }

    /// `POST /invocations`, JSON or CSV (errors: `body_for(Protocol::Mlflow)`).
    pub fn invocations(&self, content_type: Option<&str>, body: &[u8]) -> Result<Value, ApiError> {
        self.invocations_observed(content_type, body).map(|(v, _)| v)
    }

    /// [`Self::invocations`], also giving back what was predicted.
    pub fn invocations_observed(
        &self,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Result<(Value, Observation), ApiError> {
        let batch = parse_mlflow(&self.signature, &self.limits, content_type, body)?;
        let predictions = predict_batch(&self.predictor, &batch)?;
        Ok((mlflow_predictions(&predictions), Observation::new(batch, predictions)))
    }

    /// `POST /v2/models/{name}/infer` (errors: `body_for(Protocol::KserveV2)`).
    pub fn infer_v2(&self, name: &str, content_type: Option<&str>, body: &[u8]) -> Result<Value, ApiError> {
        self.infer_v2_observed(name, content_type, body).map(|(v, _)| v)
    }

    /// [`Self::infer_v2`], also giving back what was predicted.
    pub fn infer_v2_observed(
        &self,
        name: &str,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Result<(Value, Observation), ApiError> {
        self.check_name(name)?;
        let request = parse_kserve_v2(&self.signature, &self.limits, content_type, body)?;
        let predictions = predict_batch(&self.predictor, &request.batch)?;
        let answer = v2_predictions(&self.signature, request.id.as_deref(), &predictions);
        Ok((answer, Observation::new(request.batch, predictions)))
    }

    /// `GET /openapi.json`.
    pub fn openapi(&self, server: &ServerInfo) -> Value {
        openapi(&self.signature, &self.limits, server)
    }
}
