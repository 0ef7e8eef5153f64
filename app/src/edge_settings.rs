//! The Deploy page's settings, kept in the browser workspace (IndexedDB): which edge to talk to, the
//! admin token, and the state last applied there (core's lock entry), which is what lets the plan
//! tell a change made by hand at the edge (drift) from a plain difference.

use hearth_core::deploy::LockEntry;
use hearth_core::store::{Batch, Store};
use serde::{Deserialize, Serialize};

use crate::fetch_edge::FetchEdge;

/// Store key of the settings (JSON).
pub const EDGE_SETTINGS: &str = "app/deploy/edge";
/// Store key of the last applied state (JSON [`LockEntry`]).
pub const EDGE_LOCK: &str = "app/deploy/lock";
/// The environment name the app's single edge goes by in plans.
pub const ENV: &str = "edge";

/// Where the edge is and how to administer it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct EdgeSettings {
    /// Base URL of the worker (`http://127.0.0.1:8787`).
    pub url: String,
    /// Its admin bearer token (`ADMIN_TOKEN`).
    pub token: String,
}

/// A settings field the user got wrong: which input, and what it needs.
#[derive(Debug, Clone, PartialEq)]
pub struct SettingsError {
    /// `url` or `token`.
    pub field: &'static str,
    /// What is expected.
    pub message: String,
}

impl EdgeSettings {
    /// Checks the form's values: an http(s) URL (trailing `/` dropped) and a non-empty token.
    pub fn from_form(url: &str, token: &str) -> Result<EdgeSettings, SettingsError> {
        let (url, token) = url_and_token(
            (url, "Edge URL"),
            (token, "Admin token: the worker's ADMIN_TOKEN secret is needed to deploy"),
        )?;
        Ok(EdgeSettings { url, token })
    }

    /// A client for the edge.
    pub fn edge(&self) -> FetchEdge {
        crate::fetch_edge::connect(&self.url, &self.token)
    }
}

/// A URL + bearer token form (the Deploy and Sync pages): an http(s) URL, trailing `/` dropped, and
/// a non-empty token. An error names the URL field by its label, or says what the token is for.
pub(crate) fn url_and_token(
    (url, url_label): (&str, &str),
    (token, token_needed): (&str, &str),
) -> Result<(String, String), SettingsError> {
    let url = http_url(url).map_err(|found| SettingsError {
        field: "url",
        message: format!("{url_label}: an http:// or https:// address, found “{found}”"),
    })?;
    let token = token.trim();
    if token.is_empty() {
        return Err(SettingsError { field: "token", message: token_needed.to_string() });
    }
    Ok((url, token.to_string()))
}

/// A worker's base URL as typed: trimmed, trailing `/` dropped; `Err` with what was found unless it
/// is an http(s) address.
pub(crate) fn http_url(url: &str) -> Result<String, String> {
    let url = url.trim().trim_end_matches('/');
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    if rest.is_none_or(|r| r.is_empty() || r.contains(char::is_whitespace)) {
        return Err(url.to_string());
    }
    Ok(url.to_string())
}

/// The JSON value stored under `key`, if any.
pub(crate) async fn read_json<S: Store, T: serde::de::DeserializeOwned>(
    store: &S,
    key: &str,
) -> Result<Option<T>, String> {
    match store.get(key).await.map_err(|e| e.to_string())? {
        None => Ok(None),
        Some(bytes) => {
            serde_json::from_slice(&bytes).map(Some).map_err(|e| format!("stored `{key}` is unreadable: {e}"))
        }
    }
}

/// Stores `value` as JSON under `key` (one commit).
pub(crate) async fn write_json<S: Store, T: Serialize>(
    store: &S,
    key: &str,
    value: &T,
) -> Result<(), String> {
    let bytes = serde_json::to_vec(value).expect("settings serialise");
    store.commit(Batch::new().put(key, bytes)).await.map_err(|e| e.to_string())
}

/// The saved settings, if any.
pub async fn load<S: Store>(store: &S) -> Result<Option<EdgeSettings>, String> {
    read_json(store, EDGE_SETTINGS).await
}

/// Saves the settings (one commit).
pub async fn save<S: Store>(store: &S, settings: &EdgeSettings) -> Result<(), String> {
    write_json(store, EDGE_SETTINGS, settings).await
}

/// The state last applied to the edge from this browser.
pub async fn load_lock<S: Store>(store: &S) -> Result<Option<LockEntry>, String> {
    read_json(store, EDGE_LOCK).await
}

/// Records the state now applied.
pub async fn save_lock<S: Store>(store: &S, entry: &LockEntry) -> Result<(), String> {
    write_json(store, EDGE_LOCK, entry).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_needs_an_http_url_and_a_token() {
        let s = EdgeSettings::from_form(" http://127.0.0.1:8787/ ", " t0k ").unwrap();
        assert_eq!(s, EdgeSettings { url: "http://127.0.0.1:8787".into(), token: "t0k".into() });
        assert_eq!(EdgeSettings::from_form("127.0.0.1:8787", "t").unwrap_err().field, "url");
        assert_eq!(EdgeSettings::from_form("https://", "t").unwrap_err().field, "url");
        assert_eq!(EdgeSettings::from_form("https://edge.example", "  ").unwrap_err().field, "token");
    }
}
