//! `hearth key export`: the public half of the workspace's bundle-signing key, for the edge
//! worker and GitOps checks that verify bundles.

use super::Context;
use crate::exit::CliResult;
use serde::Serialize;

/// Subcommands of `hearth key`.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Print the Ed25519 public key (hex; `--pem` for PEM).
    Export {
        /// Print PEM (SubjectPublicKeyInfo) instead of hex.
        #[arg(long)]
        pem: bool,
    },
}

#[derive(Serialize)]
struct PublicKey {
    public_key: String,
    pem: String,
}

/// Runs one `hearth key` subcommand.
pub fn run(ctx: &Context, command: Command) -> CliResult {
    let Command::Export { pem } = command;
    let key = ctx.workspace()?.signing_key()?.public_key();
    let out = PublicKey { public_key: key.to_hex(), pem: key.to_pem() };
    ctx.out.result(&out, || if pem { out.pem.clone() } else { out.public_key.clone() });
    Ok(())
}
