//! The `/remote/v1` wire format both transports speak (the CLI's blocking HTTP and the app's
//! `fetch`): paths, request bodies, and how a refusal's JSON becomes a [`SyncError`], so the two
//! cannot drift apart.

use super::{CommitEntry, Conflict, RemoteEntry, SyncError};
use serde::Deserialize;
use serde_json::{json, Value};

/// Path prefix of the remote API under the worker's base URL.
pub const API: &str = "/remote/v1";
/// Hashes per `missing` request (the worker's limit).
pub const MISSING_CHUNK: usize = 1000;

/// Answer of `GET /entries`.
#[derive(Debug, Deserialize)]
pub struct Entries {
    /// Every committed key.
    pub entries: Vec<RemoteEntry>,
}

/// Answer of `POST /objects/missing`.
#[derive(Debug, Deserialize)]
pub struct Missing {
    /// The hashes asked about that the remote's storage lacks.
    pub missing: Vec<String>,
}

/// Body of `POST /objects/missing`.
pub fn missing_body(hashes: &[String]) -> Value {
    json!({ "hashes": hashes })
}

/// Body of `POST /commit`.
pub fn commit_body(entries: &[CommitEntry]) -> Value {
    json!({ "entries": entries })
}

/// The error an answer with HTTP `status` (not 2xx) and body `body` means: 401/403 → denied with
/// the worker's `detail`, 409 → the conflicts with both values, anything else → a remote error.
pub fn refusal(method: &str, path: &str, status: u16, body: &str) -> SyncError {
    let body: Value = serde_json::from_str(body).unwrap_or(Value::Null);
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
        _ => SyncError::Remote(format!("{method} {API}{path} answered {status}: {detail}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_map_to_their_errors() {
        let denied = refusal("PUT", "/objects/x", 403, r#"{"detail":"token `r` has scope `read`"}"#);
        assert_eq!(denied, SyncError::Denied { status: 403, message: "token `r` has scope `read`".into() });
        let body = r#"{"detail":"conflict","conflicts":[{"key":"registry/models/m/aliases/champion","yours":"3","current":"1","current_by":"bob"}]}"#;
        let SyncError::Conflict(c) = refusal("POST", "/commit", 409, body) else { panic!("not a conflict") };
        assert_eq!(c[0].local.as_deref(), Some("3"));
        assert_eq!(c[0].remote.as_deref(), Some("1"));
        assert_eq!(c[0].remote_by.as_deref(), Some("bob"));
        let other = refusal("GET", "/entries", 503, "not json");
        assert_eq!(other, SyncError::Remote("GET /remote/v1/entries answered 503: no detail".into()));
    }
}
