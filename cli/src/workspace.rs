//! A Hearth workspace on disk: a folder holding `.hearth/` (the store and the signing key) and,
//! for GitOps, the user's `deploy/` manifests beside it.

use crate::exit::{CliError, CliResult};
use crate::fs_store::FsStore;
use hearth_core::registry::BundleSigningKey;
use std::path::{Path, PathBuf};

/// The folder name that marks a workspace.
pub const MARKER: &str = ".hearth";

/// An opened workspace.
#[derive(Debug)]
pub struct Workspace {
    /// The folder containing `.hearth/`.
    pub root: PathBuf,
    /// Its store.
    pub store: FsStore,
}

impl Workspace {
    /// Finds the workspace: `explicit` when given, else the nearest ancestor of the current
    /// folder that holds `.hearth/`.
    pub fn find(explicit: Option<&Path>) -> CliResult<Self> {
        let root = match explicit {
            Some(p) => p.to_path_buf(),
            None => {
                let cwd = std::env::current_dir()
                    .map_err(|e| CliError::failure(format!("cannot read the current folder: {e}")))?;
                cwd.ancestors().find(|a| a.join(MARKER).is_dir()).map(Path::to_path_buf).ok_or_else(|| {
                    CliError::not_found(format!(
                        "no Hearth workspace in {} or its parents: run `hearth init` first",
                        cwd.display()
                    ))
                })?
            }
        };
        if !root.join(MARKER).is_dir() {
            return Err(CliError::not_found(format!(
                "{} is not a Hearth workspace: run `hearth init {}` first",
                root.display(),
                root.display()
            )));
        }
        Self::open(root)
    }

    /// Opens `root` without checking for the marker (used by `init`).
    pub fn open(root: PathBuf) -> CliResult<Self> {
        let store = FsStore::open(root.join(MARKER).join("store"))
            .map_err(|e| CliError::failure(format!("cannot open the store in {}: {e}", root.display())))?;
        Ok(Self { root, store })
    }

    /// Path of the private signing key.
    pub fn key_path(&self) -> PathBuf {
        self.root.join(MARKER).join("signing.key")
    }

    /// The workspace's bundle signing key (created by `hearth init`).
    pub fn signing_key(&self) -> CliResult<BundleSigningKey> {
        let path = self.key_path();
        let text = std::fs::read_to_string(&path)
            .map_err(|e| CliError::failure(format!("cannot read the signing key {}: {e}", path.display())))?;
        BundleSigningKey::from_seed_hex(text.trim())
            .map_err(|e| CliError::failure(format!("the signing key {} is invalid: {e}", path.display())))
    }
}

/// Milliseconds since the Unix epoch: core reads no clock, the CLI supplies it.
pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}
