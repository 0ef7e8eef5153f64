//! Response bodies of the serving routes, in each protocol's shape.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::signature::{FieldKind, Signature};

/// What the registry knows about the served model version beyond its signature.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ModelInfo {
    /// SHA-256 of the bundle bytes (hex), the identity of what is served.
    pub bundle: String,
    /// Aliases pointing at this version (`champion`, ...).
    pub aliases: Vec<String>,
    /// Held-out metrics (`mae`, `r2`, ...).
    pub metrics: BTreeMap<String, f64>,
    /// Dataset version the model was trained on.
    pub data_version: Option<String>,
}

/// Facts about the server, for `/version` and the OpenAPI `info`.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerInfo {
    /// Hearth's version (the worker's `CARGO_PKG_VERSION`).
    pub hearth_version: String,
    /// Base URL for the OpenAPI `servers` entry; `None` means relative (`/`).
    pub server_url: Option<String>,
}

/// Hearth's `/v1` predict answer.
pub(crate) fn hearth_predictions(sig: &Signature, info: &ModelInfo, predictions: &[f64]) -> Value {
    json!({ "predictions": predictions, "model": sig.model(), "version": sig.version(), "bundle": info.bundle })
}

/// MLflow's `/invocations` answer.
pub(crate) fn mlflow_predictions(predictions: &[f64]) -> Value {
    json!({ "predictions": predictions })
}

/// KServe V2's infer answer: one FP64 output tensor named `predictions`.
pub(crate) fn v2_predictions(sig: &Signature, id: Option<&str>, predictions: &[f64]) -> Value {
    let mut body = json!({
        "model_name": sig.model(),
        "model_version": sig.version().to_string(),
        "outputs": [{ "name": "predictions", "shape": [predictions.len()], "datatype": "FP64", "data": predictions }],
    });
    if let Some(id) = id {
        body["id"] = id.into();
    }
    body
}

/// One model's entry in `/v1/models` and the body of `/v1/models/{name}`.
pub(crate) fn model_metadata(sig: &Signature, info: &ModelInfo) -> Value {
    json!({
        "name": sig.model(),
        "version": sig.version(),
        "bundle": info.bundle,
        "aliases": info.aliases,
        "metrics": info.metrics,
        "training_data_version": info.data_version,
        "signature": sig,
    })
}

/// `/v2/models/{name}`: the OIP model metadata.
pub(crate) fn v2_model_metadata(sig: &Signature) -> Value {
    let inputs: Vec<Value> = sig
        .fields()
        .iter()
        .map(|f| {
            let datatype = match &f.kind {
                FieldKind::Numeric(n) if n.integer => "INT64",
                FieldKind::Numeric(_) => "FP64",
                FieldKind::Categorical(_) => "BYTES",
            };
            json!({ "name": f.name, "datatype": datatype, "shape": [-1] })
        })
        .collect();
    json!({
        "name": sig.model(),
        "versions": [sig.version().to_string()],
        "platform": "hearth",
        "inputs": inputs,
        "outputs": [{ "name": "predictions", "datatype": "FP64", "shape": [-1] }],
    })
}

/// `/version`.
pub(crate) fn version_body(server: &ServerInfo) -> Value {
    json!({ "hearth": server.hearth_version })
}
