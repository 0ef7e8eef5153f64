//! S3-compatible object storage as a team remote: the CLI's second [`RemoteTransport`].
//!
//! Layout under the remote's prefix:
//! - `objects/<sha256>`: content-addressed bytes, as in the worker's R2 bucket. Uploads carry
//!   `x-amz-checksum-sha256` so that AWS, MinIO and R2 themselves refuse bytes that do not hash to
//!   the address (moto 5.2 stores the header without checking it, so there the download check in
//!   `hearth_core::sync` is what catches corruption; it runs on every remote). They also carry
//!   `If-None-Match: *`: an address is never rewritten, and a second upload answers 412, which
//!   means "already there".
//! - `meta.json`: every committed record, pointer and object entry in one
//!   [`Manifest`] document. S3 has no multi-object transaction, so the commit is a compare-and-swap
//!   of this one object: read it with its ETag, judge the commit with the worker's rules (a
//!   conflict names the current values and writes nothing), write it back with `If-Match: ETAG`
//!   (`If-None-Match: *` while absent). A 412 means another commit landed in between: re-read and
//!   judge again, so of two concurrent promotions one wins and the other gets a clear conflict.
//!   Objects are uploaded before the manifest names them, so nothing half-written is ever visible.
//!
//! Conditional writes are honoured by AWS S3 (since 2024), MinIO, R2 and moto. Entries record the
//! access key id as their writer and the client's clock as their time (S3 has no server-side
//! notion of either that a single PUT could fill in).

use super::client::{Client, Failure};
use hearth_core::sync::manifest::Manifest;
use hearth_core::sync::{Class, CommitEntry, RemoteEntry, RemoteTransport, SyncError};
use std::collections::BTreeSet;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How many times a commit re-reads the manifest after losing a race before giving up.
const COMMIT_TRIES: u32 = 8;

/// An S3 remote: a bucket, a key prefix, a signing identity.
pub struct S3Remote {
    client: Client,
    prefix: String,
    /// Recorded as `updated_by` (the access key id).
    who: String,
}

impl S3Remote {
    /// The remote at `prefix` (empty or ending in `/`) of `client`'s bucket.
    pub fn new(client: Client, prefix: String, who: String) -> S3Remote {
        S3Remote { client, prefix, who }
    }

    fn object_key(&self, hash: &str) -> String {
        format!("{}objects/{hash}", self.prefix)
    }

    fn manifest_key(&self) -> String {
        format!("{}meta.json", self.prefix)
    }

    /// The manifest and its ETag; an empty manifest and `None` when there is none yet.
    fn read_manifest(&self) -> Result<(Manifest, Option<String>), SyncError> {
        let key = self.manifest_key();
        match self.client.send("GET", &key, &[], &[], &[]) {
            Ok(reply) => {
                let manifest =
                    Manifest::from_json(&reply.body).map_err(|e| SyncError::Remote(format!("{key}: {e}")))?;
                let etag = reply
                    .etag
                    .ok_or_else(|| SyncError::Remote(format!("GET {key} answered without an ETag")))?;
                Ok((manifest, Some(etag)))
            }
            Err(f) if is_no_such_key(&f) => Ok((Manifest::default(), None)),
            Err(f) => Err(self.failure(f, "GET", &key)),
        }
    }

    /// Addresses stored under `objects/`.
    fn stored(&self) -> Result<BTreeSet<String>, SyncError> {
        let dir = format!("{}objects/", self.prefix);
        let keys = self.client.list(&dir).map_err(|f| self.failure(f, "LIST", &dir))?;
        Ok(keys.into_iter().filter_map(|k| k.strip_prefix(&dir).map(str::to_string)).collect())
    }

    fn failure(&self, f: Failure, method: &str, key: &str) -> SyncError {
        if let Failure::Status { status: 404, code, .. } = &f {
            if code == "NoSuchBucket" {
                return SyncError::Remote(format!("bucket `{}` does not exist", self.client.bucket()));
            }
        }
        f.into_sync(&format!("{method} s3://{}/{key}", self.client.bucket()))
    }
}

/// 404 for a key, not for the bucket.
fn is_no_such_key(f: &Failure) -> bool {
    matches!(f, Failure::Status { status: 404, code, .. } if code != "NoSuchBucket")
}

/// A conditional write lost a race: 412 Precondition Failed, or AWS's 409 ConditionalRequestConflict
/// (two conditional writes to one key in flight at once).
fn lost_race(f: &Failure) -> bool {
    f.is(412)
        || matches!(f, Failure::Status { status: 409, code, .. } if code == "ConditionalRequestConflict")
}

impl RemoteTransport for S3Remote {
    async fn entries(&self) -> Result<Vec<RemoteEntry>, SyncError> {
        Ok(self.read_manifest()?.0.entries())
    }

    async fn missing(&self, hashes: &[String]) -> Result<Vec<String>, SyncError> {
        // One listing (a request per 1000 keys) instead of a HEAD per hash.
        let stored = self.stored()?;
        Ok(hashes.iter().filter(|h| !stored.contains(*h)).cloned().collect())
    }

    async fn get_object(&self, hash: &str) -> Result<Vec<u8>, SyncError> {
        let key = self.object_key(hash);
        match self.client.send("GET", &key, &[], &[], &[]) {
            Ok(reply) => Ok(reply.body),
            Err(f) if is_no_such_key(&f) => {
                Err(SyncError::Remote(format!("object {hash} is named in the manifest but not stored")))
            }
            Err(f) => Err(self.failure(f, "GET", &key)),
        }
    }

    async fn put_object(&self, hash: &str, bytes: &[u8]) -> Result<(), SyncError> {
        let key = self.object_key(hash);
        let digest = hex::decode(hash).map_err(|_| SyncError::Remote(format!("`{hash}` is not a sha256")))?;
        let checksum = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, digest);
        let headers = [
            ("content-type", "application/octet-stream"),
            ("if-none-match", "*"),
            ("x-amz-checksum-sha256", checksum.as_str()),
        ];
        match self.client.send("PUT", &key, &[], &headers, bytes) {
            Ok(_) => Ok(()),
            Err(f) if lost_race(&f) => Ok(()), // already stored (the address is the content)
            Err(Failure::Status { status: 400, code, message })
                if code.contains("Digest") || code.contains("Checksum") =>
            {
                Err(SyncError::Remote(format!(
                    "the bucket refused object {hash}: its bytes do not hash to it ({code}: {message})"
                )))
            }
            Err(f) => Err(self.failure(f, "PUT", &key)),
        }
    }

    async fn commit(&self, entries: &[CommitEntry]) -> Result<(), SyncError> {
        // Objects are never deleted, so their presence is checked once, before the loop.
        let objects: Vec<&CommitEntry> = entries.iter().filter(|e| e.class == Class::Object).collect();
        if !objects.is_empty() {
            let stored = self.stored()?;
            if let Some((i, e)) = entries
                .iter()
                .enumerate()
                .find(|(_, e)| e.class == Class::Object && !stored.contains(&e.hash))
            {
                return Err(SyncError::Remote(format!(
                    "the remote refused the commit: entries[{i}] (`{}`): object {} was not uploaded first",
                    e.key, e.hash
                )));
            }
        }
        let key = self.manifest_key();
        for attempt in 0..COMMIT_TRIES {
            let (current, etag) = self.read_manifest()?;
            let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0);
            let mut next = current.clone();
            next.apply(entries, &self.who, now)?;
            if next == current {
                return Ok(()); // everything was already committed
            }
            let condition = match &etag {
                Some(etag) => ("if-match", etag.as_str()),
                None => ("if-none-match", "*"),
            };
            let headers = [("content-type", "application/json"), condition];
            match self.client.send_once("PUT", &key, &[], &headers, &next.to_json()) {
                Ok(_) => return Ok(()),
                Err(f) if lost_race(&f) || (etag.is_some() && is_no_such_key(&f)) => {
                    // Someone committed in between: back off a little, then judge again.
                    std::thread::sleep(Duration::from_millis(20 << attempt.min(5)));
                }
                Err(f) => return Err(self.failure(f, "PUT", &key)),
            }
        }
        Err(SyncError::Remote(format!(
            "{key} changed under every one of {COMMIT_TRIES} commit attempts; nothing was written, try again"
        )))
    }
}
