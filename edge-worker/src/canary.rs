//! What `/health` and `/v1/models` say about the canary, added to the primary's answers from
//! `hearth_core::serve` so a client sees both variants and the share the canary takes.

use hearth_core::serve::Reply;
use serde_json::{json, Value};

use crate::routing::Variant;
use crate::served::Served;

/// `/health`: adds `"canary": null` or the canary's own smoke result with its share. A canary that
/// fails its smoke prediction makes the worker unhealthy (503): a share of predictions would fail.
pub fn report_health(served: &Served, reply: &mut Reply) {
    let (Some(model), Some(canary)) = (&served.canary, &served.deployment.canary) else {
        reply.body["canary"] = Value::Null;
        return;
    };
    reply.body["canary"] = match model.health() {
        Ok(mut health) => {
            health["share"] = json!(canary.share.get());
            health
        }
        Err(e) => {
            reply.status = 503;
            reply.body["status"] = json!("unavailable");
            json!({ "status": "unavailable", "version": canary.version, "bundle": canary.bundle,
                    "share": canary.share.get(), "detail": e.summary() })
        }
    };
}

/// `/v1/models`: marks the primary's entry `"variant": "primary"` and appends the canary's entry with
/// `"variant": "canary"` and its `share`.
pub fn list_models(served: &Served, body: &mut Value) {
    let Some(models) = body["models"].as_array_mut() else { return };
    for entry in models.iter_mut() {
        entry["variant"] = json!(Variant::Primary.name());
    }
    if let (Some(model), Some(canary)) = (&served.canary, &served.deployment.canary) {
        let mut entry = model.models()["models"][0].clone();
        entry["variant"] = json!(Variant::Canary.name());
        entry["share"] = json!(canary.share.get());
        models.push(entry);
    }
}
