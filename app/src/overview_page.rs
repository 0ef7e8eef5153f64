//! The Overview page: what this browser's workspace holds — dataset versions, the last pipeline
//! run, the champion model and its test metrics, and the latest drift check — each card with an
//! empty state that links to the page that fills it.

use hearth_core::monitor::{list_reports, ReportSummary, StoredReport};
use hearth_core::registry::{Registry, CHAMPION};
use hearth_core::store::Store;
use hearth_core::version::{DatasetRepo, DatasetVersion};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::run_format::{metric_text, when, METRIC_COLUMNS};
use crate::stored_run::{self, StoredRun};
use crate::IdbStore;

/// The champion of one model: its version, the run that produced it and that run's test metrics.
#[derive(Debug, Clone, PartialEq)]
struct Champion {
    model: String,
    version: u32,
    run_id: String,
    metrics: Vec<(&'static str, f64)>,
}

/// Everything the page shows, read in one pass.
#[derive(Debug, Clone, PartialEq)]
struct Summary {
    versions: Vec<DatasetVersion>,
    last_run: Option<StoredRun>,
    champions: Vec<Champion>,
    drift: Option<StoredReport>,
}

async fn load_summary<S: Store>(store: &S) -> Result<Summary, String> {
    let mut versions = DatasetRepo::new(store).list().await.map_err(|e| e.to_string())?;
    versions.sort_by_key(|v| v.created_at_ms);
    let last_run = stored_run::load_last(store).await?;
    let registry = Registry::new(store);
    let mut champions = Vec::new();
    for model in registry.list_models().await.map_err(|e| e.to_string())? {
        let Some(version) = registry.alias(&model.name, CHAMPION).await.map_err(|e| e.to_string())? else {
            continue;
        };
        let Some(v) = registry.get_version(&model.name, version).await.map_err(|e| e.to_string())? else {
            continue;
        };
        let run = registry.get_run(&v.run_id).await.map_err(|e| e.to_string())?;
        let metrics = run.map(|r| run_metrics(&r.latest_metrics())).unwrap_or_default();
        champions.push(Champion { model: model.name, version, run_id: v.run_id, metrics });
    }
    let drift = latest_drift(list_reports(store).await.map_err(|e| e.to_string())?);
    Ok(Summary { versions, last_run, champions, drift })
}

/// The newest drift report among stored monitoring reports (performance reports are skipped).
fn latest_drift(reports: Vec<StoredReport>) -> Option<StoredReport> {
    reports
        .into_iter()
        .filter(|r| matches!(r.summary, ReportSummary::Drift { .. }))
        .max_by_key(|r| r.created_at_ms)
}

/// The test metrics the tables show, in their order, from a run's `test_*` metrics.
fn run_metrics(latest: &std::collections::BTreeMap<&str, f64>) -> Vec<(&'static str, f64)> {
    METRIC_COLUMNS.iter().filter_map(|(key, _)| latest.get(key).map(|v| (*key, *v))).collect()
}

/// The Overview page.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let summary = RwSignal::new(None::<Result<Summary, String>>);
    spawn_local(async move {
        let result = match IdbStore::open(crate::DATABASE).await {
            Ok(store) => load_summary(&store).await,
            Err(e) => Err(e.to_string()),
        };
        summary.set(Some(result));
    });
    move || {
        match summary.get() {
        None => view! { <p class="muted">"Reading the workspace…"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
        Some(Ok(s)) => view! {
            <div class="cards-2 overview">
                <DataCard versions=s.versions />
                <RunCard run=s.last_run />
                <ChampionCard champions=s.champions />
                <DriftCard drift=s.drift />
            </div>
            <p class="muted footnote">"Everything lives in this browser (IndexedDB); nothing is sent anywhere."</p>
        }
        .into_any(),
    }
    }
}

#[component]
fn DataCard(versions: Vec<DatasetVersion>) -> impl IntoView {
    let body = match versions.last() {
        None => view! {
            <p id="overview-data" class="empty">
                "No data yet. " <a href="#data">"Load the built-in sample or import a CSV"</a> "."
            </p>
        }
        .into_any(),
        Some(v) => view! {
            <p class="stat"><span id="overview-versions" class="stat-value">{versions.len()}</span>
                <span class="stat-label">{if versions.len() == 1 { " dataset version" } else { " dataset versions" }}</span></p>
            <p id="overview-data">
                "Latest " <strong>{v.tag.as_str().to_string()}</strong> ": "
                <span id="overview-shape">{format!("{} rows × {} columns", v.n_rows, v.n_cols)}</span>
            </p>
            <p class="muted">{format!("{} · target {} · {}", v.source.name, v.target, when(v.created_at_ms))}</p>
            <p><a href="#data">"Open Data →"</a></p>
        }
        .into_any(),
    };
    view! { <section class="card" id="overview-data-card"><h2>"Data"</h2>{body}</section> }
}

#[component]
fn RunCard(run: Option<StoredRun>) -> impl IntoView {
    let body = match run {
        None => view! {
            <p id="overview-run" class="empty">
                "No pipeline run yet. " <a href="#pipeline">"Run the pipeline"</a> " to train a model."
            </p>
        }
        .into_any(),
        Some(run) => {
            let status = crate::run_format::status_word(&run.run.status).to_string();
            let verdict = run.gate.as_ref().map(|g| if g.decision.passed { "PASSED" } else { "REFUSED" });
            let metrics = run.evaluation.as_ref().map(|e| {
                vec![("test_r2", e.metrics.r2), ("test_mae", e.metrics.mae), ("test_rmse", e.metrics.rmse)]
            });
            view! {
                <p id="overview-run">
                    <span class=format!("badge status-{status}") id="overview-run-status">{status.clone()}</span>
                    " " {when(run.report.ended_at_ms)}
                    {verdict.map(|v| view! { " · gate " <strong class=format!("gate-{}", v.to_lowercase())>{v}</strong> })}
                </p>
                <p class="muted">"Run " <code id="overview-run-id">{run.run.id.clone()}</code></p>
                {metrics.map(|m| view! { <MetricStrip metrics=m id="overview-run-metrics" /> })}
                <p><a href="#experiments">"Compare runs in Experiments →"</a></p>
            }
            .into_any()
        }
    };
    view! { <section class="card"><h2>"Last pipeline run"</h2>{body}</section> }
}

#[component]
fn ChampionCard(champions: Vec<Champion>) -> impl IntoView {
    let body = if champions.is_empty() {
        view! {
            <p id="overview-champion" class="empty">
                "No champion yet. A run whose model passes the quality gate is promoted to champion — "
                <a href="#pipeline">"run the pipeline"</a> "."
            </p>
        }
        .into_any()
    } else {
        champions
            .into_iter()
            .map(|c| {
                view! {
                    <p id="overview-champion">
                        <strong>{c.model.clone()}</strong> " version " <span id="overview-champion-version">{c.version}</span>
                        " " <span class="alias alias-champion">"champion"</span>
                    </p>
                    <MetricStrip metrics=c.metrics id="overview-champion-metrics" />
                    <p class="muted">"From run " <code>{c.run_id}</code></p>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <section class="card">
            <h2>"Champion"</h2>
            {body}
            <p><a href="#models">"Open Models →"</a></p>
        </section>
    }
}

#[component]
fn DriftCard(drift: Option<StoredReport>) -> impl IntoView {
    let body = match drift {
        Some(StoredReport {
            summary: ReportSummary::Drift { number_of_columns, number_of_drifted_columns, dataset_drift, drifted_columns },
            created_at_ms,
            reference,
            current,
            ..
        }) => {
            let verdict = if dataset_drift { "DRIFT" } else { "NO DRIFT" };
            view! {
                <p id="overview-drift" class=format!("verdict {}", if dataset_drift { "verdict-refused" } else { "verdict-passed" })>{verdict}</p>
                <p>{format!("{number_of_drifted_columns} of {number_of_columns} columns drifted")}
                    {(!drifted_columns.is_empty()).then(|| format!(": {}", drifted_columns.join(", ")))}</p>
                <p class="muted">{format!("{} vs {} · {}", current, reference.unwrap_or_default(), when(created_at_ms))}</p>
            }
            .into_any()
        }
        _ => view! {
            <p id="overview-drift" class="empty">
                "No drift check yet. " <a href="#monitoring">"Compare two dataset versions on Monitoring"</a> "."
            </p>
        }
        .into_any(),
    };
    view! {
        <section class="card">
            <h2>"Latest drift check"</h2>
            {body}
            <p><a href="#monitoring">"Open Monitoring →"</a></p>
        </section>
    }
}

/// A row of headline metrics.
#[component]
fn MetricStrip(metrics: Vec<(&'static str, f64)>, id: &'static str) -> impl IntoView {
    view! {
        <dl class="metric-strip" id=id>
            {metrics
                .into_iter()
                .map(|(key, value)| {
                    let label = METRIC_COLUMNS.iter().find(|(k, _)| *k == key).map_or(key, |(_, l)| *l);
                    view! { <div data-metric=key><dt>{label}</dt><dd>{metric_text(key, value)}</dd></div> }
                })
                .collect_view()}
        </dl>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(at: u64, summary: ReportSummary) -> StoredReport {
        StoredReport {
            id: format!("{at:016}"),
            created_at_ms: at,
            reference: Some("old.csv".into()),
            current: "new.csv".into(),
            summary,
            report: serde_json::Value::Null,
        }
    }

    fn drift(drifted: bool) -> ReportSummary {
        ReportSummary::Drift {
            number_of_columns: 13,
            number_of_drifted_columns: usize::from(drifted),
            dataset_drift: drifted,
            drifted_columns: if drifted { vec!["price".into()] } else { vec![] },
        }
    }

    #[test]
    fn the_newest_drift_report_is_chosen_and_performance_reports_are_skipped() {
        assert_eq!(latest_drift(vec![]), None);
        let perf = ReportSummary::Performance { rows: 10, mean_abs_error: 1.0, rmse: 1.0, r2_score: 0.5 };
        assert_eq!(latest_drift(vec![report(9, perf.clone())]), None);
        let chosen = latest_drift(vec![report(1, drift(false)), report(5, drift(true)), report(9, perf)]);
        assert_eq!(chosen.map(|r| r.created_at_ms), Some(5));
    }

    #[test]
    fn champion_metrics_follow_the_table_order_and_skip_absent_ones() {
        let latest =
            std::collections::BTreeMap::from([("test_mae", 2.0), ("test_r2", 0.7), ("train_x", 1.0)]);
        assert_eq!(run_metrics(&latest), vec![("test_r2", 0.7), ("test_mae", 2.0)]);
    }
}
