//! The task DAG: states, trigger rules, retries, per-try logs, step caching and progress events.
//!
//! A pipeline is a TOML [`PipelineDefinition`] (validated once: names, dependencies, cycles) bound to
//! [`Task`] implementations from a [`TaskCatalog`] (checked: every task known, every input produced
//! upstream). The [`Executor`] runs it sequentially on the caller's async executor — no threads, so
//! it works in a browser Web Worker — with time, waiting and cancellation supplied by the host
//! ([`Clock`], [`Timer`], [`CancelToken`]) and progress reported as [`Event`]s. A task whose cache
//! key (name, params, input hashes, code version) matches a stored entry is skipped and its outputs
//! reused, as `dvc repro` does.

mod bind;
pub mod cache;
mod definition;
mod events;
mod executor;
mod host;
mod report;
mod retry;
mod run_artifacts;
mod state;
mod task;
mod tracked;
pub mod training;
mod trigger;

pub use bind::{BindError, Pipeline, TaskCatalog};
pub use definition::{DefinitionError, PipelineDefinition, TaskDefinition, DEFAULT_DEFINITION_TOML};
pub use events::{Event, EventSink, NoEvents};
pub use executor::{Executor, ExecutorError};
pub use host::{block_on_ready, CancelToken, Clock, SimulatedTime, Timer};
pub use report::{RunOutcome, RunReport, TaskReport, TryLog};
pub use retry::RetryPolicy;
pub use run_artifacts::{artifact_of_run, artifact_tags, load_artifact_as, ARTIFACT_TAG_PREFIX};
pub use state::{Finished, Queued, Running, SkipReason, TaskState, UpForRetry};
pub use task::{Artifact, ArtifactBytes, Task, TaskContext, TaskError, TaskFuture};
pub use tracked::{run_tracked, RunLabels, TrackedRunError};
pub use trigger::{TriggerRule, Verdict};
