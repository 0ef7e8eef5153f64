//! Drift tests with Evidently's exact rules, regression quality, JSON and HTML reports.
