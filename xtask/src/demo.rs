//! `cargo xtask demo`: the main job on the built-in sample data, through the `hearth` CLI, in a
//! fresh workspace under `target/demo`. Extend it by appending to [`steps`].

use std::path::{Path, PathBuf};

use crate::env;
use crate::run::{command, status};
use crate::setup::{ensure, Tool};

/// Tools the demo needs beyond cargo (none yet; serving at the edge will add worker tools).
const NEEDS: &[Tool] = &[];

/// One demo step: a `hearth` command; `stdout_to` saves its output as a file in the workspace
/// (for commands that print data, like `data sample`).
struct Step {
    title: &'static str,
    args: Vec<&'static str>,
    stdout_to: Option<&'static str>,
}

fn step(title: &'static str, args: &[&'static str]) -> Step {
    Step { title, args: args.to_vec(), stdout_to: None }
}

fn steps() -> Vec<Step> {
    vec![
        step("Create a workspace", &["init"]),
        Step {
            title: "Generate the built-in sample (545 rows, seed 42)",
            args: vec!["data", "sample", "--rows", "545", "--seed", "42"],
            stdout_to: Some("sample.csv"),
        },
        step(
            "Import it as the first dataset version",
            &["data", "import", "sample.csv", "--message", "baseline sample"],
        ),
        Step {
            title: "Generate the `price-shift` drift scenario (same seed)",
            args: vec!["data", "sample", "--rows", "545", "--seed", "42", "--scenario", "price-shift"],
            stdout_to: Some("sample-price-shift.csv"),
        },
        step(
            "Import it as the next version",
            &["data", "import", "sample-price-shift.csv", "--message", "prices shifted"],
        ),
        step("List dataset versions", &["data", "list"]),
        step("Show the latest version", &["data", "show", "latest"]),
        step("Diff the two versions", &["data", "diff", "previous", "latest"]),
    ]
}

/// Entry point of `cargo xtask demo`.
pub fn demo() -> Result<(), String> {
    ensure(NEEDS)?;
    let root = env::root();
    status(&mut command("cargo", &["build", "--quiet", "-p", "hearth"], &root))?;
    let hearth = root.join("target/debug/hearth");
    let workspace = root.join("target/demo");
    if workspace.exists() {
        std::fs::remove_dir_all(&workspace).map_err(|e| format!("clearing {}: {e}", workspace.display()))?;
    }
    std::fs::create_dir_all(&workspace).map_err(|e| format!("creating {}: {e}", workspace.display()))?;
    println!("demo: workspace {}", workspace.display());
    for (i, s) in steps().iter().enumerate() {
        println!("\n== {}. {} ==", i + 1, s.title);
        run_step(&hearth, &workspace, s)?;
    }
    println!("\ndemo: done. Explore it with: cd target/demo && ../debug/hearth data list");
    Ok(())
}

fn run_step(hearth: &Path, workspace: &Path, s: &Step) -> Result<(), String> {
    let mut cmd = command(hearth, &s.args, workspace);
    let Some(file) = s.stdout_to else {
        return status(&mut cmd);
    };
    let path: PathBuf = workspace.join(file);
    let out = std::fs::File::create(&path).map_err(|e| format!("creating {}: {e}", path.display()))?;
    status(cmd.stdout(out))?;
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    if size == 0 {
        return Err(format!("`hearth {}` wrote nothing", s.args.join(" ")));
    }
    println!("(saved {} bytes to {file})", size);
    Ok(())
}
