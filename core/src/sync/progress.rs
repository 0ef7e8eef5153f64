//! How far a push or pull has got, for front ends that draw a progress bar: told once when the
//! transfer is planned (nothing done yet) and after every object.

use serde::Serialize;

/// One progress report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Progress<'a> {
    /// The object just transferred; `None` for the first report, sent once the plan is known.
    pub key: Option<&'a str>,
    /// Objects transferred so far.
    pub objects_done: usize,
    /// Objects this run transfers in all.
    pub objects_total: usize,
    /// Bytes transferred so far.
    pub bytes_done: u64,
    /// Bytes this run transfers in all: known for a push (the objects are here), not for a pull
    /// (the remote's listing carries hashes, not sizes).
    pub bytes_total: Option<u64>,
}
