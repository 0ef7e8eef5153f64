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
        step(
            "Train on the baseline version: candidates, test metrics, quality gate, register, promote",
            &["pipeline", "run", "--data", "data-v1.0.0"],
        ),
        step("List the tracked runs", &["runs", "list"]),
        step("List registered models", &["models", "list"]),
        step("Predict two houses with the champion", &["predict", "--model", CHAMPION, TWO_HOUSES]),
        step("Export the champion's signed bundle", &["models", "export", CHAMPION, "champion.bundle.json"]),
        step("Print the public key that verifies it", &["key", "export"]),
        step("Show the champion and its test metrics", &["models", "show", MODEL]),
        step(
            "Check the shifted version for drift against the baseline (Evidently's tests; HTML report)",
            &["monitor", "drift", "data-v1.0.0", "data-v1.1.0", "--html", "drift.html"],
        ),
        step(
            "Score the champion on the shifted version (regression quality + drift from its training data)",
            &["monitor", "performance", "data-v1.1.0", "--model", CHAMPION],
        ),
        step("List the stored monitoring reports", &["monitor", "history"]),
    ]
}

/// The registered model the default pipeline trains.
const MODEL: &str = "house_price_prediction_prod";
/// Its champion, by alias.
const CHAMPION: &str = "house_price_prediction_prod@champion";
/// Two houses as JSON records (the sample's columns, without the `price` target).
const TWO_HOUSES: &str = r#"[{"area": 7420, "bedrooms": 4, "bathrooms": 2, "stories": 3, "mainroad": "yes", "guestroom": "no", "basement": "no", "hotwaterheating": "no", "airconditioning": "yes", "parking": 2, "prefarea": "yes", "furnishingstatus": "furnished"}, {"area": 3000, "bedrooms": 2, "bathrooms": 1, "stories": 1, "mainroad": "yes", "guestroom": "no", "basement": "yes", "hotwaterheating": "no", "airconditioning": "no", "parking": 0, "prefarea": "no", "furnishingstatus": "unfurnished"}]"#;

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
    println!(
        "\ndemo: done — `{MODEL}@champion` is promoted; the drift report is target/demo/drift.html. Explore it with: cd target/demo && ../debug/hearth models show {MODEL}"
    );
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
