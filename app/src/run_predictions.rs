//! A run's test-row predictions, recomputed from the run's own stored artefacts (the dataset
//! version, the seeded split and the fitted model, all content-addressed), so the charts show
//! exactly what `evaluate` scored — without storing a second copy of them.

use hearth_core::features::target_values;
use hearth_core::pipeline::training::{DATASET, MODEL, SPLIT};
use hearth_core::store::Store;

use crate::stored_run::{artifact, StoredRun};

/// One held-out row: what the model said and what was true.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TestPoint {
    /// The true target value.
    pub actual: f64,
    /// The model's prediction.
    pub predicted: f64,
}

impl TestPoint {
    /// `actual − predicted`, the sign convention of the residual chart.
    pub fn residual(self) -> f64 {
        self.actual - self.predicted
    }
}

/// Test-row predictions of `run`'s chosen model; an error names the artefact that is missing.
pub async fn test_points<S: Store>(store: &S, run: &StoredRun) -> Result<Vec<TestPoint>, String> {
    let missing =
        |what: &str| format!("run {} has no stored {what}: it stopped before evaluation", run.run.id);
    let data = artifact(store, &run.report, &DATASET).await?.ok_or_else(|| missing("dataset"))?;
    let split = artifact(store, &run.report, &SPLIT).await?.ok_or_else(|| missing("split"))?;
    let model = artifact(store, &run.report, &MODEL).await?.ok_or_else(|| missing("model"))?;
    let test = data.table.take_rows(&split.test);
    let actual = target_values(&test, &data.schema.target).map_err(|e| e.to_string())?;
    let predicted = model.predict(&test).map_err(|e| e.to_string())?;
    Ok(actual.into_iter().zip(predicted).map(|(actual, predicted)| TestPoint { actual, predicted }).collect())
}
