//! Pure planning: what the workspace has vs what the remote has → what to send or receive.
//!
//! Objects and records are immutable, so they always travel in full (only the missing ones); REFs
//! limit which pointers move. A pointer is pushed only when it changed here since the last sync
//! (its value differs from the one last seen on the remote), with that seen value as the
//! compare-and-swap `expected`; it is pulled only when it did not change here.

use super::classify::{classify, object_hash, Class};
use super::{CommitEntry, Conflict, RemoteEntry, SyncError};
use crate::registry::canonical::sha256_hex;
use std::collections::BTreeMap;

/// A workspace's synced keys and values.
pub type Local = BTreeMap<String, Vec<u8>>;
/// Pointer values as last synced with the remote (the compare-and-swap base).
pub type Seen = BTreeMap<String, String>;

/// What a push sends.
#[derive(Debug, Default, PartialEq)]
pub struct PushPlan {
    /// Object keys the remote has not committed, in key order (upload those its storage lacks).
    pub objects: Vec<String>,
    /// Records and pointers to commit after the objects, in one atomic batch.
    pub commit: Vec<CommitEntry>,
}

/// What a pull receives.
#[derive(Debug, Default, PartialEq)]
pub struct PullPlan {
    /// Object addresses to download, with their keys.
    pub objects: Vec<(String, String)>,
    /// Records to write (key, value), verified by hash.
    pub records: Vec<(String, String)>,
    /// Pointers to move here (key, remote value).
    pub pointers: Vec<(String, String)>,
    /// Pointers changed on both sides: the remote's value wins (it is also in `pointers`); the
    /// local value is reported so it can be promoted again deliberately.
    pub conflicts: Vec<Conflict>,
}

/// Plans a push of `local` to a remote listing `remote`. `refs` (empty = all) limit which
/// pointers are pushed. A record whose value differs on the remote is a conflict (e.g. two people
/// registered version 3 of the same model): nothing is planned then.
pub fn plan_push(
    local: &Local,
    remote: &[RemoteEntry],
    seen: &Seen,
    refs: &[String],
) -> Result<PushPlan, SyncError> {
    check_refs(local, remote, refs)?;
    let remote: BTreeMap<&str, &RemoteEntry> = remote.iter().map(|e| (e.key.as_str(), e)).collect();
    let mut plan = PushPlan::default();
    let mut conflicts = Vec::new();
    let mut pointers = Vec::new();
    for (key, value) in local {
        let Some(class) = classify(key) else { continue };
        let there = remote.get(key.as_str());
        match class {
            Class::Object => {
                if there.is_none() {
                    let hash = object_hash(key).expect("object keys end in their hash").to_string();
                    plan.objects.push(key.clone());
                    plan.commit.push(CommitEntry {
                        key: key.clone(),
                        class,
                        hash,
                        value: None,
                        expected: None,
                    });
                }
            }
            Class::Record => {
                let text = utf8(key, value)?;
                let hash = sha256_hex(value);
                match there {
                    None => plan.commit.push(CommitEntry {
                        key: key.clone(),
                        class,
                        hash,
                        value: Some(text),
                        expected: None,
                    }),
                    Some(e) if e.hash != hash => conflicts.push(Conflict {
                        key: key.clone(),
                        local: Some(text),
                        remote: e.value.clone(),
                        remote_by: Some(e.updated_by.clone()),
                    }),
                    Some(_) => {}
                }
            }
            Class::Pointer => {
                let text = utf8(key, value)?;
                let remote_value = there.and_then(|e| e.value.clone());
                let base = seen.get(key).cloned();
                let changed_here = base.as_deref() != Some(text.as_str());
                if remote_value.as_deref() != Some(text.as_str()) && changed_here && selected(key, refs) {
                    pointers.push(CommitEntry {
                        key: key.clone(),
                        class,
                        hash: sha256_hex(value),
                        value: Some(text),
                        expected: Some(base),
                    });
                }
            }
        }
    }
    if !conflicts.is_empty() {
        return Err(SyncError::Conflict(conflicts));
    }
    plan.commit.extend(pointers);
    Ok(plan)
}

/// Plans a pull: every object and record this workspace lacks, and the pointers (limited by
/// `refs`) that moved on the remote: taken when unchanged here; when changed on both sides the
/// remote wins (the shared truth a push would have lost against) and the local value is reported.
pub fn plan_pull(
    local: &Local,
    remote: &[RemoteEntry],
    seen: &Seen,
    refs: &[String],
) -> Result<PullPlan, SyncError> {
    check_refs(local, remote, refs)?;
    let mut plan = PullPlan::default();
    for e in remote {
        let here = local.get(&e.key);
        match e.class {
            Class::Object => {
                if here.is_none() {
                    plan.objects.push((e.hash.clone(), e.key.clone()));
                }
            }
            Class::Record => {
                if here.is_none() {
                    plan.records.push((e.key.clone(), remote_value(e)?));
                }
            }
            Class::Pointer => {
                let value = remote_value(e)?;
                let here = here.map(|v| String::from_utf8_lossy(v).into_owned());
                if here.as_deref() == Some(value.as_str()) || !selected(&e.key, refs) {
                    continue;
                }
                let base = seen.get(&e.key);
                let unchanged_here = here.is_none() || here.as_ref() == base;
                if unchanged_here {
                    plan.pointers.push((e.key.clone(), value));
                } else if base != Some(&value) {
                    plan.pointers.push((e.key.clone(), value.clone()));
                    plan.conflicts.push(Conflict {
                        key: e.key.clone(),
                        local: here,
                        remote: Some(value),
                        remote_by: Some(e.updated_by.clone()),
                    });
                }
            }
        }
    }
    Ok(plan)
}

/// A remote record or pointer's value, checked against its hash.
fn remote_value(e: &RemoteEntry) -> Result<String, SyncError> {
    let value = e
        .value
        .clone()
        .ok_or_else(|| SyncError::Remote(format!("`{}` was listed without its value", e.key)))?;
    let actual = sha256_hex(value.as_bytes());
    if actual != e.hash {
        return Err(SyncError::Corrupt { key: e.key.clone(), expected: e.hash.clone(), actual });
    }
    Ok(value)
}

fn utf8(key: &str, value: &[u8]) -> Result<String, SyncError> {
    String::from_utf8(value.to_vec())
        .map_err(|_| SyncError::Remote(format!("`{key}` is not UTF-8 text and cannot be shared")))
}

/// Whether pointer `key` is named by one of `refs` (all when `refs` is empty): a tag
/// (`data-v1.0.0`), a data ref (`latest`), `MODEL@ALIAS`, or `MODEL` (all its pointers).
pub fn selected(key: &str, refs: &[String]) -> bool {
    refs.is_empty() || refs.iter().any(|r| ref_matches(key, r))
}

fn ref_matches(key: &str, r: &str) -> bool {
    if let Some((model, alias)) = r.split_once('@') {
        return key == format!("registry/models/{model}/aliases/{alias}");
    }
    key == format!("data/tags/{r}")
        || key == format!("data/refs/{r}")
        || key.starts_with(&format!("registry/models/{r}/"))
}

fn check_refs(local: &Local, remote: &[RemoteEntry], refs: &[String]) -> Result<(), SyncError> {
    let keys: Vec<&str> =
        local.keys().map(String::as_str).chain(remote.iter().map(|e| e.key.as_str())).collect();
    for r in refs {
        if !keys.iter().any(|k| classify(k) == Some(Class::Pointer) && ref_matches(k, r)) {
            return Err(SyncError::UnknownRef(r.clone()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(bytes: &[u8]) -> String {
        sha256_hex(bytes)
    }

    fn object(bytes: &[u8]) -> (String, Vec<u8>) {
        (format!("data/blobs/sha256/{}", h(bytes)), bytes.to_vec())
    }

    fn entry(key: &str, class: Class, value: &str) -> RemoteEntry {
        let (hash, value) = match class {
            Class::Object => (key.rsplit('/').next().unwrap().to_string(), None),
            _ => (h(value.as_bytes()), Some(value.to_string())),
        };
        RemoteEntry { key: key.into(), class, hash, value, updated_by: "bob".into(), updated_at: 1 }
    }

    const ALIAS: &str = "registry/models/m/aliases/champion";

    #[test]
    fn a_push_sends_only_what_the_remote_lacks_objects_before_metadata() {
        let (ka, va) = object(b"a");
        let (kb, vb) = object(b"b");
        let local: Local =
            [(ka.clone(), va), (kb.clone(), vb), ("registry/runs/r1".into(), b"{}".to_vec())].into();
        let remote = vec![entry(&ka, Class::Object, "")];
        let plan = plan_push(&local, &remote, &Seen::new(), &[]).unwrap();
        assert_eq!(plan.objects, vec![kb.clone()]);
        let keys: Vec<&str> = plan.commit.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, vec![kb.as_str(), "registry/runs/r1"]);
    }

    #[test]
    fn a_pointer_changed_here_is_pushed_with_the_seen_value_as_expected() {
        let local: Local = [(ALIAS.to_string(), b"2".to_vec())].into();
        let remote = vec![entry(ALIAS, Class::Pointer, "1")];
        let seen: Seen = [(ALIAS.to_string(), "1".to_string())].into();
        let plan = plan_push(&local, &remote, &seen, &[]).unwrap();
        assert_eq!(plan.commit.len(), 1);
        assert_eq!(plan.commit[0].expected, Some(Some("1".into())));
        assert_eq!(plan.commit[0].value.as_deref(), Some("2"));
    }

    #[test]
    fn a_pointer_moved_only_on_the_remote_is_not_pushed_back() {
        let local: Local = [(ALIAS.to_string(), b"1".to_vec())].into();
        let remote = vec![entry(ALIAS, Class::Pointer, "3")];
        let seen: Seen = [(ALIAS.to_string(), "1".to_string())].into();
        assert!(plan_push(&local, &remote, &seen, &[]).unwrap().commit.is_empty());
        let pull = plan_pull(&local, &remote, &seen, &[]).unwrap();
        assert_eq!(pull.pointers, vec![(ALIAS.to_string(), "3".to_string())]);
    }

    #[test]
    fn a_pointer_moved_on_both_sides_takes_the_remote_value_and_reports_both() {
        let local: Local = [(ALIAS.to_string(), b"2".to_vec())].into();
        let remote = vec![entry(ALIAS, Class::Pointer, "3")];
        let seen: Seen = [(ALIAS.to_string(), "1".to_string())].into();
        let pull = plan_pull(&local, &remote, &seen, &[]).unwrap();
        assert_eq!(pull.pointers, vec![(ALIAS.to_string(), "3".to_string())]);
        assert_eq!(pull.conflicts[0].local.as_deref(), Some("2"));
        assert_eq!(pull.conflicts[0].remote.as_deref(), Some("3"));
        assert_eq!(pull.conflicts[0].remote_by.as_deref(), Some("bob"));
    }

    #[test]
    fn a_record_that_differs_on_the_remote_stops_the_push() {
        let key = "registry/models/m/versions/0000000002";
        let local: Local = [(key.to_string(), b"{\"v\":\"mine\"}".to_vec())].into();
        let remote = vec![entry(key, Class::Record, "{\"v\":\"theirs\"}")];
        let err = plan_push(&local, &remote, &Seen::new(), &[]).unwrap_err();
        assert!(matches!(err, SyncError::Conflict(ref c) if c[0].key == key), "{err}");
    }

    #[test]
    fn a_remote_record_that_does_not_match_its_hash_is_refused() {
        let mut e = entry("registry/runs/r1", Class::Record, "{}");
        e.value = Some("{\"tampered\":1}".into());
        let err = plan_pull(&Local::new(), &[e], &Seen::new(), &[]).unwrap_err();
        assert!(matches!(err, SyncError::Corrupt { .. }), "{err}");
    }

    #[test]
    fn refs_limit_the_pointers_and_unknown_refs_are_named() {
        let local: Local =
            [(ALIAS.to_string(), b"2".to_vec()), ("data/tags/data-v1.0.0".into(), b"x".to_vec())].into();
        let plan = plan_push(&local, &[], &Seen::new(), &["m@champion".into()]).unwrap();
        let keys: Vec<&str> = plan.commit.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, vec![ALIAS]);
        let err = plan_push(&local, &[], &Seen::new(), &["nope".into()]).unwrap_err();
        assert_eq!(err, SyncError::UnknownRef("nope".into()));
    }
}
