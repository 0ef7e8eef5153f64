//! Experiments, runs, registered models, versions, aliases and signed model bundles — what MLflow's
//! tracking server and model registry did — over the [`Store`] trait, so the CLI, the browser and
//! the edge share one implementation. Key layout: [`keys`]. Bundle format: [`bundle`].

pub mod bundle;
pub mod canonical;
mod gate;
pub mod keys;
mod model_bundle;
mod models;
mod runs;
mod signing;

pub use bundle::{Bundle, BundleError, BundleManifest, Lineage, SignedBundle};
pub use gate::{judge, GatePassed};
pub use model_bundle::{ModelBundle, MODEL_BUNDLE_CONTENT_TYPE};
pub use models::{ModelRef, ModelVersion, Promotion, RegisteredModel, CHALLENGER, CHAMPION};
pub use runs::{MetricPoint, NewRun, Run, RunStatus};
pub use signing::{BundlePublicKey, BundleSigningKey, SignatureError};

use crate::store::{Batch, Store, StoreError};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Why a registry operation failed. Nothing is written when one is returned.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RegistryError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A record could not be read back.
    #[error("registry record `{key}` is unreadable: {reason}")]
    Corrupt {
        /// Its key.
        key: String,
        /// What is wrong.
        reason: String,
    },
    /// Something named does not exist.
    #[error("not found: {0}")]
    NotFound(String),
    /// A name or request is malformed.
    #[error("{0}")]
    Invalid(String),
    /// A run with this id already exists.
    #[error("run `{0}` already exists")]
    RunExists(String),
    /// The run has finished; metrics and status are frozen.
    #[error("run `{0}` has finished and can no longer change")]
    RunFinished(String),
    /// Another writer moved the alias first.
    #[error("alias `{model}@{alias}` changed concurrently: expected {}, found {}", show(.expected), show(.actual))]
    AliasConflict {
        /// Model.
        model: String,
        /// Alias.
        alias: String,
        /// What the caller expected it to point at.
        expected: Option<u32>,
        /// What it points at now.
        actual: Option<u32>,
    },
    /// Another writer changed `key` first.
    #[error("`{key}` changed concurrently; try again")]
    Conflict {
        /// The contested key.
        key: String,
    },
    /// A bundle failed its hash or signature check.
    #[error(transparent)]
    Bundle(#[from] BundleError),
}

fn show(v: &Option<u32>) -> String {
    v.map_or("no version".to_string(), |v| format!("version {v}"))
}

/// An experiment groups runs (e.g. one per pipeline or dataset).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Experiment {
    /// Name.
    pub name: String,
    /// When its first run started (Unix ms).
    pub created_at_ms: u64,
}

/// The registry, over any store. A thin handle: copy it freely.
#[derive(Debug)]
pub struct Registry<'s, S> {
    store: &'s S,
}

impl<S> Clone for Registry<'_, S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S> Copy for Registry<'_, S> {}

impl<'s, S: Store> Registry<'s, S> {
    /// A registry backed by `store`.
    pub fn new(store: &'s S) -> Self {
        Registry { store }
    }

    /// The experiment `name`.
    pub async fn get_experiment(&self, name: &str) -> Result<Option<Experiment>, RegistryError> {
        read_json(self.store, &keys::experiment(name)).await
    }

    /// All experiments, by name.
    pub async fn list_experiments(&self) -> Result<Vec<Experiment>, RegistryError> {
        let mut out = Vec::new();
        for key in self.store.list(keys::EXPERIMENTS).await? {
            if let Some(e) = read_json(self.store, &key).await? {
                out.push(e);
            }
        }
        Ok(out)
    }

    async fn commit(&self, batch: Batch) -> Result<(), RegistryError> {
        self.store.commit(batch).await.map_err(|e| match e {
            StoreError::Conflict { key, .. } => RegistryError::Conflict { key },
            other => RegistryError::Store(other),
        })
    }
}

/// Names of experiments, models and runs: what fits in a store key and a URL path segment.
fn check_name(what: &str, name: &str) -> Result<(), RegistryError> {
    let ok = !name.is_empty()
        && name.len() <= 128
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        && !name.starts_with('.');
    if ok {
        Ok(())
    } else {
        Err(RegistryError::Invalid(format!(
            "{what} name `{name}` is invalid: use letters, digits, `_`, `-`, `.` (at most 128, not starting with `.`)"
        )))
    }
}

fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    canonical::to_canonical_json(value).expect("registry records are plain JSON")
}

fn from_json<T: DeserializeOwned>(key: &str, bytes: &[u8]) -> Result<T, RegistryError> {
    serde_json::from_slice(bytes)
        .map_err(|e| RegistryError::Corrupt { key: key.to_string(), reason: e.to_string() })
}

async fn read_json<T: DeserializeOwned, S: Store>(store: &S, key: &str) -> Result<Option<T>, RegistryError> {
    match store.get(key).await? {
        Some(bytes) => from_json(key, &bytes).map(Some),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests;
