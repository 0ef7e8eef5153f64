//! How runs read in tables and cards: the metric columns, their formatting and a run's status.

use hearth_core::registry::RunStatus;

pub(crate) use crate::models_page::when;
use crate::pipeline_page::thousands;

/// The test metrics shown for a run, as `(registry metric name, label)`, in column order.
pub const METRIC_COLUMNS: [(&str, &str); 4] =
    [("test_r2", "R²"), ("test_mae", "MAE"), ("test_rmse", "RMSE"), ("test_mape", "MAPE")];

/// A metric value as the tables show it: R² to 4 decimals, MAPE in percent, money with separators.
pub fn metric_text(key: &str, value: f64) -> String {
    match key {
        "test_r2" => format!("{value:.4}"),
        "test_mape" => format!("{:.2} %", value * 100.0),
        _ => thousands(value),
    }
}

/// A difference `b − a` as the comparison shows it, signed.
pub fn delta_text(key: &str, delta: f64) -> String {
    let sign = if delta > 0.0 { "+" } else { "" };
    match key {
        "test_r2" => format!("{sign}{delta:.4}"),
        "test_mape" => format!("{sign}{:.2} pp", delta * 100.0),
        _ if delta > 0.0 => format!("+{}", thousands(delta)),
        _ => thousands(delta),
    }
}

/// Whether a larger value of `key` is better (R²) or worse (errors), for colouring deltas.
pub fn higher_is_better(key: &str) -> bool {
    key == "test_r2"
}

/// One word for a run's status.
pub fn status_word(status: &RunStatus) -> &'static str {
    match status {
        RunStatus::Running => "running",
        RunStatus::Succeeded => "succeeded",
        RunStatus::Failed { .. } => "failed",
        RunStatus::Cancelled { .. } => "cancelled",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_and_deltas_read_in_their_units() {
        assert_eq!(metric_text("test_r2", 0.69123), "0.6912");
        assert_eq!(metric_text("test_mape", 0.1834), "18.34 %");
        assert_eq!(metric_text("test_mae", 812345.4), "812,345");
        assert_eq!(delta_text("test_r2", 0.0123), "+0.0123");
        assert_eq!(delta_text("test_mae", -1500.0), "−1,500");
        assert_eq!(delta_text("test_mae", 1500.0), "+1,500");
        assert_eq!(delta_text("test_mape", -0.01), "-1.00 pp");
        assert!(higher_is_better("test_r2") && !higher_is_better("test_rmse"));
    }
}
