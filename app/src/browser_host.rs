//! The pipeline executor's host in a browser (window or Web Worker): `Date.now()` as the clock and
//! `setTimeout` for retry backoff, which also lets the worker's event loop breathe between tasks.

use hearth_core::pipeline::{Clock, Timer};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Wall-clock time and `setTimeout` waits of the global scope.
#[derive(Debug, Clone, Copy, Default)]
pub struct BrowserHost;

impl Clock for BrowserHost {
    fn now_ms(&self) -> u64 {
        js_sys::Date::now() as u64
    }
}

impl Timer for BrowserHost {
    async fn sleep(&self, ms: u64) {
        let global = js_sys::global();
        let Some(set_timeout) = js_sys::Reflect::get(&global, &JsValue::from_str("setTimeout"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        else {
            return;
        };
        let delay = JsValue::from_f64(ms.min(i32::MAX as u64) as f64);
        let promise = js_sys::Promise::new(&mut |resolve, _reject| {
            let _ = set_timeout.call2(&global, &resolve, &delay);
        });
        let _ = JsFuture::from(promise).await;
    }
}
