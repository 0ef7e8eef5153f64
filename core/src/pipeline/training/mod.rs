//! The training pipeline's tasks: ingest → validate → split → train → evaluate → gate → register →
//! promote, as [`Task`](crate::pipeline::Task)s over the data, train and registry modules.

mod artifacts;
mod by_hand;
mod catalog;
mod champion;
mod evaluate;
mod gate;
mod ingest;
mod promote;
mod register;
mod source;
mod split;
mod train;
mod validate;

pub use artifacts::{
    Evaluation, GateReport, RegisteredVersion, TrainingData, ValidationSummary, DATASET, EVALUATION, GATE,
    MODEL, REGISTERED, SELECTION, SPLIT, VALIDATION,
};
pub use by_hand::{promote_by_hand, ManualPromotion, ManualPromotionError};
pub use catalog::training_pipeline;
pub use champion::champion_on_test_rows;
pub use evaluate::Evaluate;
pub use gate::Gate;
pub use ingest::Ingest;
pub use promote::Promote;
pub use register::Register;
pub use source::{CsvBytes, DatasetSource, SourceFuture, StoreDatasets, StoreSourceError};
pub use split::SplitRows;
pub use train::TrainCandidates;
pub use validate::Validate;

#[cfg(test)]
mod tests;
