//! The held-out metrics table every lifecycle command prints the same way.

use crate::output::table;
use hearth_core::train::Metrics;

/// `metric  value` rows for MAE, MSE, RMSE, R², MAPE, ME and max error.
pub fn metrics_table(m: &Metrics) -> String {
    let rows: Vec<Vec<String>> = [
        ("MAE", fmt_number(m.mae)),
        ("MSE", fmt_number(m.mse)),
        ("RMSE", fmt_number(m.rmse)),
        ("R²", format!("{:.4}", m.r2)),
        ("MAPE", format!("{:.2} %", m.mape * 100.0)),
        ("ME (bias)", fmt_number(m.me)),
        ("max error", fmt_number(m.max_error)),
    ]
    .into_iter()
    .map(|(k, v)| vec![k.to_string(), v])
    .collect();
    table(&["metric", "test"], &rows)
}

/// A number for a table: integers with thousands separators when large, else 4 significant places.
pub fn fmt_number(v: f64) -> String {
    if !v.is_finite() {
        return v.to_string();
    }
    if v.abs() >= 1000.0 {
        let s = format!("{:.0}", v.abs());
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        if v < 0.0 {
            out.insert(0, '-');
        }
        out
    } else {
        format!("{v:.4}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_numbers_get_thousands_separators_and_small_ones_four_decimals() {
        assert_eq!(fmt_number(1_234_567.4), "1,234,567");
        assert_eq!(fmt_number(-98_765.0), "-98,765");
        assert_eq!(fmt_number(0.65321), "0.6532");
        assert_eq!(fmt_number(999.0), "999.0000");
    }
}
