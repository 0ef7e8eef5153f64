//! Quantile binning of numeric inputs into small integers.

use ndarray::ArrayView2;
use serde::{Deserialize, Serialize};

/// The bin reserved for missing values.
pub(crate) const MISSING_BIN: u8 = 255;

/// Per-feature bin edges: a value `x` falls in bin `b` = the number of edges `< x`, so `x <= edges[b]`
/// exactly when its bin is `<= b`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Binner {
    pub edges: Vec<Vec<f64>>,
}

/// Binned inputs, one contiguous `u8` column per feature.
pub(crate) struct Binned {
    pub columns: Vec<Vec<u8>>,
    pub has_missing: Vec<bool>,
}

impl Binner {
    /// Learns edges from `rows` of `x` like scikit-learn's `_BinMapper` (255 bins): midpoints between
    /// distinct values when there are few, else the `midpoint` percentiles.
    pub fn fit(x: ArrayView2<f64>, rows: &[usize], max_bins: usize) -> Self {
        let edges = (0..x.ncols())
            .map(|f| {
                let mut v: Vec<f64> = rows.iter().map(|&r| x[[r, f]]).filter(|v| !v.is_nan()).collect();
                v.sort_by(f64::total_cmp);
                let mut distinct = v.clone();
                distinct.dedup();
                if distinct.len() <= max_bins {
                    distinct.windows(2).map(|w| (w[0] + w[1]) * 0.5).collect()
                } else {
                    let n = v.len() as f64;
                    let mut e: Vec<f64> = (1..max_bins)
                        .map(|k| {
                            let q = 100.0 * k as f64 / max_bins as f64;
                            let pos = q / 100.0 * (n - 1.0);
                            let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
                            (v[lo] + v[hi]) * 0.5
                        })
                        .collect();
                    e.dedup();
                    e
                }
            })
            .collect();
        Binner { edges }
    }

    /// Bins the given rows.
    pub fn bin(&self, x: ArrayView2<f64>, rows: &[usize]) -> Binned {
        let mut has_missing = vec![false; x.ncols()];
        let columns = self
            .edges
            .iter()
            .enumerate()
            .map(|(f, edges)| {
                rows.iter()
                    .map(|&r| {
                        let v = x[[r, f]];
                        if v.is_nan() {
                            has_missing[f] = true;
                            MISSING_BIN
                        } else {
                            edges.partition_point(|&e| e < v) as u8
                        }
                    })
                    .collect()
            })
            .collect();
        Binned { columns, has_missing }
    }

    /// Number of non-missing bins of feature `f`.
    pub fn n_bins(&self, f: usize) -> usize {
        self.edges[f].len() + 1
    }

    /// The real-valued threshold of "bin <= b" for prediction on unbinned inputs.
    pub fn threshold(&self, f: usize, b: u8) -> f64 {
        self.edges[f].get(b as usize).copied().unwrap_or(f64::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn few_distinct_values_split_at_midpoints() {
        let x = array![[1.0], [2.0], [2.0], [f64::NAN], [4.0]];
        let b = Binner::fit(x.view(), &[0, 1, 2, 3, 4], 255);
        assert_eq!(b.edges[0], vec![1.5, 3.0]);
        let binned = b.bin(x.view(), &[0, 1, 2, 3, 4]);
        assert_eq!(binned.columns[0], vec![0, 1, 1, MISSING_BIN, 2]);
        assert!(binned.has_missing[0]);
    }

    #[test]
    fn many_distinct_values_use_at_most_255_bins() {
        let x = ndarray::Array2::from_shape_fn((1000, 1), |(i, _)| i as f64);
        let rows: Vec<usize> = (0..1000).collect();
        let b = Binner::fit(x.view(), &rows, 255);
        assert_eq!(b.n_bins(0), 255);
        assert!(b.bin(x.view(), &rows).columns[0].iter().all(|&v| v < 255));
    }
}
