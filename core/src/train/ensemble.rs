//! A weighted average of fitted models — what a CV-chosen blend of candidates becomes, as an
//! ordinary serialisable model with the same determinism guarantees as its members.

use ndarray::ArrayView2;
use serde::{Deserialize, Serialize};

use super::fitted::{FittedModel, Predict};
use super::spec::ModelSpec;
use super::TrainError;

/// One member of an ensemble spec: a model and its share of the prediction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    /// Share of the prediction (> 0; an ensemble's weights sum to 1).
    pub weight: f64,
    /// The member's own spec, target transform included.
    pub spec: ModelSpec,
}

/// Fitted members and their weights; predicts `Σ weight · member`, summed in member order so the
/// result is the same on every target.
#[derive(Debug, Serialize, Deserialize)]
pub struct EnsembleModel {
    /// Weights, one per member.
    pub weights: Vec<f64>,
    /// Fitted members.
    pub members: Vec<FittedModel>,
}

impl EnsembleModel {
    /// Weighted sum of the members' predictions.
    pub fn predict(&self, x: ArrayView2<f64>) -> Result<Vec<f64>, TrainError> {
        let mut out = vec![0.0; x.nrows()];
        for (w, m) in self.weights.iter().zip(&self.members) {
            for (o, p) in out.iter_mut().zip(m.predict(x)?) {
                *o += w * p;
            }
        }
        Ok(out)
    }
}

/// Checks an ensemble's members: at least one, positive weights summing to 1, no nesting.
pub(super) fn invalid_members(members: &[Member]) -> Option<String> {
    if members.is_empty() {
        return Some("an ensemble needs at least one member".into());
    }
    if let Some(m) = members.iter().find(|m| !(m.weight > 0.0 && m.weight.is_finite())) {
        return Some(format!("member weights must be > 0, got {}", m.weight));
    }
    let total: f64 = members.iter().map(|m| m.weight).sum();
    if (total - 1.0).abs() > 1e-9 {
        return Some(format!("member weights must sum to 1, got {total}"));
    }
    members.iter().find_map(|m| match &m.spec.model {
        super::spec::ModelKind::Ensemble { .. } => Some("ensembles cannot be nested".to_string()),
        _ => m.spec.clone().check().err().map(|e| e.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::{ModelKind, TrainError};

    fn member(weight: f64, model: ModelKind) -> Member {
        Member { weight, spec: ModelSpec::new(model) }
    }

    fn reason(members: Vec<Member>) -> String {
        match ModelSpec::new(ModelKind::Ensemble { members }).check().unwrap_err() {
            TrainError::InvalidSpec { reason, .. } => reason,
            other => panic!("{other}"),
        }
    }

    #[test]
    fn weights_must_be_positive_and_sum_to_one() {
        assert!(reason(vec![]).contains("at least one"));
        assert!(reason(vec![member(0.5, ModelKind::Linear)]).contains("sum to 1"));
        assert!(reason(vec![member(1.5, ModelKind::Linear), member(-0.5, ModelKind::Linear)]).contains("> 0"));
    }

    #[test]
    fn members_are_checked_and_cannot_nest() {
        assert!(reason(vec![member(1.0, ModelKind::Ridge { alpha: -1.0 })]).contains("alpha"));
        let inner = ModelKind::Ensemble { members: vec![member(1.0, ModelKind::Linear)] };
        assert!(reason(vec![member(1.0, inner)]).contains("nested"));
    }
}
