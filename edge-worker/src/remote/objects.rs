//! Objects by hash in R2 (`objects/<sha256>`): uploads are verified and idempotent.

use hearth_core::registry::canonical::sha256_hex;
use hearth_core::sync::classify::is_sha256;
use serde::Deserialize;
use serde_json::json;
use std::collections::HashMap;
use worker::{Bucket, Response, Result};

use crate::http::{cors, detail, json};

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

/// `GET /remote/v1/objects/{hash}`.
pub async fn get(bucket: &Bucket, hash: &str) -> Result<Response> {
    if !is_sha256(hash) {
        return detail(400, format!("`{hash}` is not a sha256 (64 lower-case hex digits)"));
    }
    let Some(object) = bucket.get(key(hash)).execute().await? else {
        return detail(404, format!("no object {hash}"));
    };
    let Some(body) = object.body() else { return detail(404, format!("no object {hash}")) };
    let mut res = Response::from_bytes(body.bytes().await?)?;
    res.headers_mut().set("content-type", "application/octet-stream")?;
    cors(res.headers_mut())?;
    Ok(res)
}

/// `PUT /remote/v1/objects/{hash}`: 400 unless the body hashes to `hash`; 200 when already stored.
pub async fn put(bucket: &Bucket, hash: &str, body: &[u8], who: &str, now: u64) -> Result<Response> {
    if !is_sha256(hash) {
        return detail(400, format!("`{hash}` is not a sha256 (64 lower-case hex digits)"));
    }
    let actual = sha256_hex(body);
    if actual != hash {
        return detail(400, format!("the body's sha256 is {actual}, not {hash}: object refused"));
    }
    if exists(bucket, hash).await? {
        return json(200, &json!({ "hash": hash, "bytes": body.len(), "stored": false }));
    }
    let meta: HashMap<String, String> =
        [("by".to_string(), who.to_string()), ("at".to_string(), now.to_string())].into();
    bucket.put(key(hash), body.to_vec()).custom_metadata(meta).execute().await?;
    json(201, &json!({ "hash": hash, "bytes": body.len(), "stored": true }))
}
