//! Training: fit time of linear, ridge, random forest (100 trees) and boosting against
//! scikit-learn single-threaded on the same seeded split, with R² and MAE of both on the test rows.
//! One model fit per process (`bench_task train` / `benches/peers/sk_train.py`) so peak RSS is the
//! model's; only `fit` is timed on both sides (predict time is in the delta column).

use super::pair::{alternate, Make, Side};
use super::report::{Goal, Row, Unit};
use super::{data, Ctx};
use std::path::Path;
use std::process::Command;

const MODELS: [&str; 4] = ["linear", "ridge", "forest100", "boosting"];

pub fn run(ctx: &mut Ctx) -> Result<(), String> {
    let rows = if ctx.quick { 5_000 } else { 20_000 };
    let generated = data::sample(&ctx.hearth, &ctx.data_dir(), rows, 7, "baseline")?;
    let mut tables =
        vec![(format!("{rows} rows × 12 features generated, seeded 80/20 split"), generated, "price")];
    // --quick keeps to the generated table (each scikit-learn process pays its import time).
    if let Some(real) = data::shared("HousingData.csv").filter(|_| !ctx.quick) {
        tables.push(("HousingData.csv 545 × 12, seeded 80/20 split".into(), real, "price"));
    }
    for (i, (label, csv, target)) in tables.into_iter().enumerate() {
        let (train, test) = data::write_split(&csv, &ctx.data_dir(), &format!("train{i}"))?;
        for model in MODELS {
            let row = model_row(ctx, &label, model, &train, &test, target);
            ctx.rows.push(row);
        }
    }
    Ok(())
}

fn model_row(ctx: &Ctx, label: &str, model: &str, train: &Path, test: &Path, target: &str) -> Row {
    println!("train: {model} on {label}");
    let task = ctx.task.clone();
    let hearth: Make<'_> = Box::new(move |_| {
        let mut cmd = Command::new(&task);
        cmd.args(["train", model]).arg(train).arg(test).arg(target);
        Ok(cmd)
    });
    let script = crate::env::root().join("benches/peers/sk_train.py");
    let peer: Option<Make<'_>> = ctx.python.clone().map(|python| -> Make<'_> {
        Box::new(move |_| {
            let mut cmd = Command::new(&python);
            cmd.arg(&script).arg(model).arg(train).arg(test).arg(target);
            for var in ["OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"] {
                cmd.env(var, "1");
            }
            Ok(cmd)
        })
    });
    let (h, p) = alternate(ctx.reps, hearth, peer);
    let mut row =
        Row::new(format!("train {model} (fit, 1 thread)"), label, Unit::Seconds, "scikit-learn 1.9.1");
    row.hearth = h.median("fit_s");
    row.peer = p.median("fit_s");
    row.hearth_rss_kb = h.peak_rss_kb();
    row.peer_rss_kb = p.peak_rss_kb();
    row.runs = h.samples.len();
    row.delta = delta(&h, &p);
    let (hr2, pr2) = (h.last().and_then(|l| l.get("r2").ok()), p.last().and_then(|l| l.get("r2").ok()));
    row.goal = Some(match model {
        "linear" | "ridge" => {
            Goal { text: "faster than scikit-learn (issue 3)".into(), met: row.advantage().map(|a| a > 1.0) }
        }
        _ => Goal {
            text: "within 2× of scikit-learn with equal (±0.001) or better R² (issue 3)".into(),
            met: match (row.advantage(), hr2, pr2) {
                (Some(a), Some(h), Some(p)) => Some(a >= 0.5 && h >= p - 0.001),
                _ => None,
            },
        },
    });
    row
}

fn delta(h: &Side, p: &Side) -> String {
    let get = |side: &Side, key: &str| side.last().and_then(|l| l.get(key).ok());
    let mut text = match (get(h, "r2"), get(p, "r2"), get(h, "mae"), get(p, "mae")) {
        (Some(hr), Some(pr), Some(hm), Some(pm)) => {
            format!("R² {hr:.4} vs {pr:.4} (Δ {:+.4}); MAE {hm:.0} vs {pm:.0}", hr - pr)
        }
        (Some(hr), _, Some(hm), _) => format!("R² {hr:.4}, MAE {hm:.0} (no peer result)"),
        _ => "no result".into(),
    };
    if let (Some(hp), Some(pp)) = (h.median("predict_s"), p.median("predict_s")) {
        text.push_str(&format!("; predict {:.1} ms vs {:.1} ms", hp * 1e3, pp * 1e3));
    }
    for (side, error) in [("hearth", &h.error), ("peer", &p.error)] {
        if let Some(e) = error {
            text.push_str(&format!("; {side} failed: {}", e.lines().last().unwrap_or_default()));
        }
    }
    text
}
