//! `deploy/<env>.toml`: one environment's desired deployment. Parsed strictly (unknown keys are
//! errors, so a typo never silently does nothing) into types where the wrong states cannot exist:
//! exactly one of `version`/`alias`, a canary share strictly between 0 and 1, a health range with
//! `min <= max`. The admin token is never in the file, only the name of the variable holding it.
//!
//! ```toml
//! [edge]
//! url = "https://hearth.example.workers.dev"
//! token_env = "HEARTH_EDGE_TOKEN"
//!
//! [model]
//! name = "house_price"
//! alias = "champion"          # or: version = 3
//!
//! [canary]                    # optional
//! version = 2                 # or: alias = "challenger"
//! share = 0.2
//!
//! [gates]                     # optional
//! min = { r2 = 0.6 }          # test metrics of the bundle (mae, mse, rmse, r2, mape, me, max_error)
//! max = { rmse = 2000000.0 }
//! max_drift_share = 0.5       # drifted columns / columns in the workspace's latest drift report
//!
//! [health]                    # optional: one smoke request and the prediction range it must land in
//! min = 1000000.0
//! max = 20000000.0
//! request = { area = 7420, bedrooms = 4, mainroad = "yes" }
//! ```

use serde::Deserialize;
use std::collections::BTreeMap;

/// Test metrics a gate may name: the fields of [`crate::train::Metrics`].
pub const METRICS: [&str; 7] = ["mae", "mse", "rmse", "r2", "mape", "me", "max_error"];

/// A manifest that failed to parse or validate: which file, which key, what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: `{key}`: {expected}")]
pub struct ManifestError {
    /// The manifest file (as the user named it).
    pub file: String,
    /// The dotted key at fault (`model.version`), or `(file)` for a syntax error.
    pub key: String,
    /// What was expected there, and what was found.
    pub expected: String,
}

/// Which registry version to deploy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    /// Exactly this version.
    Version(u32),
    /// Whatever version the alias points at when the plan is made (pinned in the lock file).
    Alias(String),
}

impl std::fmt::Display for Selector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Selector::Version(v) => write!(f, "version {v}"),
            Selector::Alias(a) => write!(f, "@{a}"),
        }
    }
}

/// A traffic share strictly between 0 and 1 (0 and 1 would mean "no canary" / "switch primary").
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Share(f64);

impl Share {
    /// `value` when it lies in (0, 1).
    pub fn new(value: f64) -> Option<Share> {
        (value > 0.0 && value < 1.0).then_some(Share(value))
    }

    /// The fraction of requests.
    pub fn get(self) -> f64 {
        self.0
    }
}

/// A canary: a second version answering `share` of the requests.
#[derive(Debug, Clone, PartialEq)]
pub struct Canary {
    /// Which version.
    pub selector: Selector,
    /// Its traffic share.
    pub share: Share,
}

/// Promotion gates checked before anything reaches the edge.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Gates {
    /// Minimum test metric values (`r2 = 0.6`).
    pub min: BTreeMap<String, f64>,
    /// Maximum test metric values (`rmse = ...`).
    pub max: BTreeMap<String, f64>,
    /// Largest share of drifted columns allowed in the workspace's latest stored drift report.
    pub max_drift_share: Option<f64>,
}

/// The smoke check run after every switch.
#[derive(Debug, Clone, PartialEq)]
pub struct HealthCheck {
    /// One record, sent as the body of `POST /v1/models/{name}/predict`.
    pub request: serde_json::Map<String, serde_json::Value>,
    /// Smallest acceptable prediction.
    pub min: f64,
    /// Largest acceptable prediction.
    pub max: f64,
}

/// One environment's desired deployment.
#[derive(Debug, Clone, PartialEq)]
pub struct Manifest {
    /// Environment name (the file stem: `production` for `deploy/production.toml`).
    pub env: String,
    /// Base URL of the edge worker.
    pub url: String,
    /// Name of the environment variable holding the admin token.
    pub token_env: String,
    /// Registered model name.
    pub model: String,
    /// The version serving most traffic.
    pub primary: Selector,
    /// Optional canary.
    pub canary: Option<Canary>,
    /// Gates.
    pub gates: Gates,
    /// Optional smoke check.
    pub health: Option<HealthCheck>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    edge: Option<RawEdge>,
    model: Option<RawModel>,
    canary: Option<RawCanary>,
    gates: Option<RawGates>,
    health: Option<RawHealth>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEdge {
    url: Option<String>,
    token_env: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModel {
    name: Option<String>,
    version: Option<i64>,
    alias: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCanary {
    version: Option<i64>,
    alias: Option<String>,
    share: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGates {
    #[serde(default)]
    min: BTreeMap<String, f64>,
    #[serde(default)]
    max: BTreeMap<String, f64>,
    max_drift_share: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHealth {
    request: Option<serde_json::Map<String, serde_json::Value>>,
    min: Option<f64>,
    max: Option<f64>,
}

impl Manifest {
    /// Parses and validates the manifest of environment `env`, read from `file` (named in errors).
    pub fn parse(env: &str, file: &str, text: &str) -> Result<Manifest, ManifestError> {
        let err = |key: &str, expected: String| ManifestError {
            file: file.to_string(),
            key: key.to_string(),
            expected,
        };
        if !is_env_name(env) {
            return Err(err(
                "(file name)",
                format!("environment `{env}`: use lower-case letters, digits, `_`, `-`"),
            ));
        }
        let raw: RawManifest =
            toml::from_str(text).map_err(|e| err("(file)", format!("not valid TOML: {}", e.message())))?;
        let edge =
            raw.edge.ok_or_else(|| err("edge", "a table `[edge]` with `url` and `token_env`".into()))?;
        let url =
            edge.url.ok_or_else(|| err("edge.url", "the edge's base URL (http:// or https://)".into()))?;
        let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
        if rest.is_none_or(|r| r.is_empty() || r.contains(char::is_whitespace)) {
            return Err(err("edge.url", format!("an http:// or https:// URL, found `{url}`")));
        }
        let token_env = edge.token_env.ok_or_else(|| {
            err("edge.token_env", "the NAME of the environment variable holding the admin token".into())
        })?;
        if token_env.is_empty() || !token_env.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(err(
                "edge.token_env",
                format!("an environment variable name (letters, digits, `_`), found `{token_env}` — never the token itself"),
            ));
        }
        let model = raw
            .model
            .ok_or_else(|| err("model", "a table `[model]` with `name` and `version` or `alias`".into()))?;
        let name = model.name.ok_or_else(|| err("model.name", "the registered model's name".into()))?;
        if name.is_empty() {
            return Err(err("model.name", "a non-empty model name".into()));
        }
        let primary = selector(model.version, model.alias, "model", &err)?;
        let canary = match raw.canary {
            None => None,
            Some(c) => {
                let selector = selector(c.version, c.alias, "canary", &err)?;
                let share =
                    c.share.ok_or_else(|| err("canary.share", "a traffic share between 0 and 1".into()))?;
                let share = Share::new(share).ok_or_else(|| {
                    err("canary.share", format!("a traffic share strictly between 0 and 1, found {share}"))
                })?;
                if selector == primary {
                    return Err(err("canary", format!("a version other than the primary ({primary})")));
                }
                Some(Canary { selector, share })
            }
        };
        let gates = match raw.gates {
            None => Gates::default(),
            Some(g) => {
                for (side, map) in [("min", &g.min), ("max", &g.max)] {
                    for (metric, value) in map {
                        if !METRICS.contains(&metric.as_str()) {
                            return Err(err(
                                &format!("gates.{side}.{metric}"),
                                format!("one of the test metrics {}", METRICS.join(", ")),
                            ));
                        }
                        if !value.is_finite() {
                            return Err(err(&format!("gates.{side}.{metric}"), "a finite number".into()));
                        }
                    }
                }
                if let Some(s) = g.max_drift_share {
                    if !(0.0..=1.0).contains(&s) {
                        return Err(err(
                            "gates.max_drift_share",
                            format!("a share between 0 and 1, found {s}"),
                        ));
                    }
                }
                Gates { min: g.min, max: g.max, max_drift_share: g.max_drift_share }
            }
        };
        let health = match raw.health {
            None => None,
            Some(h) => {
                let request = h.request.ok_or_else(|| {
                    err("health.request", "one input record (a table of column = value)".into())
                })?;
                let min =
                    h.min.ok_or_else(|| err("health.min", "the smallest acceptable prediction".into()))?;
                let max =
                    h.max.ok_or_else(|| err("health.max", "the largest acceptable prediction".into()))?;
                if !(min.is_finite() && max.is_finite() && min <= max) {
                    return Err(err(
                        "health.max",
                        format!("finite bounds with min <= max, found {min}..{max}"),
                    ));
                }
                Some(HealthCheck { request, min, max })
            }
        };
        Ok(Manifest {
            env: env.to_string(),
            url: url.trim_end_matches('/').to_string(),
            token_env,
            model: name,
            primary,
            canary,
            gates,
            health,
        })
    }
}

/// Environment names: what is safe as a file stem and a lock-file key.
pub fn is_env_name(env: &str) -> bool {
    !env.is_empty()
        && env.len() <= 64
        && env.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

fn selector(
    version: Option<i64>,
    alias: Option<String>,
    table: &str,
    err: &dyn Fn(&str, String) -> ManifestError,
) -> Result<Selector, ManifestError> {
    match (version, alias) {
        (Some(_), Some(_)) => Err(err(table, "exactly one of `version` and `alias`, found both".into())),
        (None, None) => Err(err(
            &format!("{table}.version"),
            "exactly one of `version` (a registry version number) and `alias` (e.g. \"champion\")".into(),
        )),
        (Some(v), None) => {
            u32::try_from(v).ok().filter(|v| *v > 0).map(Selector::Version).ok_or_else(|| {
                err(&format!("{table}.version"), format!("a version number from 1, found {v}"))
            })
        }
        (None, Some(a)) if a.is_empty() => Err(err(&format!("{table}.alias"), "a non-empty alias".into())),
        (None, Some(a)) => Ok(Selector::Alias(a)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[edge]
url = "http://127.0.0.1:8787/"
token_env = "HEARTH_EDGE_TOKEN"
[model]
name = "house"
alias = "champion"
[canary]
version = 1
share = 0.2
[gates]
min = { r2 = 0.5 }
max_drift_share = 0.5
[health]
request = { area = 7420, mainroad = "yes" }
min = 1.0
max = 2.0
"#;

    fn parse(text: &str) -> Result<Manifest, ManifestError> {
        Manifest::parse("production", "deploy/production.toml", text)
    }

    #[test]
    fn a_full_manifest_parses_into_typed_fields() {
        let m = parse(GOOD).unwrap();
        assert_eq!(m.url, "http://127.0.0.1:8787");
        assert_eq!(m.primary, Selector::Alias("champion".into()));
        let canary = m.canary.unwrap();
        assert_eq!(canary.selector, Selector::Version(1));
        assert_eq!(canary.share.get(), 0.2);
        assert_eq!(m.gates.min["r2"], 0.5);
        assert_eq!(m.health.unwrap().request["mainroad"], "yes");
    }

    #[test]
    fn errors_name_the_file_the_key_and_what_was_expected() {
        let e = parse(&GOOD.replace("alias = \"champion\"\n", "")).unwrap_err();
        assert_eq!(e.key, "model.version");
        assert!(e.to_string().starts_with("deploy/production.toml: `model.version`: exactly one of"), "{e}");
        let e = parse(&GOOD.replace("share = 0.2", "share = 1.0")).unwrap_err();
        assert_eq!(
            (e.key.as_str(), e.expected.as_str()),
            ("canary.share", "a traffic share strictly between 0 and 1, found 1")
        );
        let e = parse(&GOOD.replace("r2 = 0.5", "accuracy = 0.5")).unwrap_err();
        assert_eq!(e.key, "gates.min.accuracy");
        let e =
            parse(&GOOD.replace("alias = \"champion\"", "alias = \"champion\"\nversion = 2")).unwrap_err();
        assert_eq!(e.key, "model");
        let e = parse(&GOOD.replace("token_env = \"HEARTH_EDGE_TOKEN\"", "token_env = \"s3cr3t token\""))
            .unwrap_err();
        assert_eq!(e.key, "edge.token_env");
        let e = parse(&GOOD.replace("[gates]", "[gates]\nmin_r2 = 1")).unwrap_err();
        assert_eq!(e.key, "(file)");
        assert!(e.expected.contains("min_r2"), "{e}");
        let e = parse(&GOOD.replace("max = 2.0", "max = 0.5")).unwrap_err();
        assert_eq!(e.key, "health.max");
        let e = parse(&GOOD.replace("version = 1\nshare", "alias = \"champion\"\nshare")).unwrap_err();
        assert_eq!(e.key, "canary");
        assert!(Manifest::parse("Prod", "x", GOOD).is_err());
    }

    #[test]
    fn the_metric_names_are_exactly_the_fields_of_metrics() {
        let m = crate::train::Metrics::compute(&[1.0, 2.0], &[1.0, 3.0]);
        let json = serde_json::to_value(m).unwrap();
        let fields: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
        let mut known = METRICS.to_vec();
        known.sort_unstable();
        assert_eq!(fields, known);
    }
}
