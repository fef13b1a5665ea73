//! The CSV exchange format (see DESIGN.md): import with checks, export.

/// Writing the exchange format.
pub mod export;
/// Separator detection, BOM and the CSV reader.
pub mod format;
/// Checked, all-or-nothing import.
pub mod import;

pub use export::export;
pub use import::{ImportError, ImportOptions, ImportSummary, RowError, import};
