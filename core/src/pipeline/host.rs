//! What the executor needs from its host — time, waiting, cancellation — as small traits, so the same
//! engine runs under a CLI, in a browser Web Worker (`setTimeout`) and in tests (simulated time).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// Wall-clock time supplied by the caller (core reads no clock).
pub trait Clock {
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> u64;
}

/// Waiting, supplied by the caller: core computes retry delays, the host sleeps.
#[allow(async_fn_in_trait)]
pub trait Timer {
    /// Resolves after `ms` milliseconds.
    async fn sleep(&self, ms: u64);
    /// Gives the host a chance to render or handle messages (e.g. a cancel click) between tasks.
    async fn yield_now(&self) {
        self.sleep(0).await
    }
}

/// A shared flag the host sets to stop a run; checked between tasks and after retry waits.
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Rc<Cell<bool>>);

impl CancelToken {
    /// A token not yet cancelled.
    pub fn new() -> Self {
        Self::default()
    }

    /// Requests cancellation; tasks not yet started will not start.
    pub fn cancel(&self) {
        self.0.set(true)
    }

    /// Whether cancellation was requested.
    pub fn is_cancelled(&self) -> bool {
        self.0.get()
    }
}

/// A clock and timer in simulated time: sleeping advances the clock instantly and is recorded.
/// For tests and deterministic replays; real hosts use wall-clock time.
#[derive(Debug, Clone, Default)]
pub struct SimulatedTime {
    now: Rc<Cell<u64>>,
    sleeps: Rc<RefCell<Vec<u64>>>,
}

impl SimulatedTime {
    /// Starts at `start_ms`.
    pub fn starting_at(start_ms: u64) -> Self {
        let t = Self::default();
        t.now.set(start_ms);
        t
    }

    /// Moves the clock forward, as if work took `ms`.
    pub fn advance(&self, ms: u64) {
        self.now.set(self.now.get().saturating_add(ms));
    }

    /// Every non-zero sleep requested so far, in order.
    pub fn sleeps(&self) -> Vec<u64> {
        self.sleeps.borrow().clone()
    }
}

impl Clock for SimulatedTime {
    fn now_ms(&self) -> u64 {
        self.now.get()
    }
}

impl Timer for SimulatedTime {
    async fn sleep(&self, ms: u64) {
        if ms > 0 {
            self.sleeps.borrow_mut().push(ms);
            self.advance(ms);
        }
    }
}

/// Drives a future whose every await completes immediately — the memory store, [`SimulatedTime`],
/// or a native host whose store and timer block — to its output, with no async runtime.
///
/// # Panics
/// If the future stays pending (it waits on something only a real executor could wake): use the
/// host's executor (`wasm-bindgen-futures`, tokio...) for such futures.
pub fn block_on_ready<F: std::future::Future>(future: F) -> F::Output {
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    let mut future = std::pin::pin!(future);
    // A few polls tolerate futures that yield once (e.g. `yield_now` implementations returning
    // Pending after waking themselves); a future that never completes is a host bug worth a panic.
    for _ in 0..1_000 {
        if let std::task::Poll::Ready(v) = future.as_mut().poll(&mut cx) {
            return v;
        }
    }
    panic!("block_on_ready: the future is still pending after 1000 polls; it needs a real executor")
}
