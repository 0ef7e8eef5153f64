//! The sync drivers: a [`Store`] on one side, a [`RemoteTransport`] on the other. Objects always
//! land before the metadata that names them (on the remote: uploads, then one atomic commit; here:
//! one batch of verified objects, then one batch of records and pointers), so an interruption at
//! any point leaves nothing half-written visible, and the next run skips what already arrived.

use super::classify::{classify, object_hash, Class};
use super::plan::{plan_pull, plan_push, selected, Local, Seen};
use super::{Conflict, Progress, RemoteEntry, RemoteTransport, SyncError};
use crate::registry::canonical::sha256_hex;
use crate::store::{Batch, Store};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Prefix of the workspace's own remote state (configuration, pointers last seen); never synced.
pub const LOCAL_PREFIX: &str = "remote/";

/// Key holding the value of pointer `key` last seen on remote `remote` (the compare-and-swap base).
pub fn seen_key(remote: &str, key: &str) -> String {
    format!("{LOCAL_PREFIX}{remote}/seen/{key}")
}

/// What a push did.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushReport {
    /// Objects uploaded.
    pub objects_sent: usize,
    /// Their bytes.
    pub bytes_sent: u64,
    /// Objects the remote's storage already held (e.g. uploaded by an interrupted push).
    pub objects_skipped: usize,
    /// Records committed.
    pub records: usize,
    /// Pointers moved on the remote.
    pub pointers: usize,
}

/// What a pull or fetch did.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct PullReport {
    /// Objects downloaded (each verified by hash).
    pub objects_received: usize,
    /// Their bytes.
    pub bytes_received: u64,
    /// Records written.
    pub records: usize,
    /// Pointers moved here.
    pub pointers: usize,
    /// Pointers changed on both sides: now the remote's value; `local` is what was replaced.
    pub replaced: Vec<Conflict>,
}

/// One pointer that differs between the workspace and the remote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PointerStatus {
    /// Store key.
    pub key: String,
    /// Value here.
    pub local: Option<String>,
    /// Value on the remote.
    pub remote: Option<String>,
    /// `ahead` (push moves it), `behind` (pull moves it) or `diverged` (conflict).
    pub state: String,
}

/// Workspace vs remote, without changing either.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusReport {
    /// Objects a push would consider (not committed on the remote).
    pub objects_to_push: usize,
    /// Their bytes.
    pub bytes_to_push: u64,
    /// Records a push would commit.
    pub records_to_push: usize,
    /// Objects a pull would download.
    pub objects_to_pull: usize,
    /// Records a pull would write.
    pub records_to_pull: usize,
    /// Pointers that differ.
    pub pointers: Vec<PointerStatus>,
}

/// Pushes the workspace to `remote`: missing objects, then one commit of records and pointers.
/// `progress` hears the plan (objects and bytes to upload), then about each uploaded object.
pub async fn push<S: Store, T: RemoteTransport>(
    store: &S,
    transport: &T,
    remote: &str,
    refs: &[String],
    progress: &mut dyn FnMut(&Progress),
) -> Result<PushReport, SyncError> {
    let local = load_local(store).await?;
    let seen = load_seen(store, remote).await?;
    let entries = transport.entries().await?;
    let plan = plan_push(&local, &entries, &seen, refs)?;
    let hashes: Vec<String> =
        plan.objects.iter().map(|k| object_hash(k).expect("object key").to_string()).collect();
    let missing: BTreeSet<String> = if hashes.is_empty() {
        BTreeSet::new()
    } else {
        transport.missing(&hashes).await?.into_iter().collect()
    };
    let mut report = PushReport::default();
    let to_send: Vec<(&String, &String)> =
        plan.objects.iter().zip(&hashes).filter(|(_, h)| missing.contains(*h)).collect();
    report.objects_skipped = plan.objects.len() - to_send.len();
    let bytes_total = to_send.iter().map(|(k, _)| local[*k].len() as u64).sum();
    let mut tick = Progress {
        key: None,
        objects_done: 0,
        objects_total: to_send.len(),
        bytes_done: 0,
        bytes_total: Some(bytes_total),
    };
    progress(&tick);
    for (key, hash) in to_send {
        let bytes = &local[key];
        transport.put_object(hash, bytes).await?;
        report.objects_sent += 1;
        report.bytes_sent += bytes.len() as u64;
        tick = Progress {
            key: Some(key),
            objects_done: report.objects_sent,
            bytes_done: report.bytes_sent,
            ..tick
        };
        progress(&tick);
    }
    if !plan.commit.is_empty() {
        transport.commit(&plan.commit).await?;
    }
    report.records = plan.commit.iter().filter(|c| c.class == Class::Record).count();
    report.pointers = plan.commit.iter().filter(|c| c.class == Class::Pointer).count();
    // Every pointer now equal on both sides becomes the new base.
    let mut batch = Batch::new();
    for (key, value) in &local {
        if classify(key) != Some(Class::Pointer) {
            continue;
        }
        let now_remote = plan.commit.iter().any(|c| &c.key == key)
            || entries.iter().any(|e| &e.key == key && e.value.as_deref().map(str::as_bytes) == Some(value));
        if now_remote && seen.get(key).map(String::as_bytes) != Some(value) {
            batch = batch.put(seen_key(remote, key), value.clone());
        }
    }
    if !batch.ops.is_empty() {
        store.commit(batch).await?;
    }
    Ok(report)
}

/// Pulls from `remote`: missing objects (verified) then records and the pointers that moved there.
/// Pointers changed on both sides take the remote's value and are reported in `replaced`.
pub async fn pull<S: Store, T: RemoteTransport>(
    store: &S,
    transport: &T,
    remote: &str,
    refs: &[String],
    progress: &mut dyn FnMut(&Progress),
) -> Result<PullReport, SyncError> {
    receive(store, transport, remote, refs, true, progress).await
}

/// Downloads missing objects and records from `remote` without moving any pointer here.
pub async fn fetch<S: Store, T: RemoteTransport>(
    store: &S,
    transport: &T,
    remote: &str,
    progress: &mut dyn FnMut(&Progress),
) -> Result<PullReport, SyncError> {
    receive(store, transport, remote, &[], false, progress).await
}

async fn receive<S: Store, T: RemoteTransport>(
    store: &S,
    transport: &T,
    remote: &str,
    refs: &[String],
    move_pointers: bool,
    progress: &mut dyn FnMut(&Progress),
) -> Result<PullReport, SyncError> {
    let local = load_local(store).await?;
    let seen = load_seen(store, remote).await?;
    let entries = transport.entries().await?;
    let plan = plan_pull(&local, &entries, &seen, refs)?;
    let mut report = PullReport::default();
    let mut objects = Batch::new();
    let mut tick = Progress {
        key: None,
        objects_done: 0,
        objects_total: plan.objects.len(),
        bytes_done: 0,
        bytes_total: None,
    };
    progress(&tick);
    for (hash, key) in &plan.objects {
        let bytes = transport.get_object(hash).await?;
        let actual = sha256_hex(&bytes);
        if &actual != hash {
            return Err(SyncError::Corrupt { key: key.clone(), expected: hash.clone(), actual });
        }
        report.objects_received += 1;
        report.bytes_received += bytes.len() as u64;
        tick = Progress {
            key: Some(key),
            objects_done: report.objects_received,
            bytes_done: report.bytes_received,
            ..tick
        };
        progress(&tick);
        objects = objects.put(key.clone(), bytes);
    }
    if !objects.ops.is_empty() {
        store.commit(objects).await?;
    }
    let mut meta = Batch::new();
    for (key, value) in &plan.records {
        meta = meta.put(key.clone(), value.clone().into_bytes());
    }
    report.records = plan.records.len();
    if move_pointers {
        for (key, value) in &plan.pointers {
            meta =
                meta.put(key.clone(), value.clone().into_bytes()).put(seen_key(remote, key), value.clone());
        }
        report.pointers = plan.pointers.len();
        report.replaced = plan.conflicts;
        // Pointers already equal on both sides become the base too.
        for e in entries.iter().filter(|e| e.class == Class::Pointer && selected(&e.key, refs)) {
            let same = local.get(&e.key).map(Vec::as_slice) == e.value.as_deref().map(str::as_bytes);
            if same && seen.get(&e.key) != e.value.as_ref() {
                meta = meta.put(seen_key(remote, &e.key), e.value.clone().unwrap_or_default());
            }
        }
    }
    if !meta.ops.is_empty() {
        store.commit(meta).await?;
    }
    Ok(report)
}

/// Compares the workspace with `remote` without transferring anything but the listing.
pub async fn status<S: Store, T: RemoteTransport>(
    store: &S,
    transport: &T,
    remote: &str,
) -> Result<StatusReport, SyncError> {
    let local = load_local(store).await?;
    let seen = load_seen(store, remote).await?;
    let entries = transport.entries().await?;
    let push = plan_push(&local, &entries, &seen, &[]).unwrap_or_default();
    let pull = plan_pull(&local, &entries, &seen, &[])?;
    let mut report = StatusReport {
        objects_to_push: push.objects.len(),
        bytes_to_push: push.objects.iter().map(|k| local[k].len() as u64).sum(),
        records_to_push: push.commit.iter().filter(|c| c.class == Class::Record).count(),
        objects_to_pull: pull.objects.len(),
        records_to_pull: pull.records.len(),
        pointers: Vec::new(),
    };
    let remote_value = |key: &str| entries.iter().find(|e| e.key == key).and_then(|e| e.value.clone());
    for c in push.commit.iter().filter(|c| c.class == Class::Pointer) {
        report.pointers.push(PointerStatus {
            key: c.key.clone(),
            local: c.value.clone(),
            remote: remote_value(&c.key),
            state: if pull.conflicts.iter().any(|x| x.key == c.key) { "diverged" } else { "ahead" }.into(),
        });
    }
    for (key, value) in pull.pointers.iter().filter(|(k, _)| !pull.conflicts.iter().any(|c| &c.key == k)) {
        report.pointers.push(PointerStatus {
            key: key.clone(),
            local: local.get(key).map(|v| String::from_utf8_lossy(v).into_owned()),
            remote: Some(value.clone()),
            state: "behind".into(),
        });
    }
    Ok(report)
}

/// Every synced key of the workspace with its value.
async fn load_local<S: Store>(store: &S) -> Result<Local, SyncError> {
    let mut local = Local::new();
    for key in store.list("").await? {
        if classify(&key).is_none() {
            continue;
        }
        if let Some(value) = store.get(&key).await? {
            local.insert(key, value);
        }
    }
    Ok(local)
}

async fn load_seen<S: Store>(store: &S, remote: &str) -> Result<Seen, SyncError> {
    let prefix = seen_key(remote, "");
    let mut seen = Seen::new();
    for key in store.list(&prefix).await? {
        if let Some(value) = store.get(&key).await? {
            seen.insert(key[prefix.len()..].to_string(), String::from_utf8_lossy(&value).into_owned());
        }
    }
    Ok(seen)
}

/// Entries of `remote` by key, for callers that show them.
pub fn by_key(entries: &[RemoteEntry]) -> std::collections::BTreeMap<&str, &RemoteEntry> {
    entries.iter().map(|e| (e.key.as_str(), e)).collect()
}
