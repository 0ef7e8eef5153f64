//! Named remotes of a workspace, kept in its store under `remote/<name>/config` (never synced).

use super::s3::location::Location;
use crate::exit::{CliError, CliResult};
use crate::workspace::Workspace;
use hearth_core::store::{Batch, Store};
use hearth_core::sync::LOCAL_PREFIX;
use serde::{Deserialize, Serialize};

/// Environment variable holding the token when `--token-env` is not given.
pub const DEFAULT_TOKEN_ENV: &str = "HEARTH_REMOTE_TOKEN";
/// Environment variables holding an S3 remote's key pair unless told otherwise (the AWS CLI's and
/// SDKs' own, so a shell set up for `aws s3` works as is).
pub const DEFAULT_ACCESS_KEY_ENV: &str = "AWS_ACCESS_KEY_ID";
/// See [`DEFAULT_ACCESS_KEY_ENV`].
pub const DEFAULT_SECRET_KEY_ENV: &str = "AWS_SECRET_ACCESS_KEY";

/// One configured remote. Secrets are never stored: only the names of the variables holding them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RemoteConfig {
    /// Its name (`origin`, `team`, ...).
    pub name: String,
    /// Base URL of the worker, or `s3://BUCKET/PREFIX`.
    pub url: String,
    /// Environment variable holding the worker's bearer token (empty for S3 remotes).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub token_env: String,
    /// How to reach an `s3://` remote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s3: Option<S3Settings>,
}

/// An S3 remote's endpoint, region and credential variables.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct S3Settings {
    /// `http(s)://host[:port]` of an S3-compatible server; absent for AWS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// Signing region.
    pub region: String,
    /// Environment variable holding the access key id.
    pub access_key_env: String,
    /// Environment variable holding the secret access key.
    pub secret_key_env: String,
}

impl RemoteConfig {
    /// Where an S3 remote lives (`None` for a worker remote); checked again on every use.
    pub fn location(&self) -> CliResult<Option<Location>> {
        let Some(s3) = &self.s3 else { return Ok(None) };
        Location::parse(&self.url, s3.endpoint.as_deref(), Some(&s3.region))
            .map(Some)
            .map_err(|e| CliError::invalid(format!("remote `{}`: {e}", self.name)))
    }
}

fn key(name: &str) -> String {
    format!("{LOCAL_PREFIX}{name}/config")
}

/// Adds a remote; 5 (conflict) when the name is taken, 3 for a bad name or URL.
pub fn add(ws: &Workspace, config: &RemoteConfig) -> CliResult {
    let valid = !config.name.is_empty()
        && config.name.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
    if !valid {
        return Err(CliError::invalid(format!(
            "remote name `{}` must be letters, digits, `-`, `_` or `.`",
            config.name
        )));
    }
    if config.s3.is_some() {
        config.location()?;
    } else if !(config.url.starts_with("http://") || config.url.starts_with("https://")) {
        return Err(CliError::invalid(format!(
            "remote URL `{}` must start with http:// or https:// (a worker) or s3:// (a bucket)",
            config.url
        )));
    }
    let bytes = serde_json::to_vec(config).expect("config serialises");
    crate::block_on::block_on(
        ws.store.commit(Batch::new().expect(key(&config.name), None).put(key(&config.name), bytes)),
    )
    .map_err(|_| {
        CliError::new(
            crate::exit::ExitCode::Conflict,
            format!("a remote named `{}` already exists", config.name),
        )
    })
}

/// All configured remotes, by name.
pub fn list(ws: &Workspace) -> CliResult<Vec<RemoteConfig>> {
    let mut out = Vec::new();
    for k in crate::block_on::block_on(ws.store.list(LOCAL_PREFIX))? {
        if k.ends_with("/config") {
            if let Some(bytes) = crate::block_on::block_on(ws.store.get(&k))? {
                out.push(
                    serde_json::from_slice(&bytes)
                        .map_err(|e| CliError::failure(format!("{k} is unreadable: {e}")))?,
                );
            }
        }
    }
    Ok(out)
}

/// The remote named `name`, or the only one when `name` is `None`.
pub fn find(ws: &Workspace, name: Option<&str>) -> CliResult<RemoteConfig> {
    let all = list(ws)?;
    match name {
        Some(n) => all.into_iter().find(|r| r.name == n).ok_or_else(|| {
            CliError::not_found(format!("no remote named `{n}`: add it with `hearth remote add {n} URL`"))
        }),
        None if all.len() == 1 => Ok(all.into_iter().next().expect("one remote")),
        None if all.is_empty() => {
            Err(CliError::not_found("no remote configured: `hearth remote add NAME URL` first"))
        }
        None => Err(CliError::invalid("several remotes are configured: choose one with --remote NAME")),
    }
}

/// The bearer token from the remote's environment variable.
pub fn token(config: &RemoteConfig) -> CliResult<String> {
    secret(config, &config.token_env, "token")
}

/// The value of `var`, which holds `what` for `config`'s remote; a clear error when unset.
pub fn secret(config: &RemoteConfig, var: &str, what: &str) -> CliResult<String> {
    std::env::var(var).ok().filter(|t| !t.trim().is_empty()).map(|t| t.trim().to_string()).ok_or_else(|| {
        CliError::invalid(format!(
            "remote `{}` needs its {what} in the environment variable {var}",
            config.name
        ))
    })
}
