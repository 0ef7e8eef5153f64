//! Model specs, fitting, metrics, cross-validation, grid search and the quality gate.
//!
//! Flow: a [`ModelSpec`] is checked into a [`ValidModelSpec`], which [`Fit`]s a [`FittedModel`]
//! on a matrix from [`crate::features`]; [`TrainedModel`] bundles both for tables. [`select`]
//! picks among candidates on validation rows or by cross-validation; [`evaluate_gate`] decides
//! promotion on test rows.

mod blend;
mod boosting;
mod cross_validation;
mod ensemble;
mod error;
mod fitted;
mod gate;
mod knn;
mod linalg;
mod linear;
pub mod metrics;
mod seeded;
mod selection;
mod spec;
mod trained;
mod trees;

pub use boosting::{EarlyStopping, HgbModel, HgbParams, Tree, TreeNode};
pub use cross_validation::{cross_validate, CvScore, Fold, KFold};
pub use ensemble::{EnsembleModel, Member};
pub use error::TrainError;
pub use fitted::{Fit, FittedModel, Predict};
pub use gate::{evaluate_gate, GateDecision, GateThresholds};
pub use knn::KnnModel;
pub use linear::LinearModel;
pub use metrics::Metrics;
pub use selection::{
    auto_candidates, auto_select, ridge_grid, select, CandidateScore, Selection, Validation, CV_REPEATS,
    CV_ROW_LIMIT,
};
pub use spec::{FeatureSet, ModelKind, ModelSpec, TargetTransform, ValidModelSpec};
pub use trained::TrainedModel;
pub use trees::{CartNode, ForestModel, TreeModel};
