//! Objects by hash in R2 (`objects/<sha256>`): uploads are verified and idempotent.
//!
//! Neither route holds an object in the worker: a Worker has 128 MB and one dataset version can be
//! most of that. An upload's body stream goes to R2 as is, and R2 checks its SHA-256 against the
//! URL's while storing it (a mismatch stores nothing); a download answers with R2's body stream.

use hearth_core::sync::classify::is_sha256;
use serde::Deserialize;
use serde_json::json;
use std::collections::HashMap;
use worker::{Bucket, Request, Response, Result};

use crate::http::{cors, detail, discard_body, json};

/// Most hashes one `missing` request may ask about.
const MAX_HASHES: usize = 1000;

/// R2 key of an object.
pub fn key(hash: &str) -> String {
    format!("objects/{hash}")
}

/// Whether the bucket holds `hash`.
pub async fn exists(bucket: &Bucket, hash: &str) -> Result<bool> {
    Ok(bucket.head(key(hash)).await?.is_some())
}

#[derive(Deserialize)]
struct MissingRequest {
    hashes: Vec<String>,
}

/// `POST /remote/v1/objects/missing`.
pub async fn missing(bucket: &Bucket, body: &[u8]) -> Result<Response> {
    let req: MissingRequest = match serde_json::from_slice(body) {
        Ok(r) => r,
        Err(e) => return detail(400, format!("expected {{\"hashes\": [sha256, ...]}}: {e}")),
    };
    if req.hashes.len() > MAX_HASHES {
        return detail(400, format!("at most {MAX_HASHES} hashes per request, got {}", req.hashes.len()));
    }
    if let Some(bad) = req.hashes.iter().find(|h| !is_sha256(h)) {
        return detail(400, format!("`{bad}` is not a sha256 (64 lower-case hex digits)"));
    }
    let mut missing = Vec::new();
    for h in req.hashes {
        if !exists(bucket, &h).await? {
            missing.push(h);
        }
    }
    json(200, &json!({ "missing": missing }))
}

/// `GET /remote/v1/objects/{hash}`: R2's body stream, handed to the runtime without passing
/// through the worker's memory.
pub async fn get(bucket: &Bucket, hash: &str) -> Result<Response> {
    if !is_sha256(hash) {
        return detail(400, format!("`{hash}` is not a sha256 (64 lower-case hex digits)"));
    }
    let Some(object) = bucket.get(key(hash)).execute().await? else {
        return detail(404, format!("no object {hash}"));
    };
    let Some(body) = object.body() else { return detail(404, format!("no object {hash}")) };
    let mut res = Response::from_body(body.response_body()?)?;
    let headers = res.headers_mut();
    headers.set("content-type", "application/octet-stream")?;
    headers.set("content-length", &object.size().to_string())?;
    cors(headers)?;
    Ok(res)
}

/// `PUT /remote/v1/objects/{hash}`: 201 stored, 200 when already stored (the body is not read),
/// 400 unless the body hashes to `hash` (nothing stored then), 411 without a Content-Length (R2
/// stores a stream only when its length is known up front).
pub async fn put(bucket: &Bucket, hash: &str, req: &mut Request, who: &str, now: u64) -> Result<Response> {
    let digest = match hex::decode(hash) {
        Ok(digest) if is_sha256(hash) => digest,
        _ => {
            discard_body(req).await;
            return detail(400, format!("`{hash}` is not a sha256 (64 lower-case hex digits)"));
        }
    };
    let Some(length) = content_length(req)? else {
        discard_body(req).await;
        return detail(
            411,
            "an object upload needs a Content-Length header (objects are streamed to storage, which needs the size up front)",
        );
    };
    if exists(bucket, hash).await? {
        discard_body(req).await;
        return json(200, &json!({ "hash": hash, "bytes": length, "stored": false }));
    }
    // The runtime's own stream goes to R2 untouched (an empty body has none).
    let upload = match req.inner().body() {
        Some(stream) => bucket.put(key(hash), stream),
        None => bucket.put(key(hash), Vec::new()),
    };
    let meta: HashMap<String, String> =
        [("by".to_string(), who.to_string()), ("at".to_string(), now.to_string())].into();
    match upload.sha256(digest).custom_metadata(meta).execute().await {
        Ok(_) => json(201, &json!({ "hash": hash, "bytes": length, "stored": true })),
        Err(e) => match refusal(&e.to_string(), hash) {
            Some(message) => detail(400, message),
            None => Err(e),
        },
    }
}

/// The request's Content-Length, `None` when absent or not a number.
fn content_length(req: &Request) -> Result<Option<u64>> {
    Ok(req.headers().get("content-length")?.and_then(|v| v.trim().parse().ok()))
}

/// The client-facing message for R2's checksum refusal (error 10037, `BadDigest`), naming the
/// body's actual SHA-256 when R2 reports it; `None` for any other storage error.
fn refusal(error: &str, hash: &str) -> Option<String> {
    const MISMATCH: &str = "checksum you specified did not match";
    if !(error.contains(MISMATCH) || error.contains("10037")) {
        return None;
    }
    let actual =
        error.split("Actual SHA-256 was: ").nth(1).and_then(|rest| rest.get(..64)).filter(|h| is_sha256(h));
    Some(match actual {
        Some(actual) => format!("the body's sha256 is {actual}, not {hash}: object refused"),
        None => format!("the body's sha256 is not {hash}: object refused"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HASH: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    #[test]
    fn a_checksum_refusal_names_the_actual_hash() {
        let actual = "a".repeat(64);
        // As workerd reports R2's BadDigest (miniflare and Cloudflare word it alike).
        let error = format!(
            "Error: put: The SHA-256 checksum you specified did not match what we received.\n\
             You provided a SHA-256 checksum with value: {HASH}\nActual SHA-256 was: {actual} (10037)"
        );
        assert_eq!(
            refusal(&error, HASH).unwrap(),
            format!("the body's sha256 is {actual}, not {HASH}: object refused")
        );
        let terse = "put: checksum mismatch (10037)";
        assert_eq!(refusal(terse, HASH).unwrap(), format!("the body's sha256 is not {HASH}: object refused"));
    }

    #[test]
    fn other_storage_errors_are_not_refusals() {
        assert_eq!(refusal("Error: put: We encountered an internal error. (10001)", HASH), None);
    }
}
