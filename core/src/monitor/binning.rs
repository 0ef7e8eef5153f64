//! Evidently's bins for PSI and Jensen–Shannon (`get_binned_data`): Sturges edges
//! (`numpy.histogram_bin_edges(concat(ref, cur), bins="sturges")`) for a numerical column whose
//! reference has more than 20 distinct values, otherwise one bin per distinct value.

use serde::{Deserialize, Serialize};

use super::distribution::{AlignedCounts, NumericDistribution};

/// Above this many distinct reference values a numerical column is binned by Sturges edges.
pub const MAX_DISTINCT_FOR_VALUE_BINS: usize = 20;

/// Reference and current counts over a common set of bins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Bins {
    /// Histogram bins `[e_i, e_{i+1})`, the last one closed.
    Edges {
        /// Bin edges (one more than the bins).
        edges: Vec<f64>,
        /// Reference count per bin.
        reference: Vec<u64>,
        /// Current count per bin.
        current: Vec<u64>,
    },
    /// One bin per distinct value, sorted.
    Values(AlignedCounts),
}

impl Bins {
    /// Reference counts per bin.
    pub fn reference_counts(&self) -> &[u64] {
        match self {
            Bins::Edges { reference, .. } => reference,
            Bins::Values(a) => &a.reference,
        }
    }

    /// Current counts per bin.
    pub fn current_counts(&self) -> &[u64] {
        match self {
            Bins::Edges { current, .. } => current,
            Bins::Values(a) => &a.current,
        }
    }

    /// Shares (count / side total) per bin, reference then current, as Evidently divides them.
    pub fn shares(&self) -> (Vec<f64>, Vec<f64>) {
        let share = |c: &[u64]| {
            let n = c.iter().sum::<u64>() as f64;
            c.iter().map(|&x| x as f64 / n).collect::<Vec<_>>()
        };
        (share(self.reference_counts()), share(self.current_counts()))
    }
}

/// Sturges bins over the combined data; `integer` says both sides are integer-typed (numpy then
/// never makes bins narrower than 1).
pub fn sturges_bins(reference: &NumericDistribution, current: &NumericDistribution, integer: bool) -> Bins {
    let edges = sturges_edges(reference, current, integer);
    Bins::Edges { reference: reference.histogram(&edges), current: current.histogram(&edges), edges }
}

/// `numpy.histogram_bin_edges(concat(a, b), "sturges")`: `ceil(ptp / (ptp / (log2 n + 1)))`
/// equal bins from `linspace(min, max)`.
pub fn sturges_edges(a: &NumericDistribution, b: &NumericDistribution, integer: bool) -> Vec<f64> {
    let lo = a.min().into_iter().chain(b.min()).fold(f64::INFINITY, f64::min);
    let hi = a.max().into_iter().chain(b.max()).fold(f64::NEG_INFINITY, f64::max);
    let size = (a.total() + b.total()) as f64;
    if !lo.is_finite() {
        return Vec::new();
    }
    let (first, last) = if lo == hi { (lo - 0.5, hi + 0.5) } else { (lo, hi) };
    let ptp = hi - lo;
    let mut width = ptp / (libm::log2(size) + 1.0);
    let n_bins = if width != 0.0 {
        if integer && width < 1.0 {
            width = 1.0;
        }
        libm::ceil((last - first) / width) as usize
    } else {
        1
    };
    linspace(first, last, n_bins + 1)
}

/// `numpy.linspace(start, stop, num, endpoint=True)` bit for bit.
fn linspace(start: f64, stop: f64, num: usize) -> Vec<f64> {
    let div = (num - 1) as f64;
    let delta = stop - start;
    let step = delta / div;
    let mut out: Vec<f64> = (0..num)
        .map(|i| if step == 0.0 { (i as f64 / div) * delta + start } else { i as f64 * step + start })
        .collect();
    if num > 1 {
        out[num - 1] = stop;
    }
    out
}

/// Evidently's binning choice for a column: Sturges for numerical columns with > 20 distinct
/// reference values, else one bin per value.
pub fn evidently_bins(
    reference: &NumericDistribution,
    current: &NumericDistribution,
    numerical: bool,
    integer: bool,
) -> Bins {
    if numerical && reference.distinct() > MAX_DISTINCT_FOR_VALUE_BINS {
        sturges_bins(reference, current, integer)
    } else {
        Bins::Values(AlignedCounts::from_numeric(reference, current))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_data_gets_one_unit_bin() {
        let a = NumericDistribution::from_values(&[3.0, 3.0]);
        assert_eq!(sturges_edges(&a, &a, false), vec![2.5, 3.5]);
    }

    #[test]
    fn edges_span_the_combined_range() {
        // numpy: np.histogram_bin_edges([0,1,2,3,4,5,6,7,8,9,10,20], 'sturges')
        let a = NumericDistribution::from_values(&[0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
        let b = NumericDistribution::from_values(&[6.0, 7.0, 8.0, 9.0, 10.0, 20.0]);
        let e = sturges_edges(&a, &b, true);
        assert_eq!(e.len(), 6);
        assert_eq!((e[0], e[5]), (0.0, 20.0));
    }
}
