//! Monitoring: drift tests with Evidently 0.7.23's exact rules, reference profiles, regression
//! quality, JSON and self-contained HTML reports.
//!
//! Entry points: [`data_drift`] (two tables), [`ReferenceProfile::drift`] (stored profile vs a new
//! batch), [`regression_quality`], [`render_html`]; reports are kept with [`save_report`]. The statistical tests are also usable on plain
//! slices ([`ks_2samp`], [`chisquare`], [`proportions_ztest`], [`wasserstein_distance`],
//! [`jensen_shannon_distance`], [`psi`]). The JSON layout is documented in `SCHEMA.md` beside this file.

mod binning;
mod chisquare;
mod column_type;
mod distribution;
mod drift;
mod history;
mod html;
mod jensen_shannon;
mod kolmogorov;
mod ks;
mod profile;
mod psi;
mod regression;
mod special;
mod stattest;
mod traffic;
mod wasserstein;
mod ztest;

pub use binning::{evidently_bins, sturges_bins, sturges_edges, Bins, MAX_DISTINCT_FOR_VALUE_BINS};
pub use chisquare::{chisquare, ChiSquareResult};
pub use column_type::{ColumnType, INTEGER_CARDINALITY_LIMIT};
pub use distribution::{AlignedCounts, Category, NumericDistribution};
pub use drift::{
    data_drift, ColumnDistribution, ColumnDrift, DistributionBins, DriftError, DriftOptions, DriftReport,
    Side, SkippedColumn, TestOverride, DRIFT_SCHEMA_VERSION,
};
pub use history::{
    find_report, list_reports, save_report, HistoryError, ReportSummary, StoredReport, REPORTS_PREFIX,
};
pub use html::{render_html, HtmlReport};
pub use jensen_shannon::jensen_shannon_distance;
pub use kolmogorov::{kstwo_sf, smirnov_sf};
pub use ks::{ks_2samp, ks_2samp_distributions, KsMethod, KsResult};
pub use profile::{ColumnProfile, ColumnValues, ReferenceProfile, PROFILE_FORMAT};
pub use psi::{fill_zero_shares, psi};
pub use regression::{
    quantile, regression_quality, BiasValue, ErrorGroup, FeatureBias, Histogram, PredictedVsActual,
    RegressionError, RegressionQuality, Underperformance, TOP_ERROR,
};
pub use special::{chi2_sf, gamma_q, ndtr};
pub use stattest::{ScoreKind, StatTest};
pub use traffic::{
    traffic_drift, PredictionSummary, TrafficBuffer, TrafficDrift, TrafficError, TrafficSample,
    TrafficWindow, TRAFFIC_FORMAT,
};
pub use wasserstein::{wasserstein_distance, wasserstein_normed};
pub use ztest::{proportions_ztest, ZTestResult};
