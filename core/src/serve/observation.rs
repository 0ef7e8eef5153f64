//! What a successful prediction saw, handed back to the host so it can sample live traffic for drift
//! monitoring without parsing the request a second time.

use super::batch::Batch;
use crate::data::Table;

/// The validated input rows of one prediction request and the model's answers, row for row.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    /// The rows as the model saw them: one column per signature field, categorical levels of the signature.
    pub rows: Table,
    /// One prediction per row.
    pub predictions: Vec<f64>,
}

impl Observation {
    pub(crate) fn new(batch: Batch, predictions: Vec<f64>) -> Self {
        Observation { rows: batch.into_table(), predictions }
    }
}
