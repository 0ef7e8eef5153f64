//! Entries in D1: the listing, and the atomic commit with compare-and-swap on pointers.
//!
//! One D1 batch per commit (a transaction): for each pointer a guard row whose value is NULL unless
//! the stored value still equals `expected` (NOT NULL then aborts the whole batch), likewise for
//! records (a record never changes value), then the upserts and the write log. After an abort the
//! current values are read back and returned with 409. Validation and the conflict rule are
//! `hearth_core::sync::manifest`'s, which the S3 remote applies to its manifest too, so both kinds
//! of remote judge a commit alike.

use hearth_core::sync::manifest::{self, class_name, validate, MAX_ENTRIES};
use hearth_core::sync::{Class, CommitEntry, RemoteEntry};
use serde::Deserialize;
use serde_json::json;
use worker::{wasm_bindgen::JsValue, Bucket, D1Database, D1PreparedStatement, Response, Result};

use super::objects;
use crate::http::{detail, json};

#[derive(Deserialize)]
struct Row {
    key: String,
    class: Class,
    hash: String,
    value: Option<String>,
    updated_by: String,
    updated_at: f64,
}

impl From<Row> for RemoteEntry {
    fn from(r: Row) -> Self {
        RemoteEntry {
            key: r.key,
            class: r.class,
            hash: r.hash,
            value: r.value,
            updated_by: r.updated_by,
            updated_at: r.updated_at as u64,
        }
    }
}

async fn read(db: &D1Database, key: Option<&str>) -> Result<Vec<RemoteEntry>> {
    const COLUMNS: &str = "SELECT key, class, hash, value, updated_by, updated_at FROM entries";
    let stmt = match key {
        Some(k) => db.prepare(format!("{COLUMNS} WHERE key = ?1")).bind(&[k.into()])?,
        None => db.prepare(format!("{COLUMNS} ORDER BY key")),
    };
    let rows: Vec<Row> = stmt.all().await?.results()?;
    Ok(rows.into_iter().map(RemoteEntry::from).collect())
}

/// `GET /remote/v1/entries`.
pub async fn entries(db: &D1Database) -> Result<Response> {
    json(200, &json!({ "entries": read(db, None).await? }))
}

#[derive(Deserialize)]
struct CommitRequest {
    entries: Vec<CommitEntry>,
}

/// `POST /remote/v1/commit`.
pub async fn commit(db: &D1Database, bucket: &Bucket, body: &[u8], who: &str, now: u64) -> Result<Response> {
    let req: CommitRequest = match serde_json::from_slice(body) {
        Ok(r) => r,
        Err(e) => return detail(400, format!("expected {{\"entries\": [..]}}: {e}")),
    };
    if req.entries.is_empty() || req.entries.len() > MAX_ENTRIES {
        return detail(
            400,
            format!("a commit carries 1 to {MAX_ENTRIES} entries, got {}", req.entries.len()),
        );
    }
    for (i, e) in req.entries.iter().enumerate() {
        if let Err(why) = validate(e) {
            return detail(400, format!("entries[{i}] (`{}`): {why}", e.key));
        }
        if e.class == Class::Object && !objects::exists(bucket, &e.hash).await? {
            return detail(
                400,
                format!("entries[{i}] (`{}`): object {} was not uploaded first", e.key, e.hash),
            );
        }
    }
    let mut stmts: Vec<D1PreparedStatement> = Vec::new();
    for e in &req.entries {
        if let Some(guard) = guard(db, e)? {
            stmts.push(guard);
        }
        stmts.push(
            db.prepare(
                "INSERT INTO writes (key, hash, previous, by, at) SELECT ?1, ?2, (SELECT hash FROM entries WHERE key = ?1), ?3, ?4 \
                 WHERE NOT EXISTS (SELECT 1 FROM entries WHERE key = ?1 AND hash = ?2)",
            )
            .bind(&[e.key.as_str().into(), e.hash.as_str().into(), who.into(), JsValue::from_f64(now as f64)])?,
        );
        stmts.push(
            db.prepare(
                "INSERT INTO entries (key, class, hash, value, updated_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
                 ON CONFLICT(key) DO UPDATE SET hash = excluded.hash, value = excluded.value, \
                 updated_by = excluded.updated_by, updated_at = excluded.updated_at WHERE entries.hash <> excluded.hash",
            )
            .bind(&[
                e.key.as_str().into(),
                class_name(e.class).into(),
                e.hash.as_str().into(),
                e.value.as_deref().map(JsValue::from_str).unwrap_or(JsValue::NULL),
                who.into(),
                JsValue::from_f64(now as f64),
            ])?,
        );
    }
    stmts.push(db.prepare("DELETE FROM cas_guard"));
    match db.batch(stmts).await {
        Ok(_) => json(200, &json!({ "committed": req.entries.len(), "by": who, "at": now })),
        Err(err) => {
            let conflicts = conflicts(db, &req.entries).await?;
            if conflicts.is_empty() {
                return detail(503, format!("the commit failed and nothing was written: {err}"));
            }
            let first = &conflicts[0];
            json(
                409,
                &json!({
                    "detail": format!("`{}` changed on the remote: nothing was written", first["key"].as_str().unwrap_or("")),
                    "conflicts": conflicts,
                }),
            )
        }
    }
}

/// The precondition statement of `e`, if it has one.
fn guard(db: &D1Database, e: &CommitEntry) -> Result<Option<D1PreparedStatement>> {
    let stmt = match (e.class, &e.expected) {
        (Class::Pointer, Some(expected)) => db
            .prepare(
                "INSERT INTO cas_guard (ok) SELECT CASE WHEN (SELECT value FROM entries WHERE key = ?1) IS ?2 THEN 1 ELSE NULL END",
            )
            .bind(&[e.key.as_str().into(), expected.as_deref().map(JsValue::from_str).unwrap_or(JsValue::NULL)])?,
        (Class::Record, _) => db
            .prepare(
                "INSERT INTO cas_guard (ok) SELECT CASE WHEN COALESCE((SELECT hash FROM entries WHERE key = ?1), ?2) = ?2 \
                 THEN 1 ELSE NULL END",
            )
            .bind(&[e.key.as_str().into(), e.hash.as_str().into()])?,
        _ => return Ok(None),
    };
    Ok(Some(stmt))
}

/// The entries whose precondition does not hold now, with the current values (the rule itself is
/// `hearth_core::sync::manifest::conflict`, shared with the S3 remote's manifest commit).
async fn conflicts(db: &D1Database, entries: &[CommitEntry]) -> Result<Vec<serde_json::Value>> {
    let mut out = Vec::new();
    for e in entries {
        let current = read(db, Some(&e.key)).await?.into_iter().next();
        if let Some(c) = manifest::conflict(e, current.as_ref()) {
            out.push(json!({
                "key": c.key,
                "expected": e.expected.clone().flatten(),
                "yours": c.local,
                "current": c.remote,
                "current_by": c.remote_by,
                "current_at": current.as_ref().map(|c| c.updated_at),
            }));
        }
    }
    Ok(out)
}
