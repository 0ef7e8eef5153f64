//! Registry failures as CLI errors with the exit code scripts branch on.

use crate::exit::{CliError, ExitCode};
use hearth_core::registry::RegistryError;

impl From<RegistryError> for CliError {
    fn from(e: RegistryError) -> Self {
        let kind = match &e {
            RegistryError::NotFound(_) => ExitCode::NotFound,
            RegistryError::Invalid(_) => ExitCode::InvalidInput,
            RegistryError::AliasConflict { .. }
            | RegistryError::Conflict { .. }
            | RegistryError::RunExists(_) => ExitCode::Conflict,
            RegistryError::Store(_)
            | RegistryError::Corrupt { .. }
            | RegistryError::RunFinished(_)
            | RegistryError::Bundle(_) => ExitCode::Failure,
        };
        CliError::new(kind, e.to_string())
    }
}
