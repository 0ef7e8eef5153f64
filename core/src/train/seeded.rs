//! Seeded shuffling (ChaCha8): the same seed gives the same order on every target.

use rand_chacha::ChaCha8Rng;
use rand_core::{Rng, SeedableRng};

/// `0..n` in a seeded random order (Fisher–Yates).
pub(crate) fn permutation(n: usize, seed: u64) -> Vec<usize> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut idx: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = (rng.next_u64() % (i as u64 + 1)) as usize;
        idx.swap(i, j);
    }
    idx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permutation_is_seeded_and_complete() {
        let a = permutation(50, 7);
        assert_eq!(a, permutation(50, 7));
        assert_ne!(a, permutation(50, 8));
        let mut s = a.clone();
        s.sort();
        assert_eq!(s, (0..50).collect::<Vec<_>>());
    }
}
