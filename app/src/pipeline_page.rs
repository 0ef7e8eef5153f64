//! The Pipeline page: run the default training pipeline in a Web Worker with live task states and
//! progress, then the run's test metrics, the quality gate's verdict, the registered version and
//! the champion — all read back from IndexedDB, so they are still there after a reload.

use hearth_core::pipeline::{Event, PipelineDefinition, TaskState};
use hearth_core::train::Metrics;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::data_page::DatasetSummary;
use crate::pipeline_run::PipelineRun;
use crate::stored_run::{self, StoredRun};
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

/// A run in progress, from the worker's events.
#[derive(Debug, Clone, PartialEq, Default)]
struct LiveRun {
    tasks: Vec<TaskLine>,
    finished: usize,
    total: usize,
}

/// One row of the task list.
#[derive(Debug, Clone, PartialEq)]
struct TaskLine {
    name: String,
    state: TaskState,
    detail: Option<String>,
}

impl LiveRun {
    fn apply(&mut self, event: &Event) {
        match event {
            Event::RunStarted { tasks, .. } => {
                self.total = tasks.len();
                self.tasks = tasks
                    .iter()
                    .map(|name| TaskLine { name: name.clone(), state: TaskState::Queued, detail: None })
                    .collect();
            }
            Event::TaskStateChanged { task, state, try_number, detail } => {
                if let Some(line) = self.tasks.iter_mut().find(|l| &l.name == task) {
                    line.state = *state;
                    line.detail = match (state, detail) {
                        (_, Some(d)) => Some(d.clone()),
                        (TaskState::Running, None) if *try_number > 1 => Some(format!("try {try_number}")),
                        _ => None,
                    };
                }
            }
            Event::Log { task, line, .. } => {
                if let Some(l) = self.tasks.iter_mut().find(|l| &l.name == task) {
                    l.detail = Some(line.clone());
                }
            }
            Event::Progress { finished, total } => {
                self.finished = *finished;
                self.total = *total;
            }
            Event::RunFinished { .. } => {}
        }
    }
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

fn load_last_run(last: RwSignal<LastRun>) {
    spawn_local(async move {
        let result = match IdbStore::open(crate::DATABASE).await {
            Ok(store) => stored_run::load_last(&store).await,
            Err(e) => Err(e.to_string()),
        };
        last.set(match result {
            Ok(Some(run)) => LastRun::Loaded(Box::new(run)),
            Ok(None) => LastRun::None,
            Err(e) => LastRun::Failed(e),
        });
    });
}

/// The Pipeline page.
#[component]
pub fn PipelinePage(dataset: RwSignal<DatasetSummary>) -> impl IntoView {
    let last = RwSignal::new(LastRun::Loading);
    let live = RwSignal::new(None::<LiveRun>);
    let error = RwSignal::new(None::<String>);
    let worker = StoredValue::new_local(None::<PipelineRun>);
    let seed = RwSignal::new(default_param("split", "seed").to_string());
    let min_r2 = RwSignal::new(default_param("gate", "min_r2").to_string());
    load_last_run(last);

    let running = move || live.with(Option::is_some);
    let has_data = move || matches!(dataset.get(), DatasetSummary::Loaded(_));
    let on_reply = move |reply: FromWorker| match reply {
        // Answers to other jobs of the worker protocol never reach a pipeline run.
        FromWorker::Ready
        | FromWorker::Imported { .. }
        | FromWorker::Diffed { .. }
        | FromWorker::Checked { .. } => {}
        FromWorker::Event { event } => live.update(|l| l.get_or_insert_with(LiveRun::default).apply(&event)),
        FromWorker::Finished { .. } | FromWorker::Failed { .. } => {
            if let FromWorker::Failed { message } = reply {
                error.set(Some(message));
            }
            // Terminate the worker after this callback returns (its closure is running now).
            spawn_local(async move {
                worker.set_value(None);
                let result = match IdbStore::open(crate::DATABASE).await {
                    Ok(store) => stored_run::load_last(&store).await,
                    Err(e) => Err(e.to_string()),
                };
                match result {
                    Ok(Some(run)) => last.set(LastRun::Loaded(Box::new(run))),
                    Ok(None) => {}
                    Err(e) => error.set(Some(e)),
                }
                live.set(None);
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
        match PipelineRun::start(params, on_reply) {
            Ok(run) => worker.set_value(Some(run)),
            Err(e) => {
                live.set(None);
                error.set(Some(e));
            }
        }
    };

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
            </form>
            <Show when=move || !has_data() && !matches!(dataset.get(), DatasetSummary::Loading)>
                <p id="pipeline-no-data" class="hint">
                    "No dataset yet: " <a href="#data">"load the built-in sample on the Data page"</a> " first."
                </p>
            </Show>
            {move || error.get().map(|e| view! { <p id="pipeline-error" class="error" role="alert">{e}</p> })}
        </section>
        <TaskList live=live last=last />
        <RunResults last=last />
    }
}

/// The task list: live states while a run is going, else the last run's outcomes.
#[component]
fn TaskList(live: RwSignal<Option<LiveRun>>, last: RwSignal<LastRun>) -> impl IntoView {
    let lines = move || -> Option<(Vec<TaskLine>, usize, usize)> {
        if let Some(l) = live.get() {
            return Some((l.tasks, l.finished, l.total));
        }
        match last.get() {
            LastRun::Loaded(run) => {
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
            _ => None,
        }
    };
    view! {
        <section class="card" aria-live="polite">
            <h2>{move || if live.with(Option::is_some) { "Run in progress" } else { "Tasks" }}</h2>
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
                        {tasks.into_iter().map(|t| view! {
                            <li class=format!("task state-{}", t.state) data-task=t.name.clone() data-state=t.state.to_string()>
                                <span class="task-name">{t.name.clone()}</span>
                                <span class="badge">{t.state.to_string().replace('_', " ")}</span>
                                <span class="task-detail muted">{t.detail.unwrap_or_default()}</span>
                            </li>
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
            hearth_core::pipeline::RunOutcome::Cancelled { reason } => format!("cancelled: {reason}"),
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
