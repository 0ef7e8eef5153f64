//! The fast path for the commonest prediction body, a list of complete and valid records
//! (`{"dataframe_records": [...]}`, `{"instances": [...]}`, or one bare record on `/v1`): the JSON is
//! read straight into columns, with no `serde_json::Value` tree.
//!
//! Why: building the tree was two thirds of a 100-row `/invocations` call (111 of 176 µs natively,
//! `cargo bench -p hearth-core --bench serve`): one heap string per key and a map per record.
//!
//! It only ever accepts what the full path accepts, with the same cells: every value goes through
//! the same [`check`], and at the first thing it does not handle (malformed JSON, a missing, unknown
//! or repeated field, a value that fails its check, any other top-level key, an empty or too long
//! list) it gives up with `None`, and the caller runs the full path, which names every problem.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Number, Value};

use crate::serve::batch::{Batch, BatchBuilder};
use crate::serve::cell::{check, Raw};
use crate::serve::limits::Limits;
use crate::serve::signature::Signature;

/// What the top-level object may be.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shape {
    /// Keys whose value is the list of records (exactly one of them, and nothing else, may appear).
    pub lists: &'static [&'static str],
    /// Whether the top-level object may itself be the one record (`/v1` predict).
    pub bare_record: bool,
}

/// The validated rows, or `None` when the full path must decide.
pub(crate) fn read_records(sig: &Signature, limits: &Limits, body: &[u8], shape: Shape) -> Option<Batch> {
    let mut reader = Reader { b: BatchBuilder::new(sig, 0), sig, limits, shape };
    let mut de = serde_json::Deserializer::from_slice(body);
    (&mut de).deserialize_map(Top(&mut reader)).ok()?;
    de.end().ok()?;
    reader.b.finish().ok()
}

/// Any reason to leave the fast path; its text is never shown (the full path reports instead).
fn give_up<E: de::Error>() -> E {
    E::custom("not on the fast path")
}

struct Reader<'s, 'l> {
    b: BatchBuilder<'s>,
    sig: &'s Signature,
    limits: &'l Limits,
    shape: Shape,
}

impl Reader<'_, '_> {
    /// Reads `key`'s value into `row` (a field seen for the first time), or gives up.
    fn field<'de, A: MapAccess<'de>>(
        &mut self,
        row: usize,
        key: Key,
        seen: &mut [bool],
        map: &mut A,
    ) -> Result<(), A::Error> {
        let Key::Field(i) = key else { return Err(give_up()) };
        if std::mem::replace(&mut seen[i], true) {
            return Err(give_up());
        }
        let cell = map.next_value_seed(CellSeed { sig: self.sig, field: i })?;
        self.b.put(row, i, cell);
        Ok(())
    }

    /// Reads the rest of a record whose first key is `first` (already read), or gives up.
    fn record<'de, A: MapAccess<'de>>(&mut self, first: Key, map: &mut A) -> Result<(), A::Error> {
        let row = self.b.push_row();
        if self.limits.check_rows(row + 1).is_err() {
            return Err(give_up());
        }
        let mut seen = vec![false; self.sig.fields().len()];
        self.field(row, first, &mut seen, map)?;
        while let Some(key) = map.next_key_seed(KeySeed { sig: self.sig, lists: &[] })? {
            self.field(row, key, &mut seen, map)?;
        }
        if seen.iter().all(|&s| s) {
            Ok(())
        } else {
            Err(give_up())
        }
    }
}

/// A key, resolved as it is read (no string is kept).
#[derive(Debug, Clone, Copy)]
enum Key {
    Field(usize),
    List,
    Other,
}

struct KeySeed<'s> {
    sig: &'s Signature,
    lists: &'static [&'static str],
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Key;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed<'_> {
    type Value = Key;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        if self.lists.contains(&key) {
            return Ok(Key::List);
        }
        Ok(self.sig.position(key).map_or(Key::Other, Key::Field))
    }
}

/// The top-level object.
struct Top<'r, 's, 'l>(&'r mut Reader<'s, 'l>);

impl<'de> Visitor<'de> for Top<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let reader = self.0;
        let lists = reader.shape.lists;
        match map.next_key_seed(KeySeed { sig: reader.sig, lists })? {
            Some(Key::List) => {
                map.next_value_seed(Rows(reader))?;
                match map.next_key_seed(KeySeed { sig: reader.sig, lists })? {
                    None => Ok(()),
                    Some(_) => Err(give_up()),
                }
            }
            Some(first @ Key::Field(_)) if reader.shape.bare_record => reader.record(first, &mut map),
            _ => Err(give_up()),
        }
    }
}

/// The list of records.
struct Rows<'r, 's, 'l>(&'r mut Reader<'s, 'l>);

impl<'de> DeserializeSeed<'de> for Rows<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Rows<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of records")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut rows = 0;
        while seq.next_element_seed(Record(self.0))?.is_some() {
            rows += 1;
        }
        if rows == 0 {
            return Err(give_up());
        }
        Ok(())
    }
}

/// One record of the list.
struct Record<'r, 's, 'l>(&'r mut Reader<'s, 'l>);

impl<'de> DeserializeSeed<'de> for Record<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Record<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a record")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let reader = self.0;
        match map.next_key_seed(KeySeed { sig: reader.sig, lists: &[] })? {
            Some(first) => reader.record(first, &mut map),
            None => Err(give_up()),
        }
    }
}

/// One value, checked for field number `field` as it is read.
struct CellSeed<'s> {
    sig: &'s Signature,
    field: usize,
}

impl CellSeed<'_> {
    fn check<E: de::Error>(&self, raw: Raw<'_>) -> Result<crate::serve::cell::Cell, E> {
        check(self.sig, &self.sig.fields()[self.field], raw).map_err(|_| give_up())
    }

    fn number<E: de::Error>(&self, n: Number) -> Result<crate::serve::cell::Cell, E> {
        self.check(Raw::Json(&Value::Number(n)))
    }
}

impl<'de> DeserializeSeed<'de> for CellSeed<'_> {
    type Value = crate::serve::cell::Cell;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl Visitor<'_> for CellSeed<'_> {
    type Value = crate::serve::cell::Cell;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number, a string or null")
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.number(v.into())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.number(v.into())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        // serde_json never yields a non-finite f64 (1e999 is a parse error, left to the full path).
        self.number(Number::from_f64(v).ok_or_else(give_up)?)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        self.check(Raw::JsonStr(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.check(Raw::Json(&Value::Null))
    }
    // Booleans, lists and objects: never valid cells, so the full path explains them.
}

#[cfg(test)]
mod tests {
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
        bodies.push(r#"{"dataframe_split": {"columns": ["parking"], "data": [[1]]}}"#.to_string());
        bodies.push(ROW.into());
        bodies
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
                    let plain = !body.contains("params") && !repeated;
                    assert!(expected.is_err() || !plain, "fast path declined a plain valid body: {body}");
                }
            }
        }
        fast
    }

    #[test]
    fn mlflow_record_lists_agree_with_the_full_reader() {
        let sig = sig(false);
        let taken = agree(|_| mlflow::RECORD_LISTS, mlflow::parse_json_body, &mlflow_bodies(), &sig);
        assert_eq!(taken, 2 * valid_rows().len(), "every valid two-row list, in both formats");
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
        let fast = read_records(&sig, &limits, body.as_bytes(), mlflow::RECORD_LISTS).expect("fast path");
        let full = mlflow::parse_json_body(&sig, &limits, body.as_bytes()).unwrap();
        assert_eq!(format!("{:?}", fast.table()), format!("{:?}", full.table()));
        assert_eq!(fast.n_rows(), 4);
    }
}
