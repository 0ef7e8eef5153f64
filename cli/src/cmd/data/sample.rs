//! `hearth data sample --rows N [--seed S] [--scenario NAME] [--out FILE]`: the built-in dataset.

use super::Context;
use crate::exit::{CliError, CliResult};
use hearth_core::data::sample::{generate, Scenario};
use hearth_core::data::write_csv;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `hearth data sample`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Number of rows.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    rows: u64,
    /// Random seed: the same seed gives byte-identical output.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Drift scenario: baseline, price-shift, larger-areas, more-aircon.
    #[arg(long, default_value = "baseline")]
    scenario: Scenario,
    /// Write the CSV to this file instead of stdout.
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Serialize)]
struct Written {
    path: String,
    rows: u64,
    bytes: usize,
    seed: u64,
    scenario: &'static str,
}

/// Generates the sample and writes it.
pub fn run(ctx: &Context, args: Args) -> CliResult {
    let rows = usize::try_from(args.rows).map_err(|_| CliError::invalid("--rows is too large"))?;
    let csv = write_csv(&generate(rows, args.seed, args.scenario));
    let Some(path) = args.out else {
        let mut out = std::io::stdout().lock();
        return out
            .write_all(csv.as_bytes())
            .and_then(|_| out.flush())
            .map_err(|e| CliError::failure(format!("cannot write the sample to stdout: {e}")));
    };
    std::fs::write(&path, csv.as_bytes())
        .map_err(|e| CliError::failure(format!("cannot write {}: {e}", path.display())))?;
    let done = Written {
        path: path.display().to_string(),
        rows: args.rows,
        bytes: csv.len(),
        seed: args.seed,
        scenario: args.scenario.name(),
    };
    ctx.out.result(&done, || {
        format!(
            "wrote {} rows ({} bytes, seed {}, scenario {}) to {}",
            done.rows, done.bytes, done.seed, done.scenario, done.path
        )
    });
    Ok(())
}
