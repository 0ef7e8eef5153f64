//! The reconcile algorithm: plan, upload missing bundles by hash, switch with compare-and-swap on the
//! primary the plan observed, verify (health, then the smoke prediction within its range and served
//! by a version we deployed), and when verification fails roll back through the edge — so the edge
//! records the rollback in its own history. Nothing to do is a normal outcome, not an error.

use super::edge::{CanaryRecord, DeployRequest, Edge, EdgeDeployment, EdgeError, SmokeAnswer};
use super::lock::LockEntry;
use super::manifest::HealthCheck;
use super::plan::{plan, Action, Plan};
use super::resolve::Resolved;
use serde::Serialize;

/// What the verification after a switch saw.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verification {
    /// `/health` answered 200.
    pub healthy: bool,
    /// The smoke prediction, when the manifest has a health check.
    pub smoke: Option<SmokeAnswer>,
}

/// A successful apply.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Applied {
    /// The plan executed (its `actions` empty when nothing had to change).
    pub plan: Plan,
    /// Whether the edge was changed.
    pub changed: bool,
    /// The edge had drifted from the last applied state and now matches the manifest again.
    pub drift_corrected: bool,
    /// Bundles the edge newly stored.
    pub uploaded: Vec<String>,
    /// The deployment now served.
    pub deployment: Option<EdgeDeployment>,
    /// Post-switch checks (none when nothing changed).
    pub verification: Option<Verification>,
}

/// Why an apply did not converge. The edge is unchanged except where stated.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    /// An edge call failed before the switch (nothing switched; uploaded bundles are inert).
    #[error(transparent)]
    Edge(#[from] EdgeError),
    /// The switch was made, verification failed, and the edge was rolled back (recorded in its history).
    #[error("verification failed after switching to version {version}: {reason}; rolled back to version {}", .restored.version)]
    RolledBack {
        /// The version that failed.
        version: u32,
        /// What failed.
        reason: String,
        /// What the edge serves again.
        restored: Box<EdgeDeployment>,
    },
    /// Verification failed and the rollback failed too: the failing version may still be served.
    #[error("verification failed after switching to version {version}: {reason}; the rollback failed too: {rollback}")]
    RollbackFailed {
        /// The version that failed.
        version: u32,
        /// What failed.
        reason: String,
        /// Why the rollback failed (e.g. nothing was deployed before).
        rollback: EdgeError,
    },
}

/// Makes the edge serve `resolved` for environment `env`. `locked` is the lock file's entry for the
/// environment (for drift reporting); `health` the manifest's smoke check.
pub async fn apply<E: Edge>(
    edge: &E,
    env: &str,
    resolved: &Resolved,
    locked: Option<&LockEntry>,
    health: Option<&HealthCheck>,
) -> Result<Applied, ApplyError> {
    let observed = edge.deployment().await?;
    let plan = plan(env, &resolved.desired, observed.as_ref(), locked);
    if plan.in_sync() {
        return Ok(Applied {
            drift_corrected: false,
            changed: false,
            uploaded: vec![],
            deployment: observed,
            verification: None,
            plan,
        });
    }
    let mut uploaded = Vec::new();
    for action in &plan.actions {
        if let Action::Upload { bundle, .. } = action {
            let signed =
                resolved.bundles.iter().find(|b| &b.hash == bundle).expect("resolved bundles cover the plan");
            if edge.upload(signed).await? {
                uploaded.push(bundle.clone());
            }
        }
    }
    let desired = &resolved.desired;
    let request = DeployRequest {
        bundle: desired.primary.bundle.clone(),
        version: desired.primary.version,
        aliases: desired.primary.aliases.clone(),
        expected: observed.as_ref().map(|o| o.bundle.clone()),
        canary: desired.canary.as_ref().map(|(t, share)| CanaryRecord {
            bundle: t.bundle.clone(),
            version: t.version,
            share: *share,
        }),
    };
    let deployed = edge.switch(&request).await?;
    match verify(edge, resolved, health).await {
        Ok(verification) => Ok(Applied {
            drift_corrected: plan.drift.is_some(),
            changed: true,
            uploaded,
            deployment: Some(deployed),
            verification: Some(verification),
            plan,
        }),
        Err(reason) => match edge.rollback(&deployed.bundle).await {
            Ok(restored) => Err(ApplyError::RolledBack {
                version: deployed.version,
                reason,
                restored: Box::new(restored),
            }),
            Err(rollback) => Err(ApplyError::RollbackFailed { version: deployed.version, reason, rollback }),
        },
    }
}

/// Health, then the smoke prediction: in range and answered by a version this apply deployed.
async fn verify<E: Edge>(
    edge: &E,
    resolved: &Resolved,
    health: Option<&HealthCheck>,
) -> Result<Verification, String> {
    edge.health().await.map_err(|e| format!("/health: {e}"))?;
    let Some(check) = health else { return Ok(Verification { healthy: true, smoke: None }) };
    let desired = &resolved.desired;
    let answer =
        edge.predict(&desired.model, &check.request).await.map_err(|e| format!("smoke prediction: {e}"))?;
    let ours: Vec<u32> = std::iter::once(desired.primary.version)
        .chain(desired.canary.iter().map(|(t, _)| t.version))
        .collect();
    if let Some(v) = answer.served_version {
        if !ours.contains(&v) {
            return Err(format!("the smoke prediction was served by version {v}, not by {ours:?}"));
        }
    }
    if !(answer.prediction >= check.min && answer.prediction <= check.max) {
        return Err(format!(
            "the smoke prediction {} is outside the expected range {}..={}",
            answer.prediction, check.min, check.max
        ));
    }
    Ok(Verification { healthy: true, smoke: Some(answer) })
}

#[cfg(test)]
mod tests;
