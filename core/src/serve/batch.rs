//! The validated rows of a request, whatever format they came in.

use serde_json::Value;

use super::cell::{check, Cell, Raw};
use super::error::{ApiError, FieldError, LocPart};
use super::signature::{FieldKind, Signature};
use crate::data::{CategoricalColumn, Column, ColumnData, NumericColumn, Table};

/// Rows that passed validation against a signature: one column per field, in signature order,
/// categorical codes into the signature's levels. Only the request parsers build one, so holding a
/// `Batch` means the rows fit the model.
#[derive(Debug, Clone, PartialEq)]
pub struct Batch {
    table: Table,
}

impl Batch {
    /// The rows as a table, ready for the model's preprocessor.
    pub fn table(&self) -> &Table {
        &self.table
    }

    /// Number of rows.
    pub fn n_rows(&self) -> usize {
        self.table.n_rows()
    }

    /// The rows as a table, by value.
    pub fn into_table(self) -> Table {
        self.table
    }
}

/// At most this many errors are listed in one 422 (a 10,000-row batch of garbage would otherwise
/// answer with megabytes); the count of the rest is reported in a final entry.
pub const MAX_LISTED_ERRORS: usize = 1000;

enum Acc {
    Num(Vec<f64>),
    Cat(Vec<Option<u32>>),
}

/// Collects checked cells and every error, then yields a [`Batch`] or a 422 listing all of them.
pub(crate) struct BatchBuilder<'s> {
    sig: &'s Signature,
    columns: Vec<Acc>,
    n_rows: usize,
    errors: Vec<FieldError>,
    unlisted: usize,
}

impl<'s> BatchBuilder<'s> {
    /// A builder for `n_rows` rows, every cell missing until set.
    pub(crate) fn new(sig: &'s Signature, n_rows: usize) -> Self {
        let columns = sig
            .fields()
            .iter()
            .map(|f| match f.kind {
                FieldKind::Numeric(_) => Acc::Num(vec![f64::NAN; n_rows]),
                FieldKind::Categorical(_) => Acc::Cat(vec![None; n_rows]),
            })
            .collect();
        BatchBuilder { sig, columns, n_rows, errors: Vec::new(), unlisted: 0 }
    }

    /// Appends a row with every cell missing and returns its index: for readers that learn the
    /// row count only as they go (the streaming records path).
    pub(crate) fn push_row(&mut self) -> usize {
        for col in &mut self.columns {
            match col {
                Acc::Num(v) => v.push(f64::NAN),
                Acc::Cat(v) => v.push(None),
            }
        }
        self.n_rows += 1;
        self.n_rows - 1
    }

    /// Stores a cell that already passed [`check`] for field number `field`.
    pub(crate) fn put(&mut self, row: usize, field: usize, cell: Cell) {
        match (&mut self.columns[field], cell) {
            (Acc::Num(col), Cell::Number(v)) => col[row] = v,
            (Acc::Cat(col), Cell::Code(c)) => col[row] = c,
            // `check` answers by the field's kind, which is the accumulator's kind.
            _ => {}
        }
    }

    /// The signature being checked against.
    pub(crate) fn signature(&self) -> &'s Signature {
        self.sig
    }

    /// Records an error.
    pub(crate) fn error(&mut self, error: FieldError) {
        if self.errors.len() < MAX_LISTED_ERRORS {
            self.errors.push(error);
        } else {
            self.unlisted += 1;
        }
    }

    /// Checks `raw` for field number `field` and stores it at `row`, or records why not at `loc()`
    /// (built only on error: valid rows allocate no locations).
    pub(crate) fn set(&mut self, row: usize, field: usize, raw: Raw<'_>, loc: impl FnOnce() -> Vec<LocPart>) {
        let f = &self.sig.fields()[field];
        match check(self.sig, f, raw) {
            Ok(cell) => self.put(row, field, cell),
            Err(issue) => {
                let mut e = FieldError::new(loc(), issue.kind, issue.msg).with_input(raw.to_json());
                e.ctx = issue.ctx;
                self.error(e);
            }
        }
    }

    /// Records that field number `field` is absent at `loc`.
    pub(crate) fn missing(&mut self, loc: Vec<LocPart>) {
        self.error(FieldError::new(loc, "missing", "Field required"));
    }

    /// Records a key that is not an input; the target gets its own explanation since sending a
    /// whole training row is the likeliest way to get here.
    pub(crate) fn extra(&mut self, key: &str, value: Option<&Value>, loc: Vec<LocPart>) {
        let msg = if key == self.sig.target() {
            format!("Extra inputs are not permitted: `{key}` is the model's target, the value it predicts")
        } else {
            "Extra inputs are not permitted".to_owned()
        };
        let mut e = FieldError::new(loc, "extra_forbidden", msg);
        e.input = value.cloned();
        self.error(e);
    }

    /// Checks one JSON record (`{"field": value, ...}`) into `row`; `prefix` locates it in the body.
    pub(crate) fn record(&mut self, row: usize, value: &Value, prefix: &[LocPart]) {
        let at = |key: &str| {
            let mut l = prefix.to_vec();
            l.push(LocPart::Key(key.to_owned()));
            l
        };
        let Value::Object(map) = value else {
            self.error(
                FieldError::new(
                    prefix.to_vec(),
                    "model_attributes_type",
                    "Input should be a valid dictionary or object to extract fields from",
                )
                .with_input(value.clone()),
            );
            return;
        };
        let sig = self.sig;
        for (i, f) in sig.fields().iter().enumerate() {
            match map.get(&f.name) {
                Some(v) => self.set(row, i, Raw::Json(v), || at(&f.name)),
                None => self.missing(at(&f.name)),
            }
        }
        for (key, v) in map {
            if self.sig.position(key).is_none() {
                self.extra(key, Some(v), at(key));
            }
        }
    }

    /// The batch, or a 422 naming every recorded error.
    pub(crate) fn finish(mut self) -> Result<Batch, ApiError> {
        if self.unlisted > 0 {
            let n = self.unlisted;
            self.errors.push(FieldError::new(
                vec![LocPart::Key("body".into())],
                "too_many_errors",
                format!("{n} more errors not listed (only the first {MAX_LISTED_ERRORS} are)"),
            ));
        }
        if !self.errors.is_empty() {
            return Err(ApiError::Validation(self.errors));
        }
        let columns = self
            .sig
            .fields()
            .iter()
            .zip(self.columns)
            .map(|(f, acc)| Column {
                name: f.name.clone(),
                data: match (acc, &f.kind) {
                    (Acc::Num(values), FieldKind::Numeric(n)) => {
                        ColumnData::Numeric(NumericColumn { values, integer: n.integer })
                    }
                    (Acc::Cat(codes), FieldKind::Categorical(c)) => {
                        ColumnData::Categorical(CategoricalColumn { codes, levels: c.levels.clone() })
                    }
                    // `new` builds each accumulator from the field's kind, so kinds always agree.
                    (Acc::Num(values), _) => ColumnData::Numeric(NumericColumn { values, integer: false }),
                    (Acc::Cat(codes), _) => {
                        ColumnData::Categorical(CategoricalColumn { codes, levels: Vec::new() })
                    }
                },
            })
            .collect();
        Table::new(columns).map(|table| Batch { table }).map_err(|e| ApiError::Internal(e.to_string()))
    }
}
