//! The Data page: import a CSV (file picker or drop zone) or the built-in sample, the versions with
//! their tags, the viewed version's profile with histograms, a diff of two versions, and the
//! current dataset's columns and first rows.

use hearth_core::data::sample::{self, Scenario};
use hearth_core::data::{write_csv, ColumnData, ReadOptions, Table};
use hearth_core::store::{Batch, Store};
use hearth_core::version::{DatasetRepo, DatasetVersion, NewVersion, RepoError, VersionRef};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::data_import::{ImportPanel, Imported};
use crate::data_versions::{load_versions, VersionRow, VersionsCard};
use crate::diff_view::DiffPanel;
use crate::profile_view::ProfileView;
use crate::IdbStore;

/// Store key of the dataset shown on the Data page.
pub(crate) const CURRENT_DATASET_KEY: &str = "app/data/current.json";
/// Rows shown in the preview table.
const PREVIEW_ROWS: usize = 10;
/// Size of the built-in sample: as many rows as the original `HousingData.csv`.
const SAMPLE_ROWS: usize = 545;
/// Seed of the built-in sample, the same as `cargo xtask demo` uses.
const SAMPLE_SEED: u64 = 42;
/// File name the sample's bytes are versioned (and downloaded) under.
const SAMPLE_FILE: &str = "house-prices-sample.csv";

/// What the app knows about the stored dataset.
#[derive(Debug, Clone, PartialEq)]
pub enum DatasetSummary {
    /// Still reading IndexedDB.
    Loading,
    /// Nothing stored.
    Empty,
    /// A dataset is stored.
    Loaded(Table),
    /// Reading or writing failed; the message says why.
    Failed(String),
}

/// Reads the stored dataset (if any) into `dataset`.
pub(crate) fn load_stored(dataset: RwSignal<DatasetSummary>) {
    spawn_local(async move {
        dataset.set(match read_current().await {
            Ok(Some(table)) => DatasetSummary::Loaded(table),
            Ok(None) => DatasetSummary::Empty,
            Err(e) => DatasetSummary::Failed(e),
        });
    });
}

async fn read_current() -> Result<Option<Table>, String> {
    let store = IdbStore::open(crate::DATABASE).await.map_err(|e| e.to_string())?;
    let Some(bytes) = store.get(CURRENT_DATASET_KEY).await.map_err(|e| e.to_string())? else {
        return Ok(None);
    };
    serde_json::from_slice(&bytes).map(Some).map_err(|e| format!("stored dataset is unreadable: {e}"))
}

/// Generates the built-in sample in the browser, versions its CSV bytes exactly as
/// `hearth data sample --rows 545 --seed 42` writes them and `hearth data import` stores them (so
/// the pipeline trains on the same dataset version id), and keeps the table for the preview.
/// Another `scenario` (`hearth data sample --scenario`) gives a shifted version to drift-check or retrain on.
async fn load_sample(scenario: Scenario) -> Result<Table, String> {
    let table = sample::generate(SAMPLE_ROWS, SAMPLE_SEED, scenario);
    let csv = write_csv(&table);
    let store = IdbStore::open(crate::DATABASE).await.map_err(|e| e.to_string())?;
    let new = NewVersion {
        message: match scenario {
            Scenario::Baseline => format!("built-in sample ({SAMPLE_ROWS} rows, seed {SAMPLE_SEED})"),
            s => format!("built-in sample ({SAMPLE_ROWS} rows, seed {SAMPLE_SEED}, scenario {})", s.name()),
        },
        tag: None,
        created_at_ms: js_sys::Date::now() as u64,
    };
    DatasetRepo::new(&store)
        .import(csv.as_bytes(), &ReadOptions::named(SAMPLE_FILE), new)
        .await
        .map_err(|e| format!("cannot version the sample: {e}"))?;
    let bytes = serde_json::to_vec(&table).map_err(|e| format!("cannot encode the sample: {e}"))?;
    store.commit(Batch::new().put(CURRENT_DATASET_KEY, bytes)).await.map_err(|e| e.to_string())?;
    Ok(table)
}

/// The latest dataset version, if any was imported.
async fn latest_version() -> Result<Option<DatasetVersion>, String> {
    let store = IdbStore::open(crate::DATABASE).await.map_err(|e| e.to_string())?;
    match DatasetRepo::new(&store).get(&VersionRef::Latest).await {
        Ok(v) => Ok(Some(v)),
        Err(RepoError::Ref(_)) => Ok(None),
        Err(e) => Err(e.to_string()),
    }
}

/// Saves the latest version's exact stored bytes as a file (what `hearth data import` would read).
async fn download_latest() -> Result<(), String> {
    let store = IdbStore::open(crate::DATABASE).await.map_err(|e| e.to_string())?;
    let repo = DatasetRepo::new(&store);
    let version = repo.get(&VersionRef::Latest).await.map_err(|e| e.to_string())?;
    let bytes = repo.bytes(&version).await.map_err(|e| e.to_string())?;
    crate::download::save_file(&version.source.name, "text/csv", &bytes)
}

/// The Data page.
#[component]
pub fn DataPage(dataset: RwSignal<DatasetSummary>) -> impl IntoView {
    let busy = RwSignal::new(false);
    let version = RwSignal::new(None::<DatasetVersion>);
    let refresh_version = move || {
        spawn_local(async move {
            match latest_version().await {
                Ok(v) => version.set(v),
                Err(e) => dataset.set(DatasetSummary::Failed(e)),
            }
        })
    };
    refresh_version();
    let scenario = RwSignal::new(Scenario::Baseline);
    let versions = RwSignal::new(Vec::<VersionRow>::new());
    let selected = RwSignal::new(None::<String>);
    let reload_versions = move || {
        spawn_local(async move {
            match load_versions().await {
                Ok(list) => {
                    if matches!(selected.try_get_untracked(), Some(None)) {
                        selected.set(list.first().map(VersionRow::hex));
                    }
                    versions.set(list);
                }
                Err(e) => dataset.set(DatasetSummary::Failed(e)),
            }
        })
    };
    reload_versions();
    let on_imported = Callback::new(move |done: Imported| {
        selected.set(Some(done.id));
        reload_versions();
        refresh_version();
        load_stored(dataset);
    });
    let on_tagged = Callback::new(move |()| reload_versions());
    let viewed = move || {
        let id = selected.get()?;
        versions.with(|list| list.iter().find(|r| r.hex() == id).map(|r| r.version.clone()))
    };
    let on_load = move |_| {
        busy.set(true);
        spawn_local(async move {
            match load_sample(scenario.get_untracked()).await {
                Ok(table) => dataset.set(DatasetSummary::Loaded(table)),
                Err(e) => dataset.set(DatasetSummary::Failed(e)),
            }
            busy.set(false);
            refresh_version();
            reload_versions();
        });
    };
    let on_download = move |_| {
        spawn_local(async move {
            if let Err(e) = download_latest().await {
                dataset.set(DatasetSummary::Failed(e));
            }
        })
    };
    view! {
        <div class="actions">
            <button id="load-sample" on:click=on_load disabled=move || busy.get()>
                "Load sample data"
            </button>
            <label class="inline" for="sample-scenario">
                "Scenario "
                <select id="sample-scenario"
                    on:change=move |ev| {
                        let name = event_target_value(&ev);
                        scenario.set(Scenario::from_name(&name).unwrap_or(Scenario::Baseline));
                    }>
                    {Scenario::ALL.into_iter().map(|s| view! {
                        <option value=s.name() selected={s == Scenario::Baseline} title=s.description()>{s.name()}</option>
                    }).collect_view()}
                </select>
            </label>
            <span class="muted">
                {format!("The built-in house-price sample: {SAMPLE_ROWS} rows, seed {SAMPLE_SEED}, generated in your browser.")}
            </span>
        </div>
        <ImportPanel on_imported=on_imported />
        {move || version.get().map(|v| view! {
            <p class="version-line">
                "Latest version " <strong id="data-version-tag">{v.tag.as_str().to_string()}</strong>
                " · id " <code id="data-version-id" title=v.id.to_hex()>{v.id.short()}</code>
                {format!(" · {} · {} bytes ", v.source.name, v.source.size)}
                <button id="download-csv" class="secondary" on:click=on_download>"Download CSV"</button>
            </p>
        })}
        <Show when=move || !versions.with(Vec::is_empty)>
            <VersionsCard versions=versions.into() selected=selected changed=on_tagged />
        </Show>
        {move || viewed().map(|v| view! { <ProfileView version=v /> })}
        <Show when=move || versions.with(|v| v.len() >= 2)>
            <DiffPanel versions=versions.into() />
        </Show>
        {move || match dataset.get() {
            DatasetSummary::Loading => view! { <p class="muted">"Reading the workspace…"</p> }.into_any(),
            DatasetSummary::Empty => view! {
                <section class="card empty">
                    <p id="data-empty">"No dataset in this browser yet. Import a CSV or load the built-in sample to start."</p>
                </section>
            }
            .into_any(),
            DatasetSummary::Failed(e) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
            DatasetSummary::Loaded(table) => view! { <TableView table=table /> }.into_any(),
        }}
    }
}

/// Shape, columns and first rows of a table.
#[component]
fn TableView(table: Table) -> impl IntoView {
    let rows = table.n_rows().min(PREVIEW_ROWS);
    let summary = format!("{} rows × {} columns", table.n_rows(), table.n_cols());
    let columns = table
        .columns()
        .iter()
        .map(|c| {
            let kind = match &c.data {
                ColumnData::Numeric(n) if n.integer => "integer".to_string(),
                ColumnData::Numeric(_) => "number".to_string(),
                ColumnData::Categorical(k) => format!("category ({} levels)", k.levels.len()),
            };
            view! {
                <tr>
                    <td>{c.name.clone()}</td>
                    <td>{kind}</td>
                    <td class="num">{c.data.missing()}</td>
                </tr>
            }
        })
        .collect_view();
    let header = table.names().map(|n| view! { <th>{n.to_string()}</th> }).collect_view();
    let body = (0..rows)
        .map(|r| {
            let cells = table.columns().iter().map(|c| view! { <td>{cell(&c.data, r)}</td> }).collect_view();
            view! { <tr>{cells}</tr> }
        })
        .collect_view();
    view! {
        <section class="card">
            <h2>"Dataset"</h2>
            <p id="data-summary" class="big">{summary}</p>
            <table class="grid" id="data-columns">
                <thead><tr><th>"Column"</th><th>"Type"</th><th class="num">"Missing"</th></tr></thead>
                <tbody>{columns}</tbody>
            </table>
        </section>
        <section class="card">
            <h2>{format!("First {rows} rows")}</h2>
            <div class="scroll">
                <table class="grid" id="data-preview">
                    <thead><tr>{header}</tr></thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        </section>
    }
}

/// One cell as text; missing cells are shown as an em dash.
fn cell(data: &ColumnData, row: usize) -> String {
    match data {
        ColumnData::Numeric(n) if n.values[row].is_nan() => "—".into(),
        ColumnData::Numeric(n) => n.values[row].to_string(),
        ColumnData::Categorical(k) => {
            k.codes[row].map_or_else(|| "—".into(), |code| k.levels[code as usize].clone())
        }
    }
}
