//! The worker's KV key layout (binding [`BINDING`]), in one place for the admin API and the loader:
//!
//! ```text
//! deployments/current     Deployment (JSON): which bundle is served, as which model version, the
//!                         previous primary (rollback target) and the optional canary
//! deployments/history     [Event] (JSON): the last 20 deploys/rollbacks, newest first
//! bundles/<sha256>        canonical bundle bytes (SHA-256 of the value = <sha256>)
//! bundles/<sha256>.sig    Ed25519 signature of those bytes (128 hex digits)
//! traffic/<sha256>/<newest-first ms>-<random>
//!                         TrafficSample (JSON): sampled prediction rows of that bundle, one batch per
//!                         value (never rewritten, so isolates cannot overwrite each other), 7-day TTL
//! traffic-drift/<sha256>  the last scheduled drift check of that bundle's traffic (JSON)
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

/// Prefix of the traffic batches of a bundle.
pub fn traffic_prefix(hash: &str) -> String {
    format!("traffic/{hash}/")
}

/// Key of one traffic batch that started at `first_ms`: KV lists keys in byte order, so the time is
/// written counting down and a list of the first N keys gives the newest N batches.
pub fn traffic_sample(hash: &str, first_ms: u64, nonce: u64) -> String {
    let countdown = 9_999_999_999_999u64.saturating_sub(first_ms);
    format!("{}{countdown:013}-{nonce:016x}", traffic_prefix(hash))
}

/// Key of the last scheduled drift check of a bundle's traffic.
pub fn traffic_drift(hash: &str) -> String {
    format!("traffic-drift/{hash}")
}

/// Whether `text` is a bundle address: 64 lower-case hex digits (what `sha256_hex` writes).
pub fn is_bundle_hash(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newer_traffic_batches_sort_first() {
        let older = traffic_sample("h", 1_700_000_000_000, 7);
        let newer = traffic_sample("h", 1_700_000_000_001, 3);
        assert!(newer < older, "{newer} < {older}");
        assert!(newer.starts_with(&traffic_prefix("h")));
        assert_eq!(older, "traffic/h/8299999999999-0000000000000007");
    }
}
