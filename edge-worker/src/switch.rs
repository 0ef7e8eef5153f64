//! The admin API's state changes: `PUT /admin/deployment` (deploy, with an optional canary) and
//! `POST /admin/rollback`. Both are compare-and-swap on the primary bundle served now, verify and
//! smoke-predict every bundle they would serve before switching, and record an event in the history.
//! Any refusal leaves the stored state exactly as it was.

use std::rc::Rc;

use hearth_core::serve::ApiError;
use serde_json::json;
use worker::{Env, Response, Result};

use crate::admin_request::{deploy_request, rollback_request};
use crate::deployment::Deployment;
use crate::history::{self, Action, Event};
use crate::http::{detail, json};
use crate::kv_layout;
use crate::served::{self, Served};

/// `PUT /admin/deployment`: 200 `{"deployment", "changed"}`. Deploying the state already served is
/// accepted with `"changed": false` and writes nothing (no history event, `previous` kept), so a
/// reconciler may repeat itself freely.
pub async fn deploy(env: &Env, body: &[u8]) -> Result<Response> {
    let request = match deploy_request(body) {
        Ok(r) => r,
        Err(e) => return refuse(&e),
    };
    let current = match served::read_deployment(env).await {
        Ok(current) => current,
        Err(e) => return detail(503, e),
    };
    if current.as_ref().map(|d| &d.bundle) != request.expected.as_ref() {
        return conflict(
            "the served deployment changed: `expected` must name the primary bundle served now",
            &current,
        );
    }
    if let Some(current) = current.as_ref().filter(|c| c.serves(&request.target)) {
        return json(200, &json!({ "deployment": current, "changed": false }));
    }
    let next = Deployment::switch(current.as_ref(), request.target, served::now_ms());
    let served = match verified(env, next).await {
        Ok(served) => served,
        Err(why) => return detail(422, why),
    };
    commit(env, served, Action::Deploy, json!({ "changed": true })).await
}

/// `POST /admin/rollback`: back to the previous primary (verified first), canary removed.
pub async fn rollback(env: &Env, body: &[u8]) -> Result<Response> {
    let request = match rollback_request(body) {
        Ok(r) => r,
        Err(e) => return refuse(&e),
    };
    let current = match served::read_deployment(env).await {
        Ok(current) => current,
        Err(e) => return detail(503, e),
    };
    let Some(serving) = current.as_ref() else {
        return conflict("nothing is deployed, so there is nothing to roll back", &current);
    };
    if serving.bundle != request.expected {
        return conflict(
            "the served deployment changed: `expected` must name the primary bundle served now",
            &current,
        );
    }
    let Some(next) = serving.rolled_back(served::now_ms()) else {
        return conflict("no previous primary is recorded: there is nothing to roll back to", &current);
    };
    let served = match verified(env, next).await {
        Ok(served) => served,
        Err(why) => return detail(422, format!("cannot roll back: {why}")),
    };
    commit(env, served, Action::Rollback, json!({})).await
}

/// 400 for a body that is not JSON, 422 naming every bad field otherwise.
fn refuse(error: &ApiError) -> Result<Response> {
    json(error.status(), &error.body())
}

fn conflict(why: &str, current: &Option<Deployment>) -> Result<Response> {
    json(409, &json!({ "detail": why, "current": current }))
}

/// Loads every bundle `deployment` serves and smoke-predicts it; the canary must be the same model.
async fn verified(env: &Env, deployment: Deployment) -> std::result::Result<Served, String> {
    let served = Served::load(env, deployment).await?;
    if let Err(e) = served.model.health() {
        return Err(format!(
            "bundle {} fails its smoke prediction: {}",
            served.deployment.bundle,
            e.summary()
        ));
    }
    if let Some(canary) = &served.canary {
        if let Err(e) = canary.health() {
            return Err(format!(
                "canary: bundle {} fails its smoke prediction: {}",
                canary.info().bundle,
                e.summary()
            ));
        }
        let (primary, other) = (served.model.signature().model(), canary.signature().model());
        if primary != other {
            return Err(format!(
                "canary: bundle {} serves model `{other}`, the primary serves `{primary}`: a canary must be \
                 another version of the same model",
                canary.info().bundle
            ));
        }
    }
    Ok(served)
}

/// Writes the new record, then its history event, installs it in this isolate and answers 200
/// `{"deployment", ...extra}`.
async fn commit(env: &Env, served: Served, action: Action, mut extra: serde_json::Value) -> Result<Response> {
    let deployment = served.deployment.clone();
    let text = serde_json::to_string(&deployment).map_err(|e| worker::Error::RustError(e.to_string()))?;
    env.kv(kv_layout::BINDING)?.put(kv_layout::CURRENT_DEPLOYMENT, text)?.execute().await?;
    served::install(Rc::new(served));
    if let Err(e) = history::record(env, Event::of(action, &deployment)).await {
        return detail(503, format!("deployed, but the history event was not recorded: {e}"));
    }
    extra["deployment"] =
        serde_json::to_value(&deployment).map_err(|e| worker::Error::RustError(e.to_string()))?;
    json(200, &extra)
}
