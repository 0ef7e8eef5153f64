//! `hearth data import FILE [--target COL] [--tag T] [--message M]`.

use super::{repo_error, Context};
use crate::block_on::block_on;
use crate::exit::{CliError, CliResult};
use crate::workspace::now_ms;
use hearth_core::data::ReadOptions;
use hearth_core::version::{DatasetRepo, NewVersion, Tag};
use serde::Serialize;
use std::path::PathBuf;

/// Files at least this large get progress lines (at a terminal).
const PROGRESS_FROM_BYTES: u64 = 8 * 1024 * 1024;

/// Arguments of `hearth data import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The CSV file (comma, semicolon or tab separated; header row required).
    file: PathBuf,
    /// The regression target column (default: `price`/`target`/`label`/`y`-like name, else the last numeric column).
    #[arg(long)]
    target: Option<String>,
    /// Tag for the new version instead of the next `data-vX.Y.Z`.
    #[arg(long)]
    tag: Option<String>,
    /// Why this version exists (default: `import <file name>`).
    #[arg(long, short)]
    message: Option<String>,
}

#[derive(Serialize)]
struct Imported<'a> {
    id: String,
    tag: &'a str,
    created: bool,
    rows: usize,
    columns: usize,
    target: &'a str,
    numeric_features: Vec<&'a str>,
    categorical_features: Vec<&'a str>,
    notes: &'a [String],
}

/// Imports the file as a version (or finds the version it already is).
pub fn run(ctx: &Context, args: Args) -> CliResult {
    let tag = args.tag.as_deref().map(Tag::new).transpose().map_err(|e| CliError::invalid(e.to_string()))?;
    let ws = ctx.workspace()?;
    let name = args.file.display().to_string();
    let size = std::fs::metadata(&args.file).map_err(|e| read_error(&name, e))?.len();
    let show_progress = size >= PROGRESS_FROM_BYTES;
    if show_progress {
        ctx.out.progress(&format!("reading {name} ({:.1} MB)…", size as f64 / 1e6));
    }
    let bytes = std::fs::read(&args.file).map_err(|e| read_error(&name, e))?;
    if show_progress {
        ctx.out.progress(&format!("parsing, validating, profiling and storing {name}…"));
    }
    let options = ReadOptions { target: args.target, ..ReadOptions::named(name.clone()) };
    let file_name = args.file.file_name().map_or(name.clone(), |n| n.to_string_lossy().into_owned());
    let new = NewVersion {
        message: args.message.unwrap_or_else(|| format!("import {file_name}")),
        tag,
        created_at_ms: now_ms(),
    };
    let outcome = block_on(DatasetRepo::new(&ws.store).import(&bytes, &options, new));
    ctx.out.progress_done();
    let outcome = outcome.map_err(repo_error)?;
    let v = &outcome.version;
    let names = |it: &mut dyn Iterator<Item = &'_ hearth_core::data::ColumnSchema>| -> Vec<String> {
        it.map(|c| c.name.clone()).collect()
    };
    let (numeric, categorical) =
        (names(&mut v.schema.numeric_features()), names(&mut v.schema.categorical_features()));
    let done = Imported {
        id: v.id.to_hex(),
        tag: v.tag.as_str(),
        created: outcome.created,
        rows: v.n_rows,
        columns: v.n_cols,
        target: &v.target,
        numeric_features: numeric.iter().map(String::as_str).collect(),
        categorical_features: categorical.iter().map(String::as_str).collect(),
        notes: &outcome.report.notes,
    };
    ctx.out.result(&done, || {
        let mut text = if done.created {
            format!("imported {name} as {} (id {})\n", done.tag, v.id.short())
        } else {
            format!("{name} is already version {} (id {}); nothing stored\n", done.tag, v.id.short())
        };
        text.push_str(&format!(
            "{} rows, {} columns; target `{}`; {} numeric + {} categorical features\n",
            done.rows,
            done.columns,
            done.target,
            numeric.len(),
            categorical.len()
        ));
        for note in done.notes {
            text.push_str(&format!("note: {note}\n"));
        }
        text
    });
    Ok(())
}

fn read_error(name: &str, e: std::io::Error) -> CliError {
    if e.kind() == std::io::ErrorKind::NotFound {
        CliError::not_found(format!("{name}: no such file"))
    } else {
        CliError::invalid(format!("{name}: cannot read the file: {e}"))
    }
}
