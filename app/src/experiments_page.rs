//! The Experiments page: every pipeline run stored in this browser in one table (sort by any
//! column, filter by text), two runs side by side (parameters and test metrics with deltas), and
//! predicted-vs-actual and residual charts of a run's held-out rows.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use hearth_core::registry::Registry;
use hearth_core::store::Store;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::charts::{PredictedVsActual, Residuals};
use crate::run_format::{delta_text, higher_is_better, metric_text, status_word, when, METRIC_COLUMNS};
use crate::run_predictions::{test_points, TestPoint};
use crate::stored_run;
use crate::IdbStore;

/// One run as a table row.
#[derive(Debug, Clone, PartialEq)]
pub struct RunRow {
    id: String,
    started_at_ms: u64,
    seed: Option<u64>,
    status: &'static str,
    gate: Option<&'static str>,
    registered: Option<u32>,
    metrics: BTreeMap<String, f64>,
    params: BTreeMap<String, serde_json::Value>,
}

/// A sortable column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// Start time.
    Started,
    /// Run id.
    Run,
    /// Split seed.
    Seed,
    /// Run status.
    Status,
    /// A test metric, by registry name.
    Metric(&'static str),
    /// Gate verdict.
    Gate,
    /// Registered version.
    Version,
}

impl RunRow {
    fn from_stored(run: &stored_run::StoredRun) -> Self {
        RunRow {
            id: run.run.id.clone(),
            started_at_ms: run.run.started_at_ms,
            seed: run.run.params.get("split.seed").and_then(|v| v.as_u64()),
            status: status_word(&run.run.status),
            gate: run.gate.as_ref().map(|g| if g.decision.passed { "PASSED" } else { "REFUSED" }),
            registered: run.registered.as_ref().map(|r| r.version),
            metrics: run.run.latest_metrics().into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
            params: run.run.params.clone(),
        }
    }

    fn compare(&self, other: &Self, column: Column) -> Ordering {
        let by = match column {
            Column::Started => self.started_at_ms.cmp(&other.started_at_ms),
            Column::Run => self.id.cmp(&other.id),
            Column::Seed => self.seed.cmp(&other.seed),
            Column::Status => self.status.cmp(other.status),
            Column::Metric(key) => {
                let v = |r: &Self| r.metrics.get(key).copied().unwrap_or(f64::NEG_INFINITY);
                v(self).total_cmp(&v(other))
            }
            Column::Gate => self.gate.cmp(&other.gate),
            Column::Version => self.registered.cmp(&other.registered),
        };
        by.then_with(|| self.started_at_ms.cmp(&other.started_at_ms)).then_with(|| self.id.cmp(&other.id))
    }

    /// Whether `filter` appears (case-insensitively) in the row's text, as a phrase: `seed 7` must
    /// not match a run whose id merely contains a 7.
    fn matches(&self, filter: &str) -> bool {
        let text = format!(
            "{} seed {} {} {} v{}",
            self.id,
            self.seed.map_or_else(String::new, |s| s.to_string()),
            self.status,
            self.gate.unwrap_or(""),
            self.registered.map_or_else(String::new, |v| v.to_string()),
        )
        .to_lowercase();
        let phrase = filter.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        text.contains(&phrase)
    }
}

/// `rows` filtered by `filter`, sorted by `column` (descending unless `ascending`).
pub fn visible_rows(rows: &[RunRow], filter: &str, column: Column, ascending: bool) -> Vec<RunRow> {
    let mut out: Vec<RunRow> = rows.iter().filter(|r| r.matches(filter)).cloned().collect();
    out.sort_by(|a, b| if ascending { a.compare(b, column) } else { b.compare(a, column) });
    out
}

async fn load_rows<S: Store>(store: &S) -> Result<Vec<RunRow>, String> {
    let runs = Registry::new(store).list_runs(None).await.map_err(|e| e.to_string())?;
    let mut rows = Vec::new();
    for run in runs {
        rows.push(RunRow::from_stored(&stored_run::load(store, &run.id).await?));
    }
    Ok(rows)
}

async fn load_points(run_id: String) -> Result<Vec<TestPoint>, String> {
    let store = IdbStore::open(crate::DATABASE).await.map_err(|e| e.to_string())?;
    let run = stored_run::load(&store, &run_id).await?;
    test_points(&store, &run).await
}

/// The Experiments page.
#[component]
pub fn ExperimentsPage() -> impl IntoView {
    let rows = RwSignal::new(None::<Result<Vec<RunRow>, String>>);
    let chart_run = RwSignal::new(None::<String>);
    spawn_local(async move {
        let result = match IdbStore::open(crate::DATABASE).await {
            Ok(store) => load_rows(&store).await,
            Err(e) => Err(e.to_string()),
        };
        if let Ok(list) = &result {
            chart_run.set(list.iter().max_by_key(|r| r.started_at_ms).map(|r| r.id.clone()));
        }
        rows.set(Some(result));
    });
    move || match rows.get() {
        None => view! { <p class="muted">"Reading the runs…"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
        Some(Ok(list)) if list.is_empty() => view! {
            <section class="card empty">
                <p id="experiments-empty">
                    "No runs yet. " <a href="#pipeline">"Run the pipeline"</a>
                    " — every run lands here with its parameters and test metrics, ready to compare."
                </p>
            </section>
        }
        .into_any(),
        Some(Ok(list)) => view! { <Runs rows=list chart_run=chart_run /> }.into_any(),
    }
}

#[component]
fn Runs(rows: Vec<RunRow>, chart_run: RwSignal<Option<String>>) -> impl IntoView {
    let all = StoredValue::new(rows);
    let filter = RwSignal::new(String::new());
    let sort = RwSignal::new((Column::Started, false));
    let selected = RwSignal::new(Vec::<String>::new());
    let shown = Memo::new(move |_| {
        let (column, asc) = sort.get();
        all.with_value(|rows| visible_rows(rows, &filter.get(), column, asc))
    });
    let toggle = move |id: String| {
        selected.update(|s| {
            if let Some(i) = s.iter().position(|x| *x == id) {
                s.remove(i);
            } else {
                s.push(id);
                if s.len() > 2 {
                    s.remove(0);
                }
            }
        })
    };
    let columns: Vec<(Column, &'static str, bool)> = [
        (Column::Started, "Started", false),
        (Column::Run, "Run", false),
        (Column::Seed, "Seed", true),
        (Column::Status, "Status", false),
    ]
    .into_iter()
    .chain(METRIC_COLUMNS.iter().map(|(k, l)| (Column::Metric(k), *l, true)))
    .chain([(Column::Gate, "Gate", false), (Column::Version, "Version", true)])
    .collect();
    let header = columns
        .into_iter()
        .map(|(column, label, numeric)| {
            let sort_name = column_slug(column);
            let aria = move || match sort.get() {
                (c, true) if c == column => "ascending",
                (c, false) if c == column => "descending",
                _ => "none",
            };
            let arrow = move || match sort.get() {
                (c, true) if c == column => " ▲",
                (c, false) if c == column => " ▼",
                _ => "",
            };
            view! {
                <th scope="col" class:num=numeric aria-sort=aria>
                    <button type="button" class="sort" data-sort=sort_name
                        on:click=move |_| sort.update(|(c, asc)| {
                            if *c == column { *asc = !*asc } else { *c = column; *asc = !numeric }
                        })>
                        {label}{arrow}
                    </button>
                </th>
            }
        })
        .collect_view();
    let total = all.with_value(Vec::len);
    view! {
        <section class="card">
            <div class="table-tools">
                <label for="runs-filter" class="filter">
                    "Filter"
                    <input id="runs-filter" type="search" placeholder="run id, seed 7, passed, refused…"
                        prop:value=move || filter.get()
                        on:input=move |ev| filter.set(event_target_value(&ev)) />
                </label>
                <span id="runs-count" class="muted">
                    {move || format!("{} of {total} runs", shown.with(Vec::len))}
                </span>
                <span class="muted hint-inline">"Tick two runs to compare them."</span>
            </div>
            <div class="scroll">
                <table class="grid runs" id="runs-table">
                    <thead><tr><th scope="col"><span class="visually-hidden">"Compare"</span></th>{header}<th scope="col">"Charts"</th></tr></thead>
                    <tbody>
                        <For each=move || shown.get() key=|r| r.id.clone() let:row>
                            <RunLine row=row selected=selected toggle=toggle chart_run=chart_run />
                        </For>
                    </tbody>
                </table>
            </div>
            <Show when=move || shown.with(Vec::is_empty)>
                <p id="runs-none" class="empty">"No run matches the filter."</p>
            </Show>
        </section>
        {move || {
            let ids = selected.get();
            match ids.as_slice() {
                [a, b] => {
                    let find = |id: &String| all.with_value(|rows| rows.iter().find(|r| &r.id == id).cloned());
                    match (find(a), find(b)) {
                        (Some(a), Some(b)) => view! { <Comparison a=a b=b /> }.into_any(),
                        _ => ().into_any(),
                    }
                }
                _ => ().into_any(),
            }
        }}
        <Charts run_id=chart_run />
    }
}

fn column_slug(column: Column) -> &'static str {
    match column {
        Column::Started => "started",
        Column::Run => "run",
        Column::Seed => "seed",
        Column::Status => "status",
        Column::Metric(key) => key,
        Column::Gate => "gate",
        Column::Version => "version",
    }
}

#[component]
fn RunLine(
    row: RunRow,
    selected: RwSignal<Vec<String>>,
    toggle: impl Fn(String) + Copy + Send + Sync + 'static,
    chart_run: RwSignal<Option<String>>,
) -> impl IntoView {
    let id = row.id.clone();
    let checked = {
        let id = id.clone();
        Signal::derive(move || selected.with(|s| s.contains(&id)))
    };
    let charted = {
        let id = id.clone();
        Signal::derive(move || chart_run.with(|c| c.as_ref() == Some(&id)))
    };
    let metrics = METRIC_COLUMNS
        .iter()
        .map(|(k, _)| {
            let text = row.metrics.get(*k).map_or_else(|| "—".to_string(), |v| metric_text(k, *v));
            view! { <td class="num" data-metric=*k>{text}</td> }
        })
        .collect_view();
    let (on_toggle, on_chart) = (id.clone(), id.clone());
    view! {
        <tr data-run=id.clone() class:selected=checked>
            <td><input type="checkbox" class="select-run" aria-label=format!("Compare run {id}")
                prop:checked=checked on:change=move |_| toggle(on_toggle.clone()) /></td>
            <td>{when(row.started_at_ms)}</td>
            <td><code title=id.clone()>{id.get(..12).unwrap_or(&id).to_string()}</code></td>
            <td class="num" data-col="seed">{row.seed.map_or_else(|| "—".to_string(), |s| s.to_string())}</td>
            <td><span class=format!("badge status-{}", row.status)>{row.status}</span></td>
            {metrics}
            <td>{row.gate.map(|g| view! { <span class=format!("gate-{}", g.to_lowercase())>{g}</span> })}</td>
            <td class="num">{row.registered.map_or_else(|| "—".to_string(), |v| format!("v{v}"))}</td>
            <td><button type="button" class="secondary chart-button" aria-pressed=move || charted.get().to_string()
                on:click=move |_| chart_run.set(Some(on_chart.clone()))>"Charts"</button></td>
        </tr>
    }
}

/// Two runs side by side: every parameter (differences marked) and the test metrics with B − A.
#[component]
fn Comparison(a: RunRow, b: RunRow) -> impl IntoView {
    let keys: BTreeSet<&String> = a.params.keys().chain(b.params.keys()).collect();
    let show = |v: Option<&serde_json::Value>| v.map_or_else(|| "—".to_string(), |v| v.to_string());
    let mut params: Vec<(String, String, String, bool)> = keys
        .into_iter()
        .map(|k| {
            let (va, vb) = (a.params.get(k), b.params.get(k));
            (k.clone(), show(va), show(vb), va != vb)
        })
        .collect();
    // Differences first: they are why one compares runs.
    params.sort_by_key(|(k, _, _, differs)| (!differs, k.clone()));
    let metric_rows = METRIC_COLUMNS
        .iter()
        .map(|(key, label)| {
            let (va, vb) = (a.metrics.get(*key).copied(), b.metrics.get(*key).copied());
            let (delta, class) = match (va, vb) {
                (Some(x), Some(y)) => {
                    let d = y - x;
                    let better = if higher_is_better(key) { d > 0.0 } else { d < 0.0 };
                    let class = if d == 0.0 {
                        "delta"
                    } else if better {
                        "delta better"
                    } else {
                        "delta worse"
                    };
                    (delta_text(key, d), class)
                }
                _ => ("—".to_string(), "delta"),
            };
            let text = |v: Option<f64>| v.map_or_else(|| "—".to_string(), |v| metric_text(key, v));
            view! {
                <tr data-metric=*key>
                    <th scope="row">{*label}</th>
                    <td class="num">{text(va)}</td>
                    <td class="num">{text(vb)}</td>
                    <td class=format!("num {class}")>{delta}</td>
                </tr>
            }
        })
        .collect_view();
    let short = |id: &str| id.get(..12).unwrap_or(id).to_string();
    let (ha, hb) = (format!("A · {}", short(&a.id)), format!("B · {}", short(&b.id)));
    view! {
        <section class="card" id="compare">
            <h2>"Comparison"</h2>
            <div class="cards-2 compare-grid">
                <div>
                    <h3>"Test metrics"</h3>
                    <table class="grid" id="compare-metrics">
                        <thead><tr><th>"Metric"</th><th class="num">{ha.clone()}</th><th class="num">{hb.clone()}</th><th class="num">"Δ (B − A)"</th></tr></thead>
                        <tbody>{metric_rows}</tbody>
                    </table>
                </div>
                <div>
                    <h3>"Parameters"</h3>
                    <div class="scroll params-scroll">
                        <table class="grid" id="compare-params">
                            <thead><tr><th>"Parameter"</th><th>{ha}</th><th>{hb}</th></tr></thead>
                            <tbody>
                                {params.into_iter().map(|(k, va, vb, differs)| {
                                    let attr = k.clone();
                                    view! {
                                    <tr data-param=attr class:differs=differs>
                                        <th scope="row"><code>{k}</code></th><td>{va}</td><td>{vb}</td>
                                    </tr>
                                }}).collect_view()}
                            </tbody>
                        </table>
                    </div>
                </div>
            </div>
        </section>
    }
}

/// Charts of the chosen run's held-out rows, recomputed from its stored artefacts.
#[component]
fn Charts(run_id: RwSignal<Option<String>>) -> impl IntoView {
    let points = RwSignal::new(None::<Result<Vec<TestPoint>, String>>);
    Effect::new(move |_| {
        let Some(id) = run_id.get() else { return };
        points.set(None);
        spawn_local(async move { points.set(Some(load_points(id).await)) });
    });
    view! {
        <section class="card" id="charts">
            <h2>"Held-out predictions"</h2>
            <p class="muted">
                {move || run_id.get().map(|id| format!("Run {} — the chosen model on its test rows.", id.get(..12).unwrap_or(&id)))}
            </p>
            {move || match points.get() {
                None => view! { <p class="muted">"Scoring the test rows…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                Some(Ok(p)) => {
                    let n = p.len().to_string();
                    view! {
                    <div class="cards-2 charts" data-points=n>
                        <figure><PredictedVsActual points=p.clone() />
                            <figcaption>"Predicted vs actual — on the line is a perfect prediction."</figcaption></figure>
                        <figure><Residuals points=p />
                            <figcaption>"Residuals — above zero the model under-predicted."</figcaption></figure>
                    </div>
                }
                .into_any()
                }
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, started: u64, seed: u64, r2: f64, gate: &'static str) -> RunRow {
        RunRow {
            id: id.into(),
            started_at_ms: started,
            seed: Some(seed),
            status: "succeeded",
            gate: Some(gate),
            registered: None,
            metrics: BTreeMap::from([("test_r2".to_string(), r2)]),
            params: BTreeMap::new(),
        }
    }

    fn ids(rows: &[RunRow]) -> Vec<&str> {
        rows.iter().map(|r| r.id.as_str()).collect()
    }

    #[test]
    fn rows_sort_by_any_column_both_ways() {
        let rows =
            [row("a", 1, 42, 0.6, "PASSED"), row("b", 2, 7, 0.8, "REFUSED"), row("c", 3, 9, 0.7, "PASSED")];
        assert_eq!(ids(&visible_rows(&rows, "", Column::Started, false)), ["c", "b", "a"]);
        assert_eq!(ids(&visible_rows(&rows, "", Column::Metric("test_r2"), false)), ["b", "c", "a"]);
        assert_eq!(ids(&visible_rows(&rows, "", Column::Metric("test_r2"), true)), ["a", "c", "b"]);
        assert_eq!(ids(&visible_rows(&rows, "", Column::Seed, true)), ["b", "c", "a"]);
        assert_eq!(ids(&visible_rows(&rows, "", Column::Gate, true)), ["a", "c", "b"]);
    }

    #[test]
    fn the_filter_matches_a_phrase_case_insensitively() {
        let rows = [row("abc", 1, 42, 0.6, "PASSED"), row("def", 2, 7, 0.8, "REFUSED")];
        assert_eq!(ids(&visible_rows(&rows, "refused", Column::Started, true)), ["def"]);
        assert_eq!(ids(&visible_rows(&rows, "seed 42", Column::Started, true)), ["abc"]);
        assert_eq!(ids(&visible_rows(&rows, " SEED  42 ", Column::Started, true)), ["abc"]);
        assert_eq!(ids(&visible_rows(&rows, "seed 7", Column::Started, true)), ["def"]);
        assert!(visible_rows(&rows, "nothing", Column::Started, true).is_empty());
    }
}
