//! Dataset import + versioning (`hearth data import`: parse, validate, profile, hash, store) against
//! `dvc add` (hash + cache) of the same file, each in a fresh workspace / DVC repository per run.
//! Both are timed as a user waits for them: the whole process.

use super::pair::{alternate, Make};
use super::report::{Goal, Row, Unit};
use super::{data, Ctx};
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn run(ctx: &mut Ctx) -> Result<(), String> {
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    let small = data::sample(&ctx.hearth, &ctx.data_dir(), 20_000, 42, "baseline")?;
    files.push(("20,000 rows × 13 generated".into(), small));
    if !ctx.quick {
        let big = data::sample(&ctx.hearth, &ctx.data_dir(), 1_000_000, 42, "baseline")?;
        files.push(("1,000,000 rows × 13 generated".into(), big));
    }
    if let Some(real) = data::shared("HousingData.csv").filter(|_| !ctx.quick) {
        files.push(("HousingData.csv, 545 rows × 13".into(), real));
    }
    for (label, csv) in files {
        let row = import_row(ctx, &label, &csv)?;
        ctx.rows.push(row);
    }
    Ok(())
}

fn import_row(ctx: &Ctx, label: &str, csv: &Path) -> Result<Row, String> {
    let bytes = std::fs::metadata(csv).map_err(|e| format!("{}: {e}", csv.display()))?.len() as f64;
    let rows = super::data::count_rows(csv)? as f64;
    println!("import: {label} ({:.1} MB)", bytes / 1e6);
    let scratch = ctx.scratch("import")?;
    let hearth = ctx.hearth.clone();
    let hearth_side: Make<'_> = Box::new(|i| {
        let ws = fresh(&scratch.join(format!("ws{i}")))?;
        let init = Command::new(&hearth).arg("init").current_dir(&ws).output().map_err(|e| e.to_string())?;
        if !init.status.success() {
            return Err(format!("hearth init: {}", String::from_utf8_lossy(&init.stderr)));
        }
        let mut cmd = Command::new(&hearth);
        cmd.args(["data", "import"]).arg(csv).current_dir(&ws);
        Ok(cmd)
    });
    let dvc = ctx.peer_bin("dvc");
    let peer_side: Option<Make<'_>> = dvc.clone().map(|dvc| -> Make<'_> {
        let scratch = scratch.clone();
        Box::new(move |i| {
            let repo = fresh(&scratch.join(format!("dvc{i}")))?;
            let init = Command::new(&dvc)
                .args(["init", "--no-scm", "--quiet"])
                .env("DVC_NO_ANALYTICS", "1")
                .current_dir(&repo)
                .output()
                .map_err(|e| e.to_string())?;
            if !init.status.success() {
                return Err(format!("dvc init: {}", String::from_utf8_lossy(&init.stderr)));
            }
            std::fs::copy(csv, repo.join("data.csv")).map_err(|e| e.to_string())?;
            let mut cmd = Command::new(&dvc);
            cmd.args(["add", "--quiet", "data.csv"]).env("DVC_NO_ANALYTICS", "1").current_dir(&repo);
            Ok(cmd)
        })
    });
    let (h, p) = alternate(ctx.reps, hearth_side, peer_side);
    super::remove_dir(&scratch);
    let mut row = Row::new(
        "dataset import + version",
        format!("{label}, {:.1} MB", bytes / 1e6),
        Unit::Seconds,
        "`dvc add`",
    );
    row.hearth = h.median("wall");
    row.peer = p.median("wall");
    row.hearth_rss_kb = h.peak_rss_kb();
    row.peer_rss_kb = p.peak_rss_kb();
    row.runs = h.samples.len();
    let speed = row.hearth.map_or(String::new(), |s| {
        format!("Hearth {:.2} M rows/s, {:.0} MB/s; ", rows / s / 1e6, bytes / s / 1e6)
    });
    row.delta = format!("{speed}Hearth also parses, validates and profiles; DVC only hashes and caches");
    if dvc.is_none() {
        row.delta.push_str("; DVC not installed");
    }
    for (side, error) in [("hearth", &h.error), ("dvc", &p.error)] {
        if let Some(e) = error {
            row.delta.push_str(&format!("; {side} failed: {e}"));
        }
    }
    row.goal = Some(Goal {
        text: "at least as fast as `dvc add` (issue 2)".into(),
        met: row.advantage().map(|a| a >= 1.0),
    });
    Ok(row)
}

fn fresh(dir: &Path) -> Result<PathBuf, String> {
    super::remove_dir(dir);
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok(dir.to_path_buf())
}
