//! `cargo xtask setup | demo | test | edge | bench`: one entry point for installing the toolchain, running
//! the demo and running every test suite. Plain std so it builds in seconds on a fresh machine.

mod bench;
mod demo;
mod edge;
mod env;
mod run;
mod setup;
mod suites;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  setup                 install whatever is missing (wasm32 target, wasm-bindgen-cli, trunk,
                        worker-build, npm packages, Chromium) and say what was done or skipped
  demo                  run the main job on the built-in sample data (workspace in target/demo)
  test [--quick] [--suite NAME]... [--list]
                        run the test suites; --quick skips wasm and browser suites
  edge [--port N]       build the worker and serve it with `wrangler dev` on 127.0.0.1 (offline)
  bench [--quick] [--only NAME[,NAME]]
                        Hearth next to DVC, scikit-learn, Evidently and MLflow on the same data in one
                        run; writes BENCHMARKS.md and benches/results.json (--quick: under 5 minutes;
                        --only: just those tasks, e.g. --only remote,browser)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::setup_all(),
        Some("demo") => demo::demo(),
        Some("test") => suites::test(&args[1..]),
        Some("edge") => edge::edge(&args[1..]),
        Some("bench") => bench::bench(&args[1..]),
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            Ok(())
        }
        _ => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: error: {e}");
            ExitCode::FAILURE
        }
    }
}
