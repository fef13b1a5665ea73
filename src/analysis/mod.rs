//! Analysis: responses → typed aggregates, with the trust rules applied.
//! Pure: no I/O (the sources read files and the store; the rest is math).

/// The aggregates a report shows, suppressed.
pub mod aggregate;
/// Group sums → aggregates.
pub mod analyse;
/// Responses in columnar form.
pub mod dataset;
/// The disclosure rule: which figures of a round may be shown.
pub mod disclosure;
/// The municipality's focus areas: means over their statements' means.
pub mod focus_areas;
/// The polars group-by that computes per-group sums.
pub mod groups;
/// What one round may show: the disclosure rule over its families.
pub mod plan;
/// Loading a dataset from an exchange CSV file or from the store.
pub mod source;
/// Statistics from sums: mean, std, median, Welch interval.
pub mod stats;
/// Two versions of one closed round: may the later replace the earlier?
pub mod versions;

pub use aggregate::{Analysis, Labels, Options};
pub use analyse::analyse;
pub use dataset::Dataset;
