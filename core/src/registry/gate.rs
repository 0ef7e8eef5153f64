//! The proof a candidate passed the quality gate. Promotion to `champion` requires one, so no code
//! path can promote an ungated model.
//!
//! Its constructor is crate-private: only the quality gate in `train` (when it decides "pass")
//! creates one. It records which champion the candidate was compared against; promotion moves the
//! alias only if that is still the champion, so a concurrent promotion makes this one conflict
//! instead of silently replacing a model the candidate never beat.

/// A passed gate decision for one candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatePassed {
    model: String,
    bundle_hash: String,
    compared_with: Option<u32>,
    summary: String,
}

impl GatePassed {
    /// Issued by the quality gate only.
    // Unused outside tests until `train`'s gate lands on main and calls it.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn new(model: &str, bundle_hash: &str, compared_with: Option<u32>, summary: &str) -> Self {
        GatePassed {
            model: model.to_string(),
            bundle_hash: bundle_hash.to_string(),
            compared_with,
            summary: summary.to_string(),
        }
    }

    /// The registered model the decision is for.
    pub fn model(&self) -> &str {
        &self.model
    }

    /// The candidate bundle that passed.
    pub fn bundle_hash(&self) -> &str {
        &self.bundle_hash
    }

    /// The champion version it was compared against (`None`: there was no champion).
    pub fn compared_with(&self) -> Option<u32> {
        self.compared_with
    }

    /// The gate's explanation (thresholds met, margin over the champion).
    pub fn summary(&self) -> &str {
        &self.summary
    }
}
