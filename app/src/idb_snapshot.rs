//! Whole-database operations for Settings: read every object store at once (export), replace
//! everything in one read-write transaction (import), and empty every store (clear workspace).
//! They work on every object store the database has, so stores added by later schema versions are
//! exported too.

use std::collections::BTreeMap;

use hearth_core::store::StoreError;
use idb::TransactionMode;
use js_sys::Uint8Array;
use wasm_bindgen::JsValue;

use crate::idb_store::{backend, bytes_of};
use crate::workspace_file::Snapshot;
use crate::IdbStore;

impl IdbStore {
    /// Every object store's keys and values, read in one read-only transaction (a consistent view).
    pub async fn snapshot(&self) -> Result<Snapshot, StoreError> {
        let names = self.db.store_names();
        let mut out = Snapshot::new();
        if names.is_empty() {
            return Ok(out);
        }
        let tx = self.db.transaction(&names, TransactionMode::ReadOnly).map_err(backend)?;
        for name in &names {
            let store = tx.object_store(name).map_err(backend)?;
            let keys = store.get_all_keys(None, None).map_err(backend)?.await.map_err(backend)?;
            let values = store.get_all(None, None).map_err(backend)?.await.map_err(backend)?;
            let mut entries = BTreeMap::new();
            for (key, value) in keys.into_iter().zip(values) {
                let key = key.as_string().ok_or_else(|| {
                    StoreError::Backend(format!("store `{name}` has a key that is not text: {key:?}"))
                })?;
                entries.insert(key, bytes_of(value)?);
            }
            out.insert(name.clone(), entries);
        }
        tx.await.map_err(backend)?;
        Ok(out)
    }

    /// Replaces the whole database with `snapshot` in one transaction: either everything is
    /// replaced or, on any failure (quota, unknown store), nothing changes.
    pub async fn replace_all(&self, snapshot: &Snapshot) -> Result<(), StoreError> {
        let names = self.db.store_names();
        if let Some(unknown) = snapshot.keys().find(|s| !names.contains(s)) {
            return Err(StoreError::Backend(format!(
                "the file has an object store `{unknown}` this app does not have"
            )));
        }
        self.rewrite(&names, snapshot).await
    }

    /// Deletes every entry of every object store in one transaction.
    pub async fn clear_all(&self) -> Result<(), StoreError> {
        let names = self.db.store_names();
        self.rewrite(&names, &Snapshot::new()).await
    }

    async fn rewrite(&self, names: &[String], snapshot: &Snapshot) -> Result<(), StoreError> {
        if names.is_empty() {
            return Ok(());
        }
        let tx = self.db.transaction(names, TransactionMode::ReadWrite).map_err(backend)?;
        let result: Result<(), StoreError> = async {
            for name in names {
                let store = tx.object_store(name).map_err(backend)?;
                store.clear().map_err(backend)?.await.map_err(backend)?;
                for (key, value) in snapshot.get(name).into_iter().flatten() {
                    let value: JsValue = Uint8Array::from(value.as_slice()).into();
                    store
                        .put(&value, Some(&JsValue::from_str(key)))
                        .map_err(backend)?
                        .await
                        .map_err(backend)?;
                }
            }
            Ok(())
        }
        .await;
        match result {
            Ok(()) => {
                tx.commit().map_err(backend)?.await.map_err(backend)?;
                Ok(())
            }
            Err(e) => {
                tx.abort().map_err(backend)?.await.ok();
                Err(e)
            }
        }
    }
}
