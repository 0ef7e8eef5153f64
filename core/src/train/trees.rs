//! Decision tree and random forest from smartcore, with scikit-learn's regression defaults
//! (every feature considered at each split) and explicit seeds.

use ndarray::ArrayView2;
use serde::{Deserialize, Serialize};
use smartcore::ensemble::random_forest_regressor::{RandomForestRegressor, RandomForestRegressorParameters};
use smartcore::linalg::basic::matrix::DenseMatrix;
use smartcore::tree::decision_tree_regressor::{DecisionTreeRegressor, DecisionTreeRegressorParameters};

use super::TrainError;

/// smartcore's fitted regression tree over dense `f64` inputs.
pub type SmartTree = DecisionTreeRegressor<f64, f64, DenseMatrix<f64>, Vec<f64>>;
/// smartcore's fitted random forest over dense `f64` inputs.
pub type SmartForest = RandomForestRegressor<f64, f64, DenseMatrix<f64>, Vec<f64>>;

/// A fitted tree model (wrapped so it can live in a serialisable enum).
#[derive(Debug, Serialize, Deserialize)]
pub struct TreeModel(pub SmartTree);

/// A fitted forest.
#[derive(Debug, Serialize, Deserialize)]
pub struct ForestModel(pub SmartForest);

fn dense(x: ArrayView2<f64>) -> DenseMatrix<f64> {
    let (n, p) = x.dim();
    DenseMatrix::new(n, p, x.iter().copied().collect(), false).expect("shape matches the buffer")
}

fn failed(model: &str, e: impl std::fmt::Display) -> TrainError {
    TrainError::Model { model: model.into(), message: e.to_string() }
}

impl TreeModel {
    /// Fits a CART regression tree.
    pub fn fit(
        x: ArrayView2<f64>,
        y: &[f64],
        max_depth: Option<u16>,
        min_samples_leaf: usize,
        seed: u64,
    ) -> Result<Self, TrainError> {
        let mut p = DecisionTreeRegressorParameters::default().with_min_samples_leaf(min_samples_leaf);
        p.max_depth = max_depth;
        p.seed = Some(seed);
        SmartTree::fit(&dense(x), &y.to_vec(), p).map(TreeModel).map_err(|e| failed("decision tree", e))
    }

    /// Predicts one value per row.
    pub fn predict(&self, x: ArrayView2<f64>) -> Result<Vec<f64>, TrainError> {
        self.0.predict(&dense(x)).map_err(|e| failed("decision tree", e))
    }
}

impl ForestModel {
    /// Fits a bootstrap forest considering every feature at each split (scikit-learn's
    /// `max_features=1.0` for regression; smartcore's default would be √p).
    pub fn fit(
        x: ArrayView2<f64>,
        y: &[f64],
        n_trees: usize,
        max_depth: Option<u16>,
        min_samples_leaf: usize,
        seed: u64,
    ) -> Result<Self, TrainError> {
        let p = RandomForestRegressorParameters {
            max_depth,
            min_samples_leaf,
            min_samples_split: 2,
            n_trees,
            m: Some(x.ncols()),
            keep_samples: false,
            seed,
        };
        SmartForest::fit(&dense(x), &y.to_vec(), p).map(ForestModel).map_err(|e| failed("random forest", e))
    }

    /// Predicts one value per row (mean over trees).
    pub fn predict(&self, x: ArrayView2<f64>) -> Result<Vec<f64>, TrainError> {
        self.0.predict(&dense(x)).map_err(|e| failed("random forest", e))
    }
}
