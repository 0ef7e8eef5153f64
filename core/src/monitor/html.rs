//! One self-contained HTML file for a drift report (and optionally regression quality): inline CSS
//! and SVG only — no script, font, image or stylesheet from anywhere else — built from aggregated
//! bins, never raw rows. Same report, same bytes.

use std::fmt::Write;

use super::drift::{ColumnDrift, DistributionBins, DriftReport};
use super::regression::{BiasValue, RegressionQuality};

/// What goes into an HTML report.
#[derive(Debug, Clone, Copy)]
pub struct HtmlReport<'a> {
    /// Page title, e.g. "HousingData-old vs HousingData-new".
    pub title: &'a str,
    /// Free text under the title (e.g. dataset versions and a timestamp supplied by the caller).
    pub subtitle: &'a str,
    /// The drift report, if drift was computed (a performance-only page has none).
    pub drift: Option<&'a DriftReport>,
    /// Regression quality on the current data, if known.
    pub quality: Option<&'a RegressionQuality>,
}

const REF_COLOR: &str = "#4c78a8";
const CUR_COLOR: &str = "#f58518";

const STYLE: &str = r#"
:root{--fg:#1f2933;--muted:#616e7c;--line:#e4e7eb;--bg:#f5f7fa;--card:#fff;--bad:#c81e1e;--badbg:#fde8e8;--ok:#0e7c3a;--okbg:#def7ec}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1120px;margin:0 auto;padding:28px 24px 48px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 12px}.sub{color:var(--muted);margin:0 0 20px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:12px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 16px}
.card .k{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}.card .v{font-size:22px;font-weight:600;margin-top:4px}
.card.bad{border-color:#f8b4b4;background:var(--badbg)}.card.bad .v{color:var(--bad)}.card.ok{border-color:#84e1bc;background:var(--okbg)}.card.ok .v{color:var(--ok)}
table{width:100%;border-collapse:collapse;background:var(--card);border:1px solid var(--line);border-radius:10px;overflow:hidden}
th,td{padding:8px 12px;text-align:left;border-bottom:1px solid var(--line);vertical-align:middle}th{background:#fafbfc;font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
tr:last-child td{border-bottom:0}td.num{font-variant-numeric:tabular-nums;white-space:nowrap}
.badge{display:inline-block;padding:2px 10px;border-radius:999px;font-size:12px;font-weight:600}.badge.bad{background:var(--badbg);color:var(--bad)}.badge.ok{background:var(--okbg);color:var(--ok)}
.legend{color:var(--muted);font-size:12px;margin:0 0 8px}.sw{display:inline-block;width:10px;height:10px;border-radius:2px;margin:0 4px 0 10px;vertical-align:-1px}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:12px;margin-top:12px}.col table{border:0}.col td,.col th{padding:5px 8px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:12px}
.col{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 14px}.col h3{font-size:14px;margin:0 0 2px;display:flex;justify-content:space-between;gap:8px}
.col .meta{color:var(--muted);font-size:12px;margin-bottom:6px}svg text{font:10px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:#616e7c}
footer{color:var(--muted);font-size:12px;margin-top:32px}
"#;

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Compact, deterministic number formatting for display.
fn fmt_num(x: f64) -> String {
    if x.is_nan() {
        return "n/a".into();
    }
    if x == 0.0 {
        return "0".into();
    }
    let a = x.abs();
    if !(1e-2..1e7).contains(&a) {
        format!("{x:.3e}")
    } else if a >= 1000.0 {
        format!("{x:.0}")
    } else {
        let s = format!("{x:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Grouped bar chart of reference vs current shares.
fn histogram_svg(
    labels: &[String],
    ticks: &[(f64, String, &str)],
    series: &[(&[u64], &str, &str)],
    width: f64,
    height: f64,
) -> String {
    let n = series.first().map_or(0, |s| s.0.len()).max(1);
    let (left, top) = (4.0, 6.0);
    let bottom = if ticks.is_empty() { 2.0 } else { 28.0 };
    let plot_w = width - left * 2.0;
    let plot_h = height - bottom - top;
    let share = |c: &[u64]| {
        let t = c.iter().sum::<u64>().max(1) as f64;
        c.iter().map(|&x| x as f64 / t).collect::<Vec<_>>()
    };
    let shares: Vec<Vec<f64>> = series.iter().map(|s| share(s.0)).collect();
    let max = shares.iter().flatten().copied().fold(0.0f64, f64::max).max(1e-12);
    let slot = plot_w / n as f64;
    let bar = (slot * 0.8 / series.len().max(1) as f64).min(28.0);
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img">"#
    );
    let _ = write!(
        svg,
        r##"<line x1="{left}" y1="{y}" x2="{x2}" y2="{y}" stroke="#cbd2d9"/>"##,
        y = top + plot_h,
        x2 = width - left
    );
    for i in 0..n.min(shares.first().map_or(0, Vec::len)) {
        let cx = left + slot * (i as f64 + 0.5);
        for (k, ((_, color, which), values)) in series.iter().zip(&shares).enumerate() {
            let v = values[i];
            let h = (v / max * plot_h).max(if v > 0.0 { 1.0 } else { 0.0 });
            let x = cx - bar * series.len() as f64 / 2.0 + k as f64 * bar;
            let _ = write!(
                svg,
                r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="{color}" rx="1"><title>{label}: {which} {pct:.1}%</title></rect>"#,
                y = top + plot_h - h,
                w = (bar - 1.0).max(1.0),
                label = esc(labels.get(i).map_or("", |s| s.as_str())),
                pct = v * 100.0
            );
        }
    }
    for (pos, text, anchor) in ticks {
        let x = left + slot * pos;
        let _ = write!(
            svg,
            r#"<text x="{x:.1}" y="{y}" text-anchor="{anchor}">{}</text>"#,
            esc(text),
            y = height - 10.0
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Short axis number: 1.75M, 12.2k, 0.35.
fn fmt_axis(x: f64) -> String {
    let a = x.abs();
    let trim = |s: String| {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    };
    if a >= 1e9 {
        format!("{}G", trim(format!("{:.2}", x / 1e9)))
    } else if a >= 1e6 {
        format!("{}M", trim(format!("{:.2}", x / 1e6)))
    } else if a >= 1e4 {
        format!("{}k", trim(format!("{:.1}", x / 1e3)))
    } else {
        fmt_num(x)
    }
}

/// Tick labels under a histogram: every category when few (first/middle/last otherwise), or the
/// outer and middle edges of numeric bins.
fn ticks(bins: &DistributionBins) -> Vec<(f64, String, &'static str)> {
    match bins {
        DistributionBins::Categories(l) => {
            let n = l.len();
            let short = |s: &str| {
                let mut t: String = s.chars().take(14).collect();
                if s.chars().count() > 14 {
                    t.push('…');
                }
                t
            };
            (0..n)
                .filter(|&i| n <= 8 || i == 0 || i == n - 1 || i == n / 2)
                .map(|i| (i as f64 + 0.5, short(&l[i]), "middle"))
                .collect()
        }
        DistributionBins::Edges(e) if e.len() >= 2 => {
            let n = e.len() - 1;
            vec![
                (0.0, fmt_axis(e[0]), "start"),
                ((n / 2) as f64, fmt_axis(e[n / 2]), "middle"),
                (n as f64, fmt_axis(e[n]), "end"),
            ]
        }
        DistributionBins::Edges(_) => Vec::new(),
    }
}

fn sides(c: &ColumnDrift) -> [(&[u64], &'static str, &'static str); 2] {
    [(&c.distribution.reference, REF_COLOR, "reference"), (&c.distribution.current, CUR_COLOR, "current")]
}

fn column_labels(c: &ColumnDrift) -> Vec<String> {
    match &c.distribution.bins {
        DistributionBins::Categories(l) => l.clone(),
        DistributionBins::Edges(e) => {
            e.windows(2).map(|w| format!("{}–{}", fmt_num(w[0]), fmt_num(w[1]))).collect()
        }
    }
}

/// Names categories present in current but never in the reference (why chi-square gives p = 0).
fn unseen_note(c: &ColumnDrift) -> String {
    let DistributionBins::Categories(labels) = &c.distribution.bins else { return String::new() };
    let unseen: Vec<&str> = labels
        .iter()
        .zip(c.distribution.reference.iter().zip(&c.distribution.current))
        .filter(|(_, (&r, &k))| r == 0 && k > 0)
        .map(|(l, _)| l.as_str())
        .collect();
    if unseen.is_empty() {
        String::new()
    } else {
        format!(" · unseen in reference: {}", esc(&unseen.join(", ")))
    }
}

fn badge(drift: bool) -> &'static str {
    if drift {
        r#"<span class="badge bad">Drift</span>"#
    } else {
        r#"<span class="badge ok">No drift</span>"#
    }
}

/// Renders the report as one HTML document.
pub fn render_html(report: &HtmlReport<'_>) -> String {
    let mut h = String::with_capacity(64 * 1024);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{t}</title><style>{STYLE}</style></head><body><main>\n<h1>{t}</h1><p class=\"sub\">{s}</p>\n",
        t = esc(report.title),
        s = esc(report.subtitle)
    );
    if let Some(d) = report.drift {
        render_drift(&mut h, d);
    }
    if let Some(q) = report.quality {
        render_quality(&mut h, q);
    }
    h.push_str("<footer>Statistics follow Evidently 0.7.23's DataDriftPreset rules (scipy 1.17 tests). Aggregated bins only; no row-level data is included.</footer>\n</main></body></html>\n");
    h
}

fn render_drift(h: &mut String, d: &DriftReport) {
    let (cls, verdict) = if d.dataset_drift { ("bad", "Detected") } else { ("ok", "Not detected") };
    let _ = writeln!(
        h,
        "<div class=\"cards\"><div class=\"card {cls}\"><div class=\"k\">Dataset drift</div><div class=\"v\">{verdict}</div></div>\
         <div class=\"card\"><div class=\"k\">Drifted columns</div><div class=\"v\">{} of {} ({:.1}%)</div></div>\
         <div class=\"card\"><div class=\"k\">Drift share threshold</div><div class=\"v\">{}</div></div>\
         <div class=\"card\"><div class=\"k\">Rows reference / current</div><div class=\"v\">{} / {}</div></div></div>",
        d.number_of_drifted_columns,
        d.number_of_columns,
        d.share_of_drifted_columns * 100.0,
        fmt_num(d.drift_share),
        d.reference_rows,
        d.current_rows
    );
    let order = d.columns_by_severity();
    h.push_str("<h2>Drift by column</h2><table><thead><tr><th>Column</th><th>Type</th><th>Test</th><th>Threshold</th><th>Score</th><th>Result</th><th>Distribution</th></tr></thead><tbody>\n");
    for c in &order {
        let svg = histogram_svg(&column_labels(c), &[], &sides(c), 180.0, 34.0);
        let _ = writeln!(
            h,
            "<tr><td><b>{}</b></td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{svg}</td></tr>",
            esc(&c.column_name),
            c.column_type.name(),
            esc(&c.stattest_name),
            fmt_num(c.stattest_threshold),
            fmt_num(c.drift_score),
            badge(c.drift_detected)
        );
    }
    h.push_str("</tbody></table>\n");
    if !d.skipped_columns.is_empty() {
        h.push_str("<h2>Not tested</h2><table><tbody>");
        for s in &d.skipped_columns {
            let _ = write!(h, "<tr><td><b>{}</b></td><td>{}</td></tr>", esc(&s.column_name), esc(&s.reason));
        }
        h.push_str("</tbody></table>\n");
    }
    let _ = writeln!(
        h,
        "<h2>Distributions</h2><p class=\"legend\"><span class=\"sw\" style=\"background:{REF_COLOR}\"></span>reference\
         <span class=\"sw\" style=\"background:{CUR_COLOR}\"></span>current &nbsp;(share of rows per bin)</p><div class=\"grid\">"
    );
    for c in &order {
        let _ = writeln!(
            h,
            "<div class=\"col\"><h3><span>{}</span>{}</h3><div class=\"meta\">{} · {} = {} · {} / {} values{}</div>{}</div>",
            esc(&c.column_name),
            badge(c.drift_detected),
            c.column_type.name(),
            esc(&c.stattest_name),
            fmt_num(c.drift_score),
            c.reference_count,
            c.current_count,
            unseen_note(c) + &if c.reference_dropped + c.current_dropped > 0 {
                format!(" · {} / {} dropped (missing, NaN, inf)", c.reference_dropped, c.current_dropped)
            } else {
                String::new()
            },
            histogram_svg(&column_labels(c), &ticks(&c.distribution.bins), &sides(c), 330.0, 140.0)
        );
    }
    h.push_str("</div>\n");
}

fn render_quality(h: &mut String, q: &RegressionQuality) {
    h.push_str("<h2>Regression quality</h2><div class=\"cards\">");
    for (k, v) in [
        ("Mean error", q.mean_error),
        ("MAE", q.mean_abs_error),
        ("MAPE %", q.mean_abs_perc_error),
        ("RMSE", q.rmse),
        ("R²", q.r2_score),
    ] {
        let _ = write!(
            h,
            "<div class=\"card\"><div class=\"k\">{k}</div><div class=\"v\">{}</div></div>",
            fmt_num(v)
        );
    }
    h.push_str("</div>\n<div class=\"grid2\">");
    let e = &q.error_distribution;
    let labels: Vec<String> =
        e.edges.windows(2).map(|w| format!("{}–{}", fmt_num(w[0]), fmt_num(w[1]))).collect();
    let _ = write!(
        h,
        "<div class=\"col\"><h3>Error distribution (prediction − actual)</h3>{}</div>",
        histogram_svg(
            &labels,
            &ticks(&DistributionBins::Edges(e.edges.clone())),
            &[(&e.counts, REF_COLOR, "rows")],
            480.0,
            180.0
        )
    );
    let p = &q.predicted_vs_actual;
    h.push_str("<div class=\"col\"><h3>Predicted vs actual (binned by actual)</h3><table><thead><tr><th>Actual</th><th>Rows</th><th>Mean actual</th><th>Mean predicted</th></tr></thead><tbody>");
    for i in 0..p.count.len() {
        let _ = write!(
            h,
            "<tr><td class=\"num\">{}–{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            fmt_axis(p.edges[i]),
            fmt_axis(p.edges[i + 1]),
            p.count[i],
            fmt_axis(p.mean_actual[i]),
            fmt_axis(p.mean_predicted[i])
        );
    }
    h.push_str("</tbody></table></div></div>\n");
    let u = &q.underperformance;
    let _ = write!(
        h,
        "<h2>Error bias (top 5% under- and over-estimation)</h2><p class=\"legend\">Underestimation: {} rows, mean error {}; majority: {} rows, mean error {}; overestimation: {} rows, mean error {}.</p>",
        u.underestimation.count,
        fmt_num(u.underestimation.mean_error),
        u.majority.count,
        fmt_num(u.majority.mean_error),
        u.overestimation.count,
        fmt_num(u.overestimation.mean_error)
    );
    h.push_str("<table><thead><tr><th>Feature</th><th>Type</th><th>All rows</th><th>Underestimation</th><th>Overestimation</th><th>Range</th></tr></thead><tbody>");
    let show = |v: &Option<BiasValue>| match v {
        Some(BiasValue::Number(x)) => fmt_num(*x),
        Some(BiasValue::Category(s)) => esc(s),
        None => "–".into(),
    };
    for b in &q.error_bias {
        let _ = write!(
            h,
            "<tr><td><b>{}</b></td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(&b.feature_name),
            b.feature_type.name(),
            show(&b.majority),
            show(&b.under),
            show(&b.over),
            fmt_num(b.range)
        );
    }
    h.push_str("</tbody></table>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_in_names() {
        assert_eq!(esc("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    }

    #[test]
    fn numbers_format_compactly_and_deterministically() {
        assert_eq!(fmt_num(0.0010407586045491296), "1.041e-3");
        assert_eq!(fmt_num(3.2e-82), "3.200e-82");
        assert_eq!(fmt_num(0.05), "0.05");
        assert_eq!(fmt_num(6170008.97), "6170009");
    }
}
