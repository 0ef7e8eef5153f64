//! `hearth models list|show|promote|alias|export`: the model registry.

mod promote;

use super::data::when::utc;
use super::metrics_table::{fmt_number, metrics_table};
use super::Context;
use crate::block_on::block_on;
use crate::exit::{CliError, CliResult};
use crate::output::table;
use crate::workspace::Workspace;
use hearth_core::registry::{Bundle, ModelBundle, ModelRef, ModelVersion, Registry, CHAMPION};
use hearth_core::store::Store;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Subcommands of `hearth models`.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List registered models with their champion.
    List,
    /// Show a model's versions, aliases and test metrics.
    Show {
        /// Model name.
        name: String,
    },
    /// Make VERSION the champion — only if it passes the quality gate against the current one.
    Promote {
        /// Model name.
        name: String,
        /// Version number.
        version: u32,
    },
    /// Point ALIAS (e.g. `challenger`; not `champion`) at VERSION.
    Alias {
        /// Model name.
        name: String,
        /// Alias.
        alias: String,
        /// Version number.
        version: u32,
    },
    /// Write a version's signed bundle (JSON: hash, Ed25519 signature, hex bytes) to FILE.
    Export {
        /// `NAME@ALIAS` or `NAME/VERSION`.
        model: String,
        /// Output file.
        file: PathBuf,
    },
}

/// Runs one `hearth models` subcommand.
pub fn run(ctx: &Context, command: Command) -> CliResult {
    let ws = ctx.workspace()?;
    match command {
        Command::List => list(ctx, &ws),
        Command::Show { name } => show(ctx, &ws, &name),
        Command::Promote { name, version } => promote::run(ctx, &ws, &name, version),
        Command::Alias { name, alias, version } => set_alias(ctx, &ws, &name, &alias, version),
        Command::Export { model, file } => export(ctx, &ws, &model, &file),
    }
}

/// Parses `NAME@ALIAS` / `NAME/VERSION`.
pub fn parse_ref(text: &str) -> CliResult<ModelRef> {
    text.parse::<ModelRef>().map_err(CliError::from)
}

/// Loads the bundle `reference` names, verified under the workspace's public key.
pub fn load(ws: &Workspace, reference: &ModelRef) -> CliResult<(ModelVersion, Bundle<ModelBundle>)> {
    let key = ws.signing_key()?.public_key();
    Ok(block_on(Registry::new(&ws.store).load_model(reference, Some(&key)))?)
}

fn aliases_of<S: Store>(registry: &Registry<'_, S>, model: &str) -> CliResult<BTreeMap<u32, Vec<String>>> {
    let mut by_version: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for (alias, v) in block_on(registry.aliases(model))? {
        by_version.entry(v).or_default().push(alias);
    }
    Ok(by_version)
}

#[derive(Serialize)]
struct ModelRow {
    name: String,
    versions: usize,
    champion: Option<u32>,
    aliases: BTreeMap<String, u32>,
    champion_test_r2: Option<f64>,
}

fn list(ctx: &Context, ws: &Workspace) -> CliResult {
    let registry = Registry::new(&ws.store);
    let mut rows = Vec::new();
    for m in block_on(registry.list_models())? {
        let aliases = block_on(registry.aliases(&m.name))?;
        let champion = aliases.get(CHAMPION).copied();
        let champion_test_r2 = match champion {
            Some(v) => Some(
                load(ws, &ModelRef::Version { model: m.name.clone(), version: v })?.1.content.test_metrics.r2,
            ),
            None => None,
        };
        let versions = block_on(registry.list_versions(&m.name))?.len();
        rows.push(ModelRow { name: m.name, versions, champion, aliases, champion_test_r2 });
    }
    ctx.out.result(&rows, || {
        if rows.is_empty() {
            return "no registered models yet: `hearth pipeline run` registers one when its gate passes"
                .into();
        }
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                let aliases: Vec<String> = r.aliases.iter().map(|(a, v)| format!("{a}→{v}")).collect();
                vec![
                    r.name.clone(),
                    r.versions.to_string(),
                    r.champion.map_or("-".into(), |v| v.to_string()),
                    r.champion_test_r2.map_or("-".into(), |x| format!("{x:.4}")),
                    aliases.join(", "),
                ]
            })
            .collect();
        table(&["model", "versions", "champion", "champion test R²", "aliases"], &cells)
    });
    Ok(())
}

#[derive(Serialize)]
struct VersionRow {
    #[serde(flatten)]
    version: ModelVersion,
    aliases: Vec<String>,
    model_spec: String,
    test_metrics: hearth_core::train::Metrics,
    dataset_version: String,
}

fn show(ctx: &Context, ws: &Workspace, name: &str) -> CliResult {
    let registry = Registry::new(&ws.store);
    if block_on(registry.get_model(name))?.is_none() {
        return Err(CliError::not_found(format!("no registered model `{name}`: see `hearth models list`")));
    }
    let aliases = aliases_of(&registry, name)?;
    let mut rows = Vec::new();
    for v in block_on(registry.list_versions(name))? {
        let (_, bundle) = load(ws, &ModelRef::Version { model: name.into(), version: v.version })?;
        rows.push(VersionRow {
            aliases: aliases.get(&v.version).cloned().unwrap_or_default(),
            model_spec: bundle.content.selection.best_spec().name(),
            test_metrics: bundle.content.test_metrics,
            dataset_version: bundle.manifest.lineage.dataset_version,
            version: v,
        });
    }
    ctx.out.result(&rows, || {
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                vec![
                    r.version.version.to_string(),
                    r.aliases.join(", "),
                    r.model_spec.clone(),
                    format!("{:.4}", r.test_metrics.r2),
                    fmt_number(r.test_metrics.mae),
                    utc(r.version.created_at_ms),
                    r.version.run_id[..12.min(r.version.run_id.len())].to_string(),
                    r.version.bundle_hash[..12].to_string(),
                ]
            })
            .collect();
        let mut t = format!(
            "model `{name}`\n{}",
            table(
                &["version", "aliases", "model", "test R²", "test MAE", "registered", "run", "bundle"],
                &cells
            )
        );
        if let Some(champ) = rows.iter().find(|r| r.aliases.iter().any(|a| a == CHAMPION)) {
            t.push_str(&format!(
                "\nchampion: version {} — {} on dataset {}\n{}",
                champ.version.version,
                champ.model_spec,
                &champ.dataset_version[..12.min(champ.dataset_version.len())],
                metrics_table(&champ.test_metrics)
            ));
        }
        t
    });
    Ok(())
}

#[derive(Serialize)]
struct AliasMoved {
    model: String,
    alias: String,
    version: u32,
    previous: Option<u32>,
}

fn set_alias(ctx: &Context, ws: &Workspace, name: &str, alias: &str, version: u32) -> CliResult {
    let registry = Registry::new(&ws.store);
    let previous = block_on(registry.alias(name, alias))?;
    block_on(registry.set_alias(name, alias, version, previous))?;
    let moved = AliasMoved { model: name.into(), alias: alias.into(), version, previous };
    ctx.out.result(&moved, || {
        let was = previous.map_or("unset".to_string(), |v| format!("version {v}"));
        format!("`{name}@{alias}` → version {version} (was {was})")
    });
    Ok(())
}

#[derive(Serialize)]
struct Exported {
    model: String,
    version: u32,
    bundle_hash: String,
    file: String,
    bytes: usize,
    public_key: String,
}

fn export(ctx: &Context, ws: &Workspace, reference: &str, file: &std::path::Path) -> CliResult {
    let reference = parse_ref(reference)?;
    let registry = Registry::new(&ws.store);
    let version = block_on(registry.resolve(&reference))?;
    let signed = block_on(registry.get_bundle(&version.bundle_hash))?
        .ok_or_else(|| CliError::not_found(format!("bundle {} is missing", version.bundle_hash)))?;
    let public_key = ws.signing_key()?.public_key();
    signed
        .verify(&public_key)
        .map_err(|e| CliError::failure(format!("the stored bundle does not verify: {e}")))?;
    let text = serde_json::to_vec(&signed).expect("a signed bundle serialises");
    std::fs::write(file, &text)
        .map_err(|e| CliError::failure(format!("cannot write {}: {e}", file.display())))?;
    let done = Exported {
        model: version.model,
        version: version.version,
        bundle_hash: signed.hash,
        file: file.display().to_string(),
        bytes: text.len(),
        public_key: public_key.to_hex(),
    };
    ctx.out.result(&done, || {
        format!(
            "wrote `{}` version {} (bundle {}, signed) to {} ({} bytes)\nverify with public key {}",
            done.model,
            done.version,
            &done.bundle_hash[..12],
            done.file,
            done.bytes,
            done.public_key
        )
    });
    Ok(())
}
