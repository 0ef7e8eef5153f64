//! `--param KEY=VALUE` overrides applied to a validated pipeline definition.

use crate::exit::{CliError, CliResult};
use hearth_core::pipeline::PipelineDefinition;
use serde_json::Value;

/// Applies `overrides`: `task.key=value` sets one task's param, `key=value` sets it on every task
/// (like the definition's `[params]` table). Values are JSON when they parse as JSON (numbers,
/// booleans, null, quoted strings), else plain strings. The run's definition hash covers them.
pub fn apply(definition: &mut PipelineDefinition, overrides: &[String]) -> CliResult {
    for o in overrides {
        let (key, raw) = o.split_once('=').ok_or_else(|| {
            CliError::invalid(format!("--param `{o}` is not KEY=VALUE (e.g. gate.min_r2=0.7)"))
        })?;
        let value = serde_json::from_str::<Value>(raw).unwrap_or_else(|_| Value::String(raw.to_string()));
        match key.split_once('.') {
            Some((task, param)) => {
                let names: Vec<&str> = definition.tasks.iter().map(|t| t.name.as_str()).collect();
                let names = names.join(", ");
                let t = definition.tasks.iter_mut().find(|t| t.name == task).ok_or_else(|| {
                    CliError::invalid(format!(
                        "--param `{o}`: the pipeline has no task `{task}` (tasks: {names})"
                    ))
                })?;
                t.params.insert(param.to_string(), value);
            }
            None => {
                for t in &mut definition.tasks {
                    t.params.insert(key.to_string(), value.clone());
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn task_params_and_pipeline_params_are_overridden_with_typed_values() {
        let mut def = PipelineDefinition::default_pipeline();
        apply(&mut def, &["gate.min_r2=0.99".into(), "seed=7".into(), "model=houses".into()]).unwrap();
        assert_eq!(def.task("gate").unwrap().params["min_r2"], serde_json::json!(0.99));
        assert!(def.tasks.iter().all(|t| t.params["seed"] == serde_json::json!(7)));
        assert_eq!(def.task("register").unwrap().params["model"], serde_json::json!("houses"));
    }

    #[test]
    fn an_unknown_task_or_a_missing_equals_sign_is_refused_with_the_reason() {
        let mut def = PipelineDefinition::default_pipeline();
        let e = apply(&mut def, &["gates.min_r2=1".into()]).unwrap_err();
        assert!(e.message.contains("no task `gates`"), "{}", e.message);
        let e = apply(&mut def, &["min_r2".into()]).unwrap_err();
        assert!(e.message.contains("is not KEY=VALUE"), "{}", e.message);
    }
}
