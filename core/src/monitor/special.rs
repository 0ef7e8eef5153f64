//! Special functions the tests need, in pure Rust on `libm` so results are bit-identical on native
//! and wasm32. Each follows the algorithm scipy uses closely enough to match it to ~1e-12 relative.

/// √½, the constant cephes' `ndtr` switches on.
const SQRT_HALF: f64 = std::f64::consts::FRAC_1_SQRT_2;

/// Standard normal CDF Φ(x), computed as cephes `ndtr` (scipy's `norm.cdf`): erf near zero,
/// `1 - erfc/2` in the tails, so `1 - ndtr(x)` rounds exactly as scipy's does.
pub fn ndtr(a: f64) -> f64 {
    if a.is_nan() {
        return f64::NAN;
    }
    let x = a * SQRT_HALF;
    let z = x.abs();
    if z < SQRT_HALF {
        0.5 + 0.5 * libm::erf(x)
    } else {
        let y = 0.5 * libm::erfc(z);
        if x > 0.0 {
            1.0 - y
        } else {
            y
        }
    }
}

/// Regularized upper incomplete gamma Q(a, x) = Γ(a, x)/Γ(a) (cephes `igamc`), accurate in relative
/// terms even for tiny results, which is what chi-square p-values far in the tail need.
pub fn gamma_q(a: f64, x: f64) -> f64 {
    if x.is_nan() || a.is_nan() || x < 0.0 || a < 0.0 {
        return f64::NAN;
    }
    if a == 0.0 {
        return if x > 0.0 { 0.0 } else { f64::NAN };
    }
    if x == 0.0 {
        return 1.0;
    }
    if x.is_infinite() {
        return 0.0;
    }
    if x < a + 1.0 {
        1.0 - gamma_p_series(a, x)
    } else {
        gamma_q_continued_fraction(a, x)
    }
}

/// `x^a e^-x / Γ(a)`, the common prefactor of both expansions.
fn gamma_prefactor(a: f64, x: f64) -> f64 {
    libm::exp(a * libm::log(x) - x - libm::lgamma(a))
}

/// P(a, x) by its power series; converges fast for x < a + 1.
fn gamma_p_series(a: f64, x: f64) -> f64 {
    let mut ap = a;
    let mut term = 1.0 / a;
    let mut sum = term;
    for _ in 0..10_000 {
        ap += 1.0;
        term *= x / ap;
        sum += term;
        if term.abs() < sum.abs() * 1e-17 {
            break;
        }
    }
    sum * gamma_prefactor(a, x)
}

/// Q(a, x) by the Legendre continued fraction (modified Lentz); converges fast for x ≥ a + 1.
fn gamma_q_continued_fraction(a: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let mut b = x + 1.0 - a;
    let mut c = 1.0 / TINY;
    let mut d = 1.0 / b;
    let mut h = d;
    for i in 1..10_000 {
        let an = -(i as f64) * (i as f64 - a);
        b += 2.0;
        d = an * d + b;
        if d.abs() < TINY {
            d = TINY;
        }
        c = b + an / c;
        if c.abs() < TINY {
            c = TINY;
        }
        d = 1.0 / d;
        let delta = d * c;
        h *= delta;
        if (delta - 1.0).abs() < 1e-16 {
            break;
        }
    }
    gamma_prefactor(a, x) * h
}

/// Survival function of the chi-square distribution (scipy `chi2.sf`, i.e. `chdtrc`).
pub fn chi2_sf(statistic: f64, dof: f64) -> f64 {
    if statistic.is_infinite() && statistic > 0.0 {
        return 0.0;
    }
    gamma_q(dof / 2.0, statistic / 2.0)
}

/// Running sum with Neumaier compensation, so long columns (500k rows) keep full precision and the
/// result does not depend on how the caller chunked the data.
#[derive(Debug, Clone, Copy, Default)]
pub struct NeumaierSum {
    sum: f64,
    compensation: f64,
}

impl NeumaierSum {
    /// Adds one term.
    pub fn add(&mut self, v: f64) {
        let t = self.sum + v;
        if self.sum.abs() >= v.abs() {
            self.compensation += (self.sum - t) + v;
        } else {
            self.compensation += (v - t) + self.sum;
        }
        self.sum = t;
    }

    /// The compensated total (the plain sum when it is not finite: inf/NaN terms, e.g. a
    /// chi-square cell with zero expectation, would make the compensation NaN).
    pub fn value(&self) -> f64 {
        if self.sum.is_finite() {
            self.sum + self.compensation
        } else {
            self.sum
        }
    }
}

/// Compensated sum of an iterator (see [`NeumaierSum`]).
pub fn compensated_sum(values: impl IntoIterator<Item = f64>) -> f64 {
    let mut s = NeumaierSum::default();
    values.into_iter().for_each(|v| s.add(v));
    s.value()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(a: f64, b: f64) -> f64 {
        ((a - b) / b).abs()
    }

    // References: scipy 1.17.1 (`scipy.stats.norm.cdf`, `scipy.stats.chi2.sf`), printed with repr().
    #[test]
    fn ndtr_matches_scipy() {
        assert!(rel(ndtr(0.6748774020194321), 0.7501231705615025) < 1e-15);
        assert!(rel(ndtr(-3.0), 0.0013498980316300933) < 1e-14);
        assert_eq!(ndtr(0.0), 0.5);
    }

    #[test]
    fn chi2_sf_matches_scipy_in_the_far_tail() {
        // scipy.stats.chi2.sf(x, df) for (x, df)
        let cases = [
            (0.9574156380230248, 1.0, 0.32783886594862854),
            (0.39069367984565545, 2.0, 0.8225493156336506),
            (120.0, 3.0, 7.716790355634162e-26),
            (1500.0, 1000.0, 1.0454640385980825e-22),
            (900.0, 1000.0, 0.9892827619087102),
        ];
        for (x, df, p) in cases {
            let got = chi2_sf(x, df);
            assert!(rel(got, p) < 1e-10, "chi2.sf({x}, {df}) = {got}, scipy {p}");
        }
    }

    #[test]
    fn chi2_sf_of_infinite_statistic_is_zero() {
        assert_eq!(chi2_sf(f64::INFINITY, 5.0), 0.0);
    }
}
