//! k-nearest-neighbours regression (brute force, Euclidean, uniform weights like scikit-learn's
//! `KNeighborsRegressor()` default k = 5).

use ndarray::ArrayView2;
use serde::{Deserialize, Serialize};

/// The training rows, kept for look-up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KnnModel {
    /// Neighbours averaged.
    pub k: usize,
    /// Inputs per row.
    pub width: usize,
    /// Training inputs, row-major.
    pub x: Vec<f64>,
    /// Training targets.
    pub y: Vec<f64>,
}

impl KnnModel {
    /// Stores the training rows.
    pub fn fit(x: ArrayView2<f64>, y: &[f64], k: usize) -> Self {
        KnnModel { k: k.min(y.len()), width: x.ncols(), x: x.iter().copied().collect(), y: y.to_vec() }
    }

    /// Mean target of the `k` nearest training rows; equal distances resolve to the earlier row.
    pub fn predict(&self, x: ArrayView2<f64>) -> Vec<f64> {
        let mut d: Vec<(f64, usize)> = Vec::with_capacity(self.y.len());
        x.rows()
            .into_iter()
            .map(|q| {
                d.clear();
                d.extend(
                    self.x.chunks_exact(self.width).enumerate().map(|(i, r)| {
                        (r.iter().zip(q.iter()).map(|(a, b)| (a - b) * (a - b)).sum::<f64>(), i)
                    }),
                );
                let cmp = |a: &(f64, usize), b: &(f64, usize)| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1));
                d.select_nth_unstable_by(self.k - 1, cmp);
                d[..self.k].iter().map(|&(_, i)| self.y[i]).sum::<f64>() / self.k as f64
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn averages_nearest_targets() {
        let x = array![[0.0], [1.0], [10.0], [11.0]];
        let m = KnnModel::fit(x.view(), &[1.0, 3.0, 10.0, 20.0], 2);
        assert_eq!(m.predict(array![[0.4], [10.6]].view()), vec![2.0, 15.0]);
    }
}
