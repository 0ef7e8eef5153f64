//! Placeholder until the worker lands.
