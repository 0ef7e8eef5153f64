//! The immutable record of one dataset version, stored as JSON under `data/versions/<id>`.

use serde::{Deserialize, Serialize};

use super::{Sha256Digest, Tag, VersionId};
use crate::data::{Canonicalisation, ImportReport, ReadOptions, Schema, TableProfile};

/// How the stored bytes were read: everything besides the bytes that decides the table. It is part
/// of the version id, so the same file read with another target is another version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reading {
    /// The delimiter that was used (detected or forced), so loading never re-detects.
    pub delimiter: char,
    /// The target column that was chosen (explicitly or by the target rule).
    pub target: String,
    /// Categorical text canonicalisation and missing tokens.
    pub canonicalisation: Canonicalisation,
}

impl Reading {
    /// The canonical bytes hashed into the version id (compact JSON, fields in declaration order).
    pub fn canonical_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a reading serialises")
    }

    /// Read options that reproduce exactly the table of the import, for a file named `source_name`.
    pub fn options(&self, source_name: &str) -> ReadOptions {
        ReadOptions {
            source_name: source_name.to_string(),
            target: Some(self.target.clone()),
            canonicalisation: self.canonicalisation.clone(),
            delimiter: u8::try_from(self.delimiter).ok(),
        }
    }
}

/// The bytes a version was imported from, stored once under `data/blobs/sha256/<sha256>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceBytes {
    /// File name at import (shown to people, not part of the id).
    pub name: String,
    /// SHA-256 of the bytes: the blob key.
    pub sha256: Sha256Digest,
    /// Size in bytes.
    pub size: u64,
}

/// One dataset version. Written once, never changed: names (tags, `latest`) are separate pointers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetVersion {
    /// Content address: SHA-256 over the blob digest and the [`Reading`] (see `id.rs`).
    pub id: VersionId,
    /// The version that was `latest` when this one was imported.
    pub parent: Option<VersionId>,
    /// The tag given at import (`data-vX.Y.Z` unless overridden).
    pub tag: Tag,
    /// Why this version exists, in the user's words.
    pub message: String,
    /// Import time, Unix milliseconds, supplied by the caller (core reads no clock).
    pub created_at_ms: u64,
    /// The stored bytes.
    pub source: SourceBytes,
    /// How they were read.
    pub reading: Reading,
    /// Data rows.
    pub n_rows: usize,
    /// Columns kept, the target included.
    pub n_cols: usize,
    /// The regression target.
    pub target: String,
    /// Column kinds, target and canonicalisation.
    pub schema: Schema,
    /// Column profiles at import.
    pub profile: TableProfile,
    /// What the import found and decided (delimiter, dropped index columns, notes).
    pub report: ImportReport,
}

impl DatasetVersion {
    /// The record as stored: compact JSON.
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a version record serialises")
    }

    /// Parses a stored record.
    pub fn from_json(bytes: &[u8]) -> Result<Self, serde_json::Error> {
        serde_json::from_slice(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_options_reproduce_the_interpretation() {
        let r =
            Reading { delimiter: ';', target: "price".into(), canonicalisation: Canonicalisation::default() };
        let o = r.options("x.csv");
        assert_eq!(
            (o.delimiter, o.target.as_deref(), o.source_name.as_str()),
            (Some(b';'), Some("price"), "x.csv")
        );
        assert_eq!(r.canonical_bytes(), r.clone().canonical_bytes());
        let other = Reading { target: "area".into(), ..r.clone() };
        assert_ne!(r.canonical_bytes(), other.canonical_bytes());
    }
}
