//! The Settings page: storage used and persistence, offline readiness, and the whole workspace
//! exported to one checksummed file, imported back (validated first, written in one transaction),
//! or cleared after a confirmation.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

use crate::browser_api;
use crate::data_page::DatasetSummary;
use crate::idb_store::SCHEMA_VERSION;
use crate::workspace_file::{self, entry_count};
use crate::IdbStore;

/// An action's outcome line: what happened, or why it did not.
#[derive(Debug, Clone, PartialEq)]
enum Notice {
    Done(String),
    Failed(String),
}

/// `1536` → `1.5 KB`.
fn bytes_text(n: f64) -> String {
    match n {
        n if n >= 1e9 => format!("{:.2} GB", n / 1e9),
        n if n >= 1e6 => format!("{:.1} MB", n / 1e6),
        n if n >= 1e3 => format!("{:.1} KB", n / 1e3),
        n => format!("{n:.0} B"),
    }
}

async fn export_workspace() -> Result<String, String> {
    let store = IdbStore::open(crate::DATABASE).await.map_err(|e| e.to_string())?;
    let snapshot = store.snapshot().await.map_err(|e| e.to_string())?;
    let bytes = workspace_file::encode(crate::DATABASE, SCHEMA_VERSION, &snapshot);
    let digest = hearth_core::registry::canonical::sha256_hex(&bytes);
    crate::download::save_file(
        &format!("hearth-workspace-{}.json", &digest[..12]),
        "application/json",
        &bytes,
    )?;
    Ok(format!(
        "Exported {} entries ({}) to one file.",
        entry_count(&snapshot),
        bytes_text(bytes.len() as f64)
    ))
}

async fn import_workspace(input: JsValue) -> Result<Option<String>, String> {
    let Some((name, bytes)) = browser_api::chosen_file(&input).await? else { return Ok(None) };
    // Everything is checked before the database is touched.
    let snapshot = workspace_file::decode(&bytes, crate::DATABASE, SCHEMA_VERSION)
        .map_err(|e| format!("{name}: {e}. Nothing was changed."))?;
    let store = IdbStore::open(crate::DATABASE).await.map_err(|e| e.to_string())?;
    store.replace_all(&snapshot).await.map_err(|e| format!("{name}: {e}. Nothing was changed."))?;
    Ok(Some(format!(
        "Imported {} entries from {name}; the workspace is as it was exported.",
        entry_count(&snapshot)
    )))
}

async fn clear_workspace() -> Result<(), String> {
    let store = IdbStore::open(crate::DATABASE).await.map_err(|e| e.to_string())?;
    store.clear_all().await.map_err(|e| e.to_string())
}

/// The Settings page. `dataset` is refreshed after an import or a clear.
#[component]
pub fn SettingsPage(dataset: RwSignal<DatasetSummary>) -> impl IntoView {
    view! {
        <div class="cards-2">
            <StorageCard />
            <OfflineCard />
        </div>
        <WorkspaceCard dataset=dataset />
    }
}

#[component]
fn StorageCard() -> impl IntoView {
    let estimate = RwSignal::new(None::<Result<(f64, f64), String>>);
    let persist = RwSignal::new(None::<Result<bool, String>>);
    let refresh =
        move || spawn_local(async move { estimate.set(Some(browser_api::storage_estimate().await)) });
    refresh();
    spawn_local(async move { persist.set(Some(browser_api::persisted().await)) });
    let on_persist = move |_| {
        spawn_local(async move { persist.set(Some(browser_api::request_persist().await)) });
    };
    view! {
        <section class="card">
            <h2>"Storage"</h2>
            {move || match estimate.get() {
                None => view! { <p class="muted">"Measuring…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                Some(Ok((usage, quota))) => {
                    let share = if quota > 0.0 { usage / quota } else { 0.0 };
                    view! {
                        <p class="stat"><span id="storage-used" class="stat-value" data-bytes=usage.to_string()>{bytes_text(usage)}</span>
                            <span class="stat-label">{format!(" used of {} available", bytes_text(quota))}</span></p>
                        <progress class="meter" max="1" value=share.to_string() aria-label="Share of the storage quota used"></progress>
                    }
                    .into_any()
                }
            }}
            <p class="muted">"Measured by the browser (navigator.storage.estimate), for this site: datasets, runs, models, reports and the cached app."</p>
            <h3>"Persistence"</h3>
            <p id="persist-state">
                {move || match persist.get() {
                    None => "Checking…".to_string(),
                    Some(Ok(true)) => "Persistent: the browser will not evict this workspace under storage pressure.".to_string(),
                    Some(Ok(false)) => "Best effort: the browser may evict this workspace when space runs low.".to_string(),
                    Some(Err(e)) => e,
                }}
            </p>
            <button id="persist" type="button" on:click=on_persist
                disabled=move || matches!(persist.get(), Some(Ok(true)))>"Request persistent storage"</button>
        </section>
    }
}

#[component]
fn OfflineCard() -> impl IntoView {
    let caches = RwSignal::new(None::<Result<Vec<String>, String>>);
    spawn_local(async move { caches.set(Some(browser_api::cache_names().await)) });
    view! {
        <section class="card">
            <h2>"Offline"</h2>
            {move || {
                let shell: Option<String> = match caches.get() {
                    Some(Ok(names)) => names.into_iter().rfind(|n| n.starts_with("hearth-shell-")),
                    _ => None,
                };
                let controlled = browser_api::service_worker_controls_page();
                match (shell, controlled) {
                    (Some(name), true) => view! {
                        <p id="offline-state" class="verdict verdict-passed">"READY"</p>
                        <p>"The app shell is cached: Hearth opens with the network off."</p>
                        <p class="muted">"Cache " <code id="shell-cache">{name}</code></p>
                    }
                    .into_any(),
                    (Some(name), false) => view! {
                        <p id="offline-state" class="verdict">"CACHED"</p>
                        <p>"The app shell is cached; reload once to let it serve this tab."</p>
                        <p class="muted">"Cache " <code id="shell-cache">{name}</code></p>
                    }
                    .into_any(),
                    (None, _) => view! {
                        <p id="offline-state" class="muted">"Preparing offline use: the app shell is being cached…"</p>
                    }
                    .into_any(),
                }
            }}
            <p class="muted">"Installable: use your browser's “Install app” to open Hearth in its own window."</p>
        </section>
    }
}

#[component]
fn WorkspaceCard(dataset: RwSignal<DatasetSummary>) -> impl IntoView {
    let notice = RwSignal::new(None::<Notice>);
    let busy = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let run =
        move |task: std::pin::Pin<Box<dyn std::future::Future<Output = Result<Option<String>, String>>>>| {
            busy.set(true);
            notice.set(None);
            spawn_local(async move {
                match task.await {
                    Ok(Some(done)) => notice.set(Some(Notice::Done(done))),
                    Ok(None) => {}
                    Err(e) => notice.set(Some(Notice::Failed(e))),
                }
                crate::data_page::load_stored(dataset);
                busy.set(false);
            });
        };
    let on_export = move |_| run(Box::pin(async { export_workspace().await.map(Some) }));
    let on_import = move |ev: leptos::ev::Event| {
        let input: JsValue = ev.target().map(JsValue::from).unwrap_or(JsValue::NULL);
        run(Box::pin(async move {
            let result = import_workspace(input.clone()).await;
            // Let the same file be chosen again.
            let _ = js_sys::Reflect::set(&input, &"value".into(), &"".into());
            result
        }))
    };
    let on_clear = move |_| {
        confirming.set(false);
        run(Box::pin(async {
            clear_workspace().await?;
            Ok(Some("The workspace is empty: every dataset, run, model and report was deleted.".to_string()))
        }))
    };
    view! {
        <section class="card">
            <h2>"Workspace"</h2>
            <p class="muted">
                "One file holds the whole workspace — every stored entry, a format version and the SHA-256 of its contents. "
                "Import checks the file completely first and replaces the workspace in one transaction: a damaged file changes nothing."
            </p>
            <div class="actions">
                <button id="export" type="button" on:click=on_export disabled=move || busy.get()>"Export workspace"</button>
                <label class="button secondary file-button" for="import-file">"Import a workspace file…"</label>
                <input id="import-file" class="visually-hidden" type="file" accept=".json,application/json"
                    on:change=on_import disabled=move || busy.get() />
                <button id="clear" type="button" class="danger-outline" on:click=move |_| confirming.set(true)
                    disabled=move || busy.get() || confirming.get()>"Clear workspace…"</button>
            </div>
            <Show when=move || confirming.get()>
                <div class="confirm" role="alertdialog" aria-labelledby="confirm-text">
                    <p id="confirm-text"><strong>"Delete everything in this browser's workspace?"</strong>
                        " Datasets, runs, models and reports are removed. Export first if you may need them."</p>
                    <div class="actions">
                        <button id="confirm-clear" type="button" class="danger" on:click=on_clear>"Delete everything"</button>
                        <button id="cancel-clear" type="button" class="secondary" on:click=move |_| confirming.set(false)>"Cancel"</button>
                    </div>
                </div>
            </Show>
            {move || notice.get().map(|n| match n {
                Notice::Done(text) => view! { <p id="workspace-notice" class="notice" role="status">{text}</p> }.into_any(),
                Notice::Failed(text) => view! { <p id="workspace-error" class="error" role="alert">{text}</p> }.into_any(),
            })}
            <p class="muted small">{format!("File format hearth-workspace v{}, storage schema v{SCHEMA_VERSION}.", workspace_file::FORMAT_VERSION)}</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_counts_read_in_units() {
        assert_eq!(bytes_text(512.0), "512 B");
        assert_eq!(bytes_text(1536.0), "1.5 KB");
        assert_eq!(bytes_text(2_500_000.0), "2.5 MB");
        assert_eq!(bytes_text(3.2e9), "3.20 GB");
    }
}
