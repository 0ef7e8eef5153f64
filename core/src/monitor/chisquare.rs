//! Pearson's chi-square goodness of fit as Evidently applies it to drift:
//! `scipy.stats.chisquare(f_obs = current counts, f_exp = reference counts × n_cur / n_ref)`.

use super::distribution::AlignedCounts;
use super::special::{chi2_sf, compensated_sum};

/// Chi-square statistic and p-value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChiSquareResult {
    /// Σ (obs − exp)² / exp; infinite when current has a category the reference never had.
    pub statistic: f64,
    /// Upper tail probability with k − 1 degrees of freedom (0 when the statistic is infinite).
    pub pvalue: f64,
}

/// Evidently's chi-square drift test over aligned category counts.
pub fn chisquare(counts: &AlignedCounts) -> ChiSquareResult {
    let k_norm = counts.current_total() as f64 / counts.reference_total() as f64;
    let statistic = compensated_sum(counts.reference.iter().zip(&counts.current).map(|(&r, &c)| {
        let expected = r as f64 * k_norm;
        let d = c as f64 - expected;
        d * d / expected
    }));
    let dof = counts.keys.len() as f64 - 1.0;
    ChiSquareResult { statistic, pvalue: chi2_sf(statistic, dof) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unseen_category_gives_p_zero() {
        let r = chisquare(&AlignedCounts::from_labels(&["a", "b", "a"], &["a", "c", "b"]));
        assert!(r.statistic.is_infinite());
        assert_eq!(r.pvalue, 0.0);
    }

    #[test]
    fn same_proportions_give_statistic_zero() {
        let r = chisquare(&AlignedCounts::from_labels(&["a", "b", "c"], &["c", "b", "a"]));
        assert!(r.statistic.abs() < 1e-12);
        assert!((r.pvalue - 1.0).abs() < 1e-12);
    }
}
