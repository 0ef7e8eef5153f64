//! Canonicalisation of categorical text and the missing-value markers: one function applied at
//! import, in training and in serving, so `" Yes "` at prediction time meets the `yes` the model saw.

use serde::{Deserialize, Serialize};

/// The cell texts that mean "no value" (compared after trimming, case-sensitively). They follow the
/// common subset of pandas' defaults; `"?"` is the UCI convention.
pub const DEFAULT_MISSING_TOKENS: &[&str] = &["", "NA", "N/A", "n/a", "null", "NULL", "NaN", "nan", "?"];

/// How categorical text is normalised before it becomes a level. Recorded in the schema so serving
/// applies exactly the same function as the import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Canonicalisation {
    /// Remove leading and trailing whitespace.
    pub trim: bool,
    /// Lower-case (full Unicode lower-casing, identical on every platform).
    pub lowercase: bool,
    /// Cell texts (after trimming) that mean "missing".
    pub missing_tokens: Vec<String>,
}

impl Default for Canonicalisation {
    /// Trim + lower-case, the original pipeline's cleansing, with [`DEFAULT_MISSING_TOKENS`].
    fn default() -> Self {
        Canonicalisation {
            trim: true,
            lowercase: true,
            missing_tokens: DEFAULT_MISSING_TOKENS.iter().map(|s| s.to_string()).collect(),
        }
    }
}

impl Canonicalisation {
    /// Leaves text exactly as written (still recognising missing markers).
    pub fn verbatim() -> Self {
        Canonicalisation { trim: false, lowercase: false, ..Self::default() }
    }

    /// The canonical form of a raw categorical cell.
    pub fn apply(&self, raw: &str) -> String {
        self.apply_cow(raw).into_owned()
    }

    /// Like [`apply`](Self::apply) but borrows when nothing changes, which is the common case on
    /// import (already lower-case text), so no allocation happens per cell.
    pub fn apply_cow<'a>(&self, raw: &'a str) -> std::borrow::Cow<'a, str> {
        let text = if self.trim { trim(raw) } else { raw };
        if self.lowercase && text.chars().any(|c| c.is_uppercase()) {
            std::borrow::Cow::Owned(text.to_lowercase())
        } else {
            std::borrow::Cow::Borrowed(text)
        }
    }

    /// True when the raw cell means "no value".
    pub fn is_missing(&self, raw: &str) -> bool {
        let t = trim(raw);
        self.missing_tokens.iter().any(|m| short_eq(m, t))
    }
}

/// String equality inlined for the short cells of CSV files (a `memcmp` call per comparison
/// dominated import time).
#[inline]
pub(crate) fn short_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

/// `str::trim` with a fast exit for the usual cell that has no surrounding whitespace (this runs
/// for every cell of every import).
pub(crate) fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(&a), Some(&b)) if a > b' ' && a < 0x80 && b > b' ' && b < 0x80 => s,
        _ => s.trim(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_trims_and_lower_cases() {
        let c = Canonicalisation::default();
        assert_eq!(c.apply("  Semi-Furnished "), "semi-furnished");
        assert_eq!(c.apply("YES"), "yes");
        assert_eq!(c.apply("Ärger"), "ärger");
    }

    #[test]
    fn fast_trim_equals_str_trim() {
        for s in ["", " ", "a", " a", "a ", "\ta\n", "\u{a0}x\u{3000}", "é", "x y"] {
            assert_eq!(trim(s), s.trim(), "{s:?}");
        }
    }

    #[test]
    fn verbatim_keeps_text() {
        assert_eq!(Canonicalisation::verbatim().apply(" Yes "), " Yes ");
    }

    #[test]
    fn missing_markers_are_recognised_after_trimming() {
        let c = Canonicalisation::default();
        for raw in ["", " ", "NA", " N/A ", "null", "NaN", "nan", "?"] {
            assert!(c.is_missing(raw), "{raw:?}");
        }
        assert!(!c.is_missing("no"));
        assert!(!c.is_missing("0"));
    }

    #[test]
    fn survives_serde_round_trip() {
        let c = Canonicalisation::default();
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(serde_json::from_str::<Canonicalisation>(&json).unwrap(), c);
    }
}
