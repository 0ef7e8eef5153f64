//! Data drift: Hearth's `data_drift` (Evidently's DataDriftPreset rules) against Evidently 0.7.23's
//! DataDriftPreset on the same two CSV files, with the largest per-column score difference.
//! Reference = a generated sample, current = another seed with the `price-shift` scenario.

use super::pair::{alternate, Make};
use super::report::{Goal, Row, Unit};
use super::stats::max_score_difference;
use super::{data, Ctx};
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn run(ctx: &mut Ctx) -> Result<(), String> {
    let mut cases: Vec<(String, PathBuf, PathBuf)> = Vec::new();
    let mut sizes = vec![10_000];
    if !ctx.quick {
        sizes.push(500_000);
    }
    for rows in sizes {
        let reference = data::sample(&ctx.hearth, &ctx.data_dir(), rows, 11, "baseline")?;
        let current = data::sample(&ctx.hearth, &ctx.data_dir(), rows, 12, "price-shift")?;
        cases.push((format!("{rows} vs {rows} rows × 13 generated (price-shift)"), reference, current));
    }
    // --quick keeps to the generated tables (each Evidently process pays its import time).
    let shared = (data::shared("HousingData-old.csv"), data::shared("HousingData-new.csv"));
    if let (Some(old), Some(new), false) = (shared.0, shared.1, ctx.quick) {
        cases.push(("HousingData-old (408) vs -new (409) × 13".into(), old, new));
    }
    for (label, reference, current) in cases {
        let row = drift_row(ctx, &label, &reference, &current);
        ctx.rows.push(row);
    }
    Ok(())
}

fn drift_row(ctx: &Ctx, label: &str, reference: &Path, current: &Path) -> Row {
    println!("drift: {label}");
    let task = ctx.task.clone();
    let hearth: Make<'_> = Box::new(move |_| {
        let mut cmd = Command::new(&task);
        cmd.arg("drift").arg(reference).arg(current);
        Ok(cmd)
    });
    let script = crate::env::root().join("benches/peers/evidently_drift.py");
    let peer: Option<Make<'_>> = ctx.python.clone().map(|python| -> Make<'_> {
        Box::new(move |_| {
            let mut cmd = Command::new(&python);
            cmd.arg(&script).arg(reference).arg(current);
            Ok(cmd)
        })
    });
    let (h, p) = alternate(ctx.reps, hearth, peer);
    let mut row = Row::new("data drift (DataDriftPreset)", label, Unit::Seconds, "Evidently 0.7.23");
    row.hearth = h.median("drift_s");
    row.peer = p.median("drift_s");
    row.hearth_rss_kb = h.peak_rss_kb();
    row.peer_rss_kb = p.peak_rss_kb();
    row.runs = h.samples.len();
    row.delta = match (h.last(), p.last()) {
        (Some(hl), Some(pl)) => {
            let (worst, unmatched) = max_score_difference(&hl.scores, &pl.scores);
            let mut text = format!(
                "max |score Δ| {} over {} columns; drifted {} vs {}",
                worst.map_or("—".into(), |w| format!("{w:.1e}")),
                hl.scores.len(),
                hl.get("drifted").map_or("?".into(), |v| format!("{v}")),
                pl.get("drifted").map_or("?".into(), |v| format!("{v}")),
            );
            if !unmatched.is_empty() {
                text.push_str(&format!("; scored by one side only: {}", unmatched.join(", ")));
            }
            text
        }
        (Some(hl), None) => {
            format!("{} columns drifted (no peer result)", hl.get("drifted").unwrap_or(f64::NAN))
        }
        _ => "no result".into(),
    };
    for (side, error) in [("hearth", &h.error), ("peer", &p.error)] {
        if let Some(e) = error {
            row.delta.push_str(&format!("; {side} failed: {}", e.lines().last().unwrap_or_default()));
        }
    }
    row.goal = Some(Goal {
        text: "≥ 100× faster than Evidently (issue 4)".into(),
        met: row.advantage().map(|a| a >= 100.0),
    });
    row
}
