//! `hearth data list` and `hearth data show REF`.

use super::{parse_ref, repo_error, when, Context};
use crate::block_on::block_on;
use crate::exit::CliResult;
use crate::output::table;
use hearth_core::data::profile::CategoryCount;
use hearth_core::data::{ColumnKind, ColumnStats};
use hearth_core::version::{DatasetRepo, DatasetVersion, VersionRef};

/// Arguments of `hearth data show`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// latest, previous, a tag (data-v1.0.0) or an id prefix (6+ hex characters).
    #[arg(name = "REF")]
    reference: String,
}

/// Lists every version, oldest first; `*` marks `latest`.
pub fn list(ctx: &Context) -> CliResult {
    let ws = ctx.workspace()?;
    let repo = DatasetRepo::new(&ws.store);
    let versions = block_on(repo.list()).map_err(repo_error)?;
    let latest = match versions.is_empty() {
        true => None,
        false => Some(block_on(repo.resolve(&VersionRef::Latest)).map_err(repo_error)?),
    };
    ctx.out.result(&versions, || {
        if versions.is_empty() {
            return "no dataset versions yet: `hearth data import FILE` creates one".into();
        }
        let rows: Vec<Vec<String>> = versions
            .iter()
            .map(|v| {
                let mark = if Some(v.id) == latest { "*" } else { "" };
                vec![
                    format!("{}{mark}", v.tag),
                    v.id.short(),
                    v.n_rows.to_string(),
                    v.n_cols.to_string(),
                    v.target.clone(),
                    when::utc(v.created_at_ms),
                    v.message.clone(),
                ]
            })
            .collect();
        table(&["TAG", "ID", "ROWS", "COLS", "TARGET", "CREATED", "MESSAGE"], &rows)
    });
    Ok(())
}

/// Shows one version: its record and a profile table.
pub fn run(ctx: &Context, args: Args) -> CliResult {
    let r = parse_ref(&args.reference)?;
    let ws = ctx.workspace()?;
    let v = block_on(DatasetRepo::new(&ws.store).get(&r)).map_err(repo_error)?;
    ctx.out.result(&v, || human(&v));
    Ok(())
}

fn human(v: &DatasetVersion) -> String {
    let mut text = format!("version  {} ({})\n", v.tag, v.id);
    let parent = v.parent.map_or("none".into(), |p| p.short());
    text.push_str(&format!(
        "parent   {parent}\nmessage  {}\ncreated  {}\n",
        v.message,
        when::utc(v.created_at_ms)
    ));
    text.push_str(&format!(
        "source   {} ({} bytes, sha256 {})\nshape    {} rows x {} columns, target `{}`, delimiter {:?}\n",
        v.source.name, v.source.size, v.source.sha256, v.n_rows, v.n_cols, v.target, v.reading.delimiter
    ));
    for note in &v.report.notes {
        text.push_str(&format!("note     {note}\n"));
    }
    text.push('\n');
    let rows: Vec<Vec<String>> = v
        .profile
        .columns
        .iter()
        .zip(&v.schema.columns)
        .map(|(p, s)| {
            let kind = match &s.kind {
                ColumnKind::Numeric { integer: true } => "integer",
                ColumnKind::Numeric { integer: false } => "real",
                ColumnKind::Categorical { .. } => "categorical",
            };
            let name = if p.name == v.target { format!("{} (target)", p.name) } else { p.name.clone() };
            let mut row = vec![name, kind.into(), p.count.to_string(), p.missing.to_string()];
            match &p.stats {
                ColumnStats::Numeric { summary: Some(s) } => {
                    row.extend([s.mean, s.std.unwrap_or(f64::NAN), s.min, s.quantiles.p50, s.max].map(number))
                }
                ColumnStats::Numeric { summary: None } => row.extend(std::iter::repeat_n("-".to_string(), 5)),
                ColumnStats::Categorical { counts } => {
                    row.extend(std::iter::repeat_n(String::new(), 5));
                    row.push(top_levels(counts, p.count));
                }
            }
            row
        })
        .collect();
    text.push_str(&table(
        &["COLUMN", "KIND", "COUNT", "MISSING", "MEAN", "STD", "MIN", "MEDIAN", "MAX", "TOP LEVELS"],
        &rows,
    ));
    text
}

/// A number for a table: integers exactly, others with 4 significant decimals.
pub(super) fn number(x: f64) -> String {
    if x.is_nan() {
        "-".into()
    } else if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else if x.abs() >= 1000.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.4}")
    }
}

/// `yes 77.1%, no 22.9%` — levels by descending count, at most five.
fn top_levels(counts: &[CategoryCount], present: usize) -> String {
    let mut sorted: Vec<&CategoryCount> = counts.iter().collect();
    sorted.sort_by(|a, b| b.count.cmp(&a.count).then(a.level.cmp(&b.level)));
    let shown: Vec<String> = sorted
        .iter()
        .take(5)
        .map(|c| format!("{} {:.1}%", c.level, 100.0 * c.count as f64 / present.max(1) as f64))
        .collect();
    let more =
        if sorted.len() > 5 { format!(", … {} more levels", sorted.len() - 5) } else { String::new() };
    format!("{}{more}", shown.join(", "))
}
