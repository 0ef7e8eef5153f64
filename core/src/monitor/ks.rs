//! Two-sample Kolmogorov–Smirnov test, two-sided, as `scipy.stats.ks_2samp(method='auto')`
//! (scipy 1.17): exact p-value when both samples have at most 10 000 observations, Smirnov's
//! asymptotic distribution (`kstwo.sf(d, round(n·m/(n+m)))`) otherwise or when the exact
//! computation fails.

use serde::{Deserialize, Serialize};

use super::distribution::NumericDistribution;
use super::kolmogorov::kstwo_sf;

/// scipy's `MAX_AUTO_N`: above this sample size `method='auto'` goes asymptotic.
const MAX_AUTO_N: u64 = 10_000;

/// How the p-value was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KsMethod {
    /// Exact lattice-path count (Hodges / Viehmann).
    Exact,
    /// Distribution of the one-sample statistic with the effective sample size.
    Asymptotic,
}

/// Result of a two-sample K-S test.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct KsResult {
    /// Largest absolute difference of the two empirical CDFs (snapped to a lattice point in exact mode, as scipy does).
    pub statistic: f64,
    /// Two-sided p-value.
    pub pvalue: f64,
    /// Exact or asymptotic.
    pub method: KsMethod,
}

/// K-S test on raw samples (NaN/inf dropped). `None` when either side has no finite value
/// (scipy raises for empty input).
pub fn ks_2samp(reference: &[f64], current: &[f64]) -> Option<KsResult> {
    ks_2samp_distributions(
        &NumericDistribution::from_values(reference),
        &NumericDistribution::from_values(current),
    )
}

/// K-S test on summarised samples; identical to [`ks_2samp`] on the rows they summarise.
pub fn ks_2samp_distributions(a: &NumericDistribution, b: &NumericDistribution) -> Option<KsResult> {
    let (n1, n2) = (a.total(), b.total());
    if n1 == 0 || n2 == 0 {
        return None;
    }
    let d = max_cdf_difference(a, b);
    let g = gcd(n1, n2);
    if n1.max(n2) <= MAX_AUTO_N {
        if let Some((d_lattice, p)) = exact_two_sided(n1, n2, g, d) {
            return Some(KsResult { statistic: d_lattice, pvalue: p, method: KsMethod::Exact });
        }
    }
    let (m, n) = (n1.max(n2) as f64, n1.min(n2) as f64);
    let en = m * n / (m + n);
    let p = kstwo_sf(d, libm::rint(en)).clamp(0.0, 1.0);
    Some(KsResult { statistic: d, pvalue: p, method: KsMethod::Asymptotic })
}

/// max |F_a(x) − F_b(x)| over all observed x, each CDF evaluated as scipy does (`count / n`).
fn max_cdf_difference(a: &NumericDistribution, b: &NumericDistribution) -> f64 {
    let (av, ac, bv, bc) = (a.values(), a.counts(), b.values(), b.counts());
    let (n1, n2) = (a.total() as f64, b.total() as f64);
    let (mut i, mut j) = (0, 0);
    let (mut ca, mut cb) = (0u64, 0u64);
    let (mut max_s, mut min_s) = (f64::NEG_INFINITY, f64::INFINITY);
    while i < av.len() || j < bv.len() {
        let x = match (av.get(i), bv.get(j)) {
            (Some(&x), Some(&y)) => x.min(y),
            (Some(&x), None) => x,
            (None, Some(&y)) => y,
            (None, None) => unreachable!(),
        };
        if i < av.len() && av[i] == x {
            ca += ac[i];
            i += 1;
        }
        if j < bv.len() && bv[j] == x {
            cb += bc[j];
            j += 1;
        }
        let diff = ca as f64 / n1 - cb as f64 / n2;
        max_s = max_s.max(diff);
        min_s = min_s.min(diff);
    }
    let min_s = (-min_s).clamp(0.0, 1.0);
    if min_s > max_s {
        min_s
    } else {
        max_s
    }
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// scipy `_attempt_exact_2kssamp` (two-sided): `None` when the computation is not usable.
fn exact_two_sided(n1: u64, n2: u64, g: u64, d: f64) -> Option<(f64, f64)> {
    let lcm = (n1 / g) * n2;
    let h = libm::rint(d * lcm as f64) as u64;
    let d = h as f64 / lcm as f64;
    if h == 0 {
        return Some((d, 1.0));
    }
    let p = if n1 == n2 { prob_outside_square(n1, h) } else { outer_prob_inside_method(n1, n2, g, h) };
    (p.is_finite() && (0.0..=1.0).contains(&p)).then_some((d, p))
}

/// scipy `_compute_prob_outside_square`: P(D_{n,n} ≥ h/n) by a Horner-like alternating sum.
fn prob_outside_square(n: u64, h: u64) -> f64 {
    let (nf, hf) = (n as f64, h as f64);
    let mut p = 0.0;
    let mut k = (n / h) as i64;
    while k >= 0 {
        let kf = k as f64;
        let mut p1 = 1.0;
        for j in 0..h {
            let jf = j as f64;
            p1 = (nf - kf * hf - jf) * p1 / (nf + kf * hf + jf + 1.0);
        }
        p = p1 * (1.0 - p);
        k -= 1;
    }
    2.0 * p
}

/// scipy `_compute_outer_prob_inside_method` (Viehmann's recursion for 1 − inside probability).
fn outer_prob_inside_method(m: u64, n: u64, g: u64, h: u64) -> f64 {
    let (m, n) = if m < n { (n as i64, m as i64) } else { (m as i64, n as i64) };
    let (g, h) = (g as i64, h as i64);
    let (mg, ng) = (m / g, n / g);
    let mut minj: i64 = 0;
    let mut maxj: i64 = ((h as f64 / mg as f64).ceil() as i64).min(n + 1);
    let mut curlen = maxj - minj;
    let len_a = (2 * maxj + 2).min(n + 1) as usize;
    let mut a = vec![1.0f64; len_a];
    for v in a.iter_mut().take(maxj as usize).skip(minj as usize) {
        *v = 0.0;
    }
    for i in 1..=m {
        let (lastminj, lastlen) = (minj, curlen);
        minj = ((((ng * i - h) as f64) / mg as f64).floor() as i64 + 1).max(0);
        minj = minj.min(n);
        maxj = ((((ng * i + h) as f64) / mg as f64).ceil() as i64).min(n + 1);
        if maxj <= minj {
            return 1.0;
        }
        let fi = i as f64;
        let mut val = if minj == 0 { 0.0 } else { 1.0 };
        for jj in 0..(maxj - minj) {
            let j = jj + minj;
            val = (a[(jj + minj - lastminj) as usize] * fi + val * j as f64) / (fi + j as f64);
            a[jj as usize] = val;
        }
        curlen = maxj - minj;
        if lastlen > curlen {
            let start = (maxj - minj) as usize;
            let end = (start + (lastlen - curlen) as usize).min(a.len());
            for v in &mut a[start..end] {
                *v = 1.0;
            }
        }
    }
    a[(maxj - minj - 1) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    // scipy 1.17.1: ks_2samp([1,2,3,4,5], [3,4,5,6,7,8]) and equal-size variants, repr() of the output.
    #[test]
    fn small_exact_cases_match_scipy() {
        let r = ks_2samp(&[1.0, 2.0, 3.0, 4.0, 5.0], &[3.0, 4.0, 5.0, 6.0, 7.0, 8.0]).unwrap();
        assert_eq!(r.method, KsMethod::Exact);
        assert!((r.statistic - 0.5).abs() < 1e-15);
        assert!((r.pvalue - 0.35714285714285715).abs() / 0.35714285714285715 < 1e-12, "{}", r.pvalue);
        let r = ks_2samp(&[1.0, 2.0, 3.0, 4.0], &[3.0, 4.0, 5.0, 6.0]).unwrap();
        assert!((r.pvalue - 0.7714285714285716).abs() / 0.7714285714285716 < 1e-12, "{}", r.pvalue);
    }

    #[test]
    fn identical_samples_have_p_one() {
        let x = [1.0, 5.0, 2.0, 8.0];
        let r = ks_2samp(&x, &x).unwrap();
        assert_eq!(r.statistic, 0.0);
        assert_eq!(r.pvalue, 1.0);
    }

    #[test]
    fn empty_side_gives_none() {
        assert!(ks_2samp(&[f64::NAN], &[1.0]).is_none());
    }
}
