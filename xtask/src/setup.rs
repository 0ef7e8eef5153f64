//! `cargo xtask setup`: installs exactly the tools that are missing, from the registries only
//! (rustup, crates.io via `cargo install`, npm via `npm ci`, Debian via apt), and says what it did.
//! Presence is detected by running each tool's `--version` and comparing with the pinned version.

use std::cell::Cell;

use crate::env;
use crate::run;

/// trunk 0.22+ needs rustc 1.96.1 (toolchain.md F2).
const TRUNK_VERSION: &str = "0.21.14";
/// Same release as the `worker` crate.
const WORKER_BUILD_VERSION: &str = "0.8.7";
/// Node major version wrangler 4.86.0 needs at least (F8).
const NODE_MAJOR: u32 = 20;

/// A tool the builds, tests or demo need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// rustup's `wasm32-unknown-unknown` standard library.
    Wasm32Target,
    /// `wasm-bindgen` + `wasm-bindgen-test-runner`, at the version Cargo.lock holds.
    WasmBindgen,
    /// Builds the web app.
    Trunk,
    /// Builds the Cloudflare Worker.
    WorkerBuild,
    /// The root `package-lock.json`: playwright-core, wrangler, miniflare, esbuild, binaryen, API docs.
    NpmPackages,
    /// Debian's Chromium and ChromeDriver for browser tests.
    Chromium,
    /// Python 3 with `venv` + `ensurepip`: the DVC round trip installs PyPI `dvc` into a venv under /tmp.
    PythonVenv,
}

impl Tool {
    /// Every tool, in install order (cheap first).
    pub const ALL: [Tool; 7] = [
        Tool::Wasm32Target,
        Tool::NpmPackages,
        Tool::Chromium,
        Tool::PythonVenv,
        Tool::WasmBindgen,
        Tool::Trunk,
        Tool::WorkerBuild,
    ];

    fn name(self) -> &'static str {
        match self {
            Tool::Wasm32Target => "wasm32-unknown-unknown target",
            Tool::WasmBindgen => "wasm-bindgen-cli",
            Tool::Trunk => "trunk",
            Tool::WorkerBuild => "worker-build",
            Tool::NpmPackages => "npm packages",
            Tool::Chromium => "chromium + chromedriver",
            Tool::PythonVenv => "python3 + venv",
        }
    }

    /// `Ok(what was found)` when present at the right version, `Err(what is wrong)` otherwise.
    pub fn check(self) -> Result<String, String> {
        match self {
            Tool::Wasm32Target => {
                let installed = run::output("rustup", &["target", "list", "--installed"])
                    .ok_or("rustup is not available (install it from https://rustup.rs)")?;
                installed
                    .lines()
                    .any(|l| l.trim() == "wasm32-unknown-unknown")
                    .then(|| "installed".to_string())
                    .ok_or_else(|| "not installed".to_string())
            }
            Tool::WasmBindgen => {
                let want = env::locked_version("wasm-bindgen")?;
                expect_version("wasm-bindgen", &want)?;
                expect_version("wasm-bindgen-test-runner", &want)
            }
            Tool::Trunk => expect_version("trunk", TRUNK_VERSION),
            Tool::WorkerBuild => expect_version("worker-build", WORKER_BUILD_VERSION),
            Tool::NpmPackages => check_npm(),
            Tool::Chromium => {
                let chromium =
                    run::output(env::CHROMIUM, &["--version"]).ok_or("/usr/bin/chromium missing")?;
                let driver = run::output("chromedriver", &["--version"]).ok_or("chromedriver missing")?;
                Ok(format!("{chromium}; {}", driver.split(" (").next().unwrap_or(&driver)))
            }
            Tool::PythonVenv => {
                // Debian ships `venv` without `ensurepip` unless python3-venv is installed.
                run::output("python3", &["-c", "import venv, ensurepip, sys; print(sys.version.split()[0])"])
                    .map(|v| format!("python {v}"))
                    .ok_or_else(|| "python3 with venv/ensurepip not found".to_string())
            }
        }
    }

    fn install(self, apt_updated: &Cell<bool>) -> Result<(), String> {
        let root = env::root();
        match self {
            Tool::Wasm32Target => {
                run::status(&mut run::command("rustup", &["target", "add", "wasm32-unknown-unknown"], &root))
            }
            Tool::WasmBindgen => {
                let version = env::locked_version("wasm-bindgen")?;
                // No --locked: its lockfile pins a webpki-roots release the registry lacks (F1).
                run::status(&mut run::command(
                    "cargo",
                    &["install", "wasm-bindgen-cli", "--version", &version],
                    &root,
                ))
            }
            Tool::Trunk => run::status(&mut run::command(
                "cargo",
                &["install", "trunk", "--version", TRUNK_VERSION, "--locked"],
                &root,
            )),
            Tool::WorkerBuild => run::status(&mut run::command(
                "cargo",
                &["install", "worker-build", "--version", WORKER_BUILD_VERSION, "--locked"],
                &root,
            )),
            Tool::NpmPackages => {
                check_node()?;
                run::status(&mut run::command("npm", &["ci", "--no-audit", "--no-fund"], &root))?;
                std::fs::copy(root.join("package-lock.json"), npm_stamp())
                    .map_err(|e| format!("writing the npm stamp: {e}"))?;
                Ok(())
            }
            Tool::Chromium => apt_install(&["chromium", "chromium-driver"], apt_updated),
            Tool::PythonVenv => apt_install(&["python3", "python3-venv"], apt_updated),
        }
    }
}

/// `apt-get install` of Debian `packages` (root only; `apt-get update` once per setup).
fn apt_install(packages: &[&str], apt_updated: &Cell<bool>) -> Result<(), String> {
    let root = env::root();
    if run::output("id", &["-u"]).as_deref() != Some("0") {
        return Err(format!("not root: run `sudo apt-get install {}`", packages.join(" ")));
    }
    if !apt_updated.replace(true) {
        run::status(&mut run::command("apt-get", &["update"], &root))?;
    }
    let mut args = vec!["install", "-y", "--no-install-recommends"];
    args.extend(packages);
    run::status(run::command("apt-get", &args, &root).env("DEBIAN_FRONTEND", "noninteractive"))
}

/// `cargo xtask setup`: every tool.
pub fn setup_all() -> Result<(), String> {
    ensure(&Tool::ALL)
}

/// Installs whichever of `tools` are missing and reports each one; fails if any is still missing.
pub fn ensure(tools: &[Tool]) -> Result<(), String> {
    let apt_updated = Cell::new(false);
    let mut failed = Vec::new();
    for &tool in tools {
        match tool.check() {
            Ok(found) => println!("setup: skip    {:<30} {found}", tool.name()),
            Err(why) => {
                println!("setup: install {:<30} ({why})", tool.name());
                let started = std::time::Instant::now();
                let result = tool.install(&apt_updated).and_then(|()| tool.check());
                match result {
                    Ok(found) => println!(
                        "setup: done    {:<30} {found} ({:.0} s)",
                        tool.name(),
                        started.elapsed().as_secs_f64()
                    ),
                    Err(e) => {
                        println!("setup: FAILED  {:<30} {e}", tool.name());
                        failed.push(tool.name());
                    }
                }
            }
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("could not set up: {}", failed.join(", ")))
    }
}

/// `program --version` must mention `want` (e.g. `trunk 0.21.14`).
fn expect_version(program: &str, want: &str) -> Result<String, String> {
    match run::output(program, &["--version"]) {
        Some(found) if found.split_whitespace().any(|w| w.trim_start_matches('v') == want) => Ok(found),
        Some(found) => Err(format!("found `{found}`, need {want}")),
        None => Err("not found".into()),
    }
}

/// Copy of the package-lock.json that the current node_modules was installed from.
fn npm_stamp() -> std::path::PathBuf {
    env::root().join("node_modules").join(".hearth-package-lock.json")
}

fn check_node() -> Result<String, String> {
    let version = run::output("node", &["--version"]).ok_or("node is not installed (need Node 20+)")?;
    let major: u32 =
        version.trim_start_matches('v').split('.').next().and_then(|m| m.parse().ok()).unwrap_or(0);
    if major < NODE_MAJOR {
        return Err(format!("node {version} is too old, need {NODE_MAJOR}+"));
    }
    Ok(version)
}

/// node_modules is current when it was installed from today's lock file and its tools answer.
fn check_npm() -> Result<String, String> {
    let node = check_node()?;
    let lock = std::fs::read(env::root().join("package-lock.json"))
        .map_err(|e| format!("package-lock.json: {e}"))?;
    if std::fs::read(npm_stamp()).ok().as_deref() != Some(lock.as_slice()) {
        return Err("node_modules is missing or older than package-lock.json".into());
    }
    let esbuild =
        run::output(env::node_bin().join("esbuild"), &["--version"]).ok_or("esbuild does not run")?;
    let wasm_opt =
        run::output(env::node_bin().join("wasm-opt"), &["--version"]).ok_or("wasm-opt does not run")?;
    Ok(format!("node {node}, esbuild {esbuild}, {wasm_opt}"))
}
