//! A dataset version's profile as recorded at import: per column its kind, key statistics and a
//! histogram (numpy's 10 equal-width bins for numbers, level counts for categories).

use hearth_core::data::{ColumnProfile, ColumnStats};
use hearth_core::version::DatasetVersion;
use leptos::prelude::*;

use crate::histogram_chart::{compact, BarChart, Series, Ticks};

/// The profile card of one version.
#[component]
pub fn ProfileView(version: DatasetVersion) -> impl IntoView {
    let title = format!(
        "Profile of {} · {} rows × {} columns · target {}",
        version.tag, version.n_rows, version.n_cols, version.target
    );
    let columns =
        version.profile.columns.iter().map(|c| view! { <ColumnCard column=c.clone() /> }).collect_view();
    view! {
        <section class="card" id="profile">
            <h2 id="profile-title">{title}</h2>
            <div class="column-grid">{columns}</div>
        </section>
    }
}

#[component]
fn ColumnCard(column: ColumnProfile) -> impl IntoView {
    let (kind, stats, chart) = match &column.stats {
        ColumnStats::Numeric { summary: Some(s) } => {
            let bins = s
                .histogram
                .edges
                .windows(2)
                .map(|w| format!("{}–{}", compact(w[0]), compact(w[1])))
                .collect();
            let values = s.histogram.counts.iter().map(|&c| c as f64).collect();
            let ends = Ticks::Ends(compact(s.min), compact(s.max));
            let stats = format!(
                "mean {} · std {} · median {}",
                compact(s.mean),
                s.std.map_or("—".into(), compact),
                compact(s.quantiles.p50)
            );
            ("number", stats, Some((bins, values, ends)))
        }
        ColumnStats::Numeric { summary: None } => ("number", "no values".to_string(), None),
        ColumnStats::Categorical { counts } => {
            let bins = counts.iter().map(|c| c.level.clone()).collect();
            let values = counts.iter().map(|c| c.count as f64).collect();
            ("category", format!("{} levels", counts.len()), Some((bins, values, Ticks::Each)))
        }
    };
    let missing = (column.missing > 0).then(|| format!(" · {} missing", column.missing));
    let name = column.name.clone();
    view! {
        <div class="column-card" data-column=name.clone()>
            <div class="column-head"><strong>{name.clone()}</strong><span class="badge">{kind}</span></div>
            <p class="column-stats muted">{stats}{missing}</p>
            {chart.map(|(bins, values, ticks)| view! {
                <BarChart bins=bins series=vec![Series { name: "rows", class: "bar-one", values }] ticks=ticks
                    label=format!("Histogram of {name}") />
            })}
        </div>
    }
}
