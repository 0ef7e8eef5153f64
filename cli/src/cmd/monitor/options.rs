//! Drift options on the command line, named after Evidently's `DataDriftPreset` parameters
//! (`stattest`, `num_stattest`, `per_column_stattest_threshold`, `drift_share`, …).

use crate::exit::{CliError, CliResult};
use hearth_core::monitor::{DriftOptions, StatTest, TestOverride};

/// Test and threshold overrides; precedence per column, then per type, then all columns.
#[derive(Debug, Default, clap::Args)]
pub struct DriftArgs {
    /// Dataset drift when the share of drifted columns is at least this.
    #[arg(long, default_value_t = 0.5)]
    drift_share: f64,
    /// Test for every column: ks, chisquare, z, wasserstein, jensenshannon, psi.
    #[arg(long, value_name = "TEST")]
    stattest: Option<String>,
    /// Threshold for every column.
    #[arg(long, value_name = "X")]
    stattest_threshold: Option<f64>,
    /// Test for numerical columns.
    #[arg(long, value_name = "TEST")]
    num_stattest: Option<String>,
    /// Threshold for numerical columns.
    #[arg(long, value_name = "X")]
    num_stattest_threshold: Option<f64>,
    /// Test for categorical columns.
    #[arg(long, value_name = "TEST")]
    cat_stattest: Option<String>,
    /// Threshold for categorical columns.
    #[arg(long, value_name = "X")]
    cat_stattest_threshold: Option<f64>,
    /// Test for one column (repeatable).
    #[arg(long, value_name = "COLUMN=TEST")]
    per_column_stattest: Vec<String>,
    /// Threshold for one column (repeatable).
    #[arg(long, value_name = "COLUMN=X")]
    per_column_stattest_threshold: Vec<String>,
    /// Only these columns, in this order (comma separated; default every reference column).
    #[arg(long, value_delimiter = ',', value_name = "A,B,…")]
    columns: Option<Vec<String>>,
}

fn stattest(flag: &str, name: &str) -> CliResult<StatTest> {
    StatTest::from_name(name).ok_or_else(|| {
        let known: Vec<&str> = StatTest::ALL.iter().map(|t| t.name()).collect();
        CliError::invalid(format!("--{flag} `{name}` is not a drift test; use one of {}", known.join(", ")))
    })
}

fn test(flag: &str, name: &Option<String>, threshold: Option<f64>) -> CliResult<TestOverride> {
    Ok(TestOverride { stattest: name.as_deref().map(|n| stattest(flag, n)).transpose()?, threshold })
}

fn split<'a>(flag: &str, text: &'a str) -> CliResult<(&'a str, &'a str)> {
    text.split_once('=')
        .filter(|(c, v)| !c.is_empty() && !v.is_empty())
        .ok_or_else(|| CliError::invalid(format!("--{flag} `{text}`: expected COLUMN=VALUE")))
}

impl DriftArgs {
    /// The core options (their ranges are checked by core, which names the bad value).
    pub fn options(&self) -> CliResult<DriftOptions> {
        let mut o = DriftOptions {
            drift_share: self.drift_share,
            all: test("stattest", &self.stattest, self.stattest_threshold)?,
            numerical: test("num-stattest", &self.num_stattest, self.num_stattest_threshold)?,
            categorical: test("cat-stattest", &self.cat_stattest, self.cat_stattest_threshold)?,
            columns: self.columns.clone(),
            ..DriftOptions::default()
        };
        for text in &self.per_column_stattest {
            let (column, name) = split("per-column-stattest", text)?;
            o.per_column.entry(column.to_string()).or_default().stattest =
                Some(stattest("per-column-stattest", name)?);
        }
        for text in &self.per_column_stattest_threshold {
            let (column, value) = split("per-column-stattest-threshold", text)?;
            let x = value.parse::<f64>().map_err(|_| {
                CliError::invalid(format!(
                    "--per-column-stattest-threshold `{text}`: `{value}` is not a number"
                ))
            })?;
            o.per_column.entry(column.to_string()).or_default().threshold = Some(x);
        }
        Ok(o)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_column_test_and_threshold_merge_into_one_override() {
        let args = DriftArgs {
            per_column_stattest: vec!["price=psi".into()],
            per_column_stattest_threshold: vec!["price=0.2".into()],
            num_stattest: Some("wasserstein".into()),
            drift_share: 0.5,
            ..DriftArgs::default()
        };
        let o = args.options().unwrap();
        assert_eq!(
            o.per_column["price"],
            TestOverride { stattest: Some(StatTest::Psi), threshold: Some(0.2) }
        );
        assert_eq!(o.numerical.stattest, Some(StatTest::Wasserstein));
    }

    #[test]
    fn unknown_test_names_list_the_known_ones() {
        let args = DriftArgs { stattest: Some("anderson".into()), ..DriftArgs::default() };
        let e = args.options().unwrap_err();
        assert!(e.message.contains("`anderson`") && e.message.contains("jensenshannon"), "{}", e.message);
        let args = DriftArgs { per_column_stattest_threshold: vec!["price".into()], ..DriftArgs::default() };
        assert!(args.options().unwrap_err().message.contains("COLUMN=VALUE"));
    }
}
