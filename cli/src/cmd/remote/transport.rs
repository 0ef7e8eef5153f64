//! The remote a command talks to, whichever kind its configuration names: a Hearth worker
//! (`http(s)://`) or S3-compatible storage (`s3://`). One enum rather than generics so that each
//! command is compiled once, for both kinds.

use super::config::{self, RemoteConfig};
use super::http::HttpRemote;
use super::s3::client::Client;
use super::s3::sigv4::Credentials;
use super::s3::transport::S3Remote;
use crate::exit::CliResult;
use hearth_core::sync::{CommitEntry, RemoteEntry, RemoteTransport, SyncError};

/// A connected remote of either kind.
pub enum Remote {
    /// A worker's `/remote/v1` API.
    Http(HttpRemote),
    /// A bucket.
    S3(S3Remote),
}

impl Remote {
    /// Connects to `config`'s remote with the secrets from its environment variables.
    pub fn connect(config: &RemoteConfig) -> CliResult<Remote> {
        let (Some(location), Some(s3)) = (config.location()?, &config.s3) else {
            return Ok(Remote::Http(HttpRemote::new(&config.url, config::token(config)?)));
        };
        let creds = Credentials {
            access_key: config::secret(config, &s3.access_key_env, "access key id")?,
            secret_key: config::secret(config, &s3.secret_key_env, "secret access key")?,
        };
        let who = creds.access_key.clone();
        Ok(Remote::S3(S3Remote::new(Client::new(&location, creds), location.prefix, who)))
    }
}

impl RemoteTransport for Remote {
    async fn entries(&self) -> Result<Vec<RemoteEntry>, SyncError> {
        match self {
            Remote::Http(r) => r.entries().await,
            Remote::S3(r) => r.entries().await,
        }
    }

    async fn missing(&self, hashes: &[String]) -> Result<Vec<String>, SyncError> {
        match self {
            Remote::Http(r) => r.missing(hashes).await,
            Remote::S3(r) => r.missing(hashes).await,
        }
    }

    async fn get_object(&self, hash: &str) -> Result<Vec<u8>, SyncError> {
        match self {
            Remote::Http(r) => r.get_object(hash).await,
            Remote::S3(r) => r.get_object(hash).await,
        }
    }

    async fn put_object(&self, hash: &str, bytes: &[u8]) -> Result<(), SyncError> {
        match self {
            Remote::Http(r) => r.put_object(hash, bytes).await,
            Remote::S3(r) => r.put_object(hash, bytes).await,
        }
    }

    async fn commit(&self, entries: &[CommitEntry]) -> Result<(), SyncError> {
        match self {
            Remote::Http(r) => r.commit(entries).await,
            Remote::S3(r) => r.commit(entries).await,
        }
    }
}
