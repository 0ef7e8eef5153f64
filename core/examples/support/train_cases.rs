//! The training work `cargo xtask bench` times on both targets: `bench_task` natively and
//! `train_wasm` on wasm32 under Node call these same functions, so the two sides fit the same
//! models on the same rows and can be checked against each other (R², MAE, model hash).

use hearth_core::data::{read_csv, ReadOptions, Table};
use hearth_core::features::{Matrix, PreprocessorParams};
use hearth_core::pipeline::training::{training_pipeline, CsvBytes};
use hearth_core::pipeline::{
    block_on_ready, run_tracked, Executor, PipelineDefinition, RunLabels, SimulatedTime,
};
use hearth_core::registry::{BundleSigningKey, Registry};
use hearth_core::store::MemoryStore;
use hearth_core::train::metrics::{ErrorMetrics, ExplainedVariance};
use hearth_core::train::{Fit, FittedModel, HgbParams, ModelKind, ModelSpec, Predict, ValidModelSpec};

/// The scikit-learn-default model called `name`, as the peer script (benches/peers/sk_train.py)
/// names them.
pub fn model_kind(name: &str) -> Result<ModelKind, String> {
    Ok(match name {
        "linear" => ModelKind::Linear,
        "ridge" => ModelKind::Ridge { alpha: 1.0 },
        "forest100" => {
            ModelKind::RandomForest { n_trees: 100, max_depth: None, min_samples_leaf: 1, seed: 0 }
        }
        "boosting" => ModelKind::Hgb(HgbParams::default()),
        other => {
            return Err(format!("unknown model `{other}` (expected linear, ridge, forest100 or boosting)"))
        }
    })
}

/// One model fit: the preprocessor (median impute + standardise, one-hot) fitted on the training
/// rows and applied to both tables, outside any timing.
pub struct FitCase {
    pub spec: ValidModelSpec,
    pub x: Matrix,
    pub y: Vec<f64>,
    pub x_test: Matrix,
    pub y_test: Vec<f64>,
}

impl FitCase {
    pub fn prepare(model: &str, train: &[u8], test: &[u8], target: &str) -> Result<FitCase, String> {
        let spec = ModelSpec::new(model_kind(model)?).check().map_err(|e| e.to_string())?;
        let (train, test) = (table(train, "train.csv")?, table(test, "test.csv")?);
        let pre = PreprocessorParams::new(target)
            .check()
            .and_then(|p| p.fit(&train))
            .map_err(|e| format!("preprocessor: {e}"))?;
        let err = |e: hearth_core::features::FeatureError| e.to_string();
        Ok(FitCase {
            spec,
            x: pre.transform(&train).map_err(err)?,
            y: pre.target(&train).map_err(err)?,
            x_test: pre.transform(&test).map_err(err)?,
            y_test: pre.target(&test).map_err(err)?,
        })
    }

    /// The timed part.
    pub fn fit(&self) -> Result<FittedModel, String> {
        self.spec.fit(self.x.view(), &self.y).map_err(|e| format!("fit: {e}"))
    }

    pub fn predict(&self, fitted: &FittedModel) -> Result<Vec<f64>, String> {
        fitted.predict(self.x_test.view()).map_err(|e| format!("predict: {e}"))
    }

    /// Test R² and MAE of `predictions`.
    pub fn score(&self, predictions: &[f64]) -> (f64, f64) {
        (predictions.r2(&self.y_test), predictions.mean_absolute_error(&self.y_test))
    }
}

/// What one default-pipeline run produced, printed by both programs so the harness can check that
/// native and wasm32 trained the same model.
pub struct PipelineOutcome {
    pub outcome: String,
    pub test_r2: Option<f64>,
    /// Content hash of the trained model artefact (present whether or not the gate passed).
    pub model_hash: Option<String>,
}

/// Runs the built-in default pipeline (ingest → … → promote) on `csv` in a memory store with a
/// fixed key and clock: the same work as `hearth pipeline run` and the app's Pipeline page.
/// The source is named `data.csv` on both targets so nothing but the target can differ.
pub fn default_pipeline(csv: &[u8]) -> Result<PipelineOutcome, String> {
    let source = CsvBytes { name: "data.csv".into(), bytes: csv.to_vec() };
    let store = MemoryStore::new();
    let key = BundleSigningKey::from_seed(&[0x42; 32]);
    let time = SimulatedTime::starting_at(0);
    let now = || 0u64;
    let registry = Registry::new(&store);
    let pipeline = training_pipeline(PipelineDefinition::default_pipeline(), &source, &store, &key, &now)
        .map_err(|e| format!("binding the default pipeline: {e}"))?;
    let mut executor = Executor::new(&store, &time, &time);
    let (report, run) =
        block_on_ready(run_tracked(&mut executor, &registry, &time, &pipeline, RunLabels::default()))
            .map_err(|e| format!("pipeline run: {e}"))?;
    Ok(PipelineOutcome {
        outcome: format!("{:?}", report.outcome),
        test_r2: run.latest_metrics().get("test_r2").copied(),
        model_hash: report.artifact_hash("model").map(str::to_string),
    })
}

impl PipelineOutcome {
    /// `key value` lines (the harness's format).
    pub fn lines(&self) -> String {
        format!(
            "outcome {}\ntest_r2 {}\nmodel_hash {}\n",
            self.outcome,
            self.test_r2.map_or("none".into(), |r| r.to_string()),
            self.model_hash.as_deref().unwrap_or("none")
        )
    }
}

fn table(bytes: &[u8], name: &str) -> Result<Table, String> {
    read_csv(bytes, &ReadOptions::named(name)).map(|r| r.table).map_err(|e| format!("{name}: {e}"))
}
