//! # hearth-core
//!
//! Everything Hearth knows how to do — ingest and version data, train and register models, run the
//! pipeline, monitor drift, validate and serve predictions — as pure Rust that builds for native and
//! `wasm32-unknown-unknown`. It performs no I/O of its own: persistence goes through the [`store::Store`]
//! trait, whose implementations (memory here; filesystem, IndexedDB and KV/R2 in the front ends) are
//! supplied by the caller. That is what lets the CLI, the browser app and the edge worker share one
//! implementation and produce byte-identical artefacts.

pub mod data;
pub mod deploy;
pub mod features;
pub mod monitor;
pub mod parallel;
pub mod pipeline;
pub mod registry;
pub mod serve;
pub mod store;
pub mod sync;
pub mod train;
pub mod version;
