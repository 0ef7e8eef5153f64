//! Content-addressed dataset versions (what DVC did): ids, records, tags, diffs, DVC export.

mod dvc;
mod id;
mod refs;
mod rows;
mod tag;

pub use dvc::{dvc_file, export as export_dvc, object_path as dvc_object_path, BadOutputName, ExportFile};
pub use id::{md5_hex, BadDigest, Sha256Digest, VersionId};
pub use refs::{resolve_prefix, RefError, VersionRef, MIN_PREFIX, RESERVED};
pub use rows::{multiset_difference, row_hashes, RowHash};
pub use tag::{Tag, TagError};
