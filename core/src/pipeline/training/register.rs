//! `register`: builds, signs and registers the model bundle — only after a passed gate.

use super::artifacts::{RegisteredVersion, DATASET, EVALUATION, GATE, MODEL, REGISTERED, SELECTION, SPLIT};
use crate::monitor::ReferenceProfile;
use crate::pipeline::{Task, TaskContext, TaskError, TaskFuture};
use crate::registry::{
    Bundle, BundleManifest, BundleSigningKey, Lineage, ModelBundle, Registry, MODEL_BUNDLE_CONTENT_TYPE,
};
use crate::serve::Signature;
use crate::store::Store;

/// Params: `model`. Needs the run's definition hash, passed by the caller who bound the pipeline.
pub struct Register<'t, S> {
    /// Registry to register in.
    pub registry: Registry<'t, S>,
    /// Key that signs bundles.
    pub signing_key: &'t BundleSigningKey,
    /// Hash of the pipeline definition (bundle lineage).
    pub definition_hash: String,
    /// Unix ms supplied by the caller's clock.
    pub now_ms: &'t dyn Fn() -> u64,
}

impl<S: Store> Task for Register<'_, S> {
    fn inputs(&self) -> Vec<&'static str> {
        vec![DATASET.name(), SPLIT.name(), MODEL.name(), SELECTION.name(), EVALUATION.name(), GATE.name()]
    }
    fn outputs(&self) -> Vec<&'static str> {
        vec![REGISTERED.name()]
    }
    fn code_version(&self) -> String {
        "register/1".into()
    }
    fn cacheable(&self) -> bool {
        false
    }
    fn run<'a>(&'a self, ctx: &'a mut TaskContext<'_>) -> TaskFuture<'a> {
        Box::pin(async move {
            let gate = ctx.input(&GATE)?;
            if !gate.decision.passed {
                let failed: Vec<&str> = gate
                    .decision
                    .reasons
                    .iter()
                    .filter(|r| r.starts_with("failed"))
                    .map(String::as_str)
                    .collect();
                return Err(TaskError::skip(format!("gate rejected the candidate ({})", failed.join("; "))));
            }
            let data = ctx.input(&DATASET)?;
            let split = ctx.input(&SPLIT)?;
            let model_name: String = ctx.param("model")?;
            let fit_rows: Vec<usize> = split.train.iter().chain(&split.validation).copied().collect();
            let fit = data.table.take_rows(&fit_rows);
            let target = data.schema.target.clone();
            let signature = Signature::from_training_table(
                &model_name,
                0,
                &fit,
                &target,
                data.schema.canonicalisation.clone(),
            )
            .map_err(TaskError::fatal)?;
            let content = ModelBundle {
                target,
                model: ctx.input(&MODEL)?,
                signature,
                reference_profile: ReferenceProfile::from_table(&fit),
                test_metrics: ctx.input(&EVALUATION)?.metrics,
                selection: ctx.input(&SELECTION)?,
            };
            let lineage = Lineage {
                dataset_version: data.dataset_version.clone(),
                pipeline_definition_hash: self.definition_hash.clone(),
            };
            let bundle =
                Bundle { manifest: BundleManifest::new(MODEL_BUNDLE_CONTENT_TYPE, lineage), content };
            let signed = bundle.sign(self.signing_key).map_err(TaskError::fatal)?;
            let version = self
                .registry
                .register_version(&model_name, &signed, ctx.run_id(), (self.now_ms)())
                .await
                .map_err(TaskError::transient)?;
            ctx.log(format!(
                "registered `{model_name}` version {} (bundle {}, {} bytes, signed)",
                version.version,
                &signed.hash[..12],
                signed.bytes.len()
            ));
            ctx.output(
                &REGISTERED,
                &RegisteredVersion { model: model_name, version: version.version, bundle_hash: signed.hash },
            )
        })
    }
}
