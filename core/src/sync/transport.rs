//! The remote as the sync drivers see it: five calls, so the CLI (blocking HTTP) and the web app
//! (`fetch`) can each supply theirs and share all the logic above.

use super::{CommitEntry, RemoteEntry, SyncError};

/// A team remote. Futures need not be `Send` (the browser is single-threaded).
#[allow(async_fn_in_trait)]
pub trait RemoteTransport {
    /// Every committed key on the remote.
    async fn entries(&self) -> Result<Vec<RemoteEntry>, SyncError>;
    /// Which of `hashes` the remote's object storage does not hold (committed or not).
    async fn missing(&self, hashes: &[String]) -> Result<Vec<String>, SyncError>;
    /// The bytes of one object (the caller verifies them).
    async fn get_object(&self, hash: &str) -> Result<Vec<u8>, SyncError>;
    /// Uploads one object; the remote verifies the hash and ignores a second upload.
    async fn put_object(&self, hash: &str, bytes: &[u8]) -> Result<(), SyncError>;
    /// Records `entries` atomically; [`SyncError::Conflict`] when a pointer's `expected` or a
    /// record's value differs from what the remote holds (nothing is written then).
    async fn commit(&self, entries: &[CommitEntry]) -> Result<(), SyncError>;
}
