//! Bearer tokens with scopes. The bootstrap admin token is the worker's `ADMIN_TOKEN` secret (name
//! `admin`); others are issued by an admin and stored as their SHA-256 only.

use hearth_core::registry::canonical::sha256_hex;
use serde::Deserialize;
use worker::{wasm_bindgen::JsValue, D1Database, Env, Request, Response, Result};

use crate::admin::TOKEN_SECRET;
use crate::http::detail;

/// What a token may do; each scope includes the ones before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scope {
    /// List and download.
    Read,
    /// Upload and commit.
    Write,
    /// Issue and revoke tokens.
    Admin,
}

impl Scope {
    /// Parses `read`, `write` or `admin`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "read" => Some(Self::Read),
            "write" => Some(Self::Write),
            "admin" => Some(Self::Admin),
            _ => None,
        }
    }

    /// The scope's name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Write => "write",
            Self::Admin => "admin",
        }
    }
}

#[derive(Deserialize)]
struct Row {
    name: String,
    scope: String,
    revoked_at: Option<f64>,
}

/// `Ok(Ok(token name))` when the request's token has `needed`; `Ok(Err(401/403 response))` otherwise.
pub async fn authorize(
    req: &Request,
    env: &Env,
    db: &D1Database,
    needed: Scope,
) -> Result<std::result::Result<String, Response>> {
    let given = req.headers().get("authorization")?.unwrap_or_default();
    let token = given.strip_prefix("Bearer ").unwrap_or("").trim();
    if token.is_empty() {
        return Ok(Err(unauthorized("missing bearer token")?));
    }
    if let Ok(admin) = env.secret(TOKEN_SECRET).map(|s| s.to_string()) {
        if crate::admin::same_secret(token, &admin) {
            return Ok(Ok("admin".to_string()));
        }
    }
    let row: Option<Row> = db
        .prepare("SELECT name, scope, revoked_at FROM tokens WHERE hash = ?1")
        .bind(&[JsValue::from_str(&sha256_hex(token.as_bytes()))])?
        .first(None)
        .await?;
    let Some(row) = row else { return Ok(Err(unauthorized("unknown token")?)) };
    if row.revoked_at.is_some() {
        return Ok(Err(unauthorized(&format!("token `{}` was revoked", row.name))?));
    }
    let scope = Scope::parse(&row.scope).unwrap_or(Scope::Read);
    if scope < needed {
        return Ok(Err(detail(
            403,
            format!("token `{}` has scope `{}`; this needs `{}`", row.name, scope.name(), needed.name()),
        )?));
    }
    Ok(Ok(row.name))
}

fn unauthorized(why: &str) -> Result<Response> {
    let mut res = detail(401, why)?;
    res.headers_mut().set("www-authenticate", "Bearer")?;
    Ok(res)
}
