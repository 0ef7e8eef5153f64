//! The Sync page's settings, kept in the browser workspace (IndexedDB, under `app/`, which never
//! syncs): the team remote's base URL and this browser's bearer token for it.

use hearth_core::store::Store;
use serde::{Deserialize, Serialize};

use crate::edge_settings::{read_json, url_and_token, write_json, SettingsError};

/// Store key of the settings (JSON).
pub const REMOTE_SETTINGS: &str = "app/sync/remote";
/// The name the app's single remote goes by (in the store's record of pointers last seen there),
/// as `hearth remote add origin URL` names the CLI's first remote.
pub const REMOTE_NAME: &str = "origin";

/// Where the team remote is and how to reach it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RemoteSettings {
    /// Base URL of the worker serving `/remote/v1` (`http://127.0.0.1:8787`).
    pub url: String,
    /// A token the remote's admin issued (`read` to pull, `write` to push).
    pub token: String,
}

impl RemoteSettings {
    /// Checks the form's values: an http(s) URL (trailing `/` dropped) and a non-empty token.
    pub fn from_form(url: &str, token: &str) -> Result<RemoteSettings, SettingsError> {
        let (url, token) = url_and_token(
            (url, "Remote URL"),
            (token, "Token: ask the remote's admin for one (read to pull, write to push)"),
        )?;
        Ok(RemoteSettings { url, token })
    }
}

/// The saved settings, if any.
pub async fn load<S: Store>(store: &S) -> Result<Option<RemoteSettings>, String> {
    read_json(store, REMOTE_SETTINGS).await
}

/// Saves the settings (one commit).
pub async fn save<S: Store>(store: &S, settings: &RemoteSettings) -> Result<(), String> {
    write_json(store, REMOTE_SETTINGS, settings).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_needs_an_http_url_and_a_token() {
        let s = RemoteSettings::from_form(" https://team.example/ ", " hrt_1 ").unwrap();
        assert_eq!(s, RemoteSettings { url: "https://team.example".into(), token: "hrt_1".into() });
        let e = RemoteSettings::from_form("team.example", "t").unwrap_err();
        assert_eq!((e.field, e.message.starts_with("Remote URL")), ("url", true));
        assert_eq!(RemoteSettings::from_form("http://x", " ").unwrap_err().field, "token");
        assert_eq!(hearth_core::sync::classify(REMOTE_SETTINGS), None, "the token never syncs");
    }
}
