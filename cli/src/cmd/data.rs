//! `hearth data …`: dataset versions.

use super::Context;
use crate::exit::CliResult;

/// Subcommands of `hearth data`.
#[derive(Debug, clap::Subcommand)]
pub enum Command {}

/// Runs one `hearth data` subcommand.
pub fn run(_ctx: &Context, command: Command) -> CliResult {
    match command {}
}
