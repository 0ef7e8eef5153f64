//! Column profiles: the summary statistics a dataset version records and the monitor and the UI
//! show. Numbers follow numpy/pandas conventions so they can be checked against them:
//! `std` uses ddof = 1 (pandas `describe`), quantiles use numpy's default `linear` method, the
//! histogram is `numpy.histogram(values, bins=10)` (same edges, same bin assignment).

use serde::{Deserialize, Serialize};

use super::{CategoricalColumn, ColumnData, NumericColumn, Table};

/// Number of equal-width histogram bins (numpy's default).
pub const HISTOGRAM_BINS: usize = 10;

/// Profile of a whole table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableProfile {
    /// Rows in the table.
    pub rows: usize,
    /// One profile per column, in table order.
    pub columns: Vec<ColumnProfile>,
}

impl TableProfile {
    /// The profile of the column with this name.
    pub fn column(&self, name: &str) -> Option<&ColumnProfile> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// Profile of one column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnProfile {
    /// Column name.
    pub name: String,
    /// Present (non-missing) values.
    pub count: usize,
    /// Missing values.
    pub missing: usize,
    /// Kind-specific statistics.
    pub stats: ColumnStats,
}

/// Statistics by column kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ColumnStats {
    /// Numbers; `summary` is absent when the column has no values.
    Numeric {
        /// Summary of the present values.
        summary: Option<NumericSummary>,
    },
    /// Categories.
    Categorical {
        /// Count per level, in level (byte) order; levels never seen count 0.
        counts: Vec<CategoryCount>,
    },
}

/// Summary of the present values of a numeric column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NumericSummary {
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
    /// Arithmetic mean.
    pub mean: f64,
    /// Sample standard deviation (ddof = 1); absent with fewer than 2 values.
    pub std: Option<f64>,
    /// p5, p25, p50, p75, p95.
    pub quantiles: Quantiles,
    /// Equal-width histogram.
    pub histogram: Histogram,
}

/// The five recorded quantiles (numpy `linear`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Quantiles {
    /// 5th percentile.
    pub p5: f64,
    /// 25th percentile.
    pub p25: f64,
    /// Median.
    pub p50: f64,
    /// 75th percentile.
    pub p75: f64,
    /// 95th percentile.
    pub p95: f64,
}

/// `numpy.histogram` with equal-width bins: `edges.len() == counts.len() + 1`; the last bin is closed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Histogram {
    /// Bin edges, ascending.
    pub edges: Vec<f64>,
    /// Values per bin.
    pub counts: Vec<u64>,
}

/// How often a level occurs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryCount {
    /// The canonical level.
    pub level: String,
    /// Rows holding it.
    pub count: u64,
}

/// Profiles every column of `table`.
pub fn profile_table(table: &Table) -> TableProfile {
    // Columns are independent: profile them on all cores (sequential on wasm32), in column order.
    let columns = crate::parallel::map(table.columns(), |c| {
        let missing = c.data.missing();
        let stats = match &c.data {
            ColumnData::Numeric(n) => ColumnStats::Numeric { summary: summarise(n) },
            ColumnData::Categorical(k) => ColumnStats::Categorical { counts: category_counts(k) },
        };
        ColumnProfile { name: c.name.clone(), count: c.data.len() - missing, missing, stats }
    });
    TableProfile { rows: table.n_rows(), columns }
}

/// What [`profile_columns`] profiles of one column, owned so it can be consumed on the way.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ColumnInput {
    /// A numeric column's values (`NaN` = missing); sorted in place, no copy.
    Numeric(Vec<f64>),
    /// A categorical column as counts: sorted levels, rows per level, missing rows.
    Counted { levels: Vec<String>, counts: Vec<u64>, missing: u64 },
}

/// The profile [`profile_table`] gives for a table of `rows` rows with these columns, computed from
/// inputs that are consumed (an import needs no table afterwards, so none is copied or kept).
pub(crate) fn profile_columns(rows: usize, columns: Vec<(String, ColumnInput)>) -> TableProfile {
    let columns = crate::parallel::map_owned(columns, |(name, input)| match input {
        ColumnInput::Numeric(mut values) => {
            values.retain(|v| !v.is_nan());
            let count = values.len();
            let stats = ColumnStats::Numeric { summary: summarise_present(values) };
            ColumnProfile { name, count, missing: rows - count, stats }
        }
        ColumnInput::Counted { levels, counts, missing } => {
            let missing = missing as usize;
            let stats = ColumnStats::Categorical { counts: level_counts(levels, counts) };
            ColumnProfile { name, count: rows - missing, missing, stats }
        }
    });
    TableProfile { rows, columns }
}

fn summarise(column: &NumericColumn) -> Option<NumericSummary> {
    summarise_present(column.values.iter().copied().filter(|v| !v.is_nan()).collect())
}

/// Summary of the present (NaN-free) values, in file order.
fn summarise_present(mut sorted: Vec<f64>) -> Option<NumericSummary> {
    if sorted.is_empty() {
        return None;
    }
    super::sort_f64::sort_total(&mut sorted);
    let n = sorted.len() as f64;
    let mean = sorted.iter().sum::<f64>() / n;
    let std = (sorted.len() > 1)
        .then(|| libm::sqrt(sorted.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1.0)));
    let q = |p| quantile_sorted(&sorted, p);
    Some(NumericSummary {
        min: sorted[0],
        max: sorted[sorted.len() - 1],
        mean,
        std,
        quantiles: Quantiles { p5: q(0.05), p25: q(0.25), p50: q(0.5), p75: q(0.75), p95: q(0.95) },
        histogram: histogram_sorted(&sorted, HISTOGRAM_BINS),
    })
}

/// numpy's default (`linear`) quantile of ascending, NaN-free, non-empty values, including numpy's
/// choice of interpolation formula by the side of the fraction, so results match to the bit.
pub fn quantile_sorted(sorted: &[f64], p: f64) -> f64 {
    let virtual_index = (sorted.len() - 1) as f64 * p;
    let below = virtual_index.floor();
    let gamma = virtual_index - below;
    let lo = below as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    let (a, b) = (sorted[lo], sorted[hi]);
    let diff = b - a;
    if gamma >= 0.5 {
        b - diff * (1.0 - gamma)
    } else {
        a + diff * gamma
    }
}

/// `numpy.histogram(values, bins)` over ascending, NaN-free, non-empty values.
pub fn histogram_sorted(sorted: &[f64], bins: usize) -> Histogram {
    let (mut first, mut last) = (sorted[0], sorted[sorted.len() - 1]);
    if first == last {
        first -= 0.5;
        last += 0.5;
    }
    let edges = linspace(first, last, bins + 1);
    let norm = bins as f64 / (last - first);
    let mut counts = vec![0u64; bins];
    for &v in sorted {
        let mut i = (((v - first) * norm) as usize).min(bins - 1);
        if v < edges[i] {
            i -= 1;
        } else if i != bins - 1 && v >= edges[i + 1] {
            i += 1;
        }
        counts[i] += 1;
    }
    Histogram { edges, counts }
}

/// `numpy.linspace(start, stop, num)` with its exact arithmetic (`i * step + start`, last = stop).
fn linspace(start: f64, stop: f64, num: usize) -> Vec<f64> {
    let step = (stop - start) / (num - 1) as f64;
    let mut v: Vec<f64> = (0..num).map(|i| i as f64 * step + start).collect();
    v[num - 1] = stop;
    v
}

fn category_counts(column: &CategoricalColumn) -> Vec<CategoryCount> {
    let mut counts = vec![0u64; column.levels.len()];
    for code in column.codes.iter().flatten() {
        counts[*code as usize] += 1;
    }
    level_counts(column.levels.clone(), counts)
}

fn level_counts(levels: Vec<String>, counts: Vec<u64>) -> Vec<CategoryCount> {
    levels.into_iter().zip(counts).map(|(level, count)| CategoryCount { level, count }).collect()
}

#[cfg(test)]
mod tests {
    //! Reference values from numpy 2.4.6 / pandas 3.1.1 (Python 3.11.7):
    //! `x.mean()`, `x.std(ddof=1)`, `np.quantile(x, [.05,.25,.5,.75,.95])`, `np.histogram(x, bins=10)`.
    use super::*;
    use crate::data::{read_csv, Column, ReadOptions};

    fn summary_of(values: &[f64]) -> NumericSummary {
        summarise(&NumericColumn { values: values.to_vec(), integer: false }).unwrap()
    }

    #[test]
    fn matches_numpy_on_a_small_vector() {
        let s = summary_of(&[3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.5, f64::NAN]);
        assert_eq!(s.mean, 3.95);
        assert_eq!(s.std, Some(2.4545875417267156));
        assert_eq!(
            s.quantiles,
            Quantiles { p5: 1.0, p25: 2.25, p50: 3.75, p75: 5.0, p95: 7.649999999999997 }
        );
        assert_eq!(s.histogram.counts, [2, 1, 1, 2, 0, 2, 1, 0, 0, 1]);
        assert_eq!(s.histogram.edges[3], 3.4000000000000004);
        assert_eq!(s.histogram.edges[6], 5.800000000000001);
    }

    #[test]
    fn histogram_assigns_values_on_inexact_edges_like_numpy() {
        let h = summary_of(&[0.1, 0.2, 0.3, 0.7, 1.0]).histogram;
        assert_eq!(h.counts, [1, 1, 1, 0, 0, 0, 1, 0, 0, 1]);
        assert_eq!(h.edges[4], 0.45999999999999996);
    }

    #[test]
    fn constant_column_gets_a_unit_wide_histogram() {
        let s = summary_of(&[2.0, 2.0]);
        assert_eq!(s.histogram.edges.first(), Some(&1.5));
        assert_eq!(s.histogram.edges.last(), Some(&2.5));
        assert_eq!(s.histogram.counts, [0, 0, 0, 0, 0, 2, 0, 0, 0, 0]);
        assert_eq!(s.std, Some(0.0));
    }

    #[test]
    fn single_value_has_no_std_and_empty_column_no_summary() {
        assert_eq!(summary_of(&[7.0]).std, None);
        assert_eq!(summarise(&NumericColumn { values: vec![f64::NAN], integer: false }), None);
    }

    #[test]
    fn counts_categories_and_missing() {
        let d = read_csv(b"price,road\n1,yes\n2,\n3,yes\n4,no\n", &ReadOptions::default()).unwrap();
        let p = profile_table(&d.table);
        let road = p.column("road").unwrap();
        assert_eq!((road.count, road.missing), (3, 1));
        assert_eq!(
            road.stats,
            ColumnStats::Categorical {
                counts: vec![
                    CategoryCount { level: "no".into(), count: 1 },
                    CategoryCount { level: "yes".into(), count: 2 }
                ]
            }
        );
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(serde_json::from_str::<TableProfile>(&json).unwrap(), p);
    }

    #[test]
    fn housing_profile_matches_numpy() {
        let Some(path) = hearth_testdata::shared_file("housing_profile_matches_numpy", "HousingData.csv")
        else {
            return;
        };
        let d = read_csv(&std::fs::read(path).unwrap(), &ReadOptions::default()).unwrap();
        let p = profile_table(&d.table);
        let summary = |name: &str| match &p.column(name).unwrap().stats {
            ColumnStats::Numeric { summary: Some(s) } => s.clone(),
            other => panic!("{other:?}"),
        };
        let close = |a: f64, b: f64| assert!((a - b).abs() <= 1e-12 * b.abs(), "{a} vs {b}");
        let price = summary("price");
        close(price.mean, 4766729.247706422);
        close(price.std.unwrap(), 1870439.6156573922);
        assert_eq!(
            price.quantiles,
            Quantiles { p5: 2450000.0, p25: 3430000.0, p50: 4340000.0, p75: 5740000.0, p95: 8400000.0 }
        );
        assert_eq!(price.histogram.counts, [61, 163, 139, 89, 46, 25, 13, 4, 1, 4]);
        let area = summary("area");
        close(area.mean, 5150.54128440367);
        close(area.std.unwrap(), 2170.141022508803);
        assert_eq!((area.quantiles.p5, area.quantiles.p95), (2562.0, 9000.0));
        assert_eq!(area.histogram.counts, [73, 198, 117, 88, 39, 15, 8, 5, 0, 2]);
        let parking = summary("parking");
        assert_eq!(parking.histogram.counts, [299, 0, 0, 126, 0, 0, 108, 0, 0, 12]);
        assert_eq!(parking.histogram.edges[3], 0.8999999999999999);
        let ColumnStats::Categorical { counts } = &p.column("furnishingstatus").unwrap().stats else {
            panic!()
        };
        assert_eq!(counts.iter().map(|c| c.count).collect::<Vec<_>>(), [140, 227, 178]);
    }

    #[test]
    fn profile_of_same_table_is_byte_identical() {
        let t = Table::new(vec![Column {
            name: "x".into(),
            data: ColumnData::Numeric(NumericColumn { values: vec![0.1, 0.7, 0.3], integer: false }),
        }])
        .unwrap();
        assert_eq!(
            serde_json::to_string(&profile_table(&t)).unwrap(),
            serde_json::to_string(&profile_table(&t.take_rows(&[2, 0, 1]))).unwrap()
        );
    }
}
