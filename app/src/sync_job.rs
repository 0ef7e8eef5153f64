//! What the Web Worker does with a `Sync` request: core's `status`, `push` or `pull` between the
//! browser workspace (IndexedDB) and the team remote (over `fetch`), reporting progress after every
//! object. It runs in the worker because it reads every shared value of the workspace and hashes
//! what it downloads: on the page that would freeze the tab for a large dataset.

use hearth_core::sync::{self, Conflict, Progress, PullReport, PushReport, StatusReport, SyncError};
use serde::{Deserialize, Serialize};

use crate::fetch_remote::FetchRemote;
use crate::sync_settings::REMOTE_NAME;

/// Which sync step to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncAction {
    /// Compare only: what a push or a pull would transfer.
    Status,
    /// Send this workspace's objects, records and moved pointers.
    Push,
    /// Take the remote's.
    Pull,
}

/// Progress of a push or pull, as the page draws it (core's [`Progress`] without the key).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncTick {
    /// Objects transferred so far.
    pub objects_done: usize,
    /// Objects to transfer in all.
    pub objects_total: usize,
    /// Bytes transferred so far.
    pub bytes_done: u64,
    /// Bytes to transfer in all, when known (a push).
    pub bytes_total: Option<u64>,
}

impl From<&Progress<'_>> for SyncTick {
    fn from(p: &Progress<'_>) -> Self {
        SyncTick {
            objects_done: p.objects_done,
            objects_total: p.objects_total,
            bytes_done: p.bytes_done,
            bytes_total: p.bytes_total,
        }
    }
}

/// What a sync step came to; refusals the page explains differently keep their shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SyncOutcome {
    /// The comparison.
    Status {
        /// What differs.
        report: StatusReport,
    },
    /// The push went through.
    Pushed {
        /// What it sent.
        report: PushReport,
    },
    /// The pull went through.
    Pulled {
        /// What it took.
        report: PullReport,
    },
    /// The remote moved the same pointers: nothing was written there.
    Conflict {
        /// Each key with both values.
        conflicts: Vec<Conflict>,
    },
    /// The remote refused the token: 401 (unknown or revoked) or 403 (scope too small).
    Denied {
        /// HTTP status.
        status: u16,
        /// The remote's explanation.
        message: String,
    },
    /// Anything else (unreachable remote, storage, a corrupt download), in a user's words.
    Failed {
        /// What went wrong.
        message: String,
    },
}

impl From<SyncError> for SyncOutcome {
    fn from(e: SyncError) -> Self {
        match e {
            SyncError::Conflict(conflicts) => SyncOutcome::Conflict { conflicts },
            SyncError::Denied { status, message } => SyncOutcome::Denied { status, message },
            other => SyncOutcome::Failed { message: other.to_string() },
        }
    }
}

/// Runs `action` against the remote at `url` with `token`; `tick` hears the progress.
pub async fn run(action: SyncAction, url: &str, token: &str, tick: &mut dyn FnMut(SyncTick)) -> SyncOutcome {
    let store = match crate::worker_jobs::open_store().await {
        Ok(s) => s,
        Err(message) => return SyncOutcome::Failed { message },
    };
    let remote = FetchRemote::new(url, token);
    let mut progress = |p: &Progress| tick(SyncTick::from(p));
    let result = match action {
        SyncAction::Status => {
            sync::status(&store, &remote, REMOTE_NAME).await.map(|report| SyncOutcome::Status { report })
        }
        SyncAction::Push => sync::push(&store, &remote, REMOTE_NAME, &[], &mut progress)
            .await
            .map(|report| SyncOutcome::Pushed { report }),
        SyncAction::Pull => sync::pull(&store, &remote, REMOTE_NAME, &[], &mut progress)
            .await
            .map(|report| SyncOutcome::Pulled { report }),
    };
    result.unwrap_or_else(SyncOutcome::from)
}
