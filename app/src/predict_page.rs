//! The Predict page: a form generated from the champion's signature, answered in this browser by the
//! very `ServedModel` code the edge worker and `hearth predict` run, and — when an edge is configured
//! on the Deploy page — by the edge, side by side, with the version that served it.

use std::collections::BTreeMap;
use std::rc::Rc;

use hearth_core::deploy::{Edge, SmokeAnswer};
use hearth_core::registry::ModelBundle;
use hearth_core::serve::ServedModel;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::{Map, Value};

use crate::champion;
use crate::edge_settings::{self, EdgeSettings};
use crate::predict_form::{self, grouped, FormField, Input};
use crate::IdbStore;

/// The model the form is for.
#[derive(Debug, Clone, PartialEq)]
struct Ready {
    model: String,
    version: u32,
    bundle: String,
    target: String,
    fields: Vec<FormField>,
}

#[derive(Debug, Clone, PartialEq)]
enum State {
    Loading,
    NoModel,
    Failed(String),
    Ready(Box<Ready>),
}

/// An in-browser answer.
#[derive(Debug, Clone, PartialEq)]
struct Local {
    prediction: f64,
    version: u32,
}

async fn load(served: StoredValue<Option<Rc<ServedModel<ModelBundle>>>, LocalStorage>) -> State {
    let store = match IdbStore::open(crate::DATABASE).await {
        Ok(s) => s,
        Err(e) => return State::Failed(e.to_string()),
    };
    let info = match champion::find(&store).await {
        Ok(Some(info)) => info,
        Ok(None) => return State::NoModel,
        Err(e) => return State::Failed(e),
    };
    match champion::load_served(&store, &info).await {
        Ok(model) => {
            let signature = model.signature();
            let ready = Ready {
                model: info.model.clone(),
                version: info.champion.version,
                bundle: info.champion.bundle_hash.clone(),
                target: signature.target().to_string(),
                fields: predict_form::form_fields(signature),
            };
            served.set_value(Some(Rc::new(model)));
            State::Ready(Box::new(ready))
        }
        Err(e) => State::Failed(format!("the champion's bundle cannot be loaded: {e}")),
    }
}

/// The Predict page.
#[component]
pub fn PredictPage() -> impl IntoView {
    let state = RwSignal::new(State::Loading);
    let served = StoredValue::new_local(None::<Rc<ServedModel<ModelBundle>>>);
    let settings = RwSignal::new(None::<EdgeSettings>);
    spawn_local(async move {
        state.set(load(served).await);
        if let Ok(store) = IdbStore::open(crate::DATABASE).await {
            settings.set(edge_settings::load(&store).await.ok().flatten());
        }
    });
    move || match state.get() {
        State::Loading => view! { <p class="muted">"Loading the champion model…"</p> }.into_any(),
        State::Failed(e) => view! { <p id="predict-error" class="error" role="alert">{e}</p> }.into_any(),
        State::NoModel => view! {
            <section class="card empty">
                <p id="predict-empty">
                    "No model to ask yet. " <a href="#pipeline">"Run the pipeline"</a>
                    ": the model that passes the quality gate becomes champion and answers here."
                </p>
            </section>
        }
        .into_any(),
        State::Ready(ready) => {
            view! { <PredictForm ready=*ready served=served settings=settings /> }.into_any()
        }
    }
}

#[component]
fn PredictForm(
    ready: Ready,
    served: StoredValue<Option<Rc<ServedModel<ModelBundle>>>, LocalStorage>,
    settings: RwSignal<Option<EdgeSettings>>,
) -> impl IntoView {
    let defaults: BTreeMap<String, String> =
        ready.fields.iter().map(|f| (f.name.clone(), f.default.clone())).collect();
    let values = RwSignal::new(defaults.clone());
    let errors = RwSignal::new(BTreeMap::<String, String>::new());
    let form_error = RwSignal::new(None::<String>);
    let local = RwSignal::new(None::<Local>);
    let remote = RwSignal::new(None::<Result<SmokeAnswer, String>>);
    let asking = RwSignal::new(false);
    let fields = StoredValue::new(ready.fields.clone());
    let model = ready.model.clone();

    // Validates the form and predicts in this browser; the record on success, for the edge.
    let predict_here = move || -> Option<Map<String, Value>> {
        form_error.set(None);
        let fields = fields.get_value();
        let record = match predict_form::record(&fields, &values.get_untracked()) {
            Ok(r) => r,
            Err(e) => {
                errors.set(e);
                local.set(None);
                return None;
            }
        };
        errors.set(BTreeMap::new());
        let model = served.get_value()?;
        let name = model.signature().model().to_string();
        let body = serde_json::to_vec(&record).expect("JSON serialises");
        match model.predict_v1(&name, Some("application/json"), &body) {
            Ok(reply) => {
                let prediction = reply["predictions"][0].as_f64();
                local.set(
                    prediction.map(|prediction| Local { prediction, version: model.signature().version() }),
                );
                Some(record)
            }
            Err(e) => {
                let (by_field, rest) = predict_form::field_errors(&e, &fields);
                errors.set(by_field);
                form_error.set(rest);
                local.set(None);
                None
            }
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        remote.set(None);
        predict_here();
    };
    let on_edge = move |_| {
        remote.set(None);
        let (Some(record), Some(s)) = (predict_here(), settings.get_untracked()) else { return };
        let model = model.clone();
        asking.set(true);
        spawn_local(async move {
            // Predictions are public: no admin token is sent.
            let edge = EdgeSettings { token: String::new(), ..s }.edge();
            let answer = edge.predict(&model, &record).await.map_err(|e| e.to_string());
            remote.set(Some(answer));
            asking.set(false);
        });
    };
    let on_reset = move |_| {
        values.set(defaults.clone());
        errors.set(BTreeMap::new());
        form_error.set(None);
        local.set(None);
        remote.set(None);
    };
    let target = ready.target.clone();
    view! {
        <section class="card">
            <h2>{format!("Predict {} with {}", ready.target, ready.model)}</h2>
            <p class="version-line">
                {format!("Champion version {} · bundle ", ready.version)}
                <code title=ready.bundle.clone()>{ready.bundle.get(..16).unwrap_or_default().to_string()}"…"</code>
                " · defaults are the training medians and most frequent levels"
            </p>
            <form id="predict-form" class="predict-form" novalidate on:submit=on_submit>
                <div class="fields">
                    {ready.fields.iter().cloned().map(|f| view! { <FieldInput field=f values=values errors=errors /> }).collect_view()}
                </div>
                <div class="actions">
                    <button id="predict-browser" type="submit">"Predict in browser"</button>
                    <button id="predict-edge" type="button" class="outline"
                        disabled=move || settings.with(Option::is_none) || asking.get()
                        on:click=on_edge>
                        {move || if asking.get() { "Asking the edge…" } else { "Predict at the edge" }}
                    </button>
                    <button id="predict-reset" type="button" class="secondary" on:click=on_reset>"Reset to defaults"</button>
                </div>
                <Show when=move || settings.with(Option::is_none)>
                    <p id="predict-no-edge" class="hint">
                        "No edge configured: " <a href="#deploy">"set one up on the Deploy page"</a>
                        " to compare with the deployed model."
                    </p>
                </Show>
                {move || form_error.get().map(|e| view! { <p id="predict-form-error" class="error" role="alert">{e}</p> })}
            </form>
        </section>
        <Answers local=local remote=remote target=target />
    }
}

#[component]
fn FieldInput(
    field: FormField,
    values: RwSignal<BTreeMap<String, String>>,
    errors: RwSignal<BTreeMap<String, String>>,
) -> impl IntoView {
    let name = field.name.clone();
    let id = format!("field-{name}");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let value = {
        let name = name.clone();
        move || values.with(|v| v.get(&name).cloned().unwrap_or_default())
    };
    let set = {
        let name = name.clone();
        move |text: String| {
            values.update(|v| {
                v.insert(name.clone(), text);
            });
        }
    };
    let error = {
        let name = name.clone();
        move || errors.with(|e| e.get(&name).cloned())
    };
    let invalid = {
        let error = error.clone();
        move || error().is_some().then_some("true")
    };
    let marked = {
        let error = error.clone();
        move || error().is_some()
    };
    let described = format!("{hint_id} {error_id}");
    let control = match field.input {
        Input::Number { integer, min } => {
            let step = if integer { "1" } else { "any" };
            view! {
                <input id=id.clone() name=name.clone() type="number" inputmode="decimal" step=step
                    min=min.map(|m| m.to_string())
                    aria-describedby=described.clone() aria-invalid=invalid
                    prop:value=value on:input=move |ev| set(event_target_value(&ev)) />
            }
            .into_any()
        }
        Input::Select { levels } => {
            // `selected` for the first render (before the options exist, a select has no value to take).
            let initial = value();
            view! {
                <select id=id.clone() name=name.clone() aria-describedby=described.clone() aria-invalid=invalid
                    prop:value=value on:change=move |ev| set(event_target_value(&ev))>
                    {levels.into_iter().map(|l| {
                        let selected = l == initial;
                        view! { <option value=l.clone() selected=selected>{l.clone()}</option> }
                    }).collect_view()}
                </select>
            }
            .into_any()
        }
    };
    view! {
        <div class="field" class:invalid=marked data-field=name.clone()>
            <label for=id.clone()>{name.clone()}</label>
            {control}
            <span id=hint_id class="field-hint">{field.hint.clone()}</span>
            <span id=error_id class="field-error" role="alert">{error}</span>
        </div>
    }
}

/// The two answers side by side.
#[component]
fn Answers(
    local: RwSignal<Option<Local>>,
    remote: RwSignal<Option<Result<SmokeAnswer, String>>>,
    target: String,
) -> impl IntoView {
    let agreement = move || {
        let (Some(l), Some(Ok(r))) = (local.get(), remote.get()) else { return None };
        let same = l.prediction == r.prediction;
        let text = match (same, r.served_version) {
            (true, Some(v)) if v == l.version => {
                "Same answer in the browser and at the edge: same model, same code.".to_string()
            }
            (true, _) => "Same answer in the browser and at the edge.".to_string(),
            (false, Some(v)) if v != l.version => format!(
                "The answers differ: the edge serves version {v}, this browser asks champion version {}.",
                l.version
            ),
            (false, _) => format!("The answers differ by {}.", grouped((l.prediction - r.prediction).abs())),
        };
        let class = if same { "agree" } else { "disagree" };
        Some(view! { <p id="prediction-match" class=class>{text}</p> })
    };
    view! {
        <div class="cards-2 answers">
            <section class="card answer" aria-live="polite">
                <h2>"In this browser"</h2>
                {move || match local.get() {
                    Some(l) => view! {
                        <p id="browser-prediction" class="prediction" data-value=l.prediction.to_string()>{grouped(l.prediction.round())}</p>
                        <p class="muted">{format!("{target} predicted by champion version {}, computed in this tab", l.version)}</p>
                    }.into_any(),
                    None => view! { <p class="empty">"Fill in the form and press Predict."</p> }.into_any(),
                }}
            </section>
            <section class="card answer" aria-live="polite">
                <h2>"At the edge"</h2>
                {move || match remote.get() {
                    Some(Ok(r)) => view! {
                        <p id="edge-prediction" class="prediction" data-value=r.prediction.to_string()>{grouped(r.prediction.round())}</p>
                        <p id="edge-served" class="muted">{match (r.served_version, r.variant.as_deref()) {
                            (Some(v), Some(variant)) => format!("served by version {v} ({variant})"),
                            (Some(v), None) => format!("served by version {v}"),
                            _ => "served (the edge did not say which version)".to_string(),
                        }}</p>
                    }.into_any(),
                    Some(Err(e)) => view! { <p id="edge-prediction-error" class="error" role="alert">{e}</p> }.into_any(),
                    None => view! { <p class="empty">"Not asked yet."</p> }.into_any(),
                }}
            </section>
        </div>
        {agreement}
    }
}
