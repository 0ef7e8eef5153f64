//! The diff of two dataset versions (computed by the core in the Web Worker, as `hearth data diff`):
//! schema changes, rows added/removed, and per column the shift of mean, median, std and missing.

use hearth_core::version::{ColumnDelta, DatasetDiff, ProfileChange, SchemaChange};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::data_versions::VersionRow;
use crate::histogram_chart::compact;
use crate::worker_protocol::{FromWorker, ToWorker};

/// Two version pickers, a Compare button and the result.
#[component]
pub fn DiffPanel(versions: Signal<Vec<VersionRow>>) -> impl IntoView {
    let from = RwSignal::new(None::<String>);
    let to = RwSignal::new(None::<String>);
    let result = RwSignal::new(None::<Result<DatasetDiff, String>>);
    let busy = RwSignal::new(false);
    // Default: previous → latest (the list is newest first).
    let pick = move |sig: RwSignal<Option<String>>, index: usize| {
        move || sig.get().or_else(|| versions.with(|v| v.get(index).or(v.first()).map(VersionRow::hex)))
    };
    let from_id = pick(from, 1);
    let to_id = pick(to, 0);
    let on_compare = move |_| {
        let (Some(a), Some(b)) = (from_id(), to_id()) else { return };
        busy.set(true);
        spawn_local(async move {
            let answer = crate::worker_call::call(ToWorker::Diff { from: a, to: b }).await;
            result.set(Some(answer.and_then(|r| match r {
                FromWorker::Diffed { diff } => Ok(diff),
                other => Err(format!("unexpected answer from the worker: {other:?}")),
            })));
            busy.set(false);
        });
    };
    let options = move |current: String| {
        versions
            .get()
            .into_iter()
            .map(|row| {
                let hex = row.hex();
                let selected = hex == current;
                view! { <option value=hex selected=selected>{row.label()}</option> }
            })
            .collect_view()
    };
    view! {
        <section class="card">
            <h2>"Compare two versions"</h2>
            <div class="params">
                <label for="diff-from">"From"
                    <select id="diff-from" on:change=move |ev| from.set(Some(event_target_value(&ev)))>
                        {move || options(from_id().unwrap_or_default())}
                    </select>
                </label>
                <label for="diff-to">"To"
                    <select id="diff-to" on:change=move |ev| to.set(Some(event_target_value(&ev)))>
                        {move || options(to_id().unwrap_or_default())}
                    </select>
                </label>
                <button id="run-diff" on:click=on_compare disabled=move || busy.get() || versions.with(Vec::is_empty)>
                    {move || if busy.get() { "Comparing…" } else { "Compare" }}
                </button>
            </div>
            {move || match result.get() {
                None => ().into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                Some(Ok(diff)) => view! { <DiffResult diff=diff /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn DiffResult(diff: DatasetDiff) -> impl IntoView {
    let r = &diff.rows;
    let rows_line = format!(
        "{} → {}: {} rows added, {} removed, {} unchanged ({} → {} rows)",
        diff.from.tag, diff.to.tag, r.added, r.removed, r.unchanged, diff.from.rows, diff.to.rows
    );
    let schema = diff.schema.iter().map(|c| view! { <li>{schema_text(c)}</li> }).collect_view();
    let no_schema =
        diff.schema.is_empty().then(|| view! { <li class="muted">"Same columns and kinds."</li> });
    let columns = diff.columns.iter().map(column_row).collect_view();
    view! {
        <div id="diff-result">
            <p id="diff-rows" class="big-line">{rows_line}</p>
            <h3>"Schema"</h3>
            <ul class="reasons">{schema}{no_schema}</ul>
            <h3>"Columns"</h3>
            <div class="scroll">
                <table class="grid" id="diff-columns">
                    <thead><tr>
                        <th>"Column"</th><th class="num">"Mean"</th><th class="num">"Mean shift"</th>
                        <th class="num">"Median"</th><th class="num">"Std"</th><th class="num">"Missing"</th>
                    </tr></thead>
                    <tbody>{columns}</tbody>
                </table>
            </div>
        </div>
    }
}

fn schema_text(change: &SchemaChange) -> String {
    match change {
        SchemaChange::Removed { column } => format!("removed column {column}"),
        SchemaChange::Added { column } => format!("added column {column}"),
        SchemaChange::KindChanged { column, from, to } => format!("{column}: {from} → {to}"),
        SchemaChange::LevelsChanged { column, added, removed } => {
            format!("{column}: levels added [{}], removed [{}]", added.join(", "), removed.join(", "))
        }
        SchemaChange::TargetChanged { from, to } => format!("target {from} → {to}"),
    }
}

fn pair(a: f64, b: f64) -> String {
    format!("{} → {}", compact(a), compact(b))
}

fn column_row(d: &ColumnDelta) -> impl IntoView {
    let missing = format!("{} → {}", d.missing.0, d.missing.1);
    let (mean, shift, median, std, shifted) = match &d.change {
        Some(ProfileChange::Numeric { mean, mean_change_pct, median, std, .. }) => (
            pair(mean.0, mean.1),
            mean_change_pct.map_or("—".into(), |p| format!("{p:+.1}%")),
            pair(median.0, median.1),
            format!("{} → {}", std.0.map_or("—".into(), compact), std.1.map_or("—".into(), compact)),
            mean_change_pct.is_some_and(|p| p.abs() >= 10.0),
        ),
        Some(ProfileChange::Categorical { levels }) => {
            let moved = levels.iter().max_by(|a, b| (a.to - a.from).abs().total_cmp(&(b.to - b.from).abs()));
            let text = moved.map_or("—".into(), |l| {
                format!("{}: {:.0}% → {:.0}%", l.level, 100.0 * l.from, 100.0 * l.to)
            });
            (text, "—".into(), "—".into(), "—".into(), false)
        }
        None => ("—".into(), "—".into(), "—".into(), "—".into(), false),
    };
    view! {
        <tr data-column=d.column.clone()>
            <td>{d.column.clone()}</td>
            <td class="num">{mean}</td>
            <td class="num shift" class:strong=shifted>{shift}</td>
            <td class="num">{median}</td>
            <td class="num">{std}</td>
            <td class="num">{missing}</td>
        </tr>
    }
}
