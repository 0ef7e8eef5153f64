//! Small dense linear algebra for the linear models: centred Gram matrices and a Jacobi
//! symmetric eigensolver. Only `+ - * /` and `sqrt` (correctly rounded on every target), so results
//! are bit-identical on native and wasm32.

use ndarray::ArrayView2;

/// The centred normal equations of `x`, `y`: column means, `Xcᵀ Xc` (row-major `p×p`), `Xcᵀ yc`.
pub(crate) struct CentredGram {
    pub x_mean: Vec<f64>,
    pub y_mean: f64,
    pub gram: Vec<f64>,
    pub xty: Vec<f64>,
}

impl CentredGram {
    pub fn new(x: ArrayView2<f64>, y: &[f64]) -> Self {
        let (n, p) = x.dim();
        let mut x_mean = vec![0.0; p];
        for row in x.rows() {
            for (m, v) in x_mean.iter_mut().zip(row) {
                *m += v;
            }
        }
        x_mean.iter_mut().for_each(|m| *m /= n as f64);
        let y_mean = y.iter().sum::<f64>() / n as f64;
        let mut gram = vec![0.0; p * p];
        let mut xty = vec![0.0; p];
        let mut xc = vec![0.0; p];
        for (row, &yi) in x.rows().into_iter().zip(y) {
            for j in 0..p {
                xc[j] = row[j] - x_mean[j];
            }
            let yc = yi - y_mean;
            for j in 0..p {
                let a = xc[j];
                xty[j] += a * yc;
                let g = &mut gram[j * p..j * p + j + 1];
                for (k, gk) in g.iter_mut().enumerate() {
                    *gk += a * xc[k];
                }
            }
        }
        for j in 0..p {
            for k in 0..j {
                gram[k * p + j] = gram[j * p + k];
            }
        }
        CentredGram { x_mean, y_mean, gram, xty }
    }

    /// Solves `(G + alpha I) w = Xᵀy` through the eigen-decomposition of `G`, dropping directions
    /// whose eigenvalue is negligible when `alpha == 0` — the minimum-norm least-squares solution
    /// that scipy's `lstsq` (used by scikit-learn's `LinearRegression`) returns for rank-deficient
    /// inputs such as full one-hot blocks next to an intercept.
    pub fn solve(&self, alpha: f64) -> Vec<f64> {
        let p = self.xty.len();
        let (vals, vecs) = symmetric_eigen(self.gram.clone(), p);
        let max = vals.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        let cutoff = if alpha == 0.0 { max * 1e-10 } else { 0.0 };
        let mut w = vec![0.0; p];
        for (k, &lambda) in vals.iter().enumerate() {
            let denom = lambda + alpha;
            if lambda <= cutoff || denom <= 0.0 {
                continue;
            }
            // component of Xᵀy along eigenvector k (column k of vecs)
            let proj: f64 = (0..p).map(|i| vecs[i * p + k] * self.xty[i]).sum::<f64>() / denom;
            for (i, wi) in w.iter_mut().enumerate() {
                *wi += vecs[i * p + k] * proj;
            }
        }
        w
    }
}

/// Eigenvalues and eigenvectors (columns of a row-major `p×p`) of a symmetric matrix by cyclic
/// Jacobi rotations: slow for large `p` but exact to rounding and fully deterministic.
pub(crate) fn symmetric_eigen(mut a: Vec<f64>, p: usize) -> (Vec<f64>, Vec<f64>) {
    let mut v = vec![0.0; p * p];
    for i in 0..p {
        v[i * p + i] = 1.0;
    }
    for _sweep in 0..100 {
        let off: f64 = (0..p)
            .flat_map(|i| (0..p).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i * p + j] * a[i * p + j])
            .sum();
        let diag: f64 = (0..p).map(|i| a[i * p + i] * a[i * p + i]).sum();
        if off <= 1e-30 * diag || off == 0.0 {
            break;
        }
        for i in 0..p {
            for j in i + 1..p {
                let aij = a[i * p + j];
                if aij == 0.0 {
                    continue;
                }
                let theta = (a[j * p + j] - a[i * p + i]) / (2.0 * aij);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..p {
                    let aki = a[k * p + i];
                    let akj = a[k * p + j];
                    a[k * p + i] = c * aki - s * akj;
                    a[k * p + j] = s * aki + c * akj;
                }
                for k in 0..p {
                    let aik = a[i * p + k];
                    let ajk = a[j * p + k];
                    a[i * p + k] = c * aik - s * ajk;
                    a[j * p + k] = s * aik + c * ajk;
                }
                for k in 0..p {
                    let vki = v[k * p + i];
                    let vkj = v[k * p + j];
                    v[k * p + i] = c * vki - s * vkj;
                    v[k * p + j] = s * vki + c * vkj;
                }
            }
        }
    }
    ((0..p).map(|i| a[i * p + i]).collect(), v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eigen_decomposition_reconstructs_matrix() {
        let a = vec![4.0, 1.0, 2.0, 1.0, 3.0, 0.5, 2.0, 0.5, 5.0];
        let (vals, v) = symmetric_eigen(a.clone(), 3);
        for i in 0..3 {
            for j in 0..3 {
                let r: f64 = (0..3).map(|k| v[i * 3 + k] * vals[k] * v[j * 3 + k]).sum();
                assert!((r - a[i * 3 + j]).abs() < 1e-12);
            }
        }
    }
}
