//! One stored monitoring report on the Monitoring page: for drift the verdict, the per-column
//! table (type, test, score, threshold, drifted) and reference-vs-current histograms; for
//! regression quality its metrics. Both offer the report's HTML page and JSON as downloads.

use hearth_core::monitor::{DistributionBins, StoredReport};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::histogram_chart::{compact, shares, BarChart, Series, Ticks};
use crate::monitor_store::{score, ColumnView, DriftView, QualityView};

/// The report, whichever kind it is.
#[component]
pub fn ReportView(record: StoredReport) -> impl IntoView {
    let heading = match &record.reference {
        Some(r) => format!("{r} → {}", record.current),
        None => record.current.clone(),
    };
    let when = crate::models_page::when(record.created_at_ms);
    let body =
        if record.reference.is_some() {
            match serde_json::from_value::<DriftView>(record.report.clone()) {
                Ok(d) => view! { <DriftBody drift=d /> }.into_any(),
                Err(e) => view! { <p class="error">{format!("the stored report is unreadable: {e}")}</p> }
                    .into_any(),
            }
        } else {
            match serde_json::from_value::<QualityView>(record.report.clone()) {
                Ok(q) => view! { <QualityBody quality=q /> }.into_any(),
                Err(e) => view! { <p class="error">{format!("the stored report is unreadable: {e}")}</p> }
                    .into_any(),
            }
        };
    view! {
        <section class="card" id="report" data-report=record.id.clone()>
            <div class="report-head">
                <div>
                    <h2 id="report-title">{heading}</h2>
                    <p class="muted">{format!("Report {} · {when}", record.id)}</p>
                </div>
                <Downloads record=record.clone() />
            </div>
            {body}
        </section>
    }
}

#[component]
fn Downloads(record: StoredReport) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let id = record.id.clone();
    let on_html = move |_| {
        let id = id.clone();
        spawn_local(async move {
            let result = match crate::monitor_store::html(&id).await {
                Ok(Some(bytes)) => {
                    crate::download::save_file(&format!("hearth-report-{id}.html"), "text/html", &bytes)
                }
                Ok(None) => Err("this report has no stored HTML page".into()),
                Err(e) => Err(e),
            };
            error.set(result.err());
        });
    };
    let json = serde_json::to_string_pretty(&record.report).unwrap_or_default();
    let name = format!("hearth-report-{}.json", record.id);
    let on_json =
        move |_| error.set(crate::download::save_file(&name, "application/json", json.as_bytes()).err());
    view! {
        <div class="downloads">
            <button id="download-html" class="secondary" on:click=on_html>"HTML report"</button>
            <button id="download-json" class="secondary" on:click=on_json>"JSON"</button>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </div>
    }
}

#[component]
fn DriftBody(drift: DriftView) -> impl IntoView {
    let verdict = if drift.dataset_drift { "Dataset drift detected" } else { "No dataset drift" };
    let detail = format!(
        "{} of {} columns drifted ({:.1}%; dataset drift needs {:.0}%) · {} reference rows vs {} current rows",
        drift.number_of_drifted_columns,
        drift.number_of_columns,
        100.0 * drift.share_of_drifted_columns,
        100.0 * drift.drift_share,
        drift.reference_rows,
        drift.current_rows
    );
    let rows = drift
        .drift_by_columns
        .iter()
        .map(|c| {
            view! {
                <tr data-column=c.column_name.clone() class:drifted=c.drift_detected>
                    <td>{c.column_name.clone()}</td>
                    <td>{c.column_type.name()}</td>
                    <td>{c.stattest_name.clone()}</td>
                    <td class="num score">{score(c.drift_score)}</td>
                    <td class="num">{score(Some(c.stattest_threshold))}</td>
                    <td class="drift">
                        {if c.drift_detected {
                            view! { <span class="badge drift-yes">"Drift"</span> }.into_any()
                        } else {
                            view! { <span class="badge drift-no">"No drift"</span> }.into_any()
                        }}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let skipped = drift
        .skipped_columns
        .iter()
        .map(|s| view! { <li>{format!("{}: {}", s.column_name, s.reason)}</li> })
        .collect_view();
    let charts =
        drift.drift_by_columns.iter().map(|c| view! { <DriftChart column=c.clone() /> }).collect_view();
    view! {
        <p id="drift-verdict" class="verdict"
            class:verdict-refused=drift.dataset_drift class:verdict-passed=!drift.dataset_drift>
            {verdict}
        </p>
        <p id="drift-share" class="muted">{detail}</p>
        <div class="scroll">
            <table class="grid" id="drift-table">
                <thead><tr>
                    <th>"Column"</th><th>"Type"</th><th>"Test"</th><th class="num">"Statistic / p-value"</th>
                    <th class="num">"Threshold"</th><th>"Drift"</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <ul class="reasons">{skipped}</ul>
        <h3>"Distributions: reference vs current"</h3>
        <p class="legend muted">
            <span class="swatch bar-ref"></span>"reference" <span class="swatch bar-cur"></span>"current"
            " (share of rows per bin)"
        </p>
        <div class="column-grid">{charts}</div>
    }
}

#[component]
fn DriftChart(column: ColumnView) -> impl IntoView {
    let d = &column.distribution;
    let (bins, ticks) = match &d.bins {
        DistributionBins::Edges(edges) => (
            edges.windows(2).map(|w| format!("{}–{}", compact(w[0]), compact(w[1]))).collect(),
            Ticks::Ends(
                edges.first().copied().map_or(String::new(), compact),
                edges.last().copied().map_or(String::new(), compact),
            ),
        ),
        DistributionBins::Categories(labels) => (labels.clone(), Ticks::Each),
    };
    let series = vec![
        Series { name: "reference", class: "bar-ref", values: shares(&d.reference) },
        Series { name: "current", class: "bar-cur", values: shares(&d.current) },
    ];
    let name = column.column_name.clone();
    view! {
        <div class="column-card" class:drifted=column.drift_detected data-column=name.clone()>
            <div class="column-head">
                <strong>{name.clone()}</strong>
                <span class="muted">{format!("{} {}", column.stattest_name, score(column.drift_score))}</span>
            </div>
            <BarChart bins=bins series=series ticks=ticks label=format!("{name}: reference vs current") />
        </div>
    }
}

#[component]
fn QualityBody(quality: QualityView) -> impl IntoView {
    let metrics = [
        ("r2", "R²", quality.r2_score),
        ("rmse", "RMSE", quality.rmse),
        ("mae", "MAE", quality.mean_abs_error),
        ("mape", "MAPE %", quality.mean_abs_perc_error),
        ("me", "Mean error", quality.mean_error),
    ]
    .into_iter()
    .map(|(key, name, value)| {
        view! { <tr data-metric=key><th>{name}</th><td class="num">{score(value)}</td></tr> }
    })
    .collect_view();
    view! {
        <p class="muted">{format!("Champion predictions scored on {} rows.", quality.rows)}</p>
        <table class="grid metrics" id="quality-metrics"><tbody>{metrics}</tbody></table>
    }
}
