//! Survey definitions and rounds, parsed into validated types.

/// Answer columns and values; parsing of raw cells.
pub mod answer;
/// The instruments shipped with trappa, compiled in.
pub mod builtin;
/// One instrument's definition, parsed from TOML.
pub mod definition;
/// The set of instruments available for new rounds.
pub mod library;
/// Problems found in definition files, with file and line.
pub mod problem;
/// Rounds, their units, relations and roles, and their columns.
pub mod round;
/// What a response adds to its round's kept counts.
pub mod tally;

pub use answer::{Column, ColumnKind, Value};
pub use definition::{Instrument, Question, QuestionKind};
pub use library::Library;
pub use problem::Problem;
pub use round::{Privacy, Relation, Role, Round, RoundParts, Unit};
