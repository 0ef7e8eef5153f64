//! `deploy/hearth.lock`: for every environment, the exact state last applied — which alias resolved to
//! which version and bundle hash. Written back by `apply` (and `rollback`) and meant to be committed,
//! like `dvc.lock` or Flux's image-automation commits, so git history shows exactly what ran. The text
//! is deterministic (sorted keys, no timestamps): the same state always gives the same bytes.

use super::edge::EdgeDeployment;
use super::resolve::Desired;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// File format version.
const FORMAT: u32 = 1;
const HEADER: &str =
    "# Written by `hearth deploy apply`: what each environment last ran. Commit it; do not edit.\n";

/// One pinned version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pin {
    /// How the manifest selected it (`@champion`, `version 2`).
    pub selected_by: String,
    /// Registry version.
    pub version: u32,
    /// SHA-256 of the bundle.
    pub bundle: String,
}

/// A pinned canary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CanaryPin {
    /// The version.
    #[serde(flatten)]
    pub pin: Pin,
    /// Its share.
    pub share: f64,
}

/// One environment's last applied state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LockEntry {
    /// Model name.
    pub model: String,
    /// Primary.
    pub primary: Pin,
    /// Canary, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canary: Option<CanaryPin>,
}

impl LockEntry {
    /// The entry for a desired state that has just been applied.
    pub fn applied(desired: &Desired) -> LockEntry {
        let pin = |t: &super::resolve::Target| Pin {
            selected_by: t.selected_by.clone(),
            version: t.version,
            bundle: t.bundle.clone(),
        };
        LockEntry {
            model: desired.model.clone(),
            primary: pin(&desired.primary),
            canary: desired.canary.as_ref().map(|(t, share)| CanaryPin { pin: pin(t), share: *share }),
        }
    }

    /// The entry for what the edge serves after a change made outside `apply` (a rollback):
    /// `selected_by` says how it was chosen, so the next plan shows the way back to the manifest as
    /// a plain plan rather than as drift.
    pub fn serving(model: &str, deployment: &EdgeDeployment, selected_by: &str) -> LockEntry {
        let pin = |version, bundle: &str| Pin {
            selected_by: selected_by.to_string(),
            version,
            bundle: bundle.to_string(),
        };
        LockEntry {
            model: model.to_string(),
            primary: pin(deployment.version, &deployment.bundle),
            canary: deployment
                .canary
                .as_ref()
                .map(|c| CanaryPin { pin: pin(c.version, &c.bundle), share: c.share }),
        }
    }

    /// Whether the edge serves exactly this state (primary and canary bundles, canary share).
    pub fn matches(&self, observed: Option<&EdgeDeployment>) -> bool {
        let Some(o) = observed else { return false };
        let canary_same = match (&self.canary, &o.canary) {
            (None, None) => true,
            (Some(a), Some(b)) => a.pin.bundle == b.bundle && a.share == b.share,
            _ => false,
        };
        o.bundle == self.primary.bundle && canary_same
    }
}

/// The whole lock file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LockFile {
    /// Format version.
    pub format: u32,
    /// Environments by name.
    #[serde(default)]
    pub environments: BTreeMap<String, LockEntry>,
}

impl Default for LockFile {
    fn default() -> Self {
        LockFile { format: FORMAT, environments: BTreeMap::new() }
    }
}

impl LockFile {
    /// Parses the lock file; errors say what is wrong (a hand-edited or merge-conflicted lock).
    pub fn parse(text: &str) -> Result<LockFile, String> {
        let lock: LockFile =
            toml::from_str(text).map_err(|e| format!("not a Hearth lock file: {}", e.message()))?;
        if lock.format != FORMAT {
            return Err(format!("lock format {} is not supported (expected {FORMAT})", lock.format));
        }
        Ok(lock)
    }

    /// The deterministic text.
    pub fn render(&self) -> String {
        format!("{HEADER}{}", toml::to_string(self).expect("lock files serialise"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deploy::resolve::Target;

    fn desired(canary: bool) -> Desired {
        let t = |v: u32, b: &str| Target {
            version: v,
            bundle: b.repeat(64),
            aliases: vec![],
            selected_by: format!("version {v}"),
        };
        Desired { model: "house".into(), primary: t(2, "b"), canary: canary.then(|| (t(1, "a"), 0.2)) }
    }

    #[test]
    fn renders_deterministically_and_parses_back() {
        let mut lock = LockFile::default();
        lock.environments.insert("staging".into(), LockEntry::applied(&desired(false)));
        lock.environments.insert("production".into(), LockEntry::applied(&desired(true)));
        let text = lock.render();
        assert_eq!(LockFile::parse(&text).unwrap(), lock);
        assert_eq!(text, LockFile::parse(&text).unwrap().render());
        assert!(
            text.find("[environments.production.primary]") < text.find("[environments.staging"),
            "{text}"
        );
        assert!(LockFile::parse("format = 9").unwrap_err().contains("not supported"));
    }

    #[test]
    fn matches_compares_bundles_and_the_canary_share() {
        let entry = LockEntry::applied(&desired(true));
        let mut o = EdgeDeployment {
            bundle: "b".repeat(64),
            version: 2,
            aliases: vec![],
            deployed_at_ms: 0,
            previous: None,
            previous_version: None,
            canary: Some(super::super::edge::CanaryRecord { bundle: "a".repeat(64), version: 1, share: 0.2 }),
        };
        assert!(entry.matches(Some(&o)));
        o.canary.as_mut().unwrap().share = 0.5;
        assert!(!entry.matches(Some(&o)));
        o.canary = None;
        assert!(!entry.matches(Some(&o)));
        assert!(!entry.matches(None));
        let back = LockEntry::serving("house", &o, "rollback");
        assert!(back.matches(Some(&o)));
        assert_eq!((back.primary.selected_by.as_str(), back.canary), ("rollback", None));
    }
}
