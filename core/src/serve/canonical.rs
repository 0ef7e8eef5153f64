//! How categorical text is made canonical before it is matched against a model's levels.
//!
//! Binding note: `core/src/data` owns `Canonicalisation` (recorded in the data schema); this is a
//! stand-in with the same API (fields, `default`, `verbatim`, `apply`, `is_missing`) until that lands on
//! `main`, then this file becomes `pub use crate::data::Canonicalisation;`.

use serde::{Deserialize, Serialize};

/// How categorical text is normalised, as recorded with the training data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Canonicalisation {
    /// Remove leading and trailing whitespace.
    pub trim: bool,
    /// Lower-case (full Unicode).
    pub lowercase: bool,
    /// Cell texts (after trimming) that mean "missing".
    pub missing_tokens: Vec<String>,
}

impl Default for Canonicalisation {
    fn default() -> Self {
        let tokens = ["", "NA", "N/A", "n/a", "null", "NULL", "NaN", "nan", "?"];
        Canonicalisation {
            trim: true,
            lowercase: true,
            missing_tokens: tokens.iter().map(|s| s.to_string()).collect(),
        }
    }
}

impl Canonicalisation {
    /// Leaves text exactly as written (still recognising missing markers).
    pub fn verbatim() -> Self {
        Canonicalisation { trim: false, lowercase: false, ..Self::default() }
    }

    /// The canonical form of `raw`.
    pub fn apply(&self, raw: &str) -> String {
        let text = if self.trim { raw.trim() } else { raw };
        if self.lowercase {
            text.to_lowercase()
        } else {
            text.to_owned()
        }
    }

    /// True when the raw cell means "no value".
    pub fn is_missing(&self, raw: &str) -> bool {
        let t = raw.trim();
        self.missing_tokens.iter().any(|m| m == t)
    }
}
