//! The pipeline engine through its public surface: ordering, retries, failure propagation, caching,
//! trigger rules, cancellation and events, on the memory store with simulated time.

use hearth_core::pipeline::{
    Artifact, BindError, CancelToken, Event, Executor, Finished, Pipeline, PipelineDefinition, RunOutcome,
    RunReport, SimulatedTime, SkipReason, Task, TaskCatalog, TaskContext, TaskError, TaskFuture, TaskState,
};
use hearth_core::store::{MemoryStore, Store};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use hearth_core::pipeline::block_on_ready as block_on;

/// Shared record of which tasks ran, in order.
type Journal = Rc<RefCell<Vec<String>>>;

/// Produces a number from its `value` param (plus the sum of its inputs), optionally failing its
/// first `fail_first` tries with a transient error, or always failing.
struct Number {
    inputs: Vec<&'static str>,
    output: &'static str,
    fail_first: u32,
    always_fail: bool,
    journal: Journal,
    tries: Cell<u32>,
    cancel_on_run: Option<CancelToken>,
}

impl Number {
    fn new(output: &'static str, inputs: &[&'static str], journal: &Journal) -> Self {
        Number {
            inputs: inputs.to_vec(),
            output,
            fail_first: 0,
            always_fail: false,
            journal: journal.clone(),
            tries: Cell::new(0),
            cancel_on_run: None,
        }
    }
}

impl Task for Number {
    fn inputs(&self) -> Vec<&'static str> {
        self.inputs.clone()
    }
    fn outputs(&self) -> Vec<&'static str> {
        vec![self.output]
    }
    fn code_version(&self) -> String {
        "number/1".into()
    }
    fn run<'a>(&'a self, ctx: &'a mut TaskContext<'_>) -> TaskFuture<'a> {
        Box::pin(async move {
            self.journal.borrow_mut().push(ctx.task_name().to_string());
            self.tries.set(self.tries.get() + 1);
            if let Some(token) = &self.cancel_on_run {
                token.cancel();
            }
            ctx.log(format!("try {} of {}", ctx.try_number(), ctx.task_name()));
            if self.always_fail {
                return Err(TaskError::transient("disk on fire"));
            }
            if self.tries.get() <= self.fail_first {
                return Err(TaskError::transient(format!("flaky failure #{}", self.tries.get())));
            }
            let mut total: f64 = ctx.param_or("value", 0.0)?;
            for name in &self.inputs {
                total += ctx.input(&Artifact::<f64>::new(name))?;
            }
            ctx.output(&Artifact::<f64>::new(self.output), &total)
        })
    }
}

/// Skips itself, like a register step after a rejected gate.
struct SkipSelf;

impl Task for SkipSelf {
    fn inputs(&self) -> Vec<&'static str> {
        vec![]
    }
    fn outputs(&self) -> Vec<&'static str> {
        vec!["nothing"]
    }
    fn code_version(&self) -> String {
        "skip/1".into()
    }
    fn run<'a>(&'a self, _ctx: &'a mut TaskContext<'_>) -> TaskFuture<'a> {
        Box::pin(async { Err(TaskError::skip("gate rejected the candidate")) })
    }
}

fn run(pipeline: &Pipeline<'_>, store: &MemoryStore, time: &SimulatedTime, run_id: &str) -> RunReport {
    block_on(Executor::new(store, time, time).run(pipeline, run_id)).unwrap()
}

const CHAIN: &str = r#"
    [pipeline]
    name = "chain"
    [defaults]
    retries = 3
    retry_delay_ms = 100
    max_retry_delay_ms = 150
    [[tasks]]
    name = "c"
    after = ["b"]
    [[tasks]]
    name = "b"
    after = ["a"]
    params = { value = 10.0 }
    [[tasks]]
    name = "a"
    params = { value = 1.0 }
"#;

fn chain(journal: &Journal, customise: impl FnOnce(&mut [Number; 3])) -> Pipeline<'static> {
    let mut tasks = [
        Number::new("a_out", &[], journal),
        Number::new("b_out", &["a_out"], journal),
        Number::new("c_out", &["b_out"], journal),
    ];
    customise(&mut tasks);
    let [a, b, c] = tasks;
    let catalog = TaskCatalog::new().with("a", a).with("b", b).with("c", c);
    Pipeline::bind(PipelineDefinition::from_toml(CHAIN).unwrap(), catalog).unwrap()
}

async fn artifact_value(store: &MemoryStore, report: &RunReport, name: &str) -> f64 {
    let hash = report.artifact_hash(name).unwrap();
    let bytes = store.get(&format!("pipeline/artifacts/{hash}")).await.unwrap().unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[test]
fn tasks_run_after_their_dependencies_and_pass_artefacts_downstream() {
    let journal = Journal::default();
    let (store, time) = (MemoryStore::new(), SimulatedTime::starting_at(1_000));
    let report = run(&chain(&journal, |_| {}), &store, &time, "run-1");
    assert_eq!(*journal.borrow(), vec!["a", "b", "c"]);
    assert_eq!(report.outcome, RunOutcome::Succeeded);
    assert_eq!(block_on(artifact_value(&store, &report, "c_out")), 11.0);
    let snapshot = block_on(store.get(&format!("pipeline/definitions/{}", report.definition_hash))).unwrap();
    assert_eq!(snapshot.unwrap(), PipelineDefinition::from_toml(CHAIN).unwrap().canonical_bytes());
}

#[test]
fn a_task_that_fails_twice_then_succeeds_is_retried_with_backoff_and_logs_per_try() {
    let journal = Journal::default();
    let (store, time) = (MemoryStore::new(), SimulatedTime::starting_at(5_000));
    let pipeline = chain(&journal, |t| t[1].fail_first = 2);
    let report = run(&pipeline, &store, &time, "run-retry");
    assert_eq!(report.outcome, RunOutcome::Succeeded);
    // 100 ms, then 200 capped at 150: the caller's timer did the waiting.
    assert_eq!(time.sleeps(), vec![100, 150]);
    let b = report.task("b").unwrap();
    let states: Vec<TaskState> = b.tries.iter().map(|t| t.state).collect();
    assert_eq!(states, vec![TaskState::UpForRetry, TaskState::UpForRetry, TaskState::Success]);
    assert_eq!(b.tries.iter().map(|t| t.try_number).collect::<Vec<_>>(), vec![1, 2, 3]);
    assert_eq!(b.tries[0].lines[0], "try 1 of b");
    assert_eq!(b.tries[0].lines[1], "try 1 failed: flaky failure #1; retrying in 100 ms (try 2 of 4)");
    assert_eq!(b.tries[2].lines, vec!["try 3 of b".to_string()]);
    // Try 2 started after the first 100 ms wait, on the caller's clock.
    assert_eq!(b.tries[1].started_at_ms, b.tries[0].ended_at_ms + 100);
}

#[test]
fn a_permanently_failing_task_fails_the_run_and_marks_downstream_upstream_failed() {
    let journal = Journal::default();
    let (store, time) = (MemoryStore::new(), SimulatedTime::starting_at(0));
    let pipeline = chain(&journal, |t| t[1].always_fail = true);
    let report = run(&pipeline, &store, &time, "run-fail");
    assert_eq!(report.task("b").unwrap().tries.len(), 4, "1 try + 3 retries");
    assert_eq!(
        report.task("b").unwrap().outcome,
        Finished::Failed { error: "disk on fire".into(), tries: 4 }
    );
    assert_eq!(report.task("c").unwrap().outcome.state(), TaskState::UpstreamFailed);
    assert!(report.task("c").unwrap().tries.is_empty());
    assert_eq!(
        report.outcome,
        RunOutcome::Failed {
            reason: "task `b` failed after 4 tries: disk on fire; not run (upstream failed): `c`".into()
        }
    );
    let last = report.task("b").unwrap().tries.last().unwrap();
    assert_eq!(last.lines.last().unwrap(), "try 4 failed: disk on fire (no retries left)");
    // Nothing was cached for the failed task.
    let key = report.task("b").unwrap().cache_key.clone().unwrap();
    assert_eq!(block_on(store.get(&format!("pipeline/cache/{key}"))).unwrap(), None);
}

#[test]
fn running_the_same_pipeline_twice_skips_every_cached_task() {
    let journal = Journal::default();
    let (store, time) = (MemoryStore::new(), SimulatedTime::starting_at(0));
    let pipeline = chain(&journal, |_| {});
    let first = run(&pipeline, &store, &time, "run-1");
    let second = run(&pipeline, &store, &time, "run-2");
    assert_eq!(journal.borrow().len(), 3, "the second run executed nothing");
    for t in &second.tasks {
        assert!(
            matches!(t.outcome, Finished::Skipped(SkipReason::Cached { .. })),
            "{}: {:?}",
            t.name,
            t.outcome
        );
        assert_eq!(t.outputs, first.task(&t.name).unwrap().outputs);
    }
    assert_eq!(second.outcome, RunOutcome::Succeeded);
}

#[test]
fn changing_a_parameter_reruns_that_task_and_its_downstream_only() {
    let journal = Journal::default();
    let (store, time) = (MemoryStore::new(), SimulatedTime::starting_at(0));
    run(&chain(&journal, |_| {}), &store, &time, "run-1");
    journal.borrow_mut().clear();
    let changed = CHAIN.replace("value = 10.0", "value = 20.0");
    let [a, b, c] = [
        Number::new("a_out", &[], &journal),
        Number::new("b_out", &["a_out"], &journal),
        Number::new("c_out", &["b_out"], &journal),
    ];
    let catalog = TaskCatalog::new().with("a", a).with("b", b).with("c", c);
    let pipeline = Pipeline::bind(PipelineDefinition::from_toml(&changed).unwrap(), catalog).unwrap();
    let report = run(&pipeline, &store, &time, "run-2");
    assert_eq!(*journal.borrow(), vec!["b", "c"]);
    assert_eq!(block_on(artifact_value(&store, &report, "c_out")), 21.0);
}

const FAN_IN: &str = r#"
    [pipeline]
    name = "fan-in"
    [[tasks]]
    name = "ok"
    [[tasks]]
    name = "broken"
    [[tasks]]
    name = "cleanup"
    after = ["ok", "broken"]
    trigger_rule = "all_done"
    [[tasks]]
    name = "alert"
    after = ["ok", "broken"]
    trigger_rule = "one_failed"
    [[tasks]]
    name = "report"
    after = ["ok", "broken"]
    [[tasks]]
    name = "tolerant"
    after = ["ok", "broken"]
    trigger_rule = "none_failed"
"#;

#[test]
fn trigger_rules_decide_who_runs_after_a_failure() {
    let journal = Journal::default();
    let mut broken = Number::new("broken_out", &[], &journal);
    broken.always_fail = true;
    let catalog = TaskCatalog::new()
        .with("ok", Number::new("ok_out", &[], &journal))
        .with("broken", broken)
        .with("cleanup", Number::new("cleanup_out", &[], &journal))
        .with("alert", Number::new("alert_out", &[], &journal))
        .with("report", Number::new("report_out", &[], &journal))
        .with("tolerant", Number::new("tolerant_out", &[], &journal));
    let pipeline = Pipeline::bind(PipelineDefinition::from_toml(FAN_IN).unwrap(), catalog).unwrap();
    let (store, time) = (MemoryStore::new(), SimulatedTime::starting_at(0));
    let report = run(&pipeline, &store, &time, "run-rules");
    let state = |n: &str| report.task(n).unwrap().outcome.state();
    assert_eq!(state("cleanup"), TaskState::Success);
    assert_eq!(state("alert"), TaskState::Success);
    assert_eq!(state("report"), TaskState::UpstreamFailed);
    assert_eq!(state("tolerant"), TaskState::UpstreamFailed);
    assert_eq!(*journal.borrow(), vec!["ok", "broken", "cleanup", "alert"]);
    assert!(matches!(report.outcome, RunOutcome::Failed { .. }));
}

#[test]
fn a_task_that_skips_itself_skips_its_downstream_and_the_run_still_succeeds() {
    let text = "[pipeline]\nname = \"p\"\n[[tasks]]\nname = \"register\"\n[[tasks]]\nname = \"promote\"\nafter = [\"register\"]\n";
    let journal = Journal::default();
    let catalog = TaskCatalog::new()
        .with("register", SkipSelf)
        .with("promote", Number::new("promoted", &["nothing"], &journal));
    let pipeline = Pipeline::bind(PipelineDefinition::from_toml(text).unwrap(), catalog).unwrap();
    let (store, time) = (MemoryStore::new(), SimulatedTime::starting_at(0));
    let report = run(&pipeline, &store, &time, "run-skip");
    assert_eq!(
        report.task("register").unwrap().outcome,
        Finished::Skipped(SkipReason::SkippedByTask { detail: "gate rejected the candidate".into() })
    );
    assert_eq!(report.task("promote").unwrap().outcome.state(), TaskState::Skipped);
    assert_eq!(report.outcome, RunOutcome::Succeeded);
    assert!(journal.borrow().is_empty());
}

#[test]
fn cancelling_stops_the_run_before_the_next_task() {
    let journal = Journal::default();
    let token = CancelToken::new();
    let pipeline = chain(&journal, |t| t[0].cancel_on_run = Some(token.clone()));
    let (store, time) = (MemoryStore::new(), SimulatedTime::starting_at(0));
    let report =
        block_on(Executor::new(&store, &time, &time).with_cancel(token).run(&pipeline, "run-cancel"))
            .unwrap();
    assert_eq!(*journal.borrow(), vec!["a"]);
    assert_eq!(report.task("a").unwrap().outcome, Finished::Success);
    assert_eq!(report.task("b").unwrap().outcome, Finished::Skipped(SkipReason::Cancelled));
    assert_eq!(report.outcome, RunOutcome::Cancelled { reason: "cancelled; not run: `b`, `c`".into() });
}

#[test]
fn cancelling_during_a_retry_wait_fails_the_task_without_another_try() {
    let journal = Journal::default();
    let token = CancelToken::new();
    let pipeline = chain(&journal, |t| {
        t[0].always_fail = true;
        t[0].cancel_on_run = Some(token.clone());
    });
    let (store, time) = (MemoryStore::new(), SimulatedTime::starting_at(0));
    let report =
        block_on(Executor::new(&store, &time, &time).with_cancel(token).run(&pipeline, "run-cancel"))
            .unwrap();
    assert_eq!(report.task("a").unwrap().tries.len(), 1);
    assert_eq!(report.task("a").unwrap().outcome.state(), TaskState::Failed);
    assert!(matches!(report.outcome, RunOutcome::Failed { .. }));
}

#[test]
fn events_tell_a_ui_everything_in_order() {
    let journal = Journal::default();
    let pipeline = chain(&journal, |t| t[2].fail_first = 1);
    let (store, time) = (MemoryStore::new(), SimulatedTime::starting_at(0));
    let mut events: Vec<Event> = Vec::new();
    let mut sink = |e: &Event| events.push(e.clone());
    let report =
        block_on(Executor::new(&store, &time, &time).with_events(&mut sink).run(&pipeline, "r")).unwrap();
    assert!(matches!(&events[0], Event::RunStarted { tasks, .. } if tasks == &["a", "b", "c"]));
    assert!(matches!(events.last().unwrap(), Event::RunFinished { outcome: RunOutcome::Succeeded, .. }));
    let fractions: Vec<f64> = events.iter().filter_map(Event::fraction).collect();
    assert_eq!(fractions, vec![1.0 / 3.0, 2.0 / 3.0, 1.0]);
    let c_states: Vec<TaskState> = events
        .iter()
        .filter_map(|e| match e {
            Event::TaskStateChanged { task, state, .. } if task == "c" => Some(*state),
            _ => None,
        })
        .collect();
    use TaskState::*;
    assert_eq!(c_states, vec![Queued, Running, UpForRetry, Running, Success]);
    let logs = events.iter().filter(|e| matches!(e, Event::Log { task, .. } if task == "c")).count();
    assert_eq!(logs, 3, "two task lines and the executor's retry line");
    assert_eq!(report.try_logs().count(), 4);
}

#[test]
fn binding_rejects_unknown_tasks_and_inputs_without_an_upstream_producer() {
    let journal = Journal::default();
    let def = || PipelineDefinition::from_toml(CHAIN).unwrap();
    let missing_task = TaskCatalog::new().with("a", Number::new("a_out", &[], &journal));
    let err = Pipeline::bind(def(), missing_task).err().unwrap();
    assert_eq!(err.to_string(), "task `b` uses `b`, which is not a known task (known: a)");

    let catalog = TaskCatalog::new()
        .with("a", Number::new("a_out", &[], &journal))
        .with("b", Number::new("b_out", &["model"], &journal))
        .with("c", Number::new("c_out", &[], &journal));
    assert_eq!(
        Pipeline::bind(def(), catalog).err().unwrap(),
        BindError::MissingInput { task: "b".into(), input: "model".into() }
    );

    // `a` reads what `c` makes, but `c` runs after `a`.
    let catalog = TaskCatalog::new()
        .with("a", Number::new("a_out", &["c_out"], &journal))
        .with("b", Number::new("b_out", &[], &journal))
        .with("c", Number::new("c_out", &[], &journal));
    let err = Pipeline::bind(def(), catalog).err().unwrap();
    assert_eq!(
        err.to_string(),
        "task `a` needs `c_out` from `c`, but does not run after it: add `c` to its `after`"
    );
}

#[test]
fn a_tracked_failing_run_is_recorded_failed_with_its_logs_and_registers_no_model() {
    use hearth_core::pipeline::{run_tracked, RunLabels};
    use hearth_core::registry::{Registry, RunStatus};
    let journal = Journal::default();
    let pipeline = chain(&journal, |t| t[2].always_fail = true);
    let (store, time) = (MemoryStore::new(), SimulatedTime::starting_at(10_000));
    let registry = Registry::new(&store);
    let mut executor = Executor::new(&store, &time, &time);
    let labels = RunLabels { experiment: Some("houses".into()), ..RunLabels::default() };
    let (report, run) = block_on(run_tracked(&mut executor, &registry, &time, &pipeline, labels)).unwrap();
    assert_eq!(run.id, report.run_id);
    assert_eq!(
        run.status,
        RunStatus::Failed { reason: "task `c` failed after 4 tries: disk on fire".into() }
    );
    assert_eq!(run.task_logs.len(), 1 + 1 + 4, "a, b once each; c four tries");
    assert_eq!(run.pipeline_definition_hash.as_deref(), Some(report.definition_hash.as_str()));
    assert_eq!(run.params["b.value"], serde_json::json!(10.0));
    assert!(run.ended_at_ms.unwrap() >= run.started_at_ms + 100 + 150 + 150, "retry waits are on the clock");
    assert!(block_on(registry.list_models()).unwrap().is_empty());
    assert_eq!(block_on(registry.list_runs(Some("houses"))).unwrap(), vec![run]);
}

/// A host timer like a browser's: each yield really suspends once (returns Pending, then resumes).
#[derive(Default)]
struct YieldingHost {
    yields: Cell<u32>,
}

struct YieldOnce(bool);

impl std::future::Future for YieldOnce {
    type Output = ();
    fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<()> {
        if self.0 {
            std::task::Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            std::task::Poll::Pending
        }
    }
}

impl hearth_core::pipeline::Timer for YieldingHost {
    async fn sleep(&self, _ms: u64) {
        YieldOnce(false).await
    }
    async fn yield_now(&self) {
        self.yields.set(self.yields.get() + 1);
        YieldOnce(false).await
    }
}

#[test]
fn the_executor_yields_to_the_host_before_every_task() {
    let journal = Journal::default();
    let pipeline = chain(&journal, |_| {});
    let (store, clock, host) = (MemoryStore::new(), SimulatedTime::starting_at(0), YieldingHost::default());
    let report = block_on(Executor::new(&store, &clock, &host).run(&pipeline, "yielding")).unwrap();
    assert_eq!(report.outcome, RunOutcome::Succeeded);
    assert_eq!(host.yields.get(), 3);
}
