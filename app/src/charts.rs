//! SVG charts drawn by the app (no chart library, nothing fetched): predicted vs actual with the
//! y = x line, and residuals against predictions with the zero line.

use leptos::prelude::*;

use crate::run_predictions::TestPoint;

const W: f64 = 460.0;
const H: f64 = 320.0;
/// Plot margins: left (tick labels), right, top, bottom (tick labels and axis title).
const M: (f64, f64, f64, f64) = (64.0, 16.0, 12.0, 44.0);

/// A linear map from data values onto pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    lo: f64,
    hi: f64,
    from: f64,
    to: f64,
}

impl Scale {
    /// Maps `[lo, hi]` onto `[from, to]`; an empty domain is widened so nothing divides by zero.
    pub fn new(lo: f64, hi: f64, from: f64, to: f64) -> Self {
        let (lo, hi) = if hi > lo { (lo, hi) } else { (lo - 1.0, hi + 1.0) };
        Scale { lo, hi, from, to }
    }

    /// Pixel position of `v`.
    pub fn at(&self, v: f64) -> f64 {
        self.from + (v - self.lo) / (self.hi - self.lo) * (self.to - self.from)
    }
}

/// About `n` round tick values (1, 2 or 5 × 10ᵏ apart) covering `[lo, hi]`, and the widened bounds.
pub fn ticks(lo: f64, hi: f64, n: usize) -> (f64, f64, Vec<f64>) {
    let span = if hi > lo { hi - lo } else { 1.0 };
    let raw = span / n.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].into_iter().map(|m| m * mag).find(|s| *s >= raw).unwrap_or(10.0 * mag);
    let start = (lo / step).floor() * step;
    let end = (hi / step).ceil() * step;
    let count = ((end - start) / step).round() as usize;
    let values = (0..=count).map(|i| start + i as f64 * step).collect();
    (start, end, values)
}

/// `3 500 000` → `3.5M`, `250 000` → `250k`: short axis labels.
pub fn short_number(v: f64) -> String {
    let a = v.abs();
    let (x, unit) = if a >= 1e6 {
        (v / 1e6, "M")
    } else if a >= 1e3 {
        (v / 1e3, "k")
    } else {
        (v, "")
    };
    let text = format!("{x:.1}");
    let text = text.strip_suffix(".0").unwrap_or(&text);
    format!("{text}{unit}").replace('-', "−")
}

fn bounds(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)))
}

/// Axes, grid and labels of a chart with the given tick values.
fn frame(
    x: (Scale, &[f64]),
    y: (Scale, &[f64]),
    x_title: &'static str,
    y_title: &'static str,
) -> impl IntoView {
    let (xs, xt) = x;
    let (ys, yt) = y;
    let (left, bottom) = (M.0, H - M.3);
    let xticks = xt
        .iter()
        .map(|v| {
            let px = xs.at(*v);
            view! {
                <line class="grid-line" x1=px x2=px y1=M.2 y2=bottom />
                <text class="tick" x=px y=bottom + 16.0 text-anchor="middle">{short_number(*v)}</text>
            }
        })
        .collect_view();
    let yticks = yt
        .iter()
        .map(|v| {
            let py = ys.at(*v);
            view! {
                <line class="grid-line" x1=left x2=W - M.1 y1=py y2=py />
                <text class="tick" x=left - 6.0 y=py + 4.0 text-anchor="end">{short_number(*v)}</text>
            }
        })
        .collect_view();
    view! {
        {xticks}
        {yticks}
        <line class="axis" x1=left x2=W - M.1 y1=bottom y2=bottom />
        <line class="axis" x1=left x2=left y1=M.2 y2=bottom />
        <text class="axis-title" x=(left + W - M.1) / 2.0 y=H - 6.0 text-anchor="middle">{x_title}</text>
        <text class="axis-title" x=14.0 y=(M.2 + bottom) / 2.0 text-anchor="middle"
            transform=format!("rotate(-90 14 {})", (M.2 + bottom) / 2.0)>{y_title}</text>
    }
}

/// Predicted (x) against actual (y) on the same scale, with the y = x line of a perfect model.
#[component]
pub fn PredictedVsActual(points: Vec<TestPoint>) -> impl IntoView {
    let (lo, hi) = bounds(points.iter().flat_map(|p| [p.actual, p.predicted]));
    let (lo, hi, t) = ticks(lo, hi, 5);
    let xs = Scale::new(lo, hi, M.0, W - M.1);
    let ys = Scale::new(lo, hi, H - M.3, M.2);
    let dots = points
        .iter()
        .map(|p| view! { <circle class="dot" cx=xs.at(p.predicted) cy=ys.at(p.actual) r="3.2" /> })
        .collect_view();
    view! {
        <svg id="chart-pred-actual" class="chart" viewBox=format!("0 0 {W} {H}") role="img"
            aria-label=format!("Predicted against actual price for {} test rows", points.len())>
            {frame((xs, &t), (ys, &t), "Predicted price", "Actual price")}
            <line class="ideal" x1=xs.at(lo) y1=ys.at(lo) x2=xs.at(hi) y2=ys.at(hi) />
            <g class="dots">{dots}</g>
        </svg>
    }
}

/// Residual (actual − predicted, y) against prediction (x), with the zero line.
#[component]
pub fn Residuals(points: Vec<TestPoint>) -> impl IntoView {
    let (xlo, xhi) = bounds(points.iter().map(|p| p.predicted));
    let (rlo, rhi) = bounds(points.iter().map(|p| p.residual()));
    let reach = rlo.abs().max(rhi.abs());
    let (xlo, xhi, xt) = ticks(xlo, xhi, 5);
    let (ylo, yhi, yt) = ticks(-reach, reach, 6);
    let xs = Scale::new(xlo, xhi, M.0, W - M.1);
    let ys = Scale::new(ylo, yhi, H - M.3, M.2);
    let dots = points
        .iter()
        .map(|p| {
            let class = if p.residual() >= 0.0 { "dot under" } else { "dot over" };
            view! { <circle class=class cx=xs.at(p.predicted) cy=ys.at(p.residual()) r="3.2" /> }
        })
        .collect_view();
    view! {
        <svg id="chart-residuals" class="chart" viewBox=format!("0 0 {W} {H}") role="img"
            aria-label=format!("Residuals of {} test rows against predicted price", points.len())>
            {frame((xs, &xt), (ys, &yt), "Predicted price", "Residual (actual − predicted)")}
            <line class="ideal" x1=M.0 x2=W - M.1 y1=ys.at(0.0) y2=ys.at(0.0) />
            <g class="dots">{dots}</g>
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_map_ends_onto_ends_and_survive_an_empty_domain() {
        let s = Scale::new(0.0, 10.0, 100.0, 0.0);
        assert_eq!((s.at(0.0), s.at(10.0), s.at(5.0)), (100.0, 0.0, 50.0));
        let flat = Scale::new(3.0, 3.0, 0.0, 10.0);
        assert_eq!(flat.at(3.0), 5.0);
    }

    #[test]
    fn ticks_are_round_and_cover_the_data() {
        // Asked for ~5 ticks over 11.55M: the step is the first of 1-2-5 × 10^k at least span / 5.
        let (lo, hi, t) = ticks(1_750_000.0, 13_300_000.0, 5);
        assert_eq!((lo, hi), (0.0, 15_000_000.0));
        assert_eq!(t, [0.0, 5_000_000.0, 10_000_000.0, 15_000_000.0]);
        let (lo, hi, t) = ticks(1_750_000.0, 13_300_000.0, 8);
        assert_eq!((lo, hi, t.len(), t[1]), (0.0, 14_000_000.0, 8, 2_000_000.0));
        let (lo, hi, t) = ticks(-3.2, 4.9, 6);
        assert!(lo <= -3.2 && hi >= 4.9 && t.len() >= 5, "{lo} {hi} {t:?}");
    }

    #[test]
    fn short_numbers_use_k_and_m() {
        assert_eq!(short_number(3_500_000.0), "3.5M");
        assert_eq!(short_number(-250_000.0), "−250k");
        assert_eq!(short_number(2_000_000.0), "2M");
        assert_eq!(short_number(0.0), "0");
    }
}
