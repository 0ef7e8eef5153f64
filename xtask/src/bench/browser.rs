//! The web app in headless Chromium (issue 6's figures): time to interactive on localhost, the
//! default pipeline in the browser's Web Worker against the release `hearth pipeline run` on the
//! same file and seed, and the longest main-thread task during that run. Each browser run is a
//! fresh profile (`benches/browser/measure.mjs browser`), each native run a fresh workspace
//! (`measure.mjs native`), alternating; both sides report the tracked run record's duration, so
//! the same quantity is compared, and their test R² and gate verdict must agree.

use super::pair::{alternate, Make, Side};
use super::report::{Goal, Row, Unit};
use super::{data, Ctx};
use crate::env;
use crate::run::command;

pub fn run(ctx: &mut Ctx) -> Result<(), String> {
    let root = env::root();
    if !root.join("dist/index.html").is_file() {
        return Err("no Trunk build in dist/ (built before the tasks; see the notes)".into());
    }
    if !root.join(SCRIPT).is_file() {
        return Err(format!("{SCRIPT} is not in this checkout"));
    }
    crate::setup::ensure(&[crate::setup::Tool::Chromium, crate::setup::Tool::NpmPackages])?;
    let (label, csv, real) = match data::shared("HousingData.csv") {
        Some(path) => ("HousingData.csv 545 × 13, default pipeline (seed 42)".to_string(), path, true),
        None => (
            "545 rows generated (seed 42), default pipeline (HousingData.csv absent)".to_string(),
            data::sample(&ctx.hearth, &ctx.data_dir(), 545, 42, "baseline")?,
            false,
        ),
    };
    let csv = csv.to_str().ok_or("non-UTF-8 data path")?.to_string();
    let hearth = ctx.hearth.to_str().ok_or("non-UTF-8 hearth path")?.to_string();
    let reps = if ctx.quick { 1 } else { 3 };
    println!(
        "browser: {reps} fresh-profile run(s) in Chromium, alternating with the release CLI, on {label}"
    );
    let browser: Make<'_> = Box::new(|_| Ok(command("node", &[SCRIPT, "browser", &csv], &root)));
    let native: Make<'_> = Box::new(|_| Ok(command("node", &[SCRIPT, "native", &hearth, &csv], &root)));
    let (browser, native) = alternate(reps, browser, Some(native));
    ctx.rows.extend(rows(&browser, &native, &label, real));
    ctx.note(
        "browser rows: Debian's Chromium, headless, driven by playwright-core (benches/browser/measure.mjs, \
         the probes of tests/browser/perf.mjs); a fresh profile per run, so every load is a first visit with a \
         cold cache. Time to interactive = navigation start → the app's `hearth:mounted` mark (set right after \
         the first render) → a click on the Data link, dispatched at that mark, has rendered the Data page. \
         Pipeline time on both sides = the tracked run record (start of the run → end of the last task); the \
         browser's click → verdict time adds the worker's start-up and IndexedDB reads. Long tasks: \
         PerformanceObserver 'longtask' on the page during the run (it reports only tasks ≥ 50 ms).",
    );
    Ok(())
}

const SCRIPT: &str = "benches/browser/measure.mjs";

/// The three rows from both sides' runs.
fn rows(browser: &Side, native: &Side, label: &str, real: bool) -> Vec<Row> {
    let failed = failures(browser, native);
    let mut tti = Row::new(
        "time to interactive (navigation → first render → a working click)",
        "the app from dist/ on 127.0.0.1, fresh profile (cold cache)",
        Unit::Millis,
        "—",
    );
    tti.hearth = browser.median("tti_ms");
    tti.runs = browser.samples.len();
    tti.memory_goal = false;
    tti.delta = match (browser.median("mounted_ms"), browser.median("dom_content_loaded_ms")) {
        (Some(m), Some(d)) => {
            format!("first-render mark {m:.0} ms, DOMContentLoaded {d:.0} ms (medians){failed}")
        }
        _ => format!("not measured{failed}"),
    };
    tti.goal = Some(Goal { text: "reported (issue 6 sets no number)".into(), met: tti.hearth.map(|_| true) });

    let mut pipeline = Row::new(
        "default pipeline, in the browser (Web Worker) vs native",
        label,
        Unit::Seconds,
        "Hearth native CLI",
    );
    pipeline.hearth = browser.median("pipeline_ms").map(|ms| ms / 1e3);
    pipeline.peer = native.median("pipeline_ms").map(|ms| ms / 1e3);
    pipeline.runs = browser.samples.len();
    pipeline.memory_goal = false;
    let same = same_run(browser, native);
    pipeline.delta = format!(
        "{}; click → verdict {} (browser), process {} (native){failed}",
        match (same, browser.median("test_r2")) {
            (Some(true), Some(r2)) => format!("the same test R² {r2:.4} and gate verdict on both"),
            (Some(false), _) => "**the runs differ** (test R² or gate verdict)".into(),
            _ => "no result".into(),
        },
        ms(browser.median("click_to_verdict_ms")),
        ms(native.median("native_wall_ms")),
    );
    pipeline.goal = Some(Goal {
        text: "in-browser ≤ 2× native (issue 6)".into(),
        met: pipeline.advantage().map(|a| a >= 0.5).filter(|_| real && same == Some(true)),
    });

    let mut longest = Row::new(
        "longest main-thread task during a pipeline run",
        format!("the app, {label}, in the Web Worker"),
        Unit::Millis,
        "—",
    );
    // The worst run, not the median: the goal bounds every task.
    longest.hearth =
        browser.samples.iter().filter_map(|s| s.lines.get("longest_task_ms").ok()).reduce(f64::max);
    longest.runs = browser.samples.len();
    longest.memory_goal = false;
    let count = browser.samples.iter().filter_map(|s| s.lines.get("long_tasks").ok()).reduce(f64::max);
    longest.delta = match (longest.hearth, count) {
        (Some(l), Some(0.0)) => {
            format!("no main-thread task ≥ 50 ms in any run ({l:.0} ms){failed}")
        }
        (Some(_), Some(c)) => format!("up to {c:.0} long task(s) per run{failed}"),
        _ => format!("not measured{failed}"),
    };
    longest.goal = Some(Goal { text: "< 50 ms (issue 6)".into(), met: longest.hearth.map(|l| l < 50.0) });
    vec![tti, pipeline, longest]
}

/// Both sides ran the same pipeline: the same test R² (4 decimals, as the page shows it) and verdict.
fn same_run(browser: &Side, native: &Side) -> Option<bool> {
    let (b, n) = (browser.last()?, native.last()?);
    let same = |key| Some(b.get(key).ok()? == n.get(key).ok()?);
    Some(same("test_r2")? && same("gate_passed")?)
}

fn ms(v: Option<f64>) -> String {
    v.map_or("—".into(), |v| Unit::Millis.format(v))
}

/// `; browser failed: …` for each side that stopped early.
fn failures(browser: &Side, native: &Side) -> String {
    let mut text = String::new();
    for (side, error) in [("browser", &browser.error), ("native", &native.error)] {
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

    fn side(texts: &[&str]) -> Side {
        Side {
            samples: texts
                .iter()
                .map(|t| Sample { wall_s: 1.0, peak_rss_kb: None, lines: Lines::parse(t) })
                .collect(),
            error: None,
        }
    }

    const BROWSER: &str = "tti_ms 400.0\nmounted_ms 350.0\ndom_content_loaded_ms 20.0\npipeline_ms 3000\n\
                           click_to_verdict_ms 3300\nlongest_task_ms 0.0\nlong_tasks 0\ntest_r2 0.6495\ngate_passed 0\n";
    const NATIVE: &str = "pipeline_ms 2000\nnative_wall_ms 2100.0\ntest_r2 0.6495\ngate_passed 0\n";

    #[test]
    fn three_rows_with_goals_from_the_measurements() {
        let slow = BROWSER.replace("longest_task_ms 0.0\nlong_tasks 0", "longest_task_ms 80.0\nlong_tasks 2");
        let rows = super::rows(&side(&[BROWSER, &slow]), &side(&[NATIVE, NATIVE]), "HousingData.csv", true);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].hearth, Some(400.0));
        assert_eq!(rows[0].goal.as_ref().unwrap().met, Some(true));
        // 3.0 s in the browser vs 2.0 s native: 1.5×, within 2×.
        assert_eq!((rows[1].hearth, rows[1].peer), (Some(3.0), Some(2.0)));
        assert_eq!(rows[1].goal.as_ref().unwrap().met, Some(true));
        assert!(rows[1].delta.starts_with("the same test R² 0.6495"), "{}", rows[1].delta);
        // The worst run counts: 80 ms misses the goal.
        assert_eq!(rows[2].hearth, Some(80.0));
        assert_eq!(rows[2].goal.as_ref().unwrap().met, Some(false));
    }

    #[test]
    fn a_ratio_over_two_or_another_run_misses_the_goal() {
        let slow = BROWSER.replace("pipeline_ms 3000", "pipeline_ms 5000");
        let rows = super::rows(&side(&[&slow]), &side(&[NATIVE]), "x", true);
        assert_eq!(rows[1].goal.as_ref().unwrap().met, Some(false));
        let other = NATIVE.replace("gate_passed 0", "gate_passed 1");
        let rows = super::rows(&side(&[BROWSER]), &side(&[&other]), "x", true);
        assert!(rows[1].delta.starts_with("**the runs differ**"));
        assert_eq!(rows[1].goal.as_ref().unwrap().met, None);
        // Generated data instead of HousingData.csv: measured, but the goal is not judged.
        let rows = super::rows(&side(&[BROWSER]), &side(&[NATIVE]), "x", false);
        assert_eq!(rows[1].goal.as_ref().unwrap().met, None);
    }
}
