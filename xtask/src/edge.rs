//! `cargo xtask edge`: builds the worker with worker-build (local tools only) and serves it with
//! `wrangler dev` on 127.0.0.1, offline, telemetry off, no login.

use crate::env;
use crate::run::{command, status};
use crate::setup::{ensure, Tool};

/// Files of the pinned npm packages the API docs pages load: (package, file inside it, served under).
const DOCS_ASSETS: [(&str, &str, &str); 4] = [
    ("swagger-ui-dist", "swagger-ui.css", "swagger-ui"),
    ("swagger-ui-dist", "swagger-ui-bundle.js", "swagger-ui"),
    ("swagger-ui-dist", "favicon-32x32.png", "swagger-ui"),
    ("redoc", "bundles/redoc.standalone.js", "redoc"),
];

/// Builds `edge-worker/build/` (index.js, index_bg.wasm, worker/shim.mjs) and the static assets in
/// `edge-worker/build/public/assets/` (Swagger UI and ReDoc from node_modules: no CDN at run time).
pub fn build_worker() -> Result<(), String> {
    let root = env::root();
    status(&mut command("worker-build", &["--release"], &root.join("edge-worker")))?;
    let public = root.join("edge-worker/build/public/assets");
    for (package, file, dir) in DOCS_ASSETS {
        let from = root.join("node_modules").join(package).join(file);
        let to_dir = public.join(dir);
        std::fs::create_dir_all(&to_dir).map_err(|e| format!("{}: {e}", to_dir.display()))?;
        let name = std::path::Path::new(file).file_name().expect("asset paths name files");
        std::fs::copy(&from, to_dir.join(name)).map_err(|e| format!("{}: {e}", from.display()))?;
    }
    Ok(())
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
