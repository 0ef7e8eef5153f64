//! Which class a store key belongs to, by its layout (see `version::keys`, `registry::keys`,
//! `pipeline::cache`). The class decides how the key travels and how conflicts are judged.

use serde::{Deserialize, Serialize};

/// How a key is shared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    /// Content-addressed bytes: the key ends in the value's SHA-256 (R2 on the remote).
    Object,
    /// Written once, never changed: dataset versions, runs, model versions (D1 on the remote).
    Record,
    /// Moved over time: tags, aliases, `latest` refs; updated by compare-and-swap (D1).
    Pointer,
}

/// Prefixes whose last segment is the SHA-256 of the value.
const OBJECT_PREFIXES: [&str; 4] =
    ["data/blobs/sha256/", "registry/bundles/", "pipeline/artifacts/", "pipeline/definitions/"];

/// Prefix of the browser app's own state: its settings (the edge admin token, the remote's token),
/// the bundle-signing seed, which dataset and run the pages show. Personal, often secret, and
/// rewritten in place, so it never leaves the browser.
pub const APP_PREFIX: &str = "app/";

/// The class of `key`, or `None` for keys that stay local (the workspace's own remote state and
/// the browser app's own state).
pub fn classify(key: &str) -> Option<Class> {
    if key.starts_with(super::run::LOCAL_PREFIX) || key.starts_with(APP_PREFIX) {
        return None;
    }
    for prefix in OBJECT_PREFIXES {
        if let Some(rest) = key.strip_prefix(prefix) {
            if is_sha256(rest) {
                return Some(Class::Object);
            }
        }
    }
    if key.starts_with("data/refs/") || key.starts_with("data/tags/") || is_model_pointer(key) {
        return Some(Class::Pointer);
    }
    Some(Class::Record)
}

/// The object address (SHA-256) of an object key.
pub fn object_hash(key: &str) -> Option<&str> {
    let (_, last) = key.rsplit_once('/')?;
    (classify(key) == Some(Class::Object)).then_some(last)
}

/// `registry/models/<model>/latest` and `registry/models/<model>/aliases/<alias>`.
fn is_model_pointer(key: &str) -> bool {
    let Some(rest) = key.strip_prefix("registry/models/") else { return false };
    let parts: Vec<&str> = rest.split('/').collect();
    matches!(parts.as_slice(), [_, "latest"] | [_, "aliases", _])
}

/// 64 lower-case hex digits.
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: &str = "2bc832f9339dfc116615cbeb28d07a5f2d35b8f837ca2c74d5b0a9475480629a";

    #[test]
    fn keys_fall_in_their_class() {
        assert_eq!(classify(&format!("data/blobs/sha256/{H}")), Some(Class::Object));
        assert_eq!(classify(&format!("registry/bundles/{H}")), Some(Class::Object));
        assert_eq!(classify(&format!("registry/bundles/{H}.sig")), Some(Class::Record));
        assert_eq!(classify(&format!("pipeline/artifacts/{H}")), Some(Class::Object));
        assert_eq!(classify(&format!("pipeline/cache/{H}")), Some(Class::Record));
        assert_eq!(classify(&format!("data/versions/{H}")), Some(Class::Record));
        assert_eq!(classify("registry/runs/72b59f965c37ac8fbbea2af3684c9f54"), Some(Class::Record));
        assert_eq!(classify("registry/models/m/versions/0000000001"), Some(Class::Record));
        assert_eq!(classify("registry/models/m/aliases/champion"), Some(Class::Pointer));
        assert_eq!(classify("registry/models/m/latest"), Some(Class::Pointer));
        assert_eq!(classify("data/tags/data-v1.0.0"), Some(Class::Pointer));
        assert_eq!(classify("data/refs/latest"), Some(Class::Pointer));
        assert_eq!(classify("remote/origin/config"), None);
        assert_eq!(classify("app/keys/bundle-signing-key"), None);
        assert_eq!(classify("app/deploy/edge"), None);
    }

    #[test]
    fn a_short_or_upper_case_name_is_not_an_object_address() {
        assert_eq!(classify("data/blobs/sha256/abc"), Some(Class::Record));
        assert_eq!(classify(&format!("data/blobs/sha256/{}", H.to_uppercase())), Some(Class::Record));
        assert_eq!(object_hash(&format!("pipeline/artifacts/{H}")), Some(H));
        assert_eq!(object_hash("data/refs/latest"), None);
    }
}
