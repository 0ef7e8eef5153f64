//! The artefacts the training pipeline's tasks pass to each other, with their types.

use crate::data::{CategoricalColumn, Column, ColumnData, NumericColumn, Schema, Split, Table};
use crate::pipeline::Artifact;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The dataset a run trains on, resolved to an exact version.
pub const DATASET: Artifact<TrainingData> = Artifact::new("dataset");
/// What validation found (counts a UI shows; failures stop the run instead).
pub const VALIDATION: Artifact<ValidationSummary> = Artifact::new("validation");
/// Seeded row split.
pub const SPLIT: Artifact<Split> = Artifact::new("split");

/// A resolved dataset: exact version id, table and schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingData {
    /// The exact dataset version id (lineage of everything downstream).
    pub dataset_version: String,
    /// Where it came from, for humans (file name, tag).
    pub source: String,
    /// The rows.
    #[serde(with = "table_json")]
    pub table: Table,
    /// Column kinds, target and canonicalisation.
    pub schema: Schema,
}

/// What the validate task checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidationSummary {
    /// Rows.
    pub rows: usize,
    /// Target column.
    pub target: String,
    /// Numeric feature columns.
    pub numeric_features: Vec<String>,
    /// Categorical feature columns.
    pub categorical_features: Vec<String>,
    /// Missing cells among the features (imputed later).
    pub missing_feature_cells: usize,
}

/// JSON has no NaN: numeric missing values (NaN in [`Table`]) travel as `null` and come back as NaN.
mod table_json {
    use super::*;

    #[derive(Serialize, Deserialize)]
    struct TableRepr {
        columns: Vec<ColumnRepr>,
    }

    #[derive(Serialize, Deserialize)]
    struct ColumnRepr {
        name: String,
        #[serde(flatten)]
        data: DataRepr,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(tag = "kind", rename_all = "snake_case")]
    enum DataRepr {
        Numeric { values: Vec<Option<f64>>, integer: bool },
        Categorical { codes: Vec<Option<u32>>, levels: Vec<String> },
    }

    pub fn serialize<S: Serializer>(table: &Table, s: S) -> Result<S::Ok, S::Error> {
        let columns = table
            .columns()
            .iter()
            .map(|c| ColumnRepr {
                name: c.name.clone(),
                data: match &c.data {
                    ColumnData::Numeric(n) => DataRepr::Numeric {
                        values: n.values.iter().map(|v| (!v.is_nan()).then_some(*v)).collect(),
                        integer: n.integer,
                    },
                    ColumnData::Categorical(k) => {
                        DataRepr::Categorical { codes: k.codes.clone(), levels: k.levels.clone() }
                    }
                },
            })
            .collect();
        TableRepr { columns }.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Table, D::Error> {
        let repr = TableRepr::deserialize(d)?;
        let columns = repr
            .columns
            .into_iter()
            .map(|c| Column {
                name: c.name,
                data: match c.data {
                    DataRepr::Numeric { values, integer } => ColumnData::Numeric(NumericColumn {
                        values: values.into_iter().map(|v| v.unwrap_or(f64::NAN)).collect(),
                        integer,
                    }),
                    DataRepr::Categorical { codes, levels } => {
                        ColumnData::Categorical(CategoricalColumn { codes, levels })
                    }
                },
            })
            .collect();
        Table::new(columns).map_err(serde::de::Error::custom)
    }
}

/// The chosen model, refitted on train ∪ validation rows.
pub const MODEL: Artifact<crate::train::TrainedModel> = Artifact::new("model");
/// Every candidate's validation score and the winner.
pub const SELECTION: Artifact<crate::train::Selection> = Artifact::new("selection");
/// The chosen model's metrics on the test rows.
pub const EVALUATION: Artifact<Evaluation> = Artifact::new("evaluation");
/// The gate's verdict.
pub const GATE: Artifact<GateReport> = Artifact::new("gate");
/// The registered model version.
pub const REGISTERED: Artifact<RegisteredVersion> = Artifact::new("registered");

/// Held-out test metrics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// Metrics on the test rows.
    pub metrics: crate::train::Metrics,
    /// How many test rows.
    pub test_rows: usize,
}

/// What the gate decided and against what.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GateReport {
    /// Verdict with one line per check.
    pub decision: crate::train::GateDecision,
    /// Thresholds applied.
    pub thresholds: crate::train::GateThresholds,
    /// Champion version compared against, and its metrics on the same test rows.
    pub champion: Option<(u32, crate::train::Metrics)>,
}

/// A registered version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisteredVersion {
    /// Model name.
    pub model: String,
    /// Version number.
    pub version: u32,
    /// Bundle address.
    pub bundle_hash: String,
}
