//! What the Deploy page does, over any [`Store`] and any [`Edge`]: observe the edge, plan, apply and
//! roll back with core's GitOps code — the app's desired state is the manifest the CLI would read
//! from `deploy/edge.toml` (this model, `@champion` or a chosen version, no canary), and the last
//! applied state is kept in the workspace like the CLI's lock file, so hand changes show as drift.

use hearth_core::deploy::{
    apply, plan, resolve, Edge, EdgeDeployment, EdgeError, HistoryEntry, LockEntry, Manifest, Plan, Resolved,
    Selector,
};
use hearth_core::registry::CHAMPION;
use hearth_core::store::Store;

use crate::edge_settings::{self, EdgeSettings, ENV};
use crate::signing_key;

/// Names the app's "manifest" in resolve errors (the CLI names the file).
const SOURCE: &str = "Deploy page";

/// What the edge reports.
#[derive(Debug, Clone, PartialEq)]
pub struct Observed {
    /// The deployment served, if any.
    pub deployment: Option<EdgeDeployment>,
    /// `/health` (asked only when something is deployed).
    pub health: Option<Result<(), String>>,
    /// Deployment history, newest first.
    pub history: Vec<HistoryEntry>,
}

/// Deployment, health and history of `edge`.
pub async fn observe<E: Edge>(edge: &E) -> Result<Observed, EdgeError> {
    let deployment = edge.deployment().await?;
    let health = match deployment {
        Some(_) => Some(edge.health().await.map_err(|e| e.to_string())),
        None => None,
    };
    let history = edge.history().await?;
    Ok(Observed { deployment, health, history })
}

/// The version to deploy: `champion` (the alias, pinned when applied) or a version number.
pub fn selector(choice: &str) -> Selector {
    match choice.parse::<u32>() {
        Ok(v) => Selector::Version(v),
        Err(_) => Selector::Alias(CHAMPION.to_string()),
    }
}

fn manifest(settings: &EdgeSettings, model: &str, selector: Selector) -> Manifest {
    Manifest {
        env: ENV.to_string(),
        url: settings.url.clone(),
        token_env: String::new(),
        model: model.to_string(),
        primary: selector,
        canary: None,
        gates: Default::default(),
        health: None,
    }
}

/// Resolves the desired state through the registry (bundle signatures checked under the workspace key).
async fn resolved<S: Store>(
    store: &S,
    settings: &EdgeSettings,
    model: &str,
    selector: Selector,
) -> Result<Resolved, String> {
    let key = signing_key::load_or_create(store).await?.public_key();
    resolve(store, &manifest(settings, model, selector), SOURCE, &key).await.map_err(|e| e.to_string())
}

/// Desired vs observed, and drift from the state last applied from this browser.
pub async fn preview<S: Store, E: Edge>(
    store: &S,
    edge: &E,
    settings: &EdgeSettings,
    model: &str,
    selector: Selector,
) -> Result<Plan, String> {
    let resolved = resolved(store, settings, model, selector).await?;
    let locked = edge_settings::load_lock(store).await?;
    let observed = edge.deployment().await.map_err(|e| e.to_string())?;
    Ok(plan(ENV, &resolved.desired, observed.as_ref(), locked.as_ref()))
}

/// Applies the plan (upload, compare-and-swap switch, health check, automatic rollback on failure)
/// and records what now runs. Returns a one-line summary.
pub async fn deploy<S: Store, E: Edge>(
    store: &S,
    edge: &E,
    settings: &EdgeSettings,
    model: &str,
    selector: Selector,
) -> Result<String, String> {
    let resolved = resolved(store, settings, model, selector).await?;
    let locked = edge_settings::load_lock(store).await?;
    let applied = apply(edge, ENV, &resolved, locked.as_ref(), None).await.map_err(|e| e.to_string())?;
    edge_settings::save_lock(store, &LockEntry::applied(&resolved.desired)).await?;
    let version = resolved.desired.primary.version;
    if !applied.changed {
        return Ok(format!("Nothing to do: the edge already serves version {version}."));
    }
    let mut text = format!("Deployed version {version}");
    if !applied.uploaded.is_empty() {
        text.push_str(&format!(" (uploaded {} bundle)", applied.uploaded.len()));
    }
    text.push_str("; the edge is healthy.");
    if applied.drift_corrected {
        text.push_str(" Drift corrected: the edge had been changed by hand.");
    }
    Ok(text)
}

/// Back to the deployment before the current one (the edge records it in its history).
pub async fn rollback<S: Store, E: Edge>(store: &S, edge: &E, model: &str) -> Result<String, String> {
    let from = edge
        .deployment()
        .await
        .map_err(|e| e.to_string())?
        .ok_or("Nothing is deployed, so there is nothing to roll back.")?;
    let to = edge.rollback(&from.bundle).await.map_err(|e| e.to_string())?;
    edge_settings::save_lock(store, &LockEntry::serving(model, &to, "rollback")).await?;
    Ok(format!("Rolled back from version {} to version {}.", from.version, to.version))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_choice_names_the_champion_or_a_version() {
        assert_eq!(selector("champion"), Selector::Alias("champion".into()));
        assert_eq!(selector("3"), Selector::Version(3));
    }
}
