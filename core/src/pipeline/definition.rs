//! Pipeline definitions: parsed from TOML once, validated at the boundary (names, dependencies,
//! cycles), then trusted. The validated form has a canonical hash that every run snapshots.
//!
//! ```toml
//! [pipeline]
//! name = "house-prices"
//!
//! [defaults]                 # optional; applies to every task unless the task overrides it
//! retries = 1
//! retry_delay_ms = 1000
//! max_retry_delay_ms = 60000
//! trigger_rule = "all_success"
//!
//! [params]                   # optional; visible to every task, task params override them
//! seed = 42
//!
//! [[tasks]]
//! name = "split"             # unique; [a-z0-9_-]
//! uses = "split"             # optional: which implementation runs it (defaults to `name`)
//! after = ["validate"]       # upstream tasks
//! params = { train = 0.64, validation = 0.16, test = 0.20 }
//! ```

use super::retry::RetryPolicy;
use super::trigger::TriggerRule;
use crate::registry::canonical::{sha256_hex, to_canonical_json};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The definition Hearth uses when the caller supplies none: the house-price training pipeline.
pub const DEFAULT_DEFINITION_TOML: &str = include_str!("default.toml");

/// Why a pipeline definition was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DefinitionError {
    /// The text is not valid TOML or has the wrong shape.
    #[error("pipeline definition is not valid: {0}")]
    Syntax(String),
    /// A name is empty or uses characters outside `[a-z0-9_-]`.
    #[error("{what} name `{name}` is invalid: use lower-case letters, digits, `_` and `-`")]
    BadName {
        /// "pipeline" or "task".
        what: &'static str,
        /// The offending name.
        name: String,
    },
    /// The definition has no tasks.
    #[error("pipeline `{0}` has no tasks")]
    NoTasks(String),
    /// Two tasks share a name.
    #[error("task `{0}` is defined twice")]
    DuplicateTask(String),
    /// A task waits for a task that does not exist.
    #[error("task `{task}` runs after `{missing}`, which is not a task of this pipeline (tasks: {known})")]
    MissingDependency {
        /// The task naming the dependency.
        task: String,
        /// The unknown dependency.
        missing: String,
        /// The tasks that do exist, comma-separated.
        known: String,
    },
    /// Dependencies form a cycle.
    #[error("tasks depend on each other in a cycle: {}", .0.join(" → "))]
    Cycle(Vec<String>),
    /// A task parameter is a kind of value Hearth cannot hash canonically (e.g. a TOML datetime).
    #[error("task `{task}` parameter `{param}`: {reason}")]
    BadParam {
        /// The task (or `*` for pipeline-wide params).
        task: String,
        /// The parameter.
        param: String,
        /// What is wrong.
        reason: String,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDefinition {
    pipeline: RawHeader,
    #[serde(default)]
    defaults: RawDefaults,
    #[serde(default)]
    params: toml::Table,
    #[serde(default)]
    tasks: Vec<RawTask>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    name: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDefaults {
    retries: Option<u32>,
    retry_delay_ms: Option<u64>,
    max_retry_delay_ms: Option<u64>,
    trigger_rule: Option<TriggerRule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTask {
    name: String,
    uses: Option<String>,
    #[serde(default)]
    after: Vec<String>,
    trigger_rule: Option<TriggerRule>,
    retries: Option<u32>,
    retry_delay_ms: Option<u64>,
    max_retry_delay_ms: Option<u64>,
    #[serde(default)]
    params: toml::Table,
}

/// One validated task of a pipeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskDefinition {
    /// Unique name within the pipeline.
    pub name: String,
    /// Which implementation runs it (a key of the caller's task catalog).
    pub uses: String,
    /// Direct upstream tasks, sorted.
    pub after: Vec<String>,
    /// When it may run given its upstream states.
    pub trigger_rule: TriggerRule,
    /// Retries and backoff.
    pub retry: RetryPolicy,
    /// Effective parameters: pipeline-wide params overridden by the task's own.
    pub params: BTreeMap<String, Value>,
}

/// A validated pipeline: acyclic, every dependency known, tasks in execution order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PipelineDefinition {
    /// Pipeline name.
    pub name: String,
    /// Tasks in a deterministic topological order (ties keep definition order).
    pub tasks: Vec<TaskDefinition>,
}

impl PipelineDefinition {
    /// Parses and validates a TOML definition.
    pub fn from_toml(text: &str) -> Result<Self, DefinitionError> {
        let raw: RawDefinition = toml::from_str(text).map_err(|e| DefinitionError::Syntax(e.to_string()))?;
        Self::validate(raw)
    }

    /// The built-in default pipeline.
    pub fn default_pipeline() -> Self {
        Self::from_toml(DEFAULT_DEFINITION_TOML).expect("the built-in pipeline definition is valid")
    }

    /// Canonical JSON of the validated definition: what gets snapshotted and hashed. Formatting,
    /// comments and key order of the TOML do not change it; any semantic change does.
    pub fn canonical_bytes(&self) -> Vec<u8> {
        to_canonical_json(self).expect("definitions contain only JSON-representable values")
    }

    /// SHA-256 of [`canonical_bytes`](Self::canonical_bytes), hex.
    pub fn hash(&self) -> String {
        sha256_hex(&self.canonical_bytes())
    }

    /// The task called `name`.
    pub fn task(&self, name: &str) -> Option<&TaskDefinition> {
        self.tasks.iter().find(|t| t.name == name)
    }

    /// Whether `ancestor` is a (transitive) upstream task of `task`.
    pub fn is_upstream(&self, ancestor: &str, task: &str) -> bool {
        let mut stack = vec![task];
        let mut seen = BTreeSet::new();
        while let Some(t) = stack.pop() {
            let Some(def) = self.task(t) else { continue };
            for a in &def.after {
                if a == ancestor {
                    return true;
                }
                if seen.insert(a.as_str()) {
                    stack.push(a);
                }
            }
        }
        false
    }

    fn validate(raw: RawDefinition) -> Result<Self, DefinitionError> {
        check_name("pipeline", &raw.pipeline.name)?;
        if raw.tasks.is_empty() {
            return Err(DefinitionError::NoTasks(raw.pipeline.name));
        }
        let shared = convert_params("*", raw.params)?;
        let base = RetryPolicy::default();
        let mut tasks = Vec::with_capacity(raw.tasks.len());
        let mut names = BTreeSet::new();
        for t in &raw.tasks {
            check_name("task", &t.name)?;
            if !names.insert(t.name.clone()) {
                return Err(DefinitionError::DuplicateTask(t.name.clone()));
            }
        }
        for t in raw.tasks {
            for dep in &t.after {
                if !names.contains(dep) {
                    return Err(DefinitionError::MissingDependency {
                        task: t.name.clone(),
                        missing: dep.clone(),
                        known: names.iter().cloned().collect::<Vec<_>>().join(", "),
                    });
                }
            }
            let mut params = shared.clone();
            params.extend(convert_params(&t.name, t.params)?);
            let mut after = t.after;
            after.sort();
            after.dedup();
            let d = &raw.defaults;
            tasks.push(TaskDefinition {
                uses: t.uses.unwrap_or_else(|| t.name.clone()),
                name: t.name,
                after,
                trigger_rule: t.trigger_rule.or(d.trigger_rule).unwrap_or_default(),
                retry: RetryPolicy {
                    retries: t.retries.or(d.retries).unwrap_or(base.retries),
                    delay_ms: t.retry_delay_ms.or(d.retry_delay_ms).unwrap_or(base.delay_ms),
                    max_delay_ms: t.max_retry_delay_ms.or(d.max_retry_delay_ms).unwrap_or(base.max_delay_ms),
                },
                params,
            });
        }
        let tasks = topological_order(tasks)?;
        Ok(PipelineDefinition { name: raw.pipeline.name, tasks })
    }
}

fn check_name(what: &'static str, name: &str) -> Result<(), DefinitionError> {
    let ok = !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(DefinitionError::BadName { what, name: name.to_string() })
    }
}

fn convert_params(task: &str, table: toml::Table) -> Result<BTreeMap<String, Value>, DefinitionError> {
    table
        .into_iter()
        .map(|(k, v)| {
            let bad =
                |reason: String| DefinitionError::BadParam { task: task.into(), param: k.clone(), reason };
            if contains_datetime(&v) {
                return Err(bad("dates are not supported as parameters; use a string".into()));
            }
            let json = serde_json::to_value(&v).map_err(|e| bad(e.to_string()))?;
            Ok((k, json))
        })
        .collect()
}

fn contains_datetime(v: &toml::Value) -> bool {
    match v {
        toml::Value::Datetime(_) => true,
        toml::Value::Array(a) => a.iter().any(contains_datetime),
        toml::Value::Table(t) => t.values().any(contains_datetime),
        _ => false,
    }
}

/// Kahn's algorithm, always picking the earliest-defined ready task, so the order is deterministic
/// and matches the file where dependencies allow. On a cycle, reports one cycle's path.
fn topological_order(tasks: Vec<TaskDefinition>) -> Result<Vec<TaskDefinition>, DefinitionError> {
    let index: BTreeMap<&str, usize> = tasks.iter().enumerate().map(|(i, t)| (t.name.as_str(), i)).collect();
    let mut indegree: Vec<usize> = tasks.iter().map(|t| t.after.len()).collect();
    let mut downstream: Vec<Vec<usize>> = vec![Vec::new(); tasks.len()];
    for (i, t) in tasks.iter().enumerate() {
        for a in &t.after {
            downstream[index[a.as_str()]].push(i);
        }
    }
    let mut ready: BTreeSet<usize> = (0..tasks.len()).filter(|&i| indegree[i] == 0).collect();
    let mut order = Vec::with_capacity(tasks.len());
    while let Some(i) = ready.pop_first() {
        order.push(i);
        for &d in &downstream[i] {
            indegree[d] -= 1;
            if indegree[d] == 0 {
                ready.insert(d);
            }
        }
    }
    if order.len() < tasks.len() {
        return Err(DefinitionError::Cycle(find_cycle(&tasks, &index, &indegree)));
    }
    let mut slots: Vec<Option<TaskDefinition>> = tasks.into_iter().map(Some).collect();
    Ok(order.into_iter().map(|i| slots[i].take().expect("each index once")).collect())
}

/// Walks `after` edges among the tasks Kahn could not order; every such task has an unordered
/// upstream, so the walk must revisit a task, and the revisited stretch is a cycle.
fn find_cycle(tasks: &[TaskDefinition], index: &BTreeMap<&str, usize>, indegree: &[usize]) -> Vec<String> {
    let stuck = |i: usize| indegree[i] > 0;
    let start = (0..tasks.len()).find(|&i| stuck(i)).expect("a cycle leaves some task unordered");
    let mut path = vec![start];
    let mut current = start;
    loop {
        let next = tasks[current]
            .after
            .iter()
            .map(|a| index[a.as_str()])
            .find(|&j| stuck(j))
            .expect("an unordered task has an unordered upstream");
        if let Some(pos) = path.iter().position(|&p| p == next) {
            // `path` follows "runs after" edges; reverse it so the report reads in execution order.
            // Then start at the earliest-defined task, so the same cycle is always told the same way.
            let mut cycle: Vec<usize> = path[pos..].to_vec();
            cycle.reverse();
            let first = cycle.iter().enumerate().min_by_key(|(_, &i)| i).map(|(p, _)| p).unwrap_or(0);
            cycle.rotate_left(first);
            cycle.push(cycle[0]);
            return cycle.into_iter().map(|i| tasks[i].name.clone()).collect();
        }
        path.push(next);
        current = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIAMOND: &str = r#"
        [pipeline]
        name = "diamond"
        [params]
        seed = 7
        [[tasks]]
        name = "join"
        after = ["left", "right"]
        [[tasks]]
        name = "right"
        after = ["source"]
        params = { seed = 9 }
        [[tasks]]
        name = "left"
        after = ["source"]
        [[tasks]]
        name = "source"
    "#;

    #[test]
    fn tasks_are_ordered_so_every_task_follows_its_dependencies() {
        let def = PipelineDefinition::from_toml(DIAMOND).unwrap();
        let names: Vec<&str> = def.tasks.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, vec!["source", "right", "left", "join"]);
        assert!(def.is_upstream("source", "join"));
        assert!(!def.is_upstream("left", "right"));
    }

    #[test]
    fn task_params_override_pipeline_params() {
        let def = PipelineDefinition::from_toml(DIAMOND).unwrap();
        assert_eq!(def.task("right").unwrap().params["seed"], serde_json::json!(9));
        assert_eq!(def.task("left").unwrap().params["seed"], serde_json::json!(7));
    }

    #[test]
    fn a_cycle_is_reported_with_its_path() {
        let text = r#"
            [pipeline]
            name = "loop"
            [[tasks]]
            name = "a"
            after = ["c"]
            [[tasks]]
            name = "b"
            after = ["a"]
            [[tasks]]
            name = "c"
            after = ["b"]
            [[tasks]]
            name = "free"
        "#;
        let err = PipelineDefinition::from_toml(text).unwrap_err();
        assert_eq!(err, DefinitionError::Cycle(vec!["a".into(), "b".into(), "c".into(), "a".into()]));
        assert_eq!(err.to_string(), "tasks depend on each other in a cycle: a → b → c → a");
    }

    #[test]
    fn a_self_dependency_is_a_cycle() {
        let text = "[pipeline]\nname = \"p\"\n[[tasks]]\nname = \"a\"\nafter = [\"a\"]\n";
        assert_eq!(
            PipelineDefinition::from_toml(text).unwrap_err(),
            DefinitionError::Cycle(vec!["a".into(), "a".into()])
        );
    }

    #[test]
    fn a_missing_dependency_names_the_task_and_the_known_tasks() {
        let text = "[pipeline]\nname = \"p\"\n[[tasks]]\nname = \"train\"\nafter = [\"splt\"]\n[[tasks]]\nname = \"split\"\n";
        let err = PipelineDefinition::from_toml(text).unwrap_err();
        assert_eq!(
            err.to_string(),
            "task `train` runs after `splt`, which is not a task of this pipeline (tasks: split, train)"
        );
    }

    #[test]
    fn duplicate_names_unknown_keys_and_bad_rules_are_refused() {
        let dup = "[pipeline]\nname = \"p\"\n[[tasks]]\nname = \"a\"\n[[tasks]]\nname = \"a\"\n";
        assert_eq!(
            PipelineDefinition::from_toml(dup).unwrap_err(),
            DefinitionError::DuplicateTask("a".into())
        );
        let typo = "[pipeline]\nname = \"p\"\n[[tasks]]\nname = \"a\"\nretires = 3\n";
        let err = PipelineDefinition::from_toml(typo).unwrap_err().to_string();
        assert!(err.contains("retires"), "{err}");
        let rule = "[pipeline]\nname = \"p\"\n[[tasks]]\nname = \"a\"\ntrigger_rule = \"sometimes\"\n";
        let err = PipelineDefinition::from_toml(rule).unwrap_err().to_string();
        assert!(err.contains("sometimes"), "{err}");
        let name = "[pipeline]\nname = \"P Q\"\n[[tasks]]\nname = \"a\"\n";
        assert!(matches!(PipelineDefinition::from_toml(name), Err(DefinitionError::BadName { .. })));
    }

    #[test]
    fn hash_ignores_formatting_but_not_meaning() {
        let a = PipelineDefinition::from_toml(DIAMOND).unwrap();
        let reformatted = DIAMOND.replace("seed = 7", "seed    =   7   # the seed");
        assert_eq!(a.hash(), PipelineDefinition::from_toml(&reformatted).unwrap().hash());
        let changed = DIAMOND.replace("seed = 7", "seed = 8");
        assert_ne!(a.hash(), PipelineDefinition::from_toml(&changed).unwrap().hash());
    }

    #[test]
    fn defaults_apply_unless_a_task_overrides_them() {
        let text = r#"
            [pipeline]
            name = "p"
            [defaults]
            retries = 3
            trigger_rule = "all_done"
            [[tasks]]
            name = "a"
            [[tasks]]
            name = "b"
            retries = 0
        "#;
        let def = PipelineDefinition::from_toml(text).unwrap();
        assert_eq!(def.task("a").unwrap().retry.retries, 3);
        assert_eq!(def.task("b").unwrap().retry.retries, 0);
        assert_eq!(def.task("b").unwrap().trigger_rule, TriggerRule::AllDone);
    }

    #[test]
    fn the_built_in_definition_is_valid() {
        let def = PipelineDefinition::default_pipeline();
        assert!(!def.tasks.is_empty());
    }
}
