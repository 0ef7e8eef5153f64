//! The streaming reader against the full readers: same answers, on valid and refused bodies.

use super::*;
use crate::data::Canonicalisation;
use crate::serve::request::{hearth, mlflow};
use crate::serve::signature::{Field, TrainingRange};

fn sig(with_instances_field: bool) -> Signature {
    let range = Some(TrainingRange { min: 0.0, max: 3.0, median: 1.0 });
    let mut fields = vec![
        Field::numeric("parking", true, range),
        Field::numeric("ratio", false, Some(TrainingRange { min: -1.0, max: 1.0, median: 0.0 })),
        Field::categorical("mainroad", &["yes", "no"], None),
        Field::numeric("opt", false, None).nullable(),
    ];
    if with_instances_field {
        fields.push(Field::numeric("instances", false, None));
    }
    Signature::new("m", 1, "price", Canonicalisation::default(), fields).unwrap()
}

const LIMITS: Limits = Limits { max_rows: 3, max_body_bytes: 1 << 20 };
const ROW: &str = r#"{"parking": 2, "ratio": -0.5, "mainroad": "yes", "opt": 1.5}"#;

/// Records the full path accepts, spelled every way the fast path must also take.
fn valid_rows() -> Vec<String> {
    vec![
        ROW.into(),
        r#"{"opt": null, "mainroad": " YES ", "ratio": 1e-3, "parking": 2.0}"#.into(),
        r#"{ "\u0070arking" : 0 , "ratio" : 12345678901234567890 , "mainroad" : "n\u006F" , "opt" : -0 }"#
            .into(),
        r#"{"parking": 3, "ratio": 0.1, "mainroad": "No\t", "opt": 2.5e2}"#.into(),
    ]
}

/// Bodies the full path refuses (or the fast path declines for another reason).
fn other_rows() -> Vec<&'static str> {
    vec![
        r#"{"parking": 2, "ratio": 0, "mainroad": "yes"}"#,
        r#"{"parking": 2, "ratio": 0, "mainroad": "yes", "opt": 1, "price": 3}"#,
        r#"{"parking": 2, "parking": 1, "ratio": 0, "mainroad": "yes", "opt": 1}"#,
        r#"{"parking": "2", "ratio": 0, "mainroad": "yes", "opt": 1}"#,
        r#"{"parking": true, "ratio": 0, "mainroad": "yes", "opt": 1}"#,
        r#"{"parking": [2], "ratio": 0, "mainroad": "yes", "opt": 1}"#,
        r#"{"parking": 2, "ratio": "NaN", "mainroad": "yes", "opt": 1}"#,
        r#"{"parking": -1, "ratio": 0, "mainroad": "yes", "opt": 1}"#,
        r#"{"parking": 2.5, "ratio": 0, "mainroad": "yes", "opt": 1}"#,
        r#"{"parking": 2, "ratio": 0, "mainroad": "maybe", "opt": 1}"#,
        r#"{"parking": 2, "ratio": 0, "mainroad": "NA", "opt": 1}"#,
        r#"{"parking": null, "ratio": 0, "mainroad": "yes", "opt": 1}"#,
        r#"{"parking": 2, "ratio": 1e999, "mainroad": "yes", "opt": 1}"#,
        r#"{}"#,
        r#"[2, 0, "yes", 1]"#,
        r#"7"#,
    ]
}

fn mlflow_bodies() -> Vec<String> {
    let mut bodies = Vec::new();
    for key in ["dataframe_records", "instances"] {
        for row in valid_rows().iter().map(String::as_str).chain(other_rows()) {
            bodies.push(format!(r#"{{"{key}": [{ROW}, {row}]}}"#));
        }
        bodies.push(format!(r#"{{"{key}": []}}"#));
        bodies.push(format!(r#"{{"{key}": [{ROW}, {ROW}, {ROW}, {ROW}]}}"#));
        bodies.push(format!(r#"{{"{key}": [{ROW}], "params": {{}}}}"#));
        bodies.push(format!(r#"{{"params": null, "{key}": [{ROW}]}}"#));
        bodies.push(format!(r#"{{"{key}": [{ROW}], "{key}": [{ROW}]}}"#));
        bodies.push(format!(r#"{{"{key}": [{ROW}]}} trailing"#));
        bodies.push(format!(r#"{{"{key}": [{ROW}"#));
        bodies.push(format!(r#"{{"{key}": {ROW}}}"#));
    }
    bodies.push(format!(r#"{{"dataframe_records": [{ROW}], "instances": [{ROW}]}}"#));
    bodies.extend(split_bodies());
    bodies.push(ROW.into());
    bodies
}

/// `dataframe_split` bodies: the first four are plain and valid (columns in any order, with or
/// without an index), the rest are refused or left to the full path.
fn split_bodies() -> Vec<String> {
    let cols = r#"["mainroad", "parking", "opt", "ratio"]"#;
    let row = r#"["yes", 2, 1.5, -0.5]"#;
    let split = |inner: &str| format!(r#"{{"dataframe_split": {{{inner}}}}}"#);
    vec![
        split(&format!(r#""columns": {cols}, "data": [{row}, [" NO ", 0, null, 1e-3]]"#)),
        split(&format!(r#""columns": {cols}, "index": [7, "b"], "data": [{row}]"#)),
        split(&format!(r#""index": null, "columns": {cols}, "data": [{row}]"#)),
        split(r#""columns": ["parking", "ratio", "mainroad", "opt"], "data": [[3, 0, "no", 2]]"#),
        split(&format!(r#""data": [{row}], "columns": {cols}"#)),
        split(&format!(r#""columns": {cols}, "data": [{row}], "index": [0]"#)),
        split(r#""columns": ["mainroad", "parking", "opt"], "data": [["yes", 2, 1.5]]"#),
        split(r#""columns": ["mainroad", "parking", "opt", "ratio", "x"], "data": [["yes", 2, 1.5, 0, 1]]"#),
        split(r#""columns": ["mainroad", "parking", "opt", "opt"], "data": [["yes", 2, 1.5, 0]]"#),
        split(r#""columns": ["mainroad", "parking", "opt", 4], "data": [["yes", 2, 1.5, 0]]"#),
        split(&format!(r#""columns": {cols}, "data": [["yes", 2, 1.5]]"#)),
        split(&format!(r#""columns": {cols}, "data": [["yes", 2, 1.5, 0, 9]]"#)),
        split(&format!(r#""columns": {cols}, "data": [["maybe", 2, 1.5, 0]]"#)),
        split(&format!(r#""columns": {cols}, "data": [["yes", -2, 1.5, 0]]"#)),
        split(&format!(r#""columns": {cols}, "data": [{{"parking": 2}}]"#)),
        split(&format!(r#""columns": {cols}, "data": []"#)),
        split(&format!(r#""columns": {cols}, "index": "rows", "data": [{row}]"#)),
        split(&format!(r#""columns": {cols}, "data": [{row}], "orient": "split""#)),
        split(&format!(r#""columns": {cols}"#)),
        split(&format!(r#""columns": {cols}, "data": [{row}, {row}, {row}, {row}]"#)),
        format!(r#"{{"dataframe_split": {{"columns": {cols}, "data": [{row}]}}, "params": {{}}}}"#),
        format!(r#"{{"dataframe_split": [{row}]}}"#),
    ]
}

fn hearth_bodies() -> Vec<String> {
    let mut bodies: Vec<String> = valid_rows();
    bodies.extend(other_rows().into_iter().map(String::from));
    for row in valid_rows().iter().map(String::as_str).chain(other_rows()) {
        bodies.push(format!(r#"{{"instances": [{row}, {ROW}]}}"#));
    }
    bodies.push(format!(r#"{{"instances": [{ROW}], "parking": 1}}"#));
    bodies.push(format!(r#"{{"parking": 1, "instances": [{ROW}]}}"#));
    bodies.push(r#"{"instances": []}"#.into());
    bodies
}

/// The fast path never answers differently from the full path: whenever it accepts, the full
/// path accepts the same rows; and it accepts every plain valid body.
fn agree(
    shape_of: impl Fn(&Signature) -> Shape,
    full: impl Fn(&Signature, &Limits, &[u8]) -> Result<Batch, crate::serve::ApiError>,
    bodies: &[String],
    sig: &Signature,
) -> usize {
    let mut fast = 0;
    for body in bodies {
        let expected = full(sig, &LIMITS, body.as_bytes());
        match read_records(sig, &LIMITS, body.as_bytes(), shape_of(sig)) {
            Some(batch) => {
                fast += 1;
                // Compared as text: `NaN` (a missing optional cell) is not equal to itself.
                let full = expected.as_ref().map(|b| format!("{:?}", b.table()));
                assert_eq!(Ok(format!("{:?}", batch.table())), full, "fast path accepted {body}");
            }
            None => {
                // Valid bodies it may leave to the full path: with `params`, or a repeated key
                // (JSON leaves those undefined; the full reader keeps the last value).
                let repeated = body.contains(r#""parking": 2, "parking""#)
                    || ["dataframe_records", "instances"].iter().any(|k| body.matches(*k).count() > 1);
                // Data before columns: a split frame the reader cannot place while streaming.
                let late_columns = matches!(
                    (body.find(r#""data""#), body.find(r#""columns""#)),
                    (Some(d), Some(c)) if d < c
                );
                let plain = !body.contains("params") && !repeated && !late_columns;
                assert!(expected.is_err() || !plain, "fast path declined a plain valid body: {body}");
            }
        }
    }
    fast
}

#[test]
fn mlflow_record_lists_agree_with_the_full_reader() {
    let sig = sig(false);
    let taken = agree(|_| mlflow::STREAMED, mlflow::parse_json_body, &mlflow_bodies(), &sig);
    // Every valid two-row list in both formats, the four plain split frames, and the split frame
    // with its index after the data.
    assert_eq!(taken, 2 * valid_rows().len() + 5);
}

#[test]
fn hearth_records_agree_with_the_full_reader() {
    for with_field in [false, true] {
        let sig = sig(with_field);
        let taken = agree(hearth::shape, hearth::parse_json_body, &hearth_bodies(), &sig);
        if !with_field {
            assert_eq!(taken, 2 * valid_rows().len(), "bare records and instances lists");
        }
    }
}

#[test]
fn cells_match_the_full_reader_bit_for_bit() {
    let sig = sig(false);
    let body = format!(r#"{{"dataframe_records": [{}]}}"#, valid_rows().join(", "));
    let limits = Limits { max_rows: 10, ..LIMITS };
    let fast = read_records(&sig, &limits, body.as_bytes(), mlflow::STREAMED).expect("fast path");
    let full = mlflow::parse_json_body(&sig, &limits, body.as_bytes()).unwrap();
    assert_eq!(format!("{:?}", fast.table()), format!("{:?}", full.table()));
    assert_eq!(fast.n_rows(), 4);
}
