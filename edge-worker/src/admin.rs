//! The admin API, behind a bearer token (secret [`TOKEN_SECRET`]):
//!
//! - `PUT /admin/bundles/{sha256}`: body = canonical bundle bytes, header `x-hearth-signature` = Ed25519
//!   signature (hex). Hash, signature and model content are checked before anything is stored:
//!   201 stored, 200 already stored, 400 hash/signature mismatch, 422 not a model bundle, 413 too big.
//! - `GET /admin/deployment`: `{"deployment": Deployment | null}`.
//! - `PUT /admin/deployment`: body `{"bundle": sha256, "version": N, "aliases": [..], "expected":
//!   sha256 | null}`. Compare-and-swap: 409 unless `expected` is the bundle served now (null = none).
//!   The bundle is loaded, verified and smoke-predicted before the switch (422 otherwise).
//!
//! 401 without the right token; 503 when the worker has no token configured. Every failure leaves the
//! stored bundles and the served deployment as they were.

use std::rc::Rc;

use hearth_core::registry::{bundle::verify, canonical::sha256_hex};
use serde::Deserialize;
use serde_json::json;
use worker::{Env, Request, Response, Result};

use crate::deployment::Deployment;
use crate::http::{detail, json};
use crate::kv_layout;
use crate::served::{self, Served};

/// Name of the secret holding the admin bearer token.
pub const TOKEN_SECRET: &str = "ADMIN_TOKEN";
/// Header carrying a bundle's signature on upload.
pub const SIGNATURE_HEADER: &str = "x-hearth-signature";
/// Largest bundle accepted (KV values may hold 25 MiB).
const MAX_BUNDLE_BYTES: usize = 20 * 1024 * 1024;

/// Body of `PUT /admin/deployment`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DeployRequest {
    bundle: String,
    version: u32,
    #[serde(default)]
    aliases: Vec<String>,
    expected: Option<String>,
}

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
            deploy(env, &body).await
        }
        (_, ["admin", "bundles", _]) | (_, ["admin", "deployment"]) => {
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
fn same_secret(a: &str, b: &str) -> bool {
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

async fn deploy(env: &Env, body: &[u8]) -> Result<Response> {
    let request: DeployRequest = match serde_json::from_slice(body) {
        Ok(r) => r,
        Err(e) if e.is_syntax() || e.is_eof() => return detail(400, format!("malformed JSON: {e}")),
        Err(e) => return detail(422, format!("expected {{bundle, version, aliases?, expected}}: {e}")),
    };
    if !kv_layout::is_bundle_hash(&request.bundle) {
        return detail(422, format!("`{}` is not a bundle address", request.bundle));
    }
    let current = match served::read_deployment(env).await {
        Ok(current) => current,
        Err(e) => return detail(503, e),
    };
    let serving = current.as_ref().map(|d| d.bundle.clone());
    if serving != request.expected {
        return json(
            409,
            &json!({
                "detail": "the served deployment changed: `expected` must name the bundle served now",
                "current": current,
            }),
        );
    }
    let deployment = Deployment {
        bundle: request.bundle,
        version: request.version,
        aliases: request.aliases,
        deployed_at_ms: served::now_ms(),
        previous: serving,
    };
    let model = match served::load(env, &deployment).await {
        Ok(model) => model,
        Err(e) => return detail(422, e),
    };
    if let Err(e) = model.health() {
        return detail(422, format!("the bundle fails its smoke prediction: {}", e.summary()));
    }
    let text = serde_json::to_string(&deployment).map_err(|e| worker::Error::RustError(e.to_string()))?;
    env.kv(kv_layout::BINDING)?.put(kv_layout::CURRENT_DEPLOYMENT, text)?.execute().await?;
    served::install(Rc::new(Served { model, deployment: deployment.clone() }));
    json(200, &json!({ "deployment": deployment }))
}
