//! wasm32 against native for training: the same fits (`bench_task train`, the models of the
//! training rows) and the default pipeline (`bench_task pipeline`) natively, and the same code
//! built as `train_wasm.wasm` under Node (core/examples/train_wasm.mjs), alternating process by
//! process. Both sides print the same keys, so the results are compared, not only the times.

use super::pair::{alternate, Make, Side};
use super::report::{Goal, Row, Unit};
use super::{data, Ctx};
use crate::env;
use std::path::{Path, PathBuf};
use std::process::Command;

const MODELS: [&str; 4] = ["linear", "ridge", "forest100", "boosting"];

pub fn run(ctx: &mut Ctx) -> Result<(), String> {
    let root = env::root();
    let wasm = root.join("target/wasm32-unknown-unknown/release/examples/train_wasm.wasm");
    if !wasm.is_file() {
        return Err(format!("{} was not built", wasm.display()));
    }
    // The training rows' table (same seed and split), smaller: every fit runs twice per alternation.
    let rows = if ctx.quick { 2_000 } else { 20_000 };
    let csv = data::sample(&ctx.hearth, &ctx.data_dir(), rows, 7, "baseline")?;
    let (train, test) = data::write_split(&csv, &ctx.data_dir(), &format!("wasm-train-{rows}"))?;
    let label = format!("{rows} rows × 12 features generated, seeded 80/20 split");
    for model in MODELS {
        println!("wasm: train {model}, bench_task (native) and train_wasm.mjs (wasm32 under Node)");
        let args = vec![model.into(), path(&train)?, path(&test)?, "price".into()];
        let (native, wasm_side) = pair(ctx, &wasm, "train", "fit", &args);
        let mut row = Row::new(
            format!("train {model} (fit), wasm32 (Node) vs native"),
            &label,
            Unit::Seconds,
            "Hearth native",
        );
        fill(&mut row, &native, &wasm_side, "fit_s");
        let same = same_value(&native, &wasm_side, "r2");
        row.delta = describe(&native, &wasm_side, "r2", same);
        row.goal = Some(Goal {
            text: "report the wasm32/native ratio, same R² as native (issue 3)".into(),
            met: row.advantage().and(same),
        });
        ctx.rows.push(row);
    }
    let (label, csv, real) = match data::shared("HousingData.csv") {
        Some(path) => {
            ("HousingData.csv 545 × 13, default pipeline (seed 42, 64/16/20)".to_string(), path, true)
        }
        None => (
            "545 rows generated (seed 42), default pipeline (HousingData.csv absent)".to_string(),
            data::sample(&ctx.hearth, &ctx.data_dir(), 545, 42, "baseline")?,
            false,
        ),
    };
    let label_for_accuracy = label.clone();
    println!("wasm: default pipeline on {label}");
    let (native, wasm_side) = pair(ctx, &wasm, "pipeline", "pipeline", &[path(&csv)?]);
    let mut row =
        Row::new("default pipeline, wasm32 (Node) vs native", label, Unit::Seconds, "Hearth native");
    fill(&mut row, &native, &wasm_side, "pipeline_s");
    let same = same_text(&native, &wasm_side, "model_hash");
    row.delta = describe(&native, &wasm_side, "test_r2", same);
    if let Some(hash) = text_value(&native, "model_hash") {
        row.delta.push_str(&format!("; model artefact {}…", &hash[..hash.len().min(12)]));
    }
    row.goal = Some(Goal {
        text: "in-browser ≤ 2× native (issue 6; V8 under Node here, same engine as Chromium)".into(),
        met: row.advantage().map(|a| a >= 0.5),
    });
    ctx.rows.push(row);
    let mut accuracy = Row::new("default pipeline test R² (accuracy)", label_for_accuracy, Unit::Score, "—");
    accuracy.hearth = native.last().and_then(|l| l.get("test_r2").ok());
    accuracy.runs = native.samples.len();
    accuracy.memory_goal = false;
    accuracy.delta = format!(
        "candidate selected on 3 × 5-fold CV of train ∪ validation, test rows unseen; outcome {}",
        text_value(&native, "outcome").unwrap_or_else(|| "—".into())
    );
    accuracy.goal = Some(Goal {
        text: "test R² > 0.65 on HousingData.csv (issue 3; the original MLP reached 0.648)".into(),
        met: accuracy.hearth.map(|r| r > 0.65).filter(|_| real),
    });
    ctx.rows.push(accuracy);
    ctx.note(
        "wasm training rows: \"Hearth\" is core built for wasm32 (core/examples/train_wasm.rs, plain C-ABI \
         exports like drift_wasm, no wasm-bindgen) under Node, \"peer\" the same code native (bench_task); \
         one fit or pipeline per process on both sides, CSV parsing untimed; a wasm fit is timed after one \
         untimed warm-up fit in the same instance (V8 compiles wasm lazily on first call: a cold 2,000-row \
         linear fit took 128 ms, warm 0.55 ms, native 0.30 ms), a pipeline run is timed cold as a user \
         meets it; peak of the wasm side is its linear memory. The same pipeline in Chromium's Web Worker \
         is the `browser` task's row.",
    );
    Ok(())
}

fn path(p: &Path) -> Result<String, String> {
    p.to_str().map(str::to_string).ok_or_else(|| format!("non-UTF-8 path {}", p.display()))
}

/// Alternates `bench_task NATIVE_MODE ARGS…` with `node train_wasm.mjs WASM WASM_MODE ARGS…`.
fn pair(ctx: &Ctx, wasm: &Path, native_mode: &str, wasm_mode: &str, args: &[String]) -> (Side, Side) {
    let reps = if ctx.quick { 1 } else { 3 };
    let task = ctx.task.clone();
    let native: Make<'_> = Box::new(move |_| {
        let mut cmd = Command::new(&task);
        cmd.arg(native_mode).args(args);
        Ok(cmd)
    });
    let script: PathBuf = env::root().join("core/examples/train_wasm.mjs");
    let node: Make<'_> = Box::new(move |_| {
        let mut cmd = Command::new("node");
        cmd.arg(&script).arg(wasm).arg(wasm_mode).args(args);
        Ok(cmd)
    });
    // "Hearth" is the wasm side: run it first in each alternation, like every other pair.
    let (w, n) = alternate(reps, node, Some(native));
    (n, w)
}

fn fill(row: &mut Row, native: &Side, wasm: &Side, key: &str) {
    row.hearth = wasm.median(key);
    row.peer = native.median(key);
    row.peer_rss_kb = native.peak_rss_kb();
    row.hearth_rss_kb =
        wasm.last().and_then(|l| l.get("wasm_memory_bytes").ok()).map(|b| (b / 1024.0) as u64);
    row.runs = wasm.samples.len();
    row.memory_goal = false;
}

fn same_value(native: &Side, wasm: &Side, key: &str) -> Option<bool> {
    let get = |s: &Side| s.last().and_then(|l| l.get(key).ok());
    Some(get(native)?.to_bits() == get(wasm)?.to_bits())
}

/// The word after `KEY ` in the last run's output.
fn text_value(side: &Side, key: &str) -> Option<String> {
    let text = &side.last()?.text;
    text.lines().find_map(|l| l.strip_prefix(key)?.strip_prefix(' ').map(str::to_string))
}

fn same_text(native: &Side, wasm: &Side, key: &str) -> Option<bool> {
    Some(text_value(native, key)? == text_value(wasm, key)?)
}

fn describe(native: &Side, wasm: &Side, key: &str, same: Option<bool>) -> String {
    let mut text = match (wasm.last().and_then(|l| l.get(key).ok()), same) {
        (Some(v), Some(true)) => format!("identical results on both targets ({key} {v:.4})"),
        (Some(v), Some(false)) => format!("**results differ** (wasm32 {key} {v:.4})"),
        _ => "no result".into(),
    };
    for (side, error) in [("wasm32", &wasm.error), ("native", &native.error)] {
        if let Some(e) = error {
            text.push_str(&format!("; {side} failed: {}", e.lines().last().unwrap_or_default()));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::super::pair::{Sample, Side};
    use super::super::stats::Lines;

    fn side(text: &str) -> Side {
        Side {
            samples: vec![Sample { wall_s: 1.0, peak_rss_kb: Some(1), lines: Lines::parse(text) }],
            error: None,
        }
    }

    #[test]
    fn compares_the_two_sides_outputs() {
        let native = side("pipeline_s 0.5\noutcome Succeeded\ntest_r2 0.66\nmodel_hash abc\n");
        let wasm =
            side("pipeline_s 0.9\noutcome Succeeded\ntest_r2 0.66\nmodel_hash abc\nwasm_memory_bytes 2048\n");
        assert_eq!(super::text_value(&native, "model_hash").as_deref(), Some("abc"));
        assert_eq!(super::same_text(&native, &wasm, "model_hash"), Some(true));
        assert_eq!(super::same_value(&native, &wasm, "test_r2"), Some(true));
        assert!(super::describe(&native, &wasm, "test_r2", Some(true)).starts_with("identical"));
        let other = side("model_hash abd\n");
        assert_eq!(super::same_text(&native, &other, "model_hash"), Some(false));
        assert_eq!(super::same_value(&native, &other, "test_r2"), None);
    }
}
