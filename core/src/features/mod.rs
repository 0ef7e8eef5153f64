//! Fitted preprocessing applied identically in training and serving.
