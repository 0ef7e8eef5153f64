//! Fitted preprocessing applied identically in training and serving: numeric columns are
//! median-imputed then standardised (population std, like scikit-learn's `StandardScaler`);
//! categorical columns are most-frequent-imputed then one-hot encoded over the levels seen in
//! training, with an explicit policy for unknown categories; on request, right-skewed
//! non-negative numeric columns also get a standardised log input ([`LogFeature`]).
//!
//! Not here: parsing text into a [`Table`](crate::data::Table) (that is `data`, which also
//! canonicalises categorical text, so a fitted [`Preprocessor`] maps categories by their canonical
//! level string).

mod categorical;
mod error;
mod log_feature;
mod numeric;
mod params;
mod preprocessor;

pub use categorical::{CategoricalEncoding, UnknownCategory};
pub use error::FeatureError;
pub use log_feature::{LogFeature, SKEW_THRESHOLD};
pub use numeric::NumericScaling;
pub use params::{PreprocessorParams, ValidPreprocessorParams};
pub use preprocessor::{target_values, FeatureLayout, FeatureStep, Matrix, Preprocessor};
