//! The edge as the reconciler sees it: the admin API's records and a small async trait over its
//! calls. The CLI implements it with a native HTTP client, the web app with `fetch`; core performs
//! no I/O itself. Futures need not be `Send` (browser and CLI drive them on one thread).

use crate::registry::SignedBundle;
use serde::{Deserialize, Serialize};

/// The canary part of a deployment record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CanaryRecord {
    /// SHA-256 of the canary bundle.
    pub bundle: String,
    /// Its registry version.
    pub version: u32,
    /// Fraction of requests it answers, in (0, 1).
    pub share: f64,
}

/// `GET /admin/deployment`'s record: what the edge serves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EdgeDeployment {
    /// SHA-256 of the primary bundle.
    pub bundle: String,
    /// Its registry version.
    pub version: u32,
    /// Registry aliases reported with it.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// When it was switched (the edge's clock).
    #[serde(default)]
    pub deployed_at_ms: u64,
    /// The primary bundle before this one (where a rollback goes).
    #[serde(default)]
    pub previous: Option<String>,
    /// Its version.
    #[serde(default)]
    pub previous_version: Option<u32>,
    /// The canary, if any.
    #[serde(default)]
    pub canary: Option<CanaryRecord>,
}

/// Body of `PUT /admin/deployment`: a compare-and-swap on the primary bundle.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeployRequest {
    /// Primary bundle.
    pub bundle: String,
    /// Its version.
    pub version: u32,
    /// Its aliases.
    pub aliases: Vec<String>,
    /// The primary bundle the edge must be serving now (`None`: nothing deployed).
    pub expected: Option<String>,
    /// The canary; omitted (not `null`) when there is none, so edges without canaries accept it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canary: Option<CanaryRecord>,
}

/// One line of `GET /admin/deployments`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// `deploy` or `rollback`.
    pub action: String,
    /// Primary bundle after the action.
    pub bundle: String,
    /// Its version.
    pub version: u32,
    /// Its aliases.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Canary after the action.
    #[serde(default)]
    pub canary: Option<CanaryRecord>,
    /// When (the edge's clock).
    pub at_ms: u64,
}

/// A prediction answered by the edge for the smoke check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SmokeAnswer {
    /// The predicted value.
    pub prediction: f64,
    /// `x-hearth-model-version`.
    pub served_version: Option<u32>,
    /// `x-hearth-variant` (`primary` / `canary`), when the edge reports it.
    pub variant: Option<String>,
}

/// Why an edge call failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EdgeError {
    /// No HTTP answer at all (connection refused, DNS, timeout).
    #[error("the edge at {url} is unreachable: {reason}")]
    Unreachable {
        /// Where.
        url: String,
        /// Transport error.
        reason: String,
    },
    /// 401: the token is missing or wrong.
    #[error("the edge refused the admin token (401): {0}")]
    Unauthorized(String),
    /// 409: another writer changed the deployment, or there is nothing to roll back to.
    #[error("conflict (409): {detail}")]
    Conflict {
        /// The edge's explanation.
        detail: String,
        /// The deployment the edge serves now, when it says.
        current: Option<Box<EdgeDeployment>>,
    },
    /// Any other non-success answer (422 invalid bundle, 404 unknown route, 503 ...).
    #[error("the edge answered {status}: {detail}")]
    Refused {
        /// HTTP status.
        status: u16,
        /// The edge's explanation.
        detail: String,
    },
    /// A success answer whose body is not what the admin API documents.
    #[error("unexpected answer from the edge: {0}")]
    Protocol(String),
}

/// The admin API (plus one prediction) that reconciliation needs.
#[allow(async_fn_in_trait)]
pub trait Edge {
    /// `GET /admin/deployment`.
    async fn deployment(&self) -> Result<Option<EdgeDeployment>, EdgeError>;
    /// `PUT /admin/bundles/{hash}`: `true` when newly stored, `false` when the edge had it.
    async fn upload(&self, bundle: &SignedBundle) -> Result<bool, EdgeError>;
    /// `PUT /admin/deployment`.
    async fn switch(&self, request: &DeployRequest) -> Result<EdgeDeployment, EdgeError>;
    /// `POST /admin/rollback` with the primary bundle expected now.
    async fn rollback(&self, expected: &str) -> Result<EdgeDeployment, EdgeError>;
    /// `GET /admin/deployments`: newest first.
    async fn history(&self) -> Result<Vec<HistoryEntry>, EdgeError>;
    /// `GET /health`: `Ok(())` on 200, else why not.
    async fn health(&self) -> Result<(), EdgeError>;
    /// `POST /v1/models/{model}/predict` with one record.
    async fn predict(
        &self,
        model: &str,
        record: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<SmokeAnswer, EdgeError>;
}
