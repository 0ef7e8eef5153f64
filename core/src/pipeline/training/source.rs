//! Where the ingest task gets its data: a small trait, so the CLI resolves dataset versions from its
//! store, the browser from IndexedDB, and tests from CSV bytes in memory.

use super::artifacts::TrainingData;
use crate::data::{read_csv, ReadOptions};
use crate::registry::canonical::sha256_hex;
use std::future::Future;
use std::pin::Pin;

/// The future a [`DatasetSource`] returns.
pub type SourceFuture<'a> = Pin<Box<dyn Future<Output = Result<TrainingData, String>> + 'a>>;

/// Resolves a dataset reference (`latest`, a tag, a version id, a file name) to exact data.
pub trait DatasetSource {
    /// Resolves `reference`, with `target` as the regression target when given.
    fn resolve<'a>(&'a self, reference: &'a str, target: Option<&'a str>) -> SourceFuture<'a>;
}

/// One CSV held in memory, read with the data module's reader. Its "version" is the SHA-256 of the
/// raw bytes: exact, but not a registered dataset version (use the version store for that).
#[derive(Debug, Clone)]
pub struct CsvBytes {
    /// File name, for messages.
    pub name: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

impl DatasetSource for CsvBytes {
    fn resolve<'a>(&'a self, _reference: &'a str, target: Option<&'a str>) -> SourceFuture<'a> {
        Box::pin(async move {
            let mut options = ReadOptions::named(self.name.clone());
            options.target = target.map(str::to_string);
            let dataset = read_csv(&self.bytes, &options).map_err(|e| e.to_string())?;
            Ok(TrainingData {
                dataset_version: sha256_hex(&self.bytes),
                source: self.name.clone(),
                table: dataset.table,
                schema: dataset.schema,
            })
        })
    }
}
