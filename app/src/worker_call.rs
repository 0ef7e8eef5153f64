//! One request to a fresh Web Worker, awaited: the page's way to run an import, a diff or a drift
//! check off the main thread. The worker is terminated as soon as its answer arrives.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use crate::pipeline_run::PipelineRun;
use crate::worker_protocol::{FromWorker, ToWorker};

/// Sends `request` and waits for the worker's final answer; `Failed` becomes the error.
pub async fn call(request: ToWorker) -> Result<FromWorker, String> {
    call_observed(request, |_| {}).await
}

/// As [`call`], handing every progress message (pipeline events, sync progress) to `observe` as
/// it arrives.
pub async fn call_observed(
    request: ToWorker,
    observe: impl Fn(FromWorker) + 'static,
) -> Result<FromWorker, String> {
    let answer: Rc<RefCell<Option<FromWorker>>> = Rc::default();
    let mut resolve_slot = None;
    let done = js_sys::Promise::new(&mut |resolve, _reject| resolve_slot = Some(resolve));
    let resolve = resolve_slot.expect("the Promise executor runs synchronously");
    let slot = answer.clone();
    let worker = PipelineRun::start_job(request, move |reply| {
        if reply == FromWorker::Ready {
            return;
        }
        if matches!(reply, FromWorker::Event { .. } | FromWorker::SyncProgress { .. }) {
            return observe(reply);
        }
        slot.borrow_mut().get_or_insert(reply);
        let _ = resolve.call0(&JsValue::NULL);
    })?;
    let _ = JsFuture::from(done).await;
    drop(worker);
    let reply = answer.borrow_mut().take();
    match reply {
        Some(FromWorker::Failed { message }) => Err(message),
        Some(reply) => Ok(reply),
        None => Err("the worker stopped without an answer".into()),
    }
}
