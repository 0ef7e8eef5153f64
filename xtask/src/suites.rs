//! `cargo xtask test`: every test suite of the project, each with a header, a verdict and a time,
//! and a closing `N passed, N failed` line. Add a suite by adding one entry to [`SUITES`].

use std::path::Path;
use std::time::Instant;

use crate::env;
use crate::run::{command, status};
use crate::setup::Tool;

/// How a suite ended.
enum Outcome {
    Passed,
    Failed(String),
    /// Not run, with the reason (printed by name: a skip never counts as a pass).
    Skipped(String),
}

/// One suite: a name for `--suite`, what it checks, the tools it needs and how to run it.
struct Suite {
    name: &'static str,
    about: &'static str,
    /// Needs wasm tools or a browser: left out by `--quick`.
    slow: bool,
    /// Suites whose output this one uses: selected automatically with it and run before it.
    after: &'static [&'static str],
    needs: &'static [Tool],
    run: fn() -> Outcome,
}

/// The native packages: the app and the worker only make sense on wasm32 (checked by `clippy-wasm`).
const NATIVE_EXCLUDES: [&str; 4] = ["--exclude", "hearth-app", "--exclude", "hearth-edge"];

const SUITES: &[Suite] = &[
    Suite { name: "fmt", about: "cargo fmt --check", slow: false, after: &[], needs: &[], run: fmt },
    Suite {
        name: "clippy",
        about: "clippy, native workspace",
        slow: false,
        after: &[],
        needs: &[],
        run: clippy,
    },
    Suite {
        name: "test",
        about: "cargo test, native workspace (plus the worker's and the app's pure parts)",
        slow: false,
        after: &[],
        needs: &[],
        run: test_native,
    },
    Suite {
        name: "clippy-wasm",
        about: "clippy for the app and the worker on wasm32",
        slow: true,
        after: &[],
        needs: &[Tool::Wasm32Target],
        run: clippy_wasm,
    },
    Suite {
        name: "test-wasm",
        about: "hearth-core tests on wasm32 under Node",
        slow: true,
        after: &[],
        needs: &[Tool::Wasm32Target, Tool::WasmBindgen],
        run: test_wasm,
    },
    Suite {
        name: "app-build",
        about: "trunk build --release of the web app into dist/",
        slow: true,
        after: &[],
        needs: &[Tool::Wasm32Target, Tool::WasmBindgen, Tool::Trunk, Tool::NpmPackages],
        run: app_build,
    },
    Suite {
        name: "worker-build",
        about: "worker-build --release of the edge worker",
        slow: true,
        after: &[],
        needs: &[Tool::Wasm32Target, Tool::WasmBindgen, Tool::WorkerBuild, Tool::NpmPackages],
        run: worker_build,
    },
    Suite {
        name: "browser",
        about: "Playwright + Chromium against the built app and worker (Deploy, the whole journey)",
        slow: true,
        after: &["app-build", "worker-build"],
        needs: &[Tool::NpmPackages, Tool::Chromium],
        run: browser,
    },
    Suite {
        name: "edge",
        about: "HTTP tests against the worker under workerd (Miniflare)",
        slow: true,
        after: &["worker-build"],
        needs: &[Tool::NpmPackages],
        run: edge,
    },
    Suite {
        name: "dvc",
        about: "DVC round trip (tests/dvc/roundtrip.sh)",
        slow: true,
        after: &[],
        needs: &[Tool::PythonVenv],
        run: dvc,
    },
    Suite {
        name: "s3",
        about: "S3 team remote against a local moto server (cli/tests/s3_remote.rs)",
        slow: true,
        after: &[],
        needs: &[Tool::PythonVenv],
        run: s3,
    },
];

/// Entry point of `cargo xtask test [--quick] [--suite NAME]... [--list]`.
pub fn test(args: &[String]) -> Result<(), String> {
    let mut quick = false;
    let mut chosen: Vec<&str> = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--quick" => quick = true,
            "--suite" => chosen.push(it.next().ok_or("--suite needs a name")?),
            "--list" => {
                for s in SUITES {
                    println!("{:<13} {}{}", s.name, s.about, if s.slow { "" } else { " (in --quick)" });
                }
                return Ok(());
            }
            other => return Err(format!("unknown option `{other}` (see cargo xtask --help)")),
        }
    }
    for name in &chosen {
        if !SUITES.iter().any(|s| s.name == *name) {
            return Err(format!("no suite `{name}`; `cargo xtask test --list` names them"));
        }
    }
    let selected: Vec<&Suite> = SUITES
        .iter()
        .filter(|s| {
            if chosen.is_empty() {
                !(quick && s.slow)
            } else {
                chosen.contains(&s.name)
                    || SUITES.iter().any(|t| chosen.contains(&t.name) && t.after.contains(&s.name))
            }
        })
        .collect();

    let started = Instant::now();
    let mut results: Vec<(&str, Outcome, f64)> = Vec::new();
    for suite in selected {
        println!("\n===== {} — {} =====", suite.name, suite.about);
        let t = Instant::now();
        let unmet = results
            .iter()
            .find(|r| suite.after.contains(&r.0) && !matches!(r.1, Outcome::Passed))
            .map(|r| r.0);
        let outcome = match unmet {
            Some(dep) => Outcome::Failed(format!("needs suite `{dep}`, which did not pass")),
            None => run_suite(suite),
        };
        let secs = t.elapsed().as_secs_f64();
        match &outcome {
            Outcome::Passed => println!("----- {}: PASSED ({secs:.1} s)", suite.name),
            Outcome::Failed(why) => println!("----- {}: FAILED ({secs:.1} s): {why}", suite.name),
            Outcome::Skipped(why) => println!("----- {}: SKIPPED: {why}", suite.name),
        }
        results.push((suite.name, outcome, secs));
    }

    println!("\n===== summary ({:.1} s) =====", started.elapsed().as_secs_f64());
    for (name, outcome, secs) in &results {
        let verdict = match outcome {
            Outcome::Passed => "passed".to_string(),
            Outcome::Failed(why) => format!("FAILED: {why}"),
            Outcome::Skipped(why) => format!("skipped: {why}"),
        };
        println!("  {name:<13} {secs:>6.1} s  {verdict}");
    }
    let passed = results.iter().filter(|r| matches!(r.1, Outcome::Passed)).count();
    let failed = results.iter().filter(|r| matches!(r.1, Outcome::Failed(_))).count();
    let skipped = results.len() - passed - failed;
    if skipped > 0 {
        println!("{skipped} skipped (named above)");
    }
    println!("{passed} passed, {failed} failed");
    if failed == 0 {
        Ok(())
    } else {
        Err(format!("{failed} suite(s) failed"))
    }
}

fn run_suite(suite: &Suite) -> Outcome {
    for tool in suite.needs {
        if let Err(why) = tool.check() {
            return Outcome::Failed(format!("{tool:?} is missing ({why}); run `cargo xtask setup`"));
        }
    }
    (suite.run)()
}

fn outcome(result: Result<(), String>) -> Outcome {
    match result {
        Ok(()) => Outcome::Passed,
        Err(e) => Outcome::Failed(e),
    }
}

/// `program args...` in the repository root.
fn sh(program: &str, args: &[&str]) -> Outcome {
    outcome(status(&mut command(program, args, &env::root())))
}

fn cargo(args: &[&str]) -> Outcome {
    sh("cargo", args)
}

fn fmt() -> Outcome {
    cargo(&["fmt", "--all", "--check"])
}

fn clippy() -> Outcome {
    let mut args = vec!["clippy", "--workspace"];
    args.extend(NATIVE_EXCLUDES);
    args.extend(["--all-targets", "--", "-D", "warnings"]);
    cargo(&args)
}

fn test_native() -> Outcome {
    let mut args = vec!["test", "--workspace"];
    args.extend(NATIVE_EXCLUDES);
    match cargo(&args) {
        // The worker's pure parts (share bounds, admin bodies, rollback transitions, routing draws)
        // are unit-tested natively; its HTTP surface is the `edge` suite's.
        Outcome::Passed => match cargo(&["test", "-p", "hearth-edge", "--lib"]) {
            // The app's pure parts (layouts, charts' scales, formats, the workspace file) compile
            // natively too; its pages are the `browser` suite's.
            Outcome::Passed => cargo(&["test", "-p", "hearth-app", "--lib"]),
            other => other,
        },
        other => other,
    }
}

fn clippy_wasm() -> Outcome {
    cargo(&[
        "clippy",
        "-p",
        "hearth-app",
        "-p",
        "hearth-edge",
        "--target",
        "wasm32-unknown-unknown",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ])
}

fn test_wasm() -> Outcome {
    cargo(&["test", "-p", "hearth-core", "--target", "wasm32-unknown-unknown"])
}

fn app_build() -> Outcome {
    sh("trunk", &["build", "--release"])
}

fn browser() -> Outcome {
    node_tests("tests/browser")
}

fn worker_build() -> Outcome {
    outcome(crate::edge::build_worker())
}

fn edge() -> Outcome {
    node_tests("tests/edge")
}

fn dvc() -> Outcome {
    let script = env::root().join("tests/dvc/roundtrip.sh");
    if !script.is_file() {
        return Outcome::Skipped("tests/dvc/roundtrip.sh is not in this checkout".into());
    }
    sh("bash", &["tests/dvc/roundtrip.sh"])
}

/// PyPI `moto[server]`, pinned: 5.2.5 honours `If-Match` / `If-None-Match: *` on PutObject (what
/// the S3 remote's commit relies on) and checks SigV4 signatures once authentication is on. It
/// stores `x-amz-checksum-sha256` without verifying it (AWS, MinIO and R2 do verify).
const MOTO: &str = "5.2.5";

/// The S3 remote's moto tests (`#[ignore]`d in the `test` suite), with moto in a venv under /tmp
/// (`HEARTH_MOTO_VENV` overrides it), installed unless the pinned version is already there.
fn s3() -> Outcome {
    let venv = std::env::var("HEARTH_MOTO_VENV").unwrap_or_else(|_| "/tmp/venv-hearth-moto".into());
    let python = format!("{venv}/bin/python");
    let installed = crate::run::output(&python, &["-c", "import moto; print(moto.__version__)"]);
    if installed.as_deref() == Some(MOTO) {
        println!("moto {MOTO} in {venv}");
    } else {
        let root = env::root();
        let made = status(&mut command("python3", &["-m", "venv", &venv], &root)).and_then(|()| {
            let spec = format!("moto[server]=={MOTO}");
            status(&mut command(format!("{venv}/bin/pip"), &["install", "--quiet", &spec], &root))
        });
        if let Err(e) = made {
            return Outcome::Failed(format!("installing moto {MOTO} into {venv}: {e}"));
        }
    }
    let mut cmd = command(
        "cargo",
        &["test", "-p", "hearth", "--test", "s3_remote", "--", "--include-ignored"],
        &env::root(),
    );
    outcome(status(cmd.env("HEARTH_MOTO_VENV", &venv)))
}

/// Runs every `*.test.mjs` in `dir` (sorted) with Node; each script exits non-zero on failure.
fn node_tests(dir: &str) -> Outcome {
    let root = env::root();
    let mut scripts: Vec<_> = match std::fs::read_dir(root.join(dir)) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
            .collect(),
        Err(e) => return Outcome::Failed(format!("{dir}: {e}")),
    };
    scripts.sort();
    if scripts.is_empty() {
        return Outcome::Failed(format!("no *.test.mjs tests in {dir}"));
    }
    for script in scripts {
        let rel = script.strip_prefix(&root).unwrap_or(Path::new(dir)).to_string_lossy().into_owned();
        if let Err(e) = status(&mut command("node", &[&rel], &root)) {
            return Outcome::Failed(e);
        }
    }
    Outcome::Passed
}
