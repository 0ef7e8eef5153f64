//! Histogram-based gradient-boosted regression trees, after scikit-learn's
//! `HistGradientBoostingRegressor`: quantile binning into at most 255 bins plus a missing bin,
//! leaf-wise growth, histogram subtraction, squared-error loss, optional early stopping on a
//! seeded validation split; plus seeded row subsampling per tree (stochastic gradient boosting).

mod binning;
mod grower;
mod model;
mod sampling;

pub use model::{EarlyStopping, HgbModel, HgbParams, Tree, TreeNode};
