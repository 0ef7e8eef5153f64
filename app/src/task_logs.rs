//! Per-try logs of one task: what the page keeps of each try (live from the worker's events, or
//! from a stored run's report) and the panel that shows them, one section per try.

use hearth_core::pipeline::{RunReport, TaskState, TryLog};
use leptos::prelude::*;

use crate::task_status::Status;

/// One try of one task and every line it logged.
#[derive(Debug, Clone, PartialEq)]
pub struct TryView {
    /// Task name.
    pub task: String,
    /// 1-based try number.
    pub try_number: u32,
    /// Where the try is or ended: running, success, failed, up_for_retry or skipped.
    pub state: TaskState,
    /// Lines in the order logged (the executor's closing line on failure included).
    pub lines: Vec<String>,
}

impl From<&TryLog> for TryView {
    fn from(log: &TryLog) -> Self {
        TryView {
            task: log.task.clone(),
            try_number: log.try_number,
            state: log.state,
            lines: log.lines.clone(),
        }
    }
}

/// Which task's logs the user asked for, and in which run.
#[derive(Debug, Clone, PartialEq)]
pub struct Selection {
    /// A run of the runs grid; `None` is the run the page shows above (in progress, else the last).
    pub run_id: Option<String>,
    /// Task name.
    pub task: String,
}

/// What the log panel shows.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskLogs {
    /// Task name.
    pub task: String,
    /// Which run, in words.
    pub run: String,
    /// The task's state now (or final).
    pub status: Status,
    /// Why it is in that state, when there is something to say.
    pub detail: Option<String>,
    /// Its tries so far.
    pub tries: Vec<TryView>,
}

impl TaskLogs {
    /// Task `task` of a stored run's report; `None` if the run has no such task.
    pub fn from_report(report: &RunReport, task: &str) -> Option<Self> {
        let t = report.task(task)?;
        Some(TaskLogs {
            task: task.to_string(),
            run: format!("run {}", short_id(&report.run_id)),
            status: Status::finished(&t.outcome),
            detail: crate::stored_run::outcome_detail(&t.outcome),
            tries: t.tries.iter().map(TryView::from).collect(),
        })
    }
}

/// The first 12 characters of a run id (the full id is in the run summary and the grid's titles).
pub fn short_id(id: &str) -> &str {
    id.get(..12).unwrap_or(id)
}

/// The log panel: the selected task's tries, each with its state and lines; a close button.
#[component]
pub fn LogPanel(logs: Signal<Option<TaskLogs>>, selected: RwSignal<Option<Selection>>) -> impl IntoView {
    move || {
        let logs = logs.get()?;
        let title = format!("Logs: {} ({}, {})", logs.task, logs.run, logs.status.label);
        let empty = match &logs.detail {
            Some(d) => format!("No tries: {d}."),
            None if logs.status.state == TaskState::Queued => "Not started yet.".to_string(),
            None => "No tries.".to_string(),
        };
        let tries = if logs.tries.is_empty() {
            view! { <p class="empty" id="log-no-tries">{empty}</p> }.into_any()
        } else {
            logs.tries
                .into_iter()
                .map(|t| {
                    let status = Status::live(t.state, None);
                    let count = t.lines.len();
                    let text = if t.lines.is_empty() { "(no lines logged)".to_string() } else { t.lines.join("\n") };
                    view! {
                        <section class=format!("try {}", status.class()) data-try=t.try_number.to_string()
                            data-state=t.state.to_string()>
                            <h3>
                                {format!("Try {} ", t.try_number)}
                                <span class="badge">{status.label}</span>
                                <span class="muted small">{format!(" {count} line{}", if count == 1 { "" } else { "s" })}</span>
                            </h3>
                            <pre class="log" tabindex="0" aria-label=format!("Log of {} try {}", t.task, t.try_number)>{text}</pre>
                        </section>
                    }
                })
                .collect_view()
                .into_any()
        };
        Some(view! {
            <section class="card" id="task-logs" data-task=logs.task.clone() aria-live="polite">
                <div class="report-head">
                    <h2>{title}</h2>
                    <button id="close-logs" type="button" class="secondary" on:click=move |_| selected.set(None)>
                        "Close"
                    </button>
                </div>
                {tries}
            </section>
        })
    }
}
