//! Issuing and revoking tokens (admin scope). The secret is shown once; D1 keeps its SHA-256.

use hearth_core::registry::canonical::sha256_hex;
use serde::{Deserialize, Serialize};
use serde_json::json;
use worker::{js_sys, wasm_bindgen::JsCast, wasm_bindgen::JsValue, D1Database, Response, Result};

use super::Scope;
use crate::http::{detail, json};

#[derive(Deserialize)]
struct IssueRequest {
    name: String,
    scope: String,
}

#[derive(Serialize, Deserialize)]
struct TokenRow {
    name: String,
    scope: String,
    created_by: String,
    created_at: f64,
    revoked_at: Option<f64>,
}

/// `POST /remote/v1/tokens` `{"name", "scope"}` → 201 `{"name", "scope", "token"}`; 409 if the name exists.
pub async fn issue(db: &D1Database, body: &[u8], who: &str, now: u64) -> Result<Response> {
    let req: IssueRequest = match serde_json::from_slice(body) {
        Ok(r) => r,
        Err(e) => {
            return detail(
                400,
                format!("expected {{\"name\": .., \"scope\": \"read\"|\"write\"|\"admin\"}}: {e}"),
            )
        }
    };
    let Some(scope) = Scope::parse(&req.scope) else {
        return detail(400, format!("scope `{}` is not one of read, write, admin", req.scope));
    };
    let valid = !req.name.is_empty()
        && req.name.len() <= 64
        && req.name.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.@".contains(&b));
    if !valid || req.name == "admin" {
        return detail(
            400,
            format!("token name `{}` must be 1-64 of [A-Za-z0-9-_.@] and not `admin`", req.name),
        );
    }
    let token = format!("hrt_{}", random_hex(32)?);
    let inserted = db
        .prepare(
            "INSERT INTO tokens (name, hash, scope, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5) \
             ON CONFLICT(name) DO NOTHING",
        )
        .bind(&[
            req.name.as_str().into(),
            sha256_hex(token.as_bytes()).into(),
            scope.name().into(),
            who.into(),
            JsValue::from_f64(now as f64),
        ])?
        .run()
        .await?;
    let changes = inserted.meta()?.and_then(|m| m.changes).unwrap_or(0);
    if changes == 0 {
        return detail(409, format!("a token named `{}` already exists", req.name));
    }
    json(201, &json!({ "name": req.name, "scope": scope.name(), "token": token }))
}

/// `DELETE /remote/v1/tokens/{name}`: the token stops working at once (401).
pub async fn revoke(db: &D1Database, name: &str, now: u64) -> Result<Response> {
    let res = db
        .prepare("UPDATE tokens SET revoked_at = ?2 WHERE name = ?1 AND revoked_at IS NULL")
        .bind(&[name.into(), JsValue::from_f64(now as f64)])?
        .run()
        .await?;
    if res.meta()?.and_then(|m| m.changes).unwrap_or(0) == 0 {
        return detail(404, format!("no active token named `{name}`"));
    }
    json(200, &json!({ "name": name, "revoked": true }))
}

/// `GET /remote/v1/tokens`: names, scopes, who issued them, revocation (never the secrets).
pub async fn list(db: &D1Database) -> Result<Response> {
    let rows: Vec<TokenRow> = db
        .prepare("SELECT name, scope, created_by, created_at, revoked_at FROM tokens ORDER BY name")
        .all()
        .await?
        .results()?;
    json(200, &json!({ "tokens": rows }))
}

/// `n` random bytes from the runtime's CSPRNG (Web Crypto), as hex.
fn random_hex(n: u32) -> Result<String> {
    let crypto = js_sys::Reflect::get(&js_sys::global(), &"crypto".into())?;
    let get: js_sys::Function = js_sys::Reflect::get(&crypto, &"getRandomValues".into())?.dyn_into()?;
    let bytes = js_sys::Uint8Array::new_with_length(n);
    get.call1(&crypto, &bytes)?;
    Ok(bytes.to_vec().iter().map(|b| format!("{b:02x}")).collect())
}
