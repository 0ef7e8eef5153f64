//! What travels between a workspace and its remote.

use super::Class;
use serde::{Deserialize, Serialize};

/// One key as the remote lists it. Objects carry only their hash (the bytes are fetched by hash);
/// records and pointers carry their (UTF-8) value, whose SHA-256 is `hash`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteEntry {
    /// Workspace store key.
    pub key: String,
    /// Its class.
    pub class: Class,
    /// SHA-256 of the value (for objects: the object address).
    pub hash: String,
    /// The value of a record or pointer.
    #[serde(default)]
    pub value: Option<String>,
    /// Name of the token that wrote it.
    #[serde(default)]
    pub updated_by: String,
    /// When (ms since the Unix epoch, the remote's clock).
    #[serde(default)]
    pub updated_at: u64,
}

/// One key to record on the remote, all of a push's entries in one atomic commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitEntry {
    /// Workspace store key.
    pub key: String,
    /// Its class.
    pub class: Class,
    /// SHA-256 of the value (objects: the address of an object already uploaded).
    pub hash: String,
    /// The value of a record or pointer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Pointers only: the value the remote must hold now (`None` = absent) for the swap to apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<Option<String>>,
}

/// A key changed on both sides. Both values are shown so the user can decide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    /// Store key.
    pub key: String,
    /// What this workspace has (or tried to write).
    pub local: Option<String>,
    /// What the remote holds now.
    pub remote: Option<String>,
    /// Who last wrote the remote value, when known.
    #[serde(default)]
    pub remote_by: Option<String>,
}

impl std::fmt::Display for Conflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "(absent)".into());
        write!(f, "`{}` is {} here but {} on the remote", self.key, show(&self.local), show(&self.remote))?;
        if let Some(by) = &self.remote_by {
            write!(f, " (set by {by})")?;
        }
        Ok(())
    }
}
