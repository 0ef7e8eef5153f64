//! The D1 tables, created on first use by each isolate (idempotent `IF NOT EXISTS`).

use std::cell::Cell;
use worker::{D1Database, Result};

thread_local! {
    static READY: Cell<bool> = const { Cell::new(false) };
}

const TABLES: [&str; 4] = [
    // Issued tokens: only the SHA-256 of the secret is kept.
    "CREATE TABLE IF NOT EXISTS tokens (name TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, scope TEXT NOT NULL, \
     created_by TEXT NOT NULL, created_at INTEGER NOT NULL, revoked_at INTEGER)",
    // Every committed workspace key: objects (hash only), records and pointers (value too).
    "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, class TEXT NOT NULL, hash TEXT NOT NULL, value TEXT, \
     updated_by TEXT NOT NULL, updated_at INTEGER NOT NULL)",
    // Who wrote what, when (append-only).
    "CREATE TABLE IF NOT EXISTS writes (id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL, hash TEXT NOT NULL, \
     previous TEXT, by TEXT NOT NULL, at INTEGER NOT NULL)",
    // Compare-and-swap guard: a failed precondition inserts NULL here, which aborts the whole batch.
    "CREATE TABLE IF NOT EXISTS cas_guard (ok INTEGER NOT NULL)",
];

/// Creates the tables once per isolate.
pub async fn ensure(db: &D1Database) -> Result<()> {
    if READY.with(Cell::get) {
        return Ok(());
    }
    db.batch(TABLES.iter().map(|sql| db.prepare(*sql)).collect()).await?;
    READY.with(|r| r.set(true));
    Ok(())
}
