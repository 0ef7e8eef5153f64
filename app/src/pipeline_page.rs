//! The Pipeline page: run the default training pipeline in a Web Worker (with parameters, and a
//! cancel) while its DAG and task list show live states and progress; then the run's test metrics,
//! the quality gate's verdict, the registered version and the champion; per-try logs of any task;
//! and every stored run × task in a grid — all read back from IndexedDB, so they survive a reload.

use hearth_core::pipeline::{PipelineDefinition, TaskState};
use hearth_core::train::Metrics;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::dag_view::DagView;
use crate::data_page::DatasetSummary;
use crate::live_run::{LiveRun, TaskLine};
use crate::pipeline_run::PipelineRun;
use crate::runs_grid::{self, GridRuns, RunsGrid};
use crate::stored_run::{self, StoredRun};
use crate::task_logs::{LogPanel, Selection, TaskLogs};
use crate::task_status::Status;
use crate::worker_protocol::{FromWorker, ParamOverride};
use crate::IdbStore;

/// The last stored run, as far as the page knows.
#[derive(Debug, Clone, PartialEq)]
enum LastRun {
    Loading,
    None,
    Loaded(Box<StoredRun>),
    Failed(String),
}

fn default_param(task: &str, key: &str) -> serde_json::Value {
    PipelineDefinition::default_pipeline()
        .task(task)
        .and_then(|t| t.params.get(key).cloned())
        .unwrap_or(serde_json::Value::Null)
}

/// Overrides for the form's values that differ from the built-in pipeline's, so an untouched form
/// runs exactly the default definition (same definition hash as `hearth pipeline run`).
fn overrides(seed: &str, min_r2: &str) -> Result<Vec<ParamOverride>, String> {
    let seed: u64 = seed.trim().parse().map_err(|_| format!("Seed: “{seed}” is not a whole number ≥ 0"))?;
    let min_r2: f64 = min_r2
        .trim()
        .parse()
        .ok()
        .filter(|r: &f64| r.is_finite() && *r <= 1.0)
        .ok_or_else(|| format!("Minimum test R²: “{min_r2}” is not a number ≤ 1"))?;
    let mut out = Vec::new();
    let seed = serde_json::json!(seed);
    if seed != default_param("split", "seed") {
        out.push(ParamOverride { task: None, key: "seed".into(), value: seed });
    }
    let min_r2 = serde_json::json!(min_r2);
    if min_r2 != default_param("gate", "min_r2") {
        out.push(ParamOverride { task: Some("gate".into()), key: "min_r2".into(), value: min_r2 });
    }
    Ok(out)
}

/// Reads the last run and every run's report (for the grid) from IndexedDB.
fn refresh(last: RwSignal<LastRun>, grid: RwSignal<GridRuns>, error: RwSignal<Option<String>>) {
    spawn_local(async move {
        let store = match IdbStore::open(crate::DATABASE).await {
            Ok(store) => store,
            Err(e) => {
                last.set(LastRun::Failed(e.to_string()));
                grid.set(GridRuns::Failed(e.to_string()));
                return;
            }
        };
        match stored_run::load_last(&store).await {
            Ok(Some(run)) => last.set(LastRun::Loaded(Box::new(run))),
            Ok(None) => last.set(LastRun::None),
            // A failure after a run keeps the previous run on screen and says why.
            Err(e) if last.try_with_untracked(|l| matches!(l, LastRun::Loaded(_))) == Some(true) => {
                error.set(Some(e))
            }
            Err(e) => last.set(LastRun::Failed(e)),
        }
        grid.set(match runs_grid::load_reports(&store).await {
            Ok(list) => GridRuns::Loaded(list),
            Err(e) => GridRuns::Failed(e),
        });
    });
}

/// The task lines of the run the page shows: in progress, else the last stored one.
fn shown_tasks(live: &Option<LiveRun>, last: &LastRun) -> Option<(Vec<TaskLine>, usize, usize)> {
    if let Some(l) = live {
        return Some((l.tasks.clone(), l.finished, l.total));
    }
    let LastRun::Loaded(run) = last else { return None };
    let tasks: Vec<TaskLine> = run
        .report
        .tasks
        .iter()
        .map(|t| TaskLine {
            name: t.name.clone(),
            state: t.outcome.state(),
            detail: stored_run::outcome_detail(&t.outcome),
        })
        .collect();
    let n = tasks.len();
    Some((tasks, n, n))
}

/// The logs the selection asks for, from the live run, the last run or a run of the grid.
fn selected_logs(
    selection: &Selection,
    live: &Option<LiveRun>,
    last: &LastRun,
    grid: &GridRuns,
) -> Option<TaskLogs> {
    let task = selection.task.as_str();
    match (&selection.run_id, live, last) {
        (Some(id), _, _) => match grid {
            GridRuns::Loaded(list) => {
                list.iter().find(|r| &r.run_id == id).and_then(|r| TaskLogs::from_report(r, task))
            }
            _ => None,
        },
        (None, Some(l), _) => {
            let line = l.tasks.iter().find(|t| t.name == task)?;
            Some(TaskLogs {
                task: task.to_string(),
                run: "run in progress".into(),
                status: Status::live(line.state, line.detail.as_deref()),
                // While a task runs its detail is its latest log line, already in the try's section.
                detail: match line.state {
                    TaskState::Skipped | TaskState::UpstreamFailed | TaskState::Failed => line.detail.clone(),
                    _ => None,
                },
                tries: l.tries_of(task),
            })
        }
        (None, None, LastRun::Loaded(run)) => TaskLogs::from_report(&run.report, task),
        (None, None, _) => None,
    }
}

/// The Pipeline page.
#[component]
pub fn PipelinePage(dataset: RwSignal<DatasetSummary>) -> impl IntoView {
    let last = RwSignal::new(LastRun::Loading);
    let grid = RwSignal::new(GridRuns::Loading);
    let live = RwSignal::new(None::<LiveRun>);
    let error = RwSignal::new(None::<String>);
    let cancelling = RwSignal::new(false);
    let selected = RwSignal::new(None::<Selection>);
    let worker = StoredValue::new_local(None::<PipelineRun>);
    let seed = RwSignal::new(default_param("split", "seed").to_string());
    let min_r2 = RwSignal::new(default_param("gate", "min_r2").to_string());
    refresh(last, grid, error);

    let running = move || live.with(Option::is_some);
    let has_data = move || matches!(dataset.get(), DatasetSummary::Loaded(_));
    let on_reply = move |reply: FromWorker| match reply {
        // Answers to other jobs of the worker protocol never reach a pipeline run.
        FromWorker::Ready
        | FromWorker::Imported { .. }
        | FromWorker::Diffed { .. }
        | FromWorker::Checked { .. }
        | FromWorker::Promoted { .. }
        | FromWorker::SyncProgress { .. }
        | FromWorker::Synced { .. } => {}
        FromWorker::Event { event } => live.update(|l| l.get_or_insert_with(LiveRun::default).apply(&event)),
        FromWorker::Finished { .. } | FromWorker::Failed { .. } => {
            if let FromWorker::Failed { message } = reply {
                error.set(Some(message));
            }
            // Terminate the worker after this callback returns (its closure is running now).
            spawn_local(async move {
                worker.set_value(None);
                refresh(last, grid, error);
                live.set(None);
                cancelling.set(false);
            });
        }
    };
    let on_run = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let params = match overrides(&seed.get(), &min_r2.get()) {
            Ok(p) => p,
            Err(e) => return error.set(Some(e)),
        };
        live.set(Some(LiveRun::default()));
        // Logs of "the run above" now mean the new run's.
        selected.update(|s| {
            if s.as_ref().is_some_and(|s| s.run_id.is_none()) {
                *s = None;
            }
        });
        match PipelineRun::start(params, on_reply) {
            Ok(run) => worker.set_value(Some(run)),
            Err(e) => {
                live.set(None);
                error.set(Some(e));
            }
        }
    };
    let on_cancel = move |_| {
        cancelling.set(true);
        worker.with_value(|w| {
            if let Some(w) = w {
                w.cancel();
            }
        });
    };
    let tasks = Signal::derive(move || {
        live.with(|l| last.with(|r| shown_tasks(l, r))).map(|(t, _, _)| t).unwrap_or_default()
    });
    let logs = Signal::derive(move || {
        let selection = selected.get()?;
        live.with(|l| last.with(|r| grid.with(|g| selected_logs(&selection, l, r, g))))
    });

    view! {
        <section class="card">
            <h2>"Train a model"</h2>
            <p class="muted">
                "ingest → validate → split → train → evaluate → gate → register → promote, on the latest dataset version. "
                "It runs in a background worker, so this page stays responsive; results are kept in this browser."
            </p>
            <form class="params" on:submit=on_run>
                <label for="param-seed">
                    "Seed"
                    <input id="param-seed" type="number" min="0" step="1" required
                        prop:value=move || seed.get()
                        on:input=move |ev| seed.set(event_target_value(&ev)) />
                </label>
                <label for="param-min-r2">
                    "Quality gate: minimum test R²"
                    <input id="param-min-r2" type="number" max="1" step="0.01" required
                        prop:value=move || min_r2.get()
                        on:input=move |ev| min_r2.set(event_target_value(&ev)) />
                </label>
                <button id="run-pipeline" type="submit" disabled=move || running() || !has_data()>
                    {move || if running() { "Running…" } else { "Run pipeline" }}
                </button>
                <Show when=running>
                    <button id="cancel-run" type="button" class="danger-outline" disabled=move || cancelling.get()
                        on:click=on_cancel>
                        {move || if cancelling.get() { "Cancelling…" } else { "Cancel run" }}
                    </button>
                </Show>
            </form>
            <Show when=move || running() && cancelling.get()>
                <p id="cancel-note" class="hint" role="status">
                    "Cancelling: the task running now finishes (tasks run without interruption in the worker), "
                    "then no further task starts and the run is recorded as cancelled."
                </p>
            </Show>
            <Show when=move || !has_data() && !matches!(dataset.get(), DatasetSummary::Loading)>
                <p id="pipeline-no-data" class="hint">
                    "No dataset yet: " <a href="#data">"load the built-in sample on the Data page"</a> " first."
                </p>
            </Show>
            {move || error.get().map(|e| view! { <p id="pipeline-error" class="error" role="alert">{e}</p> })}
        </section>
        <TaskList live=live last=last tasks=tasks selected=selected />
        <LogPanel logs=logs selected=selected />
        <RunResults last=last />
        <RunsGrid def=PipelineDefinition::default_pipeline() runs=grid selected=selected />
    }
}

/// The graph and the task list: live states while a run is going, else the last run's outcomes.
#[component]
fn TaskList(
    live: RwSignal<Option<LiveRun>>,
    last: RwSignal<LastRun>,
    tasks: Signal<Vec<TaskLine>>,
    selected: RwSignal<Option<Selection>>,
) -> impl IntoView {
    let lines = move || live.with(|l| last.with(|r| shown_tasks(l, r)));
    let open = move |task: String| selected.set(Some(Selection { run_id: None, task }));
    view! {
        <section class="card" aria-live="polite">
            <h2>{move || if live.with(Option::is_some) { "Run in progress" } else { "Tasks" }}</h2>
            <DagView def=PipelineDefinition::default_pipeline() tasks=tasks selected=selected />
            {move || match lines() {
                None => match last.get() {
                    LastRun::Loading => view! { <p class="muted">"Reading the workspace…"</p> }.into_any(),
                    LastRun::Failed(e) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                    _ => view! {
                        <p id="pipeline-empty" class="empty">"No runs yet. Run the pipeline to train and register a model."</p>
                    }.into_any(),
                },
                Some((tasks, finished, total)) => view! {
                    <div class="progress-row">
                        <progress id="run-progress" max=total.max(1).to_string() value=finished.to_string() aria-label="Tasks finished"></progress>
                        <span id="run-progress-text" class="muted">{format!("{finished} of {total} tasks finished")}</span>
                    </div>
                    <ol id="tasks" class="tasks">
                        {tasks.into_iter().map(|t| {
                            let status = Status::live(t.state, t.detail.as_deref());
                            let name = t.name.clone();
                            view! {
                                <li class=format!("task {}", status.class()) data-task=t.name.clone() data-state=t.state.to_string()>
                                    <button type="button" class="task-name linklike" title="Show this task’s logs"
                                        on:click=move |_| open(name.clone())>{t.name.clone()}</button>
                                    <span class="badge">{status.label}</span>
                                    <span class="task-detail muted">{t.detail.unwrap_or_default()}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any(),
            }}
        </section>
    }
}

/// Metrics, gate verdict, registered version and champion of the last run.
#[component]
fn RunResults(last: RwSignal<LastRun>) -> impl IntoView {
    move || {
        let LastRun::Loaded(run) = last.get() else {
            return ().into_any();
        };
        let secs = run.duration_ms() as f64 / 1000.0;
        let outcome = match &run.report.outcome {
            hearth_core::pipeline::RunOutcome::Succeeded => "succeeded".to_string(),
            hearth_core::pipeline::RunOutcome::Failed { reason } => format!("failed: {reason}"),
            // Core's reason already reads "cancelled; not run: …".
            hearth_core::pipeline::RunOutcome::Cancelled { reason } => reason.clone(),
        };
        let verdict = run.gate.as_ref().map(|g| if g.decision.passed { "PASSED" } else { "REFUSED" });
        view! {
            <p id="run-summary" class="muted">
                "Run " <code id="run-id">{run.run.id.clone()}</code> {format!(" {outcome} in ")}
                <span id="run-duration" data-ms=run.duration_ms().to_string()>{format!("{secs:.1} s")}</span>
            </p>
            <div class="cards-2">
                <section class="card">
                    <h2>"Test metrics"</h2>
                    {match &run.evaluation {
                        Some(e) => view! {
                            <p class="muted">{format!("Chosen model on {} held-out test rows.", e.test_rows)}</p>
                            <MetricsTable metrics=e.metrics />
                        }.into_any(),
                        None => view! { <p class="empty">"The run stopped before evaluation."</p> }.into_any(),
                    }}
                </section>
                <section class="card">
                    <h2>"Quality gate"</h2>
                    {match (&run.gate, verdict) {
                        (Some(g), Some(v)) => view! {
                            <p id="gate-verdict" class=format!("verdict verdict-{}", v.to_lowercase())>{v}</p>
                            <ul class="reasons">
                                {g.decision.reasons.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}
                            </ul>
                        }.into_any(),
                        _ => view! { <p class="empty">"The gate did not run."</p> }.into_any(),
                    }}
                    <h3>"Registry"</h3>
                    {match &run.registered {
                        Some(r) => view! {
                            <p id="registered">{format!("Registered “{}” version {}", r.model, r.version)}</p>
                            <p class="hash-line">"Bundle " <code id="bundle-hash">{r.bundle_hash.clone()}</code></p>
                        }.into_any(),
                        None => view! { <p id="registered">"Nothing registered by this run."</p> }.into_any(),
                    }}
                    <p id="champion">
                        {match run.champion {
                            Some(v) => format!("Champion: version {v}"),
                            None => "No champion yet.".to_string(),
                        }}
                    </p>
                </section>
            </div>
        }
        .into_any()
    }
}

/// Held-out metrics, one per row.
#[component]
fn MetricsTable(metrics: Metrics) -> impl IntoView {
    let rows = [
        ("R²", "r2", format!("{:.4}", metrics.r2)),
        ("MAE", "mae", thousands(metrics.mae)),
        ("RMSE", "rmse", thousands(metrics.rmse)),
        ("MAPE", "mape", format!("{:.2} %", metrics.mape * 100.0)),
        ("Mean error (bias)", "me", thousands(metrics.me)),
        ("Max error", "max_error", thousands(metrics.max_error)),
    ];
    view! {
        <table class="grid metrics" id="metrics">
            <tbody>
                {rows.into_iter().map(|(label, key, value)| view! {
                    <tr data-metric=key><th scope="row">{label}</th><td class="num">{value}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// `1234567.8` → `1,234,568`.
pub(crate) fn thousands(value: f64) -> String {
    let rounded = value.round();
    let digits = format!("{}", rounded.abs() as u64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if rounded < 0.0 {
        format!("−{out}")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untouched_form_values_give_no_overrides_and_changed_ones_do() {
        assert_eq!(overrides("42", "0.65").unwrap(), vec![]);
        let o = overrides("7", "0.99").unwrap();
        assert_eq!(o.len(), 2);
        assert_eq!(o[1].task.as_deref(), Some("gate"));
        assert!(overrides("x", "0.65").unwrap_err().starts_with("Seed"));
        assert!(overrides("1", "2").unwrap_err().starts_with("Minimum test R²"));
    }

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(1234567.8), "1,234,568");
        assert_eq!(thousands(-950.0), "−950");
        assert_eq!(thousands(0.2), "0");
    }
}
