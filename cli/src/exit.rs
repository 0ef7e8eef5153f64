//! The CLI's error type and the exit codes scripts can rely on.

use serde::Serialize;

/// Process exit codes. Stable: scripts and CI branch on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExitCode {
    /// Anything unexpected (I/O failure, corrupt workspace).
    Failure = 1,
    /// The command line itself was wrong (clap also uses 2).
    Usage = 2,
    /// The input data was rejected (bad CSV, bad JSON, invalid manifest).
    InvalidInput = 3,
    /// A named thing (version, tag, run, model) does not exist.
    NotFound = 4,
    /// A compare-and-swap lost, or a name is already taken.
    Conflict = 5,
    /// A quality gate refused a promotion — a normal outcome, not a crash.
    GateFailed = 6,
    /// Drift was detected by `monitor` (so CI can fail on it).
    DriftDetected = 7,
}

/// A failed command: what to tell the user and which exit code to use.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct CliError {
    /// Exit code class.
    pub kind: ExitCode,
    /// Human-readable, specific message (file, row, column where they apply).
    pub message: String,
}

impl CliError {
    /// An error of `kind`.
    pub fn new(kind: ExitCode, message: impl Into<String>) -> Self {
        Self { kind, message: message.into() }
    }

    /// An unexpected failure.
    pub fn failure(message: impl Into<String>) -> Self {
        Self::new(ExitCode::Failure, message)
    }

    /// Rejected input.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ExitCode::InvalidInput, message)
    }

    /// Something named is missing.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ExitCode::NotFound, message)
    }

    /// The process exit code.
    pub fn code(&self) -> ExitCode {
        self.kind
    }
}

impl From<hearth_core::store::StoreError> for CliError {
    fn from(e: hearth_core::store::StoreError) -> Self {
        match e {
            hearth_core::store::StoreError::Conflict { .. } => Self::new(ExitCode::Conflict, e.to_string()),
            _ => Self::failure(e.to_string()),
        }
    }
}

/// Result of a command.
pub type CliResult<T = ()> = Result<T, CliError>;
