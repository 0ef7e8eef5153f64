//! The page's side of a pipeline run: starts the Web Worker, sends the run request once the worker
//! says it is ready, and hands every reply to the page. The worker is terminated when the run ends.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, Worker};

use crate::worker_protocol::{FromWorker, ParamOverride, ToWorker};

/// Script Trunk's loader shim writes for the `pipeline_worker` binary.
const WORKER_SCRIPT: &str = "./pipeline_worker_loader.js";

/// A running pipeline worker. Dropping it terminates the worker.
pub struct PipelineRun {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl Drop for PipelineRun {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

impl PipelineRun {
    /// Starts a worker and asks it to run the pipeline with `overrides`. `on_reply` sees every
    /// message; a worker that fails to load or crashes arrives as [`FromWorker::Failed`].
    pub fn start(
        overrides: Vec<ParamOverride>,
        on_reply: impl Fn(FromWorker) + 'static,
    ) -> Result<Self, String> {
        Self::start_job(ToWorker::Run { overrides }, on_reply)
    }

    /// Starts a worker and sends it `request` once it is ready (any job of the worker protocol).
    pub fn start_job(request: ToWorker, on_reply: impl Fn(FromWorker) + 'static) -> Result<Self, String> {
        let worker =
            Worker::new(WORKER_SCRIPT).map_err(|e| format!("cannot start the pipeline worker: {e:?}"))?;
        let on_reply = Rc::new(on_reply);
        let request = RefCell::new(Some(request));
        let sender = worker.clone();
        let replies = on_reply.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |message: MessageEvent| {
            let reply = message
                .data()
                .as_string()
                .and_then(|text| serde_json::from_str::<FromWorker>(&text).ok())
                .unwrap_or_else(|| FromWorker::Failed {
                    message: "the pipeline worker sent an unreadable message".into(),
                });
            if reply == FromWorker::Ready {
                if let Some(request) = request.borrow_mut().take() {
                    if let Err(e) = sender.post_message(&JsValue::from_str(&request.to_json())) {
                        replies(FromWorker::Failed {
                            message: format!("cannot reach the pipeline worker: {e:?}"),
                        });
                    }
                }
                return;
            }
            replies(reply);
        });
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
            event.prevent_default();
            let detail = event.message();
            on_reply(FromWorker::Failed {
                message: if detail.is_empty() {
                    "the pipeline worker could not be loaded".into()
                } else {
                    format!("the pipeline worker crashed: {detail}")
                },
            });
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(PipelineRun { worker, _on_message: on_message, _on_error: on_error })
    }
}
