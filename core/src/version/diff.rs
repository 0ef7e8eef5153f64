//! What changed between two dataset versions: schema, rows (by canonical row hash, so row order
//! and file formatting do not count) and per-column profile deltas.

use serde::{Deserialize, Serialize};

use super::record::DatasetVersion;
use super::{multiset_difference, row_hashes, Tag, VersionId};
use crate::data::{ColumnKind, ColumnStats, Table};

/// The difference from version `from` to version `to`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetDiff {
    /// The older side.
    pub from: Side,
    /// The newer side.
    pub to: Side,
    /// Schema changes, in column order (removed first, then added, then changed).
    pub schema: Vec<SchemaChange>,
    /// Row changes over the columns both sides share.
    pub rows: RowChanges,
    /// Profile deltas of the columns both sides share, in `to`'s column order.
    pub columns: Vec<ColumnDelta>,
}

/// One side of a diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Side {
    /// Version id.
    pub id: VersionId,
    /// Its tag.
    pub tag: Tag,
    /// Its row count.
    pub rows: usize,
}

/// A schema difference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum SchemaChange {
    /// A column only in `from`.
    Removed {
        /// Column name.
        column: String,
    },
    /// A column only in `to`.
    Added {
        /// Column name.
        column: String,
    },
    /// Numeric ↔ categorical, or integer ↔ real.
    KindChanged {
        /// Column name.
        column: String,
        /// Kind in `from` (`integer`, `real` or `categorical`).
        from: String,
        /// Kind in `to`.
        to: String,
    },
    /// Categorical levels that appeared or disappeared.
    LevelsChanged {
        /// Column name.
        column: String,
        /// Levels only in `to`.
        added: Vec<String>,
        /// Levels only in `from`.
        removed: Vec<String>,
    },
    /// Another column became the target.
    TargetChanged {
        /// Target in `from`.
        from: String,
        /// Target in `to`.
        to: String,
    },
}

/// Rows added and removed, counted as a multiset of row hashes over the shared columns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowChanges {
    /// The columns whose values identify a row.
    pub compared_columns: Vec<String>,
    /// Rows in `to` without an equal row in `from`.
    pub added: usize,
    /// Rows in `from` without an equal row in `to`.
    pub removed: usize,
    /// Rows present on both sides.
    pub unchanged: usize,
}

/// How one shared column's profile moved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnDelta {
    /// Column name.
    pub column: String,
    /// Missing cells in `from` and `to`.
    pub missing: (usize, usize),
    /// Kind-specific change; absent when the kinds differ or a side has no values.
    pub change: Option<ProfileChange>,
}

/// A kind-specific profile change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ProfileChange {
    /// Summary statistics of a numeric column, `(from, to)`.
    Numeric {
        /// Means.
        mean: (f64, f64),
        /// Relative change of the mean in percent; absent when the `from` mean is 0.
        mean_change_pct: Option<f64>,
        /// Medians.
        median: (f64, f64),
        /// Sample standard deviations.
        std: (Option<f64>, Option<f64>),
        /// Minima.
        min: (f64, f64),
        /// Maxima.
        max: (f64, f64),
    },
    /// Level shares of a categorical column.
    Categorical {
        /// Every level of either side, in byte order.
        levels: Vec<LevelShare>,
    },
}

/// A level's share of present values on both sides.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LevelShare {
    /// Canonical level.
    pub level: String,
    /// Share in `from` (0–1).
    pub from: f64,
    /// Share in `to` (0–1).
    pub to: f64,
}

/// The diff of two loaded versions (tables as recorded by `from` and `to`).
pub fn diff_tables(
    from: &DatasetVersion,
    from_table: &Table,
    to: &DatasetVersion,
    to_table: &Table,
) -> DatasetDiff {
    let shared: Vec<&str> = to_table.names().filter(|n| from_table.column(n).is_some()).collect();
    let (removed, added) =
        multiset_difference(row_hashes(from_table, &shared), row_hashes(to_table, &shared));
    DatasetDiff {
        from: side(from),
        to: side(to),
        schema: schema_changes(from, to),
        rows: RowChanges {
            compared_columns: shared.iter().map(|s| s.to_string()).collect(),
            added,
            removed,
            unchanged: to_table.n_rows() - added,
        },
        columns: shared.iter().map(|name| column_delta(from, to, name)).collect(),
    }
}

fn side(v: &DatasetVersion) -> Side {
    Side { id: v.id, tag: v.tag.clone(), rows: v.n_rows }
}

fn kind_name(kind: &ColumnKind) -> &'static str {
    match kind {
        ColumnKind::Numeric { integer: true } => "integer",
        ColumnKind::Numeric { integer: false } => "real",
        ColumnKind::Categorical { .. } => "categorical",
    }
}

fn schema_changes(from: &DatasetVersion, to: &DatasetVersion) -> Vec<SchemaChange> {
    let (a, b) = (&from.schema, &to.schema);
    let mut out: Vec<SchemaChange> = a
        .columns
        .iter()
        .filter(|c| b.column(&c.name).is_none())
        .map(|c| SchemaChange::Removed { column: c.name.clone() })
        .collect();
    out.extend(
        b.columns
            .iter()
            .filter(|c| a.column(&c.name).is_none())
            .map(|c| SchemaChange::Added { column: c.name.clone() }),
    );
    for cb in &b.columns {
        let Some(ca) = a.column(&cb.name) else { continue };
        match (&ca.kind, &cb.kind) {
            (ColumnKind::Categorical { levels: la }, ColumnKind::Categorical { levels: lb }) => {
                let added: Vec<String> = lb.iter().filter(|l| !la.contains(l)).cloned().collect();
                let removed: Vec<String> = la.iter().filter(|l| !lb.contains(l)).cloned().collect();
                if !added.is_empty() || !removed.is_empty() {
                    out.push(SchemaChange::LevelsChanged { column: cb.name.clone(), added, removed });
                }
            }
            (ka, kb) if kind_name(ka) != kind_name(kb) => out.push(SchemaChange::KindChanged {
                column: cb.name.clone(),
                from: kind_name(ka).into(),
                to: kind_name(kb).into(),
            }),
            _ => {}
        }
    }
    if a.target != b.target {
        out.push(SchemaChange::TargetChanged { from: a.target.clone(), to: b.target.clone() });
    }
    out
}

fn column_delta(from: &DatasetVersion, to: &DatasetVersion, name: &str) -> ColumnDelta {
    let pa = from.profile.column(name).expect("shared column has a profile in `from`");
    let pb = to.profile.column(name).expect("shared column has a profile in `to`");
    let change = match (&pa.stats, &pb.stats) {
        (ColumnStats::Numeric { summary: Some(a) }, ColumnStats::Numeric { summary: Some(b) }) => {
            Some(ProfileChange::Numeric {
                mean: (a.mean, b.mean),
                mean_change_pct: (a.mean != 0.0).then(|| (b.mean - a.mean) / a.mean.abs() * 100.0),
                median: (a.quantiles.p50, b.quantiles.p50),
                std: (a.std, b.std),
                min: (a.min, b.min),
                max: (a.max, b.max),
            })
        }
        (ColumnStats::Categorical { counts: ca }, ColumnStats::Categorical { counts: cb }) => {
            let mut levels: Vec<&str> = ca.iter().chain(cb).map(|c| c.level.as_str()).collect();
            levels.sort_unstable();
            levels.dedup();
            let share = |counts: &[crate::data::profile::CategoryCount], present: usize, level: &str| {
                let n = counts.iter().find(|c| c.level == level).map_or(0, |c| c.count);
                if present == 0 {
                    0.0
                } else {
                    n as f64 / present as f64
                }
            };
            Some(ProfileChange::Categorical {
                levels: levels
                    .into_iter()
                    .map(|l| LevelShare {
                        level: l.to_string(),
                        from: share(ca, pa.count, l),
                        to: share(cb, pb.count, l),
                    })
                    .collect(),
            })
        }
        _ => None,
    };
    ColumnDelta { column: name.to_string(), missing: (pa.missing, pb.missing), change }
}
