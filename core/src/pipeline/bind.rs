//! Binding a validated definition to task implementations: every task name resolves, and every
//! declared input is produced by exactly one upstream task. After this, the executor trusts the graph.

use super::definition::PipelineDefinition;
use super::task::Task;
use std::collections::BTreeMap;

/// Task implementations by the name definitions refer to them with (`uses`).
#[derive(Default)]
pub struct TaskCatalog<'t> {
    tasks: BTreeMap<String, Box<dyn Task + 't>>,
}

impl<'t> TaskCatalog<'t> {
    /// An empty catalog.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) the implementation called `name`.
    pub fn with(mut self, name: impl Into<String>, task: impl Task + 't) -> Self {
        self.tasks.insert(name.into(), Box::new(task));
        self
    }

    /// The implementation called `name`.
    pub fn get(&self, name: &str) -> Option<&(dyn Task + 't)> {
        self.tasks.get(name).map(|b| b.as_ref())
    }

    /// Names of all implementations, sorted.
    pub fn names(&self) -> Vec<&str> {
        self.tasks.keys().map(String::as_str).collect()
    }
}

/// Why a definition does not fit the available tasks.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum BindError {
    /// The definition uses a task implementation the catalog does not have.
    #[error("task `{task}` uses `{uses}`, which is not a known task (known: {known})")]
    UnknownTask {
        /// Task name in the definition.
        task: String,
        /// The unknown implementation name.
        uses: String,
        /// Known names, comma-separated.
        known: String,
    },
    /// No task produces an input.
    #[error("task `{task}` needs `{input}`, but no task of the pipeline produces it")]
    MissingInput {
        /// The consumer.
        task: String,
        /// The artefact.
        input: String,
    },
    /// The producer of an input does not run before the consumer.
    #[error("task `{task}` needs `{input}` from `{producer}`, but does not run after it: add `{producer}` to its `after`")]
    InputNotUpstream {
        /// The consumer.
        task: String,
        /// The artefact.
        input: String,
        /// Its producer.
        producer: String,
    },
    /// Two tasks produce the same artefact.
    #[error("artefact `{artifact}` is produced by both `{first}` and `{second}`")]
    DuplicateOutput {
        /// The artefact.
        artifact: String,
        /// First producer.
        first: String,
        /// Second producer.
        second: String,
    },
}

/// A definition whose tasks all resolve and whose data flow follows its dependencies.
pub struct Pipeline<'t> {
    definition: PipelineDefinition,
    catalog: TaskCatalog<'t>,
    producers: BTreeMap<&'static str, String>,
}

impl<'t> Pipeline<'t> {
    /// Checks `definition` against `catalog`.
    pub fn bind(definition: PipelineDefinition, catalog: TaskCatalog<'t>) -> Result<Self, BindError> {
        let mut producers: BTreeMap<&'static str, String> = BTreeMap::new();
        for t in &definition.tasks {
            let imp = catalog.get(&t.uses).ok_or_else(|| BindError::UnknownTask {
                task: t.name.clone(),
                uses: t.uses.clone(),
                known: catalog.names().join(", "),
            })?;
            for out in imp.outputs() {
                if let Some(first) = producers.insert(out, t.name.clone()) {
                    return Err(BindError::DuplicateOutput {
                        artifact: out.to_string(),
                        first,
                        second: t.name.clone(),
                    });
                }
            }
        }
        for t in &definition.tasks {
            let imp = catalog.get(&t.uses).expect("checked above");
            for input in imp.inputs() {
                let producer = producers.get(input).ok_or_else(|| BindError::MissingInput {
                    task: t.name.clone(),
                    input: input.to_string(),
                })?;
                if !definition.is_upstream(producer, &t.name) {
                    return Err(BindError::InputNotUpstream {
                        task: t.name.clone(),
                        input: input.to_string(),
                        producer: producer.clone(),
                    });
                }
            }
        }
        Ok(Pipeline { definition, catalog, producers })
    }

    /// The validated definition.
    pub fn definition(&self) -> &PipelineDefinition {
        &self.definition
    }

    /// The implementation behind task `uses`.
    pub(crate) fn implementation(&self, uses: &str) -> &(dyn Task + 't) {
        self.catalog.get(uses).expect("bound pipelines only name known tasks")
    }

    /// Which task produces artefact `name`.
    pub fn producer(&self, name: &str) -> Option<&str> {
        self.producers.get(name).map(String::as_str)
    }
}
