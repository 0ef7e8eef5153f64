//! The admin API, behind a bearer token (secret [`TOKEN_SECRET`]):
//!
//! - `PUT /admin/bundles/{sha256}`: body = canonical bundle bytes, header `x-hearth-signature` = Ed25519
//!   signature (hex). Hash, signature and model content are checked before anything is stored:
//!   201 stored, 200 already stored, 400 hash/signature mismatch, 422 not a model bundle, 413 too big.
//! - `GET /admin/deployment`: `{"deployment": Deployment | null}`.
//! - `PUT /admin/deployment`: body `{"bundle": sha256, "version": N, "aliases": [..], "expected":
//!   sha256 | null, "canary": {"bundle", "version", "share"} | null}`. Compare-and-swap: 409 unless
//!   `expected` is the primary bundle served now (null = none). Every bundle is loaded, verified and
//!   smoke-predicted before the switch (422 otherwise); the state already served is a no-op 200
//!   (`"changed": false`). See [`crate::switch`].
//! - `POST /admin/rollback`: body `{"expected": sha256}`: back to the previous primary, canary removed.
//! - `GET /admin/deployments`: `{"current": Deployment | null, "history": [Event]}` (newest first).
//!
//! 401 without the right token; 503 when the worker has no token configured. Every failure leaves the
//! stored bundles and the served deployment as they were.

use hearth_core::registry::{bundle::verify, canonical::sha256_hex};
use serde_json::json;
use worker::{Env, Request, Response, Result};

use crate::http::{detail, json};
use crate::served;
use crate::{history, kv_layout, switch};

/// Name of the secret holding the admin bearer token.
pub const TOKEN_SECRET: &str = "ADMIN_TOKEN";
/// Header carrying a bundle's signature on upload.
pub const SIGNATURE_HEADER: &str = "x-hearth-signature";
/// Largest bundle accepted (KV values may hold 25 MiB).
const MAX_BUNDLE_BYTES: usize = 20 * 1024 * 1024;

/// Answers `/admin/...`.
pub async fn handle(mut req: Request, env: &Env, segments: &[&str]) -> Result<Response> {
    if let Some(refusal) = authorize(&req, env)? {
        crate::http::discard_body(&mut req).await;
        return Ok(refusal);
    }
    let method = req.method().to_string();
    match (method.as_str(), segments) {
        ("PUT", ["admin", "bundles", hash]) => {
            let signature = req.headers().get(SIGNATURE_HEADER)?;
            let body = req.bytes().await.unwrap_or_default();
            put_bundle(env, hash, signature, &body).await
        }
        ("GET", ["admin", "deployment"]) => match served::read_deployment(env).await {
            Ok(deployment) => json(200, &json!({ "deployment": deployment })),
            Err(e) => detail(503, e),
        },
        ("PUT", ["admin", "deployment"]) => {
            let body = req.bytes().await.unwrap_or_default();
            switch::deploy(env, &body).await
        }
        ("POST", ["admin", "rollback"]) => {
            let body = req.bytes().await.unwrap_or_default();
            switch::rollback(env, &body).await
        }
        ("GET", ["admin", "deployments"]) => deployments(env).await,
        (_, ["admin", "bundles", _])
        | (_, ["admin", "deployment"])
        | (_, ["admin", "rollback"])
        | (_, ["admin", "deployments"]) => {
            crate::http::discard_body(&mut req).await;
            detail(405, format!("Method Not Allowed: {method} {}", req.path()))
        }
        _ => {
            crate::http::discard_body(&mut req).await;
            detail(404, format!("no admin route {method} {}", req.path()))
        }
    }
}

/// `Some(response)` when the request may not use the admin API.
fn authorize(req: &Request, env: &Env) -> Result<Option<Response>> {
    let Ok(expected) = env.secret(TOKEN_SECRET).map(|s| s.to_string()) else {
        return detail(503, format!("the admin API is disabled: no `{TOKEN_SECRET}` secret")).map(Some);
    };
    let given = req.headers().get("authorization")?.unwrap_or_default();
    let token = given.strip_prefix("Bearer ").unwrap_or("");
    if !token.is_empty() && same_secret(token, &expected) {
        return Ok(None);
    }
    let mut res = detail(401, "missing or wrong bearer token")?;
    res.headers_mut().set("www-authenticate", "Bearer")?;
    Ok(Some(res))
}

/// Compares two secrets in time independent of where they differ (digests have equal length).
pub(crate) fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (sha256_hex(a.as_bytes()), sha256_hex(b.as_bytes()));
    a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn put_bundle(env: &Env, hash: &str, signature: Option<String>, body: &[u8]) -> Result<Response> {
    if !kv_layout::is_bundle_hash(hash) {
        return detail(400, format!("`{hash}` is not a bundle address (64 lower-case hex digits)"));
    }
    let Some(signature) = signature else {
        return detail(
            400,
            format!("header `{SIGNATURE_HEADER}` (the bundle's Ed25519 signature) is missing"),
        );
    };
    if body.len() > MAX_BUNDLE_BYTES {
        return detail(
            413,
            format!("bundle of {} bytes is over the {MAX_BUNDLE_BYTES}-byte limit", body.len()),
        );
    }
    let key = match served::public_key(env) {
        Ok(key) => key,
        Err(e) => return detail(503, e),
    };
    if let Err(e) = verify(body, hash, &signature, &key) {
        return detail(400, e.to_string());
    }
    let bundle = match crate::deployment::parse(body) {
        Ok(bundle) => bundle,
        Err(e) => return detail(422, e),
    };
    let kv = env.kv(kv_layout::BINDING)?;
    let stored = kv.get(&kv_layout::bundle_signature(hash)).text().await.ok().flatten().is_some();
    if !stored {
        kv.put_bytes(&kv_layout::bundle(hash), body)?.execute().await?;
        kv.put(&kv_layout::bundle_signature(hash), signature.trim())?.execute().await?;
    }
    json(
        if stored { 200 } else { 201 },
        &json!({ "hash": hash, "bytes": body.len(), "model": bundle.content.signature.model() }),
    )
}

/// `GET /admin/deployments`: the current record and the history, newest first.
async fn deployments(env: &Env) -> Result<Response> {
    let current = match served::read_deployment(env).await {
        Ok(current) => current,
        Err(e) => return detail(503, e),
    };
    match history::read(env).await {
        Ok(history) => json(200, &json!({ "current": current, "history": history })),
        Err(e) => detail(503, e),
    }
}
