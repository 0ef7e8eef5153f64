use super::*;
use crate::data::{sample, write_csv, ColumnKind};
use crate::pipeline::block_on_ready as run;
use crate::store::MemoryStore;
use crate::version::{ProfileChange, SchemaChange};

const HOUSES: &[u8] = b"price,area,mainroad\n100,50,yes\n200,80,no\n300,120,yes\n";

fn new(message: &str, at: u64) -> NewVersion {
    NewVersion { message: message.into(), tag: None, created_at_ms: at }
}

fn import(store: &MemoryStore, bytes: &[u8], at: u64) -> Result<ImportOutcome, RepoError> {
    run(DatasetRepo::new(store).import(bytes, &ReadOptions::named("houses.csv"), new("m", at)))
}

fn snapshot(store: &MemoryStore) -> Vec<(String, Vec<u8>)> {
    run(async {
        let mut out = Vec::new();
        for k in store.list("").await.unwrap() {
            let v = store.get(&k).await.unwrap().unwrap();
            out.push((k, v));
        }
        out
    })
}

#[test]
fn first_import_stores_blob_record_tag_and_latest_in_one_go() {
    let store = MemoryStore::new();
    let out = import(&store, HOUSES, 7).unwrap();
    assert!(out.created);
    let v = &out.version;
    assert_eq!((v.n_rows, v.n_cols, v.target.as_str(), v.tag.as_str()), (3, 3, "price", "data-v1.0.0"));
    assert_eq!(v.parent, None);
    assert_eq!(v.created_at_ms, 7);
    let keys: Vec<String> = snapshot(&store).into_iter().map(|(k, _)| k).collect();
    assert_eq!(
        keys,
        [
            keys::blob(&Sha256Digest::of(HOUSES)),
            keys::LATEST.to_string(),
            "data/tags/data-v1.0.0".to_string(),
            keys::version(&v.id),
        ]
    );
    let blob = run(store.get(&keys::blob(&Sha256Digest::of(HOUSES)))).unwrap().unwrap();
    assert_eq!(blob, HOUSES, "the blob holds the imported bytes exactly");
}

#[test]
fn reimporting_same_bytes_returns_same_version_and_writes_nothing() {
    let store = MemoryStore::new();
    let first = import(&store, HOUSES, 1).unwrap();
    let before = snapshot(&store);
    let again = import(&store, HOUSES, 2).unwrap();
    assert!(!again.created);
    assert_eq!(again.version, first.version);
    assert_eq!(snapshot(&store), before);
}

#[test]
fn the_same_bytes_read_with_another_target_are_another_version_sharing_one_blob() {
    let store = MemoryStore::new();
    let a = import(&store, HOUSES, 1).unwrap().version;
    let opts = ReadOptions { target: Some("area".into()), ..ReadOptions::named("houses.csv") };
    let b = run(DatasetRepo::new(&store).import(HOUSES, &opts, new("area", 2))).unwrap().version;
    assert_ne!(a.id, b.id);
    assert_eq!(a.source.sha256, b.source.sha256);
    assert_eq!(run(store.list("data/blobs/")).unwrap().len(), 1);
    // An explicit target equal to the detected one is the same reading, hence the same id.
    let explicit = ReadOptions { target: Some("price".into()), ..ReadOptions::named("other-name.csv") };
    assert_eq!(
        run(DatasetRepo::new(&store).import(HOUSES, &explicit, new("x", 3))).unwrap().version.id,
        a.id
    );
}

#[test]
fn tags_bump_the_minor_number_and_pointers_move() {
    let store = MemoryStore::new();
    let repo = DatasetRepo::new(&store);
    let a = import(&store, HOUSES, 1).unwrap().version;
    let b = import(&store, b"price,area\n1,2\n3,4\n", 2).unwrap().version;
    let c = import(&store, b"price,area\n1,2\n3,5\n", 3).unwrap().version;
    let tags: Vec<&str> = [&a, &b, &c].iter().map(|v| v.tag.as_str()).collect();
    assert_eq!(tags, ["data-v1.0.0", "data-v1.1.0", "data-v1.2.0"]);
    assert_eq!((b.parent, c.parent), (Some(a.id), Some(b.id)));
    let resolve = |r: &str| run(repo.resolve(&VersionRef::parse(r).unwrap()));
    assert_eq!(resolve("latest").unwrap(), c.id);
    assert_eq!(resolve("previous").unwrap(), b.id);
    assert_eq!(resolve("data-v1.0.0").unwrap(), a.id);
    assert_eq!(resolve(&b.id.to_hex()[..10]).unwrap(), b.id);
    assert!(matches!(resolve("data-v9.0.0"), Err(RepoError::Ref(RefError::UnknownTag(_)))));
    let listed: Vec<VersionId> = run(repo.list()).unwrap().iter().map(|v| v.id).collect();
    assert_eq!(listed, [a.id, b.id, c.id]);
}

#[test]
fn pointers_are_unset_in_an_empty_repo() {
    let store = MemoryStore::new();
    let repo = DatasetRepo::new(&store);
    assert!(matches!(
        run(repo.resolve(&VersionRef::Latest)),
        Err(RepoError::Ref(RefError::PointerUnset(..)))
    ));
    import(&store, HOUSES, 1).unwrap();
    assert!(matches!(
        run(repo.resolve(&VersionRef::Previous)),
        Err(RepoError::Ref(RefError::PointerUnset(..)))
    ));
}

#[test]
fn a_failed_import_stores_nothing() {
    let store = MemoryStore::new();
    for bad in
        [&b""[..], b"price,area\n", b"price,area\n1,2\n3\n", b"\x89PNG\r\n\x1a\n", b"price,area\n1,\xff\n"]
    {
        assert!(matches!(import(&store, bad, 1), Err(RepoError::Ingest(_))));
        assert!(snapshot(&store).is_empty(), "{bad:?} stored something");
    }
    let good = import(&store, HOUSES, 1).unwrap().version;
    let before = snapshot(&store);
    let taken = NewVersion { tag: Some(good.tag.clone()), ..new("again", 2) };
    let err = run(DatasetRepo::new(&store).import(b"price,area\n9,9\n8,8\n", &ReadOptions::default(), taken));
    assert!(matches!(err, Err(RepoError::TagTaken { ref existing, .. }) if *existing == good.id), "{err:?}");
    assert_eq!(snapshot(&store), before);
}

#[test]
fn a_tag_override_names_the_version_and_later_auto_tags_continue_the_sequence() {
    let store = MemoryStore::new();
    let repo = DatasetRepo::new(&store);
    let tagged = NewVersion { tag: Some(Tag::new("baseline").unwrap()), ..new("b", 1) };
    let v = run(repo.import(HOUSES, &ReadOptions::default(), tagged)).unwrap().version;
    assert_eq!(v.tag.as_str(), "baseline");
    assert_eq!(import(&store, b"price,area\n1,2\n3,4\n", 2).unwrap().version.tag.as_str(), "data-v1.0.0");
    let retag = NewVersion { tag: Some(Tag::new("other").unwrap()), ..new("b", 3) };
    assert!(matches!(
        run(repo.import(HOUSES, &ReadOptions::default(), retag)),
        Err(RepoError::AlreadyTagged { .. })
    ));
}

/// A store that lets a rival import commit right before the first commit it is asked to do: the
/// interleaving two processes importing at the same moment produce.
struct Racing {
    inner: MemoryStore,
    rival: std::cell::Cell<Option<&'static [u8]>>,
}

impl Store for Racing {
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        self.inner.get(key).await
    }
    async fn list(&self, prefix: &str) -> Result<Vec<String>, StoreError> {
        self.inner.list(prefix).await
    }
    async fn commit(&self, batch: Batch) -> Result<(), StoreError> {
        if let Some(bytes) = self.rival.take() {
            DatasetRepo::new(&self.inner)
                .import(bytes, &ReadOptions::default(), new("rival", 5))
                .await
                .unwrap();
        }
        self.inner.commit(batch).await
    }
}

#[test]
fn a_concurrent_import_cannot_lose_an_update() {
    let store =
        Racing { inner: MemoryStore::new(), rival: std::cell::Cell::new(Some(b"price,area\n1,2\n3,4\n")) };
    let repo = DatasetRepo::new(&store);
    let mine = run(repo.import(HOUSES, &ReadOptions::default(), new("mine", 6))).unwrap().version;
    let all = run(repo.list()).unwrap();
    assert_eq!(all.len(), 2);
    let rival = &all[0];
    assert_eq!(rival.tag.as_str(), "data-v1.0.0");
    assert_eq!(mine.tag.as_str(), "data-v1.1.0", "the loser re-planned instead of reusing the tag");
    assert_eq!(mine.parent, Some(rival.id));
    assert_eq!(run(repo.resolve(&VersionRef::Latest)).unwrap(), mine.id);
    assert_eq!(run(repo.resolve(&VersionRef::Previous)).unwrap(), rival.id);
}

#[test]
fn load_reads_back_the_imported_table() {
    let store = MemoryStore::new();
    let bytes = b"Price;Road\n1;Yes\n2;no\n".to_vec();
    let v = import(&store, &bytes, 1).unwrap().version;
    let d = run(DatasetRepo::new(&store).load(&v)).unwrap();
    assert_eq!(d.schema, v.schema);
    assert_eq!(write_csv(&d.table), "Price,Road\n1,yes\n2,no\n");
    assert_eq!(run(DatasetRepo::new(&store).bytes(&v)).unwrap(), bytes);
}

#[test]
fn diff_counts_rows_by_value_and_reports_schema_and_mean_changes() {
    let store = MemoryStore::new();
    let repo = DatasetRepo::new(&store);
    let a = import(&store, b"price,area,road\n100,1,yes\n200,2,no\n300,3,no\n", 1).unwrap().version;
    // Rows reordered and re-formatted, one removed, one added; price mean 200 -> 250; new level.
    let b = import(&store, b"price;road;area;extra\n300;NO;3;x\n100;yes;1;y\n350;maybe;4;z\n", 2)
        .unwrap()
        .version;
    let d = run(repo.diff(&a, &b)).unwrap();
    assert_eq!(d.rows.compared_columns, ["price", "road", "area"]);
    assert_eq!((d.rows.added, d.rows.removed, d.rows.unchanged), (1, 1, 2));
    assert_eq!(
        d.schema,
        [
            SchemaChange::Added { column: "extra".into() },
            SchemaChange::LevelsChanged {
                column: "road".into(),
                added: vec!["maybe".into()],
                removed: vec![]
            },
        ]
    );
    let price = d.columns.iter().find(|c| c.column == "price").unwrap();
    let Some(ProfileChange::Numeric { mean, mean_change_pct, .. }) = &price.change else { panic!() };
    assert_eq!(*mean, (200.0, 250.0));
    assert_eq!(*mean_change_pct, Some(25.0));
    let road = d.columns.iter().find(|c| c.column == "road").unwrap();
    let Some(ProfileChange::Categorical { levels }) = &road.change else { panic!() };
    let shares: Vec<(&str, f64, f64)> = levels.iter().map(|l| (l.level.as_str(), l.from, l.to)).collect();
    assert_eq!(shares[0], ("maybe", 0.0, 1.0 / 3.0));
    assert_eq!(shares.len(), 3);
}

#[test]
fn diff_of_a_kind_change_names_both_kinds() {
    let store = MemoryStore::new();
    let a = import(&store, b"price,size\n1,1\n2,2\n", 1).unwrap().version;
    let b = import(&store, b"price,size\n1,small\n2,large\n", 2).unwrap().version;
    let d = run(DatasetRepo::new(&store).diff(&a, &b)).unwrap();
    assert_eq!(
        d.schema,
        [SchemaChange::KindChanged {
            column: "size".into(),
            from: "integer".into(),
            to: "categorical".into()
        }]
    );
    assert_eq!((d.rows.added, d.rows.removed), (2, 2));
    assert!(d.columns.iter().find(|c| c.column == "size").unwrap().change.is_none());
}

#[test]
fn price_shift_sample_diff_shows_the_twelve_percent_shift() {
    let store = MemoryStore::new();
    let base = write_csv(&sample::generate(400, 42, sample::Scenario::Baseline));
    let shifted = write_csv(&sample::generate(400, 42, sample::Scenario::PriceShift));
    let a = import(&store, base.as_bytes(), 1).unwrap().version;
    let b = import(&store, shifted.as_bytes(), 2).unwrap().version;
    assert!(matches!(b.schema.column("area").unwrap().kind, ColumnKind::Numeric { integer: true }));
    let d = run(DatasetRepo::new(&store).diff(&a, &b)).unwrap();
    let price = d.columns.iter().find(|c| c.column == "price").unwrap();
    let Some(ProfileChange::Numeric { mean_change_pct: Some(pct), .. }) = price.change else { panic!() };
    // Prices ×1.12, rounded to 1000 and clipped at 13.3 M: the mean moves by a little under 12 %.
    assert!((10.0..=12.5).contains(&pct), "{pct}");
    let area = d.columns.iter().find(|c| c.column == "area").unwrap();
    let Some(ProfileChange::Numeric { mean_change_pct: Some(area_pct), .. }) = area.change else { panic!() };
    assert_eq!(area_pct, 0.0, "same houses");
}

#[test]
fn an_added_tag_names_the_version_and_a_taken_tag_is_refused_without_writing() {
    let store = MemoryStore::new();
    let first = import(&store, HOUSES, 1).unwrap().version;
    let second = import(&store, b"price,area\n1,2\n3,4\n", 2).unwrap().version;
    let repo = DatasetRepo::new(&store);
    let golden = Tag::new("golden").unwrap();
    run(repo.add_tag(&first.id, &golden)).unwrap();
    assert_eq!(run(repo.resolve(&VersionRef::Tag(golden.clone()))).unwrap(), first.id);
    let before = snapshot(&store);
    let taken = run(repo.add_tag(&second.id, &golden)).unwrap_err();
    assert!(matches!(&taken, RepoError::TagTaken { existing, .. } if *existing == first.id), "{taken}");
    let auto = run(repo.add_tag(&first.id, &second.tag)).unwrap_err();
    assert!(matches!(auto, RepoError::TagTaken { .. }));
    assert_eq!(snapshot(&store), before);
    let pointers = run(repo.tag_pointers()).unwrap();
    let names: Vec<(&str, VersionId)> = pointers.iter().map(|(t, id)| (t.as_str(), *id)).collect();
    assert_eq!(names, [("data-v1.0.0", first.id), ("data-v1.1.0", second.id), ("golden", first.id)]);
    // The record keeps its import tag; the next automatic tag continues the sequence.
    assert_eq!(run(repo.get(&VersionRef::Tag(golden))).unwrap().tag, first.tag);
}
