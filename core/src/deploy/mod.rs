//! GitOps deployments: the desired state of each environment lives in a TOML manifest under the
//! workspace's `deploy/` folder, a lock file pins what every alias resolved to, and a reconciler makes
//! the edge match — idempotently (nothing to do is a normal outcome), verifiably (health and a smoke
//! prediction after every switch) and reversibly (automatic rollback when verification fails).
//!
//! Pure logic only: the edge is reached through the small async [`Edge`] trait, which the CLI
//! implements over native HTTP and the web app over `fetch`, so both run this exact algorithm.
//!
//! - [`manifest`]: `deploy/<env>.toml`, validated into types that cannot hold a wrong state.
//! - [`lock`]: `deploy/hearth.lock`, the last applied state of each environment.
//! - [`resolve`]: manifest → exact versions and bundles, through the registry; gates checked.
//! - [`plan`]: desired vs observed → typed actions; drift = observed ≠ the lock's applied state.
//! - [`reconcile`]: upload, compare-and-swap switch, verify, roll back.
//! - [`admin_api`]: the admin API's answers as every client reads them.

pub mod admin_api;
pub mod edge;
pub mod gates;
pub mod lock;
pub mod manifest;
pub mod plan;
pub mod reconcile;
pub mod resolve;

pub use edge::{CanaryRecord, DeployRequest, Edge, EdgeDeployment, EdgeError, HistoryEntry, SmokeAnswer};
pub use gates::GateRefusal;
pub use lock::{LockEntry, LockFile};
pub use manifest::{Canary, HealthCheck, Manifest, ManifestError, Selector, Share};
pub use plan::{plan, Action, Drift, Plan, Slot};
pub use reconcile::{apply, Applied, ApplyError, Verification};
pub use resolve::{resolve, Desired, ResolveError, Resolved, Target};
