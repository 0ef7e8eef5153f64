//! Importing a CSV on the Data page: a file picker and a labelled drop zone. The bytes go to the
//! Web Worker, which runs the core's import (the validation of `hearth data import`) and stores a
//! content-addressed version in one transaction; a bad file shows the core's message and stores
//! nothing.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::worker_protocol::{FromWorker, ToWorker};

/// What the import panel shows.
#[derive(Debug, Clone, PartialEq)]
enum Status {
    Idle,
    Busy(String),
    Done(String),
    Failed(String),
}

/// A finished import: the version id (hex) and whether it is new.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// Version id (hex).
    pub id: String,
    /// False when exactly these bytes were already a version.
    pub created: bool,
}

async fn import_file(file: web_sys::File) -> Result<Imported, String> {
    let name = file.name();
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| format!("{name}: cannot read the file: {e:?}"))?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    match crate::worker_call::call(ToWorker::Import { name, bytes }).await? {
        FromWorker::Imported { id, created } => Ok(Imported { id, created }),
        other => Err(format!("unexpected answer from the worker: {other:?}")),
    }
}

/// File picker + drop zone; `on_imported` runs after every successful import.
#[component]
pub fn ImportPanel(on_imported: Callback<Imported>) -> impl IntoView {
    let status = RwSignal::new(Status::Idle);
    let over = RwSignal::new(false);
    let start = move |file: web_sys::File| {
        status.set(Status::Busy(file.name()));
        let name = file.name();
        spawn_local(async move {
            match import_file(file).await {
                Ok(done) => {
                    let short: String = done.id.chars().take(12).collect();
                    status.set(Status::Done(if done.created {
                        format!("Imported {name} as a new version (id {short}).")
                    } else {
                        format!("{name} is already version {short}: nothing stored.")
                    }));
                    on_imported.run(done);
                }
                Err(e) => status.set(Status::Failed(e)),
            }
        });
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            start(file);
        }
        // Picking the same file again must fire `change` again.
        input.set_value("");
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        over.set(false);
        if let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
            start(file);
        }
    };
    let on_over = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        over.set(true);
    };
    let busy = move || matches!(status.get(), Status::Busy(_));
    view! {
        <section class="card">
            <h2>"Import a CSV"</h2>
            <div id="drop-zone" class="dropzone" class:over=move || over.get() class:busy=busy
                on:dragover=on_over on:dragenter=on_over
                on:dragleave=move |_| over.set(false) on:drop=on_drop>
                <p class="drop-title">"Drop a CSV file here"</p>
                <p class="muted">
                    "or " <label for="import-file" class="file-label">"choose a file"</label>
                    " — it is validated, profiled and versioned by content in this browser."
                </p>
                <input id="import-file" type="file" accept=".csv,.tsv,.txt,text/csv" class="visually-hidden"
                    disabled=busy on:change=on_pick />
            </div>
            {move || match status.get() {
                Status::Idle => ().into_any(),
                Status::Busy(name) => view! {
                    <p id="import-status" class="muted" aria-live="polite">{format!("Importing {name}…")}</p>
                }
                .into_any(),
                Status::Done(text) => view! {
                    <p id="import-status" class="ok-line" aria-live="polite">{text}</p>
                }
                .into_any(),
                Status::Failed(e) => view! {
                    <p id="import-error" class="error" role="alert">{e}</p>
                }
                .into_any(),
            }}
        </section>
    }
}

/// The element an event fired on, as the type it is known to be.
fn event_target<T: JsCast>(ev: &leptos::ev::Event) -> T {
    ev.target().expect("events from the page have a target").unchecked_into()
}
