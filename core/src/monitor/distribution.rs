//! Compact exact summaries of one column's observations: sorted distinct values with counts.
//!
//! Every drift test Hearth runs (K-S, Wasserstein, chi-square, Z, Jensen–Shannon, PSI, histogram
//! binning) depends on a sample only through its empirical distribution, so this summary is exact:
//! a test computed from it equals the test computed from the raw rows. It is also what a stored
//! reference profile keeps, which is why checking a new batch never re-reads the reference rows.

use serde::{Deserialize, Serialize};

use super::special::compensated_sum;

/// Finite numbers of one column (NaN and ±inf dropped, as Evidently does), as sorted distinct
/// values with their counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NumericDistribution {
    values: Vec<f64>,
    counts: Vec<u64>,
    total: u64,
}

impl NumericDistribution {
    /// Summarises raw values; NaN and ±inf are left out (Evidently: inf → NaN → dropped).
    pub fn from_values(raw: &[f64]) -> Self {
        // `+ 0.0` turns -0.0 into 0.0: they are one value for numpy/pandas.
        let finite: Vec<f64> = raw.iter().filter(|v| v.is_finite()).map(|v| v + 0.0).collect();
        let finite = sorted(finite);
        let mut values = Vec::new();
        let mut counts: Vec<u64> = Vec::new();
        for v in finite {
            // -0.0 and 0.0 are one value, as in numpy/pandas.
            match values.last() {
                Some(&last) if last == v => *counts.last_mut().expect("parallel") += 1,
                _ => {
                    values.push(v);
                    counts.push(1);
                }
            }
        }
        let total = counts.iter().sum();
        NumericDistribution { values, counts, total }
    }

    /// Number of observations.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// True when no finite observation is present.
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// Sorted distinct values.
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// Count of each distinct value.
    pub fn counts(&self) -> &[u64] {
        &self.counts
    }

    /// Number of distinct values (pandas `nunique`).
    pub fn distinct(&self) -> usize {
        self.values.len()
    }

    /// Smallest value, if any.
    pub fn min(&self) -> Option<f64> {
        self.values.first().copied()
    }

    /// Largest value, if any.
    pub fn max(&self) -> Option<f64> {
        self.values.last().copied()
    }

    /// Arithmetic mean (NaN when empty).
    pub fn mean(&self) -> f64 {
        compensated_sum(self.values.iter().zip(&self.counts).map(|(v, &c)| v * c as f64)) / self.total as f64
    }

    /// Population standard deviation (numpy `std`, ddof = 0).
    pub fn std_population(&self) -> f64 {
        let mean = self.mean();
        let ss = compensated_sum(self.values.iter().zip(&self.counts).map(|(v, &c)| {
            let d = v - mean;
            d * d * c as f64
        }));
        libm::sqrt(ss / self.total as f64)
    }

    /// Number of distinct values in the union of two samples (pandas `concat(...).nunique()`).
    pub fn distinct_in_union(&self, other: &NumericDistribution) -> usize {
        let (a, b) = (&self.values, &other.values);
        let (mut i, mut j, mut n) = (0, 0, 0);
        while i < a.len() || j < b.len() {
            n += 1;
            if j == b.len() || (i < a.len() && a[i] < b[j]) {
                i += 1;
            } else if i == a.len() || b[j] < a[i] {
                j += 1;
            } else {
                i += 1;
                j += 1;
            }
        }
        n
    }

    /// Observation counts in histogram bins with numpy's rule: bin `i` is `[e_i, e_{i+1})`, the last
    /// bin also holds its right edge, values outside the edges are not counted.
    pub fn histogram(&self, edges: &[f64]) -> Vec<u64> {
        if edges.len() < 2 {
            return Vec::new();
        }
        // cumulative[k] = #values < edges[k] (left search), last edge with a right search.
        let last = edges.len() - 1;
        let mut cumulative = Vec::with_capacity(edges.len());
        let (mut idx, mut below) = (0usize, 0u64);
        for (k, &edge) in edges.iter().enumerate() {
            while idx < self.values.len()
                && (self.values[idx] < edge || (k == last && self.values[idx] == edge))
            {
                below += self.counts[idx];
                idx += 1;
            }
            cumulative.push(below);
        }
        cumulative.windows(2).map(|w| w[1] - w[0]).collect()
    }
}

/// Sorts finite values ascending: LSD radix sort on order-preserving integer keys for long columns
/// (several times faster than a comparison sort at 500k rows), `sort_unstable` for short ones.
fn sorted(mut values: Vec<f64>) -> Vec<f64> {
    const BITS: u32 = 11;
    const BUCKETS: usize = 1 << BITS;
    if values.len() < 4096 {
        values.sort_unstable_by(f64::total_cmp);
        return values;
    }
    let key = |x: f64| {
        let b = x.to_bits();
        if b >> 63 == 1 {
            !b
        } else {
            b | (1 << 63)
        }
    };
    let mut keys: Vec<u64> = values.iter().map(|&x| key(x)).collect();
    let mut scratch = vec![0u64; keys.len()];
    // All digit histograms in one pass over the keys.
    const PASSES: usize = 64usize.div_ceil(BITS as usize);
    let mut counts = vec![[0u32; BUCKETS]; PASSES];
    for &k in &keys {
        for (pass, c) in counts.iter_mut().enumerate() {
            c[((k >> (pass as u32 * BITS)) as usize) & (BUCKETS - 1)] += 1;
        }
    }
    for (pass, c) in counts.iter_mut().enumerate() {
        if c.contains(&(keys.len() as u32)) {
            continue; // every key has the same digit here
        }
        let shift = pass as u32 * BITS;
        let mut offset = 0u32;
        for slot in c.iter_mut() {
            let n = *slot;
            *slot = offset;
            offset += n;
        }
        for &k in &keys {
            let d = ((k >> shift) as usize) & (BUCKETS - 1);
            scratch[c[d] as usize] = k;
            c[d] += 1;
        }
        std::mem::swap(&mut keys, &mut scratch);
    }
    for (v, k) in values.iter_mut().zip(&keys) {
        let b = if k >> 63 == 1 { k & !(1 << 63) } else { !k };
        *v = f64::from_bits(b);
    }
    values
}

/// A category label: text, or a number when an integer column is treated as categorical.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Category {
    /// A numeric category (e.g. `bedrooms = 3`).
    Number(f64),
    /// A text category (e.g. `furnished`).
    Text(String),
}

impl Category {
    /// Order as Python's `sorted` does for keys of one kind (numbers numerically, text by code point).
    fn cmp_key(&self, other: &Category) -> std::cmp::Ordering {
        match (self, other) {
            (Category::Number(a), Category::Number(b)) => a.total_cmp(b),
            (Category::Text(a), Category::Text(b)) => a.cmp(b),
            (Category::Number(_), Category::Text(_)) => std::cmp::Ordering::Less,
            (Category::Text(_), Category::Number(_)) => std::cmp::Ordering::Greater,
        }
    }
}

impl std::fmt::Display for Category {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Category::Number(v) => write!(f, "{v}"),
            Category::Text(s) => f.write_str(s),
        }
    }
}

/// Counts of reference and current observations over the sorted union of their categories, the
/// shape every per-category test (chi-square, Z, Jensen–Shannon, PSI) consumes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlignedCounts {
    /// Sorted union of the categories seen on either side.
    pub keys: Vec<Category>,
    /// Reference count per key.
    pub reference: Vec<u64>,
    /// Current count per key.
    pub current: Vec<u64>,
}

impl AlignedCounts {
    /// Aligns two (key, count) lists, each sorted by key.
    pub fn align(reference: &[(Category, u64)], current: &[(Category, u64)]) -> Self {
        let mut out = AlignedCounts { keys: Vec::new(), reference: Vec::new(), current: Vec::new() };
        let (mut i, mut j) = (0, 0);
        while i < reference.len() || j < current.len() {
            let order = match (reference.get(i), current.get(j)) {
                (Some(a), Some(b)) => a.0.cmp_key(&b.0),
                (Some(_), None) => std::cmp::Ordering::Less,
                _ => std::cmp::Ordering::Greater,
            };
            match order {
                std::cmp::Ordering::Less => {
                    out.push(reference[i].0.clone(), reference[i].1, 0);
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    out.push(current[j].0.clone(), 0, current[j].1);
                    j += 1;
                }
                std::cmp::Ordering::Equal => {
                    out.push(reference[i].0.clone(), reference[i].1, current[j].1);
                    i += 1;
                    j += 1;
                }
            }
        }
        out
    }

    /// Aligns the distinct values of two numeric distributions (one bin per value).
    pub fn from_numeric(reference: &NumericDistribution, current: &NumericDistribution) -> Self {
        let pairs = |d: &NumericDistribution| -> Vec<(Category, u64)> {
            d.values.iter().zip(&d.counts).map(|(&v, &c)| (Category::Number(v), c)).collect()
        };
        Self::align(&pairs(reference), &pairs(current))
    }

    /// Aligns two raw label lists (convenience for slices of category strings).
    pub fn from_labels<S: AsRef<str>>(reference: &[S], current: &[S]) -> Self {
        let counted = |xs: &[S]| -> Vec<(Category, u64)> {
            let mut m = std::collections::BTreeMap::<&str, u64>::new();
            for x in xs {
                *m.entry(x.as_ref()).or_default() += 1;
            }
            m.into_iter().map(|(k, c)| (Category::Text(k.to_string()), c)).collect()
        };
        Self::align(&counted(reference), &counted(current))
    }

    fn push(&mut self, key: Category, r: u64, c: u64) {
        self.keys.push(key);
        self.reference.push(r);
        self.current.push(c);
    }

    /// Total reference observations.
    pub fn reference_total(&self) -> u64 {
        self.reference.iter().sum()
    }

    /// Total current observations.
    pub fn current_total(&self) -> u64 {
        self.current.iter().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_nan_and_infinities_and_merges_duplicates() {
        let d = NumericDistribution::from_values(&[3.0, f64::NAN, 1.0, f64::INFINITY, 3.0, -0.0, 0.0]);
        assert_eq!(d.values(), &[-0.0, 1.0, 3.0]);
        assert_eq!(d.counts(), &[2, 1, 2]);
        assert_eq!(d.total(), 5);
    }

    #[test]
    fn radix_sort_agrees_with_comparison_sort() {
        let mut x: Vec<f64> = (0..10_000u64)
            .map(|i| {
                let h = i.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(17);
                (h as i64 as f64) * 1e-9 + if i % 7 == 0 { -0.0 } else { 0.5 }
            })
            .collect();
        x.extend([0.0, -0.0, f64::MIN_POSITIVE, -f64::MAX, f64::MAX, 1e-310, -1e-310]);
        let fast = sorted(x.iter().map(|v| v + 0.0).collect());
        let mut slow: Vec<f64> = x.iter().map(|v| v + 0.0).collect();
        slow.sort_unstable_by(f64::total_cmp);
        assert_eq!(
            fast.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
            slow.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
        );
    }

    #[test]
    fn histogram_closes_only_the_last_bin() {
        let d = NumericDistribution::from_values(&[0.0, 1.0, 1.0, 2.0, 3.0]);
        assert_eq!(d.histogram(&[0.0, 1.0, 2.0, 3.0]), vec![1, 2, 2]);
    }

    #[test]
    fn union_counts_shared_values_once() {
        let a = NumericDistribution::from_values(&[1.0, 2.0, 3.0]);
        let b = NumericDistribution::from_values(&[3.0, 4.0]);
        assert_eq!(a.distinct_in_union(&b), 4);
    }

    #[test]
    fn aligned_counts_cover_the_union_in_sorted_order() {
        let a = AlignedCounts::from_labels(&["yes", "no", "yes"], &["maybe", "yes"]);
        assert_eq!(a.keys.iter().map(|k| k.to_string()).collect::<Vec<_>>(), ["maybe", "no", "yes"]);
        assert_eq!(a.reference, [0, 1, 2]);
        assert_eq!(a.current, [1, 0, 1]);
    }
}
