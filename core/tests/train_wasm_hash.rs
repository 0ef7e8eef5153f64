//! Same seed → byte-identical serialised model on native and wasm32. The SHA-256 values below were
//! recorded from the native run (`cargo test -p hearth-core --test train_wasm_hash -- --nocapture`
//! prints them); the wasm32 run
//! (`cargo test -p hearth-core --target wasm32-unknown-unknown --test train_wasm_hash`, Node runner)
//! must reproduce them.

use hearth_core::data::{CategoricalColumn, Column, ColumnData, NumericColumn, SeededRng, Table};
use hearth_core::features::PreprocessorParams;
use hearth_core::train::{EarlyStopping, HgbParams, Member, ModelKind, ModelSpec, TrainedModel};
use sha2::{Digest, Sha256};

fn table() -> Table {
    let n = 400;
    let mut rng = SeededRng::new(5);
    let a: Vec<f64> =
        (0..n).map(|_| if rng.chance(0.05) { f64::NAN } else { 1000.0 + 9000.0 * rng.unit() }).collect();
    let b: Vec<f64> = (0..n).map(|_| (1 + rng.below(5)) as f64).collect();
    let c: Vec<Option<u32>> = (0..n).map(|_| Some(rng.below(3) as u32)).collect();
    let y: Vec<f64> = (0..n)
        .map(|i| {
            let av = if a[i].is_nan() { 5000.0 } else { a[i] };
            libm::exp(14.0 + av / 20000.0 + 0.1 * b[i] + 0.2 * c[i].unwrap() as f64 + 0.1 * rng.normal())
        })
        .collect();
    let num = |name: &str, values: Vec<f64>| Column {
        name: name.into(),
        data: ColumnData::Numeric(NumericColumn { values, integer: false }),
    };
    Table::new(vec![
        num("area", a),
        num("rooms", b),
        Column {
            name: "furnishing".into(),
            data: ColumnData::Categorical(CategoricalColumn {
                codes: c,
                levels: vec!["furnished".into(), "semi-furnished".into(), "unfurnished".into()],
            }),
        },
        num("price", y),
    ])
    .unwrap()
}

fn model_hash(spec: ModelSpec) -> String {
    let pre = PreprocessorParams::new("price").check().unwrap();
    let m = TrainedModel::fit(&spec.check().unwrap(), &pre, &table()).unwrap();
    hex::encode(Sha256::digest(serde_json::to_vec(&m).unwrap()))
}

fn check(name: &str, spec: ModelSpec, native: &str) {
    let got = model_hash(spec);
    println!("{name}: {got}");
    assert_eq!(got, native, "{name}: serialised model differs from the native bytes");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn linear_models_serialise_identically_on_every_target() {
    check(
        "linear",
        ModelSpec::new(ModelKind::Linear),
        "98a82553ef8cc0d6466866519a3e10e029cc001d2f310272de70a0bb2ca00dc4",
    );
    check(
        "ridge",
        ModelSpec::new(ModelKind::Ridge { alpha: 1.0 }),
        "0b195a7b2d0ca6b51b43dba0413b685abcdcd27376e61bf527719e8f964cc225",
    );
    check(
        "log-linear",
        ModelSpec::new(ModelKind::Linear).log_target(),
        "da1220ca1f01b30a193b2a75715f8cc3b754dbc1b3670d911cc083d650986a17",
    );
    check(
        "elastic_net",
        ModelSpec::new(ModelKind::ElasticNet { alpha: 0.01, l1_ratio: 0.5 }),
        "24ebbc2aa21a1e2b61db891b7d65adb74c0944d7bb75d6fdebab23c058cf9b63",
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn boosting_serialises_identically_on_every_target() {
    let p = HgbParams { early_stopping: EarlyStopping::On, seed: 9, max_iter: 30, ..HgbParams::default() };
    check(
        "log-hgb",
        ModelSpec::new(ModelKind::Hgb(p)).log_target(),
        "1e43e9a5333b7bbd38c92676fb3a73c2523b7ce1cf6e6769f69581cd643179c3",
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn trees_serialise_identically_on_every_target() {
    check(
        "tree",
        ModelSpec::new(ModelKind::DecisionTree { max_depth: Some(6), min_samples_leaf: 1 }),
        "31fd82aa5cfe0f7c4aab0c3ede2875cf9b5b40406160afbd87a273508c1e2fa0",
    );
    check(
        "forest",
        ModelSpec::new(ModelKind::RandomForest { n_trees: 5, max_depth: None, min_samples_leaf: 1, seed: 3 }),
        "0ce0f475c5b700c0150014f83d9dc1080170ff6aa013151b898dad2805902e3b",
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn blended_ensemble_serialises_identically_on_every_target() {
    let p = HgbParams { max_iter: 20, seed: 4, ..HgbParams::default() };
    let members = vec![
        Member { weight: 0.5, spec: ModelSpec::new(ModelKind::Linear).log_target() },
        Member { weight: 0.25, spec: ModelSpec::new(ModelKind::Hgb(p)).log_target() },
        Member { weight: 0.25, spec: ModelSpec::new(ModelKind::Knn { k: 10 }) },
    ];
    check(
        "ensemble",
        ModelSpec::new(ModelKind::Ensemble { members }),
        "3ee1fa9156d0a7f20115edacd53427c4b1d9cba344842089d31446ca406fb61c",
    );
}
