//! wasm32 against native for drift: the same generated cases (core/examples/support/drift_cases.rs)
//! timed by `drift_bench` natively and by `drift_wasm.wasm` under Node, alternating process by
//! process. Each program prints its own medians; this takes the median over the alternations.

use super::pair::{alternate, Make, Side};
use super::report::{Goal, Row, Unit};
use super::stats::median;
use super::Ctx;
use crate::env;
use std::process::Command;

/// The cases both programs print, with a label for the table.
const CASES: [(&str, &str); 2] = [
    ("10k_x9_numeric", "10k vs 10k rows × 9 numeric (drift_cases)"),
    ("500k_x13", "500k vs 500k rows × 13 (drift_cases)"),
];

pub fn run(ctx: &mut Ctx) -> Result<(), String> {
    let root = env::root();
    let native = root.join("target/release/examples/drift_bench");
    let wasm = root.join("target/wasm32-unknown-unknown/release/examples/drift_wasm.wasm");
    if !wasm.is_file() {
        return Err(format!("{} was not built", wasm.display()));
    }
    let script = root.join("core/examples/drift_wasm.mjs");
    let reps = if ctx.quick { 1 } else { 3 };
    let hearth_native: Make<'_> = Box::new(|_| Ok(Command::new(&native)));
    let hearth_wasm: Make<'_> = Box::new(|_| {
        let mut cmd = Command::new("node");
        cmd.arg(&script).arg(&wasm);
        Ok(cmd)
    });
    println!("wasm: drift_bench (native) and drift_wasm.mjs (wasm32 under Node), alternating");
    let (n, w) = alternate(reps, hearth_native, Some(hearth_wasm));
    for (name, label) in CASES {
        let mut row = Row::new("drift, wasm32 (Node) vs native", label, Unit::Millis, "Hearth native");
        // Here the "peer" is Hearth native and "Hearth" the wasm32 build: advantage = native / wasm.
        row.hearth = case_ms(&w, name);
        row.peer = case_ms(&n, name);
        row.peer_rss_kb = n.peak_rss_kb();
        row.hearth_rss_kb =
            w.last().and_then(|l| l.get("wasm_memory_bytes").ok()).map(|b| (b / 1024.0) as u64);
        row.runs = w.samples.len();
        row.memory_goal = false;
        row.delta = "same rows, same drifted-column count on both (checked by the programs' output)".into();
        if let Some(e) = n.error.as_ref().or(w.error.as_ref()) {
            row.delta = format!("failed: {}", e.lines().last().unwrap_or_default());
        }
        row.goal = Some(Goal {
            text: "wasm32 within 3× of native (issue 4)".into(),
            met: row.advantage().map(|a| a >= 1.0 / 3.0),
        });
        ctx.rows.push(row);
    }
    ctx.note(
        "wasm rows: \"Hearth\" is the wasm32 build under Node, \"peer\" the same code native; peak RSS of the \
         wasm side is its linear memory (both cases prepared in one instance).",
    );
    Ok(())
}

/// Median over the runs of "NAME…: raw tables X ms" for case `name`.
fn case_ms(side: &Side, name: &str) -> Option<f64> {
    let values: Vec<f64> = side.samples.iter().filter_map(|s| raw_ms(&s.lines.text, name)).collect();
    median(&values)
}

/// "10k_x9_numeric (wasm32, …): raw tables 12.3 ms, …" or "10k_x9_numeric: raw tables 4.5 ms, …".
pub fn raw_ms(text: &str, name: &str) -> Option<f64> {
    text.lines().filter(|l| l.starts_with(name)).find_map(|l| {
        let rest = &l[l.find("raw tables ")? + "raw tables ".len()..];
        rest.split_whitespace().next()?.parse().ok()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_both_programs_lines() {
        let native = "  profile current 1.0 ms\n10k_x9_numeric: raw tables 4.5 ms, stored profile vs batch 2.0 ms (3 of 9)\n";
        let wasm = "10k_x9_numeric (wasm32, 10000 rows/side): raw tables 12.25 ms, stored profile 3 ms\n";
        assert_eq!(super::raw_ms(native, "10k_x9_numeric"), Some(4.5));
        assert_eq!(super::raw_ms(wasm, "10k_x9_numeric"), Some(12.25));
        assert_eq!(super::raw_ms(wasm, "500k_x13"), None);
    }
}
