//! The current champion scored on this run's test rows: what the gate must beat.

use super::artifacts::TrainingData;
use crate::data::Split;
use crate::pipeline::TaskError;
use crate::registry::{Bundle, ModelBundle, Registry, CHAMPION};
use crate::store::Store;
use crate::train::Metrics;

/// `(version, metrics on the test rows)` of `model@champion`, or `None` when there is no champion.
pub async fn champion_on_test_rows<S: Store>(
    registry: &Registry<'_, S>,
    model: &str,
    data: &TrainingData,
    split: &Split,
) -> Result<Option<(u32, Metrics)>, TaskError> {
    let Some(version) = registry.alias(model, CHAMPION).await.map_err(TaskError::transient)? else {
        return Ok(None);
    };
    let record = registry
        .get_version(model, version)
        .await
        .map_err(TaskError::transient)?
        .ok_or_else(|| TaskError::fatal(format!("champion version {version} of `{model}` is missing")))?;
    let signed = registry
        .get_bundle(&record.bundle_hash)
        .await
        .map_err(TaskError::transient)?
        .ok_or_else(|| TaskError::fatal(format!("champion bundle {} is missing", record.bundle_hash)))?;
    let bundle: Bundle<ModelBundle> = Bundle::from_bytes(&signed.bytes).map_err(TaskError::fatal)?;
    let test = data.table.take_rows(&split.test);
    let metrics = bundle.content.model.evaluate(&test).map_err(|e| {
        TaskError::fatal(format!("the champion (version {version}) cannot score this run's test rows: {e}"))
    })?;
    Ok(Some((version, metrics)))
}
