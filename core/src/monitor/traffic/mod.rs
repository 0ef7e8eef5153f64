//! Drift on live prediction traffic: the edge samples the rows it predicted for ([`TrafficBuffer`]),
//! stores them in batches ([`TrafficSample`], one immutable KV value each, so concurrent isolates
//! never overwrite each other), and compares a window of recent batches with the bundle's reference
//! profile ([`traffic_drift`]) — O(window), the training data is never reread.

mod buffer;
mod report;
mod sample;

pub use buffer::TrafficBuffer;
pub use report::{traffic_drift, PredictionSummary, TrafficDrift, TrafficWindow};
pub use sample::{TrafficError, TrafficSample, TRAFFIC_FORMAT};
