//! The Predict page's form, derived from the model's signature: one input per feature (a number
//! input with the training range as hint, or a select of the categorical levels), defaults from the
//! signature's example record (medians, most frequent levels), and the typed values turned into the
//! JSON record the edge's `POST /v1/models/{name}/predict` takes — with an error per bad field.

use std::collections::BTreeMap;

use hearth_core::serve::{ApiError, FieldKind, LocPart, Signature};
use serde_json::{Map, Value};

/// How one feature is entered.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// A number; `integer` fields step by 1, count-like fields start at 0.
    Number {
        /// Whole numbers only.
        integer: bool,
        /// Smallest value accepted (count-like columns: 0).
        min: Option<f64>,
    },
    /// One of the training levels.
    Select {
        /// The levels, in the signature's order.
        levels: Vec<String>,
    },
}

/// One labelled input of the form.
#[derive(Debug, Clone, PartialEq)]
pub struct FormField {
    /// Feature name (also the label).
    pub name: String,
    /// How it is entered.
    pub input: Input,
    /// What training saw, shown under the input.
    pub hint: String,
    /// Initial value: the signature's example (median, most frequent level).
    pub default: String,
    /// `null` is accepted (training had missing values): an empty number means "missing".
    pub nullable: bool,
}

/// The form of `signature`, in training column order.
pub fn form_fields(signature: &Signature) -> Vec<FormField> {
    let example = signature.example_record();
    signature
        .fields()
        .iter()
        .map(|f| {
            let default = match example.get(&f.name) {
                Some(Value::String(s)) => s.clone(),
                Some(v) => v.to_string(),
                None => String::new(),
            };
            let (input, hint) = match &f.kind {
                FieldKind::Numeric(n) => {
                    let hint = match n.training {
                        Some(r) => format!(
                            "seen {} – {}, median {}",
                            grouped(r.min),
                            grouped(r.max),
                            grouped(r.median)
                        ),
                        None => "no values seen in training".to_string(),
                    };
                    let min = n.non_negative().then_some(0.0);
                    (Input::Number { integer: n.integer, min }, hint)
                }
                FieldKind::Categorical(c) => {
                    let hint = match c.most_frequent {
                        Some(i) => format!("{} levels, most frequent “{}”", c.levels.len(), c.levels[i]),
                        None => format!("{} levels", c.levels.len()),
                    };
                    (Input::Select { levels: c.levels.clone() }, hint)
                }
            };
            FormField { name: f.name.clone(), input, hint, default, nullable: f.nullable }
        })
        .collect()
}

/// The record for the typed `values` (by field name), or one message per bad field.
pub fn record(
    fields: &[FormField],
    values: &BTreeMap<String, String>,
) -> Result<Map<String, Value>, BTreeMap<String, String>> {
    let mut out = Map::new();
    let mut errors = BTreeMap::new();
    for f in fields {
        let raw = values.get(&f.name).map(|s| s.trim()).unwrap_or("");
        let value = match &f.input {
            Input::Number { .. } if raw.is_empty() && f.nullable => Ok(Value::Null),
            Input::Number { .. } if raw.is_empty() => Err("enter a number".to_string()),
            Input::Number { integer, min } => match raw.parse::<f64>() {
                Ok(v) if !v.is_finite() => Err(format!("“{raw}” is not a finite number")),
                Ok(v) if *integer && v.fract() != 0.0 => Err(format!("whole numbers only, found {raw}")),
                Ok(v) if min.is_some_and(|m| v < m) => Err(format!("cannot be negative, found {raw}")),
                Ok(v) if *integer => Ok(Value::from(v as i64)),
                Ok(v) => Ok(Value::from(v)),
                Err(_) => Err(format!("“{raw}” is not a number")),
            },
            Input::Select { levels } if levels.iter().any(|l| l == raw) => Ok(Value::from(raw)),
            Input::Select { levels } => Err(format!("choose one of {}", levels.join(", "))),
        };
        match value {
            Ok(v) => {
                out.insert(f.name.clone(), v);
            }
            Err(e) => {
                errors.insert(f.name.clone(), e);
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// A prediction error as per-field messages (for the fields the model named) plus the rest.
pub fn field_errors(error: &ApiError, fields: &[FormField]) -> (BTreeMap<String, String>, Option<String>) {
    let ApiError::Validation(list) = error else {
        return (BTreeMap::new(), Some(error.summary()));
    };
    let mut by_field = BTreeMap::new();
    let mut rest = Vec::new();
    for e in list {
        let named = e.loc.iter().find_map(|p| match p {
            LocPart::Key(k) if fields.iter().any(|f| &f.name == k) => Some(k.clone()),
            _ => None,
        });
        match named {
            Some(name) => {
                by_field.entry(name).or_insert_with(|| e.msg.clone());
            }
            None => rest.push(e.msg.clone()),
        }
    }
    (by_field, (!rest.is_empty()).then(|| rest.join("; ")))
}

/// `1234567.8` → `1,234,567.8`; whole numbers without decimals.
pub fn grouped(value: f64) -> String {
    let text = if value.fract() == 0.0 { format!("{value:.0}") } else { format!("{value:.2}") };
    let (sign, text) = text.strip_prefix('-').map_or(("", text.as_str()), |t| ("−", t));
    let (int, frac) = text.split_once('.').map_or((text, None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hearth_core::serve::{Canonicalisation, Field, FieldError, TrainingRange};

    fn signature() -> Signature {
        let range = |min, max, median| Some(TrainingRange { min, max, median });
        Signature::new(
            "house",
            1,
            "price",
            Canonicalisation::default(),
            vec![
                Field::numeric("area", true, range(1650.0, 16200.0, 4600.0)),
                Field::numeric("ratio", false, range(-1.0, 1.0, 0.25)).nullable(),
                Field::categorical("mainroad", &["yes", "no"], Some("yes")),
            ],
        )
        .unwrap()
    }

    fn values(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn the_form_follows_the_signature_with_its_example_as_defaults() {
        let f = form_fields(&signature());
        assert_eq!(f.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), ["area", "ratio", "mainroad"]);
        assert_eq!(f[0].input, Input::Number { integer: true, min: Some(0.0) });
        assert_eq!(
            (f[0].default.as_str(), f[0].hint.as_str()),
            ("4600", "seen 1,650 – 16,200, median 4,600")
        );
        assert_eq!(f[1].input, Input::Number { integer: false, min: None });
        assert_eq!(f[2].input, Input::Select { levels: vec!["no".into(), "yes".into()] });
        assert_eq!(f[2].default, "yes");
        let defaults: BTreeMap<String, String> =
            f.iter().map(|x| (x.name.clone(), x.default.clone())).collect();
        assert_eq!(
            Value::Object(record(&f, &defaults).unwrap()),
            Value::Object(signature().example_record())
        );
    }

    #[test]
    fn bad_values_are_named_per_field_and_nothing_is_sent() {
        let f = form_fields(&signature());
        let e = record(&f, &values(&[("area", "12x"), ("ratio", ""), ("mainroad", "maybe")])).unwrap_err();
        assert_eq!(e["area"], "“12x” is not a number");
        assert_eq!(e["mainroad"], "choose one of no, yes");
        assert!(!e.contains_key("ratio"), "an empty nullable number is a missing value");
        let e = record(&f, &values(&[("area", "2.5"), ("ratio", "1"), ("mainroad", "no")])).unwrap_err();
        assert_eq!(e["area"], "whole numbers only, found 2.5");
        let e = record(&f, &values(&[("area", "-3"), ("ratio", "1"), ("mainroad", "no")])).unwrap_err();
        assert_eq!(e["area"], "cannot be negative, found -3");
        let e = record(&f, &values(&[("area", ""), ("ratio", "1"), ("mainroad", "no")])).unwrap_err();
        assert_eq!(e["area"], "enter a number");
        let ok = record(&f, &values(&[("area", "7420"), ("ratio", ""), ("mainroad", "no")])).unwrap();
        assert_eq!(Value::Object(ok), serde_json::json!({"area": 7420, "ratio": null, "mainroad": "no"}));
    }

    #[test]
    fn model_errors_map_to_their_fields() {
        let f = form_fields(&signature());
        let err = ApiError::Validation(vec![
            FieldError::new(vec!["body".into(), LocPart::Index(0), "area".into()], "x", "too odd"),
            FieldError::new(vec!["body".into()], "y", "something else"),
        ]);
        let (by_field, rest) = field_errors(&err, &f);
        assert_eq!(by_field["area"], "too odd");
        assert_eq!(rest.as_deref(), Some("something else"));
        assert_eq!(
            field_errors(&ApiError::Internal("boom".into()), &f).1.unwrap(),
            "prediction failed: boom"
        );
    }

    #[test]
    fn grouped_separates_thousands() {
        assert_eq!(grouped(4729371.0), "4,729,371");
        assert_eq!(grouped(1234.5), "1,234.50");
        assert_eq!(grouped(-950.0), "−950");
        assert_eq!(grouped(12.0), "12");
    }
}
