//! The CSV exchange format (one row per response: `round`, `unit`, `role`,
//! then a column per answer; see the README): import with checks, export.

/// The learning loop's areas and measures as CSV.
pub mod areas;
/// Writing the exchange format.
pub mod export;
/// A file's rows, to recognise a file imported into a round before.
pub mod file_rows;
/// Separator detection, BOM, encodings, formula escaping and the CSV reader.
pub mod format;
/// Checked, all-or-nothing import.
pub mod import;
/// Reference figures from outside the municipality, from CSV.
pub mod reference;

pub use export::{ExportError, export};
pub use import::{ImportError, ImportOptions, ImportSummary, RowError, import};
