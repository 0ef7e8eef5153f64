//! The filesystem [`Store`]: one file per key under `.hearth/store/`, and a redo journal that makes
//! every batch atomic across crashes.
//!
//! A commit (1) writes each new value to a temporary file and fsyncs it, (2) writes the list of
//! renames and deletes as `journal` (temp + fsync + rename, the commit point), (3) applies it and
//! (4) removes the journal. A crash before (2) leaves only garbage temp files and the previous state;
//! a crash after (2) is rolled forward by the next operation. One exclusive file lock serialises
//! processes, so two `hearth` commands cannot interleave their batches.

use hearth_core::store::{Batch, Op, Store, StoreError};
use serde::{Deserialize, Serialize};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Values are stored as `<encoded key>~`, so `a/b` (a file) and `a/b/c` (inside a folder) coexist.
const VALUE_SUFFIX: char = '~';

/// A [`Store`] in a folder.
#[derive(Debug, Clone)]
pub struct FsStore {
    root: PathBuf,
}

/// The commit point: what to apply, recorded before anything visible changes.
#[derive(Debug, Serialize, Deserialize)]
struct Journal {
    /// `(temporary file name, destination key)` renames, in batch order.
    puts: Vec<(String, String)>,
    /// Keys to delete, in batch order, interleaved by `order`.
    deletes: Vec<String>,
    /// For each op in batch order: `true` = next put, `false` = next delete.
    order: Vec<bool>,
}

impl FsStore {
    /// Opens (creating if needed) a store rooted at `root`.
    pub fn open(root: impl Into<PathBuf>) -> io::Result<Self> {
        let root = root.into();
        fs::create_dir_all(root.join("values"))?;
        fs::create_dir_all(root.join("tmp"))?;
        Ok(Self { root })
    }

    fn lock(&self) -> Result<File, StoreError> {
        let f = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(self.root.join("LOCK"))
            .map_err(backend("open the lock file"))?;
        f.lock().map_err(backend("lock the store"))?;
        self.recover()?;
        Ok(f)
    }

    /// Rolls forward a journal left by an interrupted commit, then clears stray temp files.
    fn recover(&self) -> Result<(), StoreError> {
        let journal_path = self.root.join("journal");
        match fs::read(&journal_path) {
            Ok(bytes) => {
                let journal: Journal = serde_json::from_slice(&bytes)
                    .map_err(|e| StoreError::Backend(format!("store journal is unreadable: {e}")))?;
                self.apply(&journal)?;
                fs::remove_file(&journal_path).map_err(backend("remove the journal"))?;
                sync_dir(&self.root)?;
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(StoreError::Backend(format!("cannot read the store journal: {e}"))),
        }
        let tmp = self.root.join("tmp");
        for entry in fs::read_dir(&tmp).map_err(backend("list temp files"))? {
            let entry = entry.map_err(backend("list temp files"))?;
            let _ = fs::remove_file(entry.path());
        }
        Ok(())
    }

    fn apply(&self, journal: &Journal) -> Result<(), StoreError> {
        let (mut puts, mut deletes) = (journal.puts.iter(), journal.deletes.iter());
        let mut dirs = Vec::new();
        for &is_put in &journal.order {
            if is_put {
                let (tmp, key) =
                    puts.next().ok_or_else(|| StoreError::Backend("journal is inconsistent".into()))?;
                let dest = self.value_path(key)?;
                let parent = dest.parent().expect("value paths have a parent").to_path_buf();
                fs::create_dir_all(&parent).map_err(backend("create a key folder"))?;
                let src = self.root.join("tmp").join(tmp);
                // Already renamed by an earlier, interrupted apply: nothing left to do for this key.
                if src.exists() {
                    fs::rename(&src, &dest).map_err(backend("move a value into place"))?;
                }
                dirs.push(parent);
            } else {
                let key =
                    deletes.next().ok_or_else(|| StoreError::Backend("journal is inconsistent".into()))?;
                let path = self.value_path(key)?;
                match fs::remove_file(&path) {
                    Ok(()) => dirs.push(path.parent().expect("value paths have a parent").to_path_buf()),
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                    Err(e) => return Err(StoreError::Backend(format!("cannot delete `{key}`: {e}"))),
                }
            }
        }
        dirs.sort();
        dirs.dedup();
        for d in dirs {
            sync_dir(&d)?;
        }
        Ok(())
    }

    fn value_path(&self, key: &str) -> Result<PathBuf, StoreError> {
        if key.is_empty() || key.split('/').any(str::is_empty) {
            return Err(StoreError::Backend(format!("invalid store key `{key}`")));
        }
        let mut p = self.root.join("values");
        let segments: Vec<&str> = key.split('/').collect();
        for (i, seg) in segments.iter().enumerate() {
            let mut enc = encode_segment(seg);
            if i + 1 == segments.len() {
                enc.push(VALUE_SUFFIX);
            }
            p.push(enc);
        }
        Ok(p)
    }

    fn read(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        match fs::read(self.value_path(key)?) {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(StoreError::Backend(format!("cannot read `{key}`: {e}"))),
        }
    }

    fn commit_locked(&self, batch: Batch) -> Result<(), StoreError> {
        for e in &batch.expect {
            let current = self.read(&e.key)?;
            if current != e.expected {
                return Err(StoreError::Conflict { key: e.key.clone(), current });
            }
        }
        let mut journal = Journal { puts: Vec::new(), deletes: Vec::new(), order: Vec::new() };
        for (i, op) in batch.ops.into_iter().enumerate() {
            match op {
                Op::Put { key, value } => {
                    self.value_path(&key)?;
                    let name = format!("{i}");
                    write_synced(&self.root.join("tmp").join(&name), &value)?;
                    journal.puts.push((name, key));
                    journal.order.push(true);
                }
                Op::Delete { key } => {
                    self.value_path(&key)?;
                    journal.deletes.push(key);
                    journal.order.push(false);
                }
            }
        }
        sync_dir(&self.root.join("tmp"))?;
        let bytes = serde_json::to_vec(&journal).expect("journal serialises");
        write_synced(&self.root.join("journal.tmp"), &bytes)?;
        fs::rename(self.root.join("journal.tmp"), self.root.join("journal"))
            .map_err(backend("commit the journal"))?;
        sync_dir(&self.root)?;
        self.recover()
    }
}

impl Store for FsStore {
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let _lock = self.lock()?;
        self.read(key)
    }

    async fn list(&self, prefix: &str) -> Result<Vec<String>, StoreError> {
        let _lock = self.lock()?;
        let mut keys = Vec::new();
        collect_keys(&self.root.join("values"), "", &mut keys)?;
        keys.retain(|k| k.starts_with(prefix));
        keys.sort();
        Ok(keys)
    }

    async fn commit(&self, batch: Batch) -> Result<(), StoreError> {
        let _lock = self.lock()?;
        self.commit_locked(batch)
    }
}

fn collect_keys(dir: &Path, prefix: &str, out: &mut Vec<String>) -> Result<(), StoreError> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(StoreError::Backend(format!("cannot list {}: {e}", dir.display()))),
    };
    for entry in entries {
        let entry = entry.map_err(backend("list keys"))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let file_type = entry.file_type().map_err(backend("list keys"))?;
        if file_type.is_dir() {
            collect_keys(&entry.path(), &format!("{prefix}{}/", decode_segment(&name)), out)?;
        } else if let Some(stem) = name.strip_suffix(VALUE_SUFFIX) {
            out.push(format!("{prefix}{}", decode_segment(stem)));
        }
    }
    Ok(())
}

/// Keeps file names portable: anything but `[A-Za-z0-9._-@+=]` (and a leading dot) becomes `%XX`.
fn encode_segment(seg: &str) -> String {
    let mut s = String::with_capacity(seg.len());
    for (i, b) in seg.bytes().enumerate() {
        let plain = b.is_ascii_alphanumeric()
            || matches!(b, b'_' | b'-' | b'@' | b'+' | b'=')
            || (b == b'.' && i > 0);
        if plain {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

fn decode_segment(seg: &str) -> String {
    let bytes = seg.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 3 <= bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let mut f = File::create(path).map_err(|e| map_io(e, "write a value"))?;
    f.write_all(bytes).map_err(|e| map_io(e, "write a value"))?;
    f.sync_all().map_err(|e| map_io(e, "flush a value to disk"))
}

fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    File::open(dir).and_then(|d| d.sync_all()).map_err(backend("flush a folder to disk"))
}

fn map_io(e: io::Error, what: &str) -> StoreError {
    if e.kind() == io::ErrorKind::StorageFull || e.kind() == io::ErrorKind::QuotaExceeded {
        StoreError::QuotaExceeded(format!("cannot {what}: {e}"))
    } else {
        StoreError::Backend(format!("cannot {what}: {e}"))
    }
}

fn backend(what: &'static str) -> impl Fn(io::Error) -> StoreError {
    move |e| map_io(e, what)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::block_on::block_on;

    fn store() -> (tempfile::TempDir, FsStore) {
        let dir = tempfile::tempdir().unwrap();
        let s = FsStore::open(dir.path().join("store")).unwrap();
        (dir, s)
    }

    #[test]
    fn a_value_and_a_folder_of_the_same_name_coexist() {
        let (_d, s) = store();
        block_on(s.commit(Batch::new().put("a/b", b"1".to_vec()).put("a/b/c", b"2".to_vec()))).unwrap();
        assert_eq!(block_on(s.get("a/b")).unwrap(), Some(b"1".to_vec()));
        assert_eq!(block_on(s.get("a/b/c")).unwrap(), Some(b"2".to_vec()));
        assert_eq!(block_on(s.list("a/")).unwrap(), vec!["a/b".to_string(), "a/b/c".to_string()]);
    }

    #[test]
    fn odd_key_characters_round_trip_through_file_names() {
        let (_d, s) = store();
        let key = "tags/.data v1:0~%x";
        block_on(s.commit(Batch::new().put(key, b"x".to_vec()))).unwrap();
        assert_eq!(block_on(s.list("tags/")).unwrap(), vec![key.to_string()]);
        assert_eq!(block_on(s.get(key)).unwrap(), Some(b"x".to_vec()));
    }

    #[test]
    fn failed_precondition_writes_nothing() {
        let (_d, s) = store();
        block_on(s.commit(Batch::new().put("p", b"1".to_vec()))).unwrap();
        let err = block_on(s.commit(Batch::new().expect("p", None).put("q", b"2".to_vec()))).unwrap_err();
        assert_eq!(err, StoreError::Conflict { key: "p".into(), current: Some(b"1".to_vec()) });
        assert_eq!(block_on(s.get("q")).unwrap(), None);
    }

    #[test]
    fn deletes_apply_in_batch_order() {
        let (_d, s) = store();
        block_on(s.commit(Batch::new().put("k", b"1".to_vec()).delete("k").put("m", b"2".to_vec()))).unwrap();
        assert_eq!(block_on(s.get("k")).unwrap(), None);
        block_on(s.commit(Batch::new().delete("m").put("m", b"3".to_vec()))).unwrap();
        assert_eq!(block_on(s.get("m")).unwrap(), Some(b"3".to_vec()));
    }

    /// A crash after the journal is written but before it is applied: the next reader rolls the
    /// whole batch forward.
    #[test]
    fn a_commit_interrupted_after_its_journal_is_rolled_forward() {
        let (_d, s) = store();
        block_on(s.commit(Batch::new().put("old", b"0".to_vec()))).unwrap();
        write_synced(&s.root.join("tmp").join("0"), b"new").unwrap();
        let journal = Journal {
            puts: vec![("0".into(), "a/new".into())],
            deletes: vec!["old".into()],
            order: vec![true, false],
        };
        fs::write(s.root.join("journal"), serde_json::to_vec(&journal).unwrap()).unwrap();
        assert_eq!(block_on(s.get("a/new")).unwrap(), Some(b"new".to_vec()));
        assert_eq!(block_on(s.get("old")).unwrap(), None);
        assert!(!s.root.join("journal").exists());
    }

    /// A crash before the journal exists: temp files are discarded and the previous state is intact.
    #[test]
    fn a_commit_interrupted_before_its_journal_leaves_the_previous_state() {
        let (_d, s) = store();
        block_on(s.commit(Batch::new().put("k", b"before".to_vec()))).unwrap();
        write_synced(&s.root.join("tmp").join("0"), b"after").unwrap();
        fs::write(s.root.join("journal.tmp"), b"{\"puts\":[[\"0\",\"k\"]]").unwrap();
        assert_eq!(block_on(s.get("k")).unwrap(), Some(b"before".to_vec()));
        assert_eq!(fs::read_dir(s.root.join("tmp")).unwrap().count(), 0);
    }
}
