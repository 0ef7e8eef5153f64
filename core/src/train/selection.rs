//! Choosing among candidate specs — grid search and the automatic candidate list — on a
//! validation table or by cross-validation, never on test rows.

use serde::{Deserialize, Serialize};

use super::blend::greedy_counts;
use super::boosting::HgbParams;
use super::cross_validation::{fold_predictions, KFold};
use super::ensemble::Member;
use super::metrics::ExplainedVariance;
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
    let held = HeldOut::predict(candidates, pre, train, validation)?;
    pick(held.scores(candidates))
}

/// Every candidate's predictions for rows it was not fitted on, with the truth and the groups
/// (folds, or the one validation table) each score averages over.
struct HeldOut {
    /// Row indices of each group, into `truth`.
    groups: Vec<Vec<usize>>,
    /// Target of every scored row.
    truth: Vec<f64>,
    /// Per candidate: one prediction per scored row, or why it failed.
    predictions: Vec<Result<Vec<f64>, String>>,
}

impl HeldOut {
    fn predict(
        candidates: &[ValidModelSpec],
        pre: &ValidPreprocessorParams,
        train: &Table,
        validation: Validation<'_>,
    ) -> Result<HeldOut, TrainError> {
        let target = &pre.params().target;
        match validation {
            Validation::Holdout(valid) => Ok(HeldOut {
                groups: vec![(0..valid.n_rows()).collect()],
                truth: target_values(valid, target)?,
                predictions: candidates
                    .iter()
                    .map(|c| {
                        TrainedModel::fit(c, pre, train)
                            .and_then(|m| m.predict(valid))
                            .map_err(|e| e.to_string())
                    })
                    .collect(),
            }),
            Validation::CrossValidation(k) => {
                let folds = k.folds(train.n_rows())?;
                let predictions = candidates
                    .iter()
                    .map(|c| {
                        let per_fold = fold_predictions(c, pre, train, &folds).map_err(|e| e.to_string())?;
                        let mut rows = vec![0.0; train.n_rows()];
                        for (f, p) in folds.iter().zip(per_fold) {
                            for (&i, v) in f.valid.iter().zip(p) {
                                rows[i] = v;
                            }
                        }
                        Ok(rows)
                    })
                    .collect();
                Ok(HeldOut {
                    groups: folds.into_iter().map(|f| f.valid).collect(),
                    truth: target_values(train, target)?,
                    predictions,
                })
            }
        }
    }

    /// Both sets of held-out predictions, as if scored on the rows of `self` then `other` (a
    /// repeated cross-validation); a candidate failing in either fails.
    fn append(mut self, other: HeldOut) -> HeldOut {
        let offset = self.truth.len();
        self.groups.extend(other.groups.into_iter().map(|g| g.into_iter().map(|i| i + offset).collect()));
        self.truth.extend(other.truth);
        for (mine, theirs) in self.predictions.iter_mut().zip(other.predictions) {
            if let (Ok(m), Ok(t)) = (mine.as_mut(), &theirs) {
                m.extend(t);
            } else if mine.is_ok() {
                *mine = theirs;
            }
        }
        self
    }

    /// Mean R² over the groups (k-fold CV's score; plain R² for one validation table).
    fn r2(&self, predictions: &[f64]) -> Result<f64, String> {
        let total: f64 = self
            .groups
            .iter()
            .map(|g| {
                let p: Vec<f64> = g.iter().map(|&i| predictions[i]).collect();
                p.r2(&g.iter().map(|&i| self.truth[i]).collect::<Vec<_>>())
            })
            .sum();
        finite(total / self.groups.len() as f64)
    }

    fn scores(&self, candidates: &[ValidModelSpec]) -> Vec<CandidateScore> {
        candidates
            .iter()
            .zip(&self.predictions)
            .map(|(c, p)| CandidateScore { spec: c.spec().clone(), r2: p.clone().and_then(|p| self.r2(&p)) })
            .collect()
    }

    /// The greedy blend of the candidates that scored, when it mixes at least two of them.
    fn blend(&self, candidates: &[ValidModelSpec], scores: &[CandidateScore]) -> Option<CandidateScore> {
        let usable: Vec<Option<&[f64]>> = self
            .predictions
            .iter()
            .zip(scores)
            .map(|(p, s)| p.as_ref().ok().filter(|_| s.r2.is_ok()).map(Vec::as_slice))
            .collect();
        let counts = greedy_counts(&usable, &self.truth, BLEND_ROUNDS);
        let total: usize = counts.iter().sum();
        if counts.iter().filter(|&&c| c > 0).count() < 2 {
            return None;
        }
        let mut blended = vec![0.0; self.truth.len()];
        let mut members = Vec::new();
        for ((c, &n), p) in candidates.iter().zip(&counts).zip(&usable) {
            if let (true, Some(p)) = (n > 0, p) {
                let weight = n as f64 / total as f64;
                for (b, v) in blended.iter_mut().zip(*p) {
                    *b += weight * v;
                }
                members.push(Member { weight, spec: c.spec().clone() });
            }
        }
        Some(CandidateScore { spec: ModelSpec::new(ModelKind::Ensemble { members }), r2: self.r2(&blended) })
    }
}

/// Picks greedily at most this many candidate copies for a blend.
const BLEND_ROUNDS: usize = 20;

/// The highest-scoring candidate, earliest on ties.
fn pick(scores: Vec<CandidateScore>) -> Result<Selection, TrainError> {
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
/// positive), a small ridge grid, gradient boosting (scikit-learn's defaults and, on tables up to
/// [`CV_ROW_LIMIT`] rows, a slow shallow variant that overfits small data less) and — on tables
/// small enough for them to be quick — a random forest and 10-nearest-neighbours; with
/// `log_inputs` (the table has right-skewed non-negative numeric columns) the linear models
/// again on those columns' logs ([`FeatureSet::LogSkewed`](super::FeatureSet)). Seeds come from
/// `seed`. [`auto_select`] also blends the best of them.
pub fn auto_candidates(
    n_rows: usize,
    positive_target: bool,
    log_inputs: bool,
    seed: u64,
) -> Vec<ValidModelSpec> {
    let mut specs = vec![ModelSpec::new(ModelKind::Linear)];
    specs.extend(ridge_grid(&[0.1, 1.0, 10.0, 100.0]));
    let hgb = ModelSpec::new(ModelKind::Hgb(HgbParams { seed, ..HgbParams::default() }));
    let small_hgb = ModelSpec::new(ModelKind::Hgb(HgbParams {
        seed,
        max_iter: 300,
        learning_rate: 0.03,
        max_leaf_nodes: 4,
        min_samples_leaf: 10,
        // Measured and kept as tuned: every row for each tree.
        subsample: 1.0,
        ..HgbParams::default()
    }));
    let small = n_rows <= CV_ROW_LIMIT;
    specs.push(hgb.clone());
    if small {
        specs.push(small_hgb.clone());
    }
    if n_rows <= 20_000 {
        specs.push(ModelSpec::new(ModelKind::RandomForest {
            n_trees: 100,
            max_depth: None,
            min_samples_leaf: 1,
            seed,
        }));
        specs.push(ModelSpec::new(ModelKind::Knn { k: 10 }));
    }
    if positive_target {
        specs.push(ModelSpec::new(ModelKind::Linear).log_target());
        specs.extend(ridge_grid(&[1.0, 10.0]).into_iter().map(ModelSpec::log_target));
        specs.push(hgb.log_target());
        if small {
            specs.push(small_hgb.log_target());
        }
    }
    if log_inputs {
        let linear = || std::iter::once(ModelSpec::new(ModelKind::Linear)).chain(ridge_grid(&[1.0, 10.0]));
        specs.extend(linear().map(ModelSpec::log_features));
        if positive_target {
            specs.extend(linear().map(|s| s.log_target().log_features()));
        }
    }
    specs.into_iter().map(|s| s.check().expect("built-in candidates are valid")).collect()
}

/// Times [`auto_select`] repeats its 5-fold cross-validation (with seeds `seed`, `seed + 1`, …):
/// one shuffle's ranking of near-equal candidates is noise, and the blend's weights fit on more
/// held-out predictions vary less.
pub const CV_REPEATS: u64 = 3;

/// Rows up to which [`auto_select`] cross-validates instead of trusting one small hold-out.
pub const CV_ROW_LIMIT: usize = 2000;

/// The default selection over [`auto_candidates`] and a greedy blend of them: on small tables
/// (train + validation ≤ [`CV_ROW_LIMIT`] rows) [`CV_REPEATS`] × 5-fold cross-validation over
/// train ∪ validation, whose ranking is far less noisy than a few dozen validation rows;
/// otherwise fit on `train`, score on `validation`. The blend is weighted by greedy ensemble
/// selection on the same held-out predictions and is a candidate like the others (appended
/// last in `scores`).
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
    let log_inputs = !pre.with_log_features(true).fit(&fit)?.log_features.is_empty();
    let candidates = auto_candidates(fit_rows.len(), positive, log_inputs, seed);
    let held = if fit_rows.len() <= CV_ROW_LIMIT || validation.is_empty() {
        let repeats = (0..CV_REPEATS).map(|r| {
            let kfold = KFold { k: 5, seed: seed.wrapping_add(r) };
            HeldOut::predict(&candidates, pre, &fit, Validation::CrossValidation(kfold))
        });
        repeats.collect::<Result<Vec<_>, _>>()?.into_iter().reduce(HeldOut::append).expect("CV_REPEATS > 0")
    } else {
        let valid = table.take_rows(validation);
        HeldOut::predict(&candidates, pre, &table.take_rows(train), Validation::Holdout(&valid))?
    };
    let mut scores = held.scores(&candidates);
    scores.extend(held.blend(&candidates, &scores));
    pick(scores)
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

    #[test]
    fn auto_select_blends_when_the_mix_beats_every_single_candidate() {
        // Half the signal is linear in x, half a step in x: no one family fits both well.
        let n = 200;
        let x: Vec<f64> = (0..n).map(|i| ((i * 37) % 199) as f64 / 10.0).collect();
        let y: Vec<f64> = x
            .iter()
            .enumerate()
            .map(|(i, v)| v + if *v > 10.0 { 8.0 } else { 0.0 } + ((i * 13) % 7) as f64 / 3.0)
            .collect();
        let col = |name: &str, values: Vec<f64>| Column {
            name: name.into(),
            data: ColumnData::Numeric(NumericColumn { values, integer: false }),
        };
        let t = Table::new(vec![col("x", x), col("y", y)]).unwrap();
        let pre = PreprocessorParams::new("y").check().unwrap();
        let rows: Vec<usize> = (0..n).collect();
        let sel = auto_select(&pre, &t, &rows[..160], &rows[160..], 3).unwrap();
        let last = sel.scores.len() - 1;
        assert_eq!(sel.best, last, "{:?}", sel.scores);
        assert!(matches!(sel.best_spec().model, ModelKind::Ensemble { .. }));
        let best = *sel.scores[last].r2.as_ref().unwrap();
        assert!(sel.scores[..last].iter().all(|s| s.r2.as_ref().is_ok_and(|&r| r < best)));
    }
}
