//! Registered models, their auto-numbered versions (each pointing at a bundle and the run that
//! produced it) and aliases moved with compare-and-swap.

use super::bundle::SignedBundle;
use super::gate::GatePassed;
use super::{keys, read_json, Registry, RegistryError};
use crate::store::{Batch, Store, StoreError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The alias serving traffic; moved only by [`Registry::promote`].
pub const CHAMPION: &str = "champion";
/// The conventional alias for a candidate under evaluation.
pub const CHALLENGER: &str = "challenger";

/// How many times registration retries when another writer took the next version number.
const VERSION_ATTEMPTS: usize = 16;

/// A named model, e.g. `house_price_prediction_prod`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisteredModel {
    /// Name.
    pub name: String,
    /// When it was first registered (Unix ms).
    pub created_at_ms: u64,
}

/// One immutable version of a registered model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelVersion {
    /// Model name.
    pub model: String,
    /// 1, 2, 3... per model.
    pub version: u32,
    /// Address of the bundle (`registry/bundles/<hash>`).
    pub bundle_hash: String,
    /// Run that produced it.
    pub run_id: String,
    /// When it was registered (Unix ms).
    pub created_at_ms: u64,
}

/// A way to name a model version: `NAME@ALIAS` or `NAME/VERSION`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelRef {
    /// Whatever version the alias points at.
    Alias {
        /// Model.
        model: String,
        /// Alias.
        alias: String,
    },
    /// A fixed version.
    Version {
        /// Model.
        model: String,
        /// Version.
        version: u32,
    },
}

impl std::str::FromStr for ModelRef {
    type Err = RegistryError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || {
            RegistryError::Invalid(format!("`{s}` is not a model reference: use NAME@ALIAS or NAME/VERSION"))
        };
        if let Some((model, alias)) = s.split_once('@') {
            super::check_name("model", model).map_err(|_| bad())?;
            check_alias(alias).map_err(|_| bad())?;
            Ok(ModelRef::Alias { model: model.into(), alias: alias.into() })
        } else if let Some((model, version)) = s.split_once('/') {
            super::check_name("model", model).map_err(|_| bad())?;
            let version = version.parse::<u32>().ok().filter(|v| *v > 0).ok_or_else(bad)?;
            Ok(ModelRef::Version { model: model.into(), version })
        } else {
            Err(bad())
        }
    }
}

/// The result of a promotion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Promotion {
    /// Model.
    pub model: String,
    /// Version now champion.
    pub version: u32,
    /// Version that was champion before (`None`: first champion).
    pub previous: Option<u32>,
}

fn check_alias(alias: &str) -> Result<(), RegistryError> {
    let ok = !alias.is_empty()
        && alias.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
        && !alias.bytes().all(|b| b.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err(RegistryError::Invalid(format!(
            "alias `{alias}` is invalid: use lower-case letters, digits, `_`, `-` (not only digits)"
        )))
    }
}

fn encode_version(v: u32) -> Vec<u8> {
    v.to_string().into_bytes()
}

fn decode_version(key: &str, bytes: &[u8]) -> Result<u32, RegistryError> {
    std::str::from_utf8(bytes).ok().and_then(|s| s.parse().ok()).ok_or_else(|| RegistryError::Corrupt {
        key: key.to_string(),
        reason: "expected a version number".into(),
    })
}

impl<S: Store> Registry<'_, S> {
    /// Stores a signed bundle (content-addressed; storing it twice is harmless). The hash is checked.
    pub async fn put_bundle(&self, bundle: &SignedBundle) -> Result<(), RegistryError> {
        bundle.check_hash()?;
        let batch = Batch::new()
            .put(keys::bundle(&bundle.hash), bundle.bytes.clone())
            .put(keys::bundle_signature(&bundle.hash), bundle.signature.clone().into_bytes());
        self.commit(batch).await
    }

    /// The bundle at `hash`, checked against it.
    pub async fn get_bundle(&self, hash: &str) -> Result<Option<SignedBundle>, RegistryError> {
        let Some(bytes) = self.store.get(&keys::bundle(hash)).await? else { return Ok(None) };
        let sig_key = keys::bundle_signature(hash);
        let signature = self.store.get(&sig_key).await?.ok_or_else(|| RegistryError::Corrupt {
            key: sig_key.clone(),
            reason: "bundle has no signature".into(),
        })?;
        let signature = String::from_utf8(signature)
            .map_err(|_| RegistryError::Corrupt { key: sig_key, reason: "signature is not text".into() })?;
        let bundle = SignedBundle { hash: hash.to_string(), signature, bytes };
        bundle.check_hash()?;
        Ok(Some(bundle))
    }

    /// Registers `bundle` as the next version of `model` (created if absent), produced by `run_id`.
    /// The bundle is stored in the same atomic commit.
    pub async fn register_version(
        &self,
        model: &str,
        bundle: &SignedBundle,
        run_id: &str,
        created_at_ms: u64,
    ) -> Result<ModelVersion, RegistryError> {
        super::check_name("model", model)?;
        bundle.check_hash()?;
        if self.get_run(run_id).await?.is_none() {
            return Err(RegistryError::NotFound(format!(
                "run `{run_id}` (a model version must name the run that produced it)"
            )));
        }
        let latest_key = keys::latest_version(model);
        for _ in 0..VERSION_ATTEMPTS {
            let current = self.store.get(&latest_key).await?;
            let latest = match &current {
                Some(b) => decode_version(&latest_key, b)?,
                None => 0,
            };
            let version = ModelVersion {
                model: model.to_string(),
                version: latest + 1,
                bundle_hash: bundle.hash.clone(),
                run_id: run_id.to_string(),
                created_at_ms,
            };
            let mut batch = Batch::new()
                .expect(latest_key.clone(), current.clone())
                .put(latest_key.clone(), encode_version(version.version))
                .put(keys::version(model, version.version), super::to_json(&version))
                .put(keys::bundle(&bundle.hash), bundle.bytes.clone())
                .put(keys::bundle_signature(&bundle.hash), bundle.signature.clone().into_bytes());
            if current.is_none() {
                let record = RegisteredModel { name: model.to_string(), created_at_ms };
                batch = batch.put(keys::model(model), super::to_json(&record));
            }
            match self.store.commit(batch).await {
                Ok(()) => return Ok(version),
                // Someone else took this number: read the counter again and take the next.
                Err(StoreError::Conflict { .. }) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        Err(RegistryError::Conflict { key: latest_key })
    }

    /// Registered models, by name.
    pub async fn list_models(&self) -> Result<Vec<RegisteredModel>, RegistryError> {
        let mut out = Vec::new();
        for key in self.store.list(keys::MODELS).await? {
            if key.ends_with("/model") {
                if let Some(m) = read_json(self.store, &key).await? {
                    out.push(m);
                }
            }
        }
        Ok(out)
    }

    /// The model `name`.
    pub async fn get_model(&self, name: &str) -> Result<Option<RegisteredModel>, RegistryError> {
        read_json(self.store, &keys::model(name)).await
    }

    /// Versions of `model`, oldest first.
    pub async fn list_versions(&self, model: &str) -> Result<Vec<ModelVersion>, RegistryError> {
        let mut out = Vec::new();
        for key in self.store.list(&keys::versions(model)).await? {
            if let Some(v) = read_json(self.store, &key).await? {
                out.push(v);
            }
        }
        Ok(out)
    }

    /// Version `version` of `model`.
    pub async fn get_version(
        &self,
        model: &str,
        version: u32,
    ) -> Result<Option<ModelVersion>, RegistryError> {
        read_json(self.store, &keys::version(model, version)).await
    }

    /// The version an alias points at.
    pub async fn alias(&self, model: &str, alias: &str) -> Result<Option<u32>, RegistryError> {
        let key = keys::alias(model, alias);
        match self.store.get(&key).await? {
            Some(b) => Ok(Some(decode_version(&key, &b)?)),
            None => Ok(None),
        }
    }

    /// All aliases of `model`: alias → version.
    pub async fn aliases(&self, model: &str) -> Result<BTreeMap<String, u32>, RegistryError> {
        let prefix = keys::aliases(model);
        let mut out = BTreeMap::new();
        for key in self.store.list(&prefix).await? {
            if let Some(b) = self.store.get(&key).await? {
                out.insert(key[prefix.len()..].to_string(), decode_version(&key, &b)?);
            }
        }
        Ok(out)
    }

    /// Resolves `NAME@ALIAS` or `NAME/VERSION` to a version record.
    pub async fn resolve(&self, reference: &ModelRef) -> Result<ModelVersion, RegistryError> {
        let (model, version) = match reference {
            ModelRef::Version { model, version } => (model, *version),
            ModelRef::Alias { model, alias } => {
                let v = self
                    .alias(model, alias)
                    .await?
                    .ok_or_else(|| RegistryError::NotFound(format!("alias `{model}@{alias}`")))?;
                (model, v)
            }
        };
        self.get_version(model, version)
            .await?
            .ok_or_else(|| RegistryError::NotFound(format!("version {version} of model `{model}`")))
    }

    /// Points `alias` at `version` if it currently points at `expected` (`None` = unset); otherwise
    /// fails with [`RegistryError::AliasConflict`] and changes nothing. `champion` is refused here:
    /// only [`promote`](Self::promote), with a gate decision, moves it.
    pub async fn set_alias(
        &self,
        model: &str,
        alias: &str,
        version: u32,
        expected: Option<u32>,
    ) -> Result<(), RegistryError> {
        check_alias(alias)?;
        if alias == CHAMPION {
            return Err(RegistryError::Invalid(format!(
                "`{CHAMPION}` moves only through a passed quality gate (promote), not by setting the alias"
            )));
        }
        self.move_alias(model, alias, version, expected).await
    }

    /// Removes `alias` if it points at `expected`.
    pub async fn delete_alias(&self, model: &str, alias: &str, expected: u32) -> Result<(), RegistryError> {
        if alias == CHAMPION {
            return Err(RegistryError::Invalid(format!(
                "`{CHAMPION}` cannot be removed, only replaced by promotion"
            )));
        }
        let key = keys::alias(model, alias);
        let batch = Batch::new().expect(key.clone(), Some(encode_version(expected))).delete(key);
        self.commit_alias(model, alias, Some(expected), batch).await
    }

    /// Makes `version` the champion. Requires the gate's pass for this very bundle, and succeeds only
    /// if the champion is still the one the gate compared against.
    pub async fn promote(
        &self,
        version: &ModelVersion,
        gate: GatePassed,
    ) -> Result<Promotion, RegistryError> {
        if gate.model() != version.model || gate.bundle_hash() != version.bundle_hash {
            return Err(RegistryError::Invalid(format!(
                "the gate decision is for model `{}` bundle {}, not `{}` version {} (bundle {})",
                gate.model(),
                short(gate.bundle_hash()),
                version.model,
                version.version,
                short(&version.bundle_hash)
            )));
        }
        let stored = self.get_version(&version.model, version.version).await?;
        if stored.as_ref() != Some(version) {
            return Err(RegistryError::NotFound(format!(
                "version {} of model `{}`",
                version.version, version.model
            )));
        }
        self.move_alias(&version.model, CHAMPION, version.version, gate.compared_with()).await?;
        Ok(Promotion {
            model: version.model.clone(),
            version: version.version,
            previous: gate.compared_with(),
        })
    }

    async fn move_alias(
        &self,
        model: &str,
        alias: &str,
        version: u32,
        expected: Option<u32>,
    ) -> Result<(), RegistryError> {
        if self.get_version(model, version).await?.is_none() {
            return Err(RegistryError::NotFound(format!("version {version} of model `{model}`")));
        }
        let key = keys::alias(model, alias);
        let batch =
            Batch::new().expect(key.clone(), expected.map(encode_version)).put(key, encode_version(version));
        self.commit_alias(model, alias, expected, batch).await
    }

    async fn commit_alias(
        &self,
        model: &str,
        alias: &str,
        expected: Option<u32>,
        batch: Batch,
    ) -> Result<(), RegistryError> {
        let key = keys::alias(model, alias);
        match self.store.commit(batch).await {
            Ok(()) => Ok(()),
            Err(StoreError::Conflict { key: k, current }) if k == key => {
                let actual = current.map(|b| decode_version(&key, &b)).transpose()?;
                Err(RegistryError::AliasConflict {
                    model: model.into(),
                    alias: alias.into(),
                    expected,
                    actual,
                })
            }
            Err(e) => Err(e.into()),
        }
    }
}

fn short(hash: &str) -> &str {
    &hash[..hash.len().min(12)]
}
