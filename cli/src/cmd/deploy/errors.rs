//! Deployment failures as CLI errors with the documented exit codes: 1 edge unreachable or a
//! failed verification, 3 invalid manifest or input refused by the edge, 4 unknown model/version,
//! 5 someone else changed the deployment (compare-and-swap lost), 6 a gate refused.

use crate::exit::{CliError, ExitCode};
use hearth_core::deploy::{ApplyError, EdgeError, ResolveError};
use hearth_core::registry::RegistryError;

/// An edge failure, said plainly.
pub fn edge(e: EdgeError) -> CliError {
    let kind = match &e {
        EdgeError::Conflict { .. } => ExitCode::Conflict,
        EdgeError::Refused { status: 400 | 422, .. } => ExitCode::InvalidInput,
        EdgeError::Refused { status: 404, .. } => ExitCode::NotFound,
        EdgeError::Unreachable { .. }
        | EdgeError::Unauthorized(_)
        | EdgeError::Refused { .. }
        | EdgeError::Protocol(_) => ExitCode::Failure,
    };
    let hint = match &e {
        EdgeError::Unauthorized(_) => " — check the token in the variable named by `edge.token_env`",
        EdgeError::Unreachable { .. } => " — is `edge.url` right and the worker running?",
        _ => "",
    };
    CliError::new(kind, format!("{e}{hint}"))
}

/// A resolution failure (unknown model/version/alias, tampered local bundle, gate).
pub fn resolve(e: ResolveError) -> CliError {
    match e {
        ResolveError::Gate(g) => CliError::new(ExitCode::GateFailed, g.to_string()),
        ResolveError::Registry { ref reason, .. } => {
            let kind = match reason {
                RegistryError::NotFound(_) => ExitCode::NotFound,
                RegistryError::Invalid(_) => ExitCode::InvalidInput,
                _ => ExitCode::Failure,
            };
            CliError::new(kind, e.to_string())
        }
    }
}

/// An apply failure.
pub fn apply(env: &str, e: ApplyError) -> CliError {
    match e {
        ApplyError::Edge(e) => edge(e),
        other => CliError::failure(format!("{env}: {other}")),
    }
}
