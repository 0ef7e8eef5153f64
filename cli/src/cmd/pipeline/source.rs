//! Where `hearth pipeline run` gets its data: a CSV file when the reference names one, else a
//! dataset version of the workspace (`latest`, `previous`, a tag or an id prefix).

use hearth_core::pipeline::training::{CsvBytes, DatasetSource, SourceFuture, TrainingData};
use hearth_core::store::Store;
use hearth_core::version::{DatasetRepo, RefError, RepoError, VersionRef};
use std::path::{Path, PathBuf};

/// Resolves dataset references against the workspace's versions, or reads a CSV file.
pub struct WorkspaceDatasets<'s, S: Store> {
    /// The workspace store holding dataset versions.
    pub store: &'s S,
    /// Folder relative file paths are resolved against (the user's current folder).
    pub cwd: PathBuf,
}

impl<S: Store> WorkspaceDatasets<'_, S> {
    fn file(&self, reference: &str) -> Option<PathBuf> {
        let path = self.cwd.join(reference);
        let looks_like_file = reference.ends_with(".csv") || reference.contains(std::path::MAIN_SEPARATOR);
        (looks_like_file || path.is_file()).then_some(path)
    }

    async fn version(&self, reference: &str, target: Option<&str>) -> Result<TrainingData, String> {
        let wanted = VersionRef::parse(reference).map_err(|e| e.to_string())?;
        let repo = DatasetRepo::new(self.store);
        let version = repo.get(&wanted).await.map_err(|e| match e {
            RepoError::Ref(RefError::PointerUnset(..)) => {
                format!("{e}: import one with `hearth data import FILE.csv`, or pass `--data FILE.csv`")
            }
            other => other.to_string(),
        })?;
        if let Some(t) = target.filter(|t| *t != version.target) {
            return Err(format!(
                "dataset version {} was imported with target `{}`, not `{t}`: re-import it with --target {t}",
                version.id.short(),
                version.target
            ));
        }
        let dataset = repo.load(&version).await.map_err(|e| e.to_string())?;
        Ok(TrainingData {
            dataset_version: version.id.to_hex(),
            source: format!("{} ({})", version.tag.as_str(), version.source.name),
            table: dataset.table,
            schema: dataset.schema,
        })
    }
}

impl<S: Store> DatasetSource for WorkspaceDatasets<'_, S> {
    fn resolve<'a>(&'a self, reference: &'a str, target: Option<&'a str>) -> SourceFuture<'a> {
        Box::pin(async move {
            let Some(path) = self.file(reference) else {
                return self.version(reference, target).await;
            };
            let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let name =
                Path::new(reference).file_name().map_or(reference.into(), |n| n.to_string_lossy().into());
            CsvBytes { name, bytes }.resolve(reference, target).await
        })
    }
}
