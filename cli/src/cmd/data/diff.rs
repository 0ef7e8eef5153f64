//! `hearth data diff A B`: what changed from version A to version B.

use super::show::number;
use super::{parse_ref, repo_error, Context};
use crate::block_on::block_on;
use crate::exit::CliResult;
use crate::output::table;
use hearth_core::version::{DatasetDiff, DatasetRepo, ProfileChange, SchemaChange};

/// Arguments of `hearth data diff`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The older version (latest, previous, a tag or an id prefix).
    a: String,
    /// The newer version.
    b: String,
}

/// Loads both versions and prints their diff.
pub fn run(ctx: &Context, args: Args) -> CliResult {
    let (ra, rb) = (parse_ref(&args.a)?, parse_ref(&args.b)?);
    let ws = ctx.workspace()?;
    let repo = DatasetRepo::new(&ws.store);
    let a = block_on(repo.get(&ra)).map_err(repo_error)?;
    let b = block_on(repo.get(&rb)).map_err(repo_error)?;
    let diff = block_on(repo.diff(&a, &b)).map_err(repo_error)?;
    ctx.out.result(&diff, || human(&diff));
    Ok(())
}

fn human(d: &DatasetDiff) -> String {
    let mut text = format!(
        "{} ({}, {} rows) -> {} ({}, {} rows)\n",
        d.from.tag,
        d.from.id.short(),
        d.from.rows,
        d.to.tag,
        d.to.id.short(),
        d.to.rows
    );
    text.push_str(&format!(
        "rows: +{} added, -{} removed, {} unchanged (compared on {} shared columns)\n",
        d.rows.added,
        d.rows.removed,
        d.rows.unchanged,
        d.rows.compared_columns.len()
    ));
    if d.schema.is_empty() {
        text.push_str("schema: unchanged\n");
    }
    for change in &d.schema {
        let line = match change {
            SchemaChange::Removed { column } => format!("column `{column}` removed"),
            SchemaChange::Added { column } => format!("column `{column}` added"),
            SchemaChange::KindChanged { column, from, to } => format!("column `{column}`: {from} -> {to}"),
            SchemaChange::LevelsChanged { column, added, removed } => {
                format!(
                    "column `{column}`: levels added [{}], removed [{}]",
                    added.join(", "),
                    removed.join(", ")
                )
            }
            SchemaChange::TargetChanged { from, to } => format!("target `{from}` -> `{to}`"),
        };
        text.push_str(&format!("schema: {line}\n"));
    }
    text.push_str("\nnumeric columns: mean; categorical columns: the level whose share moved most\n");
    let rows: Vec<Vec<String>> = d
        .columns
        .iter()
        .map(|c| {
            let missing = format!("{} -> {}", c.missing.0, c.missing.1);
            let [from, to, change] = match &c.change {
                Some(ProfileChange::Numeric { mean, mean_change_pct, .. }) => [
                    number(mean.0),
                    number(mean.1),
                    mean_change_pct.map_or("-".into(), |p| format!("{p:+.2}%")),
                ],
                Some(ProfileChange::Categorical { levels }) => levels
                    .iter()
                    .max_by(|x, y| (x.to - x.from).abs().total_cmp(&(y.to - y.from).abs()))
                    .map_or(["-".into(), "-".into(), "-".into()], |l| {
                        [
                            format!("`{}` {:.1}%", l.level, 100.0 * l.from),
                            format!("{:.1}%", 100.0 * l.to),
                            format!("{:+.1} pts", 100.0 * (l.to - l.from)),
                        ]
                    }),
                None => ["not comparable".into(), "-".into(), "-".into()],
            };
            vec![c.column.clone(), from, to, change, missing]
        })
        .collect();
    text.push_str(&table(&["COLUMN", "FROM", "TO", "CHANGE", "MISSING"], &rows));
    text
}
