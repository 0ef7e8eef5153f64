//! The page's side of a pipeline run: starts the Web Worker, sends the run request (and anything
//! sent before the worker was listening, such as an early cancel) once the worker says it is ready,
//! and hands every reply to the page. The worker is terminated when the run ends.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, Worker};

use crate::worker_protocol::{FromWorker, ParamOverride, ToWorker};

/// Script Trunk's loader shim writes for the `pipeline_worker` binary.
const WORKER_SCRIPT: &str = "./pipeline_worker_loader.js";

/// Requests waiting for the worker to say it listens; `None` once it has (then requests go out at once).
type Outbox = Rc<RefCell<Option<Vec<ToWorker>>>>;

/// A running pipeline worker. Dropping it terminates the worker.
pub struct PipelineRun {
    worker: Worker,
    outbox: Outbox,
    on_reply: Rc<dyn Fn(FromWorker)>,
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
        let on_reply: Rc<dyn Fn(FromWorker)> = Rc::new(on_reply);
        let outbox: Outbox = Rc::new(RefCell::new(Some(vec![request])));
        let waiting = outbox.clone();
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
                let queued = waiting.borrow_mut().take().unwrap_or_default();
                for request in queued {
                    if let Err(message) = post(&sender, &request) {
                        replies(FromWorker::Failed { message });
                    }
                }
                return;
            }
            replies(reply);
        });
        let failed = on_reply.clone();
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
            event.prevent_default();
            let detail = event.message();
            failed(FromWorker::Failed {
                message: if detail.is_empty() {
                    "the pipeline worker could not be loaded".into()
                } else {
                    format!("the pipeline worker crashed: {detail}")
                },
            });
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(PipelineRun { worker, outbox, on_reply, _on_message: on_message, _on_error: on_error })
    }

    /// Asks the worker to stop the run before its next task (queued if the worker is still loading).
    /// The run then ends as usual, with a `Finished` reply for the run recorded as cancelled.
    pub fn cancel(&self) {
        let mut outbox = self.outbox.borrow_mut();
        match outbox.as_mut() {
            Some(queued) => queued.push(ToWorker::Cancel),
            None => {
                drop(outbox);
                if let Err(message) = post(&self.worker, &ToWorker::Cancel) {
                    (self.on_reply)(FromWorker::Failed { message });
                }
            }
        }
    }
}

fn post(worker: &Worker, request: &ToWorker) -> Result<(), String> {
    worker
        .post_message(&JsValue::from_str(&request.to_json()))
        .map_err(|e| format!("cannot reach the pipeline worker: {e:?}"))
}
