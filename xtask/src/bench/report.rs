//! The results table: one [`Row`] per comparison, rendered as BENCHMARKS.md and benches/results.json.

/// What a measured number is, which decides the direction of "better".
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Unit {
    Seconds,
    Millis,
    PerSecond,
    Bytes,
    /// A quality score such as R² (higher is better; no time ratio).
    Score,
}

impl Unit {
    fn name(self) -> &'static str {
        match self {
            Unit::Seconds => "s",
            Unit::Millis => "ms",
            Unit::PerSecond => "req/s",
            Unit::Bytes => "bytes",
            Unit::Score => "score",
        }
    }

    pub fn format(self, v: f64) -> String {
        match self {
            Unit::Seconds if v < 1.0 => format!("{:.1} ms", v * 1e3),
            Unit::Seconds => format!("{v:.2} s"),
            Unit::Millis => format!("{v:.2} ms"),
            Unit::PerSecond => format!("{v:.0} req/s"),
            Unit::Bytes if v >= 1e6 => format!("{:.2} MB", v / 1e6),
            Unit::Bytes => format!("{:.1} KB", v / 1e3),
            Unit::Score => format!("{v:.4}"),
        }
    }
}

/// A goal from the issues and whether this run met it (None: not measurable in this run).
#[derive(Clone, Debug, PartialEq)]
pub struct Goal {
    pub text: String,
    pub met: Option<bool>,
}

/// One comparison: Hearth against a peer on the same data in the same run.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub task: String,
    pub data: String,
    pub unit: Unit,
    pub hearth: Option<f64>,
    pub peer_name: String,
    pub peer: Option<f64>,
    /// How results differ (R², MAE, drift scores), or why there is no peer number.
    pub delta: String,
    pub hearth_rss_kb: Option<u64>,
    pub peer_rss_kb: Option<u64>,
    pub goal: Option<Goal>,
    pub runs: usize,
    /// Whether issue 9's memory goal applies (not when the "peer" is Hearth itself, native vs wasm).
    pub memory_goal: bool,
}

impl Row {
    pub fn new(
        task: impl Into<String>,
        data: impl Into<String>,
        unit: Unit,
        peer_name: impl Into<String>,
    ) -> Row {
        Row {
            task: task.into(),
            data: data.into(),
            unit,
            hearth: None,
            peer_name: peer_name.into(),
            peer: None,
            delta: String::new(),
            hearth_rss_kb: None,
            peer_rss_kb: None,
            goal: None,
            runs: 0,
            memory_goal: true,
        }
    }

    /// How many times better Hearth is (> 1: Hearth faster / smaller / more throughput).
    pub fn advantage(&self) -> Option<f64> {
        let (h, p) = (self.hearth?, self.peer?);
        if self.unit == Unit::Score {
            return None;
        }
        let ratio = if self.unit == Unit::PerSecond { h / p } else { p / h };
        ratio.is_finite().then_some(ratio)
    }

    /// The memory goal of issue 9: Hearth's peak at most a quarter of the peer's.
    pub fn memory_met(&self) -> Option<bool> {
        if !self.memory_goal {
            return None;
        }
        Some(self.hearth_rss_kb? * 4 <= self.peer_rss_kb?)
    }
}

/// Where and when the run happened.
pub struct Machine {
    pub cpus: usize,
    pub cpu_model: String,
    pub ram_gb: f64,
    pub date: String,
    pub note: String,
    pub command: String,
}

fn opt(v: Option<f64>, unit: Unit) -> String {
    v.map_or("—".into(), |v| unit.format(v))
}

fn rss(kb: Option<u64>) -> String {
    kb.map_or("—".into(), |kb| format!("{:.0} MB", kb as f64 / 1024.0))
}

fn met(m: Option<bool>) -> &'static str {
    match m {
        Some(true) => "yes",
        Some(false) => "**no**",
        None => "—",
    }
}

/// Table cells may not contain `|` or newlines.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// BENCHMARKS.md.
pub fn markdown(machine: &Machine, rows: &[Row], notes: &[String]) -> String {
    let mut md = String::from("# Benchmarks: Hearth next to the tools users would otherwise pick\n\n");
    md.push_str(&format!(
        "Produced by `{}` on {} — {} CPUs ({}), {:.1} GB RAM. {}\n\n",
        machine.command, machine.date, machine.cpus, machine.cpu_model, machine.ram_gb, machine.note
    ));
    md.push_str(
        "Every pair ran in the same process of the harness, alternating Hearth and the peer run by run; \
         times are medians (`runs` each side). Advantage = peer time ÷ Hearth time (for req/s: Hearth ÷ \
         peer), so > 1 means Hearth is better. Peak RSS is each side's process peak (`wait4`'s \
         `ru_maxrss`; wasm rows: the wasm linear memory). The memory goal (issue 9) is a quarter of the \
         peer's peak or less. Raw numbers: `benches/results.json`.\n\n",
    );
    md.push_str(
        "| task | data | Hearth | peer | advantage | correctness delta | peak RSS Hearth / peer | memory ≤ ¼ | goal | met? | runs |\n\
         |---|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for r in rows {
        let peer = match r.peer {
            Some(p) => format!("{}: {}", r.peer_name, r.unit.format(p)),
            None => format!("{}: —", r.peer_name),
        };
        md.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} / {} | {} | {} | {} | {} |\n",
            cell(&r.task),
            cell(&r.data),
            opt(r.hearth, r.unit),
            cell(&peer),
            r.advantage().map_or("—".into(), |a| format!("{a:.2}×")),
            cell(&r.delta),
            rss(r.hearth_rss_kb),
            rss(r.peer_rss_kb),
            met(r.memory_met()),
            cell(r.goal.as_ref().map_or("", |g| g.text.as_str())),
            met(r.goal.as_ref().and_then(|g| g.met)),
            r.runs,
        ));
    }
    if !notes.is_empty() {
        md.push_str("\n## Notes\n\n");
        for n in notes {
            md.push_str(&format!("- {n}\n"));
        }
    }
    md
}

fn json_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn json_num(v: Option<f64>) -> String {
    v.filter(|v| v.is_finite()).map_or("null".into(), |v| format!("{v}"))
}

fn json_bool(v: Option<bool>) -> String {
    v.map_or("null".into(), |b| b.to_string())
}

/// benches/results.json.
pub fn json(machine: &Machine, rows: &[Row], notes: &[String]) -> String {
    let mut out = String::from("{\n");
    out.push_str(&format!(
        "  \"machine\": {{\"cpus\": {}, \"cpu_model\": {}, \"ram_gb\": {:.1}, \"date\": {}, \"note\": {}, \"command\": {}}},\n",
        machine.cpus,
        json_str(&machine.cpu_model),
        machine.ram_gb,
        json_str(&machine.date),
        json_str(&machine.note),
        json_str(&machine.command)
    ));
    out.push_str("  \"rows\": [\n");
    for (i, r) in rows.iter().enumerate() {
        out.push_str(&format!(
            "    {{\"task\": {}, \"data\": {}, \"unit\": {}, \"hearth\": {}, \"peer_name\": {}, \"peer\": {}, \"advantage\": {}, \"delta\": {}, \"hearth_peak_rss_kb\": {}, \"peer_peak_rss_kb\": {}, \"memory_goal_met\": {}, \"goal\": {}, \"goal_met\": {}, \"runs\": {}}}{}\n",
            json_str(&r.task),
            json_str(&r.data),
            json_str(r.unit.name()),
            json_num(r.hearth),
            json_str(&r.peer_name),
            json_num(r.peer),
            json_num(r.advantage()),
            json_str(&r.delta),
            json_num(r.hearth_rss_kb.map(|v| v as f64)),
            json_num(r.peer_rss_kb.map(|v| v as f64)),
            json_bool(r.memory_met()),
            r.goal.as_ref().map_or("null".into(), |g| json_str(&g.text)),
            json_bool(r.goal.as_ref().and_then(|g| g.met)),
            r.runs,
            if i + 1 == rows.len() { "" } else { "," }
        ));
    }
    out.push_str("  ],\n  \"notes\": [");
    out.push_str(&notes.iter().map(|n| json_str(n)).collect::<Vec<_>>().join(", "));
    out.push_str("]\n}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn machine() -> Machine {
        Machine {
            cpus: 2,
            cpu_model: "Test CPU".into(),
            ram_gb: 23.0,
            date: "2026-11-29".into(),
            note: "shared".into(),
            command: "cargo xtask bench".into(),
        }
    }

    fn row() -> Row {
        let mut r = Row::new("drift | preset", "10k vs 10k", Unit::Seconds, "Evidently");
        r.hearth = Some(0.01);
        r.peer = Some(1.5);
        r.hearth_rss_kb = Some(10 * 1024);
        r.peer_rss_kb = Some(300 * 1024);
        r.goal = Some(Goal { text: "≥ 100× faster".into(), met: Some(true) });
        r.runs = 5;
        r
    }

    #[test]
    fn advantage_direction_follows_the_unit() {
        assert_eq!(row().advantage(), Some(150.0));
        let mut rps = Row::new("serve", "1 row", Unit::PerSecond, "mlflow");
        (rps.hearth, rps.peer) = (Some(4000.0), Some(100.0));
        assert_eq!(rps.advantage(), Some(40.0));
        rps.peer = None;
        assert_eq!(rps.advantage(), None);
        let mut score = Row::new("accuracy", "545 rows", Unit::Score, "sklearn");
        (score.hearth, score.peer) = (Some(0.66), Some(0.65));
        assert_eq!(score.advantage(), None);
        assert_eq!(Unit::Score.format(0.65129), "0.6513");
    }

    #[test]
    fn memory_goal_is_a_quarter_of_the_peer() {
        let mut r = row();
        assert_eq!(r.memory_met(), Some(true));
        r.hearth_rss_kb = Some(76 * 1024);
        assert_eq!(r.memory_met(), Some(false));
        r.memory_goal = false;
        assert_eq!(r.memory_met(), None);
        r.memory_goal = true;
        r.peer_rss_kb = None;
        assert_eq!(r.memory_met(), None);
    }

    #[test]
    fn markdown_row_escapes_pipes_and_shows_verdicts() {
        let md = markdown(&machine(), &[row()], &["a note".into()]);
        assert!(
            md.contains("| drift \\| preset | 10k vs 10k | 10.0 ms | Evidently: 1.50 s | 150.00× |"),
            "{md}"
        );
        assert!(md.contains("| 10 MB / 300 MB | yes | ≥ 100× faster | yes | 5 |"), "{md}");
        assert!(md.contains("2 CPUs (Test CPU), 23.0 GB RAM. shared"));
        assert!(md.ends_with("- a note\n"));
    }

    #[test]
    fn json_escapes_and_writes_null_for_missing() {
        let mut r = row();
        r.peer = None;
        r.delta = "say \"hi\"".into();
        let j = json(&machine(), &[r], &[]);
        assert!(j.contains("\"peer\": null, \"advantage\": null, \"delta\": \"say \\\"hi\\\"\""), "{j}");
        assert!(j.contains("\"memory_goal_met\": true"));
    }
}
