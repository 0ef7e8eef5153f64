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
use crate::serve::cell::{check, Cell, Raw};
use crate::serve::limits::Limits;
use crate::serve::signature::Signature;

mod split;

use split::Split;

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
    let mut reader = Reader { b: BatchBuilder::new(sig, 0), limits, shape };
    let mut de = serde_json::Deserializer::from_slice(body);
    (&mut de).deserialize_map(Top(&mut reader)).ok()?;
    de.end().ok()?;
    // An empty list (or a split frame without data) is the full path's to refuse.
    reader.b.finish().ok().filter(|batch| batch.n_rows() > 0)
}

/// Any reason to leave the fast path; its text is never shown (the full path reports instead).
fn give_up<E: de::Error>() -> E {
    E::custom("not on the fast path")
}

struct Reader<'s, 'l> {
    b: BatchBuilder<'s>,
    limits: &'l Limits,
    shape: Shape,
}

impl<'s> Reader<'s, '_> {
    /// The signature the rows are checked against.
    fn sig(&self) -> &'s Signature {
        self.b.signature()
    }

    /// A key seed that knows only the signature's fields.
    fn fields_only(&self) -> KeySeed<'s> {
        KeySeed { sig: self.sig(), lists: &[], split: false }
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
        let cell = map.next_value_seed(CellSeed { sig: self.sig(), field: i })?;
        self.b.put(row, i, cell);
        Ok(())
    }

    /// Reads the rest of a record whose first key is `first` (already read), or gives up.
    fn record<'de, A: MapAccess<'de>>(&mut self, first: Key, map: &mut A) -> Result<(), A::Error> {
        let row = self.push_row()?;
        let mut seen = vec![false; self.sig().fields().len()];
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
        let top = KeySeed { sig: reader.sig(), lists: reader.shape.lists, split: reader.shape.split };
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
        while seq.next_element_seed(Record(&mut *self.0))?.is_some() {}
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

/// One value, checked for field number `field` as it is read.
struct CellSeed<'s> {
    sig: &'s Signature,
    field: usize,
}

impl CellSeed<'_> {
    fn check<E: de::Error>(&self, raw: Raw<'_>) -> Result<Cell, E> {
        check(self.sig, &self.sig.fields()[self.field], raw).map_err(|_| give_up())
    }

    fn number<E: de::Error>(&self, n: Number) -> Result<Cell, E> {
        self.check(Raw::Json(&Value::Number(n)))
    }
}

impl<'de> DeserializeSeed<'de> for CellSeed<'_> {
    type Value = Cell;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl Visitor<'_> for CellSeed<'_> {
    type Value = Cell;
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
mod tests;
