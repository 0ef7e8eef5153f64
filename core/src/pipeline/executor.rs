//! The sequential DAG executor. It runs tasks one at a time in topological order on the caller's
//! async executor, yielding to the host between tasks; it never spawns threads, so it runs the same
//! under a CLI, in a browser Web Worker and in an edge isolate.

use super::bind::Pipeline;
use super::cache;
use super::definition::TaskDefinition;
use super::events::{Event, EventSink, NoEvents};
use super::host::{CancelToken, Clock, Timer};
use super::report::{RunOutcome, RunReport, TaskReport, TryLog};
use super::state::{Finished, Queued, Running, SkipReason, TaskState};
use super::task::{ArtifactBytes, TaskContext, TaskError};
use super::trigger::Verdict;
use crate::registry::canonical::sha256_hex;
use crate::store::{Batch, Store, StoreError};
use std::collections::BTreeMap;

/// Failures of the run's infrastructure (not of its tasks, which end up in the [`RunReport`]).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ExecutorError {
    /// The definition snapshot could not be stored, so the run did not start.
    #[error("could not snapshot the pipeline definition: {0}")]
    Snapshot(StoreError),
}

/// Runs bound pipelines against a store, with the host's clock, timer, event sink and cancel token.
pub struct Executor<'h, S, C, T> {
    store: &'h S,
    clock: &'h C,
    timer: &'h T,
    events: Option<&'h mut dyn EventSink>,
    no_events: NoEvents,
    cancel: CancelToken,
}

impl<'h, S: Store, C: Clock, T: Timer> Executor<'h, S, C, T> {
    /// An executor that emits no events and is never cancelled.
    pub fn new(store: &'h S, clock: &'h C, timer: &'h T) -> Self {
        Executor { store, clock, timer, events: None, no_events: NoEvents, cancel: CancelToken::new() }
    }

    /// Sends progress events to `sink`.
    pub fn with_events(mut self, sink: &'h mut dyn EventSink) -> Self {
        self.events = Some(sink);
        self
    }

    /// Stops the run when `token` is cancelled.
    pub fn with_cancel(mut self, token: CancelToken) -> Self {
        self.cancel = token;
        self
    }

    /// Runs every task once (with retries), snapshotting the definition first.
    pub async fn run(&mut self, pipeline: &Pipeline<'_>, run_id: &str) -> Result<RunReport, ExecutorError> {
        let def = pipeline.definition();
        let definition_hash = def.hash();
        let snapshot = Batch::new()
            .put(format!("{}{definition_hash}", cache::DEFINITIONS_PREFIX), def.canonical_bytes());
        self.store.commit(snapshot).await.map_err(ExecutorError::Snapshot)?;

        let started_at_ms = self.clock.now_ms();
        let total = def.tasks.len();
        self.sink().emit(&Event::RunStarted {
            run_id: run_id.to_string(),
            pipeline: def.name.clone(),
            definition_hash: definition_hash.clone(),
            tasks: def.tasks.iter().map(|t| t.name.clone()).collect(),
        });
        for t in &def.tasks {
            self.state_changed(&t.name, TaskState::Queued, 0, None);
        }

        let mut available: BTreeMap<&'static str, ArtifactBytes> = BTreeMap::new();
        let mut reports: Vec<TaskReport> = Vec::with_capacity(total);
        for t in &def.tasks {
            self.timer.yield_now().await;
            let report = self.run_task(pipeline, t, run_id, &reports, &mut available).await;
            let detail = describe(&report.outcome);
            let last_try = report.tries.last().map_or(0, |l| l.try_number);
            self.state_changed(&t.name, report.outcome.state(), last_try, detail);
            reports.push(report);
            self.sink().emit(&Event::Progress { finished: reports.len(), total });
        }

        let outcome = outcome_of(&reports, self.cancel.is_cancelled());
        self.sink().emit(&Event::RunFinished { run_id: run_id.to_string(), outcome: outcome.clone() });
        Ok(RunReport {
            run_id: run_id.to_string(),
            pipeline: def.name.clone(),
            definition_hash,
            started_at_ms,
            ended_at_ms: self.clock.now_ms(),
            tasks: reports,
            outcome,
        })
    }

    async fn run_task(
        &mut self,
        pipeline: &Pipeline<'_>,
        t: &TaskDefinition,
        run_id: &str,
        done: &[TaskReport],
        available: &mut BTreeMap<&'static str, ArtifactBytes>,
    ) -> TaskReport {
        let imp = pipeline.implementation(&t.uses);
        let mut report = TaskReport {
            name: t.name.clone(),
            uses: t.uses.clone(),
            outcome: Finished::Success,
            cache_key: None,
            outputs: BTreeMap::new(),
            tries: Vec::new(),
        };
        let queued = Queued::new();
        if self.cancel.is_cancelled() {
            report.outcome = queued.skip(SkipReason::Cancelled);
            return report;
        }
        let upstream: Vec<(&str, &Finished)> = t
            .after
            .iter()
            .map(|a| {
                let r = done.iter().find(|r| &r.name == a).expect("topological order runs upstream first");
                (a.as_str(), &r.outcome)
            })
            .collect();
        match t.trigger_rule.evaluate(&upstream) {
            Verdict::Skip(detail) => {
                report.outcome = queued.skip(SkipReason::TriggerRule { detail });
                return report;
            }
            Verdict::UpstreamFailed(detail) => {
                report.outcome = queued.upstream_failed(detail);
                return report;
            }
            Verdict::Run => {}
        }

        // Inputs: what upstream produced, or why it is missing (possible under e.g. `all_done`).
        let mut inputs: BTreeMap<&'static str, Result<ArtifactBytes, String>> = BTreeMap::new();
        for name in imp.inputs() {
            let entry = match available.get(name) {
                Some(a) => Ok(a.clone()),
                None => {
                    let producer = pipeline.producer(name).unwrap_or("?");
                    let state = done.iter().find(|r| r.name == producer).map(|r| r.outcome.state());
                    Err(format!(
                        "`{producer}` ended {}",
                        state.map_or("unrun".to_string(), |s| s.to_string())
                    ))
                }
            };
            inputs.insert(name, entry);
        }
        let input_hashes: BTreeMap<&str, &str> =
            inputs.iter().filter_map(|(n, a)| a.as_ref().ok().map(|a| (*n, a.hash.as_str()))).collect();
        let key = cache::cache_key(&t.name, &t.uses, &imp.code_version(), &t.params, &input_hashes);
        report.cache_key = Some(key.clone());

        if imp.cacheable() {
            if let Ok(Some(outputs)) = cache::lookup(self.store, &key).await {
                let complete = imp.outputs().iter().all(|o| outputs.contains_key(*o));
                if complete {
                    for (name, a) in outputs {
                        if let Some(&declared) = imp.outputs().iter().find(|o| **o == name) {
                            report.outputs.insert(name, a.hash.clone());
                            available.insert(declared, a);
                        }
                    }
                    report.outcome = queued.skip(SkipReason::Cached { cache_key: key });
                    return report;
                }
            }
        }

        let mut running: Running = queued.start();
        loop {
            let try_number = running.try_number();
            self.state_changed(&t.name, TaskState::Running, try_number, None);
            let started_at_ms = self.clock.now_ms();
            let mut ctx = TaskContext {
                run_id,
                task: &t.name,
                try_number,
                params: &t.params,
                inputs: inputs.clone(),
                declared_outputs: imp.outputs(),
                outputs: BTreeMap::new(),
                lines: Vec::new(),
                events: self.sink(),
            };
            let result = imp.run(&mut ctx).await;
            let TaskContext { outputs, mut lines, .. } = ctx;
            let result = match result {
                Ok(()) => {
                    self.keep_outputs(t, imp.cacheable().then_some(key.as_str()), &imp.outputs(), outputs)
                        .await
                }
                Err(e) => Err(e),
            };
            let finish = |lines: Vec<String>, state: TaskState, clock: &C| TryLog {
                task: t.name.clone(),
                try_number,
                started_at_ms,
                ended_at_ms: clock.now_ms(),
                lines,
                state,
            };
            match result {
                Ok(outputs) => {
                    for (name, a) in outputs {
                        report.outputs.insert(name.to_string(), a.hash.clone());
                        available.insert(name, a);
                    }
                    report.tries.push(finish(lines, TaskState::Success, self.clock));
                    report.outcome = running.succeed();
                    return report;
                }
                Err(TaskError::Skip(detail)) => {
                    report.tries.push(finish(lines, TaskState::Skipped, self.clock));
                    report.outcome = running.skip(detail);
                    return report;
                }
                Err(e) => {
                    let retryable = matches!(e, TaskError::Transient(_));
                    let error = e.to_string();
                    match running.fail(&t.retry, error.clone(), retryable) {
                        Ok(retry) => {
                            let line = format!(
                                "try {try_number} failed: {error}; retrying in {} ms (try {} of {})",
                                retry.delay_ms(),
                                retry.next_try(),
                                t.retry.retries + 1
                            );
                            self.log(&t.name, try_number, &line);
                            lines.push(line);
                            report.tries.push(finish(lines, TaskState::UpForRetry, self.clock));
                            self.state_changed(
                                &t.name,
                                TaskState::UpForRetry,
                                try_number,
                                Some(error.clone()),
                            );
                            self.timer.sleep(retry.delay_ms()).await;
                            if self.cancel.is_cancelled() {
                                report.outcome =
                                    retry.abandon(format!("{error} (cancelled before retrying)"));
                                return report;
                            }
                            running = retry.start();
                        }
                        Err(failed) => {
                            let why = if retryable { "no retries left" } else { "not retryable" };
                            let line = format!("try {try_number} failed: {error} ({why})");
                            self.log(&t.name, try_number, &line);
                            lines.push(line);
                            report.tries.push(finish(lines, TaskState::Failed, self.clock));
                            report.outcome = failed;
                            return report;
                        }
                    }
                }
            }
        }
    }

    /// Checks that every declared output was produced, then stores artefacts (and the cache entry).
    async fn keep_outputs(
        &self,
        t: &TaskDefinition,
        key: Option<&str>,
        declared: &[&'static str],
        outputs: BTreeMap<&'static str, Vec<u8>>,
    ) -> Result<BTreeMap<&'static str, ArtifactBytes>, TaskError> {
        if let Some(missing) = declared.iter().find(|d| !outputs.contains_key(*d)) {
            return Err(TaskError::fatal(format!(
                "task `{}` finished without producing `{missing}`",
                t.name
            )));
        }
        let outputs: BTreeMap<&'static str, ArtifactBytes> = outputs
            .into_iter()
            .map(|(n, bytes)| (n, ArtifactBytes { hash: sha256_hex(&bytes), bytes: bytes.into() }))
            .collect();
        let named: BTreeMap<String, ArtifactBytes> =
            outputs.iter().map(|(n, a)| (n.to_string(), a.clone())).collect();
        let batch = cache::persist(Batch::new(), &t.name, key, &named);
        self.store
            .commit(batch)
            .await
            .map_err(|e| TaskError::transient(format!("could not store outputs of `{}`: {e}", t.name)))?;
        Ok(outputs)
    }

    fn sink(&mut self) -> &mut dyn EventSink {
        match &mut self.events {
            Some(sink) => &mut **sink,
            None => &mut self.no_events,
        }
    }

    fn state_changed(&mut self, task: &str, state: TaskState, try_number: u32, detail: Option<String>) {
        self.sink().emit(&Event::TaskStateChanged { task: task.to_string(), state, try_number, detail });
    }

    fn log(&mut self, task: &str, try_number: u32, line: &str) {
        self.sink().emit(&Event::Log { task: task.to_string(), try_number, line: line.to_string() });
    }
}

fn describe(outcome: &Finished) -> Option<String> {
    match outcome {
        Finished::Success => None,
        Finished::Failed { error, tries } => Some(format!("{error} (after {tries} tries)")),
        Finished::UpstreamFailed { detail } => Some(detail.clone()),
        Finished::Skipped(SkipReason::Cached { .. }) => Some("cached".into()),
        Finished::Skipped(SkipReason::Cancelled) => Some("cancelled".into()),
        Finished::Skipped(SkipReason::TriggerRule { detail } | SkipReason::SkippedByTask { detail }) => {
            Some(detail.clone())
        }
    }
}

/// Failed if any task failed (naming the first failure and what it took down with it);
/// cancelled if the host cancelled; succeeded otherwise.
fn outcome_of(reports: &[TaskReport], cancelled: bool) -> RunOutcome {
    let failed: Vec<&TaskReport> =
        reports.iter().filter(|r| matches!(r.outcome, Finished::Failed { .. })).collect();
    let blocked: Vec<&str> = reports
        .iter()
        .filter(|r| matches!(r.outcome, Finished::UpstreamFailed { .. }))
        .map(|r| r.name.as_str())
        .collect();
    if let Some(first) = failed.first() {
        let Finished::Failed { error, tries } = &first.outcome else { unreachable!("filtered on Failed") };
        let plural = if *tries == 1 { "try" } else { "tries" };
        let mut reason = format!("task `{}` failed after {tries} {plural}: {error}", first.name);
        if failed.len() > 1 {
            let others: Vec<String> = failed[1..].iter().map(|r| format!("`{}`", r.name)).collect();
            reason.push_str(&format!("; also failed: {}", others.join(", ")));
        }
        if !blocked.is_empty() {
            let names: Vec<String> = blocked.iter().map(|n| format!("`{n}`")).collect();
            reason.push_str(&format!("; not run (upstream failed): {}", names.join(", ")));
        }
        return RunOutcome::Failed { reason };
    }
    if cancelled {
        let never: Vec<String> = reports
            .iter()
            .filter(|r| matches!(r.outcome, Finished::Skipped(SkipReason::Cancelled)))
            .map(|r| format!("`{}`", r.name))
            .collect();
        return RunOutcome::Cancelled { reason: format!("cancelled; not run: {}", never.join(", ")) };
    }
    if !blocked.is_empty() {
        return RunOutcome::Failed {
            reason: format!("tasks not run (upstream failed): {}", blocked.join(", ")),
        };
    }
    RunOutcome::Succeeded
}
