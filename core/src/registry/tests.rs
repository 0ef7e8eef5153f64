//! Registry behaviour on the memory store. In-crate because only the gate may issue [`GatePassed`].

use super::*;
use crate::store::MemoryStore;
use std::collections::BTreeMap;

use crate::pipeline::block_on_ready as block_on;

fn new_run(started_at_ms: u64) -> NewRun {
    NewRun {
        experiment: "house-prices".into(),
        id: None,
        started_at_ms,
        params: [("seed".to_string(), serde_json::json!(42))].into(),
        tags: BTreeMap::new(),
        dataset_version: Some("a".repeat(64)),
        pipeline_definition_hash: Some("b".repeat(64)),
    }
}

fn signed(intercept: f64) -> SignedBundle {
    let bundle = Bundle {
        manifest: BundleManifest::new(
            "test",
            Lineage { dataset_version: "a".repeat(64), pipeline_definition_hash: "b".repeat(64) },
        ),
        content: serde_json::json!({ "intercept": intercept }),
    };
    bundle.sign(&BundleSigningKey::from_seed(&[9; 32])).unwrap()
}

/// A registry with one run and `n` registered versions of `house`.
fn with_versions(store: &MemoryStore, n: usize) -> (Registry<'_, MemoryStore>, Vec<ModelVersion>) {
    let reg = Registry::new(store);
    let run = block_on(reg.start_run(new_run(1_000))).unwrap();
    let versions = (0..n)
        .map(|i| {
            block_on(reg.register_version("house", &signed(i as f64), &run.id, 2_000 + i as u64)).unwrap()
        })
        .collect();
    (reg, versions)
}

fn gate_for(v: &ModelVersion, compared_with: Option<u32>) -> GatePassed {
    GatePassed::new(&v.model, &v.bundle_hash, compared_with, "r2 0.70 ≥ 0.65")
}

#[test]
fn run_ids_derive_from_inputs_and_cannot_be_reused() {
    let store = MemoryStore::new();
    let reg = Registry::new(&store);
    assert_eq!(new_run(5).derive_id(), new_run(5).derive_id());
    assert_ne!(new_run(5).derive_id(), new_run(6).derive_id());
    let run = block_on(reg.start_run(new_run(5))).unwrap();
    assert_eq!(run.id, new_run(5).derive_id());
    assert_eq!(run.hearth_version, env!("CARGO_PKG_VERSION"));
    assert_eq!(run.status, RunStatus::Running);
    assert_eq!(block_on(reg.start_run(new_run(5))), Err(RegistryError::RunExists(run.id.clone())));
    assert_eq!(block_on(reg.get_experiment("house-prices")).unwrap().unwrap().created_at_ms, 5);
    let custom = NewRun { id: Some("nightly-7".into()), ..new_run(5) };
    assert_eq!(block_on(reg.start_run(custom)).unwrap().id, "nightly-7");
    assert_eq!(block_on(reg.list_runs(Some("house-prices"))).unwrap().len(), 2);
}

#[test]
fn metrics_are_step_indexed_and_frozen_once_the_run_finishes() {
    let store = MemoryStore::new();
    let reg = Registry::new(&store);
    let id = block_on(reg.start_run(new_run(0))).unwrap().id;
    block_on(reg.log_metrics(&id, &[("rmse", MetricPoint { step: 0, value: 2.0 })])).unwrap();
    block_on(reg.log_metrics(
        &id,
        &[("rmse", MetricPoint { step: 1, value: 1.5 }), ("r2", MetricPoint { step: 1, value: 0.6 })],
    ))
    .unwrap();
    let run = block_on(reg.finish_run(&id, RunStatus::Succeeded, 900, vec![])).unwrap();
    assert_eq!(run.metrics["rmse"].iter().map(|p| p.step).collect::<Vec<_>>(), vec![0, 1]);
    assert_eq!(run.latest_metrics()["rmse"], 1.5);
    assert_eq!(run.duration_ms(), Some(900));
    let late = block_on(reg.log_metrics(&id, &[("rmse", MetricPoint { step: 2, value: 1.0 })]));
    assert_eq!(late, Err(RegistryError::RunFinished(id.clone())));
    // Tags are annotations and may still be added.
    assert_eq!(block_on(reg.set_tags(&id, &[("reviewed", "yes")])).unwrap().tags["reviewed"], "yes");
}

#[test]
fn versions_number_one_two_three_and_point_at_stored_bundles() {
    let store = MemoryStore::new();
    let (reg, versions) = with_versions(&store, 3);
    assert_eq!(versions.iter().map(|v| v.version).collect::<Vec<_>>(), vec![1, 2, 3]);
    assert_eq!(block_on(reg.list_versions("house")).unwrap(), versions);
    let bundle = block_on(reg.get_bundle(&versions[1].bundle_hash)).unwrap().unwrap();
    assert_eq!(bundle, signed(1.0));
    bundle.verify(&BundleSigningKey::from_seed(&[9; 32]).public_key()).unwrap();
    assert_eq!(
        block_on(reg.list_models()).unwrap().iter().map(|m| m.name.as_str()).collect::<Vec<_>>(),
        vec!["house"]
    );
}

#[test]
fn a_version_must_name_an_existing_run() {
    let store = MemoryStore::new();
    let reg = Registry::new(&store);
    let err = block_on(reg.register_version("house", &signed(0.0), "no-such-run", 0)).unwrap_err();
    assert!(matches!(err, RegistryError::NotFound(ref what) if what.contains("no-such-run")), "{err}");
    assert!(block_on(store.list("registry/")).unwrap().is_empty());
}

#[test]
fn a_bundle_whose_bytes_do_not_match_its_hash_is_not_registered() {
    let store = MemoryStore::new();
    let (reg, _) = with_versions(&store, 0);
    let run = block_on(reg.list_runs(None)).unwrap().remove(0);
    let mut forged = signed(1.0);
    forged.bytes.push(b' ');
    let err = block_on(reg.register_version("house", &forged, &run.id, 0)).unwrap_err();
    assert!(matches!(err, RegistryError::Bundle(BundleError::HashMismatch { .. })));
    assert!(block_on(reg.list_versions("house")).unwrap().is_empty());
}

#[test]
fn concurrent_promotions_conflict_cleanly_and_the_loser_changes_nothing() {
    let store = MemoryStore::new();
    let (reg, v) = with_versions(&store, 2);
    // Both candidates were gated while there was no champion.
    let gate1 = gate_for(&v[0], None);
    let gate2 = gate_for(&v[1], None);
    let won = block_on(reg.promote(&v[0], gate1)).unwrap();
    assert_eq!(won, Promotion { model: "house".into(), version: 1, previous: None });
    let lost = block_on(reg.promote(&v[1], gate2)).unwrap_err();
    assert_eq!(
        lost,
        RegistryError::AliasConflict {
            model: "house".into(),
            alias: CHAMPION.into(),
            expected: None,
            actual: Some(1)
        }
    );
    assert_eq!(
        lost.to_string(),
        "alias `house@champion` changed concurrently: expected no version, found version 1"
    );
    assert_eq!(block_on(reg.alias("house", CHAMPION)).unwrap(), Some(1));
    // Re-gated against the new champion, version 2 can be promoted.
    let promoted = block_on(reg.promote(&v[1], gate_for(&v[1], Some(1)))).unwrap();
    assert_eq!(promoted.previous, Some(1));
    let champion = block_on(reg.resolve(&"house@champion".parse().unwrap())).unwrap();
    assert_eq!(champion, v[1]);
}

#[test]
fn a_gate_decision_promotes_only_the_bundle_it_judged() {
    let store = MemoryStore::new();
    let (reg, v) = with_versions(&store, 2);
    let err = block_on(reg.promote(&v[1], gate_for(&v[0], None))).unwrap_err();
    assert!(matches!(err, RegistryError::Invalid(_)), "{err}");
    assert_eq!(block_on(reg.alias("house", CHAMPION)).unwrap(), None);
}

#[test]
fn other_aliases_move_with_compare_and_swap_but_champion_needs_the_gate() {
    let store = MemoryStore::new();
    let (reg, _) = with_versions(&store, 3);
    block_on(reg.set_alias("house", CHALLENGER, 2, None)).unwrap();
    let stale = block_on(reg.set_alias("house", CHALLENGER, 3, None)).unwrap_err();
    assert!(matches!(stale, RegistryError::AliasConflict { actual: Some(2), .. }));
    block_on(reg.set_alias("house", CHALLENGER, 3, Some(2))).unwrap();
    assert_eq!(block_on(reg.aliases("house")).unwrap(), [("challenger".to_string(), 3)].into());
    assert!(matches!(block_on(reg.set_alias("house", CHAMPION, 3, None)), Err(RegistryError::Invalid(_))));
    assert!(matches!(
        block_on(reg.set_alias("house", CHALLENGER, 9, Some(3))),
        Err(RegistryError::NotFound(_))
    ));
    block_on(reg.delete_alias("house", CHALLENGER, 3)).unwrap();
    assert!(block_on(reg.aliases("house")).unwrap().is_empty());
}

#[test]
fn model_references_parse_alias_and_version_forms() {
    assert_eq!(
        "house_price_prediction_prod@champion".parse::<ModelRef>().unwrap(),
        ModelRef::Alias { model: "house_price_prediction_prod".into(), alias: "champion".into() }
    );
    assert_eq!(
        "house/3".parse::<ModelRef>().unwrap(),
        ModelRef::Version { model: "house".into(), version: 3 }
    );
    for bad in ["house", "house/0", "house/x", "@champion", "house@", "ho use/1"] {
        assert!(bad.parse::<ModelRef>().is_err(), "{bad}");
    }
}

/// A store where another writer's batch lands just before our next commit, as when a CLI and a
/// browser tab register versions of the same model at the same time.
struct RacingStore {
    inner: MemoryStore,
    competitor: std::cell::RefCell<Option<crate::store::Batch>>,
}

impl crate::store::Store for RacingStore {
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, crate::store::StoreError> {
        self.inner.get(key).await
    }
    async fn list(&self, prefix: &str) -> Result<Vec<String>, crate::store::StoreError> {
        self.inner.list(prefix).await
    }
    async fn commit(&self, batch: crate::store::Batch) -> Result<(), crate::store::StoreError> {
        let competing = self.competitor.borrow_mut().take();
        if let Some(other) = competing {
            self.inner.commit(other).await?;
        }
        self.inner.commit(batch).await
    }
}

#[test]
fn a_concurrent_registration_makes_the_next_version_number_not_a_lost_version() {
    let store = RacingStore { inner: MemoryStore::new(), competitor: Default::default() };
    let reg = Registry::new(&store);
    let run = block_on(reg.start_run(new_run(0))).unwrap();
    let theirs = ModelVersion {
        model: "house".into(),
        version: 1,
        bundle_hash: signed(7.0).hash,
        run_id: run.id.clone(),
        created_at_ms: 1,
    };
    *store.competitor.borrow_mut() = Some(
        crate::store::Batch::new()
            .put(keys::latest_version("house"), b"1".to_vec())
            .put(keys::version("house", 1), to_json(&theirs)),
    );
    let ours = block_on(reg.register_version("house", &signed(8.0), &run.id, 2)).unwrap();
    assert_eq!(ours.version, 2);
    assert_eq!(block_on(reg.list_versions("house")).unwrap(), vec![theirs, ours]);
}
