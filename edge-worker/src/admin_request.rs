//! The JSON bodies of the admin API's state changes, validated field by field so a bad body is a 422
//! in FastAPI's shape naming every bad field (`["body", "canary", "share"]`, ...), and a body that is
//! not JSON at all is a 400.

use hearth_core::serve::{ApiError, FieldError, LocPart};
use serde_json::{json, Map, Value};

use crate::deployment::{Canary, Target};
use crate::kv_layout;
use crate::share::{Share, ShareError};

/// Body of `POST /admin/rollback`.
#[derive(Debug, Clone, PartialEq)]
pub struct RollbackRequest {
    /// The primary bundle the caller believes is served (compare-and-swap).
    pub expected: String,
}

/// Body of `PUT /admin/deployment`: the wanted state and the compare-and-swap guard.
#[derive(Debug, Clone, PartialEq)]
pub struct DeployRequest {
    /// The state asked for.
    pub target: Target,
    /// The primary bundle served now, `None` when nothing is deployed.
    pub expected: Option<String>,
}

/// `{"bundle", "version", "aliases"?, "expected", "canary"?}`.
pub fn deploy_request(body: &[u8]) -> Result<DeployRequest, ApiError> {
    let mut fields = Fields::parse(body, &["bundle", "version", "aliases", "expected", "canary"])?;
    let bundle = fields.required("bundle");
    let bundle = fields.hash(&["bundle"], bundle);
    let version = fields.required("version");
    let version = fields.version(&["version"], version);
    let aliases = fields.get("aliases");
    let aliases = fields.aliases(aliases);
    let expected = match fields.required("expected") {
        Some(Value::Null) => Some(None),
        other => fields.hash(&["expected"], other).map(Some),
    };
    let canary = match fields.get("canary") {
        None | Some(Value::Null) => Some(None),
        Some(Value::Object(c)) => fields.canary(c).map(Some),
        Some(other) => {
            fields.fail(&["canary"], "dict_type", "Input should be a valid dictionary or null", &other)
        }
    };
    match (bundle, version, aliases, expected, canary) {
        (Some(bundle), Some(version), Some(aliases), Some(expected), Some(canary))
            if fields.errors.is_empty() =>
        {
            Ok(DeployRequest { target: Target { bundle, version, aliases, canary }, expected })
        }
        _ => Err(fields.error()),
    }
}

/// `{"expected": sha256}`.
pub fn rollback_request(body: &[u8]) -> Result<RollbackRequest, ApiError> {
    let mut fields = Fields::parse(body, &["expected"])?;
    let expected = fields.required("expected");
    match fields.hash(&["expected"], expected) {
        Some(expected) if fields.errors.is_empty() => Ok(RollbackRequest { expected }),
        _ => Err(fields.error()),
    }
}

/// A JSON object being validated, collecting every error.
struct Fields {
    object: Map<String, Value>,
    errors: Vec<FieldError>,
}

fn loc(path: &[&str]) -> Vec<LocPart> {
    std::iter::once("body").chain(path.iter().copied()).map(LocPart::from).collect()
}

impl Fields {
    /// Parses `body` as a JSON object; keys outside `known` are errors.
    fn parse(body: &[u8], known: &[&str]) -> Result<Fields, ApiError> {
        let value: Value = match serde_json::from_slice(body) {
            Ok(v) => v,
            Err(e) if e.is_syntax() || e.is_eof() => {
                return Err(ApiError::Malformed(format!("malformed JSON: {e}")))
            }
            Err(e) => return Err(ApiError::Malformed(e.to_string())),
        };
        let Value::Object(object) = value else {
            let error =
                FieldError::new(loc(&[]), "model_attributes_type", "Input should be a valid dictionary")
                    .with_input(value);
            return Err(ApiError::invalid(error));
        };
        let mut fields = Fields { object, errors: Vec::new() };
        let extra: Vec<(String, Value)> = fields
            .object
            .iter()
            .filter(|(k, _)| !known.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (key, value) in extra {
            let msg = format!("Extra inputs are not permitted (known: {})", known.join(", "));
            fields.errors.push(FieldError::new(loc(&[&key]), "extra_forbidden", msg).with_input(value));
        }
        Ok(fields)
    }

    fn get(&self, key: &str) -> Option<Value> {
        self.object.get(key).cloned()
    }

    /// The value of a required key; records `missing` when absent.
    fn required(&mut self, key: &str) -> Option<Value> {
        let value = self.get(key);
        if value.is_none() {
            self.errors.push(FieldError::new(loc(&[key]), "missing", "Field required"));
        }
        value
    }

    fn fail<T>(
        &mut self,
        path: &[&str],
        kind: &'static str,
        msg: impl Into<String>,
        input: &Value,
    ) -> Option<T> {
        self.errors.push(FieldError::new(loc(path), kind, msg).with_input(input.clone()));
        None
    }

    /// A bundle address (64 lower-case hex digits).
    fn hash(&mut self, path: &[&str], value: Option<Value>) -> Option<String> {
        match value? {
            Value::String(s) if kv_layout::is_bundle_hash(&s) => Some(s),
            Value::String(s) => {
                let msg = "String should match pattern '^[0-9a-f]{64}$' (a bundle's SHA-256)";
                let error = FieldError::new(loc(path), "string_pattern_mismatch", msg)
                    .with_input(Value::String(s))
                    .with_ctx(json!({ "pattern": "^[0-9a-f]{64}$" }));
                self.errors.push(error);
                None
            }
            other => self.fail(path, "string_type", "Input should be a valid string", &other),
        }
    }

    /// A registry version: a whole number from 1 to 2³²−1.
    fn version(&mut self, path: &[&str], value: Option<Value>) -> Option<u32> {
        let value = value?;
        match value.as_u64() {
            Some(v) if v >= 1 => match u32::try_from(v) {
                Ok(v) => Some(v),
                Err(_) => self.fail(
                    path,
                    "less_than_equal",
                    format!("Input should be less than or equal to {}", u32::MAX),
                    &value,
                ),
            },
            _ if value.as_i64().is_some() => {
                let error = FieldError::new(
                    loc(path),
                    "greater_than_equal",
                    "Input should be greater than or equal to 1",
                )
                .with_input(value)
                .with_ctx(json!({ "ge": 1 }));
                self.errors.push(error);
                None
            }
            _ => self.fail(path, "int_type", "Input should be a valid integer", &value),
        }
    }

    fn aliases(&mut self, value: Option<Value>) -> Option<Vec<String>> {
        let Some(value) = value else { return Some(Vec::new()) };
        let Value::Array(items) = &value else {
            return self.fail(&["aliases"], "list_type", "Input should be a valid list", &value);
        };
        let mut aliases = Vec::new();
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            match item {
                Value::String(s) => aliases.push(s.clone()),
                other => {
                    let mut l = loc(&["aliases"]);
                    l.push(LocPart::Index(i));
                    self.errors.push(
                        FieldError::new(l, "string_type", "Input should be a valid string")
                            .with_input(other.clone()),
                    );
                    ok = false;
                }
            }
        }
        ok.then_some(aliases)
    }

    fn canary(&mut self, object: Map<String, Value>) -> Option<Canary> {
        for key in object.keys().filter(|k| !["bundle", "version", "share"].contains(&k.as_str())) {
            let msg = "Extra inputs are not permitted (known: bundle, version, share)";
            let error = FieldError::new(loc(&["canary", key]), "extra_forbidden", msg)
                .with_input(object[key].clone());
            self.errors.push(error);
        }
        let mut required = |key: &str| {
            let value = object.get(key).cloned();
            if value.is_none() {
                self.errors.push(FieldError::new(loc(&["canary", key]), "missing", "Field required"));
            }
            value
        };
        let (bundle, version, share) = (required("bundle"), required("version"), required("share"));
        let bundle = self.hash(&["canary", "bundle"], bundle);
        let version = self.version(&["canary", "version"], version);
        let share = self.share(share);
        Some(Canary { bundle: bundle?, version: version?, share: share? })
    }

    /// A number strictly between 0 and 1.
    fn share(&mut self, value: Option<Value>) -> Option<Share> {
        let value = value?;
        let path = ["canary", "share"];
        let Some(number) = value.as_f64() else {
            return self.fail(&path, "float_type", "Input should be a valid number", &value);
        };
        match Share::try_from(number) {
            Ok(share) => Some(share),
            Err(e) => {
                let (kind, ctx) = match e {
                    ShareError::NotAboveZero => ("greater_than", json!({ "gt": 0 })),
                    ShareError::NotBelowOne => ("less_than", json!({ "lt": 1 })),
                };
                self.errors
                    .push(FieldError::new(loc(&path), kind, e.to_string()).with_input(value).with_ctx(ctx));
                None
            }
        }
    }

    /// The 422 listing every recorded error.
    fn error(self) -> ApiError {
        ApiError::Validation(self.errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locs(body: serde_json::Value) -> Vec<(String, &'static str)> {
        match deploy_request(body.to_string().as_bytes()) {
            Err(ApiError::Validation(errors)) => {
                errors.into_iter().map(|e| (serde_json::to_string(&e.loc).unwrap(), e.kind)).collect()
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_valid_body_with_and_without_canary() {
        let h = "a".repeat(64);
        let r = deploy_request(json!({"bundle": h, "version": 2, "expected": null}).to_string().as_bytes())
            .unwrap();
        assert_eq!((r.target.version, r.target.canary, r.expected), (2, None, None));
        let body = json!({"bundle": h, "version": 2, "expected": h, "canary": {"bundle": h, "version": 3, "share": 0.3}});
        let r = deploy_request(body.to_string().as_bytes()).unwrap();
        assert_eq!(r.target.canary.map(|c| c.share.get()), Some(0.3));
    }

    #[test]
    fn every_bad_field_is_named() {
        let h = "a".repeat(64);
        for (share, kind) in [
            (json!(0), "greater_than"),
            (json!(1), "less_than"),
            (json!(-0.1), "greater_than"),
            (json!("x"), "float_type"),
        ] {
            let body = json!({"bundle": h, "version": 1, "expected": null, "canary": {"bundle": h, "version": 2, "share": share}});
            assert_eq!(locs(body), vec![(r#"["body","canary","share"]"#.to_string(), kind)]);
        }
        let all = locs(json!({"version": 0, "aliases": [1], "expected": "x", "extra": true}));
        let names: Vec<&str> = all.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(
            names,
            [
                r#"["body","extra"]"#,
                r#"["body","bundle"]"#,
                r#"["body","version"]"#,
                r#"["body","aliases",0]"#,
                r#"["body","expected"]"#
            ]
        );
        assert!(matches!(deploy_request(b"{\"bundle\":"), Err(ApiError::Malformed(_))));
        assert!(matches!(rollback_request(b"{}"), Err(ApiError::Validation(e)) if e[0].kind == "missing"));
        assert_eq!(rollback_request(json!({"expected": h}).to_string().as_bytes()).unwrap().expected, h);
    }
}
