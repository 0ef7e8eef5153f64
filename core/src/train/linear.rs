//! Linear models: ordinary least squares, ridge, lasso and elastic net, with an intercept.

use ndarray::ArrayView2;
use serde::{Deserialize, Serialize};

use super::linalg::CentredGram;

/// A fitted linear model `y = x·coef + intercept`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinearModel {
    /// One weight per input.
    pub coef: Vec<f64>,
    /// The intercept.
    pub intercept: f64,
}

impl LinearModel {
    /// Least squares (`alpha == 0`, minimum-norm like scikit-learn's `LinearRegression`) or ridge
    /// (`alpha > 0`, scikit-learn's `Ridge`: centred data, the intercept not penalised).
    pub fn fit_ridge(x: ArrayView2<f64>, y: &[f64], alpha: f64) -> Self {
        let g = CentredGram::new(x, y);
        let coef = g.solve(alpha);
        let intercept = g.y_mean - g.x_mean.iter().zip(&coef).map(|(m, w)| m * w).sum::<f64>();
        LinearModel { coef, intercept }
    }

    /// Elastic net by cyclic coordinate descent on scikit-learn's objective
    /// `1/(2n)·‖y − Xw − b‖² + alpha·l1_ratio·‖w‖₁ + alpha·(1 − l1_ratio)/2·‖w‖²`
    /// (`l1_ratio == 1` is the lasso). Stops when the largest weight change falls below
    /// `tol · max|w|` or after `max_iter` sweeps, like scikit-learn's defaults (1e-4, 1000).
    pub fn fit_elastic_net(x: ArrayView2<f64>, y: &[f64], alpha: f64, l1_ratio: f64) -> Self {
        let (n, p) = x.dim();
        let g = CentredGram::new(x, y);
        let nf = n as f64;
        let l1 = alpha * l1_ratio * nf;
        let l2 = alpha * (1.0 - l1_ratio) * nf;
        // Coordinate descent on the Gram form: rho_j = xty_j - sum_{k≠j} G_jk w_k.
        let mut w = vec![0.0; p];
        let mut gw = vec![0.0; p]; // G·w
        for _ in 0..1000 {
            let mut max_change = 0.0f64;
            let mut max_w = 0.0f64;
            for j in 0..p {
                let gjj = g.gram[j * p + j];
                if gjj == 0.0 {
                    continue;
                }
                let rho = g.xty[j] - gw[j] + gjj * w[j];
                let new = soft_threshold(rho, l1) / (gjj + l2);
                let delta = new - w[j];
                if delta != 0.0 {
                    for (k, gwk) in gw.iter_mut().enumerate() {
                        *gwk += g.gram[k * p + j] * delta;
                    }
                    w[j] = new;
                }
                max_change = max_change.max(delta.abs());
                max_w = max_w.max(new.abs());
            }
            if max_w == 0.0 || max_change <= 1e-4 * max_w {
                break;
            }
        }
        let intercept = g.y_mean - g.x_mean.iter().zip(&w).map(|(m, c)| m * c).sum::<f64>();
        LinearModel { coef: w, intercept }
    }

    /// Predicts one value per row.
    pub fn predict(&self, x: ArrayView2<f64>) -> Vec<f64> {
        x.rows()
            .into_iter()
            .map(|r| r.iter().zip(&self.coef).map(|(a, b)| a * b).sum::<f64>() + self.intercept)
            .collect()
    }
}

fn soft_threshold(v: f64, t: f64) -> f64 {
    if v > t {
        v - t
    } else if v < -t {
        v + t
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn least_squares_recovers_exact_plane() {
        let x = array![[1.0, 2.0], [2.0, 1.0], [3.0, 5.0], [4.0, 3.0]];
        let y: Vec<f64> = x.rows().into_iter().map(|r| 3.0 * r[0] - 2.0 * r[1] + 7.0).collect();
        let m = LinearModel::fit_ridge(x.view(), &y, 0.0);
        assert!((m.coef[0] - 3.0).abs() < 1e-10 && (m.coef[1] + 2.0).abs() < 1e-10);
        assert!((m.intercept - 7.0).abs() < 1e-9);
    }

    #[test]
    fn duplicate_column_gets_minimum_norm_split() {
        let x = array![[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]];
        let m = LinearModel::fit_ridge(x.view(), &[2.0, 4.0, 6.0], 0.0);
        assert!((m.coef[0] - 1.0).abs() < 1e-9 && (m.coef[1] - 1.0).abs() < 1e-9);
    }

    #[test]
    fn strong_lasso_penalty_zeroes_every_weight() {
        let x = array![[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]];
        let m = LinearModel::fit_elastic_net(x.view(), &[1.0, 2.0, 3.0], 100.0, 1.0);
        assert_eq!(m.coef, vec![0.0, 0.0]);
        assert_eq!(m.intercept, 2.0);
    }
}
