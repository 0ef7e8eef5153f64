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
    /// Also output a log input per right-skewed non-negative numeric column ([`super::LogFeature`]),
    /// after all the others. Off unless a model asks for it (absent from the bytes when off).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub log_features: bool,
}

/// Settings that passed [`PreprocessorParams::check`]; only these can fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidPreprocessorParams(PreprocessorParams);

impl PreprocessorParams {
    /// Settings for `target`, rejecting unknown categories (what serving wants).
    pub fn new(target: impl Into<String>) -> Self {
        PreprocessorParams {
            target: target.into(),
            unknown_category: UnknownCategory::Error,
            log_features: false,
        }
    }

    /// Sets the unknown-category policy.
    pub fn unknown_category(mut self, policy: UnknownCategory) -> Self {
        self.unknown_category = policy;
        self
    }

    /// Turns the log inputs on or off.
    pub fn log_features(mut self, on: bool) -> Self {
        self.log_features = on;
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

    /// The same settings with the log inputs on or off.
    pub fn with_log_features(&self, on: bool) -> ValidPreprocessorParams {
        ValidPreprocessorParams(self.0.clone().log_features(on))
    }

    /// Learns the preprocessing from training rows.
    pub fn fit(&self, table: &Table) -> Result<Preprocessor, FeatureError> {
        Preprocessor::fit(&self.0, table)
    }
}
