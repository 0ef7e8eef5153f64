//! The executor's host on the command line: the wall clock and a sleeping timer. The CLI runs one
//! pipeline on one thread, so blocking in `sleep` is exactly what a retry backoff should do.

use hearth_core::pipeline::{Clock, Timer};

/// Wall-clock time and `thread::sleep`.
#[derive(Debug, Default, Clone, Copy)]
pub struct NativeHost;

impl Clock for NativeHost {
    fn now_ms(&self) -> u64 {
        crate::workspace::now_ms()
    }
}

impl Timer for NativeHost {
    async fn sleep(&self, ms: u64) {
        if ms > 0 {
            std::thread::sleep(std::time::Duration::from_millis(ms));
        }
    }
}
