//! Live-traffic monitoring: every successful prediction's rows are sampled (share
//! [`SAMPLE_RATE_VAR`], default all) into this isolate's [`TrafficBuffer`]; a batch is written to KV
//! when it reaches [`FLUSH_ROWS_VAR`] rows (default 1,000) or is a minute old, and by the Cron Trigger;
//! the write runs after the response (`ctx.wait_until`), so no prediction waits for KV.
//! `GET /v1/models/{name}/drift` compares the newest batches (at most [`WINDOW_ROWS`] rows, plus
//! this isolate's unwritten rows) with the served bundle's reference profile using core's
//! Evidently-exact tests; the Cron Trigger stores the same check so it has a history without a caller.

use std::cell::{OnceCell, RefCell};

use hearth_core::monitor::{traffic_drift, DriftOptions, TrafficBuffer, TrafficDrift, TrafficSample};
use hearth_core::serve::Observation;
use serde_json::{json, Value};
use worker::{console_error, kv::KvStore, Context, Env, Response, Result};

use crate::deployment::Model;
use crate::served::{now_ms, Served};
use crate::{http, kv_layout, routing};

/// Var: share of prediction requests whose rows are kept, in [0, 1] (default 1).
pub const SAMPLE_RATE_VAR: &str = "TRAFFIC_SAMPLE_RATE";
/// Var: rows per stored batch (default [`DEFAULT_FLUSH_ROWS`]).
pub const FLUSH_ROWS_VAR: &str = "TRAFFIC_FLUSH_ROWS";
/// 1,000 rows (~200 KB of JSON for 13 columns) per KV write. At 100 rows, a stream of 100-row
/// requests paid one KV write per request: half the worker's throughput under a local load test
/// (330 → 600 req/s) and, on Cloudflare, a billed KV write per prediction. Five batches still fill
/// a drift check's [`WINDOW_ROWS`], and the age limit and the Cron Trigger bound how long rows wait.
pub const DEFAULT_FLUSH_ROWS: usize = 1_000;
/// A pending batch older than this is stored with the next request.
const FLUSH_AGE_MS: u64 = 60_000;
/// Rows a drift check looks at (the newest whole batches).
pub const WINDOW_ROWS: usize = 5_000;
/// Batches listed per check: KV's one-call maximum.
const WINDOW_BATCHES: u64 = 1_000;
/// Batches expire after a week: monitoring needs recent traffic, not an archive.
const TTL_SECONDS: u64 = 7 * 24 * 3600;

/// The sampling settings, read from the worker's vars once per isolate (vars are fixed for the
/// lifetime of a deployed worker version, so re-reading them per request would only cost JS calls).
#[derive(Debug, Clone, Copy)]
struct Settings {
    rate: f64,
    max_rows: usize,
}

thread_local! {
    static BUFFER: RefCell<TrafficBuffer> = RefCell::new(TrafficBuffer::new());
    static SETTINGS: OnceCell<Settings> = const { OnceCell::new() };
}

fn var<T: std::str::FromStr>(env: &Env, name: &str, default: T) -> T {
    env.var(name).ok().and_then(|v| v.to_string().trim().parse().ok()).unwrap_or(default)
}

fn settings(env: &Env) -> Settings {
    SETTINGS.with(|s| {
        *s.get_or_init(|| Settings {
            rate: var(env, SAMPLE_RATE_VAR, 1.0),
            max_rows: var(env, FLUSH_ROWS_VAR, DEFAULT_FLUSH_ROWS),
        })
    })
}

fn kv(env: &Env) -> std::result::Result<KvStore, String> {
    env.kv(kv_layout::BINDING).map_err(|e| format!("KV binding `{}`: {e}", kv_layout::BINDING))
}

/// Samples what `model` predicted. Never fails or delays the request: a due batch is written after
/// the response through `ctx.wait_until`, and a storage problem is logged. A request that is not
/// sampled costs one draw of the isolate's generator.
pub fn record(env: &Env, ctx: &Context, model: &Model, observation: Observation) {
    let Settings { rate, max_rows } = settings(env);
    if rate < 1.0 && routing::fast_draw() >= rate {
        return;
    }
    let now = now_ms();
    let bundle = &model.info().bundle;
    let due = BUFFER.with_borrow_mut(|b| {
        let closed = b.push(bundle, observation, now)?;
        let ready = if b.is_due(now, max_rows, FLUSH_AGE_MS) { b.take() } else { None };
        Ok::<_, hearth_core::monitor::TrafficError>([closed, ready])
    });
    match due {
        Ok(batches) => {
            for sample in batches.into_iter().flatten() {
                let env = env.clone();
                ctx.wait_until(async move {
                    if let Err(e) = store(&env, &sample).await {
                        console_error!(
                            "traffic: storing a batch of {} rows failed: {e}",
                            sample.predictions.len()
                        );
                    }
                });
            }
        }
        Err(e) => console_error!("traffic: {e}"),
    }
}

/// Writes this isolate's pending rows now (the Cron Trigger does, so quiet isolates lose nothing).
pub async fn flush(env: &Env) -> std::result::Result<usize, String> {
    let Some(sample) = BUFFER.with_borrow_mut(TrafficBuffer::take) else { return Ok(0) };
    store(env, &sample).await?;
    Ok(sample.predictions.len())
}

async fn store(env: &Env, sample: &TrafficSample) -> std::result::Result<(), String> {
    let key = kv_layout::traffic_sample(&sample.bundle, sample.first_ms, routing::random_u64());
    let put = kv(env)?.put_bytes(&key, &sample.to_json()).map_err(|e| e.to_string())?;
    put.expiration_ttl(TTL_SECONDS).execute().await.map_err(|e| e.to_string())
}

/// The drift of `model`'s recent traffic, `None` when none was sampled yet.
pub async fn check(env: &Env, model: &Model) -> std::result::Result<Option<TrafficDrift>, String> {
    let bundle = model.info().bundle.clone();
    let kv = kv(env)?;
    let listed = kv
        .list()
        .prefix(kv_layout::traffic_prefix(&bundle))
        .limit(WINDOW_BATCHES)
        .execute()
        .await
        .map_err(|e| e.to_string())?;
    let mut samples = Vec::new();
    let mut rows = 0;
    for key in listed.keys {
        if rows >= WINDOW_ROWS {
            break;
        }
        // A batch that expired between the list and the read is simply gone.
        let Some(bytes) = kv.get(&key.name).bytes().await.map_err(|e| e.to_string())? else { continue };
        let sample = TrafficSample::from_json(&bytes).map_err(|e| format!("`{}`: {e}", key.name))?;
        rows += sample.predictions.len();
        samples.push(sample);
    }
    if let Some(pending) = BUFFER.with_borrow(|b| b.peek().cloned()) {
        samples.push(pending);
    }
    let content = model.predictor();
    let options = DriftOptions::default();
    traffic_drift(&content.reference_profile, &bundle, &content.target, &samples, WINDOW_ROWS, &options)
        .map_err(|e| e.to_string())
}

fn report_json(model: &Model, drift: Option<&TrafficDrift>) -> Value {
    let info = model.info();
    json!({
        "model_name": model.signature().model(),
        "model_version": model.served_version(),
        "bundle": info.bundle,
        "window_rows": WINDOW_ROWS,
        "traffic": drift,
    })
}

/// `GET /v1/models/{name}/drift`: the drift of the primary model's recent traffic, now, with the
/// last scheduled check beside it.
pub async fn respond(env: &Env, served: &Served, name: &str) -> Result<Response> {
    let model = &served.model;
    if name != model.signature().model() {
        return http::detail(
            404,
            format!("Model `{name}` is not served here (serving `{}`)", model.signature().model()),
        );
    }
    let drift = match check(env, model).await {
        Ok(drift) => drift,
        Err(why) => return http::detail(503, format!("traffic drift is unavailable: {why}")),
    };
    let mut body = report_json(model, drift.as_ref());
    let last = match kv(env) {
        Ok(kv) => {
            kv.get(&kv_layout::traffic_drift(&model.info().bundle)).json::<Value>().await.ok().flatten()
        }
        Err(_) => None,
    };
    body["last_scheduled_check"] = last.unwrap_or(Value::Null);
    http::json(200, &body)
}

/// The Cron Trigger's work: store pending rows, then check and keep the primary model's drift.
pub async fn scheduled(env: &Env) -> std::result::Result<(), String> {
    flush(env).await?;
    let served = crate::served::current(env).await?;
    let model = &served.model;
    let drift = check(env, model).await?;
    let mut record = report_json(model, drift.as_ref());
    record["checked_at_ms"] = json!(now_ms());
    let key = kv_layout::traffic_drift(&model.info().bundle);
    let put = kv(env)?.put(&key, record.to_string()).map_err(|e| e.to_string())?;
    put.execute().await.map_err(|e| e.to_string())
}
