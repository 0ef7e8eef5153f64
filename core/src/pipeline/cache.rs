//! Step caching like `dvc repro`: a task whose name, parameters, input hashes and code version are
//! unchanged reuses the outputs it produced before.
//!
//! Store layout:
//! - `pipeline/artifacts/<sha256>` — artefact bytes (canonical JSON), content-addressed.
//! - `pipeline/cache/<cache key>` — canonical JSON `{"outputs":{name:hash},"task":name}`.
//! - `pipeline/definitions/<sha256>` — canonical JSON of each definition that was run.

use super::task::ArtifactBytes;
use crate::registry::canonical::{sha256_hex, to_canonical_json};
use crate::store::{Batch, Store, StoreError};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// Key prefix of artefacts.
pub const ARTIFACTS_PREFIX: &str = "pipeline/artifacts/";
/// Key prefix of cache entries.
pub const CACHE_PREFIX: &str = "pipeline/cache/";
/// Key prefix of definition snapshots.
pub const DEFINITIONS_PREFIX: &str = "pipeline/definitions/";

/// What goes into a cache key, hashed as canonical JSON.
#[derive(Serialize)]
struct KeyMaterial<'a> {
    task: &'a str,
    uses: &'a str,
    code_version: &'a str,
    params: &'a BTreeMap<String, Value>,
    inputs: &'a BTreeMap<&'a str, &'a str>,
}

/// SHA-256 of the task's name, implementation and code version, parameters and input hashes.
pub fn cache_key(
    task: &str,
    uses: &str,
    code_version: &str,
    params: &BTreeMap<String, Value>,
    inputs: &BTreeMap<&str, &str>,
) -> String {
    let material = KeyMaterial { task, uses, code_version, params, inputs };
    sha256_hex(&to_canonical_json(&material).expect("cache key material is plain JSON"))
}

/// A cache entry: which artefacts a task produced for a key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheEntry {
    /// Task name (for humans inspecting the store).
    pub task: String,
    /// Output name → artefact hash.
    pub outputs: BTreeMap<String, String>,
}

/// Loads the outputs cached under `key`, or `None` when absent or incomplete (an artefact missing
/// from the store makes the entry unusable, so the task simply runs again).
pub async fn lookup<S: Store>(
    store: &S,
    key: &str,
) -> Result<Option<BTreeMap<String, ArtifactBytes>>, StoreError> {
    let Some(raw) = store.get(&format!("{CACHE_PREFIX}{key}")).await? else {
        return Ok(None);
    };
    let Ok(entry) = serde_json::from_slice::<CacheEntry>(&raw) else {
        return Ok(None);
    };
    let mut outputs = BTreeMap::new();
    for (name, hash) in entry.outputs {
        match load_artifact(store, &hash).await? {
            Some(a) => outputs.insert(name, a),
            None => return Ok(None),
        };
    }
    Ok(Some(outputs))
}

/// The artefact with content hash `hash`, verified against it.
pub async fn load_artifact<S: Store>(store: &S, hash: &str) -> Result<Option<ArtifactBytes>, StoreError> {
    let Some(bytes) = store.get(&format!("{ARTIFACTS_PREFIX}{hash}")).await? else {
        return Ok(None);
    };
    if sha256_hex(&bytes) != hash {
        // A corrupted artefact is treated as missing: recomputing beats trusting it.
        return Ok(None);
    }
    Ok(Some(ArtifactBytes { hash: hash.to_string(), bytes: bytes.into() }))
}

/// Adds the writes that persist `outputs` (and, when `key` is given, the cache entry) to `batch`.
pub fn persist(
    batch: Batch,
    task: &str,
    key: Option<&str>,
    outputs: &BTreeMap<String, ArtifactBytes>,
) -> Batch {
    let mut batch = batch;
    for a in outputs.values() {
        batch = batch.put(format!("{ARTIFACTS_PREFIX}{}", a.hash), a.bytes.to_vec());
    }
    if let Some(key) = key {
        let entry = CacheEntry {
            task: task.to_string(),
            outputs: outputs.iter().map(|(n, a)| (n.clone(), a.hash.clone())).collect(),
        };
        batch = batch.put(format!("{CACHE_PREFIX}{key}"), to_canonical_json(&entry).expect("plain JSON"));
    }
    batch
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_key_changes_with_each_ingredient() {
        let params: BTreeMap<String, Value> = [("seed".to_string(), serde_json::json!(1))].into();
        let inputs: BTreeMap<&str, &str> = [("table", "abc")].into();
        let base = cache_key("split", "split", "1", &params, &inputs);
        assert_eq!(base, cache_key("split", "split", "1", &params, &inputs));
        assert_ne!(base, cache_key("split2", "split", "1", &params, &inputs));
        assert_ne!(base, cache_key("split", "split", "2", &params, &inputs));
        let other_params: BTreeMap<String, Value> = [("seed".to_string(), serde_json::json!(2))].into();
        assert_ne!(base, cache_key("split", "split", "1", &other_params, &inputs));
        let other_inputs: BTreeMap<&str, &str> = [("table", "abd")].into();
        assert_ne!(base, cache_key("split", "split", "1", &params, &other_inputs));
    }
}
