//! Where the ingest task gets its data: a small trait, so the CLI resolves dataset versions from its
//! store, the browser from IndexedDB, and tests from CSV bytes in memory.

use super::artifacts::TrainingData;
use crate::data::{read_csv, ReadOptions};
use crate::registry::canonical::sha256_hex;
use crate::store::Store;
use crate::version::{DatasetRepo, RepoError, VersionRef};
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

/// Dataset versions of a store (`latest`, `previous`, a tag, an id prefix), as the browser and any
/// host without files resolve them. The "version" is the dataset version's id, so a run here and a
/// run of `hearth pipeline run` on the same imported bytes share their lineage (and bundle hash).
#[derive(Debug)]
pub struct StoreDatasets<'s, S: Store> {
    /// The store holding the dataset versions.
    pub store: &'s S,
}

/// Why a store reference could not become training data; typed so a front end can add its own hint
/// (the CLI suggests `hearth data import` when nothing was imported yet).
#[derive(Debug, thiserror::Error)]
pub enum StoreSourceError {
    /// The reference is malformed or names no version, or the store could not give its data.
    #[error(transparent)]
    Repo(#[from] RepoError),
    /// The version was imported with another target column.
    #[error("dataset version {version} was imported with target `{imported}`, not `{wanted}`")]
    TargetMismatch {
        /// Short id of the version.
        version: String,
        /// The target it was imported with.
        imported: String,
        /// The target asked for.
        wanted: String,
    },
}

impl<S: Store> StoreDatasets<'_, S> {
    /// Resolves `reference` to a stored version and loads it, checking the target when given.
    pub async fn load(
        &self,
        reference: &str,
        target: Option<&str>,
    ) -> Result<TrainingData, StoreSourceError> {
        let wanted = VersionRef::parse(reference).map_err(RepoError::from)?;
        let repo = DatasetRepo::new(self.store);
        let version = repo.get(&wanted).await?;
        if let Some(t) = target.filter(|t| *t != version.target) {
            return Err(StoreSourceError::TargetMismatch {
                version: version.id.short(),
                imported: version.target.clone(),
                wanted: t.to_string(),
            });
        }
        let dataset = repo.load(&version).await?;
        Ok(TrainingData {
            dataset_version: version.id.to_hex(),
            source: format!("{} ({})", version.tag.as_str(), version.source.name),
            table: dataset.table,
            schema: dataset.schema,
        })
    }
}

impl<S: Store> DatasetSource for StoreDatasets<'_, S> {
    fn resolve<'a>(&'a self, reference: &'a str, target: Option<&'a str>) -> SourceFuture<'a> {
        Box::pin(async move { self.load(reference, target).await.map_err(|e| e.to_string()) })
    }
}

#[cfg(test)]
mod store_datasets_tests {
    use super::*;
    use crate::data::sample::{generate, Scenario};
    use crate::data::write_csv;
    use crate::pipeline::block_on_ready as block_on;
    use crate::store::MemoryStore;
    use crate::version::NewVersion;

    fn new_version() -> NewVersion {
        NewVersion { message: "import".into(), tag: None, created_at_ms: 0 }
    }

    #[test]
    fn latest_resolves_to_the_imported_version_with_its_id_as_lineage() {
        let store = MemoryStore::new();
        let bytes = write_csv(&generate(60, 7, Scenario::Baseline)).into_bytes();
        let repo = DatasetRepo::new(&store);
        let imported = block_on(repo.import(&bytes, &ReadOptions::named("s.csv"), new_version())).unwrap();
        let source = StoreDatasets { store: &store };
        let data = block_on(source.resolve("latest", None)).unwrap();
        assert_eq!(data.dataset_version, imported.version.id.to_hex());
        assert_eq!(data.table.n_rows(), 60);
        assert_eq!(data.schema.target, "price");
        assert!(data.source.starts_with("data-v1.0.0"), "{}", data.source);
    }

    #[test]
    fn an_empty_store_or_a_wrong_target_is_a_clear_error() {
        let store = MemoryStore::new();
        let source = StoreDatasets { store: &store };
        let err = block_on(source.resolve("latest", None)).unwrap_err();
        assert!(err.contains("latest"), "{err}");
        let bytes = write_csv(&generate(30, 1, Scenario::Baseline)).into_bytes();
        block_on(DatasetRepo::new(&store).import(&bytes, &ReadOptions::named("s.csv"), new_version()))
            .unwrap();
        let err = block_on(source.resolve("latest", Some("area"))).unwrap_err();
        assert!(err.contains("target `price`, not `area`"), "{err}");
    }
}
