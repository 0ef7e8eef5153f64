//! The edge's admin API over native HTTP (ureq, blocking: the CLI drives core's futures on one
//! thread, so each call simply completes inside `poll`).

use hearth_core::deploy::{DeployRequest, Edge, EdgeDeployment, EdgeError, HistoryEntry, SmokeAnswer};
use hearth_core::registry::SignedBundle;
use hearth_core::serve::SERVED_VERSION_HEADER;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;
use std::time::Duration;

/// Header naming which variant (primary / canary) answered a prediction.
const VARIANT_HEADER: &str = "x-hearth-variant";

/// One edge, addressed by its base URL, with the admin token.
pub struct HttpEdge {
    base: String,
    token: String,
    agent: ureq::Agent,
}

struct Answer {
    status: u16,
    version: Option<String>,
    variant: Option<String>,
    body: String,
}

impl HttpEdge {
    /// An edge at `base` (no trailing `/`) using `token`.
    pub fn new(base: &str, token: String) -> Self {
        let agent = ureq::AgentBuilder::new()
            .timeout_connect(Duration::from_secs(5))
            .timeout(Duration::from_secs(60))
            .build();
        HttpEdge { base: base.to_string(), token, agent }
    }

    fn call(
        &self,
        method: &str,
        path: &str,
        body: Option<(&str, &[u8])>,
        extra: &[(&str, &str)],
    ) -> Result<Answer, EdgeError> {
        let url = format!("{}{path}", self.base);
        let mut req =
            self.agent.request(method, &url).set("authorization", &format!("Bearer {}", self.token));
        for (k, v) in extra {
            req = req.set(k, v);
        }
        let res = match body {
            Some((content_type, bytes)) => req.set("content-type", content_type).send_bytes(bytes),
            None => req.call(),
        };
        let res = match res {
            Ok(res) | Err(ureq::Error::Status(_, res)) => res,
            Err(ureq::Error::Transport(t)) => {
                return Err(EdgeError::Unreachable { url: self.base.clone(), reason: t.to_string() })
            }
        };
        let status = res.status();
        let version = res.header(SERVED_VERSION_HEADER).map(str::to_string);
        let variant = res.header(VARIANT_HEADER).map(str::to_string);
        let body = res.into_string().map_err(|e| EdgeError::Unreachable {
            url: url.clone(),
            reason: format!("reading the answer: {e}"),
        })?;
        let answer = Answer { status, version, variant, body };
        if (200..300).contains(&status) {
            Ok(answer)
        } else {
            Err(refusal(&format!("{method} {path}"), answer))
        }
    }

    fn admin<T: DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> Result<T, EdgeError> {
        let bytes = body.map(|b| serde_json::to_vec(b).expect("JSON serialises"));
        let answer = self.call(method, path, bytes.as_deref().map(|b| ("application/json", b)), &[])?;
        parse(&format!("{method} {path}"), &answer.body)
    }
}

fn parse<T: DeserializeOwned>(what: &str, body: &str) -> Result<T, EdgeError> {
    serde_json::from_str(body).map_err(|e| EdgeError::Protocol(format!("{what}: {e} in {}", excerpt(body))))
}

fn excerpt(body: &str) -> String {
    body.chars().take(200).collect()
}

/// A non-2xx answer as the error the reconciler branches on.
fn refusal(what: &str, answer: Answer) -> EdgeError {
    let json: Option<Value> = serde_json::from_str(&answer.body).ok();
    let detail = match json.as_ref().and_then(|j| j.get("detail")) {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => excerpt(&answer.body),
    };
    let detail = format!("{what}: {detail}");
    match answer.status {
        401 => EdgeError::Unauthorized(detail),
        409 => EdgeError::Conflict {
            detail,
            current: json
                .and_then(|j| j.get("current").cloned())
                .and_then(|c| serde_json::from_value(c).ok())
                .map(Box::new),
        },
        status => EdgeError::Refused { status, detail },
    }
}

#[derive(Deserialize)]
struct DeploymentBody {
    deployment: Option<EdgeDeployment>,
}

#[derive(Deserialize)]
struct HistoryBody {
    history: Vec<HistoryEntry>,
}

impl Edge for HttpEdge {
    async fn deployment(&self) -> Result<Option<EdgeDeployment>, EdgeError> {
        Ok(self.admin::<DeploymentBody>("GET", "/admin/deployment", None)?.deployment)
    }

    async fn upload(&self, bundle: &SignedBundle) -> Result<bool, EdgeError> {
        let path = format!("/admin/bundles/{}", bundle.hash);
        let answer = self.call(
            "PUT",
            &path,
            Some(("application/octet-stream", &bundle.bytes)),
            &[("x-hearth-signature", &bundle.signature)],
        )?;
        Ok(answer.status == 201)
    }

    async fn switch(&self, request: &DeployRequest) -> Result<EdgeDeployment, EdgeError> {
        let body = serde_json::to_value(request).expect("requests serialise");
        self.admin::<DeploymentBody>("PUT", "/admin/deployment", Some(&body))?
            .deployment
            .ok_or_else(|| EdgeError::Protocol("PUT /admin/deployment answered no deployment".into()))
    }

    async fn rollback(&self, expected: &str) -> Result<EdgeDeployment, EdgeError> {
        let body = serde_json::json!({ "expected": expected });
        self.admin::<DeploymentBody>("POST", "/admin/rollback", Some(&body))?
            .deployment
            .ok_or_else(|| EdgeError::Protocol("POST /admin/rollback answered no deployment".into()))
    }

    async fn history(&self) -> Result<Vec<HistoryEntry>, EdgeError> {
        Ok(self.admin::<HistoryBody>("GET", "/admin/deployments", None)?.history)
    }

    async fn health(&self) -> Result<(), EdgeError> {
        self.call("GET", "/health", None, &[]).map(|_| ())
    }

    async fn predict(
        &self,
        model: &str,
        record: &serde_json::Map<String, Value>,
    ) -> Result<SmokeAnswer, EdgeError> {
        let path = format!("/v1/models/{model}/predict");
        let body = serde_json::to_vec(record).expect("JSON serialises");
        let answer = self.call("POST", &path, Some(("application/json", &body)), &[])?;
        let json: Value = parse(&path, &answer.body)?;
        let prediction =
            json.get("predictions").and_then(|p| p.get(0)).and_then(Value::as_f64).ok_or_else(|| {
                EdgeError::Protocol(format!("{path}: no `predictions[0]` in {}", excerpt(&answer.body)))
            })?;
        Ok(SmokeAnswer {
            prediction,
            served_version: answer.version.and_then(|v| v.parse().ok()),
            variant: answer.variant,
        })
    }
}
