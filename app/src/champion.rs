//! The model the Predict and Deploy pages work with: the `champion` of the registered model, read from
//! the browser workspace. Predict loads its bundle (hash and signature checked under the workspace
//! key, as `hearth predict` and the edge do) into the very `ServedModel` the edge worker serves.

use hearth_core::registry::{ModelBundle, ModelRef, ModelVersion, Registry, CHAMPION};
use hearth_core::serve::{ModelInfo, ServedModel};
use hearth_core::store::Store;

use crate::signing_key;

/// A model with a champion: its versions (newest first) and which one is champion.
#[derive(Debug, Clone, PartialEq)]
pub struct ChampionInfo {
    /// Registered model name.
    pub model: String,
    /// The champion's version record.
    pub champion: ModelVersion,
    /// Every version, newest first.
    pub versions: Vec<ModelVersion>,
}

/// The first registered model that has a champion (`None`: nothing promoted yet).
pub async fn find<S: Store>(store: &S) -> Result<Option<ChampionInfo>, String> {
    let registry = Registry::new(store);
    for model in registry.list_models().await.map_err(|e| e.to_string())? {
        let Some(v) = registry.alias(&model.name, CHAMPION).await.map_err(|e| e.to_string())? else {
            continue;
        };
        let mut versions = registry.list_versions(&model.name).await.map_err(|e| e.to_string())?;
        versions.sort_by_key(|v| std::cmp::Reverse(v.version));
        let champion = versions
            .iter()
            .find(|x| x.version == v)
            .cloned()
            .ok_or_else(|| format!("`{}@{CHAMPION}` points at missing version {v}", model.name))?;
        return Ok(Some(ChampionInfo { model: model.name, champion, versions }));
    }
    Ok(None)
}

/// The champion's bundle, verified, as the served model the edge would build from it.
pub async fn load_served<S: Store>(
    store: &S,
    info: &ChampionInfo,
) -> Result<ServedModel<ModelBundle>, String> {
    let key = signing_key::load_or_create(store).await?.public_key();
    let reference = ModelRef::Version { model: info.model.clone(), version: info.champion.version };
    let (version, bundle) =
        Registry::new(store).load_model(&reference, Some(&key)).await.map_err(|e| e.to_string())?;
    let signature = bundle.content.signature.clone().for_model(&version.model, version.version);
    let info = ModelInfo { bundle: version.bundle_hash.clone(), ..ModelInfo::default() };
    Ok(ServedModel::new(signature, bundle.content, info))
}
