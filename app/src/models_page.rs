//! The Models page: every registered model with its versions, their aliases (`champion`...), the
//! bundle each version points to and the run that produced it, read from IndexedDB.

use std::collections::BTreeMap;

use hearth_core::registry::{ModelVersion, RegisteredModel, Registry};
use hearth_core::store::Store;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::IdbStore;

/// One registered model with its versions (newest first) and aliases.
#[derive(Debug, Clone, PartialEq)]
struct ModelListing {
    model: RegisteredModel,
    versions: Vec<ModelVersion>,
    aliases: BTreeMap<String, u32>,
}

async fn load_models<S: Store>(store: &S) -> Result<Vec<ModelListing>, String> {
    let registry = Registry::new(store);
    let mut out = Vec::new();
    for model in registry.list_models().await.map_err(|e| e.to_string())? {
        let mut versions = registry.list_versions(&model.name).await.map_err(|e| e.to_string())?;
        versions.sort_by_key(|v| std::cmp::Reverse(v.version));
        let aliases = registry.aliases(&model.name).await.map_err(|e| e.to_string())?;
        out.push(ModelListing { model, versions, aliases });
    }
    Ok(out)
}

/// `2026-11-29 02:14` in UTC from Unix milliseconds.
pub(crate) fn when(ms: u64) -> String {
    let iso = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64)).to_iso_string();
    let iso: String = iso.into();
    format!("{} {} UTC", &iso[..10], &iso[11..16])
}

/// The first 16 hex digits of a hash, for tables (the full hash is the cell's title).
pub(crate) fn short_hash(hash: &str) -> String {
    hash.get(..16).map_or_else(|| hash.to_string(), |h| format!("{h}…"))
}

/// The Models page.
#[component]
pub fn ModelsPage() -> impl IntoView {
    let models = RwSignal::new(None::<Result<Vec<ModelListing>, String>>);
    spawn_local(async move {
        let result = match IdbStore::open(crate::DATABASE).await {
            Ok(store) => load_models(&store).await,
            Err(e) => Err(e.to_string()),
        };
        models.set(Some(result));
    });
    move || match models.get() {
        None => view! { <p class="muted">"Reading the registry…"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
        Some(Ok(list)) if list.is_empty() => view! {
            <section class="card empty">
                <p id="models-empty">
                    "No registered models yet. " <a href="#pipeline">"Run the pipeline"</a>
                    ": a candidate that passes the quality gate is registered here and becomes champion."
                </p>
            </section>
        }
        .into_any(),
        Some(Ok(list)) => {
            list.into_iter().map(|m| view! { <ModelCard listing=m /> }).collect_view().into_any()
        }
    }
}

#[component]
fn ModelCard(listing: ModelListing) -> impl IntoView {
    let ModelListing { model, versions, aliases } = listing;
    let rows = versions
        .into_iter()
        .map(|v| {
            let badges = aliases
                .iter()
                .filter(|(_, n)| **n == v.version)
                .map(|(a, _)| view! { <span class=format!("alias alias-{a}")>{a.clone()}</span> })
                .collect_view();
            view! {
                <tr data-version=v.version.to_string()>
                    <td class="num">{v.version}</td>
                    <td class="aliases">{badges}</td>
                    <td><code class="bundle" title=v.bundle_hash.clone()>{short_hash(&v.bundle_hash)}</code></td>
                    <td><code>{v.run_id.clone()}</code></td>
                    <td>{when(v.created_at_ms)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card model" data-model=model.name.clone()>
            <h2>{model.name.clone()}</h2>
            <p class="muted">{format!("Registered {}", when(model.created_at_ms))}</p>
            <table class="grid versions">
                <thead>
                    <tr><th class="num">"Version"</th><th>"Aliases"</th><th>"Bundle (SHA-256)"</th><th>"Run"</th><th>"Registered"</th></tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}
