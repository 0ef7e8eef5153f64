//! A model's input contract: which fields a prediction request must carry, of which type, and what
//! training saw in them.
//!
//! Everything the service checks and documents (validation, OpenAPI, examples) is derived from this
//! one value, so the documentation cannot drift from the checks.

use serde::{Deserialize, Serialize};

use crate::data::profile::CategoryCount;
use crate::data::Canonicalisation;
use crate::data::{profile_table, ColumnKind, ColumnStats, Schema, Table, TableProfile};

/// What training saw in a numeric column: informative, not enforced (a value outside it is still
/// predicted), except that a count-like column never goes negative.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TrainingRange {
    /// Smallest value seen.
    pub min: f64,
    /// Largest value seen.
    pub max: f64,
    /// Median (numpy's definition: mean of the two middle values for an even count), used as the
    /// documentation example.
    pub median: f64,
}

/// A numeric input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NumericField {
    /// Training held only whole numbers, so requests must too (`2.5` bedrooms is refused).
    pub integer: bool,
    /// Range seen in training; `None` when training had no values in the column.
    pub training: Option<TrainingRange>,
}

impl NumericField {
    /// A count-like column (integers never negative in training): negative values are refused,
    /// because no model trained on counts can say anything about `-2` bedrooms.
    pub fn non_negative(&self) -> bool {
        self.integer && self.training.is_some_and(|r| r.min >= 0.0)
    }
}

/// A categorical input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoricalField {
    /// Allowed canonical values, sorted by byte order (the order of the table's level list).
    pub levels: Vec<String>,
    /// Index into `levels` of the most frequent training value, the documentation example.
    pub most_frequent: Option<usize>,
}

impl CategoricalField {
    /// The code of a canonical value, if it is a known level.
    pub fn code_of(&self, canonical: &str) -> Option<u32> {
        self.levels.binary_search_by(|l| l.as_str().cmp(canonical)).ok().map(|i| i as u32)
    }
}

/// The type of one input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FieldKind {
    /// A number.
    Numeric(NumericField),
    /// One of a fixed set of text values.
    Categorical(CategoricalField),
}

/// One named input of the model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    /// Column name, as in the training data.
    pub name: String,
    /// Its type and what training saw.
    pub kind: FieldKind,
    /// Training had missing values here, so the fitted preprocessor can impute a `null`; otherwise
    /// `null` is refused like any other wrong type.
    pub nullable: bool,
}

impl Field {
    /// A numeric field.
    pub fn numeric(name: &str, integer: bool, training: Option<TrainingRange>) -> Field {
        Field {
            name: name.into(),
            kind: FieldKind::Numeric(NumericField { integer, training }),
            nullable: false,
        }
    }

    /// A categorical field over `levels` (any order; stored sorted and de-duplicated).
    pub fn categorical(name: &str, levels: &[&str], most_frequent: Option<&str>) -> Field {
        let mut levels: Vec<String> = levels.iter().map(|s| s.to_string()).collect();
        levels.sort();
        levels.dedup();
        let most_frequent = most_frequent.and_then(|m| levels.iter().position(|l| l == m));
        Field {
            name: name.into(),
            kind: FieldKind::Categorical(CategoricalField { levels, most_frequent }),
            nullable: false,
        }
    }

    /// The same field, accepting `null`.
    pub fn nullable(mut self) -> Field {
        self.nullable = true;
        self
    }
}

/// Why a signature is not usable.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SignatureError {
    /// A model needs at least one input.
    #[error("a signature needs at least one field")]
    NoFields,
    /// Two inputs share a name.
    #[error("duplicate field `{0}`")]
    DuplicateField(String),
    /// The target cannot also be an input.
    #[error("the target `{0}` is also listed as an input field")]
    TargetIsField(String),
    /// A categorical field with nothing allowed could never be satisfied.
    #[error("categorical field `{0}` has no levels")]
    NoLevels(String),
    /// Levels must be sorted, unique and canonical, or lookups and codes would disagree with training.
    #[error("categorical field `{field}`: level `{level}` is not sorted, unique and canonical")]
    BadLevel {
        /// Field name.
        field: String,
        /// The offending level.
        level: String,
    },
    /// The most-frequent index points past the levels.
    #[error("categorical field `{0}`: most_frequent is out of range")]
    BadMostFrequent(String),
    /// A training range must be finite with min ≤ median ≤ max.
    #[error("numeric field `{0}`: training range is not finite and ordered")]
    BadRange(String),
    /// The training profile lacks a column of the schema, or profiles it as another kind.
    #[error("the training profile has no matching statistics for column `{0}`")]
    MissingProfile(String),
    /// The training table has no column for the target.
    #[error("training table has no target column `{0}`")]
    MissingTarget(String),
}

/// Serialised form; deserialisation goes through [`Signature::new`] so a stored signature is checked
/// like a built one.
#[derive(Deserialize)]
struct SignatureRepr {
    model: String,
    version: u32,
    target: String,
    canonicalisation: Canonicalisation,
    fields: Vec<Field>,
}

impl TryFrom<SignatureRepr> for Signature {
    type Error = SignatureError;
    fn try_from(r: SignatureRepr) -> Result<Self, Self::Error> {
        Signature::new(&r.model, r.version, &r.target, r.canonicalisation, r.fields)
    }
}

/// The input contract of one model version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "SignatureRepr")]
pub struct Signature {
    model: String,
    version: u32,
    target: String,
    canonicalisation: Canonicalisation,
    fields: Vec<Field>,
}

impl Signature {
    /// Checks and assembles a signature.
    pub fn new(
        model: &str,
        version: u32,
        target: &str,
        canonicalisation: Canonicalisation,
        fields: Vec<Field>,
    ) -> Result<Signature, SignatureError> {
        if fields.is_empty() {
            return Err(SignatureError::NoFields);
        }
        for (i, f) in fields.iter().enumerate() {
            if fields[..i].iter().any(|g| g.name == f.name) {
                return Err(SignatureError::DuplicateField(f.name.clone()));
            }
            if f.name == target {
                return Err(SignatureError::TargetIsField(f.name.clone()));
            }
            match &f.kind {
                FieldKind::Numeric(n) => {
                    if let Some(r) = n.training {
                        let ok = [r.min, r.max, r.median].iter().all(|v| v.is_finite())
                            && r.min <= r.median
                            && r.median <= r.max;
                        if !ok {
                            return Err(SignatureError::BadRange(f.name.clone()));
                        }
                    }
                }
                FieldKind::Categorical(c) => {
                    if c.levels.is_empty() {
                        return Err(SignatureError::NoLevels(f.name.clone()));
                    }
                    for (j, level) in c.levels.iter().enumerate() {
                        let sorted = j == 0 || c.levels[j - 1] < *level;
                        if !sorted || canonicalisation.apply(level) != *level {
                            return Err(SignatureError::BadLevel {
                                field: f.name.clone(),
                                level: level.clone(),
                            });
                        }
                    }
                    if c.most_frequent.is_some_and(|m| m >= c.levels.len()) {
                        return Err(SignatureError::BadMostFrequent(f.name.clone()));
                    }
                }
            }
        }
        Ok(Signature { model: model.into(), version, target: target.into(), canonicalisation, fields })
    }

    /// The signature of a model trained on data with this schema and training profile: every column but
    /// the target is an input; integer-ness and levels come from the schema, ranges, medians, most
    /// frequent levels and nullability (missing values seen) from the profile.
    pub fn from_schema(
        model: &str,
        version: u32,
        schema: &Schema,
        profile: &TableProfile,
    ) -> Result<Signature, SignatureError> {
        if schema.column(&schema.target).is_none() {
            return Err(SignatureError::MissingTarget(schema.target.clone()));
        }
        let mut fields = Vec::new();
        for c in schema.features() {
            let p = profile.column(&c.name).ok_or_else(|| SignatureError::MissingProfile(c.name.clone()))?;
            let kind = match (&c.kind, &p.stats) {
                (ColumnKind::Numeric { integer }, ColumnStats::Numeric { summary }) => {
                    let training = summary.as_ref().map(|s| TrainingRange {
                        min: s.min,
                        max: s.max,
                        median: s.quantiles.p50,
                    });
                    FieldKind::Numeric(NumericField { integer: *integer, training })
                }
                (ColumnKind::Categorical { levels }, ColumnStats::Categorical { counts }) => {
                    // Ties go to the first level in sorted order, so the choice is deterministic.
                    let best =
                        counts.iter().filter(|c| c.count > 0).fold(None::<&CategoryCount>, |best, c| {
                            match best {
                                Some(b) if b.count >= c.count => Some(b),
                                _ => Some(c),
                            }
                        });
                    let most_frequent = best.and_then(|b| levels.iter().position(|l| *l == b.level));
                    FieldKind::Categorical(CategoricalField { levels: levels.clone(), most_frequent })
                }
                _ => return Err(SignatureError::MissingProfile(c.name.clone())),
            };
            fields.push(Field { name: c.name.clone(), kind, nullable: p.missing > 0 });
        }
        Signature::new(model, version, &schema.target, schema.canonicalisation.clone(), fields)
    }

    /// The signature of a model trained on `table` (profiled here), for callers holding the rows.
    pub fn from_training_table(
        model: &str,
        version: u32,
        table: &Table,
        target: &str,
        canonicalisation: Canonicalisation,
    ) -> Result<Signature, SignatureError> {
        if table.column(target).is_none() {
            return Err(SignatureError::MissingTarget(target.into()));
        }
        let schema = Schema::of(table, target, canonicalisation);
        Signature::from_schema(model, version, &schema, &profile_table(table))
    }

    /// The same contract under another registered name and version: training derives the signature
    /// before registration assigns the version.
    pub fn for_model(mut self, model: &str, version: u32) -> Signature {
        self.model = model.into();
        self.version = version;
        self
    }

    /// Registered model name.
    pub fn model(&self) -> &str {
        &self.model
    }

    /// Registered model version.
    pub fn version(&self) -> u32 {
        self.version
    }

    /// Name of the predicted column.
    pub fn target(&self) -> &str {
        &self.target
    }

    /// The categorical text rule of the training data.
    pub fn canonicalisation(&self) -> &Canonicalisation {
        &self.canonicalisation
    }

    /// Inputs in training column order.
    pub fn fields(&self) -> &[Field] {
        &self.fields
    }

    /// The input with this name.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// Position of the input with this name.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }

    /// A typical record (numeric medians, most frequent levels) for documentation and the health
    /// check's smoke prediction. Fields with no training values get `0` or the first level.
    pub fn example_record(&self) -> serde_json::Map<String, serde_json::Value> {
        self.fields
            .iter()
            .map(|f| {
                let value = match &f.kind {
                    FieldKind::Numeric(n) => {
                        let median = n.training.map_or(0.0, |r| r.median);
                        if n.integer {
                            // A whole-number column's median can sit between two values (x.5).
                            serde_json::Value::from(median.round() as i64)
                        } else {
                            serde_json::Value::from(median)
                        }
                    }
                    FieldKind::Categorical(c) => {
                        serde_json::Value::from(c.levels[c.most_frequent.unwrap_or(0)].clone())
                    }
                };
                (f.name.clone(), value)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{CategoricalColumn, Column, ColumnData, NumericColumn};

    fn training_table() -> Table {
        Table::new(vec![
            Column {
                name: "area".into(),
                data: ColumnData::Numeric(NumericColumn {
                    values: vec![7420.0, 8960.0, 9960.0, 7500.0],
                    integer: true,
                }),
            },
            Column {
                name: "mainroad".into(),
                data: ColumnData::Categorical(CategoricalColumn {
                    codes: vec![Some(1), Some(1), Some(0), None],
                    levels: vec!["no".into(), "yes".into()],
                }),
            },
            Column {
                name: "price".into(),
                data: ColumnData::Numeric(NumericColumn { values: vec![1.0, 2.0, 3.0, 4.0], integer: true }),
            },
        ])
        .unwrap()
    }

    #[test]
    fn training_table_gives_ranges_levels_and_nullability() {
        let sig = Signature::from_training_table(
            "houses",
            3,
            &training_table(),
            "price",
            Canonicalisation::default(),
        )
        .unwrap();
        assert_eq!(sig.fields().len(), 2);
        let area = sig.field("area").unwrap();
        assert_eq!(
            area.kind,
            FieldKind::Numeric(NumericField {
                integer: true,
                training: Some(TrainingRange { min: 7420.0, max: 9960.0, median: 8230.0 })
            })
        );
        assert!(!area.nullable);
        let road = sig.field("mainroad").unwrap();
        assert!(road.nullable, "a missing training value makes the field nullable");
        assert_eq!(
            road.kind,
            FieldKind::Categorical(CategoricalField {
                levels: vec!["no".into(), "yes".into()],
                most_frequent: Some(1)
            })
        );
        assert_eq!(sig.example_record()["mainroad"], "yes");
        assert_eq!(sig.example_record()["area"], 8230);
        let renamed = sig.clone().for_model("prod", 7);
        assert_eq!((renamed.model(), renamed.version(), renamed.fields()), ("prod", 7, sig.fields()));
    }

    #[test]
    fn target_must_exist_and_not_be_an_input() {
        let err =
            Signature::from_training_table("m", 1, &training_table(), "nope", Canonicalisation::verbatim());
        assert_eq!(err.unwrap_err(), SignatureError::MissingTarget("nope".into()));
        let err = Signature::new(
            "m",
            1,
            "area",
            Canonicalisation::verbatim(),
            vec![Field::numeric("area", false, None)],
        );
        assert_eq!(err.unwrap_err(), SignatureError::TargetIsField("area".into()));
    }

    #[test]
    fn non_canonical_levels_are_refused() {
        let err = Signature::new(
            "m",
            1,
            "y",
            Canonicalisation::default(),
            vec![Field::categorical("c", &["Yes", "no"], None)],
        );
        assert!(matches!(err.unwrap_err(), SignatureError::BadLevel { level, .. } if level == "Yes"));
    }

    #[test]
    fn deserialising_checks_invariants() {
        let sig = Signature::new(
            "m",
            1,
            "y",
            Canonicalisation::default(),
            vec![Field::categorical("c", &["yes", "no"], Some("no")), Field::numeric("n", true, None)],
        )
        .unwrap();
        let json = serde_json::to_string(&sig).unwrap();
        assert_eq!(serde_json::from_str::<Signature>(&json).unwrap(), sig);
        let dup = json.replace("\"name\":\"n\"", "\"name\":\"c\"");
        assert!(serde_json::from_str::<Signature>(&dup).unwrap_err().to_string().contains("duplicate"));
    }

    #[test]
    fn only_integer_columns_never_negative_in_training_are_counts() {
        let r = |min| Some(TrainingRange { min, max: 5.0, median: 2.0 });
        assert!(NumericField { integer: true, training: r(0.0) }.non_negative());
        assert!(!NumericField { integer: true, training: r(-1.0) }.non_negative());
        assert!(!NumericField { integer: false, training: r(0.0) }.non_negative());
        assert!(!NumericField { integer: true, training: None }.non_negative());
    }
}
