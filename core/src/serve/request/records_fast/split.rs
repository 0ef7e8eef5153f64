//! `dataframe_split` for the streaming reader: pandas' split orientation, columns before data.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::{give_up, CellSeed, Reader};
use crate::serve::signature::Signature;

/// `{"columns": [...], "index": [...]?, "data": [[...], ...]}`, columns before data.
pub(super) struct Split<'r, 's, 'l>(pub(super) &'r mut Reader<'s, 'l>);

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
                "columns" if slots.is_none() => slots = Some(map.next_value_seed(Columns(reader.sig()))?),
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
        // No `data` means no rows, which `read_records` leaves to the full path.
        Ok(())
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
        while seq.next_element_seed(SplitRow { reader: &mut *reader, slots })?.is_some() {}
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
            let cell = seq.next_element_seed(CellSeed { sig: reader.sig(), field })?.ok_or_else(give_up)?;
            reader.b.put(row, field, cell);
        }
        match seq.next_element::<de::IgnoredAny>()? {
            None => Ok(()),
            Some(_) => Err(give_up()),
        }
    }
}
