//! The registry's store key layout, in one place so every front end's store sees the same tree:
//!
//! ```text
//! registry/experiments/<experiment>              Experiment (JSON)
//! registry/runs/<run id>                         Run (JSON)
//! registry/models/<model>/model                  RegisteredModel (JSON)
//! registry/models/<model>/latest                 highest version number (decimal text)
//! registry/models/<model>/versions/<0000000007>  ModelVersion (JSON); zero-padded so keys sort
//! registry/models/<model>/aliases/<alias>        version number (decimal text)
//! registry/bundles/<sha256>                      bundle bytes (canonical JSON), content-addressed
//! registry/bundles/<sha256>.sig                  Ed25519 signature of those bytes (hex)
//! ```

/// Prefix of experiment records.
pub const EXPERIMENTS: &str = "registry/experiments/";
/// Prefix of run records.
pub const RUNS: &str = "registry/runs/";
/// Prefix of everything about registered models.
pub const MODELS: &str = "registry/models/";
/// Prefix of bundles and their signatures.
pub const BUNDLES: &str = "registry/bundles/";

/// Key of an experiment.
pub fn experiment(name: &str) -> String {
    format!("{EXPERIMENTS}{name}")
}

/// Key of a run.
pub fn run(id: &str) -> String {
    format!("{RUNS}{id}")
}

/// Key of a registered model's record.
pub fn model(name: &str) -> String {
    format!("{MODELS}{name}/model")
}

/// Key of a model's version counter.
pub fn latest_version(name: &str) -> String {
    format!("{MODELS}{name}/latest")
}

/// Prefix of a model's versions.
pub fn versions(name: &str) -> String {
    format!("{MODELS}{name}/versions/")
}

/// Key of one model version.
pub fn version(name: &str, version: u32) -> String {
    format!("{MODELS}{name}/versions/{version:010}")
}

/// Prefix of a model's aliases.
pub fn aliases(name: &str) -> String {
    format!("{MODELS}{name}/aliases/")
}

/// Key of one alias.
pub fn alias(name: &str, alias: &str) -> String {
    format!("{MODELS}{name}/aliases/{alias}")
}

/// Key of a bundle's bytes.
pub fn bundle(hash: &str) -> String {
    format!("{BUNDLES}{hash}")
}

/// Key of a bundle's signature.
pub fn bundle_signature(hash: &str) -> String {
    format!("{BUNDLES}{hash}.sig")
}
