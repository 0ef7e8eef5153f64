//! The Deploy page: which edge (URL and admin token, kept in this browser), what it serves now (health,
//! version, bundle, canary), the plan for deploying the champion or a chosen version — computed by
//! the same core reconcile code as `hearth deploy plan|apply|rollback` — and the edge's history.

use hearth_core::deploy::{Action, EdgeDeployment, HistoryEntry, Plan};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::champion::{self, ChampionInfo};
use crate::deploy_ops::{self, Observed};
use crate::edge_settings::{self, EdgeSettings};
use crate::{signing_key, IdbStore};

/// What the page knows about the edge.
#[derive(Debug, Clone, PartialEq)]
enum EdgeView {
    Unconfigured,
    Loading,
    Failed(String),
    Loaded(Box<Observed>),
}

/// `2026-11-29 02:14:07 UTC` from Unix milliseconds.
fn when(ms: u64) -> String {
    let iso: String = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64)).to_iso_string().into();
    format!("{} {} UTC", &iso[..10], &iso[11..19])
}

fn short(hash: &str) -> String {
    hash.get(..12).map_or_else(|| hash.to_string(), |h| format!("{h}…"))
}

fn model_of(c: &Option<Result<Option<ChampionInfo>, String>>) -> Option<String> {
    c.as_ref().and_then(|c| c.as_ref().ok()).and_then(|c| c.as_ref()).map(|c| c.model.clone())
}

/// Everything the page holds, all `Copy` handles.
#[derive(Clone, Copy)]
struct Ctx {
    settings: RwSignal<Option<EdgeSettings>>,
    champion: RwSignal<Option<Result<Option<ChampionInfo>, String>>>,
    edge: RwSignal<EdgeView>,
    choice: RwSignal<String>,
    plan: RwSignal<Option<Result<Plan, String>>>,
    busy: RwSignal<Option<&'static str>>,
    outcome: RwSignal<Option<Result<String, String>>>,
}

impl Ctx {
    /// The model to deploy (tracked: re-renders when the registry has been read).
    fn model(self) -> Option<String> {
        self.champion.with(model_of)
    }

    fn model_untracked(self) -> Option<String> {
        self.champion.with_untracked(model_of)
    }

    /// Re-reads the edge and re-plans (after loading, saving settings, and every action).
    fn refresh(self) {
        // Called after awaits too: when the user has left the page its signals are gone, and so is
        // the need to refresh.
        let Some(settings) = self.settings.try_get_untracked() else { return };
        let Some(settings) = settings else {
            self.edge.set(EdgeView::Unconfigured);
            self.plan.set(None);
            return;
        };
        self.edge.set(EdgeView::Loading);
        // A plan made against the edge as it was is wrong once the edge changed: showing it until the new
        // one arrives would claim "in sync" right after a rollback.
        self.plan.set(None);
        let choice = self.choice.get_untracked();
        spawn_local(async move {
            let edge = settings.edge();
            match deploy_ops::observe(&edge).await {
                Ok(o) => self.edge.set(EdgeView::Loaded(Box::new(o))),
                Err(e) => {
                    self.edge.set(EdgeView::Failed(e.to_string()));
                    self.plan.set(None);
                    return;
                }
            }
            let Some(model) = self.champion.try_with_untracked(model_of).flatten() else { return };
            let result = match IdbStore::open(crate::DATABASE).await {
                Ok(store) => {
                    let selector = deploy_ops::selector(&choice);
                    deploy_ops::preview(&store, &edge, &settings, &model, selector).await
                }
                Err(e) => Err(e.to_string()),
            };
            self.plan.set(Some(result));
        });
    }

    /// Runs a deploy or a rollback, then refreshes.
    fn act(self, rollback: bool) {
        let (Some(settings), Some(model)) = (self.settings.get_untracked(), self.model_untracked()) else {
            return;
        };
        self.busy.set(Some(if rollback { "Rolling back…" } else { "Deploying…" }));
        self.outcome.set(None);
        let choice = self.choice.get_untracked();
        spawn_local(async move {
            let edge = settings.edge();
            let result = match IdbStore::open(crate::DATABASE).await {
                Ok(store) if rollback => deploy_ops::rollback(&store, &edge, &model).await,
                Ok(store) => {
                    let selector = deploy_ops::selector(&choice);
                    deploy_ops::deploy(&store, &edge, &settings, &model, selector).await
                }
                Err(e) => Err(e.to_string()),
            };
            self.outcome.set(Some(result));
            self.busy.set(None);
            self.refresh();
        });
    }
}

/// The Deploy page.
#[component]
pub fn DeployPage() -> impl IntoView {
    let ctx = Ctx {
        settings: RwSignal::new(None),
        champion: RwSignal::new(None),
        edge: RwSignal::new(EdgeView::Loading),
        choice: RwSignal::new("champion".to_string()),
        plan: RwSignal::new(None),
        busy: RwSignal::new(None),
        outcome: RwSignal::new(None),
    };
    let url = RwSignal::new(String::new());
    let token = RwSignal::new(String::new());
    let form_error = RwSignal::new(None::<(&'static str, String)>);
    let public_key = RwSignal::new(None::<Result<String, String>>);
    spawn_local(async move {
        let store = match IdbStore::open(crate::DATABASE).await {
            Ok(s) => s,
            Err(e) => {
                ctx.champion.set(Some(Err(e.to_string())));
                return;
            }
        };
        public_key.set(Some(signing_key::load_or_create(&store).await.map(|k| k.public_key().to_hex())));
        ctx.champion.set(Some(champion::find(&store).await));
        match edge_settings::load(&store).await {
            Ok(Some(s)) => {
                url.set(s.url.clone());
                token.set(s.token.clone());
                ctx.settings.set(Some(s));
            }
            Ok(None) => {}
            Err(e) => form_error.set(Some(("url", e))),
        }
        ctx.refresh();
    });
    let on_save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let settings = match EdgeSettings::from_form(&url.get_untracked(), &token.get_untracked()) {
            Ok(s) => s,
            Err(e) => return form_error.set(Some((e.field, e.message))),
        };
        form_error.set(None);
        spawn_local(async move {
            let saved = match IdbStore::open(crate::DATABASE).await {
                Ok(store) => edge_settings::save(&store, &settings).await,
                Err(e) => Err(e.to_string()),
            };
            match saved {
                Ok(()) => {
                    url.set(settings.url.clone());
                    ctx.settings.set(Some(settings));
                    ctx.refresh();
                }
                Err(e) => form_error.set(Some(("url", format!("could not save the settings: {e}")))),
            }
        });
    };
    let field_error =
        move |field: &'static str| move || form_error.get().filter(|(f, _)| *f == field).map(|(_, m)| m);
    view! {
        <section class="card">
            <h2>"Edge"</h2>
            <p class="muted">"The Cloudflare Worker that serves your model (" <code>"cargo xtask edge"</code> " runs one locally). Kept in this browser only."</p>
            <form class="params edge-form" novalidate on:submit=on_save>
                <label for="edge-url">
                    "Edge URL"
                    <input id="edge-url" type="url" placeholder="http://127.0.0.1:8787" autocomplete="url"
                        aria-invalid=move || field_error("url")().is_some().then_some("true")
                        prop:value=move || url.get() on:input=move |ev| url.set(event_target_value(&ev)) />
                </label>
                <label for="edge-token">
                    "Admin token"
                    <input id="edge-token" type="password" placeholder="ADMIN_TOKEN secret" autocomplete="off"
                        aria-invalid=move || field_error("token")().is_some().then_some("true")
                        prop:value=move || token.get() on:input=move |ev| token.set(event_target_value(&ev)) />
                </label>
                <button id="edge-save" type="submit">"Save and connect"</button>
            </form>
            {move || form_error.get().map(|(_, m)| view! { <p id="edge-form-error" class="error" role="alert">{m}</p> })}
            <p class="hint key-line">
                "The edge must trust this workspace's bundle key: set its " <code>"BUNDLE_PUBLIC_KEY"</code> " to "
                {move || match public_key.get() {
                    Some(Ok(k)) => view! { <code id="public-key">{k}</code> }.into_any(),
                    Some(Err(e)) => view! { <span class="error">{e}</span> }.into_any(),
                    None => view! { <span class="muted">"…"</span> }.into_any(),
                }}
            </p>
        </section>
        <EdgeStatus ctx=ctx />
        <PlanCard ctx=ctx />
        <History ctx=ctx />
    }
}

/// What the edge serves now.
#[component]
fn EdgeStatus(ctx: Ctx) -> impl IntoView {
    view! {
        <section class="card" id="edge-status" aria-live="polite">
            <div class="card-head">
                <h2>"At the edge now"</h2>
                <button id="edge-refresh" type="button" class="secondary"
                    disabled=move || ctx.settings.with(Option::is_none)
                    on:click=move |_| ctx.refresh()>"Refresh"</button>
            </div>
            {move || match ctx.edge.get() {
                EdgeView::Unconfigured => view! {
                    <p id="edge-unconfigured" class="empty">"No edge yet: enter its URL and admin token above."</p>
                }.into_any(),
                EdgeView::Loading => view! { <p class="muted">"Asking the edge…"</p> }.into_any(),
                EdgeView::Failed(e) => view! { <p id="edge-error" class="error" role="alert">{e}</p> }.into_any(),
                EdgeView::Loaded(o) => match (o.deployment, o.health) {
                    (None, _) => view! {
                        <p id="edge-nothing" class="empty">"Connected. Nothing is deployed yet."</p>
                    }.into_any(),
                    (Some(d), health) => view! { <Serving d=d health=health /> }.into_any(),
                },
            }}
        </section>
    }
}

#[component]
fn Serving(d: EdgeDeployment, health: Option<Result<(), String>>) -> impl IntoView {
    let (badge, detail) = match health {
        Some(Ok(())) => ("healthy", None),
        Some(Err(e)) => ("unhealthy", Some(e)),
        None => ("unknown", None),
    };
    let aliases = d
        .aliases
        .iter()
        .map(|a| view! { <span class=format!("alias alias-{a}")>{a.clone()}</span> })
        .collect_view();
    view! {
        <dl class="facts">
            <dt>"Health"</dt>
            <dd><span id="edge-health" class=format!("badge health-{badge}")>{badge}</span>
                {detail.map(|e| view! { <span class="muted">{format!(" {e}")}</span> })}</dd>
            <dt>"Serving"</dt>
            <dd id="edge-version" data-version=d.version.to_string()>{format!("version {}", d.version)} " " {aliases}</dd>
            <dt>"Bundle"</dt>
            <dd><code id="edge-bundle" title=d.bundle.clone()>{d.bundle.clone()}</code></dd>
            <dt>"Since"</dt>
            <dd>{when(d.deployed_at_ms)}</dd>
            <dt>"Rollback to"</dt>
            <dd id="edge-previous">{match d.previous_version {
                Some(v) => format!("version {v}"),
                None => "— (first deployment)".to_string(),
            }}</dd>
            <dt>"Canary"</dt>
            <dd id="edge-canary">{match &d.canary {
                Some(c) => format!("version {} takes {:.0} % of predictions", c.version, c.share * 100.0),
                None => "none".to_string(),
            }}</dd>
        </dl>
    }
}

/// Desired vs observed, and the Deploy / Rollback buttons.
#[component]
fn PlanCard(ctx: Ctx) -> impl IntoView {
    let can_rollback = move || {
        ctx.edge.with(|e| matches!(e, EdgeView::Loaded(o) if o.deployment.as_ref().is_some_and(|d| d.previous.is_some())))
    };
    let ready = move || ctx.settings.with(Option::is_some) && ctx.model().is_some();
    view! {
        <section class="card" id="deploy-plan">
            <h2>"Deploy"</h2>
            {move || match ctx.champion.get() {
                None => view! { <p class="muted">"Reading the registry…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                Some(Ok(None)) => view! {
                    <p id="deploy-no-model" class="empty">
                        "No champion to deploy yet. " <a href="#pipeline">"Run the pipeline"</a> " first."
                    </p>
                }.into_any(),
                Some(Ok(Some(info))) => view! {
                    <div class="params">
                        <label for="deploy-version">
                            {format!("Version of {}", info.model)}
                            <select id="deploy-version" prop:value=move || ctx.choice.get()
                                on:change=move |ev| { ctx.choice.set(event_target_value(&ev)); ctx.refresh(); }>
                                <option value="champion">{format!("champion (version {})", info.champion.version)}</option>
                                {info.versions.iter().map(|v| {
                                    let n = v.version.to_string();
                                    view! { <option value=n.clone()>{format!("version {n}")}</option> }
                                }).collect_view()}
                            </select>
                        </label>
                    </div>
                }.into_any(),
            }}
            <PlanView plan=ctx.plan />
            <div class="actions">
                <button id="deploy-apply" type="button"
                    disabled=move || !ready() || ctx.busy.with(Option::is_some)
                    on:click=move |_| ctx.act(false)>
                    {move || ctx.busy.get().filter(|b| b.starts_with('D')).unwrap_or("Deploy")}
                </button>
                <button id="deploy-rollback" type="button" class="outline"
                    disabled=move || !ready() || !can_rollback() || ctx.busy.with(Option::is_some)
                    on:click=move |_| ctx.act(true)>
                    {move || ctx.busy.get().filter(|b| b.starts_with('R')).unwrap_or("Roll back")}
                </button>
            </div>
            {move || ctx.outcome.get().map(|o| match o {
                Ok(m) => view! { <p id="deploy-result" class="success" role="status">{m}</p> }.into_any(),
                Err(e) => view! { <p id="deploy-result" class="error" role="alert">{e}</p> }.into_any(),
            })}
        </section>
    }
}

#[component]
fn PlanView(plan: RwSignal<Option<Result<Plan, String>>>) -> impl IntoView {
    move || match plan.get() {
        None => ().into_any(),
        Some(Err(e)) => view! { <p id="plan-error" class="error" role="alert">{e}</p> }.into_any(),
        Some(Ok(p)) => {
            let d = &p.desired.primary;
            let observed = match &p.observed {
                Some(o) => format!("version {} ({})", o.version, short(&o.bundle)),
                None => "nothing".to_string(),
            };
            view! {
                <table class="grid plan-table">
                    <tbody>
                        <tr><th scope="row">"Desired"</th>
                            <td id="plan-desired" data-version=d.version.to_string()>{format!("version {} ({}, bundle {})", d.version, d.selected_by, short(&d.bundle))}</td></tr>
                        <tr><th scope="row">"Observed"</th><td id="plan-observed">{observed}</td></tr>
                    </tbody>
                </table>
                {p.drift.as_ref().map(|dr| view! {
                    <p id="plan-drift" class="warning">{format!(
                        "Drift: the edge no longer serves what was last applied from here (version {}). Deploy puts it back.",
                        dr.locked.primary.version
                    )}</p>
                })}
                {if p.in_sync() {
                    view! { <p id="plan-in-sync" class="success">"In sync: the edge already serves this version."</p> }.into_any()
                } else {
                    view! {
                        <ol id="plan-actions" class="plan-actions">
                            {p.actions.iter().map(|a| view! { <li data-action=action_name(a)>{a.to_string()}</li> }).collect_view()}
                        </ol>
                    }.into_any()
                }}
            }
            .into_any()
        }
    }
}

fn action_name(a: &Action) -> &'static str {
    match a {
        Action::Upload { .. } => "upload",
        Action::SwitchPrimary { .. } => "switch_primary",
        Action::UpdateAliases { .. } => "update_aliases",
        Action::SetCanary { .. } => "set_canary",
        Action::RemoveCanary { .. } => "remove_canary",
    }
}

/// The edge's deployment history, newest first.
#[component]
fn History(ctx: Ctx) -> impl IntoView {
    let rows = move || match ctx.edge.get() {
        EdgeView::Loaded(o) => Some(o.history),
        _ => None,
    };
    view! {
        <section class="card">
            <h2>"History"</h2>
            {move || match rows() {
                None => view! { <p class="muted">"Shown once the edge answers."</p> }.into_any(),
                Some(h) if h.is_empty() => view! { <p id="history-empty" class="empty">"No deployments yet."</p> }.into_any(),
                Some(h) => view! {
                    <table class="grid" id="history">
                        <thead><tr><th>"When"</th><th>"Action"</th><th class="num">"Version"</th><th>"Bundle"</th><th>"Canary"</th></tr></thead>
                        <tbody>{h.into_iter().map(|e| view! { <HistoryRow e=e /> }).collect_view()}</tbody>
                    </table>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn HistoryRow(e: HistoryEntry) -> impl IntoView {
    view! {
        <tr data-action=e.action.clone() data-version=e.version.to_string()>
            <td>{when(e.at_ms)}</td>
            <td><span class=format!("badge action-{}", e.action)>{e.action.clone()}</span></td>
            <td class="num">{e.version}</td>
            <td><code title=e.bundle.clone()>{short(&e.bundle)}</code></td>
            <td>{e.canary.map_or("—".to_string(), |c| format!("version {} at {:.0} %", c.version, c.share * 100.0))}</td>
        </tr>
    }
}
