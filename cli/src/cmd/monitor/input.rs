//! What `hearth monitor` reads: a CSV file, or a dataset version of the workspace (`latest`,
//! `previous`, a tag such as `data-v1.0.0`, an id prefix).

use super::Context;
use crate::block_on::block_on;
use crate::cmd::data::{parse_ref, repo_error};
use crate::exit::{CliError, CliResult};
use crate::workspace::Workspace;
use hearth_core::data::{read_csv, ReadOptions, Table};
use hearth_core::version::DatasetRepo;
use std::path::Path;

/// A loaded input and the name reports show for it.
#[derive(Debug)]
pub struct Input {
    /// File name, or `tag (id)` of a dataset version.
    pub label: String,
    /// The data.
    pub table: Table,
}

/// Whether `text` is meant as a file: it exists, or it looks like a path (a separator or a file
/// extension such as `.csv`). Anything else is a dataset ref.
fn is_path(text: &str) -> bool {
    let p = Path::new(text);
    p.exists()
        || text.contains(std::path::MAIN_SEPARATOR)
        || text.contains('/')
        || p.extension()
            .is_some_and(|e| matches!(e.to_ascii_lowercase().to_str(), Some("csv" | "tsv" | "txt")))
}

/// Loads `text` as a CSV file or a dataset version. `ws` is opened lazily, only for refs.
pub fn load(ctx: &Context, ws: &mut Option<Workspace>, text: &str) -> CliResult<Input> {
    if is_path(text) {
        return read_file(Path::new(text));
    }
    let r = parse_ref(text)?;
    if ws.is_none() {
        *ws = Some(ctx.workspace()?);
    }
    let repo = DatasetRepo::new(&ws.as_ref().expect("opened above").store);
    let version = block_on(repo.get(&r)).map_err(repo_error)?;
    let dataset = block_on(repo.load(&version)).map_err(repo_error)?;
    Ok(Input { label: format!("{} ({})", version.tag, version.id.short()), table: dataset.table })
}

/// Reads and parses a CSV file; every failure is rejected input (exit 3) naming the file.
fn read_file(path: &Path) -> CliResult<Input> {
    let name = path.display().to_string();
    if path.is_dir() {
        return Err(CliError::invalid(format!("{name}: is a folder, expected a CSV file")));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            CliError::invalid(format!("{name}: no such file (expected a CSV file or a dataset version)"))
        } else {
            CliError::invalid(format!("{name}: cannot read the file: {e}"))
        }
    })?;
    let dataset =
        read_csv(&bytes, &ReadOptions::named(name.clone())).map_err(|e| CliError::invalid(e.to_string()))?;
    let label = path.file_name().map_or(name, |n| n.to_string_lossy().into_owned());
    Ok(Input { label, table: dataset.table })
}
