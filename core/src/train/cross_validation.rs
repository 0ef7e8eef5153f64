//! Seeded k-fold cross-validation; preprocessing is refitted inside every fold so no statistic
//! leaks from the held-out rows.

use serde::{Deserialize, Serialize};

use super::metrics::ExplainedVariance;
use super::seeded::permutation;
use super::spec::ValidModelSpec;
use super::trained::TrainedModel;
use super::TrainError;
use crate::data::Table;
use crate::features::{target_values, ValidPreprocessorParams};

/// k shuffled folds (scikit-learn's `KFold(k, shuffle=True)`: the first `n % k` folds get one
/// extra row).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KFold {
    /// Number of folds (≥ 2).
    pub k: usize,
    /// Shuffle seed.
    pub seed: u64,
}

/// One fold: rows to train on and rows to score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fold {
    /// Training rows, ascending.
    pub train: Vec<usize>,
    /// Held-out rows, ascending.
    pub valid: Vec<usize>,
}

impl KFold {
    /// Splits `n` rows into folds.
    pub fn folds(&self, n: usize) -> Result<Vec<Fold>, TrainError> {
        if self.k < 2 || n < self.k {
            return Err(TrainError::BadFolds { folds: self.k, rows: n });
        }
        let perm = permutation(n, self.seed);
        let mut start = 0;
        Ok((0..self.k)
            .map(|f| {
                let size = n / self.k + usize::from(f < n % self.k);
                let mut valid = perm[start..start + size].to_vec();
                let mut train: Vec<usize> =
                    perm[..start].iter().chain(&perm[start + size..]).copied().collect();
                start += size;
                valid.sort_unstable();
                train.sort_unstable();
                Fold { train, valid }
            })
            .collect())
    }
}

/// Held-out R² of every fold and their mean.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CvScore {
    /// R² per fold.
    pub fold_r2: Vec<f64>,
    /// Mean over folds.
    pub mean_r2: f64,
}

/// Cross-validates `spec` on `table`.
pub fn cross_validate(
    spec: &ValidModelSpec,
    pre: &ValidPreprocessorParams,
    table: &Table,
    kfold: KFold,
) -> Result<CvScore, TrainError> {
    let folds = kfold.folds(table.n_rows())?;
    let truth = target_values(table, &pre.params().target)?;
    let fold_r2: Vec<f64> = fold_predictions(spec, pre, table, &folds)?
        .iter()
        .zip(&folds)
        .map(|(p, f)| p.r2(&f.valid.iter().map(|&i| truth[i]).collect::<Vec<_>>()))
        .collect();
    let mean_r2 = fold_r2.iter().sum::<f64>() / fold_r2.len() as f64;
    Ok(CvScore { fold_r2, mean_r2 })
}

/// Predictions for every fold's held-out rows (in `valid` order) by a model fitted on the rest.
pub(super) fn fold_predictions(
    spec: &ValidModelSpec,
    pre: &ValidPreprocessorParams,
    table: &Table,
    folds: &[Fold],
) -> Result<Vec<Vec<f64>>, TrainError> {
    folds
        .iter()
        .map(|f| {
            TrainedModel::fit(spec, pre, &table.take_rows(&f.train))?.predict(&table.take_rows(&f.valid))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_partition_rows_with_sizes_like_sklearn() {
        let folds = KFold { k: 3, seed: 1 }.folds(10).unwrap();
        assert_eq!(folds.iter().map(|f| f.valid.len()).collect::<Vec<_>>(), vec![4, 3, 3]);
        let mut all: Vec<usize> = folds.iter().flat_map(|f| f.valid.clone()).collect();
        all.sort_unstable();
        assert_eq!(all, (0..10).collect::<Vec<_>>());
        assert!(folds.iter().all(|f| f.train.len() + f.valid.len() == 10));
    }

    #[test]
    fn one_fold_is_rejected() {
        assert!(KFold { k: 1, seed: 0 }.folds(10).is_err());
    }
}
