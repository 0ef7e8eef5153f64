//! Hearth's Cloudflare Worker. For now it proves the toolchain end to end: `GET /health` answers
//! JSON, unknown routes get a JSON 404 and
//! wrong methods a JSON 405. Model-backed routes arrive with the serving work.

use serde::Serialize;
use worker::{event, Context, Env, Request, Response, Result, Router};

/// Version of this worker build, reported by `/health`.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Body of `GET /health`.
#[derive(Debug, Serialize)]
struct Health {
    status: &'static str,
    version: &'static str,
}

/// Body of every error answer, so clients always get JSON.
#[derive(Debug, Serialize)]
struct ErrorBody {
    error: String,
}

/// JSON error with `status`.
fn json_error(message: String, status: u16) -> Result<Response> {
    Ok(Response::from_json(&ErrorBody { error: message })?.with_status(status))
}

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    let (method, path) = (req.method(), req.path());
    let res = Router::new()
        .get("/health", |_, _| Response::from_json(&Health { status: "ok", version: VERSION }))
        .or_else_any_method("/*path", |req, _| {
            json_error(format!("no route for {} {}", req.method(), req.path()), 404)
        })
        .run(req, env)
        .await?;
    // The router answers a known path with the wrong method by a plain-text 405; keep it JSON.
    if res.status_code() == 405 {
        return json_error(format!("method {method} is not allowed on {path}"), 405);
    }
    Ok(res)
}
