//! Manifest → exact desired state: selectors resolved through the registry to versions and bundle
//! hashes, signed bundles loaded (signature checked under the workspace key, so a tampered local
//! bundle never leaves the machine) and gates checked.

use super::gates::{self, GateRefusal};
use super::manifest::{Manifest, Selector, Share};
use crate::monitor::list_reports;
use crate::registry::{BundlePublicKey, ModelRef, Registry, RegistryError, SignedBundle};
use crate::store::Store;
use serde::Serialize;

/// One version as deployed: what the edge is told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Target {
    /// Registry version.
    pub version: u32,
    /// SHA-256 of its bundle.
    pub bundle: String,
    /// Its registry aliases, sorted.
    pub aliases: Vec<String>,
    /// How the manifest named it (`@champion`, `version 2`).
    pub selected_by: String,
}

/// What the environment should serve.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Desired {
    /// Model name.
    pub model: String,
    /// Primary.
    pub primary: Target,
    /// Canary and its share.
    pub canary: Option<(Target, f64)>,
}

/// The desired state with the signed bundles to upload (primary first).
#[derive(Debug, Clone)]
pub struct Resolved {
    /// Desired state.
    pub desired: Desired,
    /// Bundles it needs.
    pub bundles: Vec<SignedBundle>,
}

/// Why a manifest could not be resolved.
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    /// Model, version or alias unknown, or a bundle missing or failing its signature.
    #[error("{file}: `{key}`: {reason}")]
    Registry {
        /// Manifest file.
        file: String,
        /// Key whose value did not resolve.
        key: String,
        /// The registry's error.
        reason: RegistryError,
    },
    /// A gate refused.
    #[error(transparent)]
    Gate(#[from] GateRefusal),
}

/// Resolves `manifest` (read from `file`) against the registry in `store`.
pub async fn resolve<S: Store>(
    store: &S,
    manifest: &Manifest,
    file: &str,
    key: &BundlePublicKey,
) -> Result<Resolved, ResolveError> {
    let registry = Registry::new(store);
    let fail = |key: &str, reason: RegistryError| ResolveError::Registry {
        file: file.to_string(),
        key: key.to_string(),
        reason,
    };
    if registry.get_model(&manifest.model).await.map_err(|e| fail("model.name", e))?.is_none() {
        return Err(fail(
            "model.name",
            RegistryError::NotFound(format!(
                "no registered model `{}` (see `hearth models list`)",
                manifest.model
            )),
        ));
    }
    let aliases = registry.aliases(&manifest.model).await.map_err(|e| fail("model.name", e))?;
    let drift = match manifest.gates.max_drift_share {
        Some(_) => {
            let reports = list_reports(store)
                .await
                .map_err(|e| fail("gates.max_drift_share", RegistryError::Invalid(e.to_string())))?;
            gates::latest_drift_share(&reports)
        }
        None => None,
    };
    let mut bundles = Vec::new();
    let pick = |selector: &Selector, table: &str| {
        let key_name = match selector {
            Selector::Version(_) => format!("{table}.version"),
            Selector::Alias(_) => format!("{table}.alias"),
        };
        let reference = match selector {
            Selector::Version(v) => ModelRef::Version { model: manifest.model.clone(), version: *v },
            Selector::Alias(a) => ModelRef::Alias { model: manifest.model.clone(), alias: a.clone() },
        };
        (key_name, reference)
    };
    let mut targets = Vec::new();
    let mut selectors = vec![(&manifest.primary, "model")];
    if let Some(c) = &manifest.canary {
        selectors.push((&c.selector, "canary"));
    }
    for (selector, table) in selectors {
        let (key_name, reference) = pick(selector, table);
        let (version, bundle) =
            registry.load_model(&reference, Some(key)).await.map_err(|e| fail(&key_name, e))?;
        gates::check(&manifest.gates, version.version, &bundle.content.test_metrics, drift.as_ref())?;
        let signed =
            registry.get_bundle(&version.bundle_hash).await.map_err(|e| fail(&key_name, e))?.ok_or_else(
                || fail(&key_name, RegistryError::NotFound(format!("bundle {}", version.bundle_hash))),
            )?;
        let version_aliases =
            aliases.iter().filter(|(_, v)| **v == version.version).map(|(a, _)| a.clone()).collect();
        targets.push(Target {
            version: version.version,
            bundle: version.bundle_hash.clone(),
            aliases: version_aliases,
            selected_by: selector.to_string(),
        });
        bundles.push(signed);
    }
    let primary = targets.remove(0);
    let canary = match (targets.pop(), &manifest.canary) {
        (Some(target), Some(c)) => {
            if target.bundle == primary.bundle {
                return Err(fail(
                    "canary",
                    RegistryError::Invalid(format!(
                        "resolves to version {}, the same as the primary: a canary must differ",
                        target.version
                    )),
                ));
            }
            Some((target, Share::get(c.share)))
        }
        _ => None,
    };
    Ok(Resolved { desired: Desired { model: manifest.model.clone(), primary, canary }, bundles })
}
