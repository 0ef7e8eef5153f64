//! The workspace export file: every object store of the browser database in one deterministic JSON
//! document with a format version and the SHA-256 of its contents, so an import can refuse a
//! damaged or edited file before it touches anything.

use std::collections::BTreeMap;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use hearth_core::registry::canonical::sha256_hex;
use serde::{Deserialize, Serialize};

/// The `format` field every export carries.
pub const FORMAT: &str = "hearth-workspace";
/// Version of this layout; a reader refuses versions it does not know.
pub const FORMAT_VERSION: u32 = 1;

/// Object store name → key → value bytes: the whole database.
pub type Snapshot = BTreeMap<String, BTreeMap<String, Vec<u8>>>;

/// The file as written. Field order and `BTreeMap`s make the bytes a function of the workspace.
#[derive(Debug, Serialize, Deserialize)]
struct WorkspaceFile {
    format: String,
    format_version: u32,
    /// Hex SHA-256 of the compact JSON of `contents`.
    sha256: String,
    contents: Contents,
}

/// What the checksum covers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Contents {
    /// IndexedDB database name.
    database: String,
    /// Its schema version when exported.
    schema_version: u32,
    /// Store → key → base64 value.
    stores: BTreeMap<String, BTreeMap<String, String>>,
}

/// Why a file cannot be imported. Nothing is written when any of these is returned.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WorkspaceFileError {
    /// Not JSON, or not this layout.
    #[error("this is not a Hearth workspace file: {0}")]
    Unreadable(String),
    /// JSON of another kind.
    #[error("this is not a Hearth workspace file (format is “{0}”, expected “{FORMAT}”)")]
    WrongFormat(String),
    /// Written by a newer Hearth.
    #[error("workspace file format version {0} is not supported (this app reads version {FORMAT_VERSION})")]
    UnsupportedVersion(u32),
    /// The checksum does not match: damaged or edited.
    #[error("the file is damaged or was edited: its contents hash to {actual}, but it says {expected}")]
    ChecksumMismatch {
        /// The checksum the file claims.
        expected: String,
        /// The checksum of what is in it.
        actual: String,
    },
    /// A value is not valid base64.
    #[error("value of `{key}` in store `{store}` is not valid base64: {reason}")]
    BadValue {
        /// Object store.
        store: String,
        /// Key.
        key: String,
        /// Decoder message.
        reason: String,
    },
    /// Made for another database or a newer schema.
    #[error("{0}")]
    Incompatible(String),
}

/// The export file for `snapshot` of `database` at `schema_version`.
pub fn encode(database: &str, schema_version: u32, snapshot: &Snapshot) -> Vec<u8> {
    let stores = snapshot
        .iter()
        .map(|(store, entries)| {
            let entries = entries.iter().map(|(k, v)| (k.clone(), BASE64.encode(v))).collect();
            (store.clone(), entries)
        })
        .collect();
    let contents = Contents { database: database.to_string(), schema_version, stores };
    let file = WorkspaceFile {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        sha256: checksum(&contents),
        contents,
    };
    serde_json::to_vec_pretty(&file).expect("plain JSON")
}

/// Checks `bytes` completely (layout, version, checksum, database, schema, every value) and returns
/// the snapshot to write into `database`, whose schema is `schema_version`.
pub fn decode(bytes: &[u8], database: &str, schema_version: u32) -> Result<Snapshot, WorkspaceFileError> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| WorkspaceFileError::Unreadable(e.to_string()))?;
    match value.get("format").and_then(|f| f.as_str()) {
        Some(FORMAT) => {}
        Some(other) => return Err(WorkspaceFileError::WrongFormat(other.to_string())),
        None => return Err(WorkspaceFileError::Unreadable("it has no `format` field".into())),
    }
    match value.get("format_version").and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(FORMAT_VERSION) => {}
        Some(v) => return Err(WorkspaceFileError::UnsupportedVersion(v.min(u64::from(u32::MAX)) as u32)),
        None => return Err(WorkspaceFileError::Unreadable("it has no `format_version` number".into())),
    }
    let file: WorkspaceFile =
        serde_json::from_value(value).map_err(|e| WorkspaceFileError::Unreadable(e.to_string()))?;
    let actual = checksum(&file.contents);
    if actual != file.sha256 {
        return Err(WorkspaceFileError::ChecksumMismatch { expected: file.sha256, actual });
    }
    let c = file.contents;
    if c.database != database {
        return Err(WorkspaceFileError::Incompatible(format!(
            "the file holds database “{}”, this app uses “{database}”",
            c.database
        )));
    }
    if c.schema_version > schema_version {
        return Err(WorkspaceFileError::Incompatible(format!(
            "the file was written by a newer app (storage schema {} > {schema_version})",
            c.schema_version
        )));
    }
    let mut out = Snapshot::new();
    for (store, entries) in c.stores {
        let mut decoded = BTreeMap::new();
        for (key, v) in entries {
            let bytes = BASE64.decode(v.as_bytes()).map_err(|e| WorkspaceFileError::BadValue {
                store: store.clone(),
                key: key.clone(),
                reason: e.to_string(),
            })?;
            decoded.insert(key, bytes);
        }
        out.insert(store, decoded);
    }
    Ok(out)
}

/// Number of entries over every store.
pub fn entry_count(snapshot: &Snapshot) -> usize {
    snapshot.values().map(BTreeMap::len).sum()
}

fn checksum(contents: &Contents) -> String {
    sha256_hex(&serde_json::to_vec(contents).expect("plain JSON"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot() -> Snapshot {
        let mut kv = BTreeMap::new();
        kv.insert("app/pipeline/last-run".to_string(), b"abc".to_vec());
        kv.insert("blob/00".to_string(), vec![0, 255, 7]);
        Snapshot::from([("kv".to_string(), kv)])
    }

    #[test]
    fn export_round_trips_and_is_byte_identical_for_the_same_workspace() {
        let a = encode("hearth", 1, &snapshot());
        assert_eq!(a, encode("hearth", 1, &snapshot()));
        assert_eq!(decode(&a, "hearth", 1).unwrap(), snapshot());
        assert_eq!(entry_count(&snapshot()), 2);
    }

    #[test]
    fn an_edited_value_is_refused_by_its_checksum() {
        let text = String::from_utf8(encode("hearth", 1, &snapshot())).unwrap();
        let tampered = text.replace(&BASE64.encode(b"abc"), &BASE64.encode(b"abd"));
        assert_ne!(text, tampered);
        let err = decode(tampered.as_bytes(), "hearth", 1).unwrap_err();
        assert!(matches!(err, WorkspaceFileError::ChecksumMismatch { .. }), "{err}");
        assert!(err.to_string().contains("damaged or was edited"));
    }

    #[test]
    fn other_files_versions_databases_and_schemas_are_named() {
        assert!(matches!(decode(b"not json", "hearth", 1), Err(WorkspaceFileError::Unreadable(_))));
        let other = br#"{"format":"zip","format_version":1}"#;
        assert_eq!(decode(other, "hearth", 1).unwrap_err(), WorkspaceFileError::WrongFormat("zip".into()));
        let future = br#"{"format":"hearth-workspace","format_version":9}"#;
        assert_eq!(decode(future, "hearth", 1).unwrap_err(), WorkspaceFileError::UnsupportedVersion(9));
        let file = encode("other", 1, &snapshot());
        assert!(decode(&file, "hearth", 1).unwrap_err().to_string().contains("“other”"));
        let newer = encode("hearth", 2, &snapshot());
        assert!(decode(&newer, "hearth", 1).unwrap_err().to_string().contains("newer app"));
    }

    #[test]
    fn a_value_that_is_not_base64_names_its_store_and_key() {
        let mut stores = BTreeMap::new();
        stores.insert("kv".to_string(), BTreeMap::from([("k".to_string(), "!!".to_string())]));
        let contents = Contents { database: "hearth".into(), schema_version: 1, stores };
        let file = WorkspaceFile {
            format: FORMAT.into(),
            format_version: FORMAT_VERSION,
            sha256: checksum(&contents),
            contents,
        };
        let err = decode(&serde_json::to_vec(&file).unwrap(), "hearth", 1).unwrap_err();
        assert!(err.to_string().contains("`k` in store `kv`"), "{err}");
    }
}
