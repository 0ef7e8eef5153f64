//! Experiments, runs, registered models, versions, aliases and signed model bundles.

pub mod canonical;
