//! The serving routes as one dispatch function, so the worker's router only forwards and the route
//! table is tested natively.

use serde_json::Value;

use super::error::{ApiError, Protocol};
use super::observation::Observation;
use super::predictor::Predictor;
use super::response::ServerInfo;
use super::service::ServedModel;

/// An HTTP answer: status, JSON body and the served version (for the `x-hearth-model-version`
/// header) on prediction routes.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// HTTP status code.
    pub status: u16,
    /// JSON body.
    pub body: Value,
    /// Value of [`SERVED_VERSION_HEADER`](super::SERVED_VERSION_HEADER), when the route predicts.
    pub served_version: Option<String>,
    /// The rows and predictions of a successful prediction, for traffic monitoring.
    pub observed: Option<Observation>,
}

impl Reply {
    fn from(result: Result<Value, ApiError>, protocol: Protocol, served_version: Option<String>) -> Reply {
        Reply::observed(result.map(|body| (body, None)), protocol, served_version)
    }

    fn observed(
        result: Result<(Value, Option<Observation>), ApiError>,
        protocol: Protocol,
        served_version: Option<String>,
    ) -> Reply {
        match result {
            Ok((body, observed)) => Reply { status: 200, body, served_version, observed },
            Err(e) => {
                Reply { status: e.status(), body: e.body_for(protocol), served_version, observed: None }
            }
        }
    }
}

fn seen(result: Result<(Value, Observation), ApiError>) -> Result<(Value, Option<Observation>), ApiError> {
    result.map(|(body, observation)| (body, Some(observation)))
}

/// Whether `path` is a prediction route (Hearth `/v1/models/{name}/predict`, MLflow `/invocations`,
/// KServe V2 `/v2/models/{name}/infer`): the routes whose [`Reply`] carries `served_version`, and the
/// ones a canary may answer.
pub fn is_prediction_route(path: &str) -> bool {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').skip(1).collect();
    matches!(
        segments.as_slice(),
        ["v1", "models", _, "predict"] | ["invocations"] | ["v2", "models", _, "infer"]
    )
}

impl<P: Predictor> ServedModel<P> {
    /// Answers a serving route, or `None` for paths this module does not serve (the worker's own:
    /// `/docs`, `/redoc`, `/admin/...`, static assets). A known path with
    /// the wrong method is a 405.
    pub fn respond(
        &self,
        server: &ServerInfo,
        method: &str,
        path: &str,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Option<Reply> {
        let segments: Vec<&str> = path.trim_end_matches('/').split('/').skip(1).collect();
        let version = Some(self.served_version());
        let (allowed, reply): (&str, Box<dyn Fn() -> Reply + '_>) = match segments.as_slice() {
            ["health"] => ("GET", Box::new(|| Reply::from(self.health(), Protocol::Hearth, None))),
            ["ping"] => ("GET", Box::new(|| Reply::from(self.health(), Protocol::Mlflow, None))),
            ["version"] => {
                ("GET", Box::new(|| Reply::from(Ok(self.version(server)), Protocol::Hearth, None)))
            }
            ["openapi.json"] => {
                ("GET", Box::new(|| Reply::from(Ok(self.openapi(server)), Protocol::Hearth, None)))
            }
            ["v1", "models"] => ("GET", Box::new(|| Reply::from(Ok(self.models()), Protocol::Hearth, None))),
            ["v1", "models", name] => {
                ("GET", Box::new(|| Reply::from(self.model(name), Protocol::Hearth, None)))
            }
            ["v1", "models", name, "predict"] => (
                "POST",
                Box::new(|| {
                    let result = self.predict_v1_observed(name, content_type, body);
                    Reply::observed(seen(result), Protocol::Hearth, version.clone())
                }),
            ),
            ["invocations"] => (
                "POST",
                Box::new(|| {
                    let result = self.invocations_observed(content_type, body);
                    Reply::observed(seen(result), Protocol::Mlflow, version.clone())
                }),
            ),
            ["v2", "health", "ready"] | ["v2", "health", "live"] => {
                ("GET", Box::new(|| Reply::from(self.v2_ready(), Protocol::KserveV2, None)))
            }
            ["v2", "models", name] => {
                ("GET", Box::new(|| Reply::from(self.v2_model(name), Protocol::KserveV2, None)))
            }
            ["v2", "models", name, "infer"] => (
                "POST",
                Box::new(|| {
                    let result = self.infer_v2_observed(name, content_type, body);
                    Reply::observed(seen(result), Protocol::KserveV2, version.clone())
                }),
            ),
            _ => return None,
        };
        let head_of_get = allowed == "GET" && method.eq_ignore_ascii_case("HEAD");
        if !(method.eq_ignore_ascii_case(allowed) || head_of_get) {
            return Some(Reply {
                status: 405,
                body: serde_json::json!({ "detail": format!("Method Not Allowed: use {allowed} {path}") }),
                served_version: None,
                observed: None,
            });
        }
        Some(reply())
    }
}
