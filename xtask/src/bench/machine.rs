//! The machine a run happened on (CPU count and model, RAM) and when, for BENCHMARKS.md.

use super::report::Machine;

/// Describes this machine; `note` says what else was running.
pub fn describe(command: &str, note: &str) -> Machine {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    Machine {
        cpus: std::thread::available_parallelism().map_or(1, |n| n.get()),
        cpu_model: field(&cpuinfo, "model name").unwrap_or_else(|| "unknown CPU".into()),
        ram_gb: field(&meminfo, "MemTotal")
            .and_then(|v| v.trim_end_matches("kB").trim().parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0 / 1024.0),
        date: crate::run::output("date", &["-u", "+%Y-%m-%d %H:%M UTC"])
            .unwrap_or_else(|| "unknown date".into()),
        note: note.into(),
        command: command.into(),
    }
}

/// The 1-, 5- and 15-minute load averages (`/proc/loadavg`), e.g. `3.10 2.95 2.40`: how busy the
/// shared machine was, next to the numbers it produced.
pub fn load_average() -> Option<String> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    let fields: Vec<&str> = text.split_whitespace().take(3).collect();
    (fields.len() == 3).then(|| fields.join(" "))
}

/// The value of the first `name: value` line of a /proc file.
fn field(text: &str, name: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        (key.trim() == name).then(|| value.trim().to_string())
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_proc_fields() {
        let text = "processor\t: 0\nmodel name\t: Some CPU @ 2GHz\nMemTotal:       24000000 kB\n";
        assert_eq!(super::field(text, "model name").as_deref(), Some("Some CPU @ 2GHz"));
        assert_eq!(super::field(text, "MemTotal").as_deref(), Some("24000000 kB"));
        assert_eq!(super::field(text, "flags"), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn reads_three_load_averages() {
        let load = super::load_average().unwrap();
        assert_eq!(load.split(' ').filter(|f| f.parse::<f64>().is_ok()).count(), 3, "{load}");
    }
}
