//! A model together with the preprocessing it was trained behind: tables in, predictions out.

use serde::{Deserialize, Serialize};

use super::fitted::{FittedModel, Predict};
use super::metrics::Metrics;
use super::spec::{ModelSpec, ValidModelSpec};
use super::TrainError;
use crate::data::Table;
use crate::features::{Preprocessor, ValidPreprocessorParams};

/// Preprocessor + fitted model + the spec that produced them.
#[derive(Debug, Serialize, Deserialize)]
pub struct TrainedModel {
    /// What was trained.
    pub spec: ModelSpec,
    /// Fitted preprocessing.
    pub preprocessor: Preprocessor,
    /// Fitted model.
    pub model: FittedModel,
}

impl TrainedModel {
    /// Fits preprocessing then the model on the training table. The preprocessor computes log
    /// inputs only when the spec (or one of its ensemble members) reads them, so a model without
    /// them is trained and serialised exactly as before they existed.
    pub fn fit(
        spec: &ValidModelSpec,
        pre: &ValidPreprocessorParams,
        train: &Table,
    ) -> Result<Self, TrainError> {
        let preprocessor = pre.with_log_features(spec.spec().uses_log_features()).fit(train)?;
        let x = preprocessor.transform(train)?;
        let y = preprocessor.target(train)?;
        let model = spec.fit_in(x.view(), &y, Some(&preprocessor.layout()))?;
        Ok(TrainedModel { spec: spec.spec().clone(), preprocessor, model })
    }

    /// Predicts every row of `table` (the target column, if present, is ignored).
    pub fn predict(&self, table: &Table) -> Result<Vec<f64>, TrainError> {
        let x = self.preprocessor.transform(table)?;
        self.model.predict(x.view())
    }

    /// Metrics on a table that carries the target.
    pub fn evaluate(&self, table: &Table) -> Result<Metrics, TrainError> {
        let truth = self.preprocessor.target(table)?;
        Ok(Metrics::compute(&self.predict(table)?, &truth))
    }
}
