//! One module per command group; each exposes its clap arguments and a `run`.

pub mod data;
pub mod deploy;
pub mod init;
pub mod key;
mod metrics_table;
pub mod models;
pub mod monitor;
pub mod pipeline;
pub mod predict;
mod registry_error;
pub mod remote;
pub mod runs;

use crate::exit::CliResult;
use crate::output::Output;
use crate::workspace::Workspace;
use std::path::PathBuf;

/// What every command gets: where the workspace is and how to print.
#[derive(Debug)]
pub struct Context {
    /// `--workspace`, if given.
    pub workspace: Option<PathBuf>,
    /// Output mode.
    pub out: Output,
}

impl Context {
    /// Opens the workspace (the nearest one, or `--workspace`).
    pub fn workspace(&self) -> CliResult<Workspace> {
        Workspace::find(self.workspace.as_deref())
    }
}
