//! The OpenAPI 3.1 document of the prediction service, generated from the live model's signature.
//!
//! Schemas say exactly what the parsers accept: field types (`integer` vs `number`), categorical
//! `enum`s, `additionalProperties: false` (unknown fields are refused), `minimum: 0` only where it is
//! enforced (count-like columns). Training ranges are informative and appear as `x-training-range` and
//! in descriptions, never as `minimum`/`maximum`, because out-of-range values are predicted.
//! Constraints JSON Schema cannot express (equal column lengths in `inputs`, tensor `shape` matching
//! `data`) are stated in descriptions and answered with a documented 422.

use serde_json::{json, Map, Value};

use super::limits::Limits;
use super::response::ServerInfo;
use super::service::{ROUTE_KEY_HEADER, SERVED_VERSION_HEADER, VARIANT_HEADER};
use super::signature::{Field, FieldKind, Signature};
use crate::data::Canonicalisation;

const NUMERIC_TYPES: [&str; 4] = ["FP64", "FP32", "INT64", "INT32"];

/// The OpenAPI 3.1 document for a server serving the model of `sig`.
pub fn openapi(sig: &Signature, limits: &Limits, server: &ServerInfo) -> Value {
    let model = sig.model();
    let info = json!({
        "title": "Hearth prediction service",
        "version": server.hearth_version,
        "description": format!(
            "Predicts `{}` with model `{model}` version {}. Three request formats reach the same model: \
             Hearth's `/v1` JSON, MLflow's `/invocations` and KServe V2 / Open Inference Protocol. \
             Limits: {} rows and {} bytes per request (413 past them). Categorical text is {}. Unknown \
             fields are refused (422). In JSON, numbers must be JSON numbers, not strings.",
            sig.target(),
            sig.version(),
            limits.max_rows,
            limits.max_body_bytes,
            canonical_phrase(sig.canonicalisation()),
        ),
    });
    let servers = json!([{ "url": server.server_url.clone().unwrap_or_else(|| "/".into()) }]);
    json!({
        "openapi": "3.1.0",
        "info": info,
        "servers": servers,
        "paths": paths(sig),
        "components": {
            "schemas": schemas(sig, limits),
            "securitySchemes": { "bearerAuth": { "type": "http", "scheme": "bearer" } },
            "parameters": {
                "ModelName": {
                    "name": "name", "in": "path", "required": true,
                    "description": "Registered model name.",
                    "schema": { "type": "string", "enum": [model] },
                },
            },
        },
    })
}

fn canonical_phrase(rule: &Canonicalisation) -> &'static str {
    match (rule.trim, rule.lowercase) {
        (true, true) => {
            "trimmed and lower-cased before matching, exactly as in training (\"YES\", \" yes \" and \"yes\" are the same)"
        }
        (true, false) => "trimmed before matching, exactly as in training",
        (false, true) => "lower-cased before matching, exactly as in training",
        (false, false) => "matched exactly as written",
    }
}

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn json_content(schema: Value) -> Value {
    json!({ "application/json": { "schema": schema } })
}

fn ok(description: &str, schema: &str) -> Value {
    json!({ "description": description, "content": json_content(schema_ref(schema)) })
}

fn error(description: &str) -> Value {
    ok(description, "HTTPError")
}

/// The error responses every body-reading route can give.
fn body_errors() -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("400".into(), error("Malformed body (not JSON / not CSV)."));
    m.insert("404".into(), error("No served model has this name."));
    m.insert("413".into(), error("Too many rows or bytes."));
    m.insert("415".into(), error("Unsupported Content-Type."));
    m.insert(
        "422".into(),
        ok("Invalid input: every bad field is listed with its location.", "HTTPValidationError"),
    );
    m
}

fn responses(success: Value, extra: &[(&str, Value)]) -> Value {
    let mut m = Map::new();
    m.insert("200".into(), success);
    for (code, v) in extra {
        m.insert((*code).into(), v.clone());
    }
    Value::Object(m)
}

/// A prediction route's success response: headers naming the version and variant that answered.
fn predicted(mut success: Value) -> Value {
    success["headers"] = json!({
        SERVED_VERSION_HEADER: { "description": "Model version that answered.", "schema": { "type": "string" } },
        VARIANT_HEADER: {
            "description": "Which variant of the deployment answered: the primary, or the canary (which takes its `share` of prediction requests).",
            "schema": { "type": "string", "enum": ["primary", "canary"] },
        },
    });
    success
}

/// The optional route-key header of prediction routes.
fn route_key() -> Value {
    json!({
        "name": ROUTE_KEY_HEADER, "in": "header", "required": false,
        "description": "With a canary deployed, requests with the same key always reach the same variant (a hash of the key replaces the random draw).",
        "schema": { "type": "string" },
    })
}

fn post(summary: &str, tag: &str, body: Value, success: Value, named: bool) -> Value {
    let mut responses = body_errors();
    responses.insert("200".into(), success);
    if !named {
        responses.remove("404");
    }
    let mut op = json!({
        "summary": summary,
        "tags": [tag],
        "requestBody": { "required": true, "content": body },
        "responses": responses,
    });
    op["parameters"] = if named {
        json!([{ "$ref": "#/components/parameters/ModelName" }, route_key()])
    } else {
        json!([route_key()])
    };
    op
}

fn get(summary: &str, tag: &str, responses: Value) -> Value {
    json!({ "summary": summary, "tags": [tag], "responses": responses })
}

fn named(mut op: Value) -> Value {
    op["parameters"] = json!([{ "$ref": "#/components/parameters/ModelName" }]);
    if let Some(r) = op["responses"].as_object_mut() {
        r.insert("404".into(), error("No served model has this name."));
    }
    op
}

fn admin(mut op: Value) -> Value {
    op["security"] = json!([{ "bearerAuth": [] }]);
    if let Some(r) = op["responses"].as_object_mut() {
        r.insert("401".into(), error("Missing or wrong bearer token."));
    }
    op
}

fn paths(sig: &Signature) -> Value {
    let unavailable = error("The model is not loaded or its smoke prediction fails.");
    let predict_ok = predicted(ok("Predictions, one per row, in request order.", "PredictResponse"));
    let csv_example = csv_example(sig);
    let invocation_body = json!({
        "application/json": { "schema": schema_ref("InvocationsRequest") },
        "text/csv": {
            "schema": { "type": "string", "description": "A header row naming every input, then one row per record." },
            "example": csv_example,
        },
    });
    let object = json!({ "type": "object" });
    json!({
        "/health": { "get": get("Health: 200 only when a smoke prediction succeeds", "health",
            responses(ok("The model is loaded and predicts.", "Health"), &[("503", unavailable.clone())])) },
        "/version": { "get": get("Hearth version", "health", responses(ok("Version.", "Version"), &[])) },
        "/ping": { "get": get("MLflow-compatible liveness", "mlflow",
            responses(json!({ "description": "The model is loaded." }), &[("503", unavailable.clone())])) },
        "/v1/models": { "get": get("Served models", "models", responses(ok("Models.", "ModelList"), &[])) },
        "/v1/models/{name}": { "get": named(get("Model metadata: signature, metrics, aliases, training data", "models",
            responses(ok("Metadata.", "ModelMetadata"), &[]))) },
        "/v1/models/{name}/predict": { "post": post("Predict one record or a batch of instances", "predict",
            json!({ "application/json": { "schema": schema_ref("PredictRequest"),
                "examples": {
                    "one record": { "value": schema_example(sig) },
                    "instances": { "value": { "instances": [schema_example(sig)] } },
                } } }),
            predict_ok, true) },
        "/invocations": { "post": post("MLflow scoring-server compatible predictions", "mlflow",
            invocation_body, predicted(ok("Predictions.", "MlflowResponse")), false) },
        "/v1/models/{name}/drift": { "get": named(get("Drift of recent prediction traffic against the training data (Evidently rules)", "monitoring",
            responses(json!({ "description": "The newest sampled traffic (`traffic` is null until some was sampled) and the last scheduled check.",
                "content": json_content(json!({ "type": "object", "required": ["model_name", "model_version", "bundle", "traffic"] })) }),
                &[("503", error("No model is loaded, or the traffic store is unreadable."))]))) },
        "/v2/health/ready": { "get": get("KServe V2 readiness", "kserve-v2",
            responses(ok("Ready.", "V2Ready"), &[("503", unavailable)])) },
        "/v2/health/live": { "get": get("KServe V2 liveness", "kserve-v2",
            responses(ok("Live.", "V2Ready"), &[("503", error("The model is not loaded or its smoke prediction fails."))])) },
        "/v2/models/{name}": { "get": named(get("KServe V2 model metadata", "kserve-v2",
            responses(ok("Metadata.", "V2ModelMetadata"), &[]))) },
        "/v2/models/{name}/infer": { "post": post("KServe V2 / Open Inference Protocol inference", "kserve-v2",
            json_content(schema_ref("V2InferRequest")), predicted(ok("Output tensor `predictions`.", "V2InferResponse")), true) },
        "/openapi.json": { "get": get("This document", "docs",
            responses(json!({ "description": "OpenAPI 3.1.", "content": json_content(object.clone()) }), &[])) },
        "/docs": { "get": get("Swagger UI (self-hosted assets)", "docs",
            responses(json!({ "description": "HTML.", "content": { "text/html": { "schema": { "type": "string" } } } }), &[])) },
        "/redoc": { "get": get("ReDoc (self-hosted assets)", "docs",
            responses(json!({ "description": "HTML.", "content": { "text/html": { "schema": { "type": "string" } } } }), &[])) },
        "/admin/bundles/{sha256}": { "put": admin(json!({
            "summary": "Upload a signed model bundle, stored under its SHA-256", "tags": ["admin"],
            "parameters": [
                { "name": "sha256", "in": "path", "required": true,
                  "schema": { "type": "string", "pattern": "^[0-9a-f]{64}$" } },
                { "name": "x-hearth-signature", "in": "header", "required": true,
                  "description": "Ed25519 signature of the bundle bytes (hex), checked against the worker's public key.",
                  "schema": { "type": "string" } },
            ],
            "requestBody": { "required": true, "content": { "application/octet-stream": { "schema": { "type": "string", "format": "binary" } } } },
            "responses": { "201": { "description": "Stored.", "content": json_content(object.clone()) },
                           "200": { "description": "Already stored.", "content": json_content(object.clone()) },
                           "400": error("Hash or signature mismatch; nothing stored."),
                           "413": error("Bundle larger than 20 MiB; nothing stored."),
                           "422": error("Not a model bundle; nothing stored.") },
        })) },
        "/admin/deployment": {
            "get": admin(get("The deployment served now (null before the first)", "admin",
                responses(ok("`{\"deployment\": Deployment | null}`.", "DeploymentState"), &[]))),
            "put": admin(json!({
                "summary": "Switch the served bundle and canary (compare-and-swap on `expected`)", "tags": ["admin"],
                "description": "Every bundle (primary and canary) is loaded, verified and smoke-predicted before the switch. Omitting `canary` (or null) removes any canary. Deploying exactly the state already served answers 200 with `changed: false` and writes nothing (no history event).",
                "requestBody": { "required": true, "content": json_content(schema_ref("DeploymentRequest")) },
                "responses": { "200": ok("Deployed (or already deployed: `changed` is false).", "DeploymentChange"),
                               "400": error("Malformed JSON; nothing changed."),
                               "409": ok("`expected` is not the primary bundle served now; nothing changed.", "DeploymentConflict"),
                               "422": invalid_admin_body("Invalid body (every bad field listed, e.g. `[\"body\", \"canary\", \"share\"]`), or a bundle that is not stored, fails verification or its smoke prediction, or a canary of another model; nothing changed.") },
            })),
        },
        "/admin/rollback": { "post": admin(json!({
            "summary": "Switch the primary back to `previous` (compare-and-swap on `expected`), removing any canary", "tags": ["admin"],
            "description": "The previous bundle is re-verified and smoke-predicted first. The rolled-back primary becomes the new `previous`, so a second rollback undoes the first.",
            "requestBody": { "required": true, "content": json_content(schema_ref("RollbackRequest")) },
            "responses": { "200": ok("Rolled back.", "DeploymentState"),
                           "400": error("Malformed JSON; nothing changed."),
                           "409": ok("Nothing deployed, no previous primary, or `expected` is stale; nothing changed.", "DeploymentConflict"),
                           "422": invalid_admin_body("Invalid body, or the previous bundle fails verification or its smoke prediction; nothing changed.") },
        })) },
        "/admin/deployments": { "get": admin(get("The deployment served now and the last 20 deploys/rollbacks, newest first", "admin",
            responses(ok("Current record and history.", "DeploymentHistory"), &[]))) },
    })
}

/// A 422 of the admin API: field errors in FastAPI's shape, or one message about a bundle.
fn invalid_admin_body(description: &str) -> Value {
    json!({ "description": description, "content": json_content(json!({
        "anyOf": [schema_ref("HTTPValidationError"), schema_ref("HTTPError")],
    })) })
}

/// Schemas of the admin API's deployment records.
fn deployment_schemas() -> Map<String, Value> {
    let hash = json!({ "type": "string", "pattern": "^[0-9a-f]{64}$" });
    let nullable_hash = json!({ "type": ["string", "null"], "pattern": "^[0-9a-f]{64}$" });
    let version = json!({ "type": "integer", "minimum": 1 });
    let aliases = json!({ "type": "array", "items": { "type": "string" } });
    let canary_or_null = json!({ "anyOf": [schema_ref("Canary"), { "type": "null" }] });
    let record_or_null = json!({ "anyOf": [schema_ref("Deployment"), { "type": "null" }] });
    let schemas = json!({
        "Canary": {
            "type": "object",
            "description": "A second bundle (another version of the same model) answering `share` of the prediction requests.",
            "properties": {
                "bundle": hash,
                "version": version,
                "share": { "type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1 },
            },
            "required": ["bundle", "version", "share"],
            "additionalProperties": false,
        },
        "Deployment": {
            "type": "object",
            "description": "KV `deployments/current`: the primary served, what it replaced (the rollback target) and the canary.",
            "properties": {
                "bundle": hash,
                "version": version,
                "aliases": aliases,
                "deployed_at_ms": { "type": "integer", "minimum": 0 },
                "previous": nullable_hash,
                "previous_version": { "type": ["integer", "null"], "minimum": 1 },
                "previous_aliases": aliases,
                "canary": canary_or_null,
            },
            "required": ["bundle", "version", "aliases", "deployed_at_ms", "previous", "previous_version", "canary"],
        },
        "DeploymentState": {
            "type": "object",
            "properties": { "deployment": record_or_null },
            "required": ["deployment"],
        },
        "DeploymentChange": {
            "type": "object",
            "properties": {
                "deployment": schema_ref("Deployment"),
                "changed": { "type": "boolean", "description": "false when the state asked for was already served (nothing written)." },
            },
            "required": ["deployment", "changed"],
        },
        "DeploymentConflict": {
            "type": "object",
            "properties": { "detail": { "type": "string" }, "current": record_or_null },
            "required": ["detail", "current"],
        },
        "DeploymentEvent": {
            "type": "object",
            "properties": {
                "action": { "type": "string", "enum": ["deploy", "rollback"] },
                "bundle": hash,
                "version": version,
                "aliases": aliases,
                "canary": canary_or_null,
                "at_ms": { "type": "integer", "minimum": 0 },
            },
            "required": ["action", "bundle", "version", "aliases", "canary", "at_ms"],
        },
        "DeploymentHistory": {
            "type": "object",
            "properties": {
                "current": record_or_null,
                "history": { "type": "array", "items": schema_ref("DeploymentEvent"), "maxItems": 20 },
            },
            "required": ["current", "history"],
        },
        "DeploymentRequest": {
            "type": "object",
            "properties": {
                "bundle": { "type": "string", "pattern": "^[0-9a-f]{64}$", "description": "SHA-256 of an uploaded bundle." },
                "version": { "type": "integer", "minimum": 1, "maximum": u32::MAX, "description": "Registry version the bundle is." },
                "aliases": aliases,
                "expected": { "type": ["string", "null"], "pattern": "^[0-9a-f]{64}$", "description": "The primary bundle served now (null: none yet)." },
                "canary": canary_or_null,
            },
            "required": ["bundle", "version", "expected"],
            "additionalProperties": false,
        },
        "RollbackRequest": {
            "type": "object",
            "properties": { "expected": { "type": "string", "pattern": "^[0-9a-f]{64}$", "description": "The primary bundle served now." } },
            "required": ["expected"],
            "additionalProperties": false,
        },
    });
    match schemas {
        Value::Object(m) => m,
        _ => unreachable!("a JSON object literal"),
    }
}

/// The JSON Schema of one field's value.
fn field_schema(sig: &Signature, f: &Field) -> Value {
    let mut s = match &f.kind {
        FieldKind::Numeric(n) => {
            let ty = if n.integer { "integer" } else { "number" };
            let mut s = json!({ "type": ty });
            let mut desc = if n.integer { "Whole number".to_string() } else { "Number".to_string() };
            if let Some(r) = n.training {
                desc.push_str(&format!(
                    "; training saw {} to {} (median {}), values outside are accepted",
                    r.min, r.max, r.median
                ));
                s["x-training-range"] = json!({ "min": r.min, "max": r.max, "median": r.median });
            }
            if n.non_negative() {
                desc.push_str("; a count, never negative");
                s["minimum"] = json!(0);
            }
            s["description"] = desc.into();
            s
        }
        FieldKind::Categorical(c) => json!({
            "type": "string",
            "enum": c.levels,
            "description": format!("One of the training levels; {}.", canonical_phrase(sig.canonicalisation())),
        }),
    };
    if f.nullable {
        let ty = s["type"].clone();
        s["type"] = json!([ty, "null"]);
        if let Some(levels) = s.get_mut("enum").and_then(Value::as_array_mut) {
            levels.push(Value::Null);
        }
        if let Some(d) = s["description"].as_str() {
            s["description"] = format!("{d}; null when unknown (imputed as in training)").into();
        }
    }
    s
}

fn schema_example(sig: &Signature) -> Value {
    Value::Object(sig.example_record())
}

fn csv_example(sig: &Signature) -> String {
    let example = sig.example_record();
    let header: Vec<&str> = sig.fields().iter().map(|f| f.name.as_str()).collect();
    let row: Vec<String> = sig
        .fields()
        .iter()
        .map(|f| match &example[&f.name] {
            Value::String(s) => s.clone(),
            v => v.to_string(),
        })
        .collect();
    format!("{}\n{}\n", header.join(","), row.join(","))
}

fn schemas(sig: &Signature, limits: &Limits) -> Value {
    let names: Vec<&str> = sig.fields().iter().map(|f| f.name.as_str()).collect();
    let props: Map<String, Value> =
        sig.fields().iter().map(|f| (f.name.clone(), field_schema(sig, f))).collect();
    let record = json!({
        "type": "object",
        "description": format!("One record: every input of model `{}`, nothing else.", sig.model()),
        "properties": props,
        "required": names,
        "additionalProperties": false,
        "examples": [schema_example(sig)],
    });
    let rows =
        |items: Value| json!({ "type": "array", "items": items, "minItems": 1, "maxItems": limits.max_rows });
    let records = rows(schema_ref("Record"));
    let only = |key: &str, schema: Value| {
        json!({
            "type": "object",
            "properties": { key: schema, "params": { "type": "object", "description": "MLflow inference params; accepted and unused." } },
            "required": [key],
            "additionalProperties": false,
        })
    };
    let split_row = json!({
        "type": "array",
        "prefixItems": sig.fields().iter().map(|f| field_schema(sig, f)).collect::<Vec<_>>(),
        "items": false,
        "minItems": names.len(),
    });
    let split = json!({
        "type": "object",
        "description": "pandas split orient: columns in signature order (the server also accepts any order), data rows follow them.",
        "properties": {
            "columns": { "type": "array", "items": { "type": "string" }, "const": names },
            "data": rows(split_row),
            "index": { "type": "array", "description": "Row labels; accepted and unused (predictions are positional)." },
        },
        "required": ["columns", "data"],
        "additionalProperties": false,
    });
    let columns: Map<String, Value> =
        sig.fields().iter().map(|f| (f.name.clone(), rows(field_schema(sig, f)))).collect();
    let inputs = json!({
        "type": "object",
        "description": "One list per input, all of equal length.",
        "properties": columns,
        "required": names,
        "additionalProperties": false,
    });
    let tensors: Vec<Value> = sig
        .fields()
        .iter()
        .map(|f| {
            let datatypes: Vec<&str> = match f.kind {
                FieldKind::Numeric(_) => NUMERIC_TYPES.to_vec(),
                FieldKind::Categorical(_) => vec!["BYTES"],
            };
            json!({
                "type": "object",
                "description": "One input column; `shape` is [n] or [n, 1] and matches the length of `data`.",
                "properties": {
                    "name": { "const": f.name },
                    "shape": { "type": "array", "items": { "type": "integer", "minimum": 0 }, "minItems": 1, "maxItems": 2 },
                    "datatype": { "enum": datatypes },
                    "data": rows(field_schema(sig, f)),
                    "parameters": { "type": "object" },
                },
                "required": ["name", "shape", "datatype", "data"],
                "additionalProperties": false,
            })
        })
        .collect();
    let n = tensors.len();
    let example = sig.example_record();
    let v2_example = json!({
        "inputs": sig.fields().iter().map(|f| json!({
            "name": f.name,
            "shape": [1],
            "datatype": match &f.kind { FieldKind::Numeric(x) if x.integer => "INT64", FieldKind::Numeric(_) => "FP64", _ => "BYTES" },
            "data": [example[&f.name]],
        })).collect::<Vec<_>>(),
    });
    let number_list = json!({ "type": "array", "items": { "type": "number" } });
    let mut all = json!({
        "Record": record,
        "PredictRequest": {
            "oneOf": [
                schema_ref("Record"),
                { "type": "object", "properties": { "instances": records }, "required": ["instances"], "additionalProperties": false },
            ],
        },
        "PredictResponse": {
            "type": "object",
            "properties": {
                "predictions": number_list,
                "model": { "type": "string" },
                "version": { "type": "integer" },
                "bundle": { "type": "string", "description": "SHA-256 of the served bundle." },
            },
            "required": ["predictions", "model", "version", "bundle"],
        },
        "InvocationsRequest": {
            "oneOf": [
                only("dataframe_split", split),
                only("dataframe_records", records.clone()),
                only("instances", records),
                only("inputs", inputs),
            ],
        },
        "MlflowResponse": { "type": "object", "properties": { "predictions": number_list }, "required": ["predictions"] },
        "V2InferRequest": {
            "type": "object",
            "properties": {
                "id": { "type": "string" },
                "parameters": { "type": "object" },
                "outputs": { "type": "array" },
                "inputs": { "type": "array", "prefixItems": tensors, "items": false, "minItems": n },
            },
            "required": ["inputs"],
            "additionalProperties": false,
            "examples": [v2_example],
        },
        "V2InferResponse": {
            "type": "object",
            "properties": {
                "model_name": { "type": "string" },
                "model_version": { "type": "string" },
                "id": { "type": "string" },
                "outputs": { "type": "array", "items": {
                    "type": "object",
                    "properties": {
                        "name": { "type": "string" },
                        "shape": { "type": "array", "items": { "type": "integer" } },
                        "datatype": { "type": "string" },
                        "data": number_list,
                    },
                    "required": ["name", "shape", "datatype", "data"],
                } },
            },
            "required": ["model_name", "outputs"],
        },
        "V2Ready": { "type": "object", "properties": { "ready": { "type": "boolean" } }, "required": ["ready"] },
        "V2ModelMetadata": {
            "type": "object",
            "properties": {
                "name": { "type": "string" },
                "versions": { "type": "array", "items": { "type": "string" } },
                "platform": { "type": "string" },
                "inputs": { "type": "array", "items": { "type": "object" } },
                "outputs": { "type": "array", "items": { "type": "object" } },
            },
            "required": ["name", "platform", "inputs", "outputs"],
        },
        "Health": {
            "type": "object",
            "properties": {
                "status": { "const": "ok" },
                "model": { "type": "string" },
                "version": { "type": "integer" },
                "bundle": { "type": "string" },
                "smoke_prediction": { "type": "number" },
                "canary": {
                    "description": "The canary's own smoke result and its share (edge worker; null without a canary). A failing canary makes the whole check 503.",
                    "anyOf": [{ "type": "object", "properties": { "share": { "type": "number" } } }, { "type": "null" }],
                },
            },
            "required": ["status", "model", "version", "bundle"],
        },
        "Version": { "type": "object", "properties": { "hearth": { "type": "string" } }, "required": ["hearth"] },
        "ModelMetadata": {
            "type": "object",
            "properties": {
                "name": { "type": "string" },
                "version": { "type": "integer" },
                "bundle": { "type": "string" },
                "aliases": { "type": "array", "items": { "type": "string" } },
                "metrics": { "type": "object", "additionalProperties": { "type": "number" } },
                "training_data_version": { "type": ["string", "null"] },
                "signature": { "type": "object" },
                "variant": { "type": "string", "enum": ["primary", "canary"], "description": "In `/v1/models` of the edge worker: which variant of the deployment this entry is." },
                "share": { "type": "number", "description": "The canary's share of prediction requests (canary entry only)." },
            },
            "required": ["name", "version", "bundle", "aliases", "metrics", "signature"],
        },
        "ModelList": { "type": "object", "properties": { "models": { "type": "array", "items": schema_ref("ModelMetadata") } }, "required": ["models"] },
        "HTTPError": {
            "type": "object",
            "properties": { "detail": { "type": "string" } },
            "required": ["detail"],
        },
        "ValidationError": {
            "type": "object",
            "properties": {
                "loc": { "type": "array", "items": { "anyOf": [{ "type": "string" }, { "type": "integer" }] } },
                "msg": { "type": "string" },
                "type": { "type": "string" },
                "input": {},
                "ctx": { "type": "object" },
            },
            "required": ["loc", "msg", "type"],
        },
        "HTTPValidationError": {
            "type": "object",
            "properties": { "detail": { "type": "array", "items": schema_ref("ValidationError") } },
            "required": ["detail"],
        },
    });
    if let Value::Object(m) = &mut all {
        m.extend(deployment_schemas());
    }
    all
}

#[cfg(test)]
mod tests;
