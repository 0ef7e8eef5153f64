//! Specifications of the serving routes, through [`ServedModel`]'s public functions.

use serde_json::{json, Value};

use super::*;
use crate::data::{ColumnData, Table};

/// A tiny deterministic linear model for tests only: intercept + Σ weight × (value or level code).
struct Linear {
    intercept: f64,
    weights: Vec<f64>,
}

impl Predictor for Linear {
    fn predict(&self, rows: &Table) -> Result<Vec<f64>, PredictorError> {
        let mut out = vec![self.intercept; rows.n_rows()];
        for (col, w) in rows.columns().iter().zip(&self.weights) {
            for (r, o) in out.iter_mut().enumerate() {
                let x = match &col.data {
                    ColumnData::Numeric(n) => n.values[r],
                    ColumnData::Categorical(c) => c.codes[r].map_or(0.0, f64::from),
                };
                *o += w * x;
            }
        }
        Ok(out)
    }
}

/// A model that cannot predict, for the health check.
struct Broken;

impl Predictor for Broken {
    fn predict(&self, _: &Table) -> Result<Vec<f64>, PredictorError> {
        Err(PredictorError("weights missing".into()))
    }
}

const YES_NO: [&str; 2] = ["yes", "no"];

/// The Housing signature with the ranges PEERS.md states for HousingData.csv.
fn housing() -> Signature {
    let r = |min: f64, max: f64, median: f64| Some(TrainingRange { min, max, median });
    Signature::new(
        "house_price",
        3,
        "price",
        Canonicalisation::default(),
        vec![
            Field::numeric("area", true, r(1650.0, 16200.0, 4600.0)),
            Field::numeric("bedrooms", true, r(1.0, 6.0, 3.0)),
            Field::numeric("bathrooms", true, r(1.0, 4.0, 1.0)),
            Field::numeric("stories", true, r(1.0, 4.0, 2.0)),
            Field::categorical("mainroad", &YES_NO, Some("yes")),
            Field::categorical("guestroom", &YES_NO, Some("no")),
            Field::categorical("basement", &YES_NO, Some("no")),
            Field::categorical("hotwaterheating", &YES_NO, Some("no")),
            Field::categorical("airconditioning", &YES_NO, Some("no")),
            Field::numeric("parking", true, r(0.0, 3.0, 0.0)),
            Field::categorical("prefarea", &YES_NO, Some("no")),
            Field::categorical(
                "furnishingstatus",
                &["furnished", "semi-furnished", "unfurnished"],
                Some("semi-furnished"),
            ),
        ],
    )
    .unwrap()
}

fn linear() -> Linear {
    let weights = vec![
        250.0, 10_000.0, 900_000.0, 400_000.0, 400_000.0, 300_000.0, 350_000.0, 800_000.0, 850_000.0,
        250_000.0, 600_000.0, -200_000.0,
    ];
    Linear { intercept: 100_000.0, weights }
}

fn model() -> ServedModel<Linear> {
    ServedModel::new(housing(), linear(), ModelInfo { bundle: "ab12".into(), ..ModelInfo::default() })
}

/// The body users of the original FastAPI service sent (PEERS.md).
fn original_body() -> Value {
    json!({"area": 7420, "bedrooms": 4, "bathrooms": 2, "stories": 3, "mainroad": "yes",
           "guestroom": "no", "basement": "no", "hotwaterheating": "no", "airconditioning": "yes",
           "parking": 2, "prefarea": "yes", "furnishingstatus": "furnished"})
}

fn second_row() -> Value {
    json!({"area": 3000, "bedrooms": 2, "bathrooms": 1, "stories": 1, "mainroad": "no",
           "guestroom": "yes", "basement": "yes", "hotwaterheating": "yes", "airconditioning": "no",
           "parking": 0, "prefarea": "no", "furnishingstatus": "unfurnished"})
}

const JSON: Option<&str> = Some("application/json");

fn v1(body: &Value) -> Result<Value, ApiError> {
    model().predict_v1("house_price", JSON, body.to_string().as_bytes())
}

fn locs(err: &ApiError) -> Vec<Value> {
    err.body()["detail"].as_array().unwrap().iter().map(|d| d["loc"].clone()).collect()
}

fn types(err: &ApiError) -> Vec<String> {
    err.body()["detail"].as_array().unwrap().iter().map(|d| d["type"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn original_service_body_is_accepted_by_v1_predict() {
    let out = v1(&original_body()).unwrap();
    // 100000 + 250*7420 + 10000*4 + 900000*2 + 400000*3 + 400000*1 + 800000*0 ... codes: yes=1, no=0,
    // furnished=0; checked independently of the Linear implementation:
    let expected = 100_000.0
        + 250.0 * 7420.0
        + 10_000.0 * 4.0
        + 900_000.0 * 2.0
        + 400_000.0 * 3.0
        + 400_000.0
        + 850_000.0
        + 250_000.0 * 2.0
        + 600_000.0;
    assert_eq!(
        out,
        json!({"predictions": [expected], "model": "house_price", "version": 3, "bundle": "ab12"})
    );
}

#[test]
fn upper_cased_and_padded_categoricals_predict_like_lower_case() {
    let mut shouted = original_body();
    for (k, v) in shouted.as_object_mut().unwrap() {
        if let Value::String(s) = v {
            *v = if k == "mainroad" { format!("  {} ", s.to_uppercase()) } else { s.to_uppercase() }.into();
        }
    }
    assert_eq!(shouted["furnishingstatus"], "FURNISHED");
    assert_eq!(v1(&shouted).unwrap(), v1(&original_body()).unwrap());
}

#[test]
fn every_bad_field_is_named_not_just_the_first() {
    let mut body = original_body();
    body["area"] = json!("big");
    body["bedrooms"] = json!(2.5);
    body["mainroad"] = json!("maybe");
    body["parking"] = json!(-1);
    body.as_object_mut().unwrap().remove("stories");
    body["colour"] = json!("red");
    let err = v1(&body).unwrap_err();
    assert_eq!(err.status(), 422);
    assert_eq!(
        locs(&err),
        vec![
            json!(["body", "area"]),
            json!(["body", "bedrooms"]),
            json!(["body", "stories"]),
            json!(["body", "mainroad"]),
            json!(["body", "parking"]),
            json!(["body", "colour"])
        ]
    );
    assert_eq!(
        types(&err),
        ["int_type", "int_from_float", "missing", "enum", "greater_than_equal", "extra_forbidden"]
    );
}

#[test]
fn unknown_category_is_422_listing_allowed_levels() {
    let mut body = original_body();
    body["furnishingstatus"] = json!("luxury");
    let err = v1(&body).unwrap_err();
    assert_eq!(
        err.body()["detail"][0]["msg"],
        "Input should be 'furnished', 'semi-furnished' or 'unfurnished'"
    );
    assert_eq!(err.body()["detail"][0]["input"], "luxury");
}

#[test]
fn missing_field_is_422_field_required() {
    let mut body = original_body();
    body.as_object_mut().unwrap().remove("parking");
    let err = v1(&body).unwrap_err();
    assert_eq!(
        err.body()["detail"],
        json!([{"loc": ["body", "parking"], "msg": "Field required", "type": "missing"}])
    );
}

#[test]
fn extra_fields_are_refused_and_the_target_is_explained() {
    let mut body = original_body();
    body["price"] = json!(13_300_000);
    let err = v1(&body).unwrap_err();
    assert_eq!(types(&err), ["extra_forbidden"]);
    assert!(err.body()["detail"][0]["msg"].as_str().unwrap().contains("target"));
}

#[test]
fn wrong_types_are_422() {
    let mut body = original_body();
    body["area"] = json!("7420");
    body["mainroad"] = json!(true);
    body["stories"] = json!(null);
    body["bathrooms"] = json!([2]);
    let err = v1(&body).unwrap_err();
    assert_eq!(types(&err), ["int_type", "int_type", "int_type", "string_type"]);
    assert!(err.body()["detail"][0]["msg"].as_str().unwrap().contains("unquoted"));
}

#[test]
fn nan_and_infinity_are_422() {
    let mut body = original_body();
    body["area"] = json!("NaN");
    body["bedrooms"] = json!("Infinity");
    assert_eq!(types(&v1(&body).unwrap_err()), ["finite_number", "finite_number"]);
    let text = original_body().to_string().replace("7420", "1e999");
    let err = model().predict_v1("house_price", JSON, text.as_bytes()).unwrap_err();
    assert_eq!((err.status(), types(&err)), (422, vec!["finite_number".to_owned()]));
}

#[test]
fn negative_counts_are_422_but_out_of_range_values_are_predicted() {
    let mut body = original_body();
    body["bedrooms"] = json!(-2);
    assert_eq!(types(&v1(&body).unwrap_err()), ["greater_than_equal"]);
    body["bedrooms"] = json!(40);
    body["area"] = json!(1_000_000);
    assert!(v1(&body).is_ok(), "training ranges are informative, not enforced");
}

#[test]
fn malformed_json_is_400() {
    let err = model().predict_v1("house_price", JSON, b"{\"area\": 7420,,}").unwrap_err();
    assert_eq!(err.status(), 400);
    assert!(err.body()["detail"].as_str().unwrap().starts_with("malformed request body: JSON decode error"));
    assert_eq!(model().predict_v1("house_price", JSON, b"\xff\xfe").unwrap_err().status(), 400);
    assert_eq!(model().predict_v1("house_price", JSON, b"").unwrap_err().status(), 400);
}

#[test]
fn wrong_content_type_is_415() {
    let body = original_body().to_string();
    for ct in ["text/plain", "application/x-www-form-urlencoded", "text/csv"] {
        let err = model().predict_v1("house_price", Some(ct), body.as_bytes()).unwrap_err();
        assert_eq!(err.status(), 415, "{ct}");
    }
    let err = model().invocations(Some("text/plain"), body.as_bytes()).unwrap_err();
    assert_eq!(err.status(), 415);
    assert_eq!(model().infer_v2("house_price", Some("text/csv"), b"a\n1").unwrap_err().status(), 415);
}

#[test]
fn too_many_rows_or_bytes_is_413() {
    let small = model().with_limits(Limits { max_rows: 2, max_body_bytes: 2000 });
    let three = json!({"instances": [original_body(), original_body(), original_body()]}).to_string();
    let err = small.predict_v1("house_price", JSON, three.as_bytes()).unwrap_err();
    assert_eq!(err, ApiError::TooLarge(TooLarge::Rows { found: 3, limit: 2 }));
    let padded = format!("{}{}", " ".repeat(2000), original_body());
    let err = small.predict_v1("house_price", JSON, padded.as_bytes()).unwrap_err();
    assert!(matches!(err, ApiError::TooLarge(TooLarge::Bytes { limit: 2000, .. })));
    assert_eq!(Limits::DEFAULT, Limits { max_rows: 10_000, max_body_bytes: 5 * 1024 * 1024 });
    let csv = "area\n1\n2\n3\n";
    assert_eq!(small.invocations(Some("text/csv"), csv.as_bytes()).unwrap_err().status(), 413);
}

#[test]
fn ten_thousand_rows_fit_the_default_limits() {
    let body = json!({"instances": vec![original_body(); 10_000]}).to_string();
    assert!(body.len() < Limits::DEFAULT.max_body_bytes, "{} bytes", body.len());
    assert_eq!(
        v1(&serde_json::from_str(&body).unwrap()).unwrap()["predictions"].as_array().unwrap().len(),
        10_000
    );
}

#[test]
fn empty_batches_are_422() {
    assert_eq!(types(&v1(&json!({"instances": []})).unwrap_err()), ["too_short"]);
    let err = model().invocations(JSON, br#"{"dataframe_records": []}"#).unwrap_err();
    assert_eq!(types(&err), ["too_short"]);
}

#[test]
fn unknown_model_name_is_404() {
    let err = model().predict_v1("other", JSON, original_body().to_string().as_bytes()).unwrap_err();
    assert_eq!(err.status(), 404);
    assert_eq!(model().v2_model("other").unwrap_err().status(), 404);
}

#[test]
fn batch_errors_name_the_row() {
    let mut bad = second_row();
    bad["guestroom"] = json!("perhaps");
    let err = v1(&json!({"instances": [original_body(), bad, 7]})).unwrap_err();
    assert_eq!(
        locs(&err),
        vec![json!(["body", "instances", 1, "guestroom"]), json!(["body", "instances", 2])]
    );
}

#[test]
fn errors_are_capped_with_a_count_of_the_rest() {
    let rows = vec![json!({}); 200];
    let err = v1(&json!({"instances": rows})).unwrap_err();
    let detail = err.body()["detail"].as_array().unwrap().clone();
    assert_eq!(detail.len(), MAX_LISTED_ERRORS + 1);
    assert_eq!(
        detail.last().unwrap()["msg"],
        format!("{} more errors not listed (only the first 1000 are)", 200 * 12 - 1000)
    );
}

/// The two rows in every format the service reads.
fn every_format() -> Vec<(&'static str, &'static str, String)> {
    let rows = [original_body(), second_row()];
    let names: Vec<String> = housing().fields().iter().map(|f| f.name.clone()).collect();
    let column = |n: &str| rows.iter().map(|r| r[n].clone()).collect::<Vec<_>>();
    // Columns in reverse order, to check that position does not matter.
    let reversed: Vec<&String> = names.iter().rev().collect();
    let split_data: Vec<Vec<Value>> =
        rows.iter().map(|r| reversed.iter().map(|n| r[n.as_str()].clone()).collect()).collect();
    let inputs: serde_json::Map<String, Value> =
        names.iter().map(|n| (n.clone(), Value::from(column(n)))).collect();
    let csv_cell =
        |v: &Value| v.as_str().map_or_else(|| v.to_string(), |s| format!("\"{}\"", s.to_uppercase()));
    let csv = std::iter::once(names.join(","))
        .chain(
            rows.iter().map(|r| names.iter().map(|n| csv_cell(&r[n.as_str()])).collect::<Vec<_>>().join(",")),
        )
        .collect::<Vec<_>>()
        .join("\r\n");
    let tensors: Vec<Value> = housing()
        .fields()
        .iter()
        .map(|f| {
            let (dt, data) = match f.kind {
                FieldKind::Numeric(_) => ("FP32", json!(column(&f.name))),
                // Nested [n, 1] data, to check flattening.
                FieldKind::Categorical(_) => {
                    ("BYTES", json!(column(&f.name).into_iter().map(|v| vec![v]).collect::<Vec<_>>()))
                }
            };
            json!({"name": f.name, "shape": [2, 1], "datatype": dt, "data": data})
        })
        .collect();
    vec![
        ("v1", "application/json", json!({"instances": rows}).to_string()),
        (
            "mlflow",
            "application/json",
            json!({"dataframe_split": {"columns": reversed, "data": split_data, "index": [7, 9]}})
                .to_string(),
        ),
        ("mlflow", "application/json", json!({"dataframe_records": rows, "params": {"x": 1}}).to_string()),
        ("mlflow", "application/json; charset=utf-8", json!({"instances": rows}).to_string()),
        ("mlflow", "application/json", json!({"inputs": inputs}).to_string()),
        ("mlflow", "text/csv", csv),
        ("v2", "application/json", json!({"id": "req-1", "inputs": tensors}).to_string()),
    ]
}

#[test]
fn same_rows_in_every_format_parse_to_the_same_batch_and_predictions() {
    let sig = housing();
    let limits = Limits::DEFAULT;
    let m = model();
    let mut batches = Vec::new();
    let mut predictions = Vec::new();
    for (route, ct, body) in every_format() {
        let (batch, preds) = match route {
            "v1" => (
                request::parse_hearth(&sig, &limits, Some(ct), body.as_bytes()),
                m.predict_v1("house_price", Some(ct), body.as_bytes()).map(|v| v["predictions"].clone()),
            ),
            "mlflow" => (
                request::parse_mlflow(&sig, &limits, Some(ct), body.as_bytes()),
                m.invocations(Some(ct), body.as_bytes()).map(|v| v["predictions"].clone()),
            ),
            _ => (
                request::parse_kserve_v2(&sig, &limits, Some(ct), body.as_bytes()).map(|r| r.batch),
                m.infer_v2("house_price", Some(ct), body.as_bytes()).map(|v| v["outputs"][0]["data"].clone()),
            ),
        };
        let batch = batch.unwrap_or_else(|e| panic!("{route} {ct}: {}", e.body()));
        batches.push(batch);
        predictions.push(preds.unwrap());
    }
    assert_eq!(batches[0].n_rows(), 2);
    for (i, b) in batches.iter().enumerate() {
        assert_eq!(b, &batches[0], "format {i}");
        assert_eq!(predictions[i], predictions[0], "format {i}");
    }
}

#[test]
fn mlflow_refuses_what_mlflow_refuses() {
    let m = model();
    let rows = [original_body()];
    let lists: Vec<Vec<Value>> = vec![original_body().as_object().unwrap().values().cloned().collect()];
    let cases = [
        json!({"instances": lists}),
        json!({"inputs": lists}),
        json!({"inputs": rows}),
        json!({"columns": ["area"], "data": [[1]]}),
        json!(rows),
        json!({"instances": rows, "dataframe_records": rows}),
        json!({"dataframe_records": rows, "extra": 1}),
    ];
    for body in cases {
        let err = m.invocations(JSON, body.to_string().as_bytes()).unwrap_err();
        assert_eq!(err.status(), 422, "{body}");
        let mlflow = err.body_for(Protocol::Mlflow);
        assert!(mlflow["message"].as_str().unwrap().len() > 10);
    }
    let old = m.invocations(JSON, br#"{"columns": ["area"], "data": [[1]]}"#).unwrap_err();
    assert!(old.summary().contains("dataframe_split"), "{}", old.summary());
}

#[test]
fn mlflow_split_errors_name_row_and_field() {
    let body = json!({"dataframe_split": {"columns": ["area", "colour"], "data": [[1, 2], [1]]}});
    let err = model().invocations(JSON, body.to_string().as_bytes()).unwrap_err();
    let l = locs(&err);
    assert!(l.contains(&json!(["body", "dataframe_split", "columns", 1])));
    assert!(l.contains(&json!(["body", "dataframe_split", "columns", "parking"])));
    assert!(l.contains(&json!(["body", "dataframe_split", "data", 1])));
}

#[test]
fn csv_errors_name_row_and_field() {
    let csv = "area,bedrooms\n12,x\n";
    let err = model().invocations(Some("text/csv"), csv.as_bytes()).unwrap_err();
    let l = locs(&err);
    assert!(l.contains(&json!(["body", 0, "bedrooms"])));
    assert!(l.contains(&json!(["body", "header", "parking"])));
    assert_eq!(model().invocations(Some("text/csv"), b"").unwrap_err().status(), 400);
}

#[test]
fn kserve_v2_answers_an_fp64_output_tensor_and_echoes_the_id() {
    let (_, _, body) = every_format().pop().unwrap();
    let out = model().infer_v2("house_price", JSON, body.as_bytes()).unwrap();
    assert_eq!(out["model_name"], "house_price");
    assert_eq!(out["model_version"], "3");
    assert_eq!(out["id"], "req-1");
    assert_eq!(out["outputs"][0]["shape"], json!([2]));
    assert_eq!(out["outputs"][0]["datatype"], "FP64");
    assert_eq!(out["outputs"][0]["name"], "predictions");
}

#[test]
fn kserve_v2_refuses_wrong_datatypes_shapes_and_names() {
    let body = json!({"inputs": [
        {"name": "area", "shape": [1], "datatype": "BYTES", "data": ["7420"]},
        {"name": "bedrooms", "shape": [2], "datatype": "INT64", "data": [4]},
        {"name": "price", "shape": [1], "datatype": "FP64", "data": [1.0]},
    ]});
    let err = model().infer_v2("house_price", JSON, body.to_string().as_bytes()).unwrap_err();
    let l = locs(&err);
    assert!(l.contains(&json!(["body", "inputs", 0, "datatype"])));
    assert!(l.contains(&json!(["body", "inputs", 1, "data"])));
    assert!(l.contains(&json!(["body", "inputs", 2, "name"])));
    assert!(l.contains(&json!(["body", "inputs", "mainroad"])));
    assert!(err.body_for(Protocol::KserveV2)["error"].is_string());
}

#[test]
fn a_non_finite_prediction_is_the_requests_422_not_a_500() {
    let mut body = original_body();
    body["area"] = json!(1e308);
    let err = v1(&body).unwrap_err();
    assert_eq!((err.status(), types(&err)), (422, vec!["prediction_not_finite".to_owned()]));
}

#[test]
fn health_proves_a_smoke_prediction_works() {
    let h = model().health().unwrap();
    assert_eq!(h["status"], "ok");
    assert!(h["smoke_prediction"].as_f64().unwrap().is_finite());
    assert_eq!(model().v2_ready().unwrap(), json!({"ready": true}));
    let broken: Box<dyn Predictor> = Box::new(Broken);
    let broken = ServedModel::new(housing(), broken, ModelInfo::default());
    assert_eq!(broken.health().unwrap_err().status(), 503);
}

#[test]
fn metadata_routes_describe_the_served_model() {
    let m = model();
    assert_eq!(m.model("house_price").unwrap()["signature"]["fields"].as_array().unwrap().len(), 12);
    assert_eq!(m.models()["models"][0]["name"], "house_price");
    let v2 = m.v2_model("house_price").unwrap();
    assert_eq!(v2["inputs"][0], json!({"name": "area", "datatype": "INT64", "shape": [-1]}));
    assert_eq!(v2["inputs"][4]["datatype"], "BYTES");
    assert_eq!(m.served_version(), "3");
}

/// Random JSON of bounded depth, biased towards the shapes the parsers look for.
fn random_json(rng: &mut rand_chacha::ChaCha8Rng, depth: u32) -> Value {
    use rand_chacha::rand_core::RngCore;
    let keys = [
        "area",
        "mainroad",
        "instances",
        "inputs",
        "dataframe_split",
        "columns",
        "data",
        "index",
        "dataframe_records",
        "name",
        "shape",
        "datatype",
        "params",
        "furnishingstatus",
        "parking",
        "x",
    ];
    let pick = rng.next_u32() % if depth == 0 { 6 } else { 9 };
    match pick {
        0 => Value::Null,
        1 => Value::Bool(rng.next_u32().is_multiple_of(2)),
        2 => json!((rng.next_u64() as i64) >> (rng.next_u32() % 64)),
        3 => Value::from(f64::from(rng.next_u32()) / 7.0 - 1000.0),
        4 => json!(
            ["yes", " YES ", "no", "furnished", "FP64", "BYTES", "NaN", "", "7420"]
                [rng.next_u32() as usize % 9]
        ),
        5 => json!(rng.next_u32() % 4),
        6 | 7 => {
            let n = rng.next_u32() % 5;
            Value::Object(
                (0..n)
                    .map(|_| {
                        (keys[rng.next_u32() as usize % keys.len()].to_owned(), random_json(rng, depth - 1))
                    })
                    .collect(),
            )
        }
        _ => {
            let n = rng.next_u32() % 5;
            Value::Array((0..n).map(|_| random_json(rng, depth - 1)).collect())
        }
    }
}

#[test]
fn random_bodies_never_panic_and_only_get_documented_statuses() {
    use rand_chacha::rand_core::{RngCore, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
    let m = model();
    let mut counts = std::collections::BTreeMap::new();
    for i in 0..4000 {
        let mut body = if i % 3 == 0 {
            // A valid record with one field replaced or added: reaches the cell checks and 200s.
            let mut record = original_body();
            let key = ["area", "mainroad", "parking", "furnishingstatus", "price", "x"]
                [rng.next_u32() as usize % 6];
            record[key] = random_json(&mut rng, 2);
            let wrapped = [
                record.clone(),
                json!({"instances": [record.clone()]}),
                json!({"dataframe_records": [record]}),
            ];
            wrapped[rng.next_u32() as usize % 3].to_string().into_bytes()
        } else {
            random_json(&mut rng, 5).to_string().into_bytes()
        };
        if i % 7 == 0 {
            // Corrupt some bytes so malformed JSON and CSV are covered too.
            let n = body.len();
            for _ in 0..3 {
                let at = rng.next_u32() as usize % n.max(1);
                if let Some(b) = body.get_mut(at) {
                    *b = rng.next_u32() as u8;
                }
            }
        }
        let ct = [Some("application/json"), Some("text/csv"), None, Some("text/plain")][i % 4];
        for result in [
            m.predict_v1("house_price", ct, &body),
            m.invocations(ct, &body),
            m.infer_v2("house_price", ct, &body),
        ] {
            let status = match result {
                Ok(_) => 200,
                Err(e) => {
                    assert!(e.body()["detail"].is_string() || e.body()["detail"].is_array());
                    e.status()
                }
            };
            assert!(
                [200, 400, 413, 415, 422].contains(&status),
                "status {status} for {:?}",
                String::from_utf8_lossy(&body)
            );
            *counts.entry(status).or_insert(0) += 1;
        }
    }
    println!("statuses: {counts:?}");
    // The generator must reach every class, or the test proves less than it claims.
    for status in [200, 400, 415, 422] {
        assert!(counts.get(&status).copied().unwrap_or(0) > 10, "{counts:?}");
    }
}

#[test]
fn housing_csv_gives_the_signature_and_its_rows_parse_back_to_the_training_table() {
    let test = "housing_csv_gives_the_signature_and_its_rows_parse_back_to_the_training_table";
    let Some(path) = hearth_testdata::shared_file(test, "HousingData.csv") else { return };
    let bytes = std::fs::read(path).unwrap();
    let options = crate::data::ReadOptions {
        target: Some("price".into()),
        ..crate::data::ReadOptions::named("HousingData.csv")
    };
    let data = crate::data::read_csv(&bytes, &options).unwrap();
    let profile = crate::data::profile_table(&data.table);
    let sig = Signature::from_schema("house_price", 1, &data.schema, &profile).unwrap();
    assert_eq!(sig, housing_with_real_medians(&sig), "fields, kinds and levels as PEERS.md describes");
    let area = match &sig.field("area").unwrap().kind {
        FieldKind::Numeric(n) => n.training.unwrap(),
        _ => unreachable!(),
    };
    assert_eq!((area.min, area.max), (1650.0, 16200.0));
    // Every training row, without the target and with categoricals SHOUTED, read back as CSV by
    // /invocations, is exactly the training table minus the target.
    let text = std::str::from_utf8(&bytes).unwrap();
    let mut lines = text.lines().map(|l| l.split_once(',').unwrap().1);
    let header = lines.next().unwrap().to_owned();
    let csv: String = std::iter::once(header).chain(lines.map(str::to_uppercase)).map(|l| l + "\n").collect();
    assert!(csv.contains("YES") && csv.contains("SEMI-FURNISHED"));
    let batch = request::parse_mlflow(&sig, &Limits::DEFAULT, Some("text/csv"), csv.as_bytes()).unwrap();
    let without_target: Vec<_> = data.table.columns().iter().filter(|c| c.name != "price").cloned().collect();
    assert_eq!(batch.table(), &Table::new(without_target).unwrap());
    assert_eq!(batch.n_rows(), 545);
    let served = ServedModel::new(sig, linear(), ModelInfo::default());
    assert!(served.predict_v1("house_price", JSON, original_body().to_string().as_bytes()).is_ok());
}

/// [`housing`] with the medians and most frequent levels taken from the real signature, so the
/// comparison checks everything else exactly.
fn housing_with_real_medians(real: &Signature) -> Signature {
    let fields = housing()
        .fields()
        .iter()
        .map(|f| {
            let mut f = f.clone();
            match (&mut f.kind, &real.field(&f.name).unwrap().kind) {
                (FieldKind::Numeric(n), FieldKind::Numeric(r)) => {
                    if let (Some(t), Some(rt)) = (&mut n.training, r.training) {
                        t.median = rt.median;
                    }
                }
                (FieldKind::Categorical(c), FieldKind::Categorical(r)) => c.most_frequent = r.most_frequent,
                _ => {}
            }
            f
        })
        .collect();
    Signature::new("house_price", 1, "price", Canonicalisation::default(), fields).unwrap()
}

#[test]
fn respond_routes_every_serving_path_and_leaves_the_rest_to_the_worker() {
    let m = model();
    let server = ServerInfo { hearth_version: "0.1.0".into(), server_url: None };
    let body = original_body().to_string();
    let ok = |method: &str, path: &str, ct: Option<&str>, body: &[u8]| {
        let r = m.respond(&server, method, path, ct, body).unwrap_or_else(|| panic!("{path} not routed"));
        assert_eq!(r.status, 200, "{method} {path}: {}", r.body);
        r
    };
    for path in [
        "/health",
        "/ping",
        "/version",
        "/openapi.json",
        "/v1/models",
        "/v1/models/house_price",
        "/v2/health/ready",
        "/v2/health/live",
        "/v2/models/house_price",
        "/health/",
    ] {
        ok("GET", path, None, b"");
    }
    let r = ok("POST", "/v1/models/house_price/predict", JSON, body.as_bytes());
    assert_eq!(r.served_version.as_deref(), Some("3"));
    let records = json!({"dataframe_records": [original_body()]}).to_string();
    assert_eq!(
        ok("POST", "/invocations", JSON, records.as_bytes()).body["predictions"],
        r.body["predictions"]
    );
    let (_, _, v2) = every_format().pop().unwrap();
    ok("POST", "/v2/models/house_price/infer", JSON, v2.as_bytes());

    let wrong = m.respond(&server, "GET", "/v1/models/house_price/predict", None, b"").unwrap();
    assert_eq!(wrong.status, 405);
    let missing = m.respond(&server, "POST", "/invocations", Some("text/plain"), b"x").unwrap();
    assert_eq!((missing.status, missing.body["error_code"].as_str()), (415, Some("BAD_REQUEST")));
    assert_eq!(m.respond(&server, "GET", "/v2/models/nope", None, b"").unwrap().status, 404);
    for path in ["/docs", "/redoc", "/admin/bundles", "/v1/models/house_price/drift", "/", "/favicon.ico"] {
        assert!(m.respond(&server, "GET", path, None, b"").is_none(), "{path}");
    }
}

#[test]
fn prediction_routes_are_exactly_those_that_report_the_served_version() {
    let m = model();
    let server = ServerInfo { hearth_version: "0.1.0".into(), server_url: None };
    let body = original_body().to_string();
    for (method, path) in [
        ("GET", "/health"),
        ("GET", "/ping"),
        ("GET", "/version"),
        ("GET", "/openapi.json"),
        ("GET", "/v1/models"),
        ("GET", "/v1/models/house_price"),
        ("GET", "/v2/health/ready"),
        ("GET", "/v2/models/house_price"),
        ("POST", "/v1/models/house_price/predict"),
        ("POST", "/v1/models/house_price/predict/"),
        ("POST", "/invocations"),
        ("POST", "/v2/models/house_price/infer"),
    ] {
        let reply = m.respond(&server, method, path, JSON, body.as_bytes()).unwrap();
        assert_eq!(is_prediction_route(path), reply.served_version.is_some(), "{method} {path}");
    }
    assert!(is_prediction_route("/v1/models/other/predict"), "any model name: the worker routes first");
    for path in ["/docs", "/admin/deployment", "/v1/models/x/drift", "/", "/invocations/x"] {
        assert!(!is_prediction_route(path), "{path}");
    }
}
