//! `cargo xtask edge`: builds the worker with worker-build (local tools only) and serves it with
//! `wrangler dev` on 127.0.0.1, offline, telemetry off, no login.

use crate::env;
use crate::run::{command, status};
use crate::setup::{ensure, Tool};

/// Builds `edge-worker/build/` (index.js, index_bg.wasm, worker/shim.mjs).
pub fn build_worker() -> Result<(), String> {
    status(&mut command("worker-build", &["--release"], &env::root().join("edge-worker")))
}

/// Entry point of `cargo xtask edge [--port N]`.
pub fn edge(args: &[String]) -> Result<(), String> {
    let port = match args {
        [] => "8787".to_string(),
        [flag, port] if flag == "--port" => port.clone(),
        _ => return Err("usage: cargo xtask edge [--port N]".into()),
    };
    ensure(&[Tool::Wasm32Target, Tool::WasmBindgen, Tool::WorkerBuild, Tool::NpmPackages])?;
    build_worker()?;
    println!("edge: serving on http://127.0.0.1:{port}/ (Ctrl-C stops)");
    status(
        command(
            "wrangler",
            &["dev", "--local", "--ip", "127.0.0.1", "--port", &port],
            &env::root().join("edge-worker"),
        )
        .stdin(std::process::Stdio::null()),
    )
}
