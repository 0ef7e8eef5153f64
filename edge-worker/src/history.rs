//! The deployment history (KV key [`kv_layout::DEPLOYMENT_HISTORY`]): one event per change of the
//! served state, newest first, the last [`MAX_EVENTS`] kept, so operators and the GitOps reconciler
//! can see what ran when. A re-deploy of the state already served records nothing.

use serde::{Deserialize, Serialize};
use worker::Env;

use crate::deployment::{Canary, Deployment};
use crate::kv_layout;

/// How many events are kept.
pub const MAX_EVENTS: usize = 20;

/// What changed the served state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// `PUT /admin/deployment` with a new state.
    Deploy,
    /// `POST /admin/rollback`.
    Rollback,
}

/// One change: the state it produced and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Deploy or rollback.
    pub action: Action,
    /// Primary bundle after the change.
    pub bundle: String,
    /// Its version.
    pub version: u32,
    /// Its aliases.
    pub aliases: Vec<String>,
    /// The canary after the change.
    pub canary: Option<Canary>,
    /// When (Unix ms, the worker's clock) — the record's `deployed_at_ms`.
    pub at_ms: u64,
}

impl Event {
    /// The event that produced `deployment`.
    pub fn of(action: Action, deployment: &Deployment) -> Event {
        Event {
            action,
            bundle: deployment.bundle.clone(),
            version: deployment.version,
            aliases: deployment.aliases.clone(),
            canary: deployment.canary.clone(),
            at_ms: deployment.deployed_at_ms,
        }
    }
}

/// `history` with `event` in front, cut to [`MAX_EVENTS`].
pub fn push(mut history: Vec<Event>, event: Event) -> Vec<Event> {
    history.insert(0, event);
    history.truncate(MAX_EVENTS);
    history
}

/// The stored history, newest first (empty before the first deployment).
pub async fn read(env: &Env) -> Result<Vec<Event>, String> {
    let kv = env.kv(kv_layout::BINDING).map_err(|e| format!("KV binding `{}`: {e}", kv_layout::BINDING))?;
    let Some(text) = kv.get(kv_layout::DEPLOYMENT_HISTORY).text().await.map_err(|e| e.to_string())? else {
        return Ok(Vec::new());
    };
    serde_json::from_str(&text).map_err(|e| format!("`{}` is unreadable: {e}", kv_layout::DEPLOYMENT_HISTORY))
}

/// Appends `event` to the stored history.
pub async fn record(env: &Env, event: Event) -> Result<(), String> {
    let history = push(read(env).await?, event);
    let text = serde_json::to_string(&history).map_err(|e| e.to_string())?;
    let kv = env.kv(kv_layout::BINDING).map_err(|e| e.to_string())?;
    let put = kv.put(kv_layout::DEPLOYMENT_HISTORY, text).map_err(|e| e.to_string())?;
    put.execute().await.map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(version: u32) -> Event {
        Event {
            action: Action::Deploy,
            bundle: "a".repeat(64),
            version,
            aliases: vec![],
            canary: None,
            at_ms: 0,
        }
    }

    #[test]
    fn newest_first_and_capped() {
        let history = (1..=25).fold(Vec::new(), |h, v| push(h, event(v)));
        assert_eq!(history.len(), MAX_EVENTS);
        assert_eq!(history.first().map(|e| e.version), Some(25));
        assert_eq!(history.last().map(|e| e.version), Some(6));
    }

    #[test]
    fn actions_are_lower_case_words() {
        let text = serde_json::to_value(Event { action: Action::Rollback, ..event(1) }).unwrap();
        assert_eq!(text["action"], "rollback");
        assert_eq!(text["canary"], serde_json::Value::Null);
    }
}
