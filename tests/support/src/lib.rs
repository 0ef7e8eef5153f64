//! Locates the project's shared real data for tests.
//!
//! The real files (`HousingData.csv` and its `-old`/`-new` versions) are never copied into the repo;
//! CI clones the repo next to `shared/`. A test that needs them calls [`shared_file`] and returns early
//! when it gets `None`: the skip is printed with the test's name, so it is never a silent pass. In CI
//! (`CI=true`) a missing file is a failure instead, because there the files always exist.

use std::path::PathBuf;

/// The `shared/` folder: `$HEARTH_SHARED_DIR` if set, else `<workspace>/../shared`.
pub fn shared_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("HEARTH_SHARED_DIR") {
        return PathBuf::from(dir);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// Path of `shared/data/<name>` if it exists. Otherwise prints `SKIPPED <test>: ...` and returns
/// `None`, or panics when running in CI, where the shared data is always present.
pub fn shared_file(test: &str, name: &str) -> Option<PathBuf> {
    let path = shared_dir().join("data").join(name);
    if path.is_file() {
        return Some(path);
    }
    let msg = format!("SKIPPED {test}: shared data file {} not found", path.display());
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{msg} (CI must have ../shared beside the repo)");
    }
    eprintln!("{msg}");
    None
}

/// Path of a file under `shared/reference/`, with the same skip rules as [`shared_file`].
pub fn shared_reference(test: &str, name: &str) -> Option<PathBuf> {
    let path = shared_dir().join("reference").join(name);
    if path.is_file() {
        return Some(path);
    }
    let msg = format!("SKIPPED {test}: shared reference file {} not found", path.display());
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{msg} (CI must have ../shared beside the repo)");
    }
    eprintln!("{msg}");
    None
}
