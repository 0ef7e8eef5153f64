//! The data half of the training pipeline (ingest → validate → split) on real and generated data.

use super::*;
use crate::data::sample::{generate, Scenario};
use crate::data::write_csv;
use crate::pipeline::{
    run_tracked, Executor, Finished, Pipeline, PipelineDefinition, RunLabels, RunOutcome, SimulatedTime,
    TaskCatalog, TaskState,
};
use crate::registry::{Registry, RunStatus};
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
