//! Population Stability Index over Evidently's bins (with its zero-share replacement).

use super::special::compensated_sum;

/// Σ (r − c)·ln(r / c) over bins whose shares already had zeros replaced (see [`fill_zero_shares`]).
pub fn psi(reference_shares: &[f64], current_shares: &[f64]) -> f64 {
    compensated_sum(reference_shares.iter().zip(current_shares).map(|(&r, &c)| (r - c) * libm::log(r / c)))
}

/// Evidently's `get_binned_data(feel_zeroes=True)`: zero shares become min_nonzero / 1e6 when the
/// smallest non-zero share is ≤ 1e-4, else 1e-4.
pub fn fill_zero_shares(shares: &mut [f64]) {
    let min_nonzero = shares.iter().copied().filter(|&s| s != 0.0).fold(f64::INFINITY, f64::min);
    if !min_nonzero.is_finite() {
        return;
    }
    let fill = if min_nonzero <= 0.0001 { min_nonzero / 1e6 } else { 0.0001 };
    shares.iter_mut().filter(|s| **s == 0.0).for_each(|s| *s = fill);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_shares_use_evidently_replacement() {
        let mut a = [0.0, 0.5, 0.5];
        fill_zero_shares(&mut a);
        assert_eq!(a, [0.0001, 0.5, 0.5]);
        let mut b = [0.0, 0.00005, 0.99995];
        fill_zero_shares(&mut b);
        assert_eq!(b[0], 0.00005 / 1e6);
    }

    #[test]
    fn identical_shares_have_zero_psi() {
        assert_eq!(psi(&[0.3, 0.7], &[0.3, 0.7]), 0.0);
    }
}
