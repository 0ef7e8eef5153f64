//! The rows an edge isolate has sampled but not stored yet: appended per prediction, taken as one
//! [`TrafficSample`] when enough rows or enough time have gathered (one storage write per batch,
//! not per request).

use super::sample::{append_rows, TrafficError, TrafficSample};
use crate::serve::Observation;

/// Sampled rows of one bundle waiting to be stored.
#[derive(Debug, Clone, Default)]
pub struct TrafficBuffer {
    pending: Option<TrafficSample>,
}

impl TrafficBuffer {
    /// An empty buffer.
    pub fn new() -> Self {
        TrafficBuffer::default()
    }

    /// Adds what one request predicted for `bundle` at `now_ms`. Rows of another bundle first close
    /// the pending batch, which is returned so the caller stores it (a deployment switch must not mix
    /// two models' traffic).
    pub fn push(
        &mut self,
        bundle: &str,
        observation: Observation,
        now_ms: u64,
    ) -> Result<Option<TrafficSample>, TrafficError> {
        let closed = match &self.pending {
            Some(p) if p.bundle != bundle => self.take(),
            _ => None,
        };
        match &mut self.pending {
            Some(p) => {
                append_rows(&mut p.rows, &observation.rows)?;
                p.predictions.extend_from_slice(&observation.predictions);
                p.last_ms = p.last_ms.max(now_ms);
            }
            None => {
                self.pending = Some(TrafficSample {
                    bundle: bundle.to_string(),
                    first_ms: now_ms,
                    last_ms: now_ms,
                    rows: observation.rows,
                    predictions: observation.predictions,
                })
            }
        }
        Ok(closed)
    }

    /// Rows waiting.
    pub fn rows(&self) -> usize {
        self.pending.as_ref().map_or(0, |p| p.predictions.len())
    }

    /// Whether the pending batch should be stored: `max_rows` reached, or its first row is older than
    /// `max_age_ms`.
    pub fn is_due(&self, now_ms: u64, max_rows: usize, max_age_ms: u64) -> bool {
        self.pending.as_ref().is_some_and(|p| {
            p.predictions.len() >= max_rows || now_ms.saturating_sub(p.first_ms) >= max_age_ms
        })
    }

    /// The pending rows, without taking them (a drift check counts what is not stored yet).
    pub fn peek(&self) -> Option<&TrafficSample> {
        self.pending.as_ref()
    }

    /// Takes the pending batch, leaving the buffer empty.
    pub fn take(&mut self) -> Option<TrafficSample> {
        self.pending.take()
    }
}

#[cfg(test)]
mod tests {
    use super::super::sample::tests::rows;
    use super::*;

    fn seen(area: f64, furnished: &str, prediction: f64) -> Observation {
        Observation { rows: rows(&[area], &[Some(furnished)]), predictions: vec![prediction] }
    }

    #[test]
    fn rows_gather_until_due_and_another_bundle_closes_the_batch() {
        let mut buffer = TrafficBuffer::new();
        assert!(!buffer.is_due(0, 1, 0), "an empty buffer is never due");
        assert_eq!(buffer.push("a", seen(1.0, "furnished", 10.0), 100).unwrap(), None);
        assert_eq!(buffer.push("a", seen(2.0, "unfurnished", 20.0), 150).unwrap(), None);
        assert_eq!(buffer.rows(), 2);
        assert!(buffer.is_due(150, 2, 1_000));
        assert!(!buffer.is_due(150, 3, 1_000));
        assert!(buffer.is_due(1_100, 3, 1_000), "old rows are due whatever their count");
        let closed = buffer.push("b", seen(3.0, "furnished", 30.0), 200).unwrap().unwrap();
        assert_eq!((closed.bundle.as_str(), closed.first_ms, closed.last_ms), ("a", 100, 150));
        assert_eq!(closed.predictions, vec![10.0, 20.0]);
        assert_eq!(closed.rows.n_rows(), 2);
        let next = buffer.take().unwrap();
        assert_eq!((next.bundle.as_str(), next.predictions.len()), ("b", 1));
        assert_eq!(buffer.rows(), 0);
    }
}
