//! Model specifications: what to train, checked once before any fitting.

use serde::{Deserialize, Serialize};

use super::boosting::HgbParams;
use super::ensemble::{invalid_members, Member};
use super::TrainError;

/// A model family with its hyperparameters (defaults follow scikit-learn's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ModelKind {
    /// Ordinary least squares (`LinearRegression`).
    Linear,
    /// L2-penalised least squares (`Ridge(alpha)`).
    Ridge {
        /// Penalty strength (> 0).
        alpha: f64,
    },
    /// L1-penalised least squares (`Lasso(alpha)`).
    Lasso {
        /// Penalty strength (> 0).
        alpha: f64,
    },
    /// Mixed L1/L2 penalty (`ElasticNet(alpha, l1_ratio)`).
    ElasticNet {
        /// Penalty strength (> 0).
        alpha: f64,
        /// Share of L1 in `[0, 1]`.
        l1_ratio: f64,
    },
    /// One CART tree.
    DecisionTree {
        /// Depth limit (`None` = grow until pure).
        max_depth: Option<u16>,
        /// Minimum rows in a leaf.
        min_samples_leaf: usize,
    },
    /// Bootstrap forest of CART trees.
    RandomForest {
        /// Trees.
        n_trees: usize,
        /// Depth limit.
        max_depth: Option<u16>,
        /// Minimum rows in a leaf.
        min_samples_leaf: usize,
        /// Bootstrap seed.
        seed: u64,
    },
    /// k-nearest neighbours.
    Knn {
        /// Neighbours averaged.
        k: usize,
    },
    /// Histogram gradient boosting.
    Hgb(HgbParams),
    /// A weighted average of other models (what automatic selection builds from its best
    /// candidates' out-of-fold predictions).
    Ensemble {
        /// Members with weights summing to 1.
        members: Vec<Member>,
    },
}

/// How the target is transformed before fitting (and inverted after predicting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum TargetTransform {
    /// Fit the target as is.
    #[default]
    Identity,
    /// Fit `ln(1 + y)`, predict `exp(p) - 1`: suits skewed positive targets such as prices.
    Log1p,
}

/// Which preprocessed inputs a model sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum FeatureSet {
    /// The standardised and one-hot inputs.
    #[default]
    Plain,
    /// The same, with every right-skewed non-negative numeric column's input replaced by its
    /// standardised `ln(1 + value)` ([`crate::features::LogFeature`]): a power law such as
    /// price ∝ area^b becomes linear for a model on a log target.
    LogSkewed,
}

impl FeatureSet {
    fn is_plain(&self) -> bool {
        *self == FeatureSet::Plain
    }
}

/// What to train: a model family, a target transform and its inputs. Unchecked; see
/// [`ModelSpec::check`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelSpec {
    /// Model family and hyperparameters.
    pub model: ModelKind,
    /// Target transform.
    pub target: TargetTransform,
    /// Inputs (absent from the bytes when plain, so specs without log inputs serialise as before).
    #[serde(default, skip_serializing_if = "FeatureSet::is_plain")]
    pub features: FeatureSet,
}

/// A spec whose parameters passed [`ModelSpec::check`]; only these can be fitted.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidModelSpec(pub(super) ModelSpec);

impl ModelSpec {
    /// A spec fitting the raw target.
    pub fn new(model: ModelKind) -> Self {
        ModelSpec { model, target: TargetTransform::Identity, features: FeatureSet::Plain }
    }

    /// The same model on a `log1p` target.
    pub fn log_target(mut self) -> Self {
        self.target = TargetTransform::Log1p;
        self
    }

    /// The same model on the log inputs of skewed columns ([`FeatureSet::LogSkewed`]).
    pub fn log_features(mut self) -> Self {
        self.features = FeatureSet::LogSkewed;
        self
    }

    /// Whether fitting this spec needs the preprocessor's log inputs (it, or an ensemble member).
    pub fn uses_log_features(&self) -> bool {
        self.features == FeatureSet::LogSkewed
            || matches!(&self.model, ModelKind::Ensemble { members } if members.iter().any(|m| m.spec.uses_log_features()))
    }

    /// A short readable name, e.g. `ridge(alpha=1)` or `log-linear`.
    pub fn name(&self) -> String {
        let base = match &self.model {
            ModelKind::Linear => "linear".to_string(),
            ModelKind::Ridge { alpha } => format!("ridge(alpha={alpha})"),
            ModelKind::Lasso { alpha } => format!("lasso(alpha={alpha})"),
            ModelKind::ElasticNet { alpha, l1_ratio } => {
                format!("elastic_net(alpha={alpha}, l1_ratio={l1_ratio})")
            }
            ModelKind::DecisionTree { max_depth, min_samples_leaf } => {
                format!("decision_tree(max_depth={max_depth:?}, min_samples_leaf={min_samples_leaf})")
            }
            ModelKind::RandomForest { n_trees, .. } => format!("random_forest(n_trees={n_trees})"),
            ModelKind::Knn { k } => format!("knn(k={k})"),
            ModelKind::Hgb(p) => {
                format!(
                    "hist_gradient_boosting(max_iter={}, lr={}, subsample={}, max_leaf_nodes={}, min_samples_leaf={})",
                    p.max_iter, p.learning_rate, p.subsample, p.max_leaf_nodes, p.min_samples_leaf
                )
            }
            ModelKind::Ensemble { members } => {
                let parts: Vec<String> =
                    members.iter().map(|m| format!("{:.3}×{}", m.weight, m.spec.name())).collect();
                format!("ensemble({})", parts.join(" + "))
            }
        };
        let named = match self.target {
            TargetTransform::Identity => base,
            TargetTransform::Log1p => format!("log-{base}"),
        };
        match self.features {
            FeatureSet::Plain => named,
            FeatureSet::LogSkewed => format!("{named}[log1p skewed inputs]"),
        }
    }

    /// Validates every hyperparameter.
    pub fn check(self) -> Result<ValidModelSpec, TrainError> {
        let bad = |reason: String| TrainError::InvalidSpec { model: self.name(), reason };
        let positive = |name: &str, v: f64| {
            (v > 0.0 && v.is_finite()).then_some(()).ok_or(format!("{name} must be > 0, got {v}"))
        };
        let r = match &self.model {
            ModelKind::Linear => Ok(()),
            ModelKind::Ridge { alpha } | ModelKind::Lasso { alpha } => positive("alpha", *alpha),
            ModelKind::ElasticNet { alpha, l1_ratio } => positive("alpha", *alpha).and_then(|_| {
                (0.0..=1.0)
                    .contains(l1_ratio)
                    .then_some(())
                    .ok_or(format!("l1_ratio must be in [0, 1], got {l1_ratio}"))
            }),
            ModelKind::DecisionTree { min_samples_leaf, .. } => {
                (*min_samples_leaf >= 1).then_some(()).ok_or("min_samples_leaf must be >= 1".into())
            }
            ModelKind::RandomForest { n_trees, min_samples_leaf, .. } => (*n_trees >= 1
                && *min_samples_leaf >= 1)
                .then_some(())
                .ok_or("n_trees and min_samples_leaf must be >= 1".into()),
            ModelKind::Knn { k } => (*k >= 1).then_some(()).ok_or("k must be >= 1".into()),
            ModelKind::Hgb(p) => p.invalid().map_or(Ok(()), Err),
            ModelKind::Ensemble { members } => invalid_members(members).map_or(Ok(()), Err),
        };
        r.map_err(bad)?;
        Ok(ValidModelSpec(self))
    }
}

impl ValidModelSpec {
    /// The checked spec.
    pub fn spec(&self) -> &ModelSpec {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negative_alpha_is_rejected_before_fitting() {
        let err = ModelSpec::new(ModelKind::Ridge { alpha: -1.0 }).check().unwrap_err();
        assert!(matches!(err, TrainError::InvalidSpec { ref reason, .. } if reason.contains("alpha")));
    }

    #[test]
    fn names_say_model_and_transform() {
        assert_eq!(ModelSpec::new(ModelKind::Linear).log_target().name(), "log-linear");
        let logx = ModelSpec::new(ModelKind::Ridge { alpha: 10.0 }).log_target().log_features();
        assert_eq!(logx.name(), "log-ridge(alpha=10)[log1p skewed inputs]");
        assert!(logx.uses_log_features());
        let member = |spec| Member { weight: 0.5, spec };
        let mixed =
            ModelKind::Ensemble { members: vec![member(ModelSpec::new(ModelKind::Linear)), member(logx)] };
        assert!(ModelSpec::new(mixed).uses_log_features());
        assert!(!ModelSpec::new(ModelKind::Linear).uses_log_features());
        let json = serde_json::to_string(&ModelSpec::new(ModelKind::Linear)).unwrap();
        assert!(!json.contains("features"), "{json}");
    }
}
