//! The fitted preprocessor: one step per feature column, in table order.

use ndarray::Array2;
use serde::{Deserialize, Serialize};

use super::{
    CategoricalEncoding, FeatureError, LogFeature, NumericScaling, PreprocessorParams, UnknownCategory,
};
use crate::data::{ColumnData, Table};

/// Model inputs: one row per table row, one column per output feature.
pub type Matrix = Array2<f64>;

/// How one source column becomes model inputs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FeatureStep {
    /// A numeric column: one standardised output.
    Numeric {
        /// Source column name.
        column: String,
        /// Learnt statistics.
        scaling: NumericScaling,
    },
    /// A categorical column: one 0/1 output per training level.
    Categorical {
        /// Source column name.
        column: String,
        /// Learnt levels.
        encoding: CategoricalEncoding,
    },
}

impl FeatureStep {
    fn column(&self) -> &str {
        match self {
            FeatureStep::Numeric { column, .. } | FeatureStep::Categorical { column, .. } => column,
        }
    }

    fn width(&self) -> usize {
        match self {
            FeatureStep::Numeric { .. } => 1,
            FeatureStep::Categorical { encoding, .. } => encoding.levels.len(),
        }
    }
}

/// Fitted preprocessing, serialisable into a model bundle so serving applies exactly what
/// training applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Preprocessor {
    /// The target column set aside.
    pub target: String,
    /// One step per feature column, in the training table's column order.
    pub steps: Vec<FeatureStep>,
    /// Policy for categories unseen in training.
    pub unknown_category: UnknownCategory,
    /// Log inputs, output after every step's (only with [`PreprocessorParams::log_features`];
    /// absent from the bytes when empty, so preprocessors without them serialise as before).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub log_features: Vec<LogFeature>,
}

/// Which model inputs are the plain ones and which log input stands in for which plain one:
/// what a model spec's [`FeatureSet`](crate::train::FeatureSet) is resolved against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeatureLayout {
    /// The plain inputs are `0..base`.
    pub base: usize,
    /// `(plain input, log input)` pairs; the log inputs are `base..`.
    pub swaps: Vec<(usize, usize)>,
}

impl Preprocessor {
    pub(super) fn fit(params: &PreprocessorParams, table: &Table) -> Result<Self, FeatureError> {
        if table.n_rows() == 0 {
            return Err(FeatureError::EmptyTable);
        }
        target_values(table, &params.target)?;
        let steps: Vec<FeatureStep> = table
            .columns()
            .iter()
            .filter(|c| c.name != params.target)
            .map(|c| match &c.data {
                ColumnData::Numeric(n) => {
                    FeatureStep::Numeric { column: c.name.clone(), scaling: NumericScaling::fit(&n.values) }
                }
                ColumnData::Categorical(k) => {
                    FeatureStep::Categorical { column: c.name.clone(), encoding: CategoricalEncoding::fit(k) }
                }
            })
            .collect();
        if steps.is_empty() {
            return Err(FeatureError::NoFeatures(params.target.clone()));
        }
        let mut log_features = Vec::new();
        if params.log_features {
            let mut offset = 0;
            for step in &steps {
                if let (FeatureStep::Numeric { column, .. }, Some(c)) = (step, table.column(step.column())) {
                    if let ColumnData::Numeric(n) = &c.data {
                        log_features.extend(LogFeature::fit(column, offset, &n.values));
                    }
                }
                offset += step.width();
            }
        }
        Ok(Preprocessor {
            target: params.target.clone(),
            steps,
            unknown_category: params.unknown_category,
            log_features,
        })
    }

    /// Number of plain model inputs (before the log inputs).
    fn n_plain(&self) -> usize {
        self.steps.iter().map(FeatureStep::width).sum()
    }

    /// Number of model inputs.
    pub fn n_outputs(&self) -> usize {
        self.n_plain() + self.log_features.len()
    }

    /// The plain inputs and the log inputs that may replace them.
    pub fn layout(&self) -> FeatureLayout {
        let base = self.n_plain();
        FeatureLayout {
            base,
            swaps: self.log_features.iter().enumerate().map(|(i, f)| (f.replaces, base + i)).collect(),
        }
    }

    /// Names of the model inputs: the column name for numbers, `column=level` for categories.
    pub fn feature_names(&self) -> Vec<String> {
        self.steps
            .iter()
            .flat_map(|s| match s {
                FeatureStep::Numeric { column, .. } => vec![column.clone()],
                FeatureStep::Categorical { column, encoding } => {
                    encoding.levels.iter().map(|l| format!("{column}={l}")).collect()
                }
            })
            .chain(self.log_features.iter().map(|f| format!("log1p({})", f.column)))
            .collect()
    }

    /// Turns rows into model inputs. The target column, if present, is ignored; extra columns are
    /// ignored; a missing feature column or a type change is an error.
    pub fn transform(&self, table: &Table) -> Result<Matrix, FeatureError> {
        let n = table.n_rows();
        let stride = self.n_outputs();
        let mut out = vec![0.0; n * stride];
        let mut offset = 0;
        for step in &self.steps {
            let name = step.column();
            let col = table.column(name).ok_or_else(|| FeatureError::MissingColumn(name.to_string()))?;
            match (step, &col.data) {
                (FeatureStep::Numeric { scaling, .. }, ColumnData::Numeric(c)) => {
                    for (row, &v) in c.values.iter().enumerate() {
                        if v.is_infinite() {
                            return Err(FeatureError::NotFinite { column: name.to_string(), row, value: v });
                        }
                        out[row * stride + offset] = scaling.apply(v);
                    }
                }
                (FeatureStep::Categorical { encoding, .. }, ColumnData::Categorical(c)) => {
                    encoding.encode_into(name, c, self.unknown_category, &mut out, stride, offset)?;
                }
                (FeatureStep::Numeric { .. }, _) => {
                    return Err(FeatureError::WrongType { column: name.to_string(), expected: "numeric" })
                }
                (FeatureStep::Categorical { .. }, _) => {
                    return Err(FeatureError::WrongType { column: name.to_string(), expected: "categorical" })
                }
            }
            offset += step.width();
        }
        for f in &self.log_features {
            let col = table.column(&f.column).ok_or_else(|| FeatureError::MissingColumn(f.column.clone()))?;
            // The plain step of the same column already checked its type and values.
            if let ColumnData::Numeric(c) = &col.data {
                for (row, &v) in c.values.iter().enumerate() {
                    out[row * stride + offset] = f.apply(v);
                }
            }
            offset += 1;
        }
        Ok(Array2::from_shape_vec((n, stride), out).expect("shape matches the buffer"))
    }

    /// The target values of `table`; every row must have one.
    pub fn target(&self, table: &Table) -> Result<Vec<f64>, FeatureError> {
        target_values(table, &self.target)
    }
}

/// Reads a numeric target column; every row must have a finite value.
pub fn target_values(table: &Table, target: &str) -> Result<Vec<f64>, FeatureError> {
    let col = table.column(target).ok_or_else(|| FeatureError::MissingTarget(target.to_string()))?;
    let ColumnData::Numeric(c) = &col.data else {
        return Err(FeatureError::TargetNotNumeric(target.to_string()));
    };
    if let Some(row) = c.values.iter().position(|v| !v.is_finite()) {
        return Err(FeatureError::MissingTargetValue { column: target.to_string(), row });
    }
    Ok(c.values.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{CategoricalColumn, Column, NumericColumn};
    use crate::features::PreprocessorParams;

    fn table(furnish: Vec<Option<u32>>, levels: &[&str]) -> Table {
        let n = furnish.len();
        Table::new(vec![
            Column {
                name: "area".into(),
                data: ColumnData::Numeric(NumericColumn {
                    values: (0..n).map(|i| if i == 1 { f64::NAN } else { i as f64 }).collect(),
                    integer: true,
                }),
            },
            Column {
                name: "furnishingstatus".into(),
                data: ColumnData::Categorical(CategoricalColumn {
                    codes: furnish,
                    levels: levels.iter().map(|s| s.to_string()).collect(),
                }),
            },
            Column {
                name: "price".into(),
                data: ColumnData::Numeric(NumericColumn {
                    values: (0..n).map(|i| 10.0 * i as f64).collect(),
                    integer: true,
                }),
            },
        ])
        .unwrap()
    }

    #[test]
    fn names_outputs_by_column_and_level() {
        let t = table(vec![Some(0), Some(1), None, Some(1)], &["furnished", "unfurnished"]);
        let p = PreprocessorParams::new("price").check().unwrap().fit(&t).unwrap();
        assert_eq!(
            p.feature_names(),
            vec!["area", "furnishingstatus=furnished", "furnishingstatus=unfurnished"]
        );
        let x = p.transform(&t).unwrap();
        assert_eq!(x.shape(), &[4, 3]);
        // missing category -> most frequent ("unfurnished"); missing area -> median of 0, 2, 3
        assert_eq!(x.row(2).to_vec()[1..], [0.0, 1.0]);
        assert_eq!(x[[1, 0]], p.transform(&t).unwrap()[[1, 0]]);
    }

    #[test]
    fn serving_table_with_other_level_list_maps_by_level_string() {
        let train = table(vec![Some(0), Some(1), Some(1)], &["furnished", "unfurnished"]);
        let p = PreprocessorParams::new("price").check().unwrap().fit(&train).unwrap();
        let serve = table(vec![Some(0)], &["unfurnished"]);
        let x = p.transform(&serve).unwrap();
        assert_eq!(x.row(0).to_vec()[1..], [0.0, 1.0]);
    }

    #[test]
    fn serving_unknown_category_is_rejected_by_default() {
        let train = table(vec![Some(0), Some(0)], &["furnished"]);
        let p = PreprocessorParams::new("price").check().unwrap().fit(&train).unwrap();
        let err = p.transform(&table(vec![Some(0)], &["semi-furnished"])).unwrap_err();
        assert!(
            matches!(err, FeatureError::UnknownCategory { ref column, .. } if column == "furnishingstatus")
        );
    }

    #[test]
    fn missing_feature_column_is_an_error() {
        let t = table(vec![Some(0), Some(0)], &["furnished"]);
        let p = PreprocessorParams::new("price").check().unwrap().fit(&t).unwrap();
        let only_area = Table::new(vec![t.column("area").unwrap().clone()]).unwrap();
        assert_eq!(
            p.transform(&only_area).unwrap_err(),
            FeatureError::MissingColumn("furnishingstatus".into())
        );
    }

    #[test]
    fn unknown_target_is_an_error() {
        let t = table(vec![Some(0)], &["furnished"]);
        let err = PreprocessorParams::new("cost").check().unwrap().fit(&t).unwrap_err();
        assert_eq!(err, FeatureError::MissingTarget("cost".into()));
    }

    #[test]
    fn log_inputs_come_last_only_when_asked_and_name_the_input_they_replace() {
        let num = |name: &str, values: Vec<f64>| Column {
            name: name.into(),
            data: ColumnData::Numeric(NumericColumn { values, integer: false }),
        };
        let t = Table::new(vec![
            num("rooms", vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]),
            num("area", vec![1.0, 2.0, 2.0, 3.0, 50.0, f64::NAN]),
            num("price", vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]),
        ])
        .unwrap();
        let plain = PreprocessorParams::new("price").check().unwrap();
        let p = plain.fit(&t).unwrap();
        assert!(p.log_features.is_empty());
        assert!(!serde_json::to_string(&p).unwrap().contains("log_features"));
        let p = plain.with_log_features(true).fit(&t).unwrap();
        assert_eq!(p.feature_names(), vec!["rooms", "area", "log1p(area)"]);
        assert_eq!(p.layout(), FeatureLayout { base: 2, swaps: vec![(1, 2)] });
        let x = p.transform(&t).unwrap();
        assert_eq!(x.shape(), &[6, 3]);
        assert_eq!(x[[4, 2]], p.log_features[0].apply(50.0));
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(serde_json::from_str::<Preprocessor>(&json).unwrap(), p);
    }

    #[test]
    fn round_trips_through_json() {
        let t = table(vec![Some(0), Some(1), None], &["furnished", "unfurnished"]);
        let p = PreprocessorParams::new("price").check().unwrap().fit(&t).unwrap();
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(serde_json::from_str::<Preprocessor>(&json).unwrap(), p);
    }
}
