//! First Wasserstein distance between two empirical distributions (`scipy.stats.wasserstein_distance`)
//! and Evidently's normed variant.

use super::distribution::NumericDistribution;
use super::special::NeumaierSum;

/// ∫ |F_a − F_b| over the merged support, as scipy's `_cdf_distance(1, a, b)`. NaN when a side is empty.
pub fn wasserstein_distance(a: &NumericDistribution, b: &NumericDistribution) -> f64 {
    if a.is_empty() || b.is_empty() {
        return f64::NAN;
    }
    let (av, ac, bv, bc) = (a.values(), a.counts(), b.values(), b.counts());
    let (na, nb) = (a.total() as f64, b.total() as f64);
    let (mut i, mut j, mut ca, mut cb) = (0, 0, 0u64, 0u64);
    let mut total = NeumaierSum::default();
    let mut prev: Option<(f64, f64)> = None; // (x, |F_a(x) - F_b(x)|)
    while i < av.len() || j < bv.len() {
        let x = match (av.get(i), bv.get(j)) {
            (Some(&x), Some(&y)) => x.min(y),
            (Some(&x), None) => x,
            (None, Some(&y)) => y,
            (None, None) => unreachable!(),
        };
        if let Some((px, pd)) = prev {
            total.add(pd * (x - px));
        }
        if i < av.len() && av[i] == x {
            ca += ac[i];
            i += 1;
        }
        if j < bv.len() && bv[j] == x {
            cb += bc[j];
            j += 1;
        }
        prev = Some((x, (ca as f64 / na - cb as f64 / nb).abs()));
    }
    total.value()
}

/// Evidently's `wasserstein` test value: distance / max(population std of reference, 0.001).
pub fn wasserstein_normed(reference: &NumericDistribution, current: &NumericDistribution) -> f64 {
    wasserstein_distance(reference, current) / reference.std_population().max(0.001)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_scipy_doc_example() {
        // scipy docs: wasserstein_distance([0, 1, 3], [5, 6, 8]) == 5.0
        let a = NumericDistribution::from_values(&[0.0, 1.0, 3.0]);
        let b = NumericDistribution::from_values(&[5.0, 6.0, 8.0]);
        assert!((wasserstein_distance(&a, &b) - 5.0).abs() < 1e-12);
    }

    #[test]
    fn constant_reference_is_normed_by_a_thousandth() {
        let a = NumericDistribution::from_values(&[2.0, 2.0]);
        let b = NumericDistribution::from_values(&[2.001]);
        assert!((wasserstein_normed(&a, &b) - 1.0).abs() < 1e-9);
    }
}
