//! The in-memory store: tests, and any front end that keeps state only for a session.

use super::{Batch, Op, Store, StoreError};
use std::cell::RefCell;
use std::collections::BTreeMap;

/// A [`Store`] held in a sorted map. Single-threaded by design, like every Hearth front end.
#[derive(Debug, Default)]
pub struct MemoryStore {
    map: RefCell<BTreeMap<String, Vec<u8>>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }
}

impl Store for MemoryStore {
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.map.borrow().get(key).cloned())
    }

    async fn list(&self, prefix: &str) -> Result<Vec<String>, StoreError> {
        Ok(self
            .map
            .borrow()
            .range(prefix.to_string()..)
            .take_while(|(k, _)| k.starts_with(prefix))
            .map(|(k, _)| k.clone())
            .collect())
    }

    async fn commit(&self, batch: Batch) -> Result<(), StoreError> {
        let mut map = self.map.borrow_mut();
        for e in &batch.expect {
            let current = map.get(&e.key);
            if current != e.expected.as_ref() {
                return Err(StoreError::Conflict { key: e.key.clone(), current: current.cloned() });
            }
        }
        for op in batch.ops {
            match op {
                Op::Put { key, value } => {
                    map.insert(key, value);
                }
                Op::Delete { key } => {
                    map.remove(&key);
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        // The memory store never awaits anything, so one poll completes it.
        let waker = std::task::Waker::noop();
        let mut cx = std::task::Context::from_waker(waker);
        let mut f = std::pin::pin!(f);
        match f.as_mut().poll(&mut cx) {
            std::task::Poll::Ready(v) => v,
            std::task::Poll::Pending => panic!("memory store future did not complete"),
        }
    }

    #[test]
    fn failed_precondition_writes_nothing() {
        let s = MemoryStore::new();
        block_on(s.commit(Batch::new().put("a", b"1".to_vec()))).unwrap();
        let err = block_on(s.commit(Batch::new().expect("a", None).put("b", b"2".to_vec()))).unwrap_err();
        assert_eq!(err, StoreError::Conflict { key: "a".into(), current: Some(b"1".to_vec()) });
        assert_eq!(block_on(s.get("b")).unwrap(), None);
    }

    #[test]
    fn list_is_prefix_scoped_and_sorted() {
        let s = MemoryStore::new();
        block_on(s.commit(Batch::new().put("x/2", vec![]).put("x/1", vec![]).put("y/1", vec![]))).unwrap();
        assert_eq!(block_on(s.list("x/")).unwrap(), vec!["x/1".to_string(), "x/2".to_string()]);
    }
}
