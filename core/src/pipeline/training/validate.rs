//! `validate`: refuses data a regression cannot be trained on, with the reason in the user's terms.

use super::artifacts::{ValidationSummary, DATASET, VALIDATION};
use crate::data::ColumnData;
use crate::pipeline::{Task, TaskContext, TaskError, TaskFuture};

/// Checks: the target is numeric with no missing values, there is at least one feature, and there
/// are at least `min_rows` rows (param, default 20) so a 64/16/20 split leaves rows in every part.
pub struct Validate;

impl Task for Validate {
    fn inputs(&self) -> Vec<&'static str> {
        vec![DATASET.name()]
    }
    fn outputs(&self) -> Vec<&'static str> {
        vec![VALIDATION.name()]
    }
    fn code_version(&self) -> String {
        "validate/1".into()
    }
    fn run<'a>(&'a self, ctx: &'a mut TaskContext<'_>) -> TaskFuture<'a> {
        Box::pin(async move {
            let data = ctx.input(&DATASET)?;
            let min_rows: usize = ctx.param_or("min_rows", 20)?;
            let summary = check(&data, min_rows).map_err(TaskError::fatal)?;
            ctx.log(format!(
                "{} rows; target `{}`; {} numeric and {} categorical features; {} missing feature cells",
                summary.rows,
                summary.target,
                summary.numeric_features.len(),
                summary.categorical_features.len(),
                summary.missing_feature_cells
            ));
            ctx.output(&VALIDATION, &summary)
        })
    }
}

fn check(data: &super::artifacts::TrainingData, min_rows: usize) -> Result<ValidationSummary, String> {
    let table = &data.table;
    let target = &data.schema.target;
    let column =
        table.column(target).ok_or_else(|| format!("target column `{target}` is not in the data"))?;
    match &column.data {
        ColumnData::Numeric(n) => {
            if let Some(row) = n.values.iter().position(|v| v.is_nan()) {
                let missing = n.values.iter().filter(|v| v.is_nan()).count();
                return Err(format!(
                    "target `{target}` has {missing} missing values (first at data row {}); a regression \
                     target must be present in every row",
                    row + 1
                ));
            }
        }
        ColumnData::Categorical(k) => {
            return Err(format!(
                "target `{target}` holds text ({} distinct values such as {:?}); a regression target must be numeric",
                k.levels.len(),
                k.levels.first().map(String::as_str).unwrap_or("")
            ))
        }
    }
    if table.n_rows() < min_rows {
        return Err(format!(
            "{} rows is too few to train and test a model (at least {min_rows})",
            table.n_rows()
        ));
    }
    let features: Vec<_> = table.columns().iter().filter(|c| &c.name != target).collect();
    if features.is_empty() {
        return Err(format!("the data has no feature columns besides the target `{target}`"));
    }
    let numeric_features = data.schema.numeric_features().map(|c| c.name.clone()).collect();
    let categorical_features = data.schema.categorical_features().map(|c| c.name.clone()).collect();
    Ok(ValidationSummary {
        rows: table.n_rows(),
        target: target.clone(),
        numeric_features,
        categorical_features,
        missing_feature_cells: features.iter().map(|c| c.data.missing()).sum(),
    })
}
