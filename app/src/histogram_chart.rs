//! Bar charts drawn as inline SVG by the app (no chart library, nothing from a CDN): one series for
//! a version's column histogram, two side by side (reference vs current) for drift.

use leptos::prelude::*;

/// Drawing size in SVG user units; the element scales to its container's width.
const WIDTH: f64 = 300.0;
const HEIGHT: f64 = 120.0;
/// Room under the bars for the axis labels.
const AXIS: f64 = 16.0;

/// One series of bar heights, one value per bin.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Legend name (also in each bar's tooltip).
    pub name: &'static str,
    /// CSS class giving the bars their colour.
    pub class: &'static str,
    /// Bar values (counts or shares).
    pub values: Vec<f64>,
}

/// How bins are labelled under the axis.
#[derive(Debug, Clone, PartialEq)]
pub enum Ticks {
    /// Numeric bins: the lowest and highest edge at the ends.
    Ends(String, String),
    /// Categories: every bin's label (when they fit).
    Each,
}

/// Counts as shares of their total, so samples of different sizes compare.
pub fn shares(counts: &[u64]) -> Vec<f64> {
    let total: u64 = counts.iter().sum();
    counts.iter().map(|&c| if total == 0 { 0.0 } else { c as f64 / total as f64 }).collect()
}

/// A number in a few characters: `13.3M`, `7.4k`, `0.25`, `4`.
pub fn compact(x: f64) -> String {
    let a = x.abs();
    let trim = |s: String| {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    };
    if !x.is_finite() {
        "—".into()
    } else if a >= 1e6 {
        format!("{}M", trim(format!("{:.2}", x / 1e6)))
    } else if a >= 1e4 {
        format!("{}k", trim(format!("{:.1}", x / 1e3)))
    } else if x.fract() == 0.0 {
        format!("{x}")
    } else {
        trim(format!("{x:.3}"))
    }
}

/// Bars of every series side by side per bin; `bins` are the tooltips' bin names.
#[component]
pub fn BarChart(
    /// One name per bin (a range or a category), used in tooltips and category ticks.
    bins: Vec<String>,
    /// The series (one or two).
    series: Vec<Series>,
    /// Axis labelling.
    ticks: Ticks,
    /// Accessible description of the chart.
    #[prop(into)]
    label: String,
) -> impl IntoView {
    let n = bins.len().max(1) as f64;
    let max = series.iter().flat_map(|s| s.values.iter().copied()).fold(0.0_f64, f64::max);
    let plot = HEIGHT - AXIS;
    let group = WIDTH / n;
    let bar = group * 0.8 / series.len().max(1) as f64;
    let rects = series
        .iter()
        .enumerate()
        .flat_map(|(k, s)| {
            let bins = &bins;
            s.values.iter().enumerate().map(move |(i, &v)| {
                let h = if max > 0.0 { v / max * (plot - 4.0) } else { 0.0 };
                let x = i as f64 * group + group * 0.1 + k as f64 * bar;
                let tip = format!("{} · {}: {}", s.name, bins.get(i).map_or("", String::as_str), compact(v));
                view! {
                    <rect class=s.class x=format!("{x:.2}") y=format!("{:.2}", plot - h)
                        width=format!("{:.2}", (bar - 0.6).max(0.5)) height=format!("{h:.2}")>
                        <title>{tip}</title>
                    </rect>
                }
            })
        })
        .collect_view();
    let tick_text = match &ticks {
        Ticks::Ends(low, high) => vec![(0.0, "start", low.clone()), (WIDTH, "end", high.clone())],
        Ticks::Each if bins.len() <= 8 => bins
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let short: String = b.chars().take(9).collect();
                ((i as f64 + 0.5) * group, "middle", short)
            })
            .collect(),
        Ticks::Each => Vec::new(),
    };
    let tick_views = tick_text
        .into_iter()
        .map(|(x, anchor, text)| {
            view! { <text x=format!("{x:.1}") y=format!("{}", HEIGHT - 3.0) text-anchor=anchor>{text}</text> }
        })
        .collect_view();
    view! {
        <svg class="chart" viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=label>
            {rects}
            <line class="axis" x1="0" x2=format!("{WIDTH}") y1=format!("{plot}") y2=format!("{plot}") />
            {tick_views}
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_compact_and_shares_sum_to_one() {
        assert_eq!(compact(13_300_000.0), "13.3M");
        assert_eq!(compact(7420.0), "7420");
        assert_eq!(compact(16_200.0), "16.2k");
        assert_eq!(compact(0.25), "0.25");
        assert_eq!(compact(f64::NAN), "—");
        assert_eq!(shares(&[1, 3]), vec![0.25, 0.75]);
        assert_eq!(shares(&[0, 0]), vec![0.0, 0.0]);
    }
}
