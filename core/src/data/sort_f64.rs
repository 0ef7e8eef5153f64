//! Sorting `f64`s into exactly the order of `sort_by(f64::total_cmp)`, faster.
//!
//! Profiles sort every numeric column (quantiles, and the mean is summed in sorted order so it is
//! reproducible). `total_cmp` is a total order on bit patterns, so values it calls equal are
//! identical and any correct sort gives the same bits: an unstable sort (in place, no scratch
//! buffer) and, for columns with few distinct values (counts of bedrooms, yes/no flags as 0/1), a
//! count of each value written back in order are both exactly the stable comparison sort.

/// Columns with at most this many distinct values are sorted by counting.
const FEW_DISTINCT: usize = 32;

/// Below this many values counting is not worth trying.
const COUNT_FROM: usize = 1024;

/// Sorts `values` ascending by [`f64::total_cmp`].
pub fn sort_total(values: &mut [f64]) {
    if values.len() >= COUNT_FROM && sort_by_counting(values) {
        return;
    }
    values.sort_unstable_by(f64::total_cmp);
}

/// Sorts by counting when there are at most [`FEW_DISTINCT`] distinct values; false (and
/// `values` untouched) otherwise.
fn sort_by_counting(values: &mut [f64]) -> bool {
    let mut distinct: Vec<(u64, usize)> = Vec::with_capacity(FEW_DISTINCT);
    let mut last = 0;
    for v in values.iter() {
        let bits = v.to_bits();
        if distinct.get(last).is_some_and(|d| d.0 == bits) {
            distinct[last].1 += 1;
            continue;
        }
        match distinct.iter().position(|d| d.0 == bits) {
            Some(i) => {
                distinct[i].1 += 1;
                last = i;
            }
            None if distinct.len() == FEW_DISTINCT => return false,
            None => {
                last = distinct.len();
                distinct.push((bits, 1));
            }
        }
    }
    distinct.sort_unstable_by(|a, b| f64::from_bits(a.0).total_cmp(&f64::from_bits(b.0)));
    let mut at = 0;
    for (bits, n) in distinct {
        values[at..at + n].fill(f64::from_bits(bits));
        at += n;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::SeededRng;

    fn check(mut values: Vec<f64>) {
        let mut expected = values.clone();
        expected.sort_by(f64::total_cmp);
        sort_total(&mut values);
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&values), bits(&expected));
    }

    #[test]
    fn many_distinct_values_sort_like_the_stable_comparison_sort() {
        let mut rng = SeededRng::new(7);
        let mut values: Vec<f64> = (0..20_000).map(|_| (rng.unit() - 0.5) * 1e6).collect();
        values.extend((0..5_000).map(|i| f64::from(i % 7)));
        values
            .extend([0.0, -0.0, f64::INFINITY, f64::NEG_INFINITY, 5e-324, -5e-324].iter().cycle().take(600));
        check(values);
    }

    #[test]
    fn few_distinct_values_are_counted_into_the_same_order() {
        let mut values: Vec<f64> = (0..10_000).map(|i| f64::from((i * 7919) % 6) - 2.0).collect();
        values.extend([0.0, -0.0, 0.5, f64::NEG_INFINITY].iter().cycle().take(400));
        assert!(sort_by_counting(&mut values.clone()));
        check(values);
        check(vec![3.0; 5_000]);
    }

    #[test]
    fn too_many_distinct_values_fall_back_untouched() {
        let values: Vec<f64> = (0..2_000).rev().map(|i| f64::from(i % (FEW_DISTINCT as i32 + 1))).collect();
        let mut tried = values.clone();
        assert!(!sort_by_counting(&mut tried));
        assert_eq!(tried, values);
        check(values);
    }
}
