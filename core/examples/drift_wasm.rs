//! The drift benchmark on wasm32, timed from JavaScript (core reads no clock): build with
//! `cargo build --release -p hearth-core --example drift_wasm --target wasm32-unknown-unknown`,
//! then `node core/examples/drift_wasm.mjs`. It exports plain C-ABI functions (no wasm-bindgen):
//! `prepare(case)` generates the same tables as `drift_bench`, `run_raw()` times `data_drift` on
//! raw tables, `run_profile()` a stored reference profile against the raw batch. Both return the
//! number of drifted columns so the runs can be checked against the native ones.

#[path = "support/drift_cases.rs"]
mod drift_cases;

use hearth_core::data::Table;
use hearth_core::monitor::{data_drift, DriftOptions, ReferenceProfile};
use std::sync::Mutex;

/// The prepared case: reference, current and the reference's profile.
static CASE: Mutex<Option<(Table, Table, ReferenceProfile)>> = Mutex::new(None);

/// Generates case `i` of [`drift_cases::CASES`]; returns its rows per side.
#[no_mangle]
pub extern "C" fn prepare(i: u32) -> u32 {
    let (reference, current) = drift_cases::case_tables(i as usize);
    let profile = ReferenceProfile::from_table(&reference);
    let rows = reference.n_rows() as u32;
    *CASE.lock().unwrap() = Some((reference, current, profile));
    rows
}

/// Timed runs of case `i` (from [`drift_cases::CASES`]).
#[no_mangle]
pub extern "C" fn runs(i: u32) -> u32 {
    drift_cases::CASES[i as usize].5 as u32
}

/// Drift of the prepared current table against the raw reference table.
#[no_mangle]
pub extern "C" fn run_raw() -> u32 {
    let case = CASE.lock().unwrap();
    let (reference, current, _) = case.as_ref().expect("prepare first");
    data_drift(reference, current, &DriftOptions::default()).unwrap().number_of_drifted_columns as u32
}

/// Drift of the prepared current table against the stored reference profile.
#[no_mangle]
pub extern "C" fn run_profile() -> u32 {
    let case = CASE.lock().unwrap();
    let (_, current, profile) = case.as_ref().expect("prepare first");
    profile.drift(current, &DriftOptions::default()).unwrap().number_of_drifted_columns as u32
}
