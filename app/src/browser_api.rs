//! The few browser APIs the Settings page needs that web-sys would need extra features for
//! (`navigator.storage`, Cache Storage, `File.arrayBuffer`) and `performance.mark`, called through
//! `js_sys::Reflect`.

use js_sys::{Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// `target[name]`, if present and not undefined.
fn get(target: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(target, &JsValue::from_str(name)).ok().filter(|v| !v.is_undefined() && !v.is_null())
}

/// Awaits `target.name(args...)`, which must return a promise.
async fn call_async(target: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, String> {
    let f: Function = get(target, name)
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(|| format!("this browser has no `{name}`"))?;
    let promise: Promise = f
        .apply(target, &args.iter().collect())
        .map_err(|e| format!("`{name}` failed: {e:?}"))?
        .dyn_into()
        .map_err(|_| format!("`{name}` did not return a promise"))?;
    JsFuture::from(promise).await.map_err(|e| format!("`{name}` failed: {}", message(&e)))
}

fn message(e: &JsValue) -> String {
    get(e, "message").and_then(|m| m.as_string()).unwrap_or_else(|| format!("{e:?}"))
}

fn navigator() -> Option<JsValue> {
    web_sys::window().and_then(|w| get(&w.into(), "navigator"))
}

fn storage() -> Result<JsValue, String> {
    navigator().and_then(|n| get(&n, "storage")).ok_or_else(|| "this browser has no storage manager".into())
}

/// Bytes used and the quota, from `navigator.storage.estimate()`.
pub async fn storage_estimate() -> Result<(f64, f64), String> {
    let estimate = call_async(&storage()?, "estimate", &[]).await?;
    let number = |k| get(&estimate, k).and_then(|v| v.as_f64()).unwrap_or(0.0);
    Ok((number("usage"), number("quota")))
}

/// `navigator.storage.persisted()`.
pub async fn persisted() -> Result<bool, String> {
    Ok(call_async(&storage()?, "persisted", &[]).await?.is_truthy())
}

/// `navigator.storage.persist()`: whether the browser granted persistent storage.
pub async fn request_persist() -> Result<bool, String> {
    Ok(call_async(&storage()?, "persist", &[]).await?.is_truthy())
}

/// Names in Cache Storage (the service worker's app-shell caches).
pub async fn cache_names() -> Result<Vec<String>, String> {
    let caches = web_sys::window().and_then(|w| get(&w.into(), "caches")).ok_or("no Cache Storage")?;
    let keys = call_async(&caches, "keys", &[]).await?;
    Ok(js_sys::Array::from(&keys).iter().filter_map(|k| k.as_string()).collect())
}

/// Whether a service worker controls this page.
pub fn service_worker_controls_page() -> bool {
    navigator().and_then(|n| get(&n, "serviceWorker")).and_then(|sw| get(&sw, "controller")).is_some()
}

/// Registers the app-shell service worker (`sw.js`, next to index.html); failures only mean the
/// app will not work offline, so they are logged, never shown as errors.
pub fn register_service_worker() {
    let Some(container) = navigator().and_then(|n| get(&n, "serviceWorker")) else { return };
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(e) = call_async(&container, "register", &[JsValue::from_str("./sw.js")]).await {
            leptos::logging::warn!("offline mode unavailable: {e}");
        }
    });
}

/// `performance.mark(name)`: a named point on the page's timeline that measurements from outside
/// read (the journey test's and the browser bench's time to interactive). Does nothing without a
/// Performance API: a mark must never break the app.
pub fn mark(name: &str) {
    let Some(performance) = web_sys::window().and_then(|w| get(&w.into(), "performance")) else {
        return;
    };
    if let Some(f) = get(&performance, "mark").and_then(|f| f.dyn_into::<Function>().ok()) {
        let _ = f.call1(&performance, &JsValue::from_str(name));
    }
}

/// The name and bytes of the first file chosen in the `<input type=file>` element `input`.
pub async fn chosen_file(input: &JsValue) -> Result<Option<(String, Vec<u8>)>, String> {
    let Some(file) =
        get(input, "files").and_then(|f| Reflect::get_u32(&f, 0).ok()).filter(|f| !f.is_undefined())
    else {
        return Ok(None);
    };
    let name = get(&file, "name").and_then(|n| n.as_string()).unwrap_or_default();
    let buffer = call_async(&file, "arrayBuffer", &[]).await?;
    Ok(Some((name, Uint8Array::new(&buffer).to_vec())))
}
