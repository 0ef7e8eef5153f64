//! The served models (the primary and the optional canary), loaded from KV and cached in the isolate.
//! Each request reuses the cached models; at most every [`RECHECK_MS`] the deployment pointer is
//! re-read, so a switch made through another isolate is picked up within about that time (this
//! isolate's own admin calls take effect at once).
//!
//! The re-read is stale-while-revalidate ([`for_request`]): the request that finds the pointer stale
//! is answered by the cached models and starts one re-read after its response (`ctx.wait_until`).
//! Before, that request and every one arriving during the KV read waited for it (6-9 ms under
//! Miniflare, and a KV miss at a Cloudflare location can take tens of ms), and a failed read answered
//! 503 although a verified model was in memory; now a failed re-read keeps the model and is retried
//! after [`RECHECK_MS`]. Only an isolate's first request waits for KV.

use std::cell::RefCell;
use std::rc::Rc;

use hearth_core::registry::BundlePublicKey;
use worker::{Context, Date, Env};

use crate::deployment::{open, Deployment, Model, Release};
use crate::kv_layout;

/// Why there is nothing to serve yet.
const NOT_DEPLOYED: &str =
    "no model is deployed: upload a bundle with PUT /admin/bundles/{hash}, then PUT /admin/deployment";

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
    /// A background re-read is running: no second one starts.
    refreshing: bool,
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

/// The served model for a prediction: the cached one at once (a stale pointer is re-read after the
/// response), or, on the isolate's first request, loaded now.
pub async fn for_request(env: &Env, ctx: &Context) -> Result<Rc<Served>, String> {
    let now = now_ms();
    let cached = CACHE.with_borrow_mut(|c| {
        let c = c.as_mut()?;
        let start = !c.refreshing && now.saturating_sub(c.checked_at_ms) >= RECHECK_MS;
        c.refreshing |= start;
        Some((c.served.clone(), start))
    });
    let Some((served, start)) = cached else { return current(env).await };
    if start {
        let (env, stale) = (env.clone(), served.clone());
        ctx.wait_until(async move {
            if let Err(why) = reload(&env, Some(stale)).await {
                // Keep serving the verified model; try again after RECHECK_MS.
                CACHE.with_borrow_mut(|c| {
                    if let Some(c) = c.as_mut() {
                        c.refreshing = false;
                        c.checked_at_ms = now_ms();
                    }
                });
                worker::console_error!("re-reading the deployment: {why}");
            }
        });
    }
    Ok(served)
}

/// The served model, or why there is none (answered with 503): cached while fresh, else re-read
/// now (the Cron Trigger and drift report, which have no response to answer first).
pub async fn current(env: &Env) -> Result<Rc<Served>, String> {
    let now = now_ms();
    let cached = CACHE.with_borrow(|c| c.as_ref().map(|c| (c.served.clone(), c.checked_at_ms)));
    if let Some((served, checked)) = &cached {
        if now.saturating_sub(*checked) < RECHECK_MS {
            return Ok(served.clone());
        }
    }
    reload(env, cached.map(|(served, _)| served)).await
}

/// Reads the deployment pointer; keeps `cached` when it still matches, else loads and verifies
/// the new models; installs the result. No deployment empties the cache.
async fn reload(env: &Env, cached: Option<Rc<Served>>) -> Result<Rc<Served>, String> {
    let Some(deployment) = read_deployment(env).await? else {
        CACHE.with_borrow_mut(|c| *c = None);
        return Err(NOT_DEPLOYED.to_string());
    };
    if let Some(served) = cached {
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
    CACHE.with_borrow_mut(|c| *c = Some(Cached { served, checked_at_ms: now_ms(), refreshing: false }));
}
