//! Model specs, fitting, metrics, cross-validation, grid search and the quality gate.
