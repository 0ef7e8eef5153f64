//! The harness's arithmetic: medians and the `key value` lines every bench process prints.

use std::collections::BTreeMap;

/// The median (mean of the middle two for an even count); None for no samples.
pub fn median(samples: &[f64]) -> Option<f64> {
    let mut sorted: Vec<f64> = samples.iter().copied().filter(|v| !v.is_nan()).collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    Some(if sorted.len() % 2 == 1 { sorted[mid] } else { (sorted[mid - 1] + sorted[mid]) / 2.0 })
}

/// The output of a bench process: `key value` lines (`core/examples/bench_task.rs`,
/// `benches/peers/*.py`); `score COLUMN VALUE` lines go to `scores`. Other lines are ignored.
#[derive(Debug, Default)]
pub struct Lines {
    pub values: BTreeMap<String, f64>,
    pub scores: BTreeMap<String, f64>,
    /// The whole output, for programs with their own line format.
    pub text: String,
}

impl Lines {
    pub fn parse(text: &str) -> Lines {
        let mut lines = Lines { text: text.to_string(), ..Lines::default() };
        for line in text.lines() {
            let parts: Vec<&str> = line.split_whitespace().collect();
            match parts.as_slice() {
                ["score", column, value] => {
                    if let Ok(v) = value.parse() {
                        lines.scores.insert(column.to_string(), v);
                    }
                }
                [key, value] => {
                    if let Ok(v) = value.parse() {
                        lines.values.insert(key.to_string(), v);
                    }
                }
                _ => {}
            }
        }
        lines
    }

    /// The value of `key`; Err names the missing key and shows what was printed.
    pub fn get(&self, key: &str) -> Result<f64, String> {
        self.values
            .get(key)
            .copied()
            .ok_or_else(|| format!("no `{key}` in the bench output {:?}", self.values))
    }
}

/// max |a − b| over the columns both sides scored, and the columns only one side scored.
pub fn max_score_difference(
    a: &BTreeMap<String, f64>,
    b: &BTreeMap<String, f64>,
) -> (Option<f64>, Vec<String>) {
    let mut worst: Option<f64> = None;
    let mut unmatched = Vec::new();
    for (column, x) in a {
        match b.get(column) {
            Some(y) => {
                let d = if x == y { 0.0 } else { (x - y).abs() };
                worst = Some(worst.map_or(d, |w: f64| w.max(d)));
            }
            None => unmatched.push(column.clone()),
        }
    }
    unmatched.extend(b.keys().filter(|c| !a.contains_key(*c)).cloned());
    (worst, unmatched)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_even_and_empty() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&[f64::NAN, 5.0]), Some(5.0));
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn parses_values_and_scores() {
        let lines = Lines::parse("fit_s 0.25\nscore price 0.5\nnoise here too\nr2 nan\n");
        assert_eq!(lines.get("fit_s"), Ok(0.25));
        assert!(lines.get("r2").unwrap().is_nan());
        assert_eq!(lines.scores["price"], 0.5);
        assert!(lines.get("mae").unwrap_err().contains("mae"));
    }

    #[test]
    fn score_difference_names_unmatched_columns() {
        let a = BTreeMap::from([("x".to_string(), 0.5), ("y".to_string(), 0.1)]);
        let b = BTreeMap::from([("x".to_string(), 0.25), ("z".to_string(), 1.0)]);
        assert_eq!(max_score_difference(&a, &b), (Some(0.25), vec!["y".to_string(), "z".to_string()]));
    }
}
