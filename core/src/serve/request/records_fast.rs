//! The fast path for the commonest prediction bodies when they are complete and valid: a list of
//! records (`{"dataframe_records": [...]}`, `{"instances": [...]}`), pandas' split orientation
//! (`{"dataframe_split": {"columns": [...], "data": [[...]]}}`, columns before data, as pandas and
//! MLflow's client write it) or one bare record on `/v1`. The JSON is read straight into columns, with
//! no `serde_json::Value` tree.
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
    /// Whether `dataframe_split` may be the one key instead.
    pub split: bool,
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

impl<'s> Reader<'s, '_> {
    /// A key seed that knows only the signature's fields.
    fn fields_only(&self) -> KeySeed<'s> {
        KeySeed { sig: self.sig, lists: &[], split: false }
    }

    /// A row more, or a give-up past the row limit.
    fn push_row<E: de::Error>(&mut self) -> Result<usize, E> {
        let row = self.b.push_row();
        if self.limits.check_rows(row + 1).is_err() {
            return Err(give_up());
        }
        Ok(row)
    }

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
        let row = self.push_row()?;
        let mut seen = vec![false; self.sig.fields().len()];
        self.field(row, first, &mut seen, map)?;
        while let Some(key) = map.next_key_seed(self.fields_only())? {
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
    Split,
    Other,
}

#[derive(Clone, Copy)]
struct KeySeed<'s> {
    sig: &'s Signature,
    lists: &'static [&'static str],
    split: bool,
}

/// MLflow's key for pandas' split orientation.
const SPLIT: &str = "dataframe_split";

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
        if self.split && key == SPLIT {
            return Ok(Key::Split);
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
        let top = KeySeed { sig: reader.sig, lists: reader.shape.lists, split: reader.shape.split };
        let only = |map: &mut A| match map.next_key_seed(top)? {
            None => Ok(()),
            Some(_) => Err(give_up()),
        };
        match map.next_key_seed(top)? {
            Some(Key::List) => {
                map.next_value_seed(Rows(reader))?;
                only(&mut map)
            }
            Some(Key::Split) => {
                map.next_value_seed(Split(reader))?;
                only(&mut map)
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
        match map.next_key_seed(reader.fields_only())? {
            Some(first) => reader.record(first, &mut map),
            None => Err(give_up()),
        }
    }
}

/// `{"columns": [...], "index": [...]?, "data": [[...], ...]}`, columns before data.
struct Split<'r, 's, 'l>(&'r mut Reader<'s, 'l>);

impl<'de> DeserializeSeed<'de> for Split<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Split<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a split data frame")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let reader = self.0;
        let (mut slots, mut index, mut data) = (None, false, false);
        // A key with escapes is not a borrowable `&str`: that error, too, leaves it to the full path.
        while let Some(key) = map.next_key::<&str>()? {
            match key {
                "columns" if slots.is_none() => slots = Some(map.next_value_seed(Columns(reader.sig))?),
                "index" if !index => {
                    map.next_value_seed(Index)?;
                    index = true;
                }
                "data" if !data => {
                    let slots = slots.as_deref().ok_or_else(give_up)?;
                    map.next_value_seed(SplitRows { reader: &mut *reader, slots })?;
                    data = true;
                }
                _ => return Err(give_up()),
            }
        }
        if data {
            Ok(())
        } else {
            Err(give_up())
        }
    }
}

/// The column names: every input exactly once, nothing else; yields each position's field.
struct Columns<'s>(&'s Signature);

impl<'de> DeserializeSeed<'de> for Columns<'_> {
    type Value = Vec<usize>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<usize>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Columns<'_> {
    type Value = Vec<usize>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("column names")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<usize>, A::Error> {
        let sig = self.0;
        let mut slots = Vec::with_capacity(sig.fields().len());
        while let Some(name) = seq.next_element::<&str>()? {
            match sig.position(name) {
                Some(i) if !slots.contains(&i) => slots.push(i),
                _ => return Err(give_up()),
            }
        }
        if slots.len() == sig.fields().len() {
            Ok(slots)
        } else {
            Err(give_up())
        }
    }
}

/// The row labels: `null` or a list (predictions are positional, so the labels are not kept).
struct Index;

impl<'de> DeserializeSeed<'de> for Index {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Index {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("null or a list")
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok(())
    }
}

/// `data`: rows of values, value `j` for field `slots[j]`.
struct SplitRows<'r, 's, 'l, 'c> {
    reader: &'r mut Reader<'s, 'l>,
    slots: &'c [usize],
}

impl<'de> DeserializeSeed<'de> for SplitRows<'_, '_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for SplitRows<'_, '_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("rows")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let SplitRows { reader, slots } = self;
        let mut rows = 0;
        while seq.next_element_seed(SplitRow { reader: &mut *reader, slots })?.is_some() {
            rows += 1;
        }
        if rows == 0 {
            return Err(give_up());
        }
        Ok(())
    }
}

/// One row of `data`, exactly one value per column.
struct SplitRow<'r, 's, 'l, 'c> {
    reader: &'r mut Reader<'s, 'l>,
    slots: &'c [usize],
}

impl<'de> DeserializeSeed<'de> for SplitRow<'_, '_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for SplitRow<'_, '_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a row")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let SplitRow { reader, slots } = self;
        let row = reader.push_row()?;
        for &field in slots {
            let cell = seq.next_element_seed(CellSeed { sig: reader.sig, field })?.ok_or_else(give_up)?;
            reader.b.put(row, field, cell);
        }
        match seq.next_element::<de::IgnoredAny>()? {
            None => Ok(()),
            Some(_) => Err(give_up()),
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
            split(
                r#""columns": ["mainroad", "parking", "opt", "ratio", "x"], "data": [["yes", 2, 1.5, 0, 1]]"#,
            ),
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
}
