//! The training pipeline's tasks: ingest → validate → split → train → evaluate → gate → register →
//! promote, as [`Task`](crate::pipeline::Task)s over the data, train and registry modules.

mod artifacts;
mod ingest;
mod source;
mod split;
mod validate;

pub use artifacts::{TrainingData, ValidationSummary, DATASET, SPLIT, VALIDATION};
pub use ingest::Ingest;
pub use source::{CsvBytes, DatasetSource, SourceFuture};
pub use split::SplitRows;
pub use validate::Validate;

#[cfg(test)]
mod tests;
