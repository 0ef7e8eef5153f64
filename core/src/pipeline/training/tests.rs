//! The data half of the training pipeline (ingest → validate → split) on real and generated data.

use super::*;
use crate::data::sample::{generate, Scenario};
use crate::data::write_csv;
use crate::pipeline::training::training_pipeline;
use crate::pipeline::{
    run_tracked, Executor, Finished, Pipeline, PipelineDefinition, RunLabels, RunOutcome, SimulatedTime,
    TaskCatalog, TaskState,
};
use crate::registry::{Registry, RegistryError, RunStatus};
use crate::store::MemoryStore;

use crate::pipeline::block_on_ready as block_on;

const DATA_STEPS: &str = r#"
    [pipeline]
    name = "data-steps"
    [params]
    seed = 42
    [[tasks]]
    name = "ingest"
    params = { data = "file", target = "price" }
    [[tasks]]
    name = "validate"
    after = ["ingest"]
    [[tasks]]
    name = "split"
    after = ["validate"]
"#;

fn data_pipeline<'t>(source: &'t CsvBytes, store: &'t MemoryStore) -> Pipeline<'t> {
    let catalog = TaskCatalog::new()
        .with("ingest", Ingest { source, registry: Registry::new(store) })
        .with("validate", Validate)
        .with("split", SplitRows);
    Pipeline::bind(PipelineDefinition::from_toml(DATA_STEPS).unwrap(), catalog).unwrap()
}

fn run(
    source: &CsvBytes,
    store: &MemoryStore,
    start_ms: u64,
) -> (crate::pipeline::RunReport, crate::registry::Run) {
    let time = SimulatedTime::starting_at(start_ms);
    let pipeline = data_pipeline(source, store);
    let registry = Registry::new(store);
    let mut executor = Executor::new(store, &time, &time);
    block_on(run_tracked(&mut executor, &registry, &time, &pipeline, RunLabels::default())).unwrap()
}

fn split_of(store: &MemoryStore, report: &crate::pipeline::RunReport) -> crate::data::Split {
    let hash = report.artifact_hash(SPLIT.name()).unwrap();
    let a = block_on(crate::pipeline::cache::load_artifact(store, hash)).unwrap().unwrap();
    serde_json::from_slice(&a.bytes).unwrap()
}

#[test]
fn housing_data_splits_64_16_20_and_the_run_records_its_exact_dataset_version() {
    let Some(path) = hearth_testdata::shared_file(
        "housing_data_splits_64_16_20_and_the_run_records_its_exact_dataset_version",
        "HousingData.csv",
    ) else {
        return;
    };
    let source = CsvBytes { name: "HousingData.csv".into(), bytes: std::fs::read(path).unwrap() };
    let store = MemoryStore::new();
    let (report, run) = run(&source, &store, 1);
    assert_eq!(report.outcome, RunOutcome::Succeeded, "{report:#?}");
    let parts = split_of(&store, &report);
    // 545 rows: ceil(0.2 × 545) = 109 test, ceil(0.2 × 436) = 88 validation, 348 train.
    assert_eq!((parts.train.len(), parts.validation.len(), parts.test.len()), (348, 88, 109));
    assert_eq!(
        run.dataset_version.as_deref(),
        Some(crate::registry::canonical::sha256_hex(&source.bytes).as_str())
    );
    assert_eq!(run.status, RunStatus::Succeeded);
    let lines: Vec<&str> = run.task_logs.iter().flat_map(|l| l.lines.iter().map(String::as_str)).collect();
    assert!(lines.iter().any(|l| l.contains("545 rows × 13 columns, target `price`")), "{lines:?}");
}

#[test]
fn a_second_run_on_the_same_data_reingests_but_reuses_the_cached_split() {
    let table = generate(300, 7, Scenario::Baseline);
    let source = CsvBytes { name: "sample.csv".into(), bytes: write_csv(&table).into_bytes() };
    let store = MemoryStore::new();
    let (first, _) = run(&source, &store, 1);
    let (second, _) = run(&source, &store, 2);
    assert_eq!(second.task("ingest").unwrap().outcome, Finished::Success, "ingest is never cached");
    for step in ["validate", "split"] {
        assert!(matches!(second.task(step).unwrap().outcome, Finished::Skipped(_)), "{step} was not cached");
    }
    assert_eq!(split_of(&store, &first), split_of(&store, &second));
}

#[test]
fn a_target_with_missing_values_fails_validation_without_retries_and_says_why() {
    let csv = "size,price\n".to_string()
        + &(0..30).map(|i| format!("{i},{}\n", if i == 4 { "" } else { "9" })).collect::<String>();
    let source = CsvBytes { name: "bad.csv".into(), bytes: csv.into_bytes() };
    let store = MemoryStore::new();
    let (report, run) = run(&source, &store, 1);
    let validate = report.task("validate").unwrap();
    assert_eq!(validate.tries.len(), 1, "bad data is not retried");
    assert_eq!(report.task("split").unwrap().outcome.state(), TaskState::UpstreamFailed);
    let RunStatus::Failed { reason } = run.status else { panic!("run should fail: {:?}", run.status) };
    assert_eq!(
        reason,
        "task `validate` failed after 1 try: target `price` has 1 missing values (first at data row 5); \
         a regression target must be present in every row; not run (upstream failed): `split`"
    );
}

#[test]
fn the_default_pipeline_promotes_a_gated_champion_then_refuses_an_equal_challenger() {
    let test = "the_default_pipeline_promotes_a_gated_champion_then_refuses_an_equal_challenger";
    let Some(path) = hearth_testdata::shared_file(test, "HousingData.csv") else { return };
    let source = CsvBytes { name: "HousingData.csv".into(), bytes: std::fs::read(path).unwrap() };
    let store = MemoryStore::new();
    let key = crate::registry::BundleSigningKey::from_seed(&[11; 32]);
    let time = SimulatedTime::starting_at(1_700_000_000_000);
    let now = || 1_700_000_000_000u64;
    let registry = Registry::new(&store);
    let run_once = |start: u64| {
        time.advance(start);
        // The default gate's 0.65 is the house-price bar; this test is about the flow, so it uses 0.6.
        let text = crate::pipeline::DEFAULT_DEFINITION_TOML.replace("min_r2 = 0.65", "min_r2 = 0.6");
        let definition = PipelineDefinition::from_toml(&text).unwrap();
        let pipeline = training_pipeline(definition, &source, &store, &key, &now).unwrap();
        let mut executor = Executor::new(&store, &time, &time);
        block_on(run_tracked(&mut executor, &registry, &time, &pipeline, RunLabels::default())).unwrap()
    };

    let (first, run1) = run_once(0);
    assert_eq!(
        first.outcome,
        RunOutcome::Succeeded,
        "{:#?}",
        first.tasks.iter().map(|t| (&t.name, &t.outcome)).collect::<Vec<_>>()
    );
    let r2 = run1.latest_metrics()["test_r2"];
    println!(
        "HousingData seed 42, 64/16/20: test R² {r2:.4}, MAE {:.0}, RMSE {:.0}",
        run1.latest_metrics()["test_mae"],
        run1.latest_metrics()["test_rmse"]
    );
    for line in run1.task_logs.iter().filter(|l| l.task == "train").flat_map(|l| &l.lines) {
        println!("  {line}");
    }
    assert!(r2 > 0.6, "test R² {r2}");
    let model = "house_price_prediction_prod";
    assert_eq!(block_on(registry.alias(model, "champion")).unwrap(), Some(1));
    let v1 = block_on(registry.get_version(model, 1)).unwrap().unwrap();
    assert_eq!(v1.run_id, run1.id);
    let signed = block_on(registry.get_bundle(&v1.bundle_hash)).unwrap().unwrap();
    signed.verify(&key.public_key()).unwrap();
    let bundle: crate::registry::Bundle<crate::registry::ModelBundle> =
        crate::registry::Bundle::from_bytes(&signed.bytes).unwrap();
    assert_eq!(bundle.manifest.lineage.dataset_version, run1.dataset_version.clone().unwrap());
    assert_eq!(bundle.content.test_metrics.r2, r2);
    // The champion loads by reference, verifies under the public key and predicts like the model.
    let reference: crate::registry::ModelRef = "house_price_prediction_prod@champion".parse().unwrap();
    let (version, loaded) = block_on(registry.load_model(&reference, Some(&key.public_key()))).unwrap();
    assert_eq!(version, v1);
    let rows = crate::data::read_csv(&source.bytes, &crate::data::ReadOptions::named("h")).unwrap().table;
    let predicted = crate::serve::Predictor::predict(&loaded.content, &rows).unwrap();
    assert_eq!(predicted, loaded.content.model.predict(&rows).unwrap());
    let other_key = crate::registry::BundleSigningKey::from_seed(&[99; 32]).public_key();
    assert!(block_on(registry.load_model(&reference, Some(&other_key))).is_err(), "wrong key must fail");

    // Same data, same seed: cached training, and an equal model does not beat the champion.
    let (second, run2) = run_once(60_000);
    for step in ["validate", "split", "train"] {
        assert!(matches!(second.task(step).unwrap().outcome, Finished::Skipped(_)), "{step} not cached");
    }
    assert_eq!(second.outcome, RunOutcome::Succeeded, "a gate rejection is a normal outcome");
    assert!(matches!(second.task("register").unwrap().outcome, Finished::Skipped(_)));
    assert!(matches!(second.task("promote").unwrap().outcome, Finished::Skipped(_)));
    assert_eq!(run2.latest_metrics()["test_r2"], r2);
    assert_eq!(block_on(registry.list_versions(model)).unwrap().len(), 1, "registry unchanged");
    assert_eq!(block_on(registry.alias(model, "champion")).unwrap(), Some(1));

    // The run's record names its artefacts by hash, which is how promotion by hand finds the data,
    // split and thresholds the version was gated on.
    assert_eq!(run1.tags.get("artifact.split").map(String::as_str), first.artifact_hash(SPLIT.name()));
    let already = block_on(promote_by_hand(&store, Some(&key.public_key()), model, 1)).unwrap_err();
    assert!(matches!(already, ManualPromotionError::AlreadyChampion { .. }), "{already}");
    assert_eq!(already.to_string(), "`house_price_prediction_prod` version 1 is already the champion");
    let missing = block_on(promote_by_hand(&store, None, model, 7)).unwrap_err();
    assert!(matches!(missing, ManualPromotionError::Registry(RegistryError::NotFound(_))), "{missing}");
}

/// A source that is down: every resolve fails.
struct Unreachable;

impl DatasetSource for Unreachable {
    fn resolve<'a>(&'a self, reference: &'a str, _target: Option<&'a str>) -> SourceFuture<'a> {
        Box::pin(async move { Err(format!("dataset store unreachable while resolving `{reference}`")) })
    }
}

#[test]
fn an_unreachable_dataset_fails_the_run_at_ingest_and_leaves_the_registry_without_models() {
    let store = MemoryStore::new();
    let key = crate::registry::BundleSigningKey::from_seed(&[12; 32]);
    let time = SimulatedTime::starting_at(0);
    let now = || 0u64;
    let registry = Registry::new(&store);
    let pipeline =
        training_pipeline(PipelineDefinition::default_pipeline(), &Unreachable, &store, &key, &now).unwrap();
    let mut executor = Executor::new(&store, &time, &time);
    let (report, run) =
        block_on(run_tracked(&mut executor, &registry, &time, &pipeline, RunLabels::default())).unwrap();
    assert_eq!(report.task("ingest").unwrap().outcome.state(), TaskState::Failed);
    let downstream = ["validate", "split", "train", "evaluate", "gate", "register", "promote"];
    for t in downstream {
        assert_eq!(report.task(t).unwrap().outcome.state(), TaskState::UpstreamFailed, "{t}");
    }
    let RunStatus::Failed { reason } = run.status else { panic!("{:?}", run.status) };
    assert!(
        reason.starts_with(
            "task `ingest` failed after 1 try: dataset store unreachable while resolving `latest`"
        ),
        "{reason}"
    );
    assert!(block_on(registry.list_models()).unwrap().is_empty());
}
