//! Reports: aggregates + charts → print-ready HTML (minijinja templates in
//! `reports/`), the same aggregates as JSON, and PDF through Chromium.

/// What an account may get of a round's results.
pub mod access;
/// Picking rounds, loading and analysing.
pub mod build;
/// The HTML reports: leader, summary, unit.
/// Focus suggestions: statements that go together with a higher stair step.
pub mod focus;
pub mod html;
/// The learning loop's look back: areas, measures and their figures.
pub mod learning;
/// Definition texts and roles in the report's language.
pub mod localize;
/// The leader report's overview of units, in the order asked for.
pub mod overview;
/// Printing HTML to PDF with headless Chromium.
pub mod pdf;
/// Plain-language sentences for the politicians' summary.
pub mod sentences;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::analysis::Analysis;
use crate::survey::round::MIN_K;

/// Which report.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// Everything, per unit and role, with the notes.
    Leader,
    /// One or two A4 pages for politicians.
    Summary,
    /// One unit against the whole municipality.
    Unit(String),
    /// The look back at the areas chosen after the previous round.
    Learning,
    /// The pack for a unit's results meeting (seed 002): its results, last
    /// year's measures, the preparation task, the stair questions, the
    /// checklist and a blank action sheet; for one unit, or for every
    /// unit the reader may see (`None`).
    Meeting(Option<String>),
    /// The results page for everyone who was asked (no login): the
    /// municipality's figures as the summary shows them, and what was
    /// decided from them. Not a kind one can ask `/rapporter` for.
    Staff,
}

/// A report's kind as the command line and addresses name it (`leader`,
/// `summary`, `unit`); `Kind::new` adds the unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindName {
    Leader,
    Summary,
    Unit,
    Learning,
    Meeting,
}

/// A kind that is not one of trappa's reports, or a unit report without
/// its unit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KindError {
    #[error("ukjent rapporttype «{0}» (leader, summary, unit, learning eller meeting)")]
    Unknown(String),
    #[error("en enhetsrapport trenger enheten (--unit)")]
    NoUnit,
}

impl std::str::FromStr for KindName {
    type Err = KindError;

    fn from_str(s: &str) -> Result<KindName, KindError> {
        match s {
            "leader" => Ok(KindName::Leader),
            "summary" => Ok(KindName::Summary),
            "unit" => Ok(KindName::Unit),
            "learning" => Ok(KindName::Learning),
            "meeting" => Ok(KindName::Meeting),
            other => Err(KindError::Unknown(other.to_string())),
        }
    }
}

impl Kind {
    /// The report `name` names, for `unit` where it is a unit report.
    pub fn new(name: KindName, unit: Option<&str>) -> Result<Kind, KindError> {
        match (name, unit) {
            (KindName::Leader, _) => Ok(Kind::Leader),
            (KindName::Summary, _) => Ok(Kind::Summary),
            (KindName::Unit, Some(unit)) => Ok(Kind::Unit(unit.to_string())),
            (KindName::Unit, None) => Err(KindError::NoUnit),
            (KindName::Learning, _) => Ok(Kind::Learning),
            (KindName::Meeting, unit) => Ok(Kind::Meeting(unit.map(str::to_string))),
        }
    }

    /// The one unit the report is about, where it names one.
    pub fn unit(&self) -> Option<&str> {
        match self {
            Kind::Unit(u) | Kind::Meeting(Some(u)) => Some(u),
            _ => None,
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Kind::Leader => "leder",
            Kind::Summary => "sammendrag",
            Kind::Unit(_) => "enhet",
            Kind::Learning => "læring",
            Kind::Meeting(_) => "møtepakke",
            Kind::Staff => "ansatte",
        }
    }
}

/// The smallest group whose figures a report shows: `MIN_K` at least,
/// whoever asks (the command line and the web parse it the same way).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MinGroupSize(u64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("minste gruppestørrelse må være et heltall på minst {}", MIN_K)]
pub struct BadMinGroupSize;

impl MinGroupSize {
    pub fn get(self) -> u64 {
        self.0
    }
}

impl TryFrom<u64> for MinGroupSize {
    type Error = BadMinGroupSize;

    fn try_from(k: u64) -> Result<MinGroupSize, BadMinGroupSize> {
        if k >= MIN_K {
            Ok(MinGroupSize(k))
        } else {
            Err(BadMinGroupSize)
        }
    }
}

impl std::str::FromStr for MinGroupSize {
    type Err = BadMinGroupSize;

    fn from_str(s: &str) -> Result<MinGroupSize, BadMinGroupSize> {
        s.trim()
            .parse::<u64>()
            .map_err(|_| BadMinGroupSize)
            .and_then(MinGroupSize::try_from)
    }
}

/// The smallest change in a mean (scale points) that reports call
/// meaningful, unless asked for another.
pub const DEFAULT_MIN_CHANGE: f64 = 0.1;

/// Facts about how a report was made, printed in its header.
#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    pub kind: &'static str,
    pub unit: Option<String>,
    /// Date the report was made (YYYY-MM-DD).
    pub generated: String,
    /// Short hash of the aggregated data, the texts and the wording it rests on.
    pub fingerprint: String,
    /// The exchange CSV file it was made from; `None` for the database.
    pub source_file: Option<String>,
}

/// A fingerprint of what the report shows: every figure, text and wording
/// of the aggregates after the disclosure rule, before a leader's scope is
/// applied (so everyone's copy of a report carries the same one). Made from
/// what is shown only, so that it cannot be used to test guesses about a
/// hidden figure; any change to the data that moves a shown figure moves it.
pub fn fingerprint(analysis: &Analysis) -> String {
    let bytes = serde_json::to_vec(analysis).expect("aggregates serialise");
    let digest = Sha256::digest(bytes);
    digest[..6].iter().map(|b| format!("{b:02x}")).collect()
}

/// The documented JSON shape: `{ "meta": …, "analysis": … }`.
pub fn json(built: &build::Built) -> String {
    #[derive(Serialize)]
    struct Out<'a> {
        meta: &'a Meta,
        analysis: &'a Analysis,
        follow_up: &'a learning::FollowUp,
        focus: &'a [focus::Focus],
    }
    let out = Out {
        meta: &built.meta,
        analysis: &built.analysis,
        follow_up: &built.follow_up,
        focus: &built.focus,
    };
    serde_json::to_string_pretty(&out).expect("aggregates serialise")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_sizes_below_the_floor_do_not_parse() {
        assert_eq!("3".parse::<MinGroupSize>().map(MinGroupSize::get), Ok(3));
        assert_eq!(
            " 12 ".parse::<MinGroupSize>().map(MinGroupSize::get),
            Ok(12)
        );
        for bad in ["2", "0", "-5", "", "fem", "3.5"] {
            assert_eq!(bad.parse::<MinGroupSize>(), Err(BadMinGroupSize), "{bad}");
        }
        assert!(MinGroupSize::try_from(2).is_err());
    }

    #[test]
    fn kinds_parse_from_their_names() {
        let kind = |name: &str, unit: Option<&str>| {
            name.parse::<KindName>().and_then(|n| Kind::new(n, unit))
        };
        assert_eq!(kind("leader", None), Ok(Kind::Leader));
        assert_eq!(kind("summary", Some("x")), Ok(Kind::Summary));
        assert_eq!(kind("unit", Some("Skole")), Ok(Kind::Unit("Skole".into())));
        assert_eq!(kind("unit", None), Err(KindError::NoUnit));
        assert_eq!(
            kind("meeting", Some("Skole")),
            Ok(Kind::Meeting(Some("Skole".into())))
        );
        assert_eq!(kind("meeting", None), Ok(Kind::Meeting(None)));
        assert_eq!(kind("leder", None), Err(KindError::Unknown("leder".into())));
    }
}
