//! Preprocessing hyperparameters, checked once (linfa's `ParamGuard` pattern).

use serde::{Deserialize, Serialize};

use super::{FeatureError, Preprocessor, UnknownCategory};
use crate::data::Table;

/// Unchecked preprocessing settings, as read from a pipeline definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreprocessorParams {
    /// Name of the numeric target column, set aside from the features.
    pub target: String,
    /// Policy for categories unseen in training.
    pub unknown_category: UnknownCategory,
}

/// Settings that passed [`PreprocessorParams::check`]; only these can fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidPreprocessorParams(PreprocessorParams);

impl PreprocessorParams {
    /// Settings for `target`, rejecting unknown categories (what serving wants).
    pub fn new(target: impl Into<String>) -> Self {
        PreprocessorParams { target: target.into(), unknown_category: UnknownCategory::Error }
    }

    /// Sets the unknown-category policy.
    pub fn unknown_category(mut self, policy: UnknownCategory) -> Self {
        self.unknown_category = policy;
        self
    }

    /// Validates the settings against nothing but themselves (the table is checked at fit).
    pub fn check(self) -> Result<ValidPreprocessorParams, FeatureError> {
        if self.target.trim().is_empty() {
            return Err(FeatureError::MissingTarget(self.target));
        }
        Ok(ValidPreprocessorParams(self))
    }
}

impl ValidPreprocessorParams {
    /// The checked settings.
    pub fn params(&self) -> &PreprocessorParams {
        &self.0
    }

    /// Learns the preprocessing from training rows.
    pub fn fit(&self, table: &Table) -> Result<Preprocessor, FeatureError> {
        Preprocessor::fit(&self.0, table)
    }
}
