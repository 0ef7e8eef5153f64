//! The seeded random source of the data module: ChaCha20 (`rand_chacha`) with our own bounded
//! integer, uniform and normal draws, so results depend only on the seed — identical on native and
//! wasm32 and unaffected by `rand` version changes.

use rand_chacha::ChaCha20Rng;
use rand_core::{RngCore, SeedableRng};

/// A deterministic random stream.
pub struct SeededRng {
    stream: ChaCha20Rng,
    /// Box–Muller makes normals in pairs; the second waits here.
    spare_normal: Option<f64>,
}

impl SeededRng {
    /// The stream for `seed`.
    pub fn new(seed: u64) -> Self {
        SeededRng { stream: ChaCha20Rng::seed_from_u64(seed), spare_normal: None }
    }

    /// Uniform integer in `0..n` (unbiased, by rejection). `n` must be positive.
    pub fn below(&mut self, n: u64) -> u64 {
        assert!(n > 0, "below(0) has no values");
        let zone = u64::MAX - (u64::MAX - n + 1) % n;
        loop {
            let x = self.stream.next_u64();
            if x <= zone {
                return x % n;
            }
        }
    }

    /// Uniform in `[0, 1)` with 53 random bits.
    pub fn unit(&mut self) -> f64 {
        (self.stream.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Standard normal draw (Box–Muller with `libm`, so it is bit-identical on every target).
    pub fn normal(&mut self) -> f64 {
        if let Some(z) = self.spare_normal.take() {
            return z;
        }
        let u1 = 1.0 - self.unit(); // (0, 1]: ln is finite
        let u2 = self.unit();
        let radius = libm::sqrt(-2.0 * libm::log(u1));
        let (sin, cos) = libm::sincos(2.0 * std::f64::consts::PI * u2);
        self.spare_normal = Some(radius * sin);
        radius * cos
    }

    /// Shuffles in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_and_different_seed_different_stream() {
        let draw = |seed| {
            let mut r = SeededRng::new(seed);
            (0..8).map(|_| r.below(1000)).collect::<Vec<_>>()
        };
        assert_eq!(draw(42), draw(42));
        assert_ne!(draw(42), draw(43));
    }

    #[test]
    fn stream_for_seed_42_is_pinned() {
        // Pinned so any change to the generator (and thus to every split and sample) is noticed.
        let mut r = SeededRng::new(42);
        let v: Vec<u64> = (0..4).map(|_| r.below(100)).collect();
        assert_eq!(v, PINNED_42);
    }
    // Recorded from this implementation when it was written (rand_chacha 0.9, seed_from_u64).
    const PINNED_42: [u64; 4] = [56, 5, 21, 36];

    #[test]
    fn below_stays_in_range_and_covers_it() {
        let mut r = SeededRng::new(1);
        let mut seen = [0u32; 6];
        for _ in 0..6000 {
            seen[r.below(6) as usize] += 1;
        }
        assert!(seen.iter().all(|&c| (850..1150).contains(&c)), "{seen:?}");
    }

    #[test]
    fn normal_draws_have_mean_0_and_sd_1() {
        let mut r = SeededRng::new(7);
        let xs: Vec<f64> = (0..20_000).map(|_| r.normal()).collect();
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / xs.len() as f64;
        assert!(mean.abs() < 0.03 && (var - 1.0).abs() < 0.05, "{mean} {var}");
    }
}
