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
    fn join_returns_both_results_in_place() {
        assert_eq!(join(|| 1, || "two"), (1, "two"));
    }
}
