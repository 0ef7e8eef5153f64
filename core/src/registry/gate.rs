//! The proof a candidate passed the quality gate. Promotion to `champion` requires one, so no code
//! path can promote an ungated model.
//!
//! The only way to get one is [`judge`], which runs `train`'s quality gate itself: a
//! `GateDecision` (plain data) cannot be forged into a promotion. It records which champion the candidate was compared against; promotion moves the
//! alias only if that is still the champion, so a concurrent promotion makes this one conflict
//! instead of silently replacing a model the candidate never beat.

use crate::train::{evaluate_gate, GateDecision, GateThresholds, Metrics};

/// Runs the quality gate for the candidate bundle `bundle_hash` of `model`: its test metrics against
/// `thresholds` and against the current champion (`(version, metrics on the same test rows)`).
/// Returns the decision, plus the promotion token when it passed.
pub fn judge(
    model: &str,
    bundle_hash: &str,
    challenger: &Metrics,
    champion: Option<(u32, &Metrics)>,
    thresholds: &GateThresholds,
) -> (GateDecision, Option<GatePassed>) {
    let decision = evaluate_gate(challenger, champion.map(|c| c.1), thresholds);
    let token = decision
        .passed
        .then(|| GatePassed::new(model, bundle_hash, champion.map(|c| c.0), &decision.reasons.join("; ")));
    (decision, token)
}

/// A passed gate decision for one candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatePassed {
    model: String,
    bundle_hash: String,
    compared_with: Option<u32>,
    summary: String,
}

impl GatePassed {
    /// Issued by [`judge`] (and registry tests) only.
    pub(crate) fn new(model: &str, bundle_hash: &str, compared_with: Option<u32>, summary: &str) -> Self {
        GatePassed {
            model: model.to_string(),
            bundle_hash: bundle_hash.to_string(),
            compared_with,
            summary: summary.to_string(),
        }
    }

    /// The registered model the decision is for.
    pub fn model(&self) -> &str {
        &self.model
    }

    /// The candidate bundle that passed.
    pub fn bundle_hash(&self) -> &str {
        &self.bundle_hash
    }

    /// The champion version it was compared against (`None`: there was no champion).
    pub fn compared_with(&self) -> Option<u32> {
        self.compared_with
    }

    /// The gate's explanation (thresholds met, margin over the champion).
    pub fn summary(&self) -> &str {
        &self.summary
    }
}
