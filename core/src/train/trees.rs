//! CART regression trees and bootstrap random forests, with scikit-learn's regression defaults
//! (squared error, every feature considered at each split, thresholds at midpoints, grow until
//! pure or `min_samples_leaf`).
//!
//! Our own rather than smartcore's: smartcore 0.7 breaks ties between equally good splits with
//! `rand`'s `SmallRng`, which is Xoshiro256++ on 64-bit targets and Xoshiro128++ on wasm32, so the
//! same seed grew different trees natively and in the browser (measured: different serialised
//! forests and different predictions). Here ties go to the lowest feature index and the leftmost
//! threshold, and bootstrap samples come from the ChaCha stream of `data::SeededRng`.

use ndarray::ArrayView2;
use serde::{Deserialize, Serialize};

use crate::data::SeededRng;

/// One node of a regression tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum CartNode {
    /// Rows with `x[feature] <= threshold` go to `left`.
    Split {
        /// Input column.
        feature: u32,
        /// Midpoint between the two closest values either side.
        threshold: f64,
        /// Left child index.
        left: u32,
        /// Right child index.
        right: u32,
    },
    /// Mean target of the training rows that reached it.
    Leaf {
        /// The prediction.
        value: f64,
    },
}

/// A fitted regression tree; node 0 is the root.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TreeModel {
    /// Nodes, children after their parent.
    pub nodes: Vec<CartNode>,
}

/// A fitted forest: trees on bootstrap samples, predictions averaged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForestModel {
    /// The trees.
    pub trees: Vec<TreeModel>,
}

impl TreeModel {
    /// Fits a tree on all rows.
    pub fn fit(x: ArrayView2<f64>, y: &[f64], max_depth: Option<u16>, min_samples_leaf: usize) -> Self {
        let rows: Vec<usize> = (0..y.len()).collect();
        grow(x, y, &rows, max_depth, min_samples_leaf)
    }

    fn predict_row(&self, row: ndarray::ArrayView1<f64>) -> f64 {
        let mut k = 0;
        loop {
            match &self.nodes[k] {
                CartNode::Leaf { value } => return *value,
                CartNode::Split { feature, threshold, left, right } => {
                    k = if row[*feature as usize] <= *threshold { *left } else { *right } as usize
                }
            }
        }
    }

    /// Predicts one value per row.
    pub fn predict(&self, x: ArrayView2<f64>) -> Vec<f64> {
        x.rows().into_iter().map(|r| self.predict_row(r)).collect()
    }
}

impl ForestModel {
    /// Fits `n_trees` trees, each on `n` rows drawn with replacement.
    pub fn fit(
        x: ArrayView2<f64>,
        y: &[f64],
        n_trees: usize,
        max_depth: Option<u16>,
        min_samples_leaf: usize,
        seed: u64,
    ) -> Self {
        let n = y.len();
        let mut rng = SeededRng::new(seed);
        let trees = (0..n_trees)
            .map(|_| {
                let rows: Vec<usize> = (0..n).map(|_| rng.below(n as u64) as usize).collect();
                grow(x, y, &rows, max_depth, min_samples_leaf)
            })
            .collect();
        ForestModel { trees }
    }

    /// Predicts one value per row (mean over trees).
    pub fn predict(&self, x: ArrayView2<f64>) -> Vec<f64> {
        let k = self.trees.len() as f64;
        x.rows().into_iter().map(|r| self.trees.iter().map(|t| t.predict_row(r)).sum::<f64>() / k).collect()
    }
}

/// Grows a tree on the sample `rows` (repeats allowed) depth-first, keeping per feature the
/// sample order sorted by that feature and partitioning it stably at each split.
fn grow(
    x: ArrayView2<f64>,
    y: &[f64],
    rows: &[usize],
    max_depth: Option<u16>,
    min_samples_leaf: usize,
) -> TreeModel {
    let m = rows.len();
    let p = x.ncols();
    let msl = min_samples_leaf.max(1);
    let ys: Vec<f64> = rows.iter().map(|&r| y[r]).collect();
    let cols: Vec<Vec<f64>> = (0..p).map(|f| rows.iter().map(|&r| x[[r, f]]).collect()).collect();
    let mut sorted: Vec<Vec<u32>> = cols
        .iter()
        .map(|c| {
            let mut idx: Vec<u32> = (0..m as u32).collect();
            idx.sort_by(|&a, &b| c[a as usize].total_cmp(&c[b as usize]).then(a.cmp(&b)));
            idx
        })
        .collect();
    let mut goes_left = vec![false; m];
    let mut scratch: Vec<u32> = vec![0; m];
    let mut nodes = vec![CartNode::Leaf { value: 0.0 }];
    let mut stack = vec![(0usize, 0usize, m, 0u16)];
    while let Some((id, start, end, depth)) = stack.pop() {
        let n = end - start;
        let node_rows = &sorted[0][start..end];
        let sum: f64 = node_rows.iter().map(|&k| ys[k as usize]).sum();
        let first = ys[node_rows[0] as usize];
        let pure = node_rows.iter().all(|&k| ys[k as usize] == first);
        let value = sum / n as f64;
        if pure || n < 2 * msl || max_depth.is_some_and(|d| depth >= d) {
            nodes[id] = CartNode::Leaf { value };
            continue;
        }
        // Best split: maximise sL²/nL + sR²/nR; ties keep the first feature and threshold.
        let mut best: Option<(f64, usize, usize)> = None; // (score, feature, position)
        for (f, order) in sorted.iter().enumerate() {
            let c = &cols[f];
            let seg = &order[start..end];
            let mut sl = 0.0;
            for i in 0..n - 1 {
                sl += ys[seg[i] as usize];
                let nl = i + 1;
                if nl < msl || n - nl < msl || c[seg[i] as usize] == c[seg[i + 1] as usize] {
                    continue;
                }
                let sr = sum - sl;
                let score = sl * sl / nl as f64 + sr * sr / (n - nl) as f64;
                if best.is_none_or(|(b, _, _)| score > b) {
                    best = Some((score, f, i));
                }
            }
        }
        let Some((_, f, i)) = best else {
            nodes[id] = CartNode::Leaf { value };
            continue;
        };
        let c = &cols[f];
        let seg = &sorted[f][start..end];
        let (lo, hi) = (c[seg[i] as usize], c[seg[i + 1] as usize]);
        let mut threshold = lo / 2.0 + hi / 2.0;
        if threshold >= hi {
            threshold = lo;
        }
        for (k, &s) in seg.iter().enumerate() {
            goes_left[s as usize] = k <= i;
        }
        for order in sorted.iter_mut() {
            let seg = &mut order[start..end];
            let (mut l, mut r) = (0, 0);
            for k in 0..n {
                let s = seg[k];
                if goes_left[s as usize] {
                    seg[l] = s;
                    l += 1;
                } else {
                    scratch[r] = s;
                    r += 1;
                }
            }
            seg[l..].copy_from_slice(&scratch[..r]);
        }
        let left = nodes.len();
        nodes.push(CartNode::Leaf { value: 0.0 });
        nodes.push(CartNode::Leaf { value: 0.0 });
        nodes[id] =
            CartNode::Split { feature: f as u32, threshold, left: left as u32, right: left as u32 + 1 };
        let mid = start + i + 1;
        stack.push((left + 1, mid, end, depth + 1));
        stack.push((left, start, mid, depth + 1));
    }
    TreeModel { nodes }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn unpruned_tree_fits_training_rows_exactly() {
        let x = array![[1.0, 5.0], [2.0, 4.0], [3.0, 3.0], [4.0, 2.0]];
        let y = [1.0, 2.0, 10.0, 20.0];
        let t = TreeModel::fit(x.view(), &y, None, 1);
        assert_eq!(t.predict(x.view()), y.to_vec());
        // First split isolates 20 (best variance reduction); feature 0 wins the tie with feature 1.
        assert_eq!(t.nodes[0], CartNode::Split { feature: 0, threshold: 3.5, left: 1, right: 2 });
    }

    #[test]
    fn min_samples_leaf_and_depth_limit_growth() {
        let x = array![[1.0], [2.0], [3.0], [4.0]];
        let y = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(TreeModel::fit(x.view(), &y, Some(0), 1).nodes, vec![CartNode::Leaf { value: 2.5 }]);
        assert_eq!(TreeModel::fit(x.view(), &y, None, 2).nodes.len(), 3);
    }

    #[test]
    fn forest_is_seeded() {
        let x = ndarray::Array2::from_shape_fn((50, 2), |(i, j)| ((i * (j + 2)) % 13) as f64);
        let y: Vec<f64> = (0..50).map(|i| (i % 7) as f64).collect();
        assert_eq!(
            ForestModel::fit(x.view(), &y, 3, None, 1, 4),
            ForestModel::fit(x.view(), &y, 3, None, 1, 4)
        );
        assert_ne!(
            ForestModel::fit(x.view(), &y, 3, None, 1, 4),
            ForestModel::fit(x.view(), &y, 3, None, 1, 5)
        );
    }
}
