//! The Monitoring page: pick a reference and a current dataset version, compute the drift report
//! in the Web Worker (the core's Evidently-exact `data_drift`, as `hearth monitor drift`), score the
//! champion on a version (`hearth monitor performance`), and browse the history of checks kept in
//! IndexedDB.

use hearth_core::monitor::{ReportSummary, StoredReport};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::data_versions::{load_versions, VersionRow};
use crate::drift_view::ReportView;
use crate::worker_protocol::{FromWorker, ToWorker};

/// Everything the page reads from the store.
#[derive(Debug, Clone, PartialEq, Default)]
struct Workspace {
    versions: Vec<VersionRow>,
    history: Vec<StoredReport>,
    champion: Option<String>,
}

async fn read_workspace() -> Result<Workspace, String> {
    Ok(Workspace {
        versions: load_versions().await?,
        history: crate::monitor_store::history().await?,
        champion: crate::monitor_store::champion().await?,
    })
}

/// Runs one check in the worker; returns the stored report's id.
async fn check(request: ToWorker) -> Result<String, String> {
    match crate::worker_call::call(request).await? {
        FromWorker::Checked { report_id } => Ok(report_id),
        other => Err(format!("unexpected answer from the worker: {other:?}")),
    }
}

/// The Monitoring page.
#[component]
pub fn MonitoringPage() -> impl IntoView {
    let ws = RwSignal::new(None::<Result<Workspace, String>>);
    let shown = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let reference = RwSignal::new(None::<String>);
    let current = RwSignal::new(None::<String>);
    let scored = RwSignal::new(None::<String>);
    let reload = move |show: Option<String>| {
        spawn_local(async move {
            let result = read_workspace().await;
            if let (Some(id), Ok(_)) = (show, &result) {
                shown.set(Some(id));
            }
            ws.set(Some(result));
        })
    };
    reload(None);
    let versions = Signal::derive(move || {
        ws.with(|w| w.as_ref().and_then(|r| r.as_ref().ok()).map(|w| w.versions.clone()).unwrap_or_default())
    });
    let history = Signal::derive(move || {
        ws.with(|w| w.as_ref().and_then(|r| r.as_ref().ok()).map(|w| w.history.clone()).unwrap_or_default())
    });
    let champion = Signal::derive(move || {
        ws.with(|w| w.as_ref().and_then(|r| r.as_ref().ok()).and_then(|w| w.champion.clone()))
    });
    // Defaults: previous → latest (the list is newest first).
    let pick = move |sig: RwSignal<Option<String>>, index: usize| {
        move || sig.get().or_else(|| versions.with(|v| v.get(index).or(v.first()).map(VersionRow::hex)))
    };
    let reference_id = pick(reference, 1);
    let current_id = pick(current, 0);
    let scored_id = pick(scored, 0);
    let run = move |request: ToWorker| {
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match check(request).await {
                Ok(id) => reload(Some(id)),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let on_drift = move |_| {
        if let (Some(reference), Some(current)) = (reference_id(), current_id()) {
            run(ToWorker::Drift { reference, current });
        }
    };
    let on_quality = move |_| {
        if let Some(data) = scored_id() {
            run(ToWorker::Quality { data });
        }
    };
    let options = move |chosen: String| {
        versions
            .get()
            .into_iter()
            .map(|row| {
                let hex = row.hex();
                let selected = hex == chosen;
                view! { <option value=hex selected=selected>{row.label()}</option> }
            })
            .collect_view()
    };
    let displayed = move || {
        let list = history.get();
        match shown.get() {
            Some(id) => list.into_iter().find(|r| r.id == id),
            None => list.into_iter().next(),
        }
    };
    view! {
        {move || match ws.get() {
            None => view! { <p class="muted">"Reading the workspace…"</p> }.into_any(),
            Some(Err(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
            Some(Ok(w)) if w.versions.len() < 2 && w.history.is_empty() => view! {
                <section class="card empty">
                    <p id="monitoring-empty">
                        "Drift compares two dataset versions. "
                        <a href="#data">"Import a reference and a current CSV on the Data page"</a> " first."
                    </p>
                </section>
            }
            .into_any(),
            Some(Ok(_)) => ().into_any(),
        }}
        <Show when=move || !versions.with(Vec::is_empty)>
            <div class="cards-2">
                <section class="card">
                    <h2>"Data drift"</h2>
                    <p class="muted">"Evidently's DataDriftPreset rules, computed in a background worker."</p>
                    <div class="params">
                        <label for="drift-reference">"Reference"
                            <select id="drift-reference" on:change=move |ev| reference.set(Some(event_target_value(&ev)))>
                                {move || options(reference_id().unwrap_or_default())}
                            </select>
                        </label>
                        <label for="drift-current">"Current"
                            <select id="drift-current" on:change=move |ev| current.set(Some(event_target_value(&ev)))>
                                {move || options(current_id().unwrap_or_default())}
                            </select>
                        </label>
                        <button id="run-drift" on:click=on_drift disabled=move || busy.get()>
                            {move || if busy.get() { "Checking…" } else { "Check drift" }}
                        </button>
                    </div>
                </section>
                <section class="card">
                    <h2>"Model quality"</h2>
                    <p class="muted" id="champion-line">
                        {move || match champion.get() {
                            Some(c) => format!("Champion: {c}. Score it on a labelled version."),
                            None => "No champion yet: run the pipeline to get one.".to_string(),
                        }}
                    </p>
                    <div class="params">
                        <label for="quality-data">"Data"
                            <select id="quality-data" on:change=move |ev| scored.set(Some(event_target_value(&ev)))>
                                {move || options(scored_id().unwrap_or_default())}
                            </select>
                        </label>
                        <button id="run-quality" on:click=on_quality
                            disabled=move || busy.get() || champion.with(Option::is_none)>
                            "Score champion"
                        </button>
                    </div>
                </section>
            </div>
        </Show>
        {move || error.get().map(|e| view! { <p id="monitor-error" class="error" role="alert">{e}</p> })}
        {move || displayed().map(|r| view! { <ReportView record=r /> })}
        <Show when=move || !history.with(Vec::is_empty)>
            <section class="card">
                <h2>"History of checks"</h2>
                <table class="grid" id="history">
                    <thead><tr><th>"When"</th><th>"Data"</th><th>"Result"</th><th></th></tr></thead>
                    <tbody>
                        {move || history.get().into_iter().map(|r| history_row(r, shown)).collect_view()}
                    </tbody>
                </table>
            </section>
        </Show>
    }
}

fn history_row(r: StoredReport, shown: RwSignal<Option<String>>) -> impl IntoView {
    let data = match &r.reference {
        Some(reference) => format!("{reference} → {}", r.current),
        None => r.current.clone(),
    };
    let result = match &r.summary {
        ReportSummary::Drift {
            number_of_columns,
            number_of_drifted_columns,
            dataset_drift,
            drifted_columns,
        } => {
            format!(
                "{} — {number_of_drifted_columns} of {number_of_columns} drifted{}",
                if *dataset_drift { "dataset drift" } else { "no dataset drift" },
                if drifted_columns.is_empty() {
                    String::new()
                } else {
                    format!(": {}", drifted_columns.join(", "))
                }
            )
        }
        ReportSummary::Performance { rows, r2_score, rmse, .. } => {
            format!(
                "quality on {rows} rows — R² {r2_score:.4}, RMSE {}",
                crate::histogram_chart::compact(*rmse)
            )
        }
    };
    let id = r.id.clone();
    view! {
        <tr data-report=r.id.clone()>
            <td class="muted">{crate::models_page::when(r.created_at_ms)}</td>
            <td>{data}</td>
            <td>{result}</td>
            <td><button class="secondary" on:click=move |_| shown.set(Some(id.clone()))>"Open"</button></td>
        </tr>
    }
}
