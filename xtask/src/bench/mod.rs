//! `cargo xtask bench [--quick] [--only NAME[,NAME]]`: Hearth and the tools users would otherwise pick, measured on the
//! same machine, in the same run, on the same data, alternating run by run, with correctness next to
//! speed. Writes BENCHMARKS.md and benches/results.json. A benchmark, never a test: it asserts
//! nothing about timings. Every task that cannot run says why in the notes and the others go on.

mod browser;
mod cleanup;
mod data;
mod drift;
mod import;
mod machine;
mod measure;
mod pair;
mod remote;
mod remote_server;
mod report;
mod serve;
mod sizes;
mod stats;
mod train;
mod venv;
mod wasm;
mod wasm_train;

use crate::env;
use crate::run::{command, status};
use report::Row;
use std::path::PathBuf;

/// One measured comparison (or group of them): adds rows and notes to the context.
type Task = fn(&mut Ctx) -> Result<(), String>;

/// What every task needs: the binaries, the peers' python, where to write, how many runs.
pub struct Ctx {
    pub quick: bool,
    /// Runs per side of every pair (medians of these).
    pub reps: usize,
    /// target/bench: data cache and scratch folders.
    pub work: PathBuf,
    /// The release `hearth` CLI.
    pub hearth: PathBuf,
    /// The release `bench_task` example (core/examples/bench_task.rs).
    pub task: PathBuf,
    /// The peers' venv python (None when it could not be made: peer columns say so).
    pub python: Option<PathBuf>,
    pub rows: Vec<Row>,
    pub notes: Vec<String>,
}

impl Ctx {
    pub fn data_dir(&self) -> PathBuf {
        self.work.join("data")
    }

    /// A fresh, empty scratch folder `target/bench/scratch/NAME`.
    pub fn scratch(&self, name: &str) -> Result<PathBuf, String> {
        let dir = self.work.join("scratch").join(name);
        remove_dir(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        Ok(dir)
    }

    /// The peers' venv `bin/NAME`.
    pub fn peer_bin(&self, name: &str) -> Option<PathBuf> {
        Some(self.python.as_ref()?.parent()?.join(name)).filter(|p| p.is_file())
    }

    pub fn note(&mut self, text: impl Into<String>) {
        let text = text.into();
        println!("bench: note: {text}");
        self.notes.push(text);
    }
}

/// Removes a folder tree that may hold read-only files (DVC's cache makes its objects 0444).
pub fn remove_dir(dir: &std::path::Path) {
    if dir.exists() {
        let _ = std::process::Command::new("chmod").arg("-R").arg("u+w").arg(dir).status();
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// The tasks, in the order they run.
const TASKS: [(&str, Task); 9] = [
    ("import", import::run),
    ("train", train::run),
    ("drift", drift::run),
    ("serve", serve::run),
    ("wasm", wasm::run),
    ("wasm-train", wasm_train::run),
    ("remote", remote::run),
    ("sizes", sizes::run),
    ("browser", browser::run),
];

const USAGE: &str = "usage: cargo xtask bench [--quick] [--only NAME[,NAME]]";

/// `--quick` and `--only a,b` (every name must be a task).
fn parse(args: &[String]) -> Result<(bool, Option<Vec<String>>), String> {
    let (mut quick, mut only) = (false, None);
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--quick" => quick = true,
            "--only" => {
                let names: Vec<String> = it.next().ok_or(USAGE)?.split(',').map(str::to_string).collect();
                let known: Vec<&str> = TASKS.iter().map(|(n, _)| *n).collect();
                if let Some(bad) = names.iter().find(|n| !known.contains(&n.as_str())) {
                    return Err(format!("no bench task `{bad}`; tasks: {}", known.join(", ")));
                }
                only = Some(names);
            }
            _ => return Err(USAGE.into()),
        }
    }
    Ok((quick, only))
}

/// Entry point.
pub fn bench(args: &[String]) -> Result<(), String> {
    let (quick, only) = parse(args)?;
    // Whether any of `tasks` runs (what to build depends on it).
    let runs = |tasks: &[&str]| only.as_ref().is_none_or(|o| o.iter().any(|n| tasks.contains(&n.as_str())));
    let root = env::root();
    status(&mut command("cargo", &["build", "--release", "-p", "hearth", "--bin", "hearth"], &root))?;
    if runs(&["train", "drift", "wasm", "wasm-train"]) {
        status(&mut command(
            "cargo",
            &[
                "build",
                "--release",
                "-p",
                "hearth-core",
                "--example",
                "bench_task",
                "--example",
                "drift_bench",
            ],
            &root,
        ))?;
    }
    // Everything is built before the first measurement (a build would load the machine mid-pair);
    // what fails to build is noted and its task says so. `--only` builds what its tasks need.
    let mut build_notes = Vec::new();
    let wasm_args = [
        "build",
        "--release",
        "-p",
        "hearth-core",
        "--example",
        "drift_wasm",
        "--example",
        "train_wasm",
        "--target",
        "wasm32-unknown-unknown",
    ];
    if runs(&["wasm", "wasm-train"]) {
        if let Err(e) = crate::setup::ensure(&[crate::setup::Tool::Wasm32Target])
            .and_then(|()| status(&mut command("cargo", &wasm_args, &root)))
        {
            build_notes.push(format!("the wasm32 drift and training examples did not build: {e}"));
        }
    }
    // The demo bundle the worker serves (benches/edge/predict.mjs runs this example, debug profile).
    if runs(&["serve"]) {
        if let Err(e) =
            status(&mut command("cargo", &["build", "-p", "hearth-core", "--example", "bundle"], &root))
        {
            build_notes.push(format!("the demo bundle example did not build: {e}"));
        }
    }
    if runs(&["serve", "remote", "sizes"]) {
        if let Err(e) = build_worker() {
            build_notes.push(format!("the worker did not build: {e}"));
        }
    }
    if runs(&["sizes", "browser"]) {
        match build_app() {
            Ok(true) => {}
            Ok(false) => build_notes.push(
                "sizes: dist/ (the web app) reused from an earlier `trunk build --release` (`cargo xtask test \
                 --suite app-build` rebuilds it)"
                    .into(),
            ),
            Err(e) => build_notes.push(format!("the web app did not build (`trunk build --release`): {e}")),
        }
    }
    let started = std::time::Instant::now();
    let release = root.join("target/release");
    let mut ctx = Ctx {
        quick,
        reps: if quick { 3 } else { 5 },
        work: root.join("target/bench"),
        hearth: release.join("hearth"),
        task: release.join("examples/bench_task"),
        python: None,
        rows: Vec::new(),
        notes: build_notes,
    };
    match venv::peers_python() {
        Ok(python) => ctx.python = Some(python),
        Err(e) => {
            ctx.note(format!("no peers: the venv with benches/requirements.txt could not be made ({e})"))
        }
    }
    let tasks: Vec<(&str, Task)> = TASKS.into_iter().filter(|(name, _)| runs(&[name])).collect();
    let mut mode = if quick { "cargo xtask bench --quick" } else { "cargo xtask bench" }.to_string();
    if let Some(only) = &only {
        mode.push_str(&format!(" --only {}", only.join(",")));
    }
    let machine = machine::describe(
        &mode,
        "Nothing else was meant to run during the measurements (the load average at their start is in \
         the notes); the alternating A/B order keeps the ratios fair when something does.",
    );
    if let Some(load) = machine::load_average() {
        ctx.note(format!(
            "machine load at the start of the measurements: {load} (1/5/15-min load average on {} CPUs)",
            machine.cpus
        ));
    }
    // The files are rewritten after every task, so a run stopped part-way still leaves what it measured.
    for (i, (name, task)) in tasks.iter().enumerate() {
        println!("\n== bench: {name} ==");
        if let Err(e) = task(&mut ctx) {
            ctx.note(format!("{name}: not (fully) measured: {e}"));
        }
        if let Some((next, _)) = tasks.get(i + 1) {
            write_report(&machine, &ctx, started, Some((name, next)))?;
        }
    }
    let left = cleanup::leftovers(&root);
    ctx.note(if left.is_empty() {
        "cleanup: no server left running — checked /proc after the run for workerd, node, python, mlflow, \
         uvicorn and wrk processes working in this checkout (the MLflow server's process group is killed \
         by its guard, Miniflare disposes workerd); the peers' venv stays cached in target/bench-venv"
            .to_string()
    } else {
        format!("cleanup: **still running after the run**: {}", left.join(", "))
    });
    write_report(&machine, &ctx, started, None)?;
    remove_dir(&ctx.work.join("scratch"));
    println!("\n{}", std::fs::read_to_string(root.join("BENCHMARKS.md")).unwrap_or_default());
    println!("bench: wrote BENCHMARKS.md and benches/results.json");
    Ok(())
}

/// The worker build the serve and sizes tasks measure (built when missing; `cargo xtask test --suite
/// worker-build` rebuilds it).
fn build_worker() -> Result<(), String> {
    if env::root().join("edge-worker/build/index_bg.wasm").is_file() {
        return Ok(());
    }
    crate::setup::ensure(&[
        crate::setup::Tool::Wasm32Target,
        crate::setup::Tool::WasmBindgen,
        crate::setup::Tool::WorkerBuild,
        crate::setup::Tool::NpmPackages,
    ])?;
    crate::edge::build_worker()
}

/// The web app's Trunk release build, whose wasm the sizes task measures: built when dist/ holds no
/// wasm (true), else reused (false).
fn build_app() -> Result<bool, String> {
    let root = env::root();
    let built = std::fs::read_dir(root.join("dist"))
        .map(|d| d.filter_map(|e| e.ok()).any(|e| e.path().extension().is_some_and(|x| x == "wasm")))
        .unwrap_or(false);
    if built {
        return Ok(false);
    }
    crate::setup::ensure(&[
        crate::setup::Tool::Wasm32Target,
        crate::setup::Tool::WasmBindgen,
        crate::setup::Tool::Trunk,
        crate::setup::Tool::NpmPackages,
    ])?;
    status(&mut command("trunk", &["build", "--release"], &root))?;
    Ok(true)
}

/// Writes BENCHMARKS.md and benches/results.json; `partial` = (last task run, next task) when
/// more tasks follow.
fn write_report(
    machine: &report::Machine,
    ctx: &Ctx,
    started: std::time::Instant,
    partial: Option<(&str, &str)>,
) -> Result<(), String> {
    let root = env::root();
    let mut notes = ctx.notes.clone();
    if let Some((name, next)) = partial {
        notes.push(format!("PARTIAL: written after task `{name}`; `{next}` and later had not run yet"));
    }
    let wall = started.elapsed().as_secs_f64();
    notes.push(format!("harness wall time {wall:.0} s (measurements only, after the builds)"));
    if let Some(load) = machine::load_average() {
        notes.push(format!("machine load when this file was written: {load} (1/5/15-min load average)"));
    }
    if let Some(kb) = measure::own_peak_rss_kb() {
        notes.push(format!(
            "peak RSS figures have a floor of {:.1} MB: the harness's own peak, which Linux carries into a \
             spawned child's `ru_maxrss`",
            kb as f64 / 1024.0
        ));
    }
    write(root.join("BENCHMARKS.md"), &report::markdown(machine, &ctx.rows, &notes))?;
    write(root.join("benches/results.json"), &report::json(machine, &ctx.rows, &notes))
}

fn write(path: PathBuf, text: &str) -> Result<(), String> {
    std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::parse;

    fn args(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn parses_quick_and_only() {
        assert_eq!(parse(&[]).unwrap(), (false, None));
        assert_eq!(parse(&args("--quick")).unwrap(), (true, None));
        let (quick, only) = parse(&args("--only import,remote --quick")).unwrap();
        assert!(quick);
        assert_eq!(only.unwrap(), ["import", "remote"]);
        assert!(parse(&args("--only")).unwrap_err().contains("usage"));
        assert!(parse(&args("--only nope")).unwrap_err().contains("no bench task `nope`"));
        assert!(parse(&args("--slow")).unwrap_err().contains("usage"));
    }
}
