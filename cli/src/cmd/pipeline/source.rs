//! Where `hearth pipeline run` gets its data: a CSV file when the reference names one, else a
//! dataset version of the workspace (`latest`, `previous`, a tag or an id prefix).

use hearth_core::pipeline::training::{
    CsvBytes, DatasetSource, SourceFuture, StoreDatasets, StoreSourceError, TrainingData,
};
use hearth_core::store::Store;
use hearth_core::version::{RefError, RepoError};
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

    /// A stored version, through core's resolution, with the CLI's hints on the two usual mistakes.
    async fn version(&self, reference: &str, target: Option<&str>) -> Result<TrainingData, String> {
        StoreDatasets { store: self.store }.load(reference, target).await.map_err(|e| match e {
            StoreSourceError::Repo(RepoError::Ref(RefError::PointerUnset(..))) => {
                format!("{e}: import one with `hearth data import FILE.csv`, or pass `--data FILE.csv`")
            }
            StoreSourceError::TargetMismatch { ref wanted, .. } => {
                format!("{e}: re-import it with --target {wanted}")
            }
            other => other.to_string(),
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
