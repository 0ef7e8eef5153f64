//! Content-addressed dataset versions (what DVC did): ids, records, tags, the repository over a
//! store, diffs, DVC export.

mod diff;
mod dvc;
mod id;
pub mod keys;
mod record;
mod refs;
mod repo;
mod rows;
mod tag;

pub use diff::{
    diff_tables, ColumnDelta, DatasetDiff, LevelShare, ProfileChange, RowChanges, SchemaChange, Side,
};
pub use dvc::{dvc_file, export as export_dvc, object_path as dvc_object_path, BadOutputName, ExportFile};
pub use id::{md5_hex, BadDigest, Sha256Digest, VersionId};
pub use record::{DatasetVersion, Reading, SourceBytes};
pub use refs::{resolve_prefix, RefError, VersionRef, MIN_PREFIX, RESERVED};
pub use repo::{DatasetRepo, ImportOutcome, NewVersion, RepoError};
pub use rows::{multiset_difference, row_hashes, RowHash};
pub use tag::{Tag, TagError};
