//! The team remote's `/remote/v1` API over blocking HTTP (ureq): the CLI's [`RemoteTransport`].

use hearth_core::sync::{CommitEntry, Conflict, RemoteEntry, RemoteTransport, SyncError};
use serde::Deserialize;
use serde_json::{json, Value};
use std::io::Read;
use std::time::Duration;

/// Largest object the CLI downloads into memory (the worker accepts 100 MB request bodies).
const MAX_OBJECT_BYTES: u64 = 512 * 1024 * 1024;
/// Hashes per `missing` request (the worker's limit).
const MISSING_CHUNK: usize = 1000;

/// One remote, by base URL, with its bearer token.
pub struct HttpRemote {
    base: String,
    token: String,
    agent: ureq::Agent,
}

impl HttpRemote {
    /// A remote at `base` (trailing `/` ignored).
    pub fn new(base: &str, token: String) -> Self {
        let agent = ureq::AgentBuilder::new()
            .timeout_connect(Duration::from_secs(5))
            .timeout(Duration::from_secs(300))
            .build();
        HttpRemote { base: base.trim_end_matches('/').to_string(), token, agent }
    }

    fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<(&str, &[u8])>,
    ) -> Result<ureq::Response, SyncError> {
        let url = format!("{}/remote/v1{path}", self.base);
        let req = self.agent.request(method, &url).set("authorization", &format!("Bearer {}", self.token));
        let res = match body {
            Some((content_type, bytes)) => req.set("content-type", content_type).send_bytes(bytes),
            None => req.call(),
        };
        match res {
            Ok(res) => Ok(res),
            Err(ureq::Error::Status(status, res)) => Err(refusal(method, path, status, res)),
            Err(ureq::Error::Transport(t)) => {
                Err(SyncError::Remote(format!("{} is unreachable: {t}", self.base)))
            }
        }
    }

    fn json<T: for<'de> Deserialize<'de>>(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> Result<T, SyncError> {
        let bytes = body.map(|b| serde_json::to_vec(b).expect("JSON serialises"));
        let res = self.send(method, path, bytes.as_deref().map(|b| ("application/json", b)))?;
        let text = res
            .into_string()
            .map_err(|e| SyncError::Remote(format!("{method} {path}: unreadable answer: {e}")))?;
        serde_json::from_str(&text)
            .map_err(|e| SyncError::Remote(format!("{method} {path}: unexpected answer: {e}")))
    }
}

fn refusal(method: &str, path: &str, status: u16, res: ureq::Response) -> SyncError {
    let body: Value =
        res.into_string().ok().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or(Value::Null);
    let detail = body.get("detail").and_then(Value::as_str).unwrap_or("no detail").to_string();
    match status {
        401 | 403 => SyncError::Denied { status, message: detail },
        409 => {
            let conflicts = body.get("conflicts").and_then(Value::as_array).cloned().unwrap_or_default();
            let text = |c: &Value, k: &str| c.get(k).and_then(Value::as_str).map(str::to_string);
            SyncError::Conflict(
                conflicts
                    .iter()
                    .map(|c| Conflict {
                        key: text(c, "key").unwrap_or_default(),
                        local: text(c, "yours"),
                        remote: text(c, "current"),
                        remote_by: text(c, "current_by"),
                    })
                    .collect(),
            )
        }
        _ => SyncError::Remote(format!("{method} /remote/v1{path} answered {status}: {detail}")),
    }
}

#[derive(Deserialize)]
struct Entries {
    entries: Vec<RemoteEntry>,
}

#[derive(Deserialize)]
struct Missing {
    missing: Vec<String>,
}

impl RemoteTransport for HttpRemote {
    async fn entries(&self) -> Result<Vec<RemoteEntry>, SyncError> {
        Ok(self.json::<Entries>("GET", "/entries", None)?.entries)
    }

    async fn missing(&self, hashes: &[String]) -> Result<Vec<String>, SyncError> {
        let mut missing = Vec::new();
        for chunk in hashes.chunks(MISSING_CHUNK) {
            let body = json!({ "hashes": chunk });
            missing.extend(self.json::<Missing>("POST", "/objects/missing", Some(&body))?.missing);
        }
        Ok(missing)
    }

    async fn get_object(&self, hash: &str) -> Result<Vec<u8>, SyncError> {
        let res = self.send("GET", &format!("/objects/{hash}"), None)?;
        let mut bytes = Vec::new();
        res.into_reader()
            .take(MAX_OBJECT_BYTES)
            .read_to_end(&mut bytes)
            .map_err(|e| SyncError::Remote(format!("downloading object {hash}: {e}")))?;
        Ok(bytes)
    }

    async fn put_object(&self, hash: &str, bytes: &[u8]) -> Result<(), SyncError> {
        self.send("PUT", &format!("/objects/{hash}"), Some(("application/octet-stream", bytes)))?;
        Ok(())
    }

    async fn commit(&self, entries: &[CommitEntry]) -> Result<(), SyncError> {
        let body = json!({ "entries": entries });
        self.json::<Value>("POST", "/commit", Some(&body))?;
        Ok(())
    }
}
