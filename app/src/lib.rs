//! Hearth's browser app: the whole MLOps lifecycle in one tab, over the same core as the CLI.

mod data_page;
mod idb_store;
mod page;
mod shell;

pub use idb_store::IdbStore;
pub use page::Page;
pub use shell::App;

/// Name of the IndexedDB database holding the browser workspace.
pub const DATABASE: &str = "hearth";
