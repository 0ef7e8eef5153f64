//! Hearth's Cloudflare Worker: serves the deployed model bundle (verified, cached per isolate) through
//! `hearth_core::serve` — Hearth, MLflow and KServe V2 routes, OpenAPI 3.1 — plus Swagger UI / ReDoc
//! with self-hosted assets and a bearer-token admin API that uploads bundles and switches the
//! deployment. KV layout: [`kv_layout`]; admin API: [`admin`]. Every answer is JSON (docs: HTML).

pub mod admin;
pub mod admin_request;
mod canary;
pub mod deployment;
mod docs;
pub mod history;
mod http;
pub mod kv_layout;
mod raw;
pub mod remote;
pub mod routing;
pub mod served;
pub mod share;
pub mod switch;
pub mod traffic;

use hearth_core::serve::{is_prediction_route, ServerInfo, SERVED_VERSION_HEADER};
use serde_json::json;
use worker::{event, web_sys, Context, Env, Request, Response, Result};

use crate::deployment::Model;
use crate::routing::Variant;
use crate::served::Served;

/// Version of this worker build, reported by `/version` and the OpenAPI `info`.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Paths `hearth_core::serve` answers (first segment), so they get a 503 when no model is loaded.
const MODEL_ROUTES: [&str; 7] = ["health", "ping", "openapi.json", "v1", "invocations", "v2", "version"];

/// The Cron Trigger (wrangler.toml `[triggers]`): stores pending traffic and checks its drift.
#[event(scheduled)]
async fn scheduled(_event: worker::ScheduledEvent, env: Env, _ctx: worker::ScheduleContext) {
    if let Err(why) = traffic::scheduled(&env).await {
        worker::console_error!("scheduled traffic drift check: {why}");
    }
}

/// Takes the runtime's request as is (see [`raw`] for why); routes that need `worker::Request`
/// convert it themselves.
#[event(fetch)]
async fn fetch(req: web_sys::Request, env: Env, ctx: Context) -> Result<Response> {
    let url = req.url();
    let path = raw::path_of(&url);
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').skip(1).collect();
    let method = req.method();
    if method == "OPTIONS" {
        return http::preflight();
    }
    let is_get = raw::is_bodiless(&method);
    match segments.as_slice() {
        ["admin", ..] => return admin::handle(Request::from(req), &env, &segments).await,
        ["remote", ..] => return remote::handle(Request::from(req), &env, &segments).await,
        ["docs"] if is_get => return http::html(docs::swagger_ui()),
        ["redoc"] if is_get => return http::html(docs::redoc()),
        ["docs"] | ["redoc"] => {
            http::discard_raw(&req).await;
            return http::detail(405, format!("Method Not Allowed: use GET {path}"));
        }
        _ => {}
    }
    serve(&req, &method, &env, &ctx, path, &segments).await
}

/// Model routes through `ServedModel::respond`; 503 while no model is loaded; JSON 404 otherwise.
async fn serve(
    req: &web_sys::Request,
    method: &str,
    env: &Env,
    ctx: &Context,
    path: &str,
    segments: &[&str],
) -> Result<Response> {
    let first = segments.first().copied().unwrap_or("");
    if !MODEL_ROUTES.contains(&first) {
        http::discard_raw(req).await;
        return http::detail(404, format!("Not Found: {method} {path}"));
    }
    let served = match served::for_request(env, ctx).await {
        Ok(served) => served,
        Err(why) if first == "version" => {
            return http::json(200, &json!({ "hearth": VERSION, "model": null, "unavailable": why }))
        }
        Err(why) if first == "health" => {
            return http::json(503, &json!({ "status": "unavailable", "detail": why }))
        }
        Err(why) => {
            http::discard_raw(req).await;
            return http::detail(503, why);
        }
    };
    let is_get = raw::is_bodiless(method);
    if let ["v1", "models", name, "drift"] = segments {
        if !is_get {
            http::discard_raw(req).await;
            return http::detail(405, format!("Method Not Allowed: use GET {path}"));
        }
        return traffic::respond(env, &served, name).await;
    }
    let content_type = raw::header(req, "content-type")?;
    let route_key = raw::header(req, routing::ROUTE_KEY_HEADER)?;
    let body = if is_get { Vec::new() } else { raw::body(req).await.unwrap_or_default() };
    let server = ServerInfo { hearth_version: VERSION.to_string(), server_url: None };
    let (variant, model) = pick(&served, path, route_key.as_deref());
    let Some(mut reply) = model.respond(&server, method, path, content_type.as_deref(), &body) else {
        return http::detail(404, format!("Not Found: {method} {path}"));
    };
    if let Some(observation) = reply.observed.take() {
        traffic::record(env, ctx, model, observation);
    }
    if reply.status == 200 {
        match segments {
            ["health"] => canary::report_health(&served, &mut reply),
            ["v1", "models"] => canary::list_models(&served, &mut reply.body),
            _ => {}
        }
    }
    let mut res = http::json(reply.status, &reply.body)?;
    if let Some(version) = reply.served_version {
        res.headers_mut().set(SERVED_VERSION_HEADER, &version)?;
        res.headers_mut().set(routing::VARIANT_HEADER, variant.name())?;
    }
    Ok(res)
}

/// The model that answers: on prediction routes the canary takes its share, elsewhere the primary.
fn pick<'a>(served: &'a Served, path: &str, route_key: Option<&str>) -> (Variant, &'a Model) {
    match (&served.canary, &served.deployment.canary) {
        (Some(model), Some(canary)) if is_prediction_route(path) => {
            match routing::choose(canary.share, route_key) {
                Variant::Canary => (Variant::Canary, model),
                Variant::Primary => (Variant::Primary, &served.model),
            }
        }
        _ => (Variant::Primary, &served.model),
    }
}
