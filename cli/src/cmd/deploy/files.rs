//! The workspace's `deploy/` folder: environment manifests and the lock file.

use crate::exit::{CliError, CliResult};
use hearth_core::deploy::{manifest::is_env_name, LockFile, Manifest};
use std::path::{Path, PathBuf};

/// Folder of the manifests, beside `.hearth/`.
pub const DEPLOY_DIR: &str = "deploy";
/// The lock file's name inside it.
pub const LOCK_FILE: &str = "hearth.lock";

/// An environment's manifest as read from disk.
pub struct EnvFile {
    /// Path as shown to the user (`deploy/production.toml`).
    pub shown: String,
    /// Its parsed content.
    pub manifest: Manifest,
}

/// Environments with a manifest, sorted.
pub fn environments(root: &Path) -> CliResult<Vec<String>> {
    let dir = root.join(DEPLOY_DIR);
    let entries = std::fs::read_dir(&dir).map_err(|e| {
        CliError::not_found(format!(
            "no `{DEPLOY_DIR}/` folder in {} ({e}): add deploy/<env>.toml",
            root.display()
        ))
    })?;
    let mut envs: Vec<String> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    envs.sort();
    if envs.is_empty() {
        return Err(CliError::not_found(format!("no manifests in {}: add deploy/<env>.toml", dir.display())));
    }
    Ok(envs)
}

/// Reads and validates `deploy/<env>.toml` (exit 3 on any manifest error, naming file and key).
pub fn read_manifest(root: &Path, env: &str) -> CliResult<EnvFile> {
    let shown = format!("{DEPLOY_DIR}/{env}.toml");
    if !is_env_name(env) {
        return Err(CliError::invalid(format!(
            "`{env}` is not an environment name: use lower-case letters, digits, `_`, `-`"
        )));
    }
    let path = root.join(&shown);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        CliError::not_found(format!(
            "no manifest for environment `{env}`: cannot read {} ({e})",
            path.display()
        ))
    })?;
    let manifest = Manifest::parse(env, &shown, &text).map_err(|e| CliError::invalid(e.to_string()))?;
    Ok(EnvFile { shown, manifest })
}

fn lock_path(root: &Path) -> PathBuf {
    root.join(DEPLOY_DIR).join(LOCK_FILE)
}

/// The lock file (empty when absent).
pub fn read_lock(root: &Path) -> CliResult<LockFile> {
    let path = lock_path(root);
    match std::fs::read_to_string(&path) {
        Ok(text) => LockFile::parse(&text).map_err(|e| CliError::invalid(format!("{}: {e}", path.display()))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(LockFile::default()),
        Err(e) => Err(CliError::failure(format!("cannot read {}: {e}", path.display()))),
    }
}

/// Writes the lock file atomically (temporary file, then rename); unchanged content is not rewritten.
pub fn write_lock(root: &Path, lock: &LockFile) -> CliResult<bool> {
    let path = lock_path(root);
    let text = lock.render();
    if std::fs::read_to_string(&path).is_ok_and(|old| old == text) {
        return Ok(false);
    }
    let tmp = path.with_extension("lock.tmp");
    std::fs::write(&tmp, &text)
        .and_then(|()| std::fs::rename(&tmp, &path))
        .map_err(|e| CliError::failure(format!("cannot write {}: {e}", path.display())))?;
    Ok(true)
}

/// The admin token from the environment variable the manifest names.
pub fn token(file: &EnvFile) -> CliResult<String> {
    let name = &file.manifest.token_env;
    match std::env::var(name) {
        Ok(token) if !token.is_empty() => Ok(token),
        _ => Err(CliError::invalid(format!(
            "{}: `edge.token_env`: the environment variable `{name}` holding the edge's admin token is not set",
            file.shown
        ))),
    }
}
