//! A remote's committed entries as ONE document, and the commit rules applied to it.
//!
//! Remotes without a database (plain S3-compatible object storage) keep every committed key in a
//! single manifest object and commit by rewriting it under a conditional write (`If-Match` on the
//! ETag read). One object is what makes the commit atomic there: S3 has no multi-object
//! transaction, but a single PUT either lands whole or not at all, and the condition turns it into
//! a compare-and-swap of the whole metadata. The rules themselves are the worker's D1 commit
//! (`edge-worker/src/remote/commit.rs`), restated here once, purely, so any remote kind built on
//! a manifest judges a commit exactly as the worker does: entries are validated (class matches
//! the key, values hash to `hash`), a pointer applies only while the remote still holds its
//! `expected` value, a record never changes value, and when any check fails nothing is written and
//! every failing entry is reported with the value the remote holds now.

use super::classify::{classify, object_hash};
use super::{Class, CommitEntry, Conflict, RemoteEntry, SyncError};
use crate::registry::canonical::sha256_hex;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Format tag written into every manifest, checked on read (a future layout gets a new tag).
pub const FORMAT: &str = "hearth-remote-manifest/1";

/// Most entries one commit may carry (the worker's limit).
pub const MAX_ENTRIES: usize = 5000;

/// Every committed key of a remote, by key.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Manifest {
    entries: BTreeMap<String, RemoteEntry>,
}

#[derive(Serialize, Deserialize)]
struct Document {
    format: String,
    entries: Vec<RemoteEntry>,
}

/// Why a commit was not applied. Nothing changed in either case.
#[derive(Debug, PartialEq)]
pub enum Refusal {
    /// A malformed entry (the worker answers 400): `entries[i] (`key`): why`.
    Invalid(String),
    /// Pointers whose `expected` or records whose value differ from what the remote holds.
    Conflict(Vec<Conflict>),
}

impl From<Refusal> for SyncError {
    fn from(r: Refusal) -> Self {
        match r {
            Refusal::Invalid(why) => SyncError::Remote(format!("the remote refused the commit: {why}")),
            Refusal::Conflict(c) => SyncError::Conflict(c),
        }
    }
}

impl Manifest {
    /// Parses a stored manifest; a wrong format tag or broken JSON is an error naming why.
    pub fn from_json(bytes: &[u8]) -> Result<Manifest, String> {
        let doc: Document =
            serde_json::from_slice(bytes).map_err(|e| format!("the remote's manifest is unreadable: {e}"))?;
        if doc.format != FORMAT {
            return Err(format!("the remote's manifest has format `{}`, expected `{FORMAT}`", doc.format));
        }
        Ok(Manifest { entries: doc.entries.into_iter().map(|e| (e.key.clone(), e)).collect() })
    }

    /// The stored form: entries in key order, so equal manifests are byte-identical.
    pub fn to_json(&self) -> Vec<u8> {
        let doc = Document { format: FORMAT.to_string(), entries: self.entries.values().cloned().collect() };
        serde_json::to_vec(&doc).expect("a manifest serialises")
    }

    /// Every entry, in key order (what `RemoteTransport::entries` answers).
    pub fn entries(&self) -> Vec<RemoteEntry> {
        self.entries.values().cloned().collect()
    }

    /// Applies `commit` as one unit, or refuses it whole. Entries whose hash the manifest already
    /// holds are left as they are (keeping who wrote them first), as the worker's upsert does.
    /// Object entries must already be stored: the caller checks that (it needs the storage).
    pub fn apply(&mut self, commit: &[CommitEntry], who: &str, now: u64) -> Result<(), Refusal> {
        if commit.is_empty() || commit.len() > MAX_ENTRIES {
            return Err(Refusal::Invalid(format!(
                "a commit carries 1 to {MAX_ENTRIES} entries, got {}",
                commit.len()
            )));
        }
        for (i, e) in commit.iter().enumerate() {
            validate(e).map_err(|why| Refusal::Invalid(format!("entries[{i}] (`{}`): {why}", e.key)))?;
        }
        let conflicts: Vec<Conflict> =
            commit.iter().filter_map(|e| conflict(e, self.entries.get(&e.key))).collect();
        if !conflicts.is_empty() {
            return Err(Refusal::Conflict(conflicts));
        }
        for e in commit {
            if self.entries.get(&e.key).is_some_and(|held| held.hash == e.hash) {
                continue;
            }
            self.entries.insert(
                e.key.clone(),
                RemoteEntry {
                    key: e.key.clone(),
                    class: e.class,
                    hash: e.hash.clone(),
                    value: e.value.clone(),
                    updated_by: who.to_string(),
                    updated_at: now,
                },
            );
        }
        Ok(())
    }
}

/// The commit's precondition for `e` against what the remote holds now (`current`): a pointer
/// needs its `expected` value, a record may only be written again with the same hash.
pub fn conflict(e: &CommitEntry, current: Option<&RemoteEntry>) -> Option<Conflict> {
    let held = current.and_then(|c| c.value.clone());
    let fails = match (e.class, &e.expected) {
        (Class::Pointer, Some(expected)) => &held != expected,
        (Class::Record, _) => current.is_some_and(|c| c.hash != e.hash),
        _ => false,
    };
    fails.then(|| Conflict {
        key: e.key.clone(),
        local: e.value.clone(),
        remote: held,
        remote_by: current.map(|c| c.updated_by.clone()),
    })
}

/// Whether `e` is well-formed: its class is its key's, an object carries its key's hash and no
/// value, a record or pointer carries a value hashing to `hash`.
pub fn validate(e: &CommitEntry) -> Result<(), String> {
    match classify(&e.key) {
        None => return Err("this key is local to a workspace and never shared".into()),
        Some(c) if c != e.class => {
            return Err(format!("the key is a {}, not a {}", class_name(c), class_name(e.class)))
        }
        Some(_) => {}
    }
    match e.class {
        Class::Object => {
            if object_hash(&e.key) != Some(e.hash.as_str()) || e.value.is_some() {
                return Err("an object entry carries its key's hash and no value".into());
            }
        }
        Class::Record | Class::Pointer => {
            let Some(value) = &e.value else { return Err("a value is required".into()) };
            let actual = sha256_hex(value.as_bytes());
            if actual != e.hash {
                return Err(format!("the value's sha256 is {actual}, not {}", e.hash));
            }
        }
    }
    Ok(())
}

/// The class's name as the remote API spells it.
pub fn class_name(c: Class) -> &'static str {
    match c {
        Class::Object => "object",
        Class::Record => "record",
        Class::Pointer => "pointer",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALIAS: &str = "registry/models/m/aliases/champion";
    const RECORD: &str = "registry/models/m/versions/0000000001";

    fn pointer(value: &str, expected: Option<&str>) -> CommitEntry {
        CommitEntry {
            key: ALIAS.into(),
            class: Class::Pointer,
            hash: sha256_hex(value.as_bytes()),
            value: Some(value.into()),
            expected: Some(expected.map(str::to_string)),
        }
    }

    fn record(value: &str) -> CommitEntry {
        CommitEntry {
            key: RECORD.into(),
            class: Class::Record,
            hash: sha256_hex(value.as_bytes()),
            value: Some(value.into()),
            expected: None,
        }
    }

    #[test]
    fn a_commit_applies_and_round_trips_byte_identically() {
        let mut m = Manifest::default();
        m.apply(&[record("{}"), pointer("1", None)], "alice", 7).unwrap();
        let bytes = m.to_json();
        let back = Manifest::from_json(&bytes).unwrap();
        assert_eq!(back, m);
        assert_eq!(back.to_json(), bytes);
        let keys: Vec<String> = back.entries().into_iter().map(|e| e.key).collect();
        assert_eq!(keys, vec![ALIAS.to_string(), RECORD.to_string()]);
        assert_eq!(back.entries()[0].updated_by, "alice");
    }

    #[test]
    fn a_pointer_moves_only_from_its_expected_value_and_nothing_is_written_otherwise() {
        let mut m = Manifest::default();
        m.apply(&[pointer("1", None)], "alice", 1).unwrap();
        m.apply(&[pointer("2", Some("1"))], "bob", 2).unwrap();
        let before = m.clone();
        // Alice still believes the alias is 1: her swap to 3 is refused, naming bob's 2.
        let err = m.apply(&[record("{\"r\":1}"), pointer("3", Some("1"))], "alice", 3).unwrap_err();
        let Refusal::Conflict(c) = err else { panic!("expected a conflict") };
        assert_eq!(c.len(), 1);
        assert_eq!((c[0].local.as_deref(), c[0].remote.as_deref()), (Some("3"), Some("2")));
        assert_eq!(c[0].remote_by.as_deref(), Some("bob"));
        assert_eq!(m, before, "the record in the refused commit was not written either");
    }

    #[test]
    fn an_absent_expectation_conflicts_with_a_pointer_someone_created() {
        let mut m = Manifest::default();
        m.apply(&[pointer("1", None)], "bob", 1).unwrap();
        assert!(matches!(m.apply(&[pointer("2", None)], "alice", 2), Err(Refusal::Conflict(_))));
    }

    #[test]
    fn a_record_never_changes_value_but_may_be_committed_again() {
        let mut m = Manifest::default();
        m.apply(&[record("{}")], "alice", 1).unwrap();
        m.apply(&[record("{}")], "bob", 2).unwrap();
        assert_eq!(m.entries()[0].updated_by, "alice", "an unchanged entry keeps its writer");
        assert!(matches!(m.apply(&[record("{\"x\":1}")], "bob", 3), Err(Refusal::Conflict(_))));
    }

    #[test]
    fn malformed_entries_are_refused_by_index() {
        let mut m = Manifest::default();
        let mut bad = record("{}");
        bad.hash = "0".repeat(64);
        let Err(Refusal::Invalid(why)) = m.apply(&[pointer("1", None), bad], "a", 1) else { panic!() };
        assert!(why.starts_with("entries[1]"), "{why}");
        let local = CommitEntry {
            key: "remote/x/config".into(),
            class: Class::Record,
            hash: String::new(),
            value: None,
            expected: None,
        };
        assert!(validate(&local).unwrap_err().contains("local"));
        assert!(matches!(m.apply(&[], "a", 1), Err(Refusal::Invalid(_))));
        assert_eq!(m, Manifest::default());
    }

    #[test]
    fn a_foreign_document_is_refused_with_its_format() {
        let err = Manifest::from_json(br#"{"format":"other/9","entries":[]}"#).unwrap_err();
        assert!(err.contains("other/9"), "{err}");
        assert!(Manifest::from_json(b"not json").unwrap_err().contains("unreadable"));
    }
}
