//! Fork–join over native threads, sequential on wasm32 (no threads there without shared memory).
//!
//! Used only where the result cannot depend on how the work was split: every caller combines the
//! parts in a fixed order, so one thread and many give byte-identical outputs.

/// How many parts worth splitting CPU-bound work into on this machine (1 on wasm32).
pub fn parallelism() -> usize {
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::thread::available_parallelism().map_or(1, |n| n.get()).min(8)
    }
    #[cfg(target_arch = "wasm32")]
    {
        1
    }
}

/// Runs `a` and `b`, at the same time where threads exist.
pub fn join<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        if parallelism() > 1 {
            return std::thread::scope(|s| {
                let b = s.spawn(b);
                let a = a();
                (a, b.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            });
        }
    }
    (a(), b())
}

/// `items.map(f)` in order, the items spread over at most `parallelism()` threads.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let parts = parallelism().min(items.len());
    #[cfg(not(target_arch = "wasm32"))]
    {
        if parts > 1 {
            let per = items.len().div_ceil(parts);
            return std::thread::scope(|s| {
                let handles: Vec<_> = items
                    .chunks(per)
                    .map(|chunk| s.spawn(|| chunk.iter().map(&f).collect::<Vec<R>>()))
                    .collect();
                handles
                    .into_iter()
                    .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                    .collect()
            });
        }
    }
    let _ = parts;
    items.iter().map(f).collect()
}

/// `items.into_iter().map(f)` in order, the items handed out one at a time to at most
/// `parallelism()` threads (so a few expensive items do not all land on one thread); each item is
/// moved into `f`, which may consume it.
pub fn map_owned<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let parts = parallelism().min(items.len());
    #[cfg(not(target_arch = "wasm32"))]
    {
        if parts > 1 {
            use std::sync::atomic::{AtomicUsize, Ordering};
            use std::sync::Mutex;
            let slots: Vec<Mutex<Option<T>>> = items.into_iter().map(|t| Mutex::new(Some(t))).collect();
            let results: Vec<Mutex<Option<R>>> = slots.iter().map(|_| Mutex::new(None)).collect();
            let next = AtomicUsize::new(0);
            let work = || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(slot) = slots.get(i) else { break };
                let item = slot.lock().expect("each slot is taken once").take().expect("item present");
                *results[i].lock().expect("each result is written once") = Some(f(item));
            };
            std::thread::scope(|s| {
                for _ in 1..parts {
                    s.spawn(work);
                }
                work();
            });
            return results
                .into_iter()
                .map(|r| r.into_inner().expect("no worker panicked").expect("every item was mapped"))
                .collect();
        }
    }
    let _ = parts;
    items.into_iter().map(f).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_keeps_order_whatever_the_split() {
        let items: Vec<u64> = (0..1000).collect();
        assert_eq!(map(&items, |x| x * 2), items.iter().map(|x| x * 2).collect::<Vec<_>>());
        assert_eq!(map(&[] as &[u64], |x| *x), Vec::<u64>::new());
    }

    #[test]
    fn map_owned_keeps_order_and_moves_items() {
        let items: Vec<Vec<u64>> = (0..100).map(|i| vec![i; (i % 7) as usize]).collect();
        let expected: Vec<u64> = items.iter().map(|v| v.iter().sum()).collect();
        assert_eq!(map_owned(items, |v| v.into_iter().sum::<u64>()), expected);
        assert_eq!(map_owned(Vec::<u64>::new(), |x| x), Vec::<u64>::new());
    }

    #[test]
    fn join_returns_both_results_in_place() {
        assert_eq!(join(|| 1, || "two"), (1, "two"));
    }
}
