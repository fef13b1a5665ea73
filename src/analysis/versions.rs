//! Two versions of one closed round: the copy leaders and readers were
//! shown, and the answers as they stand after late answers, a reopening or
//! a re-import. Leaders may have saved the first, so the second may replace
//! it only where the difference between the two tells about no small group:
//! the disclosure rule must show and hide the very same figures in both,
//! and every figure that changes must change by at least k answers (a
//! group's comments: by at least k_comments respondents). DISCLOSURE.md,
//! "Across time", gives the argument.

use super::aggregate::{Labels, Options};
use super::analyse::version_problems;
use super::groups::groups;
use super::source::{Part, from_snapshots};
use crate::store::Snapshot;
use crate::survey::Round;

/// Whose figure would change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Whom {
    Municipality,
    Unit(String),
    Area(String),
    Role(String),
    /// The hidden units together (of an area, or outside the shown ones):
    /// their figure is the municipality's or the area's less the shown ones.
    HiddenUnits,
    /// The hidden roles together.
    HiddenRoles,
}

/// Which figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum What {
    Respondents,
    /// A question's answers, by column.
    Item(String),
    /// A stair relation's goal figures, by relation key.
    Goal(String),
}

/// Why the answers as they stand may not replace the published copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Figures now hidden would be shown, or the other way round.
    Pattern,
    /// A figure would change by `changed` answers (1..k−1 either way, or 0
    /// when one answer took another's place).
    Few {
        whom: Whom,
        what: What,
        changed: i64,
        k: u64,
    },
    /// A unit's comments would change with `changed` respondents.
    Comments {
        unit: String,
        changed: i64,
        k_comments: u64,
    },
}

impl std::fmt::Display for Whom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Whom::Municipality => write!(f, "kommunen"),
            Whom::Unit(u) => write!(f, "enheten «{u}»"),
            Whom::Area(a) => write!(f, "tjenesteområdet «{a}»"),
            Whom::Role(r) => write!(f, "rollen «{r}»"),
            Whom::HiddenUnits => write!(f, "de skjulte enhetene"),
            Whom::HiddenRoles => write!(f, "de skjulte rollene"),
        }
    }
}

impl std::fmt::Display for What {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            What::Respondents => write!(f, "antall svar"),
            What::Item(c) => write!(f, "{c}"),
            What::Goal(r) => write!(f, "målet i samhandlingstrappa ({r})"),
        }
    }
}

/// In bokmål, for the command line; the web words them with Fluent.
impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Pattern => write!(
                f,
                "svarene ville endre hvilke tall som vises og hvilke som skjules"
            ),
            Problem::Few {
                whom,
                what,
                changed,
                k,
            } => match changed {
                0 => write!(f, "{what} for {whom}: ett svar ville bytte plass med et annet"),
                n => write!(
                    f,
                    "{what} for {whom}: endres med {} svar (minst {k} må til)",
                    n.abs()
                ),
            },
            Problem::Comments {
                unit,
                changed,
                k_comments,
            } => write!(
                f,
                "kommentarene fra «{unit}»: endres med {} svar (minst {k_comments} må til)",
                changed.abs()
            ),
        }
    }
}

/// Name of the published copy inside the dataset that holds both versions.
const BEFORE: &str = "\u{1}publisert";

/// What keeps `live` (the round's answers as they stand) from replacing
/// `before` (its published copy): nothing when it may.
pub fn problems(round: &Round, live: &Snapshot, before: &Snapshot) -> anyhow::Result<Vec<Problem>> {
    let parts = [
        Part {
            round,
            name: &round.id,
            snapshot: live,
        },
        Part {
            round,
            name: BEFORE,
            snapshot: before,
        },
    ];
    let (data, labels): (_, Labels) = from_snapshots(&parts)?;
    let groups = groups(&data)?;
    let options = Options {
        round: round.id.clone(),
        previous: None,
        k: round.privacy.k,
        k_rounds: Default::default(),
        k_comments: round.privacy.k_comments,
        min_change: 0.0,
    };
    Ok(version_problems(
        &data, &groups, &labels, &options, &round.id, BEFORE,
    ))
}
