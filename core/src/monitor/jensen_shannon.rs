//! Jensen–Shannon distance (`scipy.spatial.distance.jensenshannon`, natural log).

use super::special::compensated_sum;

/// √(½ KL(p‖m) + ½ KL(q‖m)) with m = (p + q)/2 after normalising p and q to sum 1, natural log.
pub fn jensen_shannon_distance(p: &[f64], q: &[f64]) -> f64 {
    let sp = compensated_sum(p.iter().copied());
    let sq = compensated_sum(q.iter().copied());
    let rel_entr = |x: f64, y: f64| {
        if x > 0.0 && y > 0.0 {
            x * libm::log(x / y)
        } else if x == 0.0 && y >= 0.0 {
            0.0
        } else {
            f64::INFINITY
        }
    };
    let (mut left, mut right) = (Vec::with_capacity(p.len()), Vec::with_capacity(p.len()));
    for (&a, &b) in p.iter().zip(q) {
        let (a, b) = (a / sp, b / sq);
        let m = (a + b) / 2.0;
        left.push(rel_entr(a, m));
        right.push(rel_entr(b, m));
    }
    let js = compensated_sum(left) + compensated_sum(right);
    libm::sqrt(js / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disjoint_distributions_reach_sqrt_ln2() {
        let d = jensen_shannon_distance(&[1.0, 0.0], &[0.0, 1.0]);
        assert!((d - libm::sqrt(std::f64::consts::LN_2)).abs() < 1e-15);
    }

    #[test]
    fn equal_distributions_are_at_distance_zero() {
        assert_eq!(jensen_shannon_distance(&[0.2, 0.8], &[0.2, 0.8]), 0.0);
    }
}
