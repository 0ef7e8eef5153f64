//! The browser workspace's bundle-signing key: an Ed25519 seed drawn once from
//! `crypto.getRandomValues` and kept in IndexedDB, as `hearth init` keeps one in `.hearth/`.
//! Created with a compare-and-set commit, so two tabs racing to create it end up with the same key.

use hearth_core::registry::BundleSigningKey;
use hearth_core::store::{Batch, Store, StoreError};
use wasm_bindgen::{JsCast, JsValue};

/// Store key of the hex seed.
pub const SIGNING_KEY: &str = "app/keys/bundle-signing-key";

/// The workspace's key, created on first use.
pub async fn load_or_create<S: Store>(store: &S) -> Result<BundleSigningKey, String> {
    for _ in 0..3 {
        if let Some(bytes) = store.get(SIGNING_KEY).await.map_err(|e| e.to_string())? {
            let text = String::from_utf8_lossy(&bytes);
            return BundleSigningKey::from_seed_hex(text.trim())
                .map_err(|e| format!("the stored bundle-signing key is invalid: {e}"));
        }
        let key = BundleSigningKey::from_seed(&random_seed()?);
        let batch = Batch::new().expect(SIGNING_KEY, None).put(SIGNING_KEY, key.seed_hex().into_bytes());
        match store.commit(batch).await {
            Ok(()) => return Ok(key),
            // Another tab created it meanwhile: use theirs.
            Err(StoreError::Conflict { .. }) => continue,
            Err(e) => return Err(e.to_string()),
        }
    }
    Err("could not create the bundle-signing key: the store kept changing".into())
}

/// 32 bytes from the platform CSPRNG (`crypto` exists on windows and workers alike).
fn random_seed() -> Result<[u8; 32], String> {
    let crypto = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("crypto"))
        .ok()
        .and_then(|c| c.dyn_into::<web_sys::Crypto>().ok())
        .ok_or("this browser has no Web Crypto (crypto.getRandomValues)")?;
    let mut seed = [0u8; 32];
    crypto
        .get_random_values_with_u8_array(&mut seed)
        .map_err(|e| format!("crypto.getRandomValues failed: {e:?}"))?;
    Ok(seed)
}
