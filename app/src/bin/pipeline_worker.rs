//! The pipeline Web Worker: runs the training pipeline off the page's main thread and posts every
//! progress event back; also imports, diffs and drift checks (see `worker_jobs`) and syncs with the
//! team remote (see `sync_job`). Built by Trunk as
//! a second binary (`data-type="worker"` in index.html) and started by the page from
//! `pipeline_worker_loader.js`; one worker per job. A `Cancel` message sets the run's cancel token,
//! which the executor checks before each task (the message is read whenever the run awaits).

use hearth_app::worker_protocol::{FromWorker, ToWorker};
use hearth_core::pipeline::CancelToken;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn post(scope: &DedicatedWorkerGlobalScope, message: &FromWorker) {
    // Posting only fails for uncloneable values; a string always clones.
    let _ = scope.post_message(&JsValue::from_str(&message.to_json()));
}

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replies = scope.clone();
    // One worker per job: one token, shared by the run and the message handler.
    let cancel = CancelToken::new();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |message: MessageEvent| {
        let scope = replies.clone();
        let request =
            message.data().as_string().ok_or("the request is not a string".to_string()).and_then(|text| {
                serde_json::from_str::<ToWorker>(&text).map_err(|e| format!("unreadable request: {e}"))
            });
        match request {
            Ok(ToWorker::Cancel) => cancel.cancel(),
            Ok(ToWorker::Run { overrides }) => {
                let cancel = cancel.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let mut emit = |m: FromWorker| post(&scope, &m);
                    let reply = match hearth_app::run_default_pipeline(&overrides, cancel, &mut emit).await {
                        Ok(run_id) => FromWorker::Finished { run_id },
                        Err(message) => FromWorker::Failed { message },
                    };
                    post(&scope, &reply);
                })
            }
            Ok(ToWorker::Sync { action, url, token }) => wasm_bindgen_futures::spawn_local(async move {
                let mut tick = |tick| post(&scope, &FromWorker::SyncProgress { tick });
                let outcome = hearth_app::sync_job::run(action, &url, &token, &mut tick).await;
                post(&scope, &FromWorker::Synced { outcome });
            }),
            Ok(other) => wasm_bindgen_futures::spawn_local(async move {
                post(&scope, &hearth_app::worker_jobs::answer(other).await);
            }),
            Err(message) => post(&scope, &FromWorker::Failed { message }),
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Messages the page sent before the wasm loaded would have been dropped: say we listen now.
    post(&scope, &FromWorker::Ready);
}
