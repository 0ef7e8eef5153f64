//! [`DatasetRepo`]: dataset versions over any [`Store`] — import, resolve, list, load, diff.
//!
//! An import is ONE atomic batch: the blob (only if its content is new), the immutable record, the
//! tag pointer and the `latest`/`previous` pointers, guarded by compare-and-swap on `latest`. Two
//! imports racing each other cannot both win: the loser re-reads the pointers and tries again, so
//! no update is lost and the tags stay a gap-free sequence. A failed import (bad CSV, taken tag,
//! storage error) has written nothing.

use super::diff::{diff_tables, DatasetDiff};
use super::record::{DatasetVersion, Reading, SourceBytes};
use super::{keys, resolve_prefix, RefError, Sha256Digest, Tag, VersionId, VersionRef};
use crate::data::{read_csv, read_csv_profile, Dataset, ImportReport, IngestError, ProfiledCsv, ReadOptions};
use crate::store::{Batch, Store, StoreError};

/// How many times an import re-plans after losing a race on `latest` before giving up.
const MAX_ATTEMPTS: usize = 16;

/// What the caller says about a new version besides its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewVersion {
    /// Why this version exists.
    pub message: String,
    /// A tag instead of the next automatic `data-vX.Y.Z`.
    pub tag: Option<Tag>,
    /// Import time, Unix milliseconds (core reads no clock).
    pub created_at_ms: u64,
}

/// The result of an import.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportOutcome {
    /// The version the bytes are (new or already present).
    pub version: DatasetVersion,
    /// False when exactly this version existed already and nothing was written.
    pub created: bool,
    /// What this read of the file found (for a re-import, the same as the stored report but for
    /// the file name).
    pub report: ImportReport,
}

/// Why a repository operation failed. Nothing was written in any case.
#[derive(Debug, thiserror::Error)]
pub enum RepoError {
    /// The bytes are not an importable table.
    #[error(transparent)]
    Ingest(#[from] IngestError),
    /// A ref names no single version.
    #[error(transparent)]
    Ref(#[from] RefError),
    /// The requested tag already names another version.
    #[error("tag `{tag}` already names version {} ; choose another tag", .existing.short())]
    TagTaken {
        /// The tag.
        tag: Tag,
        /// The version it names.
        existing: VersionId,
    },
    /// The bytes are an existing version that has another tag; records are immutable.
    #[error("these bytes are already version {} tagged `{existing_tag}`; a version keeps the tag it was imported with", .id.short())]
    AlreadyTagged {
        /// The existing version.
        id: VersionId,
        /// Its tag.
        existing_tag: Tag,
    },
    /// Other imports kept winning the race on `latest`.
    #[error("gave up after {MAX_ATTEMPTS} attempts: other imports kept moving `latest`; try again")]
    Contended,
    /// The storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Stored data is unreadable or inconsistent.
    #[error("the dataset store is corrupt: {0}")]
    Corrupt(String),
}

/// Dataset versions kept in a [`Store`] under the `data/` keys (see [`keys`]).
#[derive(Debug)]
pub struct DatasetRepo<'s, S: Store> {
    store: &'s S,
}

impl<'s, S: Store> DatasetRepo<'s, S> {
    /// A repository over `store`.
    pub fn new(store: &'s S) -> Self {
        Self { store }
    }

    /// Validates, profiles and versions `bytes`. The same bytes read the same way give the same id;
    /// importing them again returns the existing version and writes nothing. The batch copies the
    /// bytes (a lost race re-plans and needs them again, and `Store::commit` consumes its batch).
    pub async fn import(
        &self,
        bytes: &[u8],
        options: &ReadOptions,
        new: NewVersion,
    ) -> Result<ImportOutcome, RepoError> {
        // Hashing and parsing both read every byte; do them side by side where threads exist. The
        // table is not stored (the bytes are), so the read keeps only what the profile needs.
        let (read, sha256) =
            crate::parallel::join(|| read_csv_profile(bytes, options), || Sha256Digest::of(bytes));
        let ProfiledCsv { schema, report, profile } = read?;
        let reading = Reading {
            delimiter: report.delimiter,
            target: schema.target.clone(),
            canonicalisation: options.canonicalisation.clone(),
        };
        let id = VersionId::compute(&sha256, &reading.canonical_bytes());
        let mut profile = Some(profile);
        let (n_rows, n_cols) = (report.rows, report.columns);
        for _ in 0..MAX_ATTEMPTS {
            if let Some(existing) = self.version(&id).await? {
                if let Some(tag) = new.tag.as_ref().filter(|t| **t != existing.tag) {
                    return match self.tag_target(tag).await? {
                        Some(other) if other != id => {
                            Err(RepoError::TagTaken { tag: tag.clone(), existing: other })
                        }
                        _ => Err(RepoError::AlreadyTagged { id, existing_tag: existing.tag }),
                    };
                }
                return Ok(ImportOutcome { version: existing, created: false, report });
            }
            let latest_raw = self.store.get(keys::LATEST).await?;
            let parent = latest_raw.as_deref().map(parse_id).transpose()?;
            let tag = match &new.tag {
                Some(t) => {
                    if let Some(other) = self.tag_target(t).await? {
                        return Err(RepoError::TagTaken { tag: t.clone(), existing: other });
                    }
                    t.clone()
                }
                None => Tag::next_auto(&self.tags().await?),
            };
            let record = DatasetVersion {
                id,
                parent,
                tag: tag.clone(),
                message: new.message.clone(),
                created_at_ms: new.created_at_ms,
                source: SourceBytes { name: report.source_name.clone(), sha256, size: bytes.len() as u64 },
                reading: reading.clone(),
                n_rows,
                n_cols,
                target: schema.target.clone(),
                schema: schema.clone(),
                profile: profile.take().expect("profile kept until a commit attempt"),
                report: report.clone(),
            };
            let id_hex = id.to_hex().into_bytes();
            let mut batch = Batch::new()
                .expect(keys::version(&id), None)
                .expect(keys::tag(&tag), None)
                .expect(keys::LATEST, latest_raw.clone());
            let blob_key = keys::blob(&sha256);
            if !self.exists(&blob_key).await? {
                batch = batch.put(blob_key, bytes.to_vec());
            }
            batch = batch.put(keys::version(&id), record.to_json()).put(keys::tag(&tag), id_hex.clone());
            if let Some(previous) = latest_raw {
                batch = batch.put(keys::PREVIOUS, previous);
            }
            batch = batch.put(keys::LATEST, id_hex);
            match self.store.commit(batch).await {
                Ok(()) => return Ok(ImportOutcome { version: record, created: true, report }),
                // Someone else imported meanwhile: re-plan against the new state.
                Err(StoreError::Conflict { .. }) => profile = Some(record.profile),
                Err(e) => return Err(e.into()),
            }
        }
        Err(RepoError::Contended)
    }

    /// The id a ref names.
    pub async fn resolve(&self, r: &VersionRef) -> Result<VersionId, RepoError> {
        match r {
            VersionRef::Latest => self
                .pointer(keys::LATEST)
                .await?
                .ok_or(RefError::PointerUnset("latest", "no dataset versions yet").into()),
            VersionRef::Previous => self
                .pointer(keys::PREVIOUS)
                .await?
                .ok_or(RefError::PointerUnset("previous", "fewer than two dataset versions").into()),
            VersionRef::Tag(t) => {
                self.tag_target(t).await?.ok_or_else(|| RefError::UnknownTag(t.to_string()).into())
            }
            VersionRef::IdPrefix(prefix) => Ok(resolve_prefix(prefix, self.ids().await?)?),
        }
    }

    /// The record a ref names.
    pub async fn get(&self, r: &VersionRef) -> Result<DatasetVersion, RepoError> {
        let id = self.resolve(r).await?;
        self.version(&id)
            .await?
            .ok_or_else(|| RepoError::Corrupt(format!("version {id} is named but has no record")))
    }

    /// Every version, oldest first (by import time, then id).
    pub async fn list(&self) -> Result<Vec<DatasetVersion>, RepoError> {
        let mut out = Vec::new();
        for id in self.ids().await? {
            out.push(
                self.version(&id)
                    .await?
                    .ok_or_else(|| RepoError::Corrupt(format!("record {id} vanished")))?,
            );
        }
        out.sort_by_key(|v| (v.created_at_ms, v.id));
        Ok(out)
    }

    /// The stored bytes of a version, exactly as imported.
    pub async fn bytes(&self, version: &DatasetVersion) -> Result<Vec<u8>, RepoError> {
        self.store.get(&keys::blob(&version.source.sha256)).await?.ok_or_else(|| {
            RepoError::Corrupt(format!(
                "the bytes of version {} ({}) are missing",
                version.id.short(),
                version.source.sha256
            ))
        })
    }

    /// The table of a version, read exactly as at import.
    pub async fn load(&self, version: &DatasetVersion) -> Result<Dataset, RepoError> {
        let bytes = self.bytes(version).await?;
        let dataset = read_csv(&bytes, &version.reading.options(&version.source.name)).map_err(|e| {
            RepoError::Corrupt(format!("version {} no longer reads: {e}", version.id.short()))
        })?;
        if dataset.schema != version.schema {
            return Err(RepoError::Corrupt(format!(
                "version {} reads back with another schema than recorded",
                version.id.short()
            )));
        }
        Ok(dataset)
    }

    /// What changed from version `a` to version `b`.
    pub async fn diff(&self, a: &DatasetVersion, b: &DatasetVersion) -> Result<DatasetDiff, RepoError> {
        let (ta, tb) = (self.load(a).await?, self.load(b).await?);
        Ok(diff_tables(a, &ta.table, b, &tb.table))
    }

    /// Adds `tag` as another name of version `id`, like `git tag`: one compare-and-set write, refused
    /// when the tag already names a version. The record keeps the tag it was imported with.
    pub async fn add_tag(&self, id: &VersionId, tag: &Tag) -> Result<(), RepoError> {
        if self.version(id).await?.is_none() {
            return Err(RefError::UnknownId(id.short()).into());
        }
        if let Some(existing) = self.tag_target(tag).await? {
            return Err(RepoError::TagTaken { tag: tag.clone(), existing });
        }
        let key = keys::tag(tag);
        let batch = Batch::new().expect(key.clone(), None).put(key, id.to_hex().into_bytes());
        match self.store.commit(batch).await {
            Ok(()) => Ok(()),
            Err(StoreError::Conflict { .. }) => {
                let existing = self.tag_target(tag).await?.ok_or(RepoError::Contended)?;
                Err(RepoError::TagTaken { tag: tag.clone(), existing })
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Every tag with the version it names, in tag order (import tags and added tags alike).
    pub async fn tag_pointers(&self) -> Result<Vec<(Tag, VersionId)>, RepoError> {
        let mut out = Vec::new();
        for tag in self.tags().await? {
            if let Some(id) = self.tag_target(&tag).await? {
                out.push((tag, id));
            }
        }
        Ok(out)
    }

    /// The record of a version id, if it exists.
    pub async fn version(&self, id: &VersionId) -> Result<Option<DatasetVersion>, RepoError> {
        let Some(bytes) = self.store.get(&keys::version(id)).await? else { return Ok(None) };
        DatasetVersion::from_json(&bytes)
            .map(Some)
            .map_err(|e| RepoError::Corrupt(format!("record of version {id} is unreadable: {e}")))
    }

    async fn ids(&self) -> Result<Vec<VersionId>, RepoError> {
        self.store
            .list(keys::VERSIONS)
            .await?
            .iter()
            .map(|k| parse_id(&k.as_bytes()[keys::VERSIONS.len()..]))
            .collect()
    }

    async fn tags(&self) -> Result<Vec<Tag>, RepoError> {
        self.store
            .list(keys::TAGS)
            .await?
            .iter()
            .map(|k| Tag::new(&k[keys::TAGS.len()..]).map_err(|e| RepoError::Corrupt(e.to_string())))
            .collect()
    }

    async fn tag_target(&self, tag: &Tag) -> Result<Option<VersionId>, RepoError> {
        self.pointer(&keys::tag(tag)).await
    }

    async fn pointer(&self, key: &str) -> Result<Option<VersionId>, RepoError> {
        self.store.get(key).await?.as_deref().map(parse_id).transpose()
    }

    /// Whether `key` holds a value, without reading it (blobs can be large).
    async fn exists(&self, key: &str) -> Result<bool, RepoError> {
        Ok(self.store.list(key).await?.iter().any(|k| k == key))
    }
}

fn parse_id(bytes: &[u8]) -> Result<VersionId, RepoError> {
    std::str::from_utf8(bytes).ok().and_then(|s| s.parse().ok()).ok_or_else(|| {
        RepoError::Corrupt(format!("`{}` is not a version id", String::from_utf8_lossy(bytes)))
    })
}

#[cfg(test)]
mod tests;
