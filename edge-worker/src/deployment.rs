//! What is served: the deployment record, how a deploy or a rollback turns one record into the next,
//! and turning verified bundle bytes into a served model.

use std::collections::BTreeMap;

use hearth_core::registry::{
    bundle::verify, Bundle, BundlePublicKey, ModelBundle, MODEL_BUNDLE_CONTENT_TYPE,
};
use hearth_core::serve::{ModelInfo, ServedModel};
use serde::{Deserialize, Serialize};

use crate::share::Share;

/// A model ready to answer requests.
pub type Model = ServedModel<ModelBundle>;

/// The value of `deployments/current`: the bundle served, as which registered version, what it
/// replaced (for rollback) and the optional canary taking a share of the prediction traffic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deployment {
    /// SHA-256 of the served (primary) bundle.
    pub bundle: String,
    /// Registry version number (bundles carry version 0: the registry assigns it after hashing).
    pub version: u32,
    /// Registry aliases of that version (`champion`, ...), reported by `/v1/models`.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// When this record was written (Unix ms, the worker's clock).
    pub deployed_at_ms: u64,
    /// The primary served before the last switch of the primary, so a rollback knows where to go.
    pub previous: Option<String>,
    /// Version of [`previous`](Self::previous).
    #[serde(default)]
    pub previous_version: Option<u32>,
    /// Aliases [`previous`](Self::previous) was served with (restored by a rollback).
    #[serde(default)]
    pub previous_aliases: Vec<String>,
    /// A second bundle answering a share of the prediction requests.
    #[serde(default)]
    pub canary: Option<Canary>,
}

/// The canary of a deployment: a bundle, its version and the share of prediction requests it answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Canary {
    /// SHA-256 of the canary bundle.
    pub bundle: String,
    /// Its registry version.
    pub version: u32,
    /// Fraction of prediction requests it answers, strictly between 0 and 1.
    pub share: Share,
}

/// The state a `PUT /admin/deployment` asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// Primary bundle.
    pub bundle: String,
    /// Its version.
    pub version: u32,
    /// Its aliases.
    pub aliases: Vec<String>,
    /// The canary, or none (removes any canary).
    pub canary: Option<Canary>,
}

/// One bundle served as one registered version: what [`open`] needs besides the bytes.
#[derive(Debug, Clone, Copy)]
pub struct Release<'a> {
    /// SHA-256 of the bundle.
    pub bundle: &'a str,
    /// Registry version.
    pub version: u32,
    /// Registry aliases.
    pub aliases: &'a [String],
}

impl Deployment {
    /// Whether this record already serves exactly `target` (then a deploy changes nothing).
    pub fn serves(&self, target: &Target) -> bool {
        self.bundle == target.bundle
            && self.version == target.version
            && self.aliases == target.aliases
            && self.canary == target.canary
    }

    /// The record after deploying `target` over `current` at `now_ms`. `previous` moves only when the
    /// primary (bundle or version) changes: editing aliases or the canary keeps the rollback target.
    pub fn switch(current: Option<&Deployment>, target: Target, now_ms: u64) -> Deployment {
        let (previous, previous_version, previous_aliases) = match current {
            Some(c) if c.bundle == target.bundle && c.version == target.version => {
                (c.previous.clone(), c.previous_version, c.previous_aliases.clone())
            }
            Some(c) => (Some(c.bundle.clone()), Some(c.version), c.aliases.clone()),
            None => (None, None, Vec::new()),
        };
        Deployment {
            bundle: target.bundle,
            version: target.version,
            aliases: target.aliases,
            deployed_at_ms: now_ms,
            previous,
            previous_version,
            previous_aliases,
            canary: target.canary,
        }
    }

    /// The record after rolling back to [`previous`](Self::previous), canary removed; `None` when no
    /// previous primary is recorded. The rolled-back primary becomes the new `previous`, so a second
    /// rollback undoes the first.
    pub fn rolled_back(&self, now_ms: u64) -> Option<Deployment> {
        let (Some(bundle), Some(version)) = (self.previous.clone(), self.previous_version) else {
            return None;
        };
        Some(Deployment {
            bundle,
            version,
            aliases: self.previous_aliases.clone(),
            deployed_at_ms: now_ms,
            previous: Some(self.bundle.clone()),
            previous_version: Some(self.version),
            previous_aliases: self.aliases.clone(),
            canary: None,
        })
    }

    /// The primary release.
    pub fn primary(&self) -> Release<'_> {
        Release { bundle: &self.bundle, version: self.version, aliases: &self.aliases }
    }

    /// The canary release, if any (served with no aliases).
    pub fn canary_release(&self) -> Option<Release<'_>> {
        self.canary.as_ref().map(|c| Release { bundle: &c.bundle, version: c.version, aliases: &[] })
    }
}

/// Verifies `bytes` against the release's hash and `signature` under `key`, parses the model bundle
/// and builds the served model. Any failure is the bundle's fault and says why.
pub fn open(
    bytes: &[u8],
    signature: &str,
    key: &BundlePublicKey,
    release: Release<'_>,
) -> Result<Model, String> {
    verify(bytes, release.bundle, signature, key).map_err(|e| e.to_string())?;
    let bundle = parse(bytes)?;
    let signature = bundle.content.signature.clone();
    let name = signature.model().to_string();
    let metrics = serde_json::to_value(bundle.content.test_metrics)
        .ok()
        .and_then(|v| v.as_object().cloned())
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(k, v)| v.as_f64().map(|v| (k, v)))
        .collect::<BTreeMap<_, _>>();
    let info = ModelInfo {
        bundle: release.bundle.to_string(),
        aliases: release.aliases.to_vec(),
        metrics,
        data_version: Some(bundle.manifest.lineage.dataset_version.clone()),
    };
    Ok(ServedModel::new(signature.for_model(&name, release.version), bundle.content, info))
}

/// Parses bundle bytes as a model bundle (format, version and content type checked).
pub fn parse(bytes: &[u8]) -> Result<Bundle<ModelBundle>, String> {
    let bundle: Bundle<ModelBundle> = Bundle::from_bytes(bytes).map_err(|e| e.to_string())?;
    if bundle.manifest.content_type != MODEL_BUNDLE_CONTENT_TYPE {
        return Err(format!(
            "content type `{}` is not a model (`{MODEL_BUNDLE_CONTENT_TYPE}`)",
            bundle.manifest.content_type
        ));
    }
    Ok(bundle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(bundle: char, version: u32, canary: Option<Canary>) -> Target {
        Target { bundle: bundle.to_string().repeat(64), version, aliases: vec!["champion".into()], canary }
    }

    #[test]
    fn previous_moves_only_when_the_primary_switches() {
        let a = Deployment::switch(None, target('a', 1, None), 10);
        assert_eq!((a.previous.as_deref(), a.previous_version), (None, None));
        let b = Deployment::switch(Some(&a), target('b', 2, None), 20);
        assert_eq!((b.previous.clone(), b.previous_version), (Some(a.bundle.clone()), Some(1)));
        let canary = Canary { bundle: "c".repeat(64), version: 3, share: Share::try_from(0.1).unwrap() };
        let with_canary = Deployment::switch(Some(&b), target('b', 2, Some(canary)), 30);
        assert_eq!(
            (with_canary.previous.clone(), with_canary.previous_version),
            (Some(a.bundle.clone()), Some(1))
        );
        assert!(with_canary.serves(&target('b', 2, with_canary.canary.clone())));
        assert!(!with_canary.serves(&target('b', 2, None)));
    }

    #[test]
    fn rollback_swaps_primary_and_previous_and_drops_the_canary() {
        let a = Deployment::switch(None, target('a', 1, None), 10);
        assert!(a.rolled_back(11).is_none(), "nothing to roll back to");
        let canary = Canary { bundle: "c".repeat(64), version: 3, share: Share::try_from(0.5).unwrap() };
        let b = Deployment::switch(Some(&a), target('b', 2, Some(canary)), 20);
        let back = b.rolled_back(30).unwrap();
        assert_eq!((back.bundle.as_str(), back.version, back.canary.as_ref()), (a.bundle.as_str(), 1, None));
        assert_eq!((back.previous.as_deref(), back.previous_version), (Some(b.bundle.as_str()), Some(2)));
        assert_eq!(back.aliases, vec!["champion".to_string()]);
        assert_eq!(
            back.rolled_back(40).map(|d| d.bundle),
            Some(b.bundle),
            "a second rollback undoes the first"
        );
    }

    #[test]
    fn records_written_before_canaries_still_read() {
        let old = r#"{"bundle":"b","version":1,"aliases":[],"deployed_at_ms":5,"previous":null}"#;
        let d: Deployment = serde_json::from_str(old).unwrap();
        assert_eq!((d.previous_version, d.canary), (None, None));
    }
}
