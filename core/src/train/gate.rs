//! The quality gate: the only thing that decides promotion. A failed gate is an outcome, not an
//! error.

use serde::{Deserialize, Serialize};

use super::metrics::Metrics;

/// Limits a challenger must respect; `None` means "no limit on this metric".
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
pub struct GateThresholds {
    /// Minimum test R².
    pub min_r2: Option<f64>,
    /// Maximum test MAPE (fraction).
    pub max_mape: Option<f64>,
    /// Maximum test MAE.
    pub max_mae: Option<f64>,
    /// Maximum test RMSE.
    pub max_rmse: Option<f64>,
}

/// The verdict with one readable line per check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GateDecision {
    /// True when every check passed.
    pub passed: bool,
    /// One line per check, `"ok: ..."` or `"failed: ..."`.
    pub reasons: Vec<String>,
}

/// Judges a challenger's test metrics against the thresholds and, when there is one, the current
/// champion's metrics on the same test rows (the challenger must have a strictly higher R²).
pub fn evaluate_gate(
    challenger: &Metrics,
    champion: Option<&Metrics>,
    thresholds: &GateThresholds,
) -> GateDecision {
    let mut reasons = Vec::new();
    let mut passed = true;
    let mut check = |ok: bool, what: String| {
        passed &= ok;
        reasons.push(format!("{}: {what}", if ok { "ok" } else { "failed" }));
    };
    if let Some(min) = thresholds.min_r2 {
        check(challenger.r2 >= min, format!("R² {:.4} vs minimum {min}", challenger.r2));
    }
    if let Some(max) = thresholds.max_mape {
        check(challenger.mape <= max, format!("MAPE {:.4} vs maximum {max}", challenger.mape));
    }
    if let Some(max) = thresholds.max_mae {
        check(challenger.mae <= max, format!("MAE {:.4} vs maximum {max}", challenger.mae));
    }
    if let Some(max) = thresholds.max_rmse {
        check(challenger.rmse <= max, format!("RMSE {:.4} vs maximum {max}", challenger.rmse));
    }
    match champion {
        Some(c) => check(
            challenger.r2 > c.r2,
            format!("R² {:.4} vs champion {:.4} on the same test rows", challenger.r2, c.r2),
        ),
        None => check(true, "no champion yet".into()),
    }
    GateDecision { passed, reasons }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(r2: f64, mape: f64) -> Metrics {
        Metrics { mae: 1.0, mse: 1.0, rmse: 1.0, r2, mape, me: 0.0, max_error: 1.0 }
    }

    #[test]
    fn challenger_not_beating_champion_fails_with_reason() {
        let d = evaluate_gate(&m(0.70, 0.1), Some(&m(0.70, 0.1)), &GateThresholds::default());
        assert!(!d.passed);
        assert!(d.reasons.iter().any(|r| r.starts_with("failed") && r.contains("champion")));
    }

    #[test]
    fn thresholds_are_checked_each() {
        let t = GateThresholds { min_r2: Some(0.65), max_mape: Some(0.2), ..Default::default() };
        let d = evaluate_gate(&m(0.66, 0.25), None, &t);
        assert!(!d.passed);
        assert_eq!(d.reasons.iter().filter(|r| r.starts_with("failed")).count(), 1);
        assert!(evaluate_gate(&m(0.66, 0.15), Some(&m(0.6, 0.3)), &t).passed);
    }
}
