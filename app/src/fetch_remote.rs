//! The team remote (`/remote/v1`) over `fetch`: the app's [`RemoteTransport`], speaking exactly what
//! the CLI's blocking HTTP transport speaks (core's `sync::wire`). It calls the global `fetch`, so
//! it works in the Web Worker, where sync runs, as well as on the page.

use hearth_core::sync::wire::{self, MISSING_CHUNK};
use hearth_core::sync::{CommitEntry, RemoteEntry, RemoteTransport, SyncError};
use js_sys::{ArrayBuffer, Function, Reflect, Uint8Array};
use serde::Deserialize;
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestInit, RequestMode, Response};

use crate::fetch_edge::js_text;

/// One remote, by base URL, with its bearer token.
#[derive(Debug, Clone, PartialEq)]
pub struct FetchRemote {
    base: String,
    token: String,
}

/// Why a request got no HTTP answer at all.
enum NoAnswer {
    /// fetch rejected: refused connection, DNS, CORS, or a connection dropped mid-request.
    Unreachable(String),
    /// Something on our side (building the request, reading the answer).
    Broken(String),
}

impl FetchRemote {
    /// A remote at `base` (trailing `/` ignored).
    pub fn new(base: &str, token: &str) -> Self {
        FetchRemote { base: base.trim().trim_end_matches('/').to_string(), token: token.trim().to_string() }
    }

    /// One request; a 2xx answer is returned, anything else becomes the error it means.
    async fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<(&str, &[u8])>,
    ) -> Result<Response, SyncError> {
        // As the CLI: every request but the commit is idempotent (reads, uploads by content hash), so
        // one that got no answer is retried once; a commit is never retried blindly.
        let commit = path == "/commit";
        let mut result = self.attempt(method, path, body).await;
        if !commit && matches!(result, Err(NoAnswer::Unreachable(_))) {
            result = self.attempt(method, path, body).await;
        }
        let response = match result {
            Ok(r) => r,
            Err(NoAnswer::Unreachable(reason)) => {
                return Err(SyncError::Remote(format!(
                    "{} is unreachable ({reason}): is the worker running and the URL right?",
                    self.base
                )))
            }
            Err(NoAnswer::Broken(reason)) => {
                return Err(SyncError::Remote(format!("{method} {path}: {reason}")))
            }
        };
        if response.ok() {
            return Ok(response);
        }
        let text = read_text(&response).await.unwrap_or_default();
        Err(wire::refusal(method, path, response.status(), &text))
    }

    async fn attempt(
        &self,
        method: &str,
        path: &str,
        body: Option<(&str, &[u8])>,
    ) -> Result<Response, NoAnswer> {
        let broken = |e: JsValue| NoAnswer::Broken(js_text(&e));
        let headers = Headers::new().map_err(broken)?;
        headers.set("authorization", &format!("Bearer {}", self.token)).map_err(broken)?;
        let init = RequestInit::new();
        init.set_method(method);
        init.set_mode(RequestMode::Cors);
        if let Some((content_type, bytes)) = body {
            headers.set("content-type", content_type).map_err(broken)?;
            init.set_body(&Uint8Array::from(bytes).into());
        }
        init.set_headers(&headers);
        let url = format!("{}{}{path}", self.base, wire::API);
        let request = Request::new_with_str_and_init(&url, &init).map_err(broken)?;
        // The global `fetch`: `window.fetch` on the page, `self.fetch` in the worker.
        let global = js_sys::global();
        let fetch: Function = Reflect::get(&global, &JsValue::from_str("fetch"))
            .ok()
            .and_then(|f| f.dyn_into().ok())
            .ok_or_else(|| NoAnswer::Broken("this context has no fetch".into()))?;
        let promise: js_sys::Promise =
            fetch.call1(&global, &request).map_err(broken)?.dyn_into().map_err(broken)?;
        JsFuture::from(promise)
            .await
            .map_err(|e| NoAnswer::Unreachable(js_text(&e)))?
            .dyn_into()
            .map_err(|_| NoAnswer::Broken("fetch answered something that is not a Response".into()))
    }

    async fn json<T: for<'de> Deserialize<'de>>(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> Result<T, SyncError> {
        let bytes = body.map(|b| serde_json::to_vec(b).expect("JSON serialises"));
        let response = self.send(method, path, bytes.as_deref().map(|b| ("application/json", b))).await?;
        let text = read_text(&response)
            .await
            .map_err(|e| SyncError::Remote(format!("{method} {path}: unreadable answer: {e}")))?;
        serde_json::from_str(&text)
            .map_err(|e| SyncError::Remote(format!("{method} {path}: unexpected answer: {e}")))
    }
}

async fn read_text(response: &Response) -> Result<String, String> {
    let promise = response.text().map_err(|e| js_text(&e))?;
    Ok(JsFuture::from(promise).await.map_err(|e| js_text(&e))?.as_string().unwrap_or_default())
}

impl RemoteTransport for FetchRemote {
    async fn entries(&self) -> Result<Vec<RemoteEntry>, SyncError> {
        Ok(self.json::<wire::Entries>("GET", "/entries", None).await?.entries)
    }

    async fn missing(&self, hashes: &[String]) -> Result<Vec<String>, SyncError> {
        let mut missing = Vec::new();
        for chunk in hashes.chunks(MISSING_CHUNK) {
            let body = wire::missing_body(chunk);
            missing
                .extend(self.json::<wire::Missing>("POST", "/objects/missing", Some(&body)).await?.missing);
        }
        Ok(missing)
    }

    async fn get_object(&self, hash: &str) -> Result<Vec<u8>, SyncError> {
        let response = self.send("GET", &format!("/objects/{hash}"), None).await?;
        let failed = |e: JsValue| SyncError::Remote(format!("downloading object {hash}: {}", js_text(&e)));
        let buffer: ArrayBuffer =
            JsFuture::from(response.array_buffer().map_err(failed)?).await.map_err(failed)?.unchecked_into();
        Ok(Uint8Array::new(&buffer).to_vec())
    }

    async fn put_object(&self, hash: &str, bytes: &[u8]) -> Result<(), SyncError> {
        self.send("PUT", &format!("/objects/{hash}"), Some(("application/octet-stream", bytes))).await?;
        Ok(())
    }

    async fn commit(&self, entries: &[CommitEntry]) -> Result<(), SyncError> {
        self.json::<Value>("POST", "/commit", Some(&wire::commit_body(entries))).await?;
        Ok(())
    }
}
