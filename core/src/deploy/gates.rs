//! Deployment gates: checked on the local registry before anything reaches the edge. Metric gates
//! read the bundle's own held-out test metrics; the drift gate reads the workspace's most recent
//! stored drift report (`hearth monitor drift`), whose share of drifted columns must not exceed
//! `max_drift_share` — the freshest evidence the workspace holds about recent traffic.

use super::manifest::Gates;
use crate::monitor::{ReportSummary, StoredReport};
use crate::train::Metrics;

/// Why a gate refused a version.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("gate refused version {version}: {reason}")]
pub struct GateRefusal {
    /// The version refused.
    pub version: u32,
    /// Which gate, with the numbers.
    pub reason: String,
}

/// Drifted-column share of the newest drift report in `reports` (oldest first, as listed), with its id.
pub fn latest_drift_share(reports: &[StoredReport]) -> Option<(f64, String)> {
    reports.iter().rev().find_map(|r| match &r.summary {
        ReportSummary::Drift { number_of_columns, number_of_drifted_columns, .. }
            if *number_of_columns > 0 =>
        {
            Some((*number_of_drifted_columns as f64 / *number_of_columns as f64, r.id.clone()))
        }
        _ => None,
    })
}

/// Checks `metrics` of `version` (and the latest drift share, when the gate asks for it).
pub fn check(
    gates: &Gates,
    version: u32,
    metrics: &Metrics,
    drift: Option<&(f64, String)>,
) -> Result<(), GateRefusal> {
    let refuse = |reason: String| Err(GateRefusal { version, reason });
    let values = serde_json::to_value(metrics).expect("metrics serialise");
    let value = |name: &str| values.get(name).and_then(serde_json::Value::as_f64).unwrap_or(f64::NAN);
    for (name, min) in &gates.min {
        let v = value(name);
        if v.is_nan() || v < *min {
            return refuse(format!("test {name} = {v} is below the minimum {min}"));
        }
    }
    for (name, max) in &gates.max {
        let v = value(name);
        if v.is_nan() || v > *max {
            return refuse(format!("test {name} = {v} is above the maximum {max}"));
        }
    }
    if let Some(max) = gates.max_drift_share {
        match drift {
            None => {
                return refuse(format!(
                    "`max_drift_share = {max}` needs a stored drift report: run `hearth monitor drift` first"
                ))
            }
            Some((share, id)) if *share > max => {
                return refuse(format!("drift report {id} has {share:.3} of its columns drifted (max {max})"))
            }
            Some(_) => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metric_and_drift_gates_refuse_with_the_numbers() {
        let metrics = Metrics::compute(&[1.0, 2.0, 3.0], &[1.0, 2.0, 4.0]);
        let mut gates = Gates::default();
        gates.min.insert("r2".into(), 0.5);
        assert_eq!(check(&gates, 2, &metrics, None), Ok(()));
        gates.min.insert("r2".into(), 0.99);
        let e = check(&gates, 2, &metrics, None).unwrap_err();
        assert!(e.reason.contains("below the minimum 0.99"), "{e}");
        gates.min.clear();
        gates.max.insert("max_error".into(), 0.5);
        assert!(check(&gates, 2, &metrics, None).unwrap_err().reason.contains("above the maximum"));
        gates.max.clear();
        gates.max_drift_share = Some(0.25);
        assert!(check(&gates, 2, &metrics, None).unwrap_err().reason.contains("hearth monitor drift"));
        assert!(check(&gates, 2, &metrics, Some(&(0.5, "abc".into()))).is_err());
        assert_eq!(check(&gates, 2, &metrics, Some(&(0.25, "abc".into()))), Ok(()));
    }
}
