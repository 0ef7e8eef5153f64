//! Desired vs observed, as typed actions — what `hearth deploy plan` prints and `apply` executes.
//! Drift is a separate finding: the edge differs from the lock file's last applied state, i.e.
//! someone changed it outside GitOps (by hand through the admin API, or an automatic rollback).

use super::edge::EdgeDeployment;
use super::lock::LockEntry;
use super::resolve::Desired;
use serde::Serialize;

/// Which of the two served versions an action concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Slot {
    /// The version answering most requests.
    Primary,
    /// The canary.
    Canary,
}

/// One step of a plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// Upload a bundle the edge is not known to hold (it answers 200 and stores nothing if it has it).
    Upload {
        /// Bundle hash.
        bundle: String,
        /// Its version.
        version: u32,
        /// Where it will serve.
        slot: Slot,
    },
    /// Switch the primary.
    SwitchPrimary {
        /// Version served now (none when nothing is deployed).
        from: Option<u32>,
        /// Version to serve.
        to: u32,
        /// Its bundle.
        bundle: String,
    },
    /// Only the aliases reported with the (unchanged) primary differ.
    UpdateAliases {
        /// Aliases reported now.
        from: Vec<String>,
        /// Aliases wanted.
        to: Vec<String>,
    },
    /// Start or change the canary.
    SetCanary {
        /// Version.
        version: u32,
        /// Its bundle.
        bundle: String,
        /// Its share.
        share: f64,
    },
    /// Stop the canary.
    RemoveCanary {
        /// Version that was the canary.
        version: u32,
    },
}

impl std::fmt::Display for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Action::Upload { bundle, version, slot } => {
                write!(f, "upload bundle {} (version {version}, {slot:?})", &bundle[..12.min(bundle.len())])
            }
            Action::SwitchPrimary { from: Some(from), to, .. } => write!(f, "switch primary {from} → {to}"),
            Action::SwitchPrimary { from: None, to, .. } => {
                write!(f, "deploy primary version {to} (nothing deployed)")
            }
            Action::UpdateAliases { from, to } => {
                write!(f, "update aliases [{}] → [{}]", from.join(", "), to.join(", "))
            }
            Action::SetCanary { version, share, .. } => write!(f, "set canary version {version} at {share}"),
            Action::RemoveCanary { version } => write!(f, "remove canary version {version}"),
        }
    }
}

/// The edge no longer serves what was last applied.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Drift {
    /// What the lock file says was applied.
    pub locked: LockEntry,
    /// What the edge serves.
    pub observed: Option<EdgeDeployment>,
}

/// Desired vs observed for one environment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    /// Environment.
    pub env: String,
    /// Desired state.
    pub desired: Desired,
    /// What the edge serves.
    pub observed: Option<EdgeDeployment>,
    /// Steps to converge; empty = in sync.
    pub actions: Vec<Action>,
    /// Set when the edge differs from the last applied state.
    pub drift: Option<Drift>,
}

impl Plan {
    /// Nothing to do.
    pub fn in_sync(&self) -> bool {
        self.actions.is_empty()
    }
}

/// Plans environment `env`: `desired` against `observed`, with `locked` its last applied state.
pub fn plan(
    env: &str,
    desired: &Desired,
    observed: Option<&EdgeDeployment>,
    locked: Option<&LockEntry>,
) -> Plan {
    let mut actions = Vec::new();
    let on_edge = |bundle: &str| {
        observed.is_some_and(|o| {
            o.bundle == bundle
                || o.previous.as_deref() == Some(bundle)
                || o.canary.as_ref().is_some_and(|c| c.bundle == bundle)
        })
    };
    let primary = &desired.primary;
    let mut wanted = vec![(primary, Slot::Primary)];
    if let Some((canary, _)) = &desired.canary {
        wanted.push((canary, Slot::Canary));
    }
    for (target, slot) in wanted {
        if !on_edge(&target.bundle) {
            actions.push(Action::Upload { bundle: target.bundle.clone(), version: target.version, slot });
        }
    }
    let mut observed_aliases = observed.map(|o| o.aliases.clone()).unwrap_or_default();
    observed_aliases.sort();
    match observed {
        Some(o) if o.bundle == primary.bundle && o.version == primary.version => {
            if observed_aliases != primary.aliases {
                actions.push(Action::UpdateAliases { from: observed_aliases, to: primary.aliases.clone() });
            }
        }
        _ => actions.push(Action::SwitchPrimary {
            from: observed.map(|o| o.version),
            to: primary.version,
            bundle: primary.bundle.clone(),
        }),
    }
    let observed_canary = observed.and_then(|o| o.canary.as_ref());
    match (&desired.canary, observed_canary) {
        (Some((t, share)), Some(c))
            if c.bundle == t.bundle && c.version == t.version && c.share == *share => {}
        (Some((t, share)), _) => {
            actions.push(Action::SetCanary { version: t.version, bundle: t.bundle.clone(), share: *share })
        }
        (None, Some(c)) => actions.push(Action::RemoveCanary { version: c.version }),
        (None, None) => {}
    }
    let drift = locked
        .filter(|l| !l.matches(observed))
        .map(|l| Drift { locked: l.clone(), observed: observed.cloned() });
    Plan { env: env.to_string(), desired: desired.clone(), observed: observed.cloned(), actions, drift }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deploy::edge::CanaryRecord;
    use crate::deploy::resolve::Target;

    fn target(v: u32) -> Target {
        Target {
            version: v,
            bundle: format!("{v}").repeat(64),
            aliases: if v == 2 { vec!["champion".into()] } else { vec![] },
            selected_by: format!("version {v}"),
        }
    }

    fn serving(v: u32, canary: Option<(u32, f64)>) -> EdgeDeployment {
        EdgeDeployment {
            bundle: target(v).bundle,
            version: v,
            aliases: target(v).aliases,
            deployed_at_ms: 1,
            previous: None,
            previous_version: None,
            canary: canary.map(|(c, share)| CanaryRecord { bundle: target(c).bundle, version: c, share }),
        }
    }

    #[test]
    fn an_empty_edge_needs_upload_and_switch() {
        let desired = Desired { model: "m".into(), primary: target(2), canary: None };
        let p = plan("production", &desired, None, None);
        assert_eq!(
            p.actions,
            vec![
                Action::Upload { bundle: target(2).bundle, version: 2, slot: Slot::Primary },
                Action::SwitchPrimary { from: None, to: 2, bundle: target(2).bundle },
            ]
        );
        assert!(p.drift.is_none());
    }

    #[test]
    fn in_sync_means_no_actions_and_a_hand_change_is_drift() {
        let desired = Desired { model: "m".into(), primary: target(2), canary: Some((target(1), 0.2)) };
        let lock = LockEntry::applied(&desired);
        let p = plan("production", &desired, Some(&serving(2, Some((1, 0.2)))), Some(&lock));
        assert!(p.in_sync() && p.drift.is_none(), "{p:?}");
        let mut by_hand = serving(1, None);
        by_hand.previous = Some(target(2).bundle);
        let p = plan("production", &desired, Some(&by_hand), Some(&lock));
        assert!(p.drift.is_some());
        assert_eq!(
            p.actions,
            vec![
                Action::SwitchPrimary { from: Some(1), to: 2, bundle: target(2).bundle },
                Action::SetCanary { version: 1, bundle: target(1).bundle, share: 0.2 },
            ]
        );
        let p =
            plan("production", &Desired { canary: None, ..desired }, Some(&serving(2, Some((1, 0.2)))), None);
        assert_eq!(p.actions, vec![Action::RemoveCanary { version: 1 }]);
    }
}
