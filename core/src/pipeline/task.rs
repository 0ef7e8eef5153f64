//! What a pipeline step is: a [`Task`] with declared, typed inputs and outputs, run through a
//! [`TaskContext`] that hands it parameters and upstream artefacts and collects its outputs and logs.

use super::events::{Event, EventSink};
use crate::registry::canonical::to_canonical_json;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;

/// The future a task's `run` returns. Not `Send`: tasks run on the caller's single thread.
pub type TaskFuture<'a> = Pin<Box<dyn Future<Output = Result<(), TaskError>> + 'a>>;

/// A named artefact carrying a `T`, serialised as canonical JSON between tasks and in the cache.
/// Declaring artefacts as typed constants lets the producer and consumers agree on the type.
pub struct Artifact<T> {
    name: &'static str,
    _type: PhantomData<fn() -> T>,
}

impl<T> Artifact<T> {
    /// Declares an artefact name.
    pub const fn new(name: &'static str) -> Self {
        Artifact { name, _type: PhantomData }
    }

    /// Its name.
    pub const fn name(&self) -> &'static str {
        self.name
    }
}

/// How a task's try ended when it did not succeed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TaskError {
    /// May succeed if tried again (e.g. a storage hiccup): retried per the task's policy.
    #[error("{0}")]
    Transient(String),
    /// Will fail the same way again (bad data, bad parameters, a bug): no retries.
    #[error("{0}")]
    Fatal(String),
    /// Not a failure: the task decided there is nothing to do (Airflow's `AirflowSkipException`).
    /// The task ends `skipped` and so do downstream tasks under `all_success`.
    #[error("skipped: {0}")]
    Skip(String),
}

impl TaskError {
    /// A retryable failure.
    pub fn transient(msg: impl std::fmt::Display) -> Self {
        TaskError::Transient(msg.to_string())
    }

    /// A failure retries cannot fix.
    pub fn fatal(msg: impl std::fmt::Display) -> Self {
        TaskError::Fatal(msg.to_string())
    }

    /// A deliberate skip.
    pub fn skip(msg: impl std::fmt::Display) -> Self {
        TaskError::Skip(msg.to_string())
    }
}

/// One step's implementation. Parameters come from the definition; inputs and outputs are artefact
/// names that the definition's dependency graph must connect (checked when binding).
pub trait Task {
    /// Artefacts this task reads, produced by upstream tasks.
    fn inputs(&self) -> Vec<&'static str>;
    /// Artefacts this task must produce on success.
    fn outputs(&self) -> Vec<&'static str>;
    /// Version of the implementation; part of the cache key, so bump it when behaviour changes.
    fn code_version(&self) -> String;
    /// Whether outputs may be reused from the cache. Tasks with side effects outside their outputs
    /// (registering, promoting) or whose result depends on mutable state (resolving `latest`) say no.
    fn cacheable(&self) -> bool {
        true
    }
    /// Runs one try.
    fn run<'a>(&'a self, ctx: &'a mut TaskContext<'_>) -> TaskFuture<'a>;
}

/// An artefact's bytes and content hash, shared cheaply between tasks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArtifactBytes {
    /// SHA-256 of `bytes`, hex.
    pub hash: String,
    /// Canonical JSON.
    pub bytes: Rc<[u8]>,
}

/// What a running try can see and do.
pub struct TaskContext<'a> {
    pub(crate) run_id: &'a str,
    pub(crate) task: &'a str,
    pub(crate) try_number: u32,
    pub(crate) params: &'a BTreeMap<String, Value>,
    pub(crate) inputs: BTreeMap<&'static str, Result<ArtifactBytes, String>>,
    pub(crate) declared_outputs: Vec<&'static str>,
    pub(crate) outputs: BTreeMap<&'static str, Vec<u8>>,
    pub(crate) lines: Vec<String>,
    pub(crate) events: &'a mut dyn EventSink,
}

impl TaskContext<'_> {
    /// The run this try belongs to.
    pub fn run_id(&self) -> &str {
        self.run_id
    }

    /// The task's name in the definition.
    pub fn task_name(&self) -> &str {
        self.task
    }

    /// 1-based try number.
    pub fn try_number(&self) -> u32 {
        self.try_number
    }

    /// All effective parameters.
    pub fn params(&self) -> &BTreeMap<String, Value> {
        self.params
    }

    /// Parameter `name` as a `T`; a missing or mistyped parameter is a fatal error naming it.
    pub fn param<T: DeserializeOwned>(&self, name: &str) -> Result<T, TaskError> {
        let v = self
            .params
            .get(name)
            .ok_or_else(|| TaskError::fatal(format!("task `{}` needs parameter `{name}`", self.task)))?;
        serde_json::from_value(v.clone())
            .map_err(|e| TaskError::fatal(format!("task `{}` parameter `{name}` = {v}: {e}", self.task)))
    }

    /// Parameter `name`, or `default` when absent.
    pub fn param_or<T: DeserializeOwned>(&self, name: &str, default: T) -> Result<T, TaskError> {
        if self.params.contains_key(name) {
            self.param(name)
        } else {
            Ok(default)
        }
    }

    /// Reads a declared input.
    pub fn input<T: DeserializeOwned>(&self, artifact: &Artifact<T>) -> Result<T, TaskError> {
        let bytes = self.input_bytes(artifact.name)?;
        serde_json::from_slice(&bytes.bytes).map_err(|e| {
            TaskError::fatal(format!(
                "task `{}`: input `{}` has an unexpected shape: {e}",
                self.task, artifact.name
            ))
        })
    }

    /// A declared input's raw bytes and hash.
    pub fn input_bytes(&self, name: &str) -> Result<&ArtifactBytes, TaskError> {
        match self.inputs.get(name) {
            Some(Ok(a)) => Ok(a),
            Some(Err(why)) => {
                Err(TaskError::fatal(format!("task `{}`: input `{name}` is unavailable: {why}", self.task)))
            }
            None => Err(TaskError::fatal(format!(
                "task `{}` reads `{name}` without declaring it as an input",
                self.task
            ))),
        }
    }

    /// Records a declared output.
    pub fn output<T: Serialize>(&mut self, artifact: &Artifact<T>, value: &T) -> Result<(), TaskError> {
        if !self.declared_outputs.contains(&artifact.name) {
            return Err(TaskError::fatal(format!(
                "task `{}` writes `{}` without declaring it as an output",
                self.task, artifact.name
            )));
        }
        let bytes = to_canonical_json(value).map_err(|e| {
            TaskError::fatal(format!("task `{}`: output `{}`: {e}", self.task, artifact.name))
        })?;
        self.outputs.insert(artifact.name, bytes);
        Ok(())
    }

    /// Appends a line to this try's log and shows it live.
    pub fn log(&mut self, line: impl Into<String>) {
        let line = line.into();
        self.events.emit(&Event::Log {
            task: self.task.to_string(),
            try_number: self.try_number,
            line: line.clone(),
        });
        self.lines.push(line);
    }
}
