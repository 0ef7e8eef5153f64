//! Where things are: the repository root, local tool binaries, and the environment every build and
//! test step runs with (local tools first on PATH, offline switches, telemetry off).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The repository root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the root")
        .to_path_buf()
}

/// `node_modules/.bin` of the root `package.json`.
pub fn node_bin() -> PathBuf {
    root().join("node_modules").join(".bin")
}

/// Cargo's binary folder (`$CARGO_HOME/bin`, default `~/.cargo/bin`), where `cargo install` puts tools.
pub fn cargo_bin() -> PathBuf {
    match std::env::var_os("CARGO_HOME") {
        Some(home) => PathBuf::from(home).join("bin"),
        None => PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo").join("bin"),
    }
}

/// PATH with the project's npm tools and cargo's bin folder in front.
pub fn path() -> OsString {
    let mut dirs = vec![node_bin(), cargo_bin()];
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(dirs).expect("PATH entries contain no separator")
}

/// Looks `name` up on [`path`].
pub fn which(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&path()).map(|d| d.join(name)).find(|p| p.is_file())
}

/// Environment for every step: local tools instead of downloads (worker-build and trunk would
/// otherwise fetch wasm-bindgen / wasm-opt from GitHub: toolchain.md F6), offline wrangler.
pub fn vars() -> Vec<(&'static str, OsString)> {
    let mut vars = vec![
        ("PATH", path()),
        ("ESBUILD_BIN", node_bin().join("esbuild").into()),
        ("WASM_OPT_BIN", node_bin().join("wasm-opt").into()),
        ("WRANGLER_SEND_METRICS", "false".into()),
        ("CLOUDFLARE_CF_FETCH_ENABLED", "false".into()),
        ("CHROMEDRIVER", "/usr/bin/chromedriver".into()),
        ("HEARTH_CHROMIUM", CHROMIUM.into()),
    ];
    if let Some(bindgen) = which("wasm-bindgen") {
        vars.push(("WASM_BINDGEN_BIN", bindgen.into()));
    }
    vars
}

/// Debian's Chromium, driven by Playwright (never a downloaded browser).
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// The wasm-bindgen version locked in Cargo.lock: the CLI must match it exactly.
pub fn locked_version(package: &str) -> Result<String, String> {
    let lock =
        std::fs::read_to_string(root().join("Cargo.lock")).map_err(|e| format!("reading Cargo.lock: {e}"))?;
    let needle = format!("name = \"{package}\"\nversion = \"");
    let start = lock.find(&needle).ok_or_else(|| format!("`{package}` is not in Cargo.lock"))? + needle.len();
    let end = lock[start..].find('"').ok_or("Cargo.lock is malformed")?;
    Ok(lock[start..start + end].to_string())
}
