//! Checking one input value against its field: the type rules every request format shares.
//!
//! Decisions (documented in the OpenAPI descriptions too):
//! - JSON is typed strictly: a number field takes a JSON number, never a string (`"7420"` is a 422
//!   that says to send it unquoted), because the OpenAPI schema says `integer`/`number` and clients
//!   generated from it send numbers. CSV cells are text by nature and are parsed.
//! - Whole numbers written as floats (`3.0`) satisfy integer fields, as in JSON Schema; `2.5` does not.
//! - `NaN`/`inf` in any spelling are refused (`finite_number`); `null` (or an empty CSV cell) is accepted
//!   only for fields that had missing values in training, whose preprocessor imputes them.
//! - Categorical text is canonicalised with the training rule, then must be a training level.

use serde_json::{json, Value};

use super::signature::{CategoricalField, Field, FieldKind, NumericField, Signature};

/// A value as it arrived, before checking.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Raw<'a> {
    /// From a JSON body.
    Json(&'a Value),
    /// A JSON string, read without building a [`Value`] (the streaming records path); checked exactly
    /// as `Json(Value::String(..))` is.
    JsonStr(&'a str),
    /// A CSV cell.
    Text(&'a str),
}

impl Raw<'_> {
    /// The value as JSON, for the error's `input`.
    pub(crate) fn to_json(self) -> Value {
        match self {
            Raw::Json(v) => v.clone(),
            Raw::JsonStr(t) | Raw::Text(t) => Value::String(t.to_owned()),
        }
    }
}

/// A checked value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Cell {
    /// Numeric value, `NaN` = missing (only for nullable fields).
    Number(f64),
    /// Level code, `None` = missing (only for nullable fields).
    Code(Option<u32>),
}

/// Why a value does not fit its field: pydantic v2's type name, message and context.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Issue {
    pub kind: &'static str,
    pub msg: String,
    pub ctx: Option<Value>,
}

impl Issue {
    fn new(kind: &'static str, msg: impl Into<String>) -> Issue {
        Issue { kind, msg: msg.into(), ctx: None }
    }
}

/// Checks and converts one value for `field`.
pub(crate) fn check(sig: &Signature, field: &Field, raw: Raw<'_>) -> Result<Cell, Issue> {
    // One spelling for a JSON string, so both readers of JSON bodies share every rule below.
    let raw = match raw {
        Raw::Json(Value::String(s)) => Raw::JsonStr(s),
        other => other,
    };
    match &field.kind {
        FieldKind::Numeric(n) => numeric(sig, field, n, raw).map(Cell::Number),
        FieldKind::Categorical(c) => categorical(sig, field, c, raw).map(Cell::Code),
    }
}

fn type_issue(n: &NumericField) -> Issue {
    if n.integer {
        Issue::new("int_type", "Input should be a valid integer")
    } else {
        Issue::new("float_type", "Input should be a valid number")
    }
}

fn numeric(sig: &Signature, field: &Field, n: &NumericField, raw: Raw<'_>) -> Result<f64, Issue> {
    let value = match raw {
        Raw::Json(Value::Number(x)) => x.as_f64().ok_or_else(|| type_issue(n))?,
        Raw::Json(Value::Null) if field.nullable => return Ok(f64::NAN),
        Raw::JsonStr(s) => {
            let mut issue = type_issue(n);
            match s.trim().parse::<f64>() {
                Ok(x) if !x.is_finite() => return Err(not_finite()),
                Ok(_) => issue.msg.push_str(", not a string: send the number unquoted"),
                Err(_) => {}
            }
            return Err(issue);
        }
        Raw::Json(_) => return Err(type_issue(n)),
        Raw::Text(t) => {
            if sig.canonicalisation().is_missing(t) {
                return if field.nullable { Ok(f64::NAN) } else { Err(missing_value(t)) };
            }
            let t = t.trim();
            t.parse::<f64>().map_err(|_| {
                if n.integer {
                    Issue::new(
                        "int_parsing",
                        "Input should be a valid integer, unable to parse string as an integer",
                    )
                } else {
                    Issue::new(
                        "float_parsing",
                        "Input should be a valid number, unable to parse string as a number",
                    )
                }
            })?
        }
    };
    if !value.is_finite() {
        return Err(not_finite());
    }
    if n.integer && value.fract() != 0.0 {
        return Err(Issue::new(
            "int_from_float",
            "Input should be a valid integer, got a number with a fractional part",
        ));
    }
    if n.non_negative() && value < 0.0 {
        return Err(Issue {
            kind: "greater_than_equal",
            msg: "Input should be greater than or equal to 0 (a count; training never saw a negative value)"
                .into(),
            ctx: Some(json!({ "ge": 0 })),
        });
    }
    Ok(value)
}

/// A missing-value marker for a field that had no missing values in training.
fn missing_value(text: &str) -> Issue {
    Issue::new(
        "missing",
        format!("Input should be a value: {text:?} marks a missing value, and this input was never missing in training"),
    )
}

fn not_finite() -> Issue {
    Issue::new("finite_number", "Input should be a finite number")
}

fn categorical(
    sig: &Signature,
    field: &Field,
    c: &CategoricalField,
    raw: Raw<'_>,
) -> Result<Option<u32>, Issue> {
    let text = match raw {
        Raw::JsonStr(s) => s,
        Raw::Json(Value::Null) if field.nullable => return Ok(None),
        Raw::Json(_) => return Err(Issue::new("string_type", "Input should be a valid string")),
        Raw::Text(t) => t,
    };
    // A missing-value marker (`""`, `NA`, ...) meant "no value" in training, so it does here too.
    if sig.canonicalisation().is_missing(text) {
        return if field.nullable { Ok(None) } else { Err(missing_value(text)) };
    }
    let canonical = sig.canonicalisation().apply_cow(text);
    c.code_of(&canonical).map(Some).ok_or_else(|| {
        let expected = expected_levels(&c.levels);
        Issue {
            kind: "enum",
            msg: format!("Input should be {expected}"),
            ctx: Some(json!({ "expected": expected, "canonical": canonical })),
        }
    })
}

/// Levels quoted pydantic-style (`'a', 'b' or 'c'`), the first 50 only for very wide categoricals.
pub(crate) fn expected_levels(levels: &[String]) -> String {
    const SHOWN: usize = 50;
    let quoted: Vec<String> = levels.iter().take(SHOWN).map(|l| format!("'{l}'")).collect();
    if levels.len() > SHOWN {
        return format!(
            "one of {} ... ({} more levels; see the OpenAPI enum)",
            quoted.join(", "),
            levels.len() - SHOWN
        );
    }
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Canonicalisation;
    use crate::serve::signature::TrainingRange;

    fn sig() -> Signature {
        let range = Some(TrainingRange { min: 0.0, max: 3.0, median: 1.0 });
        Signature::new(
            "m",
            1,
            "price",
            Canonicalisation::default(),
            vec![
                Field::numeric("parking", true, range),
                Field::numeric("ratio", false, Some(TrainingRange { min: -1.0, max: 1.0, median: 0.0 })),
                Field::categorical("mainroad", &["yes", "no"], None),
                Field::numeric("opt", false, None).nullable(),
            ],
        )
        .unwrap()
    }

    fn run(name: &str, raw: Raw<'_>) -> Result<Cell, Issue> {
        let s = sig();
        let f = s.field(name).unwrap().clone();
        check(&s, &f, raw)
    }

    #[test]
    fn yes_in_any_case_or_padding_is_the_same_level() {
        for text in ["YES", " yes ", "yes", "Yes\t"] {
            assert_eq!(run("mainroad", Raw::Json(&json!(text))), Ok(Cell::Code(Some(1))), "{text:?}");
            assert_eq!(run("mainroad", Raw::Text(text)), Ok(Cell::Code(Some(1))), "{text:?}");
        }
    }

    #[test]
    fn unknown_category_lists_allowed_levels() {
        let issue = run("mainroad", Raw::Json(&json!("Maybe"))).unwrap_err();
        assert_eq!(issue.kind, "enum");
        assert_eq!(issue.msg, "Input should be 'no' or 'yes'");
        assert_eq!(issue.ctx.unwrap()["canonical"], "maybe");
    }

    #[test]
    fn numbers_as_strings_are_refused_in_json_but_parsed_in_csv() {
        let issue = run("parking", Raw::Json(&json!("2"))).unwrap_err();
        assert_eq!(issue.kind, "int_type");
        assert!(issue.msg.contains("unquoted"));
        assert_eq!(run("parking", Raw::Text(" 2 ")), Ok(Cell::Number(2.0)));
        assert_eq!(run("parking", Raw::Text("two")).unwrap_err().kind, "int_parsing");
        assert_eq!(run("ratio", Raw::Text("x")).unwrap_err().kind, "float_parsing");
    }

    #[test]
    fn nan_and_infinity_in_any_spelling_are_refused() {
        for s in ["NaN", "inf", "-Infinity", "1e999"] {
            assert_eq!(run("ratio", Raw::Json(&json!(s))).unwrap_err().kind, "finite_number", "{s}");
        }
        for s in ["inf", "-Infinity", "1e999"] {
            assert_eq!(run("ratio", Raw::Text(s)).unwrap_err().kind, "finite_number", "{s}");
        }
        // In CSV, `NaN` is a missing-value marker, as it was when the training CSV was read.
        assert_eq!(run("ratio", Raw::Text("NaN")).unwrap_err().kind, "missing");
        assert!(matches!(run("opt", Raw::Text("NaN")), Ok(Cell::Number(v)) if v.is_nan()));
    }

    #[test]
    fn integer_fields_take_whole_floats_but_not_fractions() {
        assert_eq!(run("parking", Raw::Json(&json!(2.0))), Ok(Cell::Number(2.0)));
        assert_eq!(run("parking", Raw::Json(&json!(2.5))).unwrap_err().kind, "int_from_float");
    }

    #[test]
    fn negative_counts_are_refused_but_negative_reals_are_not() {
        let issue = run("parking", Raw::Json(&json!(-1))).unwrap_err();
        assert_eq!(issue.kind, "greater_than_equal");
        assert_eq!(run("ratio", Raw::Json(&json!(-5.0))), Ok(Cell::Number(-5.0)), "ranges are informative");
        assert_eq!(run("parking", Raw::Json(&json!(99))), Ok(Cell::Number(99.0)), "above the range is fine");
    }

    #[test]
    fn null_only_where_training_had_missing_values() {
        assert_eq!(run("parking", Raw::Json(&Value::Null)).unwrap_err().kind, "int_type");
        assert!(matches!(run("opt", Raw::Json(&Value::Null)), Ok(Cell::Number(v)) if v.is_nan()));
        assert!(matches!(run("opt", Raw::Text("")), Ok(Cell::Number(v)) if v.is_nan()));
        assert_eq!(run("mainroad", Raw::Json(&Value::Null)).unwrap_err().kind, "string_type");
        assert_eq!(run("mainroad", Raw::Json(&json!("NA"))).unwrap_err().kind, "missing");
        assert_eq!(run("mainroad", Raw::Text(" ")).unwrap_err().kind, "missing");
    }

    #[test]
    fn wrong_json_types_are_refused() {
        assert_eq!(run("mainroad", Raw::Json(&json!(1))).unwrap_err().kind, "string_type");
        assert_eq!(run("ratio", Raw::Json(&json!(true))).unwrap_err().kind, "float_type");
        assert_eq!(run("ratio", Raw::Json(&json!([1]))).unwrap_err().kind, "float_type");
    }

    #[test]
    fn expected_levels_reads_like_pydantic() {
        let l = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(expected_levels(&l(&["a"])), "'a'");
        assert_eq!(expected_levels(&l(&["a", "b", "c"])), "'a', 'b' or 'c'");
    }
}
