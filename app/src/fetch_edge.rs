//! The edge over the browser's `fetch`: the transport under core's `AdminClient`, so the Deploy page
//! runs the same reconcile algorithm and reads the same answers as `hearth deploy` (whose transport
//! is native HTTP). The edge worker answers CORS preflights, so the app may call it from its origin.

use hearth_core::deploy::admin_api::{AdminClient, Answer, Transport};
use hearth_core::deploy::EdgeError;
use hearth_core::serve::{SERVED_VERSION_HEADER, VARIANT_HEADER};
use js_sys::Uint8Array;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestInit, RequestMode, Response};

/// One edge, addressed by its base URL, with the admin token (empty: public routes only).
#[derive(Debug, Clone, PartialEq)]
pub struct FetchTransport {
    base: String,
    token: String,
}

/// Core's `Edge` over `fetch`.
pub type FetchEdge = AdminClient<FetchTransport>;

/// An edge at `base` (a trailing `/` is dropped) using `token`.
pub fn connect(base: &str, token: &str) -> FetchEdge {
    AdminClient(FetchTransport {
        base: base.trim().trim_end_matches('/').to_string(),
        token: token.trim().to_string(),
    })
}

/// A JavaScript error's message.
pub(crate) fn js_text(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}

impl Transport for FetchTransport {
    async fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<(&str, &[u8])>,
        extra: &[(&str, &str)],
    ) -> Result<Answer, EdgeError> {
        let url = format!("{}{path}", self.base);
        let unreachable = |reason: String| EdgeError::Unreachable { url: self.base.clone(), reason };
        let headers = Headers::new().map_err(|e| unreachable(js_text(&e)))?;
        let set = |k: &str, v: &str| headers.set(k, v).map_err(|e| unreachable(js_text(&e)));
        if !self.token.is_empty() {
            set("authorization", &format!("Bearer {}", self.token))?;
        }
        for (k, v) in extra {
            set(k, v)?;
        }
        let init = RequestInit::new();
        init.set_method(method);
        init.set_mode(RequestMode::Cors);
        if let Some((content_type, bytes)) = body {
            set("content-type", content_type)?;
            init.set_body(&Uint8Array::from(bytes).into());
        }
        init.set_headers(&headers);
        let request = Request::new_with_str_and_init(&url, &init).map_err(|e| unreachable(js_text(&e)))?;
        let window = web_sys::window().ok_or_else(|| unreachable("no window".into()))?;
        // fetch rejects only without an HTTP answer: refused connection, DNS, or a CORS refusal.
        let response: Response = JsFuture::from(window.fetch_with_request(&request))
            .await
            .map_err(|e| unreachable(format!("{} (is the worker running and the URL right?)", js_text(&e))))?
            .dyn_into()
            .map_err(|_| EdgeError::Protocol("fetch answered something that is not a Response".into()))?;
        let header = |name: &str| response.headers().get(name).ok().flatten();
        let (served_version, variant) = (header(SERVED_VERSION_HEADER), header(VARIANT_HEADER));
        let text = response.text().map_err(|e| unreachable(js_text(&e)))?;
        let body = JsFuture::from(text)
            .await
            .map_err(|e| unreachable(format!("reading the answer: {}", js_text(&e))))?
            .as_string()
            .unwrap_or_default();
        Ok(Answer { status: response.status(), served_version, variant, body })
    }
}
