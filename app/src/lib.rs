//! Hearth's browser app: the whole MLOps lifecycle in one tab, over the same core as the CLI.

mod browser_api;
mod browser_host;
mod champion;
mod charts;
mod dag_layout;
mod dag_view;
mod data_import;
mod data_job;
mod data_page;
mod data_versions;
mod deploy_ops;
mod deploy_page;
mod diff_view;
mod download;
mod drift_view;
mod edge_settings;
mod experiments_page;
mod fetch_edge;
mod fetch_remote;
mod histogram_chart;
mod idb_snapshot;
mod idb_store;
mod live_run;
mod models_page;
mod monitor_job;
mod monitor_store;
mod monitoring_page;
mod overview_page;
mod page;
mod pipeline_job;
mod pipeline_page;
mod pipeline_run;
mod predict_form;
mod predict_page;
mod profile_view;
mod run_format;
mod run_predictions;
mod runs_grid;
mod settings_page;
mod shell;
mod signing_key;
mod stored_run;
mod sync_format;
mod sync_page;
mod sync_settings;
mod task_logs;
mod task_status;
mod worker_call;
mod workspace_file;

pub mod sync_job;
pub mod worker_jobs;
pub mod worker_protocol;

pub use browser_api::{mark, register_service_worker};
pub use idb_store::IdbStore;
pub use page::Page;
pub use pipeline_job::run_default_pipeline;
pub use shell::App;

/// The `performance` mark set right after the shell's first render (`tests/browser/perf.mjs`
/// measures time to interactive from it).
pub const MOUNTED_MARK: &str = "hearth:mounted";

/// Name of the IndexedDB database holding the browser workspace.
pub const DATABASE: &str = "hearth";
