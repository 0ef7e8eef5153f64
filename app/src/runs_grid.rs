//! The runs × tasks grid (Airflow's grid view): every run started from this browser as a row,
//! newest first, each task's final state as a cell. A cell opens that task's logs in that run.

use hearth_core::pipeline::{PipelineDefinition, RunOutcome, RunReport};
use hearth_core::store::Store;
use leptos::prelude::*;

use crate::pipeline_job::REPORTS_PREFIX;
use crate::task_logs::{short_id, Selection};
use crate::task_status::Status;

/// The grid's rows, as far as the page knows.
#[derive(Debug, Clone, PartialEq)]
pub enum GridRuns {
    /// Being read.
    Loading,
    /// Every stored report, newest first.
    Loaded(Vec<RunReport>),
    /// The store could not be read.
    Failed(String),
}

/// Every run report stored by the Pipeline page, newest first (ties by run id).
pub async fn load_reports<S: Store>(store: &S) -> Result<Vec<RunReport>, String> {
    let keys = store.list(REPORTS_PREFIX).await.map_err(|e| e.to_string())?;
    let mut reports = Vec::with_capacity(keys.len());
    for key in keys {
        let Some(bytes) = store.get(&key).await.map_err(|e| e.to_string())? else { continue };
        let report: RunReport = serde_json::from_slice(&bytes)
            .map_err(|e| format!("the run report `{key}` is unreadable: {e}"))?;
        reports.push(report);
    }
    sort_newest_first(&mut reports);
    Ok(reports)
}

fn sort_newest_first(reports: &mut [RunReport]) {
    reports.sort_by(|a, b| b.started_at_ms.cmp(&a.started_at_ms).then_with(|| a.run_id.cmp(&b.run_id)));
}

/// One word for how a run ended.
pub fn outcome_word(outcome: &RunOutcome) -> &'static str {
    match outcome {
        RunOutcome::Succeeded => "succeeded",
        RunOutcome::Failed { .. } => "failed",
        RunOutcome::Cancelled { .. } => "cancelled",
    }
}

/// The grid: a row per run, a column per task of `def`.
#[component]
pub fn RunsGrid(
    def: PipelineDefinition,
    runs: RwSignal<GridRuns>,
    selected: RwSignal<Option<Selection>>,
) -> impl IntoView {
    let tasks: Vec<String> = def.tasks.iter().map(|t| t.name.clone()).collect();
    let body = move || match runs.get() {
        GridRuns::Loading => view! { <p class="muted">"Reading the runs…"</p> }.into_any(),
        GridRuns::Failed(e) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
        GridRuns::Loaded(list) if list.is_empty() => {
            view! { <p id="grid-empty" class="empty">"No runs yet."</p> }.into_any()
        }
        GridRuns::Loaded(list) => {
            let head = tasks.iter().map(|t| view! { <th scope="col">{t.clone()}</th> }).collect_view();
            let rows = list.into_iter().map(|r| row(&r, &tasks, selected)).collect_view();
            view! {
                <div class="scroll">
                    <table class="grid runs-grid" id="runs-grid">
                        <caption class="visually-hidden">"Runs (rows, newest first) by task (columns): each task's final state"</caption>
                        <thead><tr><th scope="col">"Run"</th><th scope="col">"Outcome"</th>{head}</tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
            .into_any()
        }
    };
    view! {
        <section class="card">
            <h2>"Runs × tasks"</h2>
            <p class="muted small">"Every run started in this browser, newest first. Select a cell for that task’s logs in that run."</p>
            {body}
        </section>
    }
}

fn row(report: &RunReport, tasks: &[String], selected: RwSignal<Option<Selection>>) -> impl IntoView {
    let outcome = outcome_word(&report.outcome);
    let reason = match &report.outcome {
        RunOutcome::Succeeded => "succeeded".to_string(),
        RunOutcome::Failed { reason } | RunOutcome::Cancelled { reason } => reason.clone(),
    };
    let cells = tasks
        .iter()
        .map(|task| {
            let Some(t) = report.task(task) else {
                return view! { <td class="cell state-none">"—"</td> }.into_any();
            };
            let status = Status::finished(&t.outcome);
            let title = match crate::stored_run::outcome_detail(&t.outcome) {
                Some(d) => format!("{task}: {} — {d}", status.label),
                None => format!("{task}: {}", status.label),
            };
            let pick = Selection { run_id: Some(report.run_id.clone()), task: task.clone() };
            let chosen = {
                let pick = pick.clone();
                move || selected.with(|s| s.as_ref() == Some(&pick))
            };
            view! {
                <td class=move || format!("cell {}{}", status.class(), if chosen() { " selected" } else { "" })
                    data-task=task.clone() data-state=t.outcome.state().to_string()>
                    <button type="button" class="cell-button" title=title.clone() aria-label=title
                        on:click=move |_| selected.set(Some(pick.clone()))>
                        {status.label}
                    </button>
                </td>
            }
            .into_any()
        })
        .collect_view();
    view! {
        <tr data-run=report.run_id.clone() data-outcome=outcome>
            <th scope="row" title=report.run_id.clone()>
                <code>{short_id(&report.run_id).to_string()}</code>
                <span class="muted small run-when">{crate::run_format::when(report.started_at_ms)}</span>
            </th>
            <td class="run-outcome" title=reason><span class=format!("badge status-{outcome}")>{outcome}</span></td>
            {cells}
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(id: &str, started_at_ms: u64) -> RunReport {
        RunReport {
            run_id: id.into(),
            pipeline: "p".into(),
            definition_hash: "h".into(),
            started_at_ms,
            ended_at_ms: started_at_ms + 1,
            tasks: Vec::new(),
            outcome: RunOutcome::Succeeded,
        }
    }

    #[test]
    fn runs_are_listed_newest_first_and_outcomes_read_as_words() {
        let mut list = vec![report("b", 10), report("c", 30), report("a", 10)];
        sort_newest_first(&mut list);
        let ids: Vec<&str> = list.iter().map(|r| r.run_id.as_str()).collect();
        assert_eq!(ids, ["c", "a", "b"]);
        assert_eq!(outcome_word(&RunOutcome::Cancelled { reason: "x".into() }), "cancelled");
    }
}
