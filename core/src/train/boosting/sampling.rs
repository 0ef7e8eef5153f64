//! Row subsampling for stochastic gradient boosting (Friedman 2002): each tree is grown on a
//! fresh seeded sample, without replacement, of the training rows.

use crate::data::SeededRng;

/// Mixed into the boosting seed so the samples do not repeat the hold-out split's shuffle.
const STREAM: u64 = 0x5EED_5A3B_1E00_0001;

/// Draws the rows of each tree in turn.
pub(crate) struct RowSampler {
    order: Vec<u32>,
    take: usize,
    rng: SeededRng,
}

impl RowSampler {
    /// Samples `round(fraction × n)` (at least 1) of `n` rows per tree; `fraction` 1 takes every row.
    pub fn new(n: usize, fraction: f64, seed: u64) -> Self {
        let take = ((n as f64 * fraction).round() as usize).clamp(1, n.max(1));
        RowSampler { order: (0..n as u32).collect(), take, rng: SeededRng::new(seed ^ STREAM) }
    }

    /// Whether trees see fewer than all rows.
    pub fn is_sampling(&self) -> bool {
        self.take < self.order.len()
    }

    /// The rows the last [`next_rows`](Self::next_rows) left out (none when not sampling).
    pub fn left_out(&self) -> &[u32] {
        &self.order[self.take..]
    }

    /// The next tree's rows, ascending (every row, in order, when not sampling).
    pub fn next_rows(&mut self) -> Vec<u32> {
        if !self.is_sampling() {
            return self.order.clone();
        }
        self.rng.shuffle(&mut self.order);
        let mut rows = self.order[..self.take].to_vec();
        rows.sort_unstable();
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_distinct_sorted_rows_that_change_per_tree_and_repeat_per_seed() {
        let mut a = RowSampler::new(100, 0.8, 3);
        let first = a.next_rows();
        assert_eq!(first.len(), 80);
        assert!(first.windows(2).all(|w| w[0] < w[1]));
        let mut all: Vec<u32> = first.iter().chain(a.left_out()).copied().collect();
        all.sort_unstable();
        assert_eq!(all, (0..100).collect::<Vec<u32>>());
        assert_ne!(first, a.next_rows());
        assert_eq!(first, RowSampler::new(100, 0.8, 3).next_rows());
        assert_ne!(first, RowSampler::new(100, 0.8, 4).next_rows());
    }

    #[test]
    fn full_fraction_takes_every_row_in_order() {
        let mut s = RowSampler::new(5, 1.0, 0);
        assert!(!s.is_sampling());
        assert_eq!(s.next_rows(), vec![0, 1, 2, 3, 4]);
        assert!(s.left_out().is_empty());
    }
}
