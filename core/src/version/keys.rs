//! Where dataset versions live in a [`Store`](crate::store::Store). One place, so every front end
//! (CLI, app, edge) reads and writes the same layout.

use super::{Sha256Digest, Tag, VersionId};

/// Prefix of every version record.
pub const VERSIONS: &str = "data/versions/";
/// Prefix of every tag pointer.
pub const TAGS: &str = "data/tags/";
/// The newest version's id.
pub const LATEST: &str = "data/refs/latest";
/// The id that was `latest` before the newest import.
pub const PREVIOUS: &str = "data/refs/previous";

/// Imported bytes, stored once per content.
pub fn blob(sha256: &Sha256Digest) -> String {
    format!("data/blobs/sha256/{sha256}")
}

/// A version record.
pub fn version(id: &VersionId) -> String {
    format!("{VERSIONS}{id}")
}

/// A tag pointer (holds the id as 64 hex characters).
pub fn tag(tag: &Tag) -> String {
    format!("{TAGS}{tag}")
}
