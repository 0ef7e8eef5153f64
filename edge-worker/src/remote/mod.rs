//! The team remote (`/remote/v1/...`): content-addressed objects in R2, metadata and pointers in D1,
//! behind scoped bearer tokens. What the CLI's `hearth push/pull/fetch` talk to; the sync logic
//! itself is `hearth_core::sync`. Routes (JSON errors `{"detail"}`; see edge-worker/README.md):
//!
//! - `GET  /remote/v1/entries` (read): every committed key, `{"entries": [RemoteEntry]}`.
//! - `POST /remote/v1/objects/missing` (read): `{"hashes": [..]}` → `{"missing": [..]}`.
//! - `GET  /remote/v1/objects/{sha256}` (read): the bytes, streamed from R2.
//! - `PUT  /remote/v1/objects/{sha256}` (write): 201 stored, 200 already there, 400 hash mismatch,
//!   411 without Content-Length; the body streams into R2, which verifies the hash.
//! - `POST /remote/v1/commit` (write): `{"entries": [CommitEntry]}` in one D1 batch; 409 with the
//!   current values when a pointer's `expected` (or a record's value) differs.
//! - `GET/POST /remote/v1/tokens`, `DELETE /remote/v1/tokens/{name}` (admin): list, issue, revoke.
//!
//! Objects are written before any metadata names them, so readers never see a key whose bytes are
//! missing; every write records the token name and the time.

mod auth;
mod commit;
mod objects;
mod schema;
mod tokens;

use serde_json::json;
use worker::{Env, Method, Request, Response, Result};

use crate::http::{detail, discard_body, json};
pub use auth::Scope;

/// R2 binding holding objects under `objects/<sha256>`.
pub const OBJECTS_BINDING: &str = "REMOTE_OBJECTS";
/// D1 binding holding tokens, entries and the write log.
pub const DB_BINDING: &str = "REMOTE_DB";

/// Answers `/remote/...`.
pub async fn handle(mut req: Request, env: &Env, segments: &[&str]) -> Result<Response> {
    let (Ok(db), Ok(bucket)) = (env.d1(DB_BINDING), env.bucket(OBJECTS_BINDING)) else {
        discard_body(&mut req).await;
        return detail(
            503,
            format!("the remote is disabled: bind R2 `{OBJECTS_BINDING}` and D1 `{DB_BINDING}`"),
        );
    };
    if let Err(e) = schema::ensure(&db).await {
        discard_body(&mut req).await;
        return detail(503, format!("the remote database is unavailable: {e}"));
    }
    let method = req.method();
    let needed = match (&method, segments) {
        (Method::Get, ["remote", "v1", "entries"])
        | (Method::Post, ["remote", "v1", "objects", "missing"])
        | (Method::Get, ["remote", "v1", "objects", _]) => Scope::Read,
        (Method::Put, ["remote", "v1", "objects", _]) | (Method::Post, ["remote", "v1", "commit"]) => {
            Scope::Write
        }
        (Method::Get | Method::Post, ["remote", "v1", "tokens"])
        | (Method::Delete, ["remote", "v1", "tokens", _]) => Scope::Admin,
        _ => {
            discard_body(&mut req).await;
            return detail(404, format!("no remote route {method} {}", req.path()));
        }
    };
    let who = match auth::authorize(&req, env, &db, needed).await? {
        Ok(who) => who,
        Err(refusal) => {
            discard_body(&mut req).await;
            return Ok(refusal);
        }
    };
    let now = worker::Date::now().as_millis();
    match (method, segments) {
        (Method::Get, [.., "entries"]) => commit::entries(&db).await,
        (Method::Post, [.., "missing"]) => {
            let body = req.bytes().await.unwrap_or_default();
            objects::missing(&bucket, &body).await
        }
        (Method::Get, [.., "objects", hash]) => objects::get(&bucket, hash).await,
        (Method::Put, [.., "objects", hash]) => objects::put(&bucket, hash, &mut req, &who, now).await,
        (Method::Post, [.., "commit"]) => {
            let body = req.bytes().await.unwrap_or_default();
            commit::commit(&db, &bucket, &body, &who, now).await
        }
        (Method::Get, [.., "tokens"]) => tokens::list(&db).await,
        (Method::Post, [.., "tokens"]) => {
            let body = req.bytes().await.unwrap_or_default();
            tokens::issue(&db, &body, &who, now).await
        }
        (Method::Delete, [.., "tokens", name]) => tokens::revoke(&db, name, now).await,
        _ => json(404, &json!({ "detail": "no such remote route" })),
    }
}
