//! The learning loop of the seeds ("lærende rapportering"): after a round,
//! a unit or the municipality picks poster statements or stair relations
//! as improvement areas or success areas to keep, each with measures
//! (tiltak) that are followed up during the year; after the next round,
//! each area gets a reflection and its figures are looked at again.
//!
//! These are the types; `store` keeps them and `report::learning` reports
//! them. Nothing here is a response: areas and measures are the leaders'
//! own decisions, and no figure lives here.

use serde::Serialize;

/// Longest text a person may write in one field (why, what, notes, …).
pub const MAX_TEXT: usize = 2000;

/// What an area is about: a poster statement (its column) or a stair
/// relation (its key).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "key", rename_all = "snake_case")]
pub enum Target {
    Statement(String),
    Relation(String),
}

impl Target {
    pub fn kind(&self) -> &'static str {
        match self {
            Target::Statement(_) => "statement",
            Target::Relation(_) => "relation",
        }
    }

    pub fn key(&self) -> &str {
        match self {
            Target::Statement(k) | Target::Relation(k) => k,
        }
    }

    pub fn from_parts(kind: &str, key: String) -> Option<Target> {
        match kind {
            "statement" => Some(Target::Statement(key)),
            "relation" => Some(Target::Relation(key)),
            _ => None,
        }
    }

    /// `statement:plakat.p08` or `relation:skole`: one form field.
    pub fn parse(text: &str) -> Option<Target> {
        let (kind, key) = text.split_once(':')?;
        (!key.is_empty())
            .then(|| Target::from_parts(kind, key.to_string()))
            .flatten()
    }

    pub fn encode(&self) -> String {
        format!("{}:{}", self.kind(), self.key())
    }
}

/// The targets `round` offers, in the form's order: each poster statement
/// (scale question) with its bokmål text, then each stair relation with its
/// label.
pub fn targets_of(round: &crate::survey::Round) -> Vec<(Target, String)> {
    use crate::survey::QuestionKind;
    let mut out = Vec::new();
    for inst in &round.instruments {
        for q in &inst.questions {
            match &q.kind {
                QuestionKind::Scale { text, .. } => {
                    out.push((Target::Statement(inst.column(&q.id)), text.clone()));
                }
                QuestionKind::Stair(_) => out.extend(
                    round
                        .relations
                        .iter()
                        .map(|r| (Target::Relation(r.key.clone()), r.label.clone())),
                ),
                _ => {}
            }
        }
    }
    out
}

/// Why an area was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// "Forbedringsområder vi må gjøre noe med".
    Improve,
    /// "Suksessområder som må videreføres".
    Keep,
}

impl Purpose {
    pub fn key(self) -> &'static str {
        match self {
            Purpose::Improve => "improve",
            Purpose::Keep => "keep",
        }
    }

    pub fn parse(key: &str) -> Option<Purpose> {
        match key {
            "improve" => Some(Purpose::Improve),
            "keep" => Some(Purpose::Keep),
            _ => None,
        }
    }
}

/// Where a measure stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Planned,
    UnderWay,
    Done,
    Dropped,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Planned,
        Status::UnderWay,
        Status::Done,
        Status::Dropped,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::UnderWay => "under_way",
            Status::Done => "done",
            Status::Dropped => "dropped",
        }
    }

    pub fn parse(key: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// Whether a measure with this deadline and status is overdue on `today`
/// (dates as `YYYY-MM-DD`, which compare as text): past its deadline and
/// neither done nor dropped.
pub fn overdue(deadline: &str, status: Status, today: &str) -> bool {
    matches!(status, Status::Planned | Status::UnderWay) && !deadline.is_empty() && deadline < today
}

/// What was written after the next round: the seeds' four questions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Reflection {
    /// "Hva gjorde vi noe med i løpet av året som gått?"
    pub did: String,
    /// "Hva kan vi trekke for læring av resultatet?"
    pub learned: String,
    /// "Hvis vi fikk det til – hva var suksesskriteriene?"
    pub success_criteria: String,
    /// "Hvis ikke – hva kan være årsaker?"
    pub causes: String,
}

impl Reflection {
    pub fn is_empty(&self) -> bool {
        [
            &self.did,
            &self.learned,
            &self.success_criteria,
            &self.causes,
        ]
        .iter()
        .all(|t| t.trim().is_empty())
    }
}

/// A measure (tiltak) for an area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Measure {
    pub id: i64,
    pub what: String,
    /// A name or a role, as free text.
    pub responsible: String,
    /// `YYYY-MM-DD`, when there is one.
    pub deadline: Option<String>,
    pub status: Status,
    /// `YYYY-MM-DD`: when the status was last set.
    pub status_on: String,
    pub notes: String,
}

/// An area chosen from round `round`'s results, for the year after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Area {
    pub id: i64,
    pub round: String,
    /// `None`: the whole municipality.
    pub unit: Option<String>,
    pub target: Target,
    pub purpose: Purpose,
    pub why: String,
    pub reflection: Reflection,
    pub measures: Vec<Measure>,
}

/// A new area, before the store gives it an id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewArea {
    pub round: String,
    pub unit: Option<String>,
    pub target: Target,
    pub purpose: Purpose,
    pub why: String,
}

/// A measure as a form or a file gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureInput {
    pub what: String,
    pub responsible: String,
    pub deadline: Option<String>,
    pub status: Status,
    pub notes: String,
}

/// Why a measure or area input was refused; each names the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("«{field}» må fylles ut")]
    Missing { field: &'static str },
    #[error("«{field}» er for lang (høyst {MAX_TEXT} tegn)")]
    TooLong { field: &'static str },
    #[error("fristen «{0}» er ikke en dato (ÅÅÅÅ-MM-DD)")]
    BadDate(String),
}

impl InputError {
    /// The form field it is about.
    pub fn field(&self) -> &'static str {
        match self {
            InputError::Missing { field } | InputError::TooLong { field } => field,
            InputError::BadDate(_) => "deadline",
        }
    }
}

/// Trims `text`; `Missing` when `required` and empty, `TooLong` past
/// `MAX_TEXT` characters.
pub fn checked_text(field: &'static str, text: &str, required: bool) -> Result<String, InputError> {
    let text = text.trim();
    if required && text.is_empty() {
        return Err(InputError::Missing { field });
    }
    if text.chars().count() > MAX_TEXT {
        return Err(InputError::TooLong { field });
    }
    Ok(text.to_string())
}

/// A date as `YYYY-MM-DD` (a real calendar day); empty is `None`.
pub fn checked_date(text: &str) -> Result<Option<String>, InputError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text, &format)
        .map(|_| Some(text.to_string()))
        .map_err(|_| InputError::BadDate(text.to_string()))
}

/// Measures per status, for a line such as "12 tiltak: 7 gjennomført, …".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StatusCounts {
    pub total: u64,
    pub planned: u64,
    pub under_way: u64,
    pub done: u64,
    pub dropped: u64,
}

impl StatusCounts {
    pub fn of<'a>(measures: impl IntoIterator<Item = &'a Measure>) -> StatusCounts {
        let mut c = StatusCounts::default();
        for m in measures {
            c.total += 1;
            match m.status {
                Status::Planned => c.planned += 1,
                Status::UnderWay => c.under_way += 1,
                Status::Done => c.done += 1,
                Status::Dropped => c.dropped += 1,
            }
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_travel_in_one_field() {
        for t in [
            Target::Statement("plakat.p08".into()),
            Target::Relation("skole".into()),
        ] {
            assert_eq!(Target::parse(&t.encode()), Some(t));
        }
        for bad in ["", "statement", "statement:", "other:x", "plakat.p08"] {
            assert_eq!(Target::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn statuses_parse_from_their_keys() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.key()), Some(s));
        }
        assert_eq!(Status::parse("ferdig"), None);
    }

    #[test]
    fn inputs_are_checked_and_trimmed() {
        assert_eq!(checked_text("what", "  Møte  ", true), Ok("Møte".into()));
        assert_eq!(
            checked_text("what", "   ", true),
            Err(InputError::Missing { field: "what" })
        );
        assert_eq!(checked_text("notes", "", false), Ok(String::new()));
        let long = "x".repeat(MAX_TEXT + 1);
        assert_eq!(
            checked_text("why", &long, true),
            Err(InputError::TooLong { field: "why" })
        );
        assert_eq!(checked_date("2027-03-01"), Ok(Some("2027-03-01".into())));
        assert_eq!(checked_date(""), Ok(None));
        for bad in ["2027-02-30", "1. mars", "2027-3-1"] {
            assert!(checked_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn status_counts_add_up() {
        let m = |status| Measure {
            id: 0,
            what: String::new(),
            responsible: String::new(),
            deadline: None,
            status,
            status_on: String::new(),
            notes: String::new(),
        };
        let all = [m(Status::Done), m(Status::Done), m(Status::Dropped)];
        assert!(overdue("2026-01-31", Status::Planned, "2026-02-01"));
        assert!(overdue("2026-01-31", Status::UnderWay, "2026-02-01"));
        assert!(
            !overdue("2026-02-01", Status::Planned, "2026-02-01"),
            "due today"
        );
        assert!(!overdue("2026-01-31", Status::Done, "2026-02-01"));
        assert!(!overdue("2026-01-31", Status::Dropped, "2026-02-01"));
        assert!(!overdue("", Status::Planned, "2026-02-01"));
        let c = StatusCounts::of(&all);
        assert_eq!((c.total, c.done, c.dropped, c.planned), (3, 2, 1, 0));
    }
}
