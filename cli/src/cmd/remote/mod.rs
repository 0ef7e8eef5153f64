//! The team remote: `hearth remote add/list`, and `push`, `pull`, `fetch`, `status --remote`
//! (in [`sync`]). The logic is `hearth_core::sync`; this module supplies the two kinds of remote
//! (a worker over HTTP in [`http`], S3-compatible storage in [`s3`]) and the printing.

pub mod config;
pub mod http;
pub mod s3;
pub mod sync;
pub mod transport;

use super::Context;
use crate::exit::CliResult;
use crate::output::table;
use config::{RemoteConfig, S3Settings, DEFAULT_ACCESS_KEY_ENV, DEFAULT_SECRET_KEY_ENV, DEFAULT_TOKEN_ENV};
use s3::location::DEFAULT_REGION;

/// Subcommands of `hearth remote`.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add a remote: a Hearth worker's base URL (its token read from an environment variable), or
    /// an S3-compatible bucket `s3://BUCKET/PREFIX` (its key pair read from the environment).
    Add {
        /// Name to refer to it by (e.g. origin).
        name: String,
        /// Base URL of the worker (e.g. https://hearth.example.workers.dev) or s3://BUCKET/PREFIX.
        url: String,
        /// Worker remotes: environment variable holding the bearer token.
        #[arg(long, default_value = DEFAULT_TOKEN_ENV)]
        token_env: String,
        /// S3 remotes: http(s)://HOST[:PORT] of an S3-compatible server (MinIO, R2, ...); AWS when absent.
        #[arg(long)]
        endpoint: Option<String>,
        /// S3 remotes: the signing region.
        #[arg(long)]
        region: Option<String>,
        /// S3 remotes: environment variable holding the access key id.
        #[arg(long, default_value = DEFAULT_ACCESS_KEY_ENV)]
        access_key_env: String,
        /// S3 remotes: environment variable holding the secret access key.
        #[arg(long, default_value = DEFAULT_SECRET_KEY_ENV)]
        secret_key_env: String,
    },
    /// List configured remotes.
    List,
}

/// Runs one `hearth remote` subcommand.
pub fn run(ctx: &Context, command: Command) -> CliResult {
    let ws = ctx.workspace()?;
    match command {
        Command::Add { name, url, token_env, endpoint, region, access_key_env, secret_key_env } => {
            let url = url.trim_end_matches('/').to_string();
            let config = if url.starts_with("s3://") {
                let region = region.unwrap_or_else(|| DEFAULT_REGION.to_string());
                let s3 = S3Settings { endpoint, region, access_key_env, secret_key_env };
                RemoteConfig { name, url, token_env: String::new(), s3: Some(s3) }
            } else if endpoint.is_some() || region.is_some() {
                return Err(crate::exit::CliError::invalid(
                    "--endpoint and --region are for s3:// remotes (a worker remote is its URL)",
                ));
            } else {
                RemoteConfig { name, url, token_env, s3: None }
            };
            config::add(&ws, &config)?;
            ctx.out.result(&config, || match &config.s3 {
                Some(s3) => format!(
                    "remote `{}` → {} at {} ({}; keys from ${} and ${})",
                    config.name,
                    config.url,
                    s3.endpoint.as_deref().unwrap_or("AWS"),
                    s3.region,
                    s3.access_key_env,
                    s3.secret_key_env
                ),
                None => {
                    format!("remote `{}` → {} (token from ${})", config.name, config.url, config.token_env)
                }
            });
        }
        Command::List => {
            let all = config::list(&ws)?;
            ctx.out.result(&all, || {
                let rows: Vec<Vec<String>> = all
                    .iter()
                    .map(|r| {
                        let (at, secrets) = match &r.s3 {
                            Some(s3) => (
                                s3.endpoint.clone().unwrap_or_else(|| format!("AWS {}", s3.region)),
                                format!("{}, {}", s3.access_key_env, s3.secret_key_env),
                            ),
                            None => (String::new(), r.token_env.clone()),
                        };
                        vec![r.name.clone(), r.url.clone(), at, secrets]
                    })
                    .collect();
                table(&["name", "url", "endpoint", "secrets from"], &rows)
            });
        }
    }
    Ok(())
}
