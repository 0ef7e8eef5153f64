//! Response helpers: every answer is JSON (or the docs' HTML), carries CORS headers so the web app can
//! call the worker from another origin, and never leaks a 500 for bad input.

use serde_json::{json, Value};
use worker::wasm_bindgen_futures::JsFuture;
use worker::web_sys::{self, WritableStream};
use worker::{Headers, Request, Response, Result};

/// Methods and headers a cross-origin caller (the web app) may use.
const CORS_METHODS: &str = "GET, HEAD, POST, PUT, DELETE, OPTIONS";
const CORS_HEADERS: &str = "authorization, content-type, x-hearth-signature, x-hearth-route-key";

/// A JSON response with `status` and CORS headers.
pub fn json(status: u16, body: &Value) -> Result<Response> {
    let mut res = Response::from_json(body)?.with_status(status);
    cors(res.headers_mut())?;
    Ok(res)
}

/// `{"detail": message}` with `status`: FastAPI's error shape, used for the worker's own errors.
pub fn detail(status: u16, message: impl Into<String>) -> Result<Response> {
    json(status, &json!({ "detail": message.into() }))
}

/// Reads and drops a request body the answer does not need. workerd resets a keep-alive connection
/// whose request body was left unread, so the client's *next* request on it fails (seen as
/// ECONNRESET in the edge tests); draining first keeps early refusals (401, 404, 405) clean. The body
/// is piped into a sink inside the runtime, never copied into the worker's memory, so refusing a
/// large upload costs no memory.
pub async fn discard_body(req: &mut Request) {
    discard_raw(req.inner()).await;
}

/// [`discard_body`] for the runtime's own request object (the prediction path, see [`crate::raw`]).
pub async fn discard_raw(req: &web_sys::Request) {
    if matches!(req.method().as_str(), "GET" | "HEAD" | "OPTIONS") {
        return;
    }
    if let (Some(body), Ok(sink)) = (req.body(), WritableStream::new()) {
        let _ = JsFuture::from(body.pipe_to(&sink)).await;
    }
}

/// An HTML page (the API docs).
pub fn html(page: String) -> Result<Response> {
    let mut res = Response::from_html(page)?;
    cors(res.headers_mut())?;
    Ok(res)
}

/// The answer to a CORS preflight (`OPTIONS` on any path).
pub fn preflight() -> Result<Response> {
    let mut res = Response::empty()?.with_status(204);
    let headers = res.headers_mut();
    cors(headers)?;
    headers.set("access-control-allow-methods", CORS_METHODS)?;
    headers.set("access-control-allow-headers", CORS_HEADERS)?;
    headers.set("access-control-max-age", "86400")?;
    Ok(res)
}

pub(crate) fn cors(headers: &mut Headers) -> Result<()> {
    headers.set("access-control-allow-origin", "*")?;
    use hearth_core::serve::{SERVED_VERSION_HEADER, VARIANT_HEADER};
    headers.set("access-control-expose-headers", &format!("{SERVED_VERSION_HEADER}, {VARIANT_HEADER}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use hearth_core::serve::ROUTE_KEY_HEADER;

    fn items(list: &str) -> Vec<&str> {
        list.split(',').map(str::trim).collect()
    }

    #[test]
    fn cors_allows_every_method_and_header_the_app_and_cli_send() {
        let headers = items(CORS_HEADERS);
        for h in ["authorization", "content-type", crate::admin::SIGNATURE_HEADER, ROUTE_KEY_HEADER] {
            assert!(headers.contains(&h), "{h} missing from {CORS_HEADERS}");
        }
        let methods = items(CORS_METHODS);
        for m in ["GET", "PUT", "POST", "OPTIONS"] {
            assert!(methods.contains(&m), "{m} missing from {CORS_METHODS}");
        }
        assert!(headers.iter().chain(&methods).all(|x| !x.is_empty()));
    }
}
