//! Evidently's Z-test for two proportions (binary categorical columns, small references).

use super::distribution::AlignedCounts;
use super::special::ndtr;

/// Z statistic and p-value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ZTestResult {
    /// Pooled two-proportion z (NaN when both sides hold the same single value).
    pub z: f64,
    /// `2·(1 − Φ(|z|))` exactly as Evidently writes it, so it is 0 once |z| > ≈ 8.3.
    pub pvalue: f64,
}

/// Pooled z on the indicator `value != first sorted category`, Evidently's `_z_stat_test`.
pub fn proportions_ztest(counts: &AlignedCounts) -> ZTestResult {
    let present = |side: &[u64]| side.iter().filter(|&&c| c > 0).count();
    let ref_single = present(&counts.reference) == 1;
    let cur_single = present(&counts.current) == 1;
    let same_single = ref_single
        && cur_single
        && counts.reference.iter().zip(&counts.current).any(|(&r, &c)| r > 0 && c > 0);
    if same_single {
        return ZTestResult { z: f64::NAN, pvalue: 1.0 };
    }
    let n1 = counts.reference_total() as f64;
    let n2 = counts.current_total() as f64;
    // Rows whose value differs from the first sorted key count as 1.
    let ones = |side: &[u64]| side.iter().skip(1).sum::<u64>() as f64;
    let p1 = ones(&counts.reference) / n1;
    let p2 = ones(&counts.current) / n2;
    let pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
    let z = (p1 - p2) / libm::sqrt(pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2));
    ZTestResult { z, pvalue: 2.0 * (1.0 - ndtr(z.abs())) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_single_value_gives_p_one() {
        let r = proportions_ztest(&AlignedCounts::from_labels(&["yes", "yes"], &["yes"]));
        assert_eq!(r.pvalue, 1.0);
    }

    #[test]
    fn extreme_difference_underflows_to_zero_like_evidently() {
        let reference = vec!["no"; 1000];
        let current = vec!["yes"; 1000];
        assert_eq!(proportions_ztest(&AlignedCounts::from_labels(&reference, &current)).pvalue, 0.0);
    }
}
