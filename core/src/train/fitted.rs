//! Fitting a checked spec (the `Fit` verb) and the resulting serialisable model (`Predict`).

use ndarray::ArrayView2;
use serde::{Deserialize, Serialize};

use super::boosting::HgbModel;
use super::ensemble::EnsembleModel;
use super::knn::KnnModel;
use super::linear::LinearModel;
use super::spec::{FeatureSet, ModelKind, TargetTransform, ValidModelSpec};
use super::trees::{ForestModel, TreeModel};
use super::TrainError;
use crate::features::FeatureLayout;

/// Params + inputs + targets → a fitted model.
pub trait Fit {
    /// Fits on `x` (rows × inputs) and `y`.
    fn fit(&self, x: ArrayView2<f64>, y: &[f64]) -> Result<FittedModel, TrainError>;
}

/// Model + inputs → predictions.
pub trait Predict {
    /// One prediction per row.
    fn predict(&self, x: ArrayView2<f64>) -> Result<Vec<f64>, TrainError>;
}

/// A fitted model of any family. Serialises canonically (struct fields in order, no maps), so the
/// same seed and data give the same bytes.
#[derive(Debug, Serialize, Deserialize)]
pub enum FittedModel {
    /// Linear, ridge, lasso or elastic net.
    Linear(LinearModel),
    /// One tree.
    DecisionTree(TreeModel),
    /// A forest.
    RandomForest(ForestModel),
    /// Nearest neighbours.
    Knn(KnnModel),
    /// Gradient-boosted trees.
    Hgb(HgbModel),
    /// A weighted average of fitted models.
    Ensemble(EnsembleModel),
    /// A model fitted on `ln(1 + y)`; predictions are mapped back with `exp(p) - 1` (libm, so
    /// identical on every target).
    LogTarget(Box<FittedModel>),
    /// A model fitted on some of the inputs, in this order (a [`FeatureSet`] resolved against the
    /// preprocessor's [`FeatureLayout`]).
    Columns {
        /// Input indices the model reads.
        columns: Vec<usize>,
        /// The model.
        model: Box<FittedModel>,
    },
}

impl Fit for ValidModelSpec {
    /// Fits on every input, as they come (no log inputs to choose from).
    fn fit(&self, x: ArrayView2<f64>, y: &[f64]) -> Result<FittedModel, TrainError> {
        self.fit_in(x, y, None)
    }
}

impl ValidModelSpec {
    /// Fits on the inputs this spec's [`FeatureSet`] picks from `layout` (None: all of `x`).
    /// When the layout has log inputs, every model is wrapped in [`FittedModel::Columns`] — a plain
    /// one reads the plain inputs only — so members of one ensemble can read different inputs.
    pub fn fit_in(
        &self,
        x: ArrayView2<f64>,
        y: &[f64],
        layout: Option<&FeatureLayout>,
    ) -> Result<FittedModel, TrainError> {
        let Some(layout) = layout.filter(|l| !l.swaps.is_empty()) else { return self.fit_target(x, y, None) };
        if let ModelKind::Ensemble { .. } = self.0.model {
            // Members pick their own inputs.
            return self.fit_target(x, y, Some(layout));
        }
        let mut columns: Vec<usize> = (0..layout.base).collect();
        if self.0.features == FeatureSet::LogSkewed {
            for &(plain, log) in &layout.swaps {
                columns[plain] = log;
            }
        }
        let picked = x.select(ndarray::Axis(1), &columns);
        let model = self.fit_target(picked.view(), y, None)?;
        Ok(FittedModel::Columns { columns, model: Box::new(model) })
    }

    fn fit_target(
        &self,
        x: ArrayView2<f64>,
        y: &[f64],
        layout: Option<&FeatureLayout>,
    ) -> Result<FittedModel, TrainError> {
        if y.is_empty() {
            return Err(TrainError::NoRows);
        }
        if x.nrows() != y.len() {
            return Err(TrainError::LengthMismatch { rows: x.nrows(), targets: y.len() });
        }
        match self.0.target {
            TargetTransform::Identity => fit_kind(&self.0.model, x, y, layout),
            TargetTransform::Log1p => {
                if let Some((row, &value)) = y.iter().enumerate().find(|(_, v)| v.is_nan() || **v <= -1.0) {
                    return Err(TrainError::LogTargetDomain { row, value });
                }
                let ly: Vec<f64> = y.iter().map(|&v| libm::log1p(v)).collect();
                Ok(FittedModel::LogTarget(Box::new(fit_kind(&self.0.model, x, &ly, layout)?)))
            }
        }
    }
}

fn fit_kind(
    kind: &ModelKind,
    x: ArrayView2<f64>,
    y: &[f64],
    layout: Option<&FeatureLayout>,
) -> Result<FittedModel, TrainError> {
    Ok(match kind {
        ModelKind::Linear => FittedModel::Linear(LinearModel::fit_ridge(x, y, 0.0)),
        ModelKind::Ridge { alpha } => FittedModel::Linear(LinearModel::fit_ridge(x, y, *alpha)),
        ModelKind::Lasso { alpha } => FittedModel::Linear(LinearModel::fit_elastic_net(x, y, *alpha, 1.0)),
        ModelKind::ElasticNet { alpha, l1_ratio } => {
            FittedModel::Linear(LinearModel::fit_elastic_net(x, y, *alpha, *l1_ratio))
        }
        ModelKind::DecisionTree { max_depth, min_samples_leaf } => {
            FittedModel::DecisionTree(TreeModel::fit(x, y, *max_depth, *min_samples_leaf))
        }
        ModelKind::RandomForest { n_trees, max_depth, min_samples_leaf, seed } => {
            FittedModel::RandomForest(ForestModel::fit(x, y, *n_trees, *max_depth, *min_samples_leaf, *seed))
        }
        ModelKind::Knn { k } => FittedModel::Knn(KnnModel::fit(x, y, *k)),
        ModelKind::Hgb(p) => FittedModel::Hgb(HgbModel::fit(x, y, p)),
        ModelKind::Ensemble { members } => FittedModel::Ensemble(EnsembleModel {
            weights: members.iter().map(|m| m.weight).collect(),
            members: members
                .iter()
                .map(|m| ValidModelSpec(m.spec.clone()).fit_in(x, y, layout))
                .collect::<Result<_, _>>()?,
        }),
    })
}

impl FittedModel {
    /// Number of inputs the model was fitted on, when it records it.
    fn width(&self) -> Option<usize> {
        match self {
            FittedModel::Linear(m) => Some(m.coef.len()),
            FittedModel::Knn(m) => Some(m.width),
            FittedModel::LogTarget(m) => m.width(),
            FittedModel::Ensemble(m) => m.members.iter().find_map(FittedModel::width),
            // The inputs it reads are checked when it selects them.
            _ => None,
        }
    }
}

impl Predict for FittedModel {
    fn predict(&self, x: ArrayView2<f64>) -> Result<Vec<f64>, TrainError> {
        if let Some(expected) = self.width().filter(|&w| w != x.ncols()) {
            return Err(TrainError::WidthMismatch { expected, found: x.ncols() });
        }
        Ok(match self {
            FittedModel::Linear(m) => m.predict(x),
            FittedModel::DecisionTree(m) => m.predict(x),
            FittedModel::RandomForest(m) => m.predict(x),
            FittedModel::Knn(m) => m.predict(x),
            FittedModel::Hgb(m) => m.predict(x),
            FittedModel::Ensemble(m) => m.predict(x)?,
            FittedModel::LogTarget(m) => m.predict(x)?.into_iter().map(libm::expm1).collect(),
            FittedModel::Columns { columns, model } => {
                if let Some(&beyond) = columns.iter().find(|&&c| c >= x.ncols()) {
                    return Err(TrainError::WidthMismatch { expected: beyond + 1, found: x.ncols() });
                }
                model.predict(x.select(ndarray::Axis(1), columns).view())?
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::{Member, ModelKind, ModelSpec};
    use ndarray::array;

    #[test]
    fn log_target_rejects_targets_at_or_below_minus_one() {
        let spec = ModelSpec::new(ModelKind::Linear).log_target().check().unwrap();
        let err = spec.fit(array![[1.0], [2.0]].view(), &[3.0, -1.0]).unwrap_err();
        assert_eq!(err, TrainError::LogTargetDomain { row: 1, value: -1.0 });
    }

    #[test]
    fn log_linear_fits_exponential_target() {
        let x = array![[0.0], [1.0], [2.0], [3.0]];
        let y: Vec<f64> = (0..4).map(|i| libm::expm1(0.5 * i as f64 + 1.0)).collect();
        let m = ModelSpec::new(ModelKind::Linear).log_target().check().unwrap().fit(x.view(), &y).unwrap();
        let p = m.predict(x.view()).unwrap();
        assert!(p.iter().zip(&y).all(|(a, b)| (a - b).abs() < 1e-9 * b.abs()));
    }

    #[test]
    fn width_mismatch_is_an_error() {
        let m = ModelSpec::new(ModelKind::Linear)
            .check()
            .unwrap()
            .fit(array![[1.0], [2.0]].view(), &[1.0, 2.0])
            .unwrap();
        assert_eq!(
            m.predict(array![[1.0, 2.0]].view()).unwrap_err(),
            TrainError::WidthMismatch { expected: 1, found: 2 }
        );
    }

    #[test]
    fn every_family_fits_and_round_trips_through_json() {
        let x = ndarray::Array2::from_shape_fn((60, 2), |(i, j)| ((i * 7 + j * 3) % 11) as f64);
        let y: Vec<f64> = x.rows().into_iter().map(|r| r[0] * 2.0 + r[1]).collect();
        let kinds = [
            ModelKind::Linear,
            ModelKind::Ridge { alpha: 1.0 },
            ModelKind::Lasso { alpha: 0.1 },
            ModelKind::ElasticNet { alpha: 0.1, l1_ratio: 0.5 },
            ModelKind::DecisionTree { max_depth: None, min_samples_leaf: 1 },
            ModelKind::RandomForest { n_trees: 5, max_depth: None, min_samples_leaf: 1, seed: 1 },
            ModelKind::Knn { k: 5 },
            ModelKind::Hgb(Default::default()),
            ModelKind::Ensemble {
                members: vec![
                    Member { weight: 0.25, spec: ModelSpec::new(ModelKind::Linear).log_target() },
                    Member { weight: 0.75, spec: ModelSpec::new(ModelKind::Knn { k: 3 }) },
                ],
            },
        ];
        for kind in kinds {
            let m = ModelSpec::new(kind).check().unwrap().fit(x.view(), &y).unwrap();
            let json = serde_json::to_string(&m).unwrap();
            let back: FittedModel = serde_json::from_str(&json).unwrap();
            assert_eq!(back.predict(x.view()).unwrap(), m.predict(x.view()).unwrap());
            assert_eq!(serde_json::to_string(&back).unwrap(), json);
        }
    }
}
