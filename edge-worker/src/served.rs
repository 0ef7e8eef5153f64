//! The served models (the primary and the optional canary), loaded from KV and cached in the isolate.
//! Each request reuses the cached models;
//! at most every [`RECHECK_MS`] the deployment pointer is re-read, so a switch made through another
//! isolate is picked up within that time (this isolate's own admin calls take effect at once).

use std::cell::RefCell;
use std::rc::Rc;

use hearth_core::registry::BundlePublicKey;
use worker::{Date, Env};

use crate::deployment::{open, Deployment, Model, Release};
use crate::kv_layout;

/// How long a cached deployment is trusted before the pointer is read again.
const RECHECK_MS: u64 = 2_000;
/// Name of the var (or secret) holding the bundle public key, 64 hex digits or PEM.
pub const PUBLIC_KEY_VAR: &str = "BUNDLE_PUBLIC_KEY";

/// The models served by this isolate, with the deployment they came from.
pub struct Served {
    /// The primary model.
    pub model: Model,
    /// The canary model, when the deployment has one.
    pub canary: Option<Model>,
    /// Their deployment record.
    pub deployment: Deployment,
}

impl Served {
    /// Loads and verifies every model of `deployment` (errors name the canary when it is at fault).
    pub async fn load(env: &Env, deployment: Deployment) -> Result<Served, String> {
        let model = load(env, deployment.primary()).await?;
        let canary = match deployment.canary_release() {
            Some(release) => Some(load(env, release).await.map_err(|e| format!("canary: {e}"))?),
            None => None,
        };
        Ok(Served { model, canary, deployment })
    }
}

struct Cached {
    served: Rc<Served>,
    checked_at_ms: u64,
}

thread_local! {
    static CACHE: RefCell<Option<Cached>> = const { RefCell::new(None) };
}

/// Now, Unix ms (the worker's clock).
pub fn now_ms() -> u64 {
    Date::now().as_millis()
}

/// The public key bundles must be signed with, from the worker's configuration.
pub fn public_key(env: &Env) -> Result<BundlePublicKey, String> {
    let text = env
        .var(PUBLIC_KEY_VAR)
        .map(|v| v.to_string())
        .or_else(|_| env.secret(PUBLIC_KEY_VAR).map(|s| s.to_string()))
        .map_err(|_| format!("the worker has no `{PUBLIC_KEY_VAR}` configured"))?;
    BundlePublicKey::parse(&text).map_err(|e| format!("`{PUBLIC_KEY_VAR}` is unusable: {e}"))
}

/// The current deployment record, if any.
pub async fn read_deployment(env: &Env) -> Result<Option<Deployment>, String> {
    let kv = env.kv(kv_layout::BINDING).map_err(|e| format!("KV binding `{}`: {e}", kv_layout::BINDING))?;
    let Some(text) = kv.get(kv_layout::CURRENT_DEPLOYMENT).text().await.map_err(|e| e.to_string())? else {
        return Ok(None);
    };
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| format!("`{}` is unreadable: {e}", kv_layout::CURRENT_DEPLOYMENT))
}

/// Loads and verifies the bundle of `release` from KV.
pub async fn load(env: &Env, release: Release<'_>) -> Result<Model, String> {
    let key = public_key(env)?;
    let kv = env.kv(kv_layout::BINDING).map_err(|e| e.to_string())?;
    let hash = release.bundle;
    let bytes = kv.get(&kv_layout::bundle(hash)).bytes().await.map_err(|e| e.to_string())?;
    let signature = kv.get(&kv_layout::bundle_signature(hash)).text().await.map_err(|e| e.to_string())?;
    let (Some(bytes), Some(signature)) = (bytes, signature) else {
        return Err(format!("bundle {hash} is not stored (upload it with PUT /admin/bundles/{hash})"));
    };
    open(&bytes, &signature, &key, release).map_err(|e| format!("bundle {hash}: {e}"))
}

/// The served model, or why there is none (answered with 503).
pub async fn current(env: &Env) -> Result<Rc<Served>, String> {
    let now = now_ms();
    let cached = CACHE.with_borrow(|c| c.as_ref().map(|c| (c.served.clone(), c.checked_at_ms)));
    if let Some((served, checked)) = &cached {
        if now.saturating_sub(*checked) < RECHECK_MS {
            return Ok(served.clone());
        }
    }
    let deployment = read_deployment(env).await?.ok_or_else(|| {
        "no model is deployed: upload a bundle with PUT /admin/bundles/{hash}, then PUT /admin/deployment"
            .to_string()
    })?;
    if let Some((served, _)) = cached {
        if served.deployment == deployment {
            install(served.clone());
            return Ok(served);
        }
    }
    let served = Rc::new(Served::load(env, deployment).await?);
    install(served.clone());
    Ok(served)
}

/// Makes `served` this isolate's model (after a deployment switch, or a fresh load).
pub fn install(served: Rc<Served>) {
    CACHE.with_borrow_mut(|c| *c = Some(Cached { served, checked_at_ms: now_ms() }));
}
