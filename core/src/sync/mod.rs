//! Sharing a workspace through a team remote (DVC-like push/pull), written once for every front end.
//!
//! A workspace's store keys fall in three classes ([`classify`]): content-addressed **objects**
//! (dataset bytes, bundles, pipeline artifacts: the key ends in the SHA-256 of the value), immutable
//! **records** (dataset versions, runs, model versions: written once, never changed) and mutable
//! **pointers** (tags, aliases, `latest` refs). Planning ([`plan`]) is pure: what the workspace
//! has vs what the remote has → objects to send or receive and metadata to commit, metadata always
//! after the objects it refers to. Pointers move by compare-and-swap against the value last seen
//! on the remote, so two people promoting at once cannot silently overwrite each other. The
//! drivers in [`run`] talk to the remote only through the small [`RemoteTransport`] trait (HTTP in
//! the CLI, `fetch` in the app) and verify every object by hash on arrival. Remotes that keep
//! their metadata in one document (S3-compatible storage) apply the worker's commit rules through
//! [`manifest`].

pub mod classify;
pub mod entry;
pub mod manifest;
pub mod plan;
pub mod progress;
pub mod run;
pub mod transport;
pub mod wire;

pub use classify::{classify, Class};
pub use entry::{CommitEntry, Conflict, RemoteEntry};
pub use plan::{plan_pull, plan_push, PullPlan, PushPlan};
pub use progress::Progress;
pub use run::{fetch, pull, push, seen_key, status, PullReport, PushReport, StatusReport, LOCAL_PREFIX};
pub use transport::RemoteTransport;

use crate::store::StoreError;

/// Why a sync step failed. Nothing half-written is left visible: objects land before any metadata.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum SyncError {
    /// Pointers (or records) changed on both sides: nothing was overwritten.
    #[error("{}", describe_conflicts(.0))]
    Conflict(Vec<Conflict>),
    /// An object or record's bytes do not hash to the address they were sent under.
    #[error("`{key}` failed verification: expected sha256 {expected}, got {actual}")]
    Corrupt {
        /// Store key (or object address) concerned.
        key: String,
        /// The hash it should have.
        expected: String,
        /// The hash of the bytes received.
        actual: String,
    },
    /// The remote refused the token (401) or its scope (403).
    #[error("the remote refused the request ({status}): {message}")]
    Denied {
        /// HTTP status.
        status: u16,
        /// The remote's explanation.
        message: String,
    },
    /// The remote could not be reached or answered something unexpected.
    #[error("remote error: {0}")]
    Remote(String),
    /// A REF named on the command line matches nothing.
    #[error("no pointer matches `{0}` (use a tag such as data-v1.0.0, MODEL@ALIAS or MODEL)")]
    UnknownRef(String),
    /// The local store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn describe_conflicts(conflicts: &[Conflict]) -> String {
    let lines: Vec<String> = conflicts.iter().map(ToString::to_string).collect();
    format!("conflict: {}", lines.join("; "))
}
