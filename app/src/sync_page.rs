//! The Sync page: the team remote (URL and token, kept in this browser), what a push or pull would
//! transfer, Push and Pull with a progress bar of objects and bytes, and a push's conflicts with both
//! values. The work runs in the Web Worker (core's `sync` drivers over `fetch`), so the page stays
//! responsive while a large dataset travels.

use hearth_core::sync::run::PointerStatus;
use hearth_core::sync::{Conflict, StatusReport};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::sync_format as say;
use crate::sync_job::{SyncAction, SyncOutcome, SyncTick};
use crate::sync_settings::{self, RemoteSettings};
use crate::worker_protocol::{FromWorker, ToWorker};
use crate::IdbStore;

/// What the page knows of the remote's state.
#[derive(Debug, Clone, PartialEq)]
enum StatusView {
    Unconfigured,
    Loading,
    Failed(String),
    Loaded(StatusReport),
}

/// How the last push or pull ended.
#[derive(Debug, Clone, PartialEq)]
enum Ending {
    Done { line: String, objects: usize, notes: Vec<String> },
    Refused(String),
    Conflicts(Vec<Conflict>),
}

/// Everything the page holds, all `Copy` handles.
#[derive(Clone, Copy)]
struct Ctx {
    settings: RwSignal<Option<RemoteSettings>>,
    status: RwSignal<StatusView>,
    busy: RwSignal<Option<SyncAction>>,
    tick: RwSignal<Option<SyncTick>>,
    result: RwSignal<Option<Ending>>,
}

/// A refusal in a user's words, with what to do about it.
fn refusal(action: SyncAction, outcome: SyncOutcome) -> Ending {
    match outcome {
        SyncOutcome::Conflict { conflicts } => Ending::Conflicts(conflicts),
        SyncOutcome::Denied { status: 403, message } => Ending::Refused(format!(
            "This token may not {} (403): {message}. {}",
            if action == SyncAction::Push { "push" } else { "do that" },
            "Pushing needs a token with write scope: ask the remote's admin for one and save it above."
        )),
        SyncOutcome::Denied { status, message } => Ending::Refused(format!(
            "The remote refused this token ({status}): {message}. Ask the remote's admin for a new token and save it above."
        )),
        SyncOutcome::Failed { message } => Ending::Refused(message),
        other => Ending::Refused(format!("unexpected answer from the worker: {other:?}")),
    }
}

impl Ctx {
    /// Asks the worker to compare with the remote.
    fn refresh(self) {
        let Some(settings) = self.settings.try_get_untracked() else { return };
        let Some(settings) = settings else { return self.status.set(StatusView::Unconfigured) };
        self.status.set(StatusView::Loading);
        spawn_local(async move {
            let view = match ask(SyncAction::Status, &settings, |_| {}).await {
                Ok(SyncOutcome::Status { report }) => StatusView::Loaded(report),
                Ok(other) => StatusView::Failed(match refusal(SyncAction::Status, other) {
                    Ending::Refused(m) => m,
                    _ => "the remote answered something unexpected".into(),
                }),
                Err(e) => StatusView::Failed(e),
            };
            // The user may have left the page meanwhile.
            let _ = self.status.try_set(view);
        });
    }

    /// Runs a push or a pull, then compares again.
    fn run(self, action: SyncAction) {
        let Some(settings) = self.settings.get_untracked() else { return };
        self.busy.set(Some(action));
        self.tick.set(None);
        self.result.set(None);
        let tick = self.tick;
        spawn_local(async move {
            let outcome = ask(action, &settings, move |t| {
                let _ = tick.try_set(Some(t));
            })
            .await;
            let result = match outcome {
                Ok(SyncOutcome::Pushed { report }) => {
                    Ending::Done { line: say::pushed(&report), objects: report.objects_sent, notes: vec![] }
                }
                Ok(SyncOutcome::Pulled { report }) => Ending::Done {
                    line: say::pulled(&report),
                    objects: report.objects_received,
                    notes: report
                        .replaced
                        .iter()
                        .map(|c| {
                            format!(
                                "{} is now the remote's {}; yours was {}.",
                                say::pointer(&c.key),
                                say::value(&c.key, c.remote.as_deref()),
                                say::value(&c.key, c.local.as_deref())
                            )
                        })
                        .collect(),
                },
                Ok(other) => refusal(action, other),
                Err(e) => Ending::Refused(e),
            };
            if self.result.try_set(Some(result)).is_none() {
                let _ = self.busy.try_set(None);
                self.refresh();
            }
        });
    }
}

/// One sync step in the Web Worker; `on_tick` sees its progress.
async fn ask(
    action: SyncAction,
    settings: &RemoteSettings,
    on_tick: impl Fn(SyncTick) + 'static,
) -> Result<SyncOutcome, String> {
    let request = ToWorker::Sync { action, url: settings.url.clone(), token: settings.token.clone() };
    let reply = crate::worker_call::call_observed(request, move |m| {
        if let FromWorker::SyncProgress { tick } = m {
            on_tick(tick);
        }
    })
    .await?;
    match reply {
        FromWorker::Synced { outcome } => Ok(outcome),
        other => Err(format!("unexpected answer from the worker: {other:?}")),
    }
}

/// The Sync page.
#[component]
pub fn SyncPage() -> impl IntoView {
    let ctx = Ctx {
        settings: RwSignal::new(None),
        status: RwSignal::new(StatusView::Loading),
        busy: RwSignal::new(None),
        tick: RwSignal::new(None),
        result: RwSignal::new(None),
    };
    let url = RwSignal::new(String::new());
    let token = RwSignal::new(String::new());
    let form_error = RwSignal::new(None::<(&'static str, String)>);
    spawn_local(async move {
        let loaded = match IdbStore::open(crate::DATABASE).await {
            Ok(store) => sync_settings::load(&store).await,
            Err(e) => Err(e.to_string()),
        };
        match loaded {
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
        let settings = match RemoteSettings::from_form(&url.get_untracked(), &token.get_untracked()) {
            Ok(s) => s,
            Err(e) => return form_error.set(Some((e.field, e.message))),
        };
        form_error.set(None);
        spawn_local(async move {
            let saved = match IdbStore::open(crate::DATABASE).await {
                Ok(store) => sync_settings::save(&store, &settings).await,
                Err(e) => Err(e.to_string()),
            };
            match saved {
                Ok(()) => {
                    url.set(settings.url.clone());
                    ctx.settings.set(Some(settings));
                    ctx.result.set(None);
                    ctx.refresh();
                }
                Err(e) => form_error.set(Some(("url", format!("could not save the settings: {e}")))),
            }
        });
    };
    let invalid = move |field: &'static str| {
        move || form_error.with(|e| e.as_ref().is_some_and(|(f, _)| *f == field)).then_some("true")
    };
    view! {
        <section class="card">
            <h2>"Team remote"</h2>
            <p class="muted">
                "Share this workspace — datasets, runs, models and their aliases — through a Hearth remote (the worker's "
                <code>"/remote/v1"</code> ", the same one " <code>"hearth push"</code> " and " <code>"hearth pull"</code>
                " use). The URL and token are kept in this browser only; your settings and keys never sync."
            </p>
            <form class="params edge-form" novalidate on:submit=on_save>
                <label for="sync-url">
                    "Remote URL"
                    <input id="sync-url" type="url" placeholder="https://hearth.example.workers.dev" autocomplete="url"
                        aria-invalid=invalid("url")
                        prop:value=move || url.get() on:input=move |ev| url.set(event_target_value(&ev)) />
                </label>
                <label for="sync-token">
                    "Token"
                    <input id="sync-token" type="password" placeholder="hrt_… (read to pull, write to push)" autocomplete="off"
                        aria-invalid=invalid("token")
                        prop:value=move || token.get() on:input=move |ev| token.set(event_target_value(&ev)) />
                </label>
                <button id="sync-save" type="submit">"Save and compare"</button>
            </form>
            {move || form_error.get().map(|(_, m)| view! { <p id="sync-form-error" class="error" role="alert">{m}</p> })}
        </section>
        <StatusCard ctx=ctx />
        <TransferCard ctx=ctx />
    }
}

/// What a push or a pull would transfer now.
#[component]
fn StatusCard(ctx: Ctx) -> impl IntoView {
    view! {
        <section class="card" id="sync-status" aria-live="polite">
            <div class="card-head">
                <h2>"Status"</h2>
                <button id="sync-refresh" type="button" class="secondary"
                    disabled=move || ctx.settings.with(Option::is_none) || ctx.busy.with(Option::is_some)
                    on:click=move |_| ctx.refresh()>"Compare again"</button>
            </div>
            {move || match ctx.status.get() {
                StatusView::Unconfigured => view! {
                    <p id="sync-unconfigured" class="empty">"No remote yet: enter its URL and a token above."</p>
                }.into_any(),
                StatusView::Loading => view! { <p class="muted">"Comparing with the remote…"</p> }.into_any(),
                StatusView::Failed(e) => view! { <p id="sync-status-error" class="error" role="alert">{e}</p> }.into_any(),
                StatusView::Loaded(r) => view! { <StatusFacts r=r /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn StatusFacts(r: StatusReport) -> impl IntoView {
    let push = format!(
        "{} ({}), {}",
        say::count(r.objects_to_push, "object"),
        say::bytes(r.bytes_to_push),
        say::count(r.records_to_push, "record")
    );
    let pull =
        format!("{}, {}", say::count(r.objects_to_pull, "object"), say::count(r.records_to_pull, "record"));
    let in_sync = r.objects_to_push + r.records_to_push + r.objects_to_pull + r.records_to_pull == 0
        && r.pointers.is_empty();
    view! {
        <dl class="facts">
            <dt>"To push"</dt>
            <dd id="status-push" data-objects=r.objects_to_push.to_string()>{push}</dd>
            <dt>"To pull"</dt>
            <dd id="status-pull" data-objects=r.objects_to_pull.to_string()>{pull}</dd>
            <dt>"Pointers"</dt>
            <dd id="status-pointers">{if r.pointers.is_empty() { "the same on both sides".to_string() } else {
                say::count(r.pointers.len(), "pointer") + " differ"
            }}</dd>
        </dl>
        {(!r.pointers.is_empty()).then(|| view! { <PointerTable pointers=r.pointers.clone() /> })}
        {in_sync.then(|| view! { <p id="status-in-sync" class="success">"In sync: nothing to push or pull."</p> })}
    }
}

#[component]
fn PointerTable(pointers: Vec<PointerStatus>) -> impl IntoView {
    view! {
        <div class="scroll"><table class="grid sync-pointers" id="status-pointer-table">
            <thead><tr><th scope="col">"Pointer"</th><th scope="col">"Here"</th><th scope="col">"Remote"</th><th scope="col">"State"</th></tr></thead>
            <tbody>
                {pointers.into_iter().map(|p| view! {
                    <tr data-key=p.key.clone() data-state=p.state.clone()>
                        <td>{say::pointer(&p.key)}</td>
                        <td>{say::value(&p.key, p.local.as_deref())}</td>
                        <td>{say::value(&p.key, p.remote.as_deref())}</td>
                        <td><span class=format!("badge sync-{}", p.state)>{p.state.clone()}</span></td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table></div>
    }
}

/// Push, Pull, the progress bar and how the last one ended.
#[component]
fn TransferCard(ctx: Ctx) -> impl IntoView {
    let idle = move || ctx.settings.with(Option::is_some) && ctx.busy.with(Option::is_none);
    let label = move |action: SyncAction, idle: &'static str, running: &'static str| {
        move || if ctx.busy.get() == Some(action) { running } else { idle }
    };
    view! {
        <section class="card" id="sync-transfer" aria-busy=move || ctx.busy.with(Option::is_some).then_some("true")>
            <h2>"Push and pull"</h2>
            <div class="actions">
                <button id="sync-push" type="button" disabled=move || !idle() on:click=move |_| ctx.run(SyncAction::Push)>
                    {label(SyncAction::Push, "Push", "Pushing…")}
                </button>
                <button id="sync-pull" type="button" class="outline" disabled=move || !idle()
                    on:click=move |_| ctx.run(SyncAction::Pull)>
                    {label(SyncAction::Pull, "Pull", "Pulling…")}
                </button>
                <span class="muted">"Push sends what the remote lacks; pull takes what it has. Objects travel once, verified by hash."</span>
            </div>
            {move || ctx.tick.get().map(|t| view! { <ProgressBar t=t /> })}
            {move || ctx.result.get().map(|r| view! { <ResultView r=r /> })}
        </section>
    }
}

#[component]
fn ProgressBar(t: SyncTick) -> impl IntoView {
    let bytes = match t.bytes_total {
        Some(total) => format!("{} of {}", say::bytes(t.bytes_done), say::bytes(total)),
        None => say::bytes(t.bytes_done),
    };
    let text = format!("{} of {} · {bytes}", t.objects_done, say::count(t.objects_total, "object"));
    // An empty transfer is complete, not stuck at zero.
    let (value, max) = match t.bytes_total {
        Some(total) if total > 0 => (t.bytes_done as f64, total as f64),
        _ if t.objects_total > 0 => (t.objects_done as f64, t.objects_total as f64),
        _ => (1.0, 1.0),
    };
    view! {
        <div class="progress-row" id="sync-progress" data-done=t.objects_done.to_string() data-total=t.objects_total.to_string()>
            <progress max=max value=value aria-label="Transfer progress"></progress>
            <span id="sync-progress-text" class="muted">{text}</span>
        </div>
    }
}

#[component]
fn ResultView(r: Ending) -> impl IntoView {
    match r {
        Ending::Done { line, objects, notes } => view! {
            <p id="sync-result" class="success" role="status" data-objects=objects.to_string()>{line}</p>
            {(!notes.is_empty()).then(|| view! {
                <ul id="sync-replaced" class="warning sync-notes">{notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
            })}
        }
        .into_any(),
        Ending::Refused(m) => view! { <p id="sync-error" class="error" role="alert">{m}</p> }.into_any(),
        Ending::Conflicts(conflicts) => view! { <ConflictTable conflicts=conflicts /> }.into_any(),
    }
}

#[component]
fn ConflictTable(conflicts: Vec<Conflict>) -> impl IntoView {
    view! {
        <div id="sync-conflict" role="alert">
            <p class="error">
                {format!("Push refused: {} changed on the remote since you last pulled. Nothing was written there.",
                    say::count(conflicts.len(), "pointer"))}
            </p>
            <table class="grid" id="sync-conflicts">
                <thead><tr><th scope="col">"Pointer"</th><th scope="col">"Yours"</th><th scope="col">"Remote's"</th><th scope="col">"Set by"</th></tr></thead>
                <tbody>
                    {conflicts.into_iter().map(|c| view! {
                        <tr data-key=c.key.clone()>
                            <td class="what"><span title=c.key.clone()>{say::pointer(&c.key)}</span></td>
                            <td class="yours">{say::value(&c.key, c.local.as_deref())}</td>
                            <td class="theirs">{say::value(&c.key, c.remote.as_deref())}</td>
                            <td>{c.remote_by.clone().unwrap_or_else(|| "—".into())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p class="hint" id="sync-conflict-help">
                "Pull first: the remote's values replace yours (each is listed after the pull). "
                "Then, if you still want yours, promote it again and push."
            </p>
        </div>
    }
}
