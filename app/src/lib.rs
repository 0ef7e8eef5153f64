//! Hearth's browser app: the whole MLOps lifecycle in one tab, over the same core as the CLI.

mod browser_api;
mod browser_host;
mod charts;
mod data_page;
mod experiments_page;
mod idb_snapshot;
mod idb_store;
mod models_page;
mod overview_page;
mod page;
mod pipeline_job;
mod pipeline_page;
mod pipeline_run;
mod run_format;
mod run_predictions;
mod settings_page;
mod shell;
mod signing_key;
mod stored_run;
pub mod worker_protocol;
mod workspace_file;

pub use browser_api::register_service_worker;
pub use idb_store::IdbStore;
pub use page::Page;
pub use pipeline_job::run_default_pipeline;
pub use shell::App;

/// Name of the IndexedDB database holding the browser workspace.
pub const DATABASE: &str = "hearth";
