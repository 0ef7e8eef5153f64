//! `hearth init [DIR]`: creates a workspace and its Ed25519 bundle-signing key.

use super::Context;
use crate::exit::{CliError, CliResult, ExitCode};
use crate::workspace::{Workspace, MARKER};
use hearth_core::registry::BundleSigningKey;
use serde::Serialize;
use std::path::PathBuf;

/// Arguments of `hearth init`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder to turn into a workspace (default: `--workspace` or the current folder).
    dir: Option<PathBuf>,
}

#[derive(Serialize)]
struct Initialised {
    workspace: String,
    public_key: String,
}

/// Creates `.hearth/` with a fresh key; refuses to overwrite an existing workspace's key.
pub fn run(ctx: &Context, args: Args) -> CliResult {
    let root = match args.dir.or_else(|| ctx.workspace.clone()) {
        Some(d) => d,
        None => std::env::current_dir()
            .map_err(|e| CliError::failure(format!("cannot read the current folder: {e}")))?,
    };
    if root.join(MARKER).join("signing.key").exists() {
        return Err(CliError::new(
            ExitCode::Conflict,
            format!("{} is already a Hearth workspace", root.display()),
        ));
    }
    std::fs::create_dir_all(root.join(MARKER))
        .map_err(|e| CliError::failure(format!("cannot create {}: {e}", root.join(MARKER).display())))?;
    let ws = Workspace::open(root)?;
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed)
        .map_err(|e| CliError::failure(format!("no OS randomness for the signing key: {e}")))?;
    let key = BundleSigningKey::from_seed(&seed);
    write_private(&ws.key_path(), &key.seed_hex())?;
    let done =
        Initialised { workspace: ws.root.display().to_string(), public_key: key.public_key().to_hex() };
    ctx.out.result(&done, || {
        format!(
            "Initialised Hearth workspace in {}\nbundle signing public key: {}",
            done.workspace, done.public_key
        )
    });
    Ok(())
}

fn write_private(path: &std::path::Path, text: &str) -> CliResult {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f =
        opts.open(path).map_err(|e| CliError::failure(format!("cannot create {}: {e}", path.display())))?;
    f.write_all(text.as_bytes())
        .and_then(|_| f.sync_all())
        .map_err(|e| CliError::failure(format!("cannot write {}: {e}", path.display())))
}
