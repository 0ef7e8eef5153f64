//! The admin API's wire format as every client reads it: the routes the reconciler calls, the bodies
//! of their answers and how a non-2xx answer becomes the [`EdgeError`] it branches on. A client only
//! supplies the transport ([`Transport`]: native HTTP in the CLI, `fetch` in the web app); wrapped in
//! [`AdminClient`] it is core's [`Edge`], so both read and drive the edge the same way.

use super::edge::{DeployRequest, Edge, EdgeDeployment, EdgeError, HistoryEntry, SmokeAnswer};
use crate::registry::SignedBundle;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

/// Header carrying a bundle's Ed25519 signature on upload.
pub const SIGNATURE_HEADER: &str = "x-hearth-signature";

/// Body of `GET|PUT /admin/deployment` and `POST /admin/rollback`.
#[derive(Debug, Deserialize)]
pub struct DeploymentBody {
    /// The deployment served (after the call), `null` when nothing is deployed.
    pub deployment: Option<EdgeDeployment>,
}

/// Body of `GET /admin/deployments`.
#[derive(Debug, Deserialize)]
pub struct HistoryBody {
    /// Newest first.
    pub history: Vec<HistoryEntry>,
}

/// An HTTP answer, whatever its status.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// `x-hearth-model-version`, when sent.
    pub served_version: Option<String>,
    /// `x-hearth-variant`, when sent.
    pub variant: Option<String>,
    /// The body as text.
    pub body: String,
}

/// One HTTP exchange with the edge: the only part a client implements.
#[allow(async_fn_in_trait)]
pub trait Transport {
    /// Sends `method path` with an optional `(content type, bytes)` body and extra headers; the
    /// transport adds the admin token. `Err` only when no HTTP answer came (then: `Unreachable`).
    async fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<(&str, &[u8])>,
        extra: &[(&str, &str)],
    ) -> Result<Answer, EdgeError>;
}

/// Core's [`Edge`] over a [`Transport`].
#[derive(Debug, Clone, PartialEq)]
pub struct AdminClient<T>(pub T);

impl<T: Transport> AdminClient<T> {
    /// A 2xx answer, or the refusal as an error.
    async fn call(
        &self,
        method: &str,
        path: &str,
        body: Option<(&str, &[u8])>,
        extra: &[(&str, &str)],
    ) -> Result<Answer, EdgeError> {
        let answer = self.0.send(method, path, body, extra).await?;
        if (200..300).contains(&answer.status) {
            Ok(answer)
        } else {
            Err(refusal(&format!("{method} {path}"), answer.status, &answer.body))
        }
    }

    async fn admin<B: DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> Result<B, EdgeError> {
        let bytes = body.map(|b| serde_json::to_vec(b).expect("JSON serialises"));
        let answer = self.call(method, path, bytes.as_deref().map(|b| ("application/json", b)), &[]).await?;
        parse(&format!("{method} {path}"), &answer.body)
    }

    async fn deployment_of(
        &self,
        method: &str,
        path: &str,
        body: &Value,
    ) -> Result<EdgeDeployment, EdgeError> {
        self.admin::<DeploymentBody>(method, path, Some(body))
            .await?
            .deployment
            .ok_or_else(|| EdgeError::Protocol(format!("{method} {path} answered no deployment")))
    }
}

impl<T: Transport> Edge for AdminClient<T> {
    async fn deployment(&self) -> Result<Option<EdgeDeployment>, EdgeError> {
        Ok(self.admin::<DeploymentBody>("GET", "/admin/deployment", None).await?.deployment)
    }

    async fn upload(&self, bundle: &SignedBundle) -> Result<bool, EdgeError> {
        let path = format!("/admin/bundles/{}", bundle.hash);
        let body = Some(("application/octet-stream", bundle.bytes.as_slice()));
        let answer = self.call("PUT", &path, body, &[(SIGNATURE_HEADER, &bundle.signature)]).await?;
        Ok(answer.status == 201)
    }

    async fn switch(&self, request: &DeployRequest) -> Result<EdgeDeployment, EdgeError> {
        let body = serde_json::to_value(request).expect("requests serialise");
        self.deployment_of("PUT", "/admin/deployment", &body).await
    }

    async fn rollback(&self, expected: &str) -> Result<EdgeDeployment, EdgeError> {
        self.deployment_of("POST", "/admin/rollback", &serde_json::json!({ "expected": expected })).await
    }

    async fn history(&self) -> Result<Vec<HistoryEntry>, EdgeError> {
        Ok(self.admin::<HistoryBody>("GET", "/admin/deployments", None).await?.history)
    }

    async fn health(&self) -> Result<(), EdgeError> {
        self.call("GET", "/health", None, &[]).await.map(|_| ())
    }

    async fn predict(
        &self,
        model: &str,
        record: &serde_json::Map<String, Value>,
    ) -> Result<SmokeAnswer, EdgeError> {
        let path = format!("/v1/models/{model}/predict");
        let body = serde_json::to_vec(record).expect("JSON serialises");
        let answer = self.call("POST", &path, Some(("application/json", &body)), &[]).await?;
        smoke_answer(&path, &answer.body, answer.served_version.as_deref(), answer.variant.as_deref())
    }
}

/// At most this many characters of an unexpected body are quoted in errors.
const EXCERPT_CHARS: usize = 200;

/// The start of `body`, for error messages.
pub fn excerpt(body: &str) -> String {
    body.chars().take(EXCERPT_CHARS).collect()
}

/// Parses a success body; `what` names the call (`GET /admin/deployment`) in the error.
pub fn parse<T: DeserializeOwned>(what: &str, body: &str) -> Result<T, EdgeError> {
    serde_json::from_str(body).map_err(|e| EdgeError::Protocol(format!("{what}: {e} in {}", excerpt(body))))
}

/// A non-2xx answer (`status`, `body`) to the call `what` as the error the reconciler branches on:
/// 401 wrong token, 409 conflict (with the edge's current deployment when it says), else refused.
pub fn refusal(what: &str, status: u16, body: &str) -> EdgeError {
    let json: Option<Value> = serde_json::from_str(body).ok();
    let detail = match json.as_ref().and_then(|j| j.get("detail")) {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => excerpt(body),
    };
    let detail = format!("{what}: {detail}");
    match status {
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

/// The answer of `POST /v1/models/{model}/predict` for one record (`path` names the call), with the
/// served-version and variant headers as sent.
pub fn smoke_answer(
    path: &str,
    body: &str,
    served_version: Option<&str>,
    variant: Option<&str>,
) -> Result<SmokeAnswer, EdgeError> {
    let json: Value = parse(path, body)?;
    let prediction =
        json.get("predictions").and_then(|p| p.get(0)).and_then(Value::as_f64).ok_or_else(|| {
            EdgeError::Protocol(format!("{path}: no `predictions[0]` in {}", excerpt(body)))
        })?;
    Ok(SmokeAnswer {
        prediction,
        served_version: served_version.and_then(|v| v.trim().parse().ok()),
        variant: variant.map(str::to_string),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_keep_the_edges_detail_and_branch_on_the_status() {
        let e = refusal("GET /admin/deployment", 401, r#"{"detail":"missing or wrong bearer token"}"#);
        assert_eq!(e, EdgeError::Unauthorized("GET /admin/deployment: missing or wrong bearer token".into()));
        let current = r#"{"bundle":"b","version":2,"deployed_at_ms":1,"previous":null}"#;
        let e =
            refusal("PUT /admin/deployment", 409, &format!(r#"{{"detail":"moved","current":{current}}}"#));
        match e {
            EdgeError::Conflict { detail, current: Some(c) } => {
                assert_eq!((detail.as_str(), c.version), ("PUT /admin/deployment: moved", 2))
            }
            other => panic!("{other:?}"),
        }
        let e = refusal("PUT /admin/bundles/x", 422, "<html>oops</html>");
        assert_eq!(
            e,
            EdgeError::Refused { status: 422, detail: "PUT /admin/bundles/x: <html>oops</html>".into() }
        );
    }

    /// One request as sent: method, path, `content-type body`, extra headers.
    type Sent = (String, String, Option<String>, Vec<String>);

    /// Answers every request with `answer` and records what was sent (the HTTP layer only).
    struct Recorder {
        answer: Answer,
        sent: std::cell::RefCell<Vec<Sent>>,
    }

    impl Transport for Recorder {
        async fn send(
            &self,
            method: &str,
            path: &str,
            body: Option<(&str, &[u8])>,
            extra: &[(&str, &str)],
        ) -> Result<Answer, EdgeError> {
            let body = body.map(|(t, b)| format!("{t} {}", String::from_utf8_lossy(b)));
            let extra = extra.iter().map(|(k, v)| format!("{k}: {v}")).collect();
            self.sent.borrow_mut().push((method.into(), path.into(), body, extra));
            Ok(self.answer.clone())
        }
    }

    fn client(status: u16, body: &str) -> AdminClient<Recorder> {
        let answer = Answer { status, served_version: Some("2".into()), variant: None, body: body.into() };
        AdminClient(Recorder { answer, sent: Default::default() })
    }

    #[test]
    fn the_client_calls_the_documented_routes_and_reads_their_answers() {
        use crate::pipeline::block_on_ready;
        let c = client(200, r#"{"deployment":{"bundle":"b","version":2}}"#);
        assert_eq!(block_on_ready(c.rollback("a")).unwrap().version, 2);
        let bundle = SignedBundle { hash: "h".into(), bytes: b"x".to_vec(), signature: "s".into() };
        let c = client(201, "{}");
        assert!(block_on_ready(c.upload(&bundle)).unwrap());
        let sent = c.0.sent.borrow();
        assert_eq!(sent[0].0, "PUT");
        assert_eq!(sent[0].1, "/admin/bundles/h");
        assert_eq!(sent[0].2.as_deref(), Some("application/octet-stream x"));
        assert_eq!(sent[0].3, vec!["x-hearth-signature: s".to_string()]);
        let c = client(401, r#"{"detail":"missing or wrong bearer token"}"#);
        assert!(matches!(block_on_ready(c.history()), Err(EdgeError::Unauthorized(_))));
        let c = client(200, r#"{"predictions":[1.5]}"#);
        let a = block_on_ready(c.predict("m", &serde_json::Map::new())).unwrap();
        assert_eq!((a.prediction, a.served_version), (1.5, Some(2)));
        assert_eq!(c.0.sent.borrow()[0].1, "/v1/models/m/predict");
    }

    #[test]
    fn smoke_answers_read_the_first_prediction_and_the_headers() {
        let a = smoke_answer("/p", r#"{"predictions":[4200000.5],"version":3}"#, Some("3"), Some("canary"))
            .unwrap();
        assert_eq!(
            (a.prediction, a.served_version, a.variant.as_deref()),
            (4200000.5, Some(3), Some("canary"))
        );
        assert!(matches!(
            smoke_answer("/p", r#"{"predictions":[]}"#, None, None),
            Err(EdgeError::Protocol(_))
        ));
        assert!(matches!(smoke_answer("/p", "not json", None, None), Err(EdgeError::Protocol(_))));
        let body: DeploymentBody = parse("GET", r#"{"deployment":null}"#).unwrap();
        assert!(body.deployment.is_none());
    }
}
