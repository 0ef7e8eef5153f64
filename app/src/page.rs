//! The app's pages and their addresses (`#data`, `#pipeline`, ...), so every page can be linked to.

/// One page of the app, in navigation order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// Workspace summary.
    Overview,
    /// Dataset versions, import, sample data, profiles, diffs.
    Data,
    /// The training pipeline DAG and its runs.
    Pipeline,
    /// Runs, metrics and comparisons.
    Experiments,
    /// Registered models, versions and aliases.
    Models,
    /// Drift and regression-quality reports.
    Monitoring,
    /// Edge deployments.
    Deploy,
    /// Predictions from a model.
    Predict,
    /// Push to and pull from the team remote.
    Sync,
    /// Storage and workspace export/import.
    Settings,
}

impl Page {
    /// Every page, in navigation order.
    pub const ALL: [Page; 10] = [
        Page::Overview,
        Page::Data,
        Page::Pipeline,
        Page::Experiments,
        Page::Models,
        Page::Monitoring,
        Page::Deploy,
        Page::Predict,
        Page::Sync,
        Page::Settings,
    ];

    /// Title shown in the navigation and the page header.
    pub fn title(self) -> &'static str {
        match self {
            Page::Overview => "Overview",
            Page::Data => "Data",
            Page::Pipeline => "Pipeline",
            Page::Experiments => "Experiments",
            Page::Models => "Models",
            Page::Monitoring => "Monitoring",
            Page::Deploy => "Deploy",
            Page::Predict => "Predict",
            Page::Sync => "Sync",
            Page::Settings => "Settings",
        }
    }

    /// The URL fragment naming the page (without `#`).
    pub fn slug(self) -> &'static str {
        match self {
            Page::Overview => "overview",
            Page::Data => "data",
            Page::Pipeline => "pipeline",
            Page::Experiments => "experiments",
            Page::Models => "models",
            Page::Monitoring => "monitoring",
            Page::Deploy => "deploy",
            Page::Predict => "predict",
            Page::Sync => "sync",
            Page::Settings => "settings",
        }
    }

    /// The page a URL fragment names; unknown or empty fragments open the overview.
    pub fn from_hash(hash: &str) -> Page {
        let slug = hash.trim_start_matches('#');
        Page::ALL.into_iter().find(|p| p.slug() == slug).unwrap_or(Page::Overview)
    }
}
