//! The Models page: every registered model with its versions, their aliases (`champion`...), the
//! bundle each version points to and the run that produced it, read from IndexedDB. A version can
//! be promoted by hand — through the quality gate, in the Web Worker, as `hearth models promote` —
//! and its signed bundle downloaded as `hearth models export` writes it.

use std::collections::BTreeMap;

use hearth_core::pipeline::training::ManualPromotion;
use hearth_core::registry::{ModelVersion, RegisteredModel, Registry, CHAMPION};
use hearth_core::store::Store;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::worker_protocol::{FromWorker, ToWorker};
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

/// What the last promotion or download on this page came to.
#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Promoted(ManualPromotion),
    Failed(String),
}

/// Reads the registry into `models`.
fn reload(models: RwSignal<Option<Result<Vec<ModelListing>, String>>>) {
    spawn_local(async move {
        let result = match IdbStore::open(crate::DATABASE).await {
            Ok(store) => load_models(&store).await,
            Err(e) => Err(e.to_string()),
        };
        models.set(Some(result));
    });
}

/// Asks the worker to promote `version` of `model`, then re-reads the registry.
fn promote(
    model: String,
    version: u32,
    busy: RwSignal<Option<u32>>,
    outcome: RwSignal<Option<Outcome>>,
    models: RwSignal<Option<Result<Vec<ModelListing>, String>>>,
) {
    busy.set(Some(version));
    outcome.set(None);
    spawn_local(async move {
        let result = match crate::worker_call::call(ToWorker::Promote { model, version }).await {
            Ok(FromWorker::Promoted { outcome }) => Outcome::Promoted(outcome),
            Ok(other) => Outcome::Failed(format!("unexpected answer from the worker: {other:?}")),
            Err(e) => Outcome::Failed(e),
        };
        outcome.set(Some(result));
        busy.set(None);
        reload(models);
    });
}

/// Offers the signed bundle of `version` for download, as `hearth models export` writes it.
async fn download(version: ModelVersion) -> Result<(), String> {
    let store = IdbStore::open(crate::DATABASE).await.map_err(|e| e.to_string())?;
    let signed =
        Registry::new(&store).get_bundle(&version.bundle_hash).await.map_err(|e| e.to_string())?.ok_or_else(
            || format!("bundle {} is missing from this workspace", short_hash(&version.bundle_hash)),
        )?;
    let bytes = serde_json::to_vec(&signed).map_err(|e| format!("cannot encode the bundle: {e}"))?;
    let name = format!("{}-v{}.bundle.json", version.model, version.version);
    crate::download::save_file(&name, "application/json", &bytes)
}

/// The Models page.
#[component]
pub fn ModelsPage() -> impl IntoView {
    let models = RwSignal::new(None::<Result<Vec<ModelListing>, String>>);
    let busy = RwSignal::new(None::<u32>);
    let outcome = RwSignal::new(None::<Outcome>);
    reload(models);
    let actions = Actions { busy, outcome, models };
    view! {
        <OutcomeView outcome=outcome />
        {move || match models.get() {
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
                list.into_iter().map(|m| view! { <ModelCard listing=m actions=actions /> }).collect_view().into_any()
            }
        }}
    }
}

/// The signals a version row's buttons act on.
#[derive(Clone, Copy)]
struct Actions {
    busy: RwSignal<Option<u32>>,
    outcome: RwSignal<Option<Outcome>>,
    models: RwSignal<Option<Result<Vec<ModelListing>, String>>>,
}

/// The gate's verdict on the last promotion, with its reasons.
#[component]
fn OutcomeView(outcome: RwSignal<Option<Outcome>>) -> impl IntoView {
    move || match outcome.get() {
        None => ().into_any(),
        Some(Outcome::Failed(e)) => {
            view! { <p id="promote-error" class="error" role="alert">{e}</p> }.into_any()
        }
        Some(Outcome::Promoted(p)) => {
            let headline = if p.passed {
                let was = p.previous.map_or("none".to_string(), |v| format!("version {v}"));
                format!(
                    "Quality gate PASSED: version {} is champion of `{}` (was {was}).",
                    p.version, p.model
                )
            } else {
                let kept =
                    p.previous.map_or("no champion".to_string(), |v| format!("version {v} stays champion"));
                format!("Quality gate REJECTED version {} of `{}`: {kept}.", p.version, p.model)
            };
            view! {
                <section id="promote-outcome" class=if p.passed { "card success" } else { "card warning" }
                    data-passed=p.passed.to_string() role="status">
                    <p id="promote-headline">{headline}</p>
                    <ul class="reasons">{p.reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
                </section>
            }
            .into_any()
        }
    }
}

#[component]
fn ModelCard(listing: ModelListing, actions: Actions) -> impl IntoView {
    let ModelListing { model, versions, aliases } = listing;
    let champion = aliases.get(CHAMPION).copied();
    let Actions { busy, outcome, models } = actions;
    let rows = versions
        .into_iter()
        .map(|v| {
            let badges = aliases
                .iter()
                .filter(|(_, n)| **n == v.version)
                .map(|(a, _)| view! { <span class=format!("alias alias-{a}")>{a.clone()}</span> })
                .collect_view();
            let number = v.version;
            let name = v.model.clone();
            let promote_button = (champion != Some(number)).then(|| {
                view! {
                    <button type="button" class="secondary small promote" data-version=number.to_string()
                        aria-label=format!("Promote version {number} through the quality gate")
                        disabled=move || busy.with(Option::is_some)
                        on:click=move |_| promote(name.clone(), number, busy, outcome, models)>
                        {move || if busy.get() == Some(number) { "Gating…" } else { "Promote" }}
                    </button>
                }
            });
            let record = v.clone();
            let download_button = view! {
                <button type="button" class="outline small download" data-version=number.to_string()
                    aria-label=format!("Download the signed bundle of version {number}")
                    on:click=move |_| {
                        let record = record.clone();
                        spawn_local(async move {
                            if let Err(e) = download(record).await {
                                outcome.set(Some(Outcome::Failed(e)));
                            }
                        });
                    }>
                    "Download"
                </button>
            };
            view! {
                <tr data-version=v.version.to_string()>
                    <td class="num">{v.version}</td>
                    <td class="aliases">{badges}</td>
                    <td><code class="bundle" title=v.bundle_hash.clone()>{short_hash(&v.bundle_hash)}</code></td>
                    <td><code title=v.run_id.clone()>{short_hash(&v.run_id)}</code></td>
                    <td>{when(v.created_at_ms)}</td>
                    <td class="version-actions">{promote_button}{download_button}</td>
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
                    <tr><th class="num">"Version"</th><th>"Aliases"</th><th>"Bundle (SHA-256)"</th><th>"Run"</th><th>"Registered"</th><th>"Actions"</th></tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}
