//! The default training pipeline's task catalog, wired to a dataset source, a registry and a key.

use super::{DatasetSource, Evaluate, Gate, Ingest, Promote, Register, SplitRows, TrainCandidates, Validate};
use crate::pipeline::{BindError, Pipeline, PipelineDefinition, TaskCatalog};
use crate::registry::{BundleSigningKey, Registry};
use crate::store::Store;

/// Binds `definition` (e.g. [`PipelineDefinition::default_pipeline`]) to the training tasks:
/// `ingest`, `validate`, `split`, `train`, `evaluate`, `gate`, `register`, `promote`.
pub fn training_pipeline<'t, S: Store>(
    definition: PipelineDefinition,
    source: &'t dyn DatasetSource,
    store: &'t S,
    signing_key: &'t BundleSigningKey,
    now_ms: &'t dyn Fn() -> u64,
) -> Result<Pipeline<'t>, BindError> {
    let registry = Registry::new(store);
    let definition_hash = definition.hash();
    let catalog = TaskCatalog::new()
        .with("ingest", Ingest { source, registry })
        .with("validate", Validate)
        .with("split", SplitRows)
        .with("train", TrainCandidates { registry })
        .with("evaluate", Evaluate { registry })
        .with("gate", Gate { registry })
        .with("register", Register { registry, signing_key, definition_hash, now_ms })
        .with("promote", Promote { registry });
    Pipeline::bind(definition, catalog)
}
