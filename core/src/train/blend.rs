//! Greedy ensemble selection (Caruana et al., 2004): from held-out predictions of several
//! candidates, repeatedly add — with replacement — the candidate that most lowers the squared
//! error of the running average; the counts become the ensemble's weights.

/// How many times each candidate was picked (all zero when none is usable). `predictions[i]` is
/// `None` for a candidate that failed; the rest are aligned with `truth`. Makes `rounds` picks —
/// even one that raises the error, as a later pick may mix better — and keeps the prefix with
/// the lowest error; ties go to the earlier candidate and the shorter prefix.
pub(super) fn greedy_counts(predictions: &[Option<&[f64]>], truth: &[f64], rounds: usize) -> Vec<usize> {
    let mut counts = vec![0; predictions.len()];
    let mut best = (f64::INFINITY, counts.clone());
    let mut sum = vec![0.0; truth.len()];
    for picks in 1..=rounds {
        let sse = |p: &[f64]| -> f64 {
            sum.iter().zip(p).zip(truth).map(|((s, q), t)| (t - (s + q) / picks as f64).powi(2)).sum()
        };
        let pick = predictions
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.map(|p| (i, sse(p))))
            .filter(|(_, e)| e.is_finite())
            .fold(None::<(usize, f64)>, |b, (i, e)| match b {
                Some((_, be)) if be <= e => b,
                _ => Some((i, e)),
            });
        let Some((i, e)) = pick else { break };
        counts[i] += 1;
        for (s, q) in sum.iter_mut().zip(predictions[i].unwrap_or_default()) {
            *s += q;
        }
        if e < best.0 {
            best = (e, counts.clone());
        }
    }
    best.1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_errors_in_opposite_directions_are_averaged() {
        let truth = [1.0, 2.0, 3.0, 4.0];
        let high: Vec<f64> = truth.iter().map(|t| t + 1.0).collect();
        let low: Vec<f64> = truth.iter().map(|t| t - 1.2).collect();
        let counts = greedy_counts(&[Some(&high), None, Some(&low)], &truth, 10);
        assert_eq!(counts[1], 0);
        assert!(counts[0] > 0 && counts[2] > 0, "{counts:?}");
    }

    #[test]
    fn a_perfect_candidate_is_picked_alone() {
        let truth = [1.0, 2.0, 3.0];
        let off = [2.0, 2.0, 2.0];
        assert_eq!(greedy_counts(&[Some(&off), Some(&truth)], &truth, 10), vec![0, 1]);
    }
}
