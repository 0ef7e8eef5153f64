//! How categorical text is made canonical before it is matched against a model's levels.
//!
//! Serving must apply exactly the rule the training data went through, or a model trained on
//! `"yes"` silently ignores `"YES"` (the original service's bug). The rule is therefore part of the
//! [`Signature`](super::Signature), not a serving option.
//!
//! Binding note: `core/src/data` owns the project-wide `Canonicalisation` type; when it lands this file
//! becomes a re-export of it, so the rule recorded in the data schema is the one applied here.

use serde::{Deserialize, Serialize};

/// A text canonicalisation rule recorded with the training data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Canonicalisation {
    /// Trim surrounding whitespace and lower-case (Unicode), the original pipeline's cleansing step.
    TrimLowercase,
    /// Keep text byte for byte, for data whose case carries meaning.
    Exact,
}

impl Canonicalisation {
    /// The canonical form of `text` under this rule.
    pub fn apply(&self, text: &str) -> String {
        match self {
            Canonicalisation::TrimLowercase => text.trim().to_lowercase(),
            Canonicalisation::Exact => text.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trim_lowercase_makes_yes_in_any_case_and_padding_equal() {
        let rule = Canonicalisation::TrimLowercase;
        assert_eq!(rule.apply("YES"), "yes");
        assert_eq!(rule.apply(" yes "), "yes");
        assert_eq!(rule.apply("yes"), "yes");
        assert_eq!(rule.apply("\tSemi-Furnished\n"), "semi-furnished");
    }

    #[test]
    fn exact_keeps_text() {
        assert_eq!(Canonicalisation::Exact.apply(" YES "), " YES ");
    }
}
