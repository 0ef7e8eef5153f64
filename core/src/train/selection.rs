//! Choosing among candidate specs — grid search and the automatic candidate list — on a
//! validation table or by cross-validation, never on test rows.

use serde::{Deserialize, Serialize};

use super::boosting::HgbParams;
use super::cross_validation::{cross_validate, KFold};
use super::spec::{ModelKind, ModelSpec, ValidModelSpec};
use super::trained::TrainedModel;
use super::TrainError;
use crate::data::Table;
use crate::features::{target_values, ValidPreprocessorParams};

/// Where candidates are scored.
#[derive(Debug, Clone, Copy)]
pub enum Validation<'a> {
    /// Fit on the training table, score R² on this validation table.
    Holdout(&'a Table),
    /// Mean R² of k-fold cross-validation on the training table.
    CrossValidation(KFold),
}

/// One candidate's validation outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CandidateScore {
    /// The spec.
    pub spec: ModelSpec,
    /// Validation R², or why the candidate could not be trained.
    pub r2: Result<f64, String>,
}

/// The ranking and the winner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Selection {
    /// Index into `scores` of the best candidate (highest R², earliest on ties).
    pub best: usize,
    /// Every candidate, in the order given.
    pub scores: Vec<CandidateScore>,
}

impl Selection {
    /// The winning spec.
    pub fn best_spec(&self) -> &ModelSpec {
        &self.scores[self.best].spec
    }
}

/// Scores every candidate and picks the best; a candidate that fails (e.g. a log target on
/// negative values) is recorded, not fatal, unless all fail.
pub fn select(
    candidates: &[ValidModelSpec],
    pre: &ValidPreprocessorParams,
    train: &Table,
    validation: Validation<'_>,
) -> Result<Selection, TrainError> {
    let scores: Vec<CandidateScore> = candidates
        .iter()
        .map(|c| {
            let r2 = match validation {
                Validation::Holdout(valid) => {
                    TrainedModel::fit(c, pre, train).and_then(|m| m.evaluate(valid)).map(|m| m.r2)
                }
                Validation::CrossValidation(k) => cross_validate(c, pre, train, k).map(|s| s.mean_r2),
            };
            CandidateScore { spec: c.spec().clone(), r2: r2.map_err(|e| e.to_string()).and_then(finite) }
        })
        .collect();
    let best = scores
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.r2.as_ref().ok().map(|r| (i, *r)))
        .fold(None::<(usize, f64)>, |b, (i, r)| match b {
            Some((_, br)) if br >= r => b,
            _ => Some((i, r)),
        })
        .map(|(i, _)| i)
        .ok_or_else(|| {
            TrainError::NoCandidate(
                scores.iter().filter_map(|s| s.r2.as_ref().err().cloned()).collect::<Vec<_>>().join("; "),
            )
        })?;
    Ok(Selection { best, scores })
}

fn finite(r2: f64) -> Result<f64, String> {
    if r2.is_finite() {
        Ok(r2)
    } else {
        Err(format!("validation R² is {r2}"))
    }
}

/// Ridge specs over a list of penalties (a one-parameter grid).
pub fn ridge_grid(alphas: &[f64]) -> Vec<ModelSpec> {
    alphas.iter().map(|&alpha| ModelSpec::new(ModelKind::Ridge { alpha })).collect()
}

/// The default candidate list: linear models (raw and log target, when every target is
/// positive), a small ridge grid, gradient boosting and — on tables small enough for it to be
/// quick — a random forest. Seeds come from `seed`.
pub fn auto_candidates(n_rows: usize, positive_target: bool, seed: u64) -> Vec<ValidModelSpec> {
    let mut specs = vec![ModelSpec::new(ModelKind::Linear)];
    specs.extend(ridge_grid(&[0.1, 1.0, 10.0]));
    let hgb = ModelSpec::new(ModelKind::Hgb(HgbParams { seed, ..HgbParams::default() }));
    specs.push(hgb.clone());
    if n_rows <= 20_000 {
        specs.push(ModelSpec::new(ModelKind::RandomForest {
            n_trees: 100,
            max_depth: None,
            min_samples_leaf: 1,
            seed,
        }));
    }
    if positive_target {
        specs.push(ModelSpec::new(ModelKind::Linear).log_target());
        specs.push(ModelSpec::new(ModelKind::Ridge { alpha: 1.0 }).log_target());
        specs.push(hgb.log_target());
    }
    specs.into_iter().map(|s| s.check().expect("built-in candidates are valid")).collect()
}

/// Rows up to which [`auto_select`] cross-validates instead of trusting one small hold-out.
pub const CV_ROW_LIMIT: usize = 2000;

/// The default selection over [`auto_candidates`]: on small tables (train + validation ≤
/// [`CV_ROW_LIMIT`] rows) 5-fold cross-validation over train ∪ validation, whose ranking is far
/// less noisy than a few dozen validation rows; otherwise fit on `train`, score on `validation`.
/// Test rows are never passed in. Refit the winner on train ∪ validation before testing.
pub fn auto_select(
    pre: &ValidPreprocessorParams,
    table: &Table,
    train: &[usize],
    validation: &[usize],
    seed: u64,
) -> Result<Selection, TrainError> {
    let fit_rows: Vec<usize> = train.iter().chain(validation).copied().collect();
    let fit = table.take_rows(&fit_rows);
    let positive = target_values(&fit, &pre.params().target)?.iter().all(|&v| v > 0.0);
    let candidates = auto_candidates(fit_rows.len(), positive, seed);
    if fit_rows.len() <= CV_ROW_LIMIT || validation.is_empty() {
        select(&candidates, pre, &fit, Validation::CrossValidation(KFold { k: 5, seed }))
    } else {
        select(&candidates, pre, &table.take_rows(train), Validation::Holdout(&table.take_rows(validation)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Column, ColumnData, NumericColumn};
    use crate::features::PreprocessorParams;

    fn linear_table(n: usize, offset: f64) -> Table {
        let x: Vec<f64> = (0..n).map(|i| ((i * 37) % 101) as f64).collect();
        let y: Vec<f64> = x.iter().map(|v| 3.0 * v + offset + ((v * 7.0) % 3.0)).collect();
        let col = |name: &str, values: Vec<f64>| Column {
            name: name.into(),
            data: ColumnData::Numeric(NumericColumn { values, integer: false }),
        };
        Table::new(vec![col("x", x), col("y", y)]).unwrap()
    }

    #[test]
    fn grid_search_picks_best_cv_score_and_records_failed_candidates() {
        let t = linear_table(120, -50.0); // some targets <= -1: the log candidate fails
        let pre = PreprocessorParams::new("y").check().unwrap();
        let mut specs: Vec<ValidModelSpec> =
            ridge_grid(&[1000.0, 0.01]).into_iter().map(|s| s.check().unwrap()).collect();
        specs.push(ModelSpec::new(ModelKind::Linear).log_target().check().unwrap());
        let sel = select(&specs, &pre, &t, Validation::CrossValidation(KFold { k: 4, seed: 1 })).unwrap();
        assert_eq!(sel.best_spec(), &ModelSpec::new(ModelKind::Ridge { alpha: 0.01 }));
        assert!(sel.scores[2].r2.as_ref().unwrap_err().contains("log target"));
    }

    #[test]
    fn all_candidates_failing_is_an_error() {
        let t = linear_table(40, -50.0);
        let pre = PreprocessorParams::new("y").check().unwrap();
        let specs = vec![ModelSpec::new(ModelKind::Linear).log_target().check().unwrap()];
        let err = select(&specs, &pre, &t, Validation::Holdout(&t)).unwrap_err();
        assert!(matches!(err, TrainError::NoCandidate(_)));
    }
}
