//! Growing one regression tree leaf-wise on binned inputs and gradients (squared loss, so every
//! hessian is 1 and a bin's hessian sum is its count).

use super::binning::{Binned, Binner, MISSING_BIN};
use super::model::{Tree, TreeNode};

#[derive(Clone, Copy, Default)]
struct Bin {
    g: f64,
    n: u32,
}

/// The best split found for a leaf.
#[derive(Clone, Copy)]
struct Split {
    gain: f64,
    feature: usize,
    bin: u8,
    missing_left: bool,
}

struct Leaf {
    node: usize,
    start: usize,
    end: usize,
    g: f64,
    hist: Vec<Bin>,
    split: Option<Split>,
}

/// Tree-growing settings (checked by the model parameters).
pub(crate) struct GrowerParams {
    pub max_leaf_nodes: usize,
    pub min_samples_leaf: usize,
    pub l2: f64,
    pub learning_rate: f64,
}

const NB: usize = 256;

/// Grows one tree on `rows` (indices into `data` and `grad`, ascending); returns it and, for every
/// row of `data`, the shrunk value of its leaf when the row is among `rows` (0 otherwise).
pub(crate) fn grow(
    binner: &Binner,
    data: &Binned,
    grad: &[f64],
    rows: Vec<u32>,
    params: &GrowerParams,
) -> (Tree, Vec<f64>) {
    let mut idx = rows;
    let n = idx.len();
    let p = data.columns.len();
    let mut scratch: Vec<u32> = vec![0; n];
    let mut ordered = vec![0.0; n];
    let mut nodes: Vec<TreeNode> = vec![TreeNode::Leaf { value: 0.0 }];
    let g_root: f64 = idx.iter().map(|&i| grad[i as usize]).sum();
    let root_hist = build_hist(data, grad, &idx, &mut ordered, p);
    let mut root = Leaf { node: 0, start: 0, end: n, g: g_root, hist: root_hist, split: None };
    root.split = best_split(binner, data, &root, params);
    let mut open = vec![root];
    let mut n_leaves = 1;
    while n_leaves < params.max_leaf_nodes {
        // Highest gain first; earliest node on ties, so growth is deterministic.
        let Some(pos) = open
            .iter()
            .enumerate()
            .filter(|(_, l)| l.split.is_some())
            .max_by(|(_, a), (_, b)| {
                a.split.unwrap().gain.total_cmp(&b.split.unwrap().gain).then(b.node.cmp(&a.node))
            })
            .map(|(i, _)| i)
        else {
            break;
        };
        let leaf = open.swap_remove(pos);
        let s = leaf.split.unwrap();
        // Stable partition of the leaf's rows.
        let col = &data.columns[s.feature];
        let goes_left = |b: u8| if b == MISSING_BIN { s.missing_left } else { b <= s.bin };
        let (mut l, mut r) = (leaf.start, 0);
        for k in leaf.start..leaf.end {
            let i = idx[k];
            if goes_left(col[i as usize]) {
                idx[l] = i;
                l += 1;
            } else {
                scratch[r] = i;
                r += 1;
            }
        }
        idx[l..leaf.end].copy_from_slice(&scratch[..r]);
        let mid = l;
        let (n_l, n_r) = (mid - leaf.start, leaf.end - mid);
        // Histogram subtraction: build the smaller child, derive the larger.
        let (small, large) = if n_l <= n_r {
            ((leaf.start, mid), (mid, leaf.end))
        } else {
            ((mid, leaf.end), (leaf.start, mid))
        };
        let small_hist = build_hist(data, grad, &idx[small.0..small.1], &mut ordered, p);
        let large_hist: Vec<Bin> =
            leaf.hist.iter().zip(&small_hist).map(|(a, b)| Bin { g: a.g - b.g, n: a.n - b.n }).collect();
        let g_small: f64 = small_hist[..NB].iter().map(|b| b.g).sum();
        let g_large = leaf.g - g_small;
        let left_id = nodes.len();
        nodes.push(TreeNode::Leaf { value: 0.0 });
        nodes.push(TreeNode::Leaf { value: 0.0 });
        let missing_left = if data.has_missing[s.feature] { s.missing_left } else { n_l > n_r };
        nodes[leaf.node] = TreeNode::Split {
            feature: s.feature as u32,
            bin: s.bin,
            threshold: binner.threshold(s.feature, s.bin),
            missing_left,
            left: left_id as u32,
            right: left_id as u32 + 1,
        };
        let mk = |range: (usize, usize), g: f64, hist: Vec<Bin>| {
            let node = if range.0 == leaf.start { left_id } else { left_id + 1 };
            Leaf { node, start: range.0, end: range.1, g, hist, split: None }
        };
        let mut a = mk(small, g_small, small_hist);
        let mut b = mk(large, g_large, large_hist);
        n_leaves += 1;
        for child in [&mut a, &mut b] {
            child.split = best_split(binner, data, child, params);
        }
        open.push(a);
        open.push(b);
    }
    let mut leaf_of_row = vec![0.0; grad.len()];
    for leaf in &open {
        let count = (leaf.end - leaf.start) as f64;
        let value = -params.learning_rate * leaf.g / (count + params.l2 + 1e-15);
        nodes[leaf.node] = TreeNode::Leaf { value };
        for &i in &idx[leaf.start..leaf.end] {
            leaf_of_row[i as usize] = value;
        }
    }
    (Tree { nodes }, leaf_of_row)
}

fn build_hist(data: &Binned, grad: &[f64], rows: &[u32], ordered: &mut [f64], p: usize) -> Vec<Bin> {
    let mut hist = vec![Bin::default(); p * NB];
    let ord = &mut ordered[..rows.len()];
    for (o, &i) in ord.iter_mut().zip(rows) {
        *o = grad[i as usize];
    }
    for (f, col) in data.columns.iter().enumerate() {
        let h = &mut hist[f * NB..(f + 1) * NB];
        for (&i, &g) in rows.iter().zip(ord.iter()) {
            let b = &mut h[col[i as usize] as usize];
            b.g += g;
            b.n += 1;
        }
    }
    hist
}

fn best_split(binner: &Binner, data: &Binned, leaf: &Leaf, params: &GrowerParams) -> Option<Split> {
    let n = (leaf.end - leaf.start) as u32;
    let msl = params.min_samples_leaf as u32;
    if n < 2 * msl {
        return None;
    }
    let l2 = params.l2 + 1e-15;
    let score = |g: f64, c: u32| g * g / (c as f64 + l2);
    let parent = score(leaf.g, n);
    let mut best: Option<Split> = None;
    let mut consider = |gain: f64, feature: usize, bin: usize, missing_left: bool| {
        if gain > 0.0 && best.is_none_or(|b| gain > b.gain) {
            best = Some(Split { gain, feature, bin: bin as u8, missing_left });
        }
    };
    for f in 0..data.columns.len() {
        let h = &leaf.hist[f * NB..(f + 1) * NB];
        let nb = binner.n_bins(f);
        let has_missing = data.has_missing[f];
        // Missing values go right: scan left to right.
        let (mut gl, mut nl) = (0.0, 0u32);
        for (b, bin) in h.iter().enumerate().take(nb - 1 + has_missing as usize) {
            gl += bin.g;
            nl += bin.n;
            let nr = n - nl;
            if nl < msl {
                continue;
            }
            if nr < msl {
                break;
            }
            consider(score(gl, nl) + score(leaf.g - gl, nr) - parent, f, b, false);
        }
        // Missing values go left: scan right to left.
        if has_missing {
            let (mut gr, mut nr) = (0.0, 0u32);
            for b in (0..nb - 1).rev() {
                gr += h[b + 1].g;
                nr += h[b + 1].n;
                let nl = n - nr;
                if nr < msl {
                    continue;
                }
                if nl < msl {
                    break;
                }
                consider(score(leaf.g - gr, nl) + score(gr, nr) - parent, f, b, true);
            }
        }
    }
    best
}
