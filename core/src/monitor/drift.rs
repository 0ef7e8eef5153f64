//! Dataset drift with Evidently 0.7.23's `DataDriftPreset` rules: per-column type inference, test
//! choice, threshold and verdict, then dataset drift when the share of drifted columns reaches
//! `drift_share`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::binning::{evidently_bins, sturges_bins, Bins};
use super::chisquare::chisquare;
use super::column_type::ColumnType;
use super::distribution::{AlignedCounts, NumericDistribution};
use super::jensen_shannon::jensen_shannon_distance;
use super::ks::ks_2samp_distributions;
use super::profile::{ColumnProfile, ColumnValues, ReferenceProfile};
use super::psi::{fill_zero_shares, psi};
use super::stattest::{ScoreKind, StatTest};
use super::wasserstein::wasserstein_normed;
use super::ztest::proportions_ztest;
use crate::data::Table;

/// Version of the [`DriftReport`] JSON layout (see `SCHEMA.md`).
pub const DRIFT_SCHEMA_VERSION: u32 = 1;

/// At most this many bins are kept in a column's display histogram (the rest are merged).
const MAX_DISPLAY_CATEGORIES: usize = 30;

/// A test and/or threshold to use instead of Evidently's default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct TestOverride {
    /// Test to run; `None` keeps the automatic choice.
    pub stattest: Option<StatTest>,
    /// Threshold; `None` keeps the test's default.
    pub threshold: Option<f64>,
}

/// Drift options, Evidently's `DataDriftOptions` subset. Precedence: per column, then per type,
/// then all columns, then the automatic choice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DriftOptions {
    /// Dataset drift when `drifted / tested >= drift_share` (Evidently default 0.5).
    pub drift_share: f64,
    /// Override for every column.
    pub all: TestOverride,
    /// Override for numerical columns.
    pub numerical: TestOverride,
    /// Override for categorical columns.
    pub categorical: TestOverride,
    /// Override for named columns.
    pub per_column: BTreeMap<String, TestOverride>,
    /// Only these columns (in this order); `None` = every reference column.
    pub columns: Option<Vec<String>>,
}

impl Default for DriftOptions {
    fn default() -> Self {
        DriftOptions {
            drift_share: 0.5,
            all: TestOverride::default(),
            numerical: TestOverride::default(),
            categorical: TestOverride::default(),
            per_column: BTreeMap::new(),
            columns: None,
        }
    }
}

/// Which dataset a problem is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The reference (baseline) data.
    Reference,
    /// The current (new) data.
    Current,
}

impl std::fmt::Display for Side {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Side::Reference => "reference",
            Side::Current => "current",
        })
    }
}

/// Why drift could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DriftError {
    /// A column to test is absent from one side.
    #[error("column `{column}` is missing from the {side} data")]
    MissingColumn {
        /// Column name.
        column: String,
        /// Where it is missing.
        side: Side,
    },
    /// The column is numeric on one side and text on the other.
    #[error("column `{column}` is {reference} in the reference data but {current} in the current data")]
    TypeMismatch {
        /// Column name.
        column: String,
        /// Kind in the reference.
        reference: &'static str,
        /// Kind in the current data.
        current: &'static str,
    },
    /// Nothing left after dropping missing/NaN/inf (Evidently raises the same).
    #[error("column `{column}` has no usable value in the {side} data (all missing, NaN or infinite)")]
    EmptyColumn {
        /// Column name.
        column: String,
        /// Which side is empty.
        side: Side,
    },
    /// A requested test does not apply to the column's type.
    #[error("test `{stattest}` cannot be used on column `{column}` of type {column_type}")]
    NotApplicable {
        /// Column name.
        column: String,
        /// Requested test.
        stattest: &'static str,
        /// Inferred type.
        column_type: &'static str,
    },
    /// A threshold or drift share is not a finite number in range.
    #[error("invalid option {what}: {value} (expected {expected})")]
    InvalidOption {
        /// Which option.
        what: String,
        /// The value given.
        value: f64,
        /// What is allowed.
        expected: &'static str,
    },
}

/// Aggregated reference-vs-current histogram of one column (never raw rows).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnDistribution {
    /// `edges` for numeric histograms (`bins + 1` values) or `categories` labels.
    #[serde(flatten)]
    pub bins: DistributionBins,
    /// Reference count per bin.
    pub reference: Vec<u64>,
    /// Current count per bin.
    pub current: Vec<u64>,
}

/// Bin labels of a [`ColumnDistribution`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DistributionBins {
    /// Numeric histogram edges.
    Edges(Vec<f64>),
    /// One label per category (`(other)` collects the rarest past 30).
    Categories(Vec<String>),
}

/// Drift result for one column, with Evidently's field names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnDrift {
    /// Column name.
    pub column_name: String,
    /// Inferred (Evidently) type.
    pub column_type: ColumnType,
    /// Evidently's display name of the test, e.g. `K-S p_value`.
    pub stattest_name: String,
    /// Short name of the test, e.g. `ks`.
    pub stattest: StatTest,
    /// Threshold used.
    pub stattest_threshold: f64,
    /// p-value or distance (JSON `null` if undefined).
    pub drift_score: f64,
    /// Evidently's verdict.
    pub drift_detected: bool,
    /// Reference observations tested (after dropping missing/NaN/inf).
    pub reference_count: u64,
    /// Current observations tested.
    pub current_count: u64,
    /// Reference cells dropped (missing/NaN/inf).
    pub reference_dropped: u64,
    /// Current cells dropped.
    pub current_dropped: u64,
    /// Distinct values in reference + current.
    pub n_unique: usize,
    /// Histogram for display.
    pub distribution: ColumnDistribution,
}

/// A column that was not tested, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkippedColumn {
    /// Column name.
    pub column_name: String,
    /// Reason in plain words.
    pub reason: String,
}

/// Dataset drift report (Evidently `DataDriftTable` vocabulary). Layout documented in `SCHEMA.md`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DriftReport {
    /// [`DRIFT_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Rows in the reference data.
    pub reference_rows: u64,
    /// Rows in the current data.
    pub current_rows: u64,
    /// Columns tested.
    pub number_of_columns: usize,
    /// Columns whose test detected drift.
    pub number_of_drifted_columns: usize,
    /// drifted / tested.
    pub share_of_drifted_columns: f64,
    /// `share_of_drifted_columns >= drift_share`.
    pub dataset_drift: bool,
    /// Threshold share used.
    pub drift_share: f64,
    /// Per column, in the reference's column order.
    pub drift_by_columns: Vec<ColumnDrift>,
    /// Columns not tested.
    pub skipped_columns: Vec<SkippedColumn>,
}

impl DriftReport {
    /// Columns most drifted first (the order of the HTML table and the CLI summary): drifted before
    /// not drifted, then by how far the score is past (or short of) its threshold, then by name.
    pub fn columns_by_severity(&self) -> Vec<&ColumnDrift> {
        let mut order: Vec<&ColumnDrift> = self.drift_by_columns.iter().collect();
        order.sort_by(|a, b| {
            let (sa, sb) = (a.severity(), b.severity());
            sa.0.cmp(&sb.0).then(sa.1.total_cmp(&sb.1)).then(a.column_name.cmp(&b.column_name))
        });
        order
    }
}

impl ColumnDrift {
    /// Sort key: drifted first, then the score's ratio to its threshold (smaller = worse).
    fn severity(&self) -> (bool, f64) {
        let ratio = match self.stattest.score_kind() {
            ScoreKind::PValue => self.drift_score / self.stattest_threshold.max(f64::MIN_POSITIVE),
            ScoreKind::Distance => self.stattest_threshold / self.drift_score.max(f64::MIN_POSITIVE),
        };
        (!self.drift_detected, if ratio.is_nan() { f64::INFINITY } else { ratio })
    }
}

/// Drift between two tables (the reference is profiled first, so this equals
/// `ReferenceProfile::from_table(reference).drift(current, options)` exactly).
pub fn data_drift(
    reference: &Table,
    current: &Table,
    options: &DriftOptions,
) -> Result<DriftReport, DriftError> {
    let (reference, current) = crate::parallel::join(
        || ReferenceProfile::from_table(reference),
        || ReferenceProfile::from_table(current),
    );
    reference.drift_against_profile(&current, options)
}

impl ReferenceProfile {
    /// Drift of a current table against this profile.
    pub fn drift(&self, current: &Table, options: &DriftOptions) -> Result<DriftReport, DriftError> {
        self.drift_against_profile(&ReferenceProfile::from_table(current), options)
    }

    /// Drift between two profiles (both sides summarised).
    pub fn drift_against_profile(
        &self,
        current: &ReferenceProfile,
        options: &DriftOptions,
    ) -> Result<DriftReport, DriftError> {
        check_options(options)?;
        let names: Vec<String> = match &options.columns {
            Some(cols) => cols.clone(),
            None => self.columns.iter().map(|c| c.name.clone()).collect(),
        };
        let mut drift_by_columns = Vec::new();
        let mut skipped_columns = Vec::new();
        for name in &names {
            let r = self
                .column(name)
                .ok_or_else(|| DriftError::MissingColumn { column: name.clone(), side: Side::Reference })?;
            let c = current
                .column(name)
                .ok_or_else(|| DriftError::MissingColumn { column: name.clone(), side: Side::Current })?;
            match column_drift(r, c, options)? {
                Ok(d) => drift_by_columns.push(d),
                Err(reason) => skipped_columns.push(SkippedColumn { column_name: name.clone(), reason }),
            }
        }
        let number_of_columns = drift_by_columns.len();
        let number_of_drifted_columns = drift_by_columns.iter().filter(|d| d.drift_detected).count();
        let share_of_drifted_columns = if number_of_columns == 0 {
            0.0
        } else {
            number_of_drifted_columns as f64 / number_of_columns as f64
        };
        Ok(DriftReport {
            schema_version: DRIFT_SCHEMA_VERSION,
            reference_rows: self.rows,
            current_rows: current.rows,
            number_of_columns,
            number_of_drifted_columns,
            share_of_drifted_columns,
            dataset_drift: number_of_columns > 0 && share_of_drifted_columns >= options.drift_share,
            drift_share: options.drift_share,
            drift_by_columns,
            skipped_columns,
        })
    }
}

fn check_options(options: &DriftOptions) -> Result<(), DriftError> {
    if !(options.drift_share > 0.0 && options.drift_share <= 1.0) {
        return Err(DriftError::InvalidOption {
            what: "drift_share".into(),
            value: options.drift_share,
            expected: "a number in (0, 1]",
        });
    }
    let named =
        [("all", &options.all), ("numerical", &options.numerical), ("categorical", &options.categorical)];
    let per_column = options.per_column.iter().map(|(k, v)| (k.as_str(), v));
    for (what, o) in named.into_iter().chain(per_column) {
        if let Some(t) = o.threshold {
            if !t.is_finite() || t < 0.0 {
                return Err(DriftError::InvalidOption {
                    what: format!("threshold for {what}"),
                    value: t,
                    expected: "a finite number >= 0",
                });
            }
        }
    }
    Ok(())
}

/// The two sides of a column after type checks.
enum Pair<'a> {
    Numbers { r: &'a NumericDistribution, c: &'a NumericDistribution, integer: bool },
    Labels,
}

/// `Ok(Err(reason))` = skipped column.
fn column_drift(
    r: &ColumnProfile,
    c: &ColumnProfile,
    options: &DriftOptions,
) -> Result<Result<ColumnDrift, String>, DriftError> {
    let name = &r.name;
    let pair = match (&r.values, &c.values) {
        (
            ColumnValues::Numeric { distribution: rd, integer: ri },
            ColumnValues::Numeric { distribution: cd, integer: ci },
        ) => Pair::Numbers { r: rd, c: cd, integer: *ri && *ci },
        (ColumnValues::Categories { .. }, ColumnValues::Categories { .. }) => Pair::Labels,
        (a, b) => {
            let kind = |v: &ColumnValues| match v {
                ColumnValues::Numeric { .. } => "numeric",
                ColumnValues::Categories { .. } => "text",
            };
            return Err(DriftError::TypeMismatch {
                column: name.clone(),
                reference: kind(a),
                current: kind(b),
            });
        }
    };
    // Built only when a per-category test or display needs it (large numeric columns never do).
    let aligned = || AlignedCounts::align(&r.category_counts(), &c.category_counts());
    let n_unique = match &pair {
        Pair::Numbers { r, c, .. } => r.distinct_in_union(c),
        Pair::Labels => aligned().keys.len(),
    };
    let column_type = match &pair {
        Pair::Numbers { integer, .. } => ColumnType::infer_numeric(*integer, n_unique),
        Pair::Labels => ColumnType::infer_strings(n_unique, r.kept() + c.kept()),
    };
    if column_type == ColumnType::Text {
        return Ok(Err(format!(
            "text column ({n_unique} distinct values in {} rows): Evidently tests text with a \
             domain classifier, which Hearth does not implement",
            r.kept() + c.kept()
        )));
    }
    if r.kept() == 0 {
        return Err(DriftError::EmptyColumn { column: name.clone(), side: Side::Reference });
    }
    if c.kept() == 0 {
        return Err(DriftError::EmptyColumn { column: name.clone(), side: Side::Current });
    }
    let by_type = match column_type {
        ColumnType::Numerical => &options.numerical,
        _ => &options.categorical,
    };
    let column_override = options.per_column.get(name.as_str());
    let requested = column_override.and_then(|o| o.stattest).or(by_type.stattest).or(options.all.stattest);
    let stattest = match requested {
        Some(t) if !t.allows(column_type) => {
            return Err(DriftError::NotApplicable {
                column: name.clone(),
                stattest: t.name(),
                column_type: column_type.name(),
            })
        }
        Some(t) => t,
        None => StatTest::default_for(column_type, r.kept(), n_unique),
    };
    let threshold = column_override
        .and_then(|o| o.threshold)
        .or(by_type.threshold)
        .or(options.all.threshold)
        .unwrap_or(stattest.default_threshold());

    let numerical = column_type == ColumnType::Numerical;
    let test_bins = || match &pair {
        Pair::Numbers { r, c, integer } => evidently_bins(r, c, numerical, *integer),
        Pair::Labels => Bins::Values(aligned()),
    };
    let drift_score = match (stattest, &pair) {
        (StatTest::Ks, Pair::Numbers { r, c, .. }) => {
            ks_2samp_distributions(r, c).map_or(f64::NAN, |k| k.pvalue)
        }
        (StatTest::Wasserstein, Pair::Numbers { r, c, .. }) => wasserstein_normed(r, c),
        (StatTest::Ks | StatTest::Wasserstein, Pair::Labels) => unreachable!("checked by allows()"),
        (StatTest::ChiSquare, _) => chisquare(&aligned()).pvalue,
        (StatTest::Z, _) => proportions_ztest(&aligned()).pvalue,
        (StatTest::JensenShannon, _) => {
            let (rs, cs) = test_bins().shares();
            jensen_shannon_distance(&rs, &cs)
        }
        (StatTest::Psi, _) => {
            let (mut rs, mut cs) = test_bins().shares();
            fill_zero_shares(&mut rs);
            fill_zero_shares(&mut cs);
            psi(&rs, &cs)
        }
    };
    let distribution = match &pair {
        Pair::Numbers { r, c, integer } if numerical && n_unique > 20 => {
            display(&sturges_bins(r, c, *integer))
        }
        _ => display(&Bins::Values(aligned())),
    };
    Ok(Ok(ColumnDrift {
        column_name: name.clone(),
        column_type,
        stattest_name: stattest.display_name().to_string(),
        stattest,
        stattest_threshold: threshold,
        drift_score,
        drift_detected: stattest.is_drift(drift_score, threshold),
        reference_count: r.kept(),
        current_count: c.kept(),
        reference_dropped: r.dropped,
        current_dropped: c.dropped,
        n_unique,
        distribution,
    }))
}

/// Display histogram: edges as they are; categories capped at 30 bins (rarest merged as `(other)`).
fn display(bins: &Bins) -> ColumnDistribution {
    match bins {
        Bins::Edges { edges, reference, current } => ColumnDistribution {
            bins: DistributionBins::Edges(edges.clone()),
            reference: reference.clone(),
            current: current.clone(),
        },
        Bins::Values(a) => {
            let mut idx: Vec<usize> = (0..a.keys.len()).collect();
            if idx.len() > MAX_DISPLAY_CATEGORIES {
                idx.sort_by_key(|&i| std::cmp::Reverse(a.reference[i] + a.current[i]));
                idx.truncate(MAX_DISPLAY_CATEGORIES - 1);
                idx.sort_unstable();
            }
            let mut labels: Vec<String> = idx.iter().map(|&i| a.keys[i].to_string()).collect();
            let mut reference: Vec<u64> = idx.iter().map(|&i| a.reference[i]).collect();
            let mut current: Vec<u64> = idx.iter().map(|&i| a.current[i]).collect();
            if idx.len() < a.keys.len() {
                labels.push("(other)".into());
                reference.push(a.reference_total() - reference.iter().sum::<u64>());
                current.push(a.current_total() - current.iter().sum::<u64>());
            }
            ColumnDistribution { bins: DistributionBins::Categories(labels), reference, current }
        }
    }
}
