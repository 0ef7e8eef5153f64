//! Training on wasm32, timed from JavaScript (core reads no clock): build with
//! `cargo build --release -p hearth-core --example train_wasm --target wasm32-unknown-unknown`,
//! then `node core/examples/train_wasm.mjs WASM fit MODEL TRAIN.csv TEST.csv TARGET` or
//! `node core/examples/train_wasm.mjs WASM pipeline DATA.csv`. Plain C-ABI exports (no
//! wasm-bindgen), like `drift_wasm`: JavaScript copies the files into buffers from [`alloc`],
//! [`prepare_fit`] / [`prepare_pipeline`] parse them untimed, [`run`] is the timed call, [`score`]
//! predicts the test rows after a fit, and the results come back as `key value` text ([`result_ptr`], [`result_len`]) in the same format
//! as `bench_task` prints natively, so the harness compares the two sides line by line.

#[path = "support/train_cases.rs"]
mod train_cases;

use std::sync::Mutex;
use train_cases::{default_pipeline, FitCase};

/// What [`run`] will do.
enum Job {
    Fit(FitCase),
    Fitted(FitCase, hearth_core::train::FittedModel),
    Pipeline(Vec<u8>),
}

static JOB: Mutex<Option<Job>> = Mutex::new(None);
static RESULT: Mutex<String> = Mutex::new(String::new());

/// A zeroed buffer of `len` bytes that JavaScript fills; freed by [`free`].
#[no_mangle]
pub extern "C" fn alloc(len: usize) -> *mut u8 {
    Box::leak(vec![0u8; len].into_boxed_slice()).as_mut_ptr()
}

/// Frees a buffer from [`alloc`].
///
/// # Safety
/// `ptr` and `len` must come from one [`alloc`] call, not freed before.
#[no_mangle]
pub unsafe extern "C" fn free(ptr: *mut u8, len: usize) {
    // SAFETY: the caller passes a buffer `alloc` leaked with exactly this length.
    drop(unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(ptr, len)) });
}

/// # Safety
/// `ptr`/`len` must describe a live buffer from [`alloc`].
unsafe fn bytes<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
    // SAFETY: guaranteed by the caller.
    unsafe { std::slice::from_raw_parts(ptr, len) }
}

/// Prepares one model fit (model name, train CSV, test CSV, target name — each a buffer);
/// returns 1, or 0 with the error in the result text.
///
/// # Safety
/// Every pointer/length pair must describe a live buffer from [`alloc`].
#[no_mangle]
pub unsafe extern "C" fn prepare_fit(
    model: *const u8,
    model_len: usize,
    train: *const u8,
    train_len: usize,
    test: *const u8,
    test_len: usize,
    target: *const u8,
    target_len: usize,
) -> u32 {
    // SAFETY: guaranteed by the caller.
    let (model, train, test, target) = unsafe {
        (bytes(model, model_len), bytes(train, train_len), bytes(test, test_len), bytes(target, target_len))
    };
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let case = FitCase::prepare(&text(model), train, test, &text(target));
    finish_prepare(case.map(Job::Fit))
}

/// Prepares a default-pipeline run on the CSV in the buffer; returns 1.
///
/// # Safety
/// `csv`/`len` must describe a live buffer from [`alloc`].
#[no_mangle]
pub unsafe extern "C" fn prepare_pipeline(csv: *const u8, len: usize) -> u32 {
    // SAFETY: guaranteed by the caller.
    finish_prepare(Ok(Job::Pipeline(unsafe { bytes(csv, len) }.to_vec())))
}

fn finish_prepare(job: Result<Job, String>) -> u32 {
    let (job, result) = match job {
        Ok(job) => (Some(job), Ok(String::new())),
        Err(e) => (None, Err(e)),
    };
    *JOB.lock().unwrap() = job;
    set_result(result)
}

/// The timed call: fits the model, or runs the whole pipeline. Returns 1 on success, 0 with
/// `error …` in the result text. After a fit, [`score`] predicts the test rows (untimed).
#[no_mangle]
pub extern "C" fn run() -> u32 {
    let mut job = JOB.lock().unwrap();
    let result = match job.take() {
        None => Err("prepare first".to_string()),
        Some(Job::Fit(case)) => case.fit().map(|fitted| {
            *job = Some(Job::Fitted(case, fitted));
            String::new()
        }),
        Some(Job::Fitted(..)) => Err("already fitted: prepare again".to_string()),
        Some(Job::Pipeline(csv)) => default_pipeline(&csv).map(|o| o.lines()),
    };
    set_result(result)
}

/// Predicts the test rows with the model [`run`] fitted; the result text gets `r2` and `mae`.
#[no_mangle]
pub extern "C" fn score() -> u32 {
    let job = JOB.lock().unwrap();
    let result = match job.as_ref() {
        Some(Job::Fitted(case, fitted)) => case.predict(fitted).map(|p| {
            let (r2, mae) = case.score(&p);
            format!("r2 {r2}\nmae {mae}\n")
        }),
        _ => Err("run a fit first".to_string()),
    };
    set_result(result)
}

fn set_result(result: Result<String, String>) -> u32 {
    let ok = result.is_ok();
    *RESULT.lock().unwrap() = result.unwrap_or_else(|e| format!("error {e}\n"));
    ok as u32
}

/// Address of the result text (valid until the next call).
#[no_mangle]
pub extern "C" fn result_ptr() -> *const u8 {
    RESULT.lock().unwrap().as_ptr()
}

/// Length in bytes of the result text.
#[no_mangle]
pub extern "C" fn result_len() -> usize {
    RESULT.lock().unwrap().len()
}
