//! Sizes users download or open: the worker (gzip), the web app's wasm (gzip, when a Trunk build is
//! in dist/) and the drift HTML report next to Evidently's for the same two files.

use super::measure::measure;
use super::report::{Goal, Row, Unit};
use super::{data, Ctx};
use crate::env;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn run(ctx: &mut Ctx) -> Result<(), String> {
    let root = env::root();
    let build = root.join("edge-worker/build");
    let worker: Vec<PathBuf> = ["index_bg.wasm", "index.js", "worker/shim.mjs"]
        .iter()
        .map(|f| build.join(f))
        .filter(|p| p.is_file())
        .collect();
    if worker.is_empty() {
        ctx.note("sizes: no edge-worker/build (built before the tasks); worker size not measured");
    } else {
        let mut row =
            Row::new("worker bundle size (gzip -9)", "index_bg.wasm + index.js + shim.mjs", Unit::Bytes, "—");
        row.hearth = Some(gzip_total(&worker)?);
        row.runs = 1;
        row.goal = Some(Goal { text: "< 1 MB (issue 5)".into(), met: row.hearth.map(|b| b < 1e6) });
        ctx.rows.push(row);
    }
    let app: Vec<PathBuf> = std::fs::read_dir(root.join("dist"))
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "wasm"))
                .collect()
        })
        .unwrap_or_default();
    if app.is_empty() {
        ctx.note("sizes: no Trunk build in dist/ (`trunk build --release` failed, see above); app wasm size not measured");
    } else {
        let mut row =
            Row::new("web app wasm size (gzip -9)", "dist/*.wasm (Trunk release build)", Unit::Bytes, "—");
        row.hearth = Some(gzip_total(&app)?);
        row.runs = 1;
        row.goal = Some(Goal { text: "< 1.5 MB (issue 6)".into(), met: row.hearth.map(|b| b < 1.5e6) });
        ctx.rows.push(row);
    }
    html_report(ctx)
}

fn html_report(ctx: &mut Ctx) -> Result<(), String> {
    let (label, reference, current) =
        match (data::shared("HousingData-old.csv"), data::shared("HousingData-new.csv")) {
            (Some(old), Some(new)) => ("HousingData-old vs -new, 13 columns", old, new),
            _ => (
                "10k vs 10k generated, 13 columns",
                data::sample(&ctx.hearth, &ctx.data_dir(), 10_000, 11, "baseline")?,
                data::sample(&ctx.hearth, &ctx.data_dir(), 10_000, 12, "price-shift")?,
            ),
        };
    let dir = ctx.scratch("html")?;
    let init = Command::new(&ctx.hearth).arg("init").current_dir(&dir).output().map_err(|e| e.to_string())?;
    if !init.status.success() {
        return Err(format!("hearth init: {}", String::from_utf8_lossy(&init.stderr)));
    }
    let ours = dir.join("hearth.html");
    // Exit code 7 means "drift found", which this pair has; the report is written either way.
    let out = Command::new(&ctx.hearth)
        .args(["monitor", "drift"])
        .arg(&reference)
        .arg(&current)
        .arg("--html")
        .arg(&ours)
        .arg("--no-save")
        .current_dir(&dir)
        .output()
        .map_err(|e| e.to_string())?;
    if !ours.is_file() {
        return Err(format!("hearth monitor drift wrote no HTML: {}", String::from_utf8_lossy(&out.stderr)));
    }
    let mut row = Row::new("drift HTML report size", label, Unit::Bytes, "Evidently 0.7.23 save_html");
    row.hearth = Some(size(&ours)? as f64);
    row.runs = 1;
    if let Some(python) = ctx.python.clone() {
        let theirs = dir.join("evidently.html");
        let script = env::root().join("benches/peers/evidently_drift.py");
        match measure(
            Command::new(python).arg(script).arg(&reference).arg(&current).arg("--html").arg(&theirs),
        ) {
            Ok(_) => row.peer = Some(size(&theirs)? as f64),
            Err(e) => row.delta = format!("Evidently failed: {}", e.lines().last().unwrap_or_default()),
        }
    }
    row.goal = Some(Goal {
        text: "< 200 KB for the 13-column HousingData report (issue 4)".into(),
        met: row.hearth.map(|b| b < 200_000.0),
    });
    ctx.rows.push(row);
    super::remove_dir(&dir);
    Ok(())
}

fn size(path: &Path) -> Result<u64, String> {
    Ok(std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?.len())
}

/// Sum of `gzip -9` sizes of the files.
fn gzip_total(files: &[PathBuf]) -> Result<f64, String> {
    let mut total = 0.0;
    for f in files {
        let out =
            Command::new("gzip").arg("-9").arg("-c").arg(f).output().map_err(|e| format!("gzip: {e}"))?;
        if !out.status.success() {
            return Err(format!("gzip {} failed", f.display()));
        }
        total += out.stdout.len() as f64;
    }
    Ok(total)
}
