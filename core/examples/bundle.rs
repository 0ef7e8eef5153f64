//! Trains the default pipeline on generated housing data and writes the signed champion bundle, so
//! the edge tests and the demo have a real model without the CLI.
//!
//! `cargo run -p hearth-core --example bundle -- OUT [ROWS] [SEED]` writes
//! - `OUT`: the canonical bundle bytes (what `PUT /admin/bundles/{hash}` takes),
//! - `OUT.json`: `{hash, signature, public_key, model, version, rows, seed, test_r2}`.
//!
//! The signing key is a fixed DEMO key (seed 32 × 0x42, public key in `OUT.json`): fine for tests and
//! local demos, never for a real deployment (`hearth init` draws a key from the OS).

use hearth_core::data::sample::{generate, Scenario};
use hearth_core::data::write_csv;
use hearth_core::pipeline::training::{training_pipeline, CsvBytes};
use hearth_core::pipeline::{
    block_on_ready, run_tracked, Executor, PipelineDefinition, RunLabels, SimulatedTime,
};
use hearth_core::registry::{BundleSigningKey, Registry};
use hearth_core::store::MemoryStore;

/// The demo signing key's seed (public, on purpose).
const DEMO_SEED: [u8; 32] = [0x42; 32];
/// A fixed clock: the bundle bytes do not depend on it, the registry records do.
const NOW_MS: u64 = 1_700_000_000_000;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (out, rows, seed) = match args.as_slice() {
        [out] => (out.clone(), 545, 42),
        [out, rows] => (out.clone(), parse(rows, "ROWS"), 42),
        [out, rows, seed] => (out.clone(), parse(rows, "ROWS"), parse(seed, "SEED") as u64),
        _ => fail("usage: bundle OUT [ROWS] [SEED]"),
    };
    let csv = write_csv(&generate(rows, seed, Scenario::Baseline));
    let source = CsvBytes { name: format!("sample-{rows}-{seed}.csv"), bytes: csv.into_bytes() };
    let store = MemoryStore::new();
    let key = BundleSigningKey::from_seed(&DEMO_SEED);
    let time = SimulatedTime::starting_at(NOW_MS);
    let now = || NOW_MS;
    let registry = Registry::new(&store);
    let pipeline = training_pipeline(PipelineDefinition::default_pipeline(), &source, &store, &key, &now)
        .unwrap_or_else(|e| fail(&format!("binding the default pipeline: {e}")));
    let mut executor = Executor::new(&store, &time, &time);
    let (report, run) =
        block_on_ready(run_tracked(&mut executor, &registry, &time, &pipeline, RunLabels::default()))
            .unwrap_or_else(|e| fail(&format!("training run: {e}")));
    let model = pipeline
        .definition()
        .task("register")
        .and_then(|t| t.params.get("model"))
        .and_then(|v| v.as_str())
        .unwrap_or_default();
    let champion = block_on_ready(registry.alias(model, "champion"))
        .ok()
        .flatten()
        .unwrap_or_else(|| fail(&format!("no champion for `{model}`: {:?}", report.outcome)));
    let version = block_on_ready(registry.get_version(model, champion)).unwrap().unwrap();
    let signed = block_on_ready(registry.get_bundle(&version.bundle_hash)).unwrap().unwrap();
    signed.verify(&key.public_key()).unwrap();
    std::fs::write(&out, &signed.bytes).unwrap_or_else(|e| fail(&format!("writing {out}: {e}")));
    let summary = serde_json::json!({
        "hash": signed.hash,
        "signature": signed.signature,
        "public_key": key.public_key().to_hex(),
        "model": model,
        "version": version.version,
        "rows": rows,
        "seed": seed,
        "test_r2": run.latest_metrics().get("test_r2"),
    });
    let text = serde_json::to_string_pretty(&summary).unwrap();
    std::fs::write(format!("{out}.json"), &text)
        .unwrap_or_else(|e| fail(&format!("writing {out}.json: {e}")));
    println!("{text}");
    eprintln!("bundle: {} bytes -> {out}", signed.bytes.len());
}

fn parse(text: &str, what: &str) -> usize {
    text.parse().unwrap_or_else(|_| fail(&format!("{what} must be a whole number, got `{text}`")))
}

fn fail(message: &str) -> ! {
    eprintln!("bundle: {message}");
    std::process::exit(1)
}
