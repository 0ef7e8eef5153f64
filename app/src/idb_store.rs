//! [`Store`] over the browser's IndexedDB: one object store of byte values keyed by path, and every
//! [`Batch`] applied inside one read-write transaction, so a failed commit leaves the previous state.

use hearth_core::store::{Batch, Op, Store, StoreError};
use idb::{Database, DatabaseEvent, Factory, ObjectStoreParams, Transaction, TransactionMode};
use js_sys::Uint8Array;
use wasm_bindgen::{JsCast, JsValue};

/// Name of the single object store; bump [`SCHEMA_VERSION`] with an upgrade step to change it.
const OBJECT_STORE: &str = "kv";
/// IndexedDB schema version; upgrades are applied in `on_upgrade_needed`.
pub(crate) const SCHEMA_VERSION: u32 = 1;

/// A Hearth workspace kept in one IndexedDB database.
pub struct IdbStore {
    pub(crate) db: Database,
}

impl IdbStore {
    /// Opens (creating or upgrading as needed) the database `name`.
    pub async fn open(name: &str) -> Result<Self, StoreError> {
        let factory = Factory::new().map_err(backend)?;
        let mut request = factory.open(name, Some(SCHEMA_VERSION)).map_err(backend)?;
        request.on_upgrade_needed(|event| {
            // Version 0 → 1: create the key-value store. Later versions add steps here.
            if let Ok(db) = event.database() {
                if !db.store_names().iter().any(|n| n == OBJECT_STORE) {
                    let _ = db.create_object_store(OBJECT_STORE, ObjectStoreParams::new());
                }
            }
        });
        let db = request.await.map_err(backend)?;
        Ok(IdbStore { db })
    }

    fn transaction(&self, mode: TransactionMode) -> Result<Transaction, StoreError> {
        self.db.transaction(&[OBJECT_STORE], mode).map_err(backend)
    }
}

impl Store for IdbStore {
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let tx = self.transaction(TransactionMode::ReadOnly)?;
        let store = tx.object_store(OBJECT_STORE).map_err(backend)?;
        let value = store.get(JsValue::from_str(key)).map_err(backend)?.await.map_err(backend)?;
        tx.await.map_err(backend)?;
        value.map(bytes_of).transpose()
    }

    async fn list(&self, prefix: &str) -> Result<Vec<String>, StoreError> {
        let tx = self.transaction(TransactionMode::ReadOnly)?;
        let store = tx.object_store(OBJECT_STORE).map_err(backend)?;
        let keys = store.get_all_keys(None, None).map_err(backend)?.await.map_err(backend)?;
        tx.await.map_err(backend)?;
        let mut keys: Vec<String> =
            keys.into_iter().filter_map(|k| k.as_string()).filter(|k| k.starts_with(prefix)).collect();
        keys.sort();
        Ok(keys)
    }

    async fn commit(&self, batch: Batch) -> Result<(), StoreError> {
        let tx = self.transaction(TransactionMode::ReadWrite)?;
        let store = tx.object_store(OBJECT_STORE).map_err(backend)?;
        for expect in &batch.expect {
            let current = store
                .get(JsValue::from_str(&expect.key))
                .map_err(backend)?
                .await
                .map_err(backend)?
                .map(bytes_of)
                .transpose()?;
            if current != expect.expected {
                tx.abort().map_err(backend)?.await.ok();
                return Err(StoreError::Conflict { key: expect.key.clone(), current });
            }
        }
        for op in &batch.ops {
            match op {
                Op::Put { key, value } => {
                    let value: JsValue = Uint8Array::from(value.as_slice()).into();
                    store
                        .put(&value, Some(&JsValue::from_str(key)))
                        .map_err(backend)?
                        .await
                        .map_err(backend)?;
                }
                Op::Delete { key } => {
                    store.delete(JsValue::from_str(key)).map_err(backend)?.await.map_err(backend)?;
                }
            }
        }
        tx.commit().map_err(backend)?.await.map_err(backend)?;
        Ok(())
    }
}

/// Stored values are `Uint8Array`s; anything else means the database was written by something else.
pub(crate) fn bytes_of(value: JsValue) -> Result<Vec<u8>, StoreError> {
    value
        .dyn_into::<Uint8Array>()
        .map(|a| a.to_vec())
        .map_err(|v| StoreError::Backend(format!("stored value is not bytes: {v:?}")))
}

/// Maps IndexedDB failures, keeping the browser's quota error distinguishable.
pub(crate) fn backend(err: idb::Error) -> StoreError {
    let text = format!("{err:?}");
    if text.contains("QuotaExceeded") {
        StoreError::QuotaExceeded(text)
    } else {
        StoreError::Backend(text)
    }
}
