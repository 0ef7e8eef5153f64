//! The task DAG: states, trigger rules, retries, per-try logs, step caching and progress events.
