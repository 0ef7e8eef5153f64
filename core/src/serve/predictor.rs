//! The one thing serving needs from a trained model: predictions for a validated table.

use serde_json::json;

use super::batch::Batch;
use super::error::{ApiError, FieldError, LocPart};

/// A model that predicts one number per row. Implemented by the registry's model bundle
/// (preprocessor + fitted model); the rows always match the bundle's signature, in its column order.
pub trait Predictor {
    /// One prediction per row of `rows`, in order.
    fn predict(&self, rows: &crate::data::Table) -> Result<Vec<f64>, PredictorError>;
}

/// A boxed predictor predicts, so a worker can serve bundles of different model types side by side
/// (`ServedModel<Box<dyn Predictor>>`).
impl<P: Predictor + ?Sized> Predictor for Box<P> {
    fn predict(&self, rows: &crate::data::Table) -> Result<Vec<f64>, PredictorError> {
        (**self).predict(rows)
    }
}

/// A model failure that is not the request's fault (answered with 500).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct PredictorError(pub String);

/// Predicts a batch and checks the answer: one finite number per row. A non-finite prediction comes
/// from inputs so far outside training that the model overflows (ranges are not enforced), so it is
/// the request's 422 naming the rows, never a 500 or a `null` in the answer.
pub(crate) fn predict_batch<P: Predictor + ?Sized>(model: &P, batch: &Batch) -> Result<Vec<f64>, ApiError> {
    let predictions = model.predict(batch.table()).map_err(|e| ApiError::Internal(e.0))?;
    if predictions.len() != batch.n_rows() {
        return Err(ApiError::Internal(format!(
            "model returned {} predictions for {} rows",
            predictions.len(),
            batch.n_rows()
        )));
    }
    let bad: Vec<FieldError> = predictions
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.is_finite())
        .map(|(row, _)| {
            FieldError::new(
                vec![LocPart::Key("body".into()), LocPart::Index(row)],
                "prediction_not_finite",
                "the model's prediction for this row is not a finite number: its inputs are too far \
                 outside the training range (see x-training-range in the OpenAPI schema)",
            )
            .with_ctx(json!({ "row": row }))
        })
        .collect();
    if !bad.is_empty() {
        return Err(ApiError::Validation(bad));
    }
    Ok(predictions)
}
