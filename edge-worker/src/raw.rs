//! The prediction path reads the runtime's request object directly instead of through
//! `worker::Request`: building a `worker::Request` reads `request.cf`, which workerd materialises
//! as a fresh JS object on every access. That single getter was 6 % of the worker's CPU samples
//! under a 1-row prediction load (V8 profile, 2026-11-29), for a value the model routes never use.
//! Admin and remote routes, which do need the richer type, still convert.

use worker::js_sys::Uint8Array;
use worker::wasm_bindgen_futures::JsFuture;
use worker::web_sys;
use worker::Result;

/// The path of a serialised WHATWG URL (`https://host:port/a/b?q` → `/a/b`), without reparsing it:
/// a special-scheme URL always has a `/` right after its authority, and `?`/`#` never occur
/// unescaped inside the path.
pub fn path_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let Some(start) = url[after_scheme..].find(['/', '?', '#']).map(|i| after_scheme + i) else {
        return "/";
    };
    if !url[start..].starts_with('/') {
        return "/";
    }
    let end = url[start..].find(['?', '#']).map_or(url.len(), |i| start + i);
    &url[start..end]
}

/// Whether `method` carries no body worth reading.
pub fn is_bodiless(method: &str) -> bool {
    matches!(method, "GET" | "HEAD")
}

/// A request header, `None` when absent.
pub fn header(req: &web_sys::Request, name: &str) -> Result<Option<String>> {
    Ok(req.headers().get(name)?)
}

/// The whole body (predictions are bounded by the serve limits, checked on these bytes).
pub async fn body(req: &web_sys::Request) -> Result<Vec<u8>> {
    let buffer = JsFuture::from(req.array_buffer()?).await?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

#[cfg(test)]
mod tests {
    use super::path_of;

    #[test]
    fn the_path_is_cut_from_the_authority_and_the_query() {
        assert_eq!(path_of("http://127.0.0.1:8787/invocations"), "/invocations");
        assert_eq!(path_of("https://h.example/v1/models/m/predict?x=1#f"), "/v1/models/m/predict");
        assert_eq!(path_of("https://h.example/"), "/");
        assert_eq!(path_of("https://h.example"), "/");
        assert_eq!(path_of("https://h.example?q"), "/");
        assert_eq!(path_of("https://h.example?next=/admin"), "/");
        assert_eq!(path_of("/docs"), "/docs");
    }
}
