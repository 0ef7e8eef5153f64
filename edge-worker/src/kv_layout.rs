//! The worker's KV key layout (binding [`BINDING`]), in one place for the admin API and the loader:
//!
//! ```text
//! deployments/current     Deployment (JSON): which bundle is served, as which model version, the
//!                         previous primary (rollback target) and the optional canary
//! deployments/history     [Event] (JSON): the last 20 deploys/rollbacks, newest first
//! bundles/<sha256>        canonical bundle bytes (SHA-256 of the value = <sha256>)
//! bundles/<sha256>.sig    Ed25519 signature of those bytes (128 hex digits)
//! ```
//! Bundles are immutable and content-addressed; only the two `deployments/` keys ever change, and
//! `deployments/current` is written before its history event.

/// Name of the KV namespace binding (wrangler.toml `[[kv_namespaces]] binding`).
pub const BINDING: &str = "HEARTH";

/// The served deployment's key.
pub const CURRENT_DEPLOYMENT: &str = "deployments/current";

/// The deployment history's key (see [`crate::history`]).
pub const DEPLOYMENT_HISTORY: &str = "deployments/history";

/// Key of a bundle's bytes.
pub fn bundle(hash: &str) -> String {
    format!("bundles/{hash}")
}

/// Key of a bundle's signature.
pub fn bundle_signature(hash: &str) -> String {
    format!("bundles/{hash}.sig")
}

/// Whether `text` is a bundle address: 64 lower-case hex digits (what `sha256_hex` writes).
pub fn is_bundle_hash(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}
