//! How the Sync page words what it shows: store keys as the things they are (`alias
//! house@champion`), pointer values as versions, byte counts in kB/MB, and the result line of a
//! push or pull.

use hearth_core::sync::{PullReport, PushReport};

/// `1.2 MB`, `340 kB`, `512 bytes` (decimal units, as the CLI's sizes).
pub fn bytes(n: u64) -> String {
    match n {
        0..1_000 => format!("{n} bytes"),
        1_000..1_000_000 => format!("{:.1} kB", n as f64 / 1e3),
        _ => format!("{:.1} MB", n as f64 / 1e6),
    }
}

/// `1 object`, `14 objects`.
pub fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// What a pointer key names, in a user's words.
pub fn pointer(key: &str) -> String {
    if let Some(rest) = key.strip_prefix("registry/models/") {
        if let Some((model, alias)) = rest.split_once("/aliases/") {
            return format!("alias {model}@{alias}");
        }
        if let Some(model) = rest.strip_suffix("/latest") {
            return format!("latest version of {model}");
        }
    }
    if let Some(tag) = key.strip_prefix("data/tags/") {
        return format!("dataset tag {tag}");
    }
    if let Some(name) = key.strip_prefix("data/refs/") {
        return format!("dataset ref {name}");
    }
    key.to_string()
}

/// A pointer's value: model pointers hold a version number, dataset pointers a version id (shown
/// short, as the Data page does).
pub fn value(key: &str, value: Option<&str>) -> String {
    match value {
        None => "(absent)".into(),
        Some(v) if key.starts_with("registry/models/") => format!("version {v}"),
        Some(v) if v.len() > 16 => format!("{}…", &v[..12]),
        Some(v) => v.to_string(),
    }
}

/// The line a push ends with.
pub fn pushed(r: &PushReport) -> String {
    if r.objects_sent == 0 && r.records == 0 && r.pointers == 0 {
        return format!("Already up to date: pushed 0 objects; {} skipped.", r.objects_skipped);
    }
    format!(
        "Pushed {} ({}), {} skipped; {}, {}.",
        count(r.objects_sent, "object"),
        bytes(r.bytes_sent),
        r.objects_skipped,
        count(r.records, "record"),
        count(r.pointers, "pointer")
    )
}

/// The line a pull ends with.
pub fn pulled(r: &PullReport) -> String {
    if r.objects_received == 0 && r.records == 0 && r.pointers == 0 {
        return "Already up to date: pulled 0 objects.".into();
    }
    format!(
        "Pulled {} ({}); {}, {}.",
        count(r.objects_received, "object"),
        bytes(r.bytes_received),
        count(r.records, "record"),
        count(r.pointers, "pointer")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_values_and_sizes_read_as_words() {
        assert_eq!(pointer("registry/models/housing/aliases/champion"), "alias housing@champion");
        assert_eq!(pointer("registry/models/housing/latest"), "latest version of housing");
        assert_eq!(pointer("data/tags/data-v1.0.0"), "dataset tag data-v1.0.0");
        assert_eq!(value("registry/models/housing/aliases/champion", Some("2")), "version 2");
        assert_eq!(value("data/refs/latest", None), "(absent)");
        assert_eq!(bytes(512), "512 bytes");
        assert_eq!(bytes(1_234_567), "1.2 MB");
        assert_eq!(bytes(34_000), "34.0 kB");
        let r = PushReport {
            objects_sent: 14,
            bytes_sent: 1_200_000,
            records: 9,
            pointers: 1,
            ..Default::default()
        };
        assert_eq!(pushed(&r), "Pushed 14 objects (1.2 MB), 0 skipped; 9 records, 1 pointer.");
        assert_eq!(pushed(&PushReport::default()), "Already up to date: pushed 0 objects; 0 skipped.");
        assert_eq!(pulled(&PullReport::default()), "Already up to date: pulled 0 objects.");
    }
}
