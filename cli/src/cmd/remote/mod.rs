//! The team remote: `hearth remote add/list`, and `push`, `pull`, `fetch`, `status --remote`
//! (in [`sync`]). The logic is `hearth_core::sync`; this module supplies HTTP and the printing.

pub mod config;
pub mod http;
pub mod sync;

use super::Context;
use crate::exit::CliResult;
use crate::output::table;
use config::{RemoteConfig, DEFAULT_TOKEN_ENV};

/// Subcommands of `hearth remote`.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add a remote: a Hearth worker's base URL; its token is read from an environment variable.
    Add {
        /// Name to refer to it by (e.g. origin).
        name: String,
        /// Base URL of the worker (e.g. https://hearth.example.workers.dev).
        url: String,
        /// Environment variable holding the bearer token.
        #[arg(long, default_value = DEFAULT_TOKEN_ENV)]
        token_env: String,
    },
    /// List configured remotes.
    List,
}

/// Runs one `hearth remote` subcommand.
pub fn run(ctx: &Context, command: Command) -> CliResult {
    let ws = ctx.workspace()?;
    match command {
        Command::Add { name, url, token_env } => {
            let config = RemoteConfig { name, url: url.trim_end_matches('/').to_string(), token_env };
            config::add(&ws, &config)?;
            ctx.out.result(&config, || {
                format!("remote `{}` → {} (token from ${})", config.name, config.url, config.token_env)
            });
        }
        Command::List => {
            let all = config::list(&ws)?;
            ctx.out.result(&all, || {
                let rows: Vec<Vec<String>> =
                    all.iter().map(|r| vec![r.name.clone(), r.url.clone(), r.token_env.clone()]).collect();
                table(&["name", "url", "token env"], &rows)
            });
        }
    }
    Ok(())
}
