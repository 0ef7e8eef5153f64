//! The algorithm against an in-test edge that keeps the admin API's state in memory (the real edge
//! is exercised by `tests/edge/gitops.test.mjs`).

use super::*;
use crate::deploy::edge::HistoryEntry;
use crate::deploy::resolve::{Desired, Target};
use crate::pipeline::block_on_ready;
use crate::registry::SignedBundle;
use std::cell::RefCell;

#[derive(Default)]
struct FakeEdge {
    stored: RefCell<Vec<String>>,
    current: RefCell<Option<EdgeDeployment>>,
    history: RefCell<Vec<HistoryEntry>>,
    /// What the smoke prediction returns.
    prediction: f64,
}

impl Edge for FakeEdge {
    async fn deployment(&self) -> Result<Option<EdgeDeployment>, EdgeError> {
        Ok(self.current.borrow().clone())
    }
    async fn upload(&self, bundle: &SignedBundle) -> Result<bool, EdgeError> {
        let mut stored = self.stored.borrow_mut();
        let new = !stored.contains(&bundle.hash);
        if new {
            stored.push(bundle.hash.clone());
        }
        Ok(new)
    }
    async fn switch(&self, r: &DeployRequest) -> Result<EdgeDeployment, EdgeError> {
        let current = self.current.borrow().clone();
        if current.as_ref().map(|c| c.bundle.clone()) != r.expected {
            return Err(EdgeError::Conflict { detail: "stale".into(), current: current.map(Box::new) });
        }
        if !self.stored.borrow().contains(&r.bundle) {
            return Err(EdgeError::Refused { status: 422, detail: "not stored".into() });
        }
        let d = EdgeDeployment {
            bundle: r.bundle.clone(),
            version: r.version,
            aliases: r.aliases.clone(),
            deployed_at_ms: 0,
            previous_version: current.as_ref().map(|c| c.version),
            previous: current.map(|c| c.bundle),
            canary: r.canary.clone(),
        };
        self.record("deploy", &d);
        *self.current.borrow_mut() = Some(d.clone());
        Ok(d)
    }
    async fn rollback(&self, expected: &str) -> Result<EdgeDeployment, EdgeError> {
        let current = self.current.borrow().clone();
        match current {
            Some(c) if c.bundle == expected && c.previous.is_some() => {
                let d = EdgeDeployment {
                    bundle: c.previous.clone().unwrap(),
                    version: c.previous_version.unwrap(),
                    aliases: vec![],
                    deployed_at_ms: 0,
                    previous: Some(c.bundle),
                    previous_version: Some(c.version),
                    canary: None,
                };
                self.record("rollback", &d);
                *self.current.borrow_mut() = Some(d.clone());
                Ok(d)
            }
            _ => Err(EdgeError::Conflict { detail: "no previous deployment".into(), current: None }),
        }
    }
    async fn history(&self) -> Result<Vec<HistoryEntry>, EdgeError> {
        Ok(self.history.borrow().clone())
    }
    async fn health(&self) -> Result<(), EdgeError> {
        Ok(())
    }
    async fn predict(
        &self,
        _model: &str,
        _record: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<SmokeAnswer, EdgeError> {
        let version = self.current.borrow().as_ref().map(|c| c.version);
        Ok(SmokeAnswer { prediction: self.prediction, served_version: version, variant: None })
    }
}

impl FakeEdge {
    fn record(&self, action: &str, d: &EdgeDeployment) {
        self.history.borrow_mut().insert(
            0,
            HistoryEntry {
                action: action.into(),
                bundle: d.bundle.clone(),
                version: d.version,
                aliases: d.aliases.clone(),
                canary: d.canary.clone(),
                at_ms: 0,
            },
        );
    }
}

fn resolved(version: u32) -> Resolved {
    let bytes = format!("bundle {version}").into_bytes();
    let hash = crate::registry::canonical::sha256_hex(&bytes);
    let target =
        Target { version, bundle: hash.clone(), aliases: vec![], selected_by: format!("version {version}") };
    Resolved {
        desired: Desired { model: "m".into(), primary: target, canary: None },
        bundles: vec![SignedBundle { hash, signature: "00".into(), bytes }],
    }
}

fn check(min: f64, max: f64) -> HealthCheck {
    HealthCheck { request: serde_json::Map::new(), min, max }
}

#[test]
fn apply_converges_then_changes_nothing_and_corrects_drift() {
    let edge = FakeEdge { prediction: 5.0, ..FakeEdge::default() };
    let v1 = resolved(1);
    let first = block_on_ready(apply(&edge, "prod", &v1, None, Some(&check(1.0, 10.0)))).unwrap();
    assert!(first.changed && !first.drift_corrected);
    assert_eq!(first.uploaded, vec![v1.desired.primary.bundle.clone()]);
    assert_eq!(first.verification.unwrap().smoke.unwrap().served_version, Some(1));
    let lock = LockEntry::applied(&v1.desired);
    let again = block_on_ready(apply(&edge, "prod", &v1, Some(&lock), None)).unwrap();
    assert!(!again.changed && again.plan.actions.is_empty());
    assert_eq!(edge.history.borrow().len(), 1);

    // Someone deploys version 2 by hand: drift, and apply puts version 1 back.
    let v2 = resolved(2);
    block_on_ready(apply(&edge, "prod", &v2, None, None)).unwrap();
    let fixed = block_on_ready(apply(&edge, "prod", &v1, Some(&lock), None)).unwrap();
    assert!(fixed.changed && fixed.drift_corrected);
    assert!(fixed.uploaded.is_empty(), "version 1's bundle was the previous one, still stored");
    assert_eq!(edge.current.borrow().as_ref().unwrap().version, 1);
}

#[test]
fn a_failed_smoke_check_rolls_back_through_the_edge() {
    let edge = FakeEdge { prediction: 50.0, ..FakeEdge::default() };
    block_on_ready(apply(&edge, "prod", &resolved(1), None, None)).unwrap();
    let err = block_on_ready(apply(&edge, "prod", &resolved(2), None, Some(&check(1.0, 10.0)))).unwrap_err();
    match err {
        ApplyError::RolledBack { version, reason, restored } => {
            assert_eq!((version, restored.version), (2, 1));
            assert!(reason.contains("outside the expected range 1..=10"), "{reason}");
        }
        other => panic!("expected a rollback, got {other}"),
    }
    let actions: Vec<String> = edge.history.borrow().iter().map(|h| h.action.clone()).collect();
    assert_eq!(actions, ["rollback", "deploy", "deploy"]);
}

#[test]
fn a_failed_first_deploy_cannot_roll_back_and_says_so() {
    let edge = FakeEdge { prediction: 50.0, ..FakeEdge::default() };
    let err = block_on_ready(apply(&edge, "prod", &resolved(1), None, Some(&check(1.0, 10.0)))).unwrap_err();
    assert!(matches!(err, ApplyError::RollbackFailed { version: 1, .. }), "{err}");
}

#[test]
fn a_concurrent_change_between_plan_and_switch_is_a_conflict() {
    struct Racing(FakeEdge);
    impl Edge for Racing {
        async fn deployment(&self) -> Result<Option<EdgeDeployment>, EdgeError> {
            let seen = self.0.deployment().await;
            // Another admin switches right after we read.
            let other = resolved(9);
            self.0.upload(&other.bundles[0]).await?;
            let expected = self.0.current.borrow().as_ref().map(|c| c.bundle.clone());
            let r = DeployRequest {
                bundle: other.desired.primary.bundle,
                version: 9,
                aliases: vec![],
                expected,
                canary: None,
            };
            self.0.switch(&r).await?;
            seen
        }
        async fn upload(&self, b: &SignedBundle) -> Result<bool, EdgeError> {
            self.0.upload(b).await
        }
        async fn switch(&self, r: &DeployRequest) -> Result<EdgeDeployment, EdgeError> {
            self.0.switch(r).await
        }
        async fn rollback(&self, e: &str) -> Result<EdgeDeployment, EdgeError> {
            self.0.rollback(e).await
        }
        async fn history(&self) -> Result<Vec<HistoryEntry>, EdgeError> {
            self.0.history().await
        }
        async fn health(&self) -> Result<(), EdgeError> {
            Ok(())
        }
        async fn predict(
            &self,
            m: &str,
            r: &serde_json::Map<String, serde_json::Value>,
        ) -> Result<SmokeAnswer, EdgeError> {
            self.0.predict(m, r).await
        }
    }
    let edge = Racing(FakeEdge::default());
    let err = block_on_ready(apply(&edge, "prod", &resolved(1), None, None)).unwrap_err();
    assert!(matches!(err, ApplyError::Edge(EdgeError::Conflict { .. })), "{err}");
    assert_eq!(edge.0.current.borrow().as_ref().unwrap().version, 9);
}
