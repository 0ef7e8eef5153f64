//! Seeded shuffling through the data module's ChaCha stream: the same seed gives the same order on
//! every target.

use crate::data::SeededRng;

/// `0..n` in a seeded random order.
pub(crate) fn permutation(n: usize, seed: u64) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..n).collect();
    SeededRng::new(seed).shuffle(&mut idx);
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
