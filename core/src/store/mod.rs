//! Persistence behind one small async key-value trait with atomic multi-key commits.
//!
//! Core never touches a disk, a browser database or a network itself. Each front end supplies a
//! [`Store`]: memory (here, for tests and the edge isolate), filesystem (CLI), IndexedDB (app) and
//! KV/R2 (edge). Everything above is written once against this trait.

mod memory;

pub use memory::MemoryStore;

/// One change inside a [`Batch`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    /// Write `value` under `key`, replacing any previous value.
    Put {
        /// Key.
        key: String,
        /// New value.
        value: Vec<u8>,
    },
    /// Remove `key` (no error if absent).
    Delete {
        /// Key.
        key: String,
    },
}

/// A precondition checked atomically with the writes: the commit fails with
/// [`StoreError::Conflict`] unless `key` currently holds exactly `expected` (`None` = absent).
/// This is what lets two writers moving the same pointer (an alias, a tag) detect each other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expect {
    /// Key to check.
    pub key: String,
    /// Value it must hold.
    pub expected: Option<Vec<u8>>,
}

/// A set of writes applied all together or not at all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Batch {
    /// Preconditions.
    pub expect: Vec<Expect>,
    /// Writes, applied in order.
    pub ops: Vec<Op>,
}

impl Batch {
    /// An empty batch.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a put.
    pub fn put(mut self, key: impl Into<String>, value: impl Into<Vec<u8>>) -> Self {
        self.ops.push(Op::Put { key: key.into(), value: value.into() });
        self
    }

    /// Adds a delete.
    pub fn delete(mut self, key: impl Into<String>) -> Self {
        self.ops.push(Op::Delete { key: key.into() });
        self
    }

    /// Adds a precondition.
    pub fn expect(mut self, key: impl Into<String>, expected: Option<Vec<u8>>) -> Self {
        self.expect.push(Expect { key: key.into(), expected });
        self
    }
}

/// Why a store operation failed.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum StoreError {
    /// A precondition of the batch did not hold; nothing was written.
    #[error("conflict on `{key}`: it changed since it was read")]
    Conflict {
        /// The key whose value differed.
        key: String,
        /// What it holds now.
        current: Option<Vec<u8>>,
    },
    /// The backing storage is full (e.g. browser quota); nothing was written.
    #[error("storage is full: {0}")]
    QuotaExceeded(String),
    /// Any other backend failure, described for a human; nothing was written.
    #[error("storage failure: {0}")]
    Backend(String),
}

/// Async key-value storage with atomic batches. Keys are `/`-separated UTF-8 paths.
///
/// Futures are not required to be `Send`: the browser and the edge are single-threaded, and the
/// CLI drives its store on one thread.
#[allow(async_fn_in_trait)]
pub trait Store {
    /// The value under `key`, if any.
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError>;
    /// All keys starting with `prefix`, sorted.
    async fn list(&self, prefix: &str) -> Result<Vec<String>, StoreError>;
    /// Applies the batch atomically: after a failure the store is exactly as before.
    async fn commit(&self, batch: Batch) -> Result<(), StoreError>;
}
