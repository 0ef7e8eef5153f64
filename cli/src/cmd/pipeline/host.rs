//! The executor's host on the command line: the wall clock, a sleeping timer, and Ctrl-C as
//! cancellation. The CLI runs one pipeline on one thread, so blocking in `sleep` is exactly what a
//! retry backoff should do. The first Ctrl-C lets the running task finish and skips the rest
//! (recorded as a cancelled run); a second one exits at once.

use hearth_core::pipeline::{CancelToken, Clock, Timer};
use std::sync::atomic::{AtomicBool, Ordering};

/// Set by the SIGINT handler; read between tasks.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Wall-clock time, `thread::sleep`, and Ctrl-C turned into a [`CancelToken`].
#[derive(Debug, Clone)]
pub struct NativeHost {
    cancel: CancelToken,
}

impl NativeHost {
    /// A host whose token is cancelled by Ctrl-C from now on.
    pub fn new() -> Self {
        install_interrupt_handler();
        NativeHost { cancel: CancelToken::new() }
    }

    /// The token to give the executor.
    pub fn cancel_token(&self) -> CancelToken {
        self.cancel.clone()
    }

    fn check_interrupt(&self) {
        if INTERRUPTED.load(Ordering::SeqCst) {
            self.cancel.cancel();
        }
    }
}

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
        self.check_interrupt();
    }
}

#[cfg(unix)]
fn install_interrupt_handler() {
    extern "C" fn on_interrupt(_: libc::c_int) {
        // Only async-signal-safe work here: an atomic swap, and `_exit` on the second press.
        if INTERRUPTED.swap(true, Ordering::SeqCst) {
            unsafe { libc::_exit(130) };
        }
        const MSG: &[u8] =
            b"\ninterrupted: finishing the running task, then stopping (Ctrl-C again to quit now)\n";
        unsafe { libc::write(2, MSG.as_ptr().cast(), MSG.len()) };
    }
    let handler: extern "C" fn(libc::c_int) = on_interrupt;
    // SAFETY: installs a handler that only touches an atomic and calls async-signal-safe functions.
    unsafe { libc::signal(libc::SIGINT, handler as libc::sighandler_t) };
}

#[cfg(not(unix))]
fn install_interrupt_handler() {}
