//! The typed aggregates a report is made from, for round R and its previous
//! round P, each figure a `Cell` that the disclosure rule (see `disclosure`)
//! decided; `analyse` computes them.

use std::collections::HashMap;

use serde::Serialize;

use super::disclosure::Cell;
use super::stats::{Change, ScaleStats};

#[derive(Debug, Clone)]
pub struct Options {
    pub round: String,
    pub previous: Option<String>,
    /// Minimum group size of round R, and of every round not in `k_rounds`.
    pub k: u64,
    /// Rounds with a minimum group size of their own: each round's figures
    /// are decided by its own k, so that they are the same in every report
    /// that shows them.
    pub k_rounds: HashMap<String, u64>,
    /// Fewest respondents a unit needs for its free text to be shown (≥ k).
    pub k_comments: u64,
    /// Smallest change worth calling meaningful (on the item's scale).
    pub min_change: f64,
}

/// Names and wording that are not in the responses themselves.
#[derive(Debug, Clone, Default)]
pub struct Labels {
    pub municipality: String,
    /// (column, round) → question wording, to detect a changed wording.
    pub wording: HashMap<(String, String), String>,
    /// Column → the question's short title, where it has one.
    pub shorts: HashMap<String, String>,
    pub relations: HashMap<String, String>,
    /// Names of the stair's steps, lowest first.
    pub steps: Vec<String>,
    /// Labels of the statements' scale points, lowest first.
    pub scale_labels: Vec<String>,
    /// Number invited per unit in round R, where known.
    pub invited: HashMap<String, u32>,
    /// Round → number invited per unit, where its definition says: a
    /// public bound the disclosure rule reckons with.
    pub invited_by_round: HashMap<String, HashMap<String, u32>>,
    /// Round → the units and roles its definition names. The disclosure
    /// rule decides a round over these (and any with answers in it), so
    /// that its decision is the same in every report that shows it.
    pub defined_by_round: HashMap<String, (Vec<String>, Vec<String>)>,
    /// Rounds read under the rule of before December 2026
    /// (`Round::legacy_rule`): they show only what both rules show.
    pub legacy_rounds: std::collections::HashSet<String>,
    /// Column → title of the instrument it belongs to.
    pub instruments: HashMap<String, String>,
    /// The units and roles round R defines, listed whether or not anyone
    /// in them answered (a list of only those who did would tell).
    pub units: Vec<String>,
    pub roles: Vec<String>,
    /// Round → its service areas, each with its units.
    pub areas: HashMap<String, Vec<(String, Vec<String>)>>,
    /// Unit → the partners (relation keys) round R does not ask it about
    /// (a culture school is not asked about the culture school).
    pub unasked: HashMap<String, Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StairStats {
    /// Answers on "now".
    pub n: u64,
    pub counts: Vec<u64>,
    pub pct: Vec<f64>,
    pub median_now: f64,
    pub mean_now: f64,
    /// The goal figures rest on the respondents who gave both a current
    /// step and a goal (`n_goal` = `n_gap`); all are `None` where the
    /// disclosure rule hides them or nobody gave both.
    pub n_goal: Option<u64>,
    pub mean_goal: Option<f64>,
    pub n_gap: Option<u64>,
    pub mean_gap: Option<f64>,
    /// Per cent of those who see at least one step up.
    pub pct_up: Option<f64>,
}

/// Those of a group who said they do not collaborate with a partner ("vi
/// samarbeider ikke med denne parten"): an answer to the current step, but
/// no step, so it is in no mean. A share of the group's respondents, like
/// a level of a distribution, shown wherever the respondents are.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Apart {
    pub n: u64,
    /// The group's respondents.
    pub of: u64,
    pub pct: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoundCounts {
    pub round: String,
    pub total: Cell<u64>,
    /// Aligned with `Analysis::roles`.
    pub by_role: Vec<Cell<u64>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResponseRate {
    pub invited: u64,
    pub percent: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitCounts {
    pub unit: String,
    /// Aligned with `Analysis::rounds`.
    pub by_round: Vec<Cell<u64>>,
    /// Invited in round R, where known.
    pub invited: Option<u32>,
    /// Per cent of those invited who answered in R; only where R's count is shown.
    pub rate: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Statement {
    pub column: String,
    /// The scale's lowest and highest point (`pct` has one entry per point).
    pub min: i32,
    pub max: i32,
    /// Short label: "1" for plakat.p01.
    pub label: String,
    pub text: String,
    /// A few words that name the statement (see `Question::short`).
    pub short: Option<String>,
    pub stats: Cell<ScaleStats>,
    pub previous: Option<Cell<ScaleStats>>,
    pub change: Option<Change>,
    /// The wording changed since P: no comparison.
    pub series_break: bool,
}

/// A single-choice question (the learning-meeting checklist): the share
/// choosing each option.
#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    /// Title of the instrument, e.g. "Sjekkliste lærende møte".
    pub instrument: String,
    pub column: String,
    pub text: String,
    pub options: Vec<String>,
    /// `counts` and `pct` per option; the mean of option numbers means nothing.
    pub stats: Cell<ChoiceStats>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChoiceStats {
    pub n: u64,
    pub counts: Vec<u64>,
    pub pct: Vec<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Relation {
    pub key: String,
    pub label: String,
    pub stats: Cell<StairStats>,
    /// The whole municipality's "samarbeider ikke" answers.
    pub apart: Cell<Apart>,
    pub previous: Option<Cell<StairStats>>,
    /// Change of the mean current step.
    pub change: Option<Change>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupBlock {
    pub name: String,
    /// A service area's units (empty for a unit or a role).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
    pub respondents: Cell<u64>,
    /// Aligned with `Analysis::statements`.
    pub statements: Vec<Cell<ScaleStats>>,
    pub changes: Vec<Option<Change>>,
    /// Aligned with `Analysis::relations` (empty for roles).
    pub stair: Vec<Cell<StairStats>>,
    /// "Samarbeider ikke" per relation, aligned with `stair`.
    pub apart: Vec<Cell<Apart>>,
    /// Per relation: the round does not ask this unit about the partner
    /// (from its definition, so it tells nothing of the answers).
    pub unasked: Vec<bool>,
    /// Change of the mean current step since P, aligned with `stair`.
    pub stair_changes: Vec<Option<Change>>,
    /// The unit's series over every round (`None` for roles).
    pub trends: Option<Trends>,
    /// The group's figure per focus area, aligned with
    /// `Analysis::focus_areas` (see `focus_areas`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub focus: Vec<Cell<f64>>,
}

/// One round's point in a series: the mean, where the round's own
/// disclosure rule shows it.
#[derive(Debug, Clone, Serialize)]
pub struct TrendPoint {
    pub round: String,
    pub mean: Cell<f64>,
    /// The wording changed since the round before: a new series starts here.
    pub series_break: bool,
}

/// Series over every round up to R, aligned with `Analysis::statements`
/// (their means) and `Analysis::relations` (the mean current step).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Trends {
    pub statements: Vec<Vec<TrendPoint>>,
    pub relations: Vec<Vec<TrendPoint>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Note {
    pub relation: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitNotes {
    pub unit: String,
    pub notes: Vec<Note>,
}

/// One focus area's figures (see `focus_areas`).
#[derive(Debug, Clone, Serialize)]
pub struct FocusFigure {
    pub name: String,
    /// Its statements' columns and numbers ("3", "10"), in the order named.
    pub columns: Vec<String>,
    pub labels: Vec<String>,
    /// The mean of its statements' means in R.
    pub mean: Cell<f64>,
    /// The same in P, where there is a P, every statement was asked there
    /// in the same words, and every mean is shown.
    pub previous: Option<Cell<f64>>,
}

/// Everything a report shows, after suppression.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    pub municipality: String,
    pub steps: Vec<String>,
    pub scale_labels: Vec<String>,
    pub round: String,
    pub previous: Option<String>,
    /// The round before R when it has too few answers to show any figure:
    /// the report is made without a comparison and says so.
    pub previous_without_figures: Option<String>,
    pub k: u64,
    /// Set when an administrator asked for another k than the round's: the
    /// report says so on every page.
    pub k_round: Option<u64>,
    /// Set when the figures are the round's answers as they stand, not the
    /// copy published for leaders and readers (an administrator's view, or
    /// an open round): the report says on every page that it is not for
    /// sharing, since set against a published report it could tell late
    /// answers apart.
    pub unpublished: bool,
    pub k_comments: u64,
    pub min_change: f64,
    pub invalid_cells: u64,
    /// Round R has no answers at all (made and not yet opened, say). That
    /// nobody answered is no one's answer (DISCLOSURE.md), so reports say
    /// it instead of "too few".
    pub no_answers: bool,
    /// Whether anyone in R said they do not collaborate with a partner
    /// (the whole municipality's count, shown): the stair tables then
    /// give a column for it.
    pub any_apart: bool,
    pub respondents: Cell<u64>,
    pub respondents_previous: Option<Cell<u64>>,
    /// The share of those invited who answered in R, for the whole
    /// municipality: only beside a shown count of respondents, and only
    /// when every unit with answers has its number invited.
    pub response_rate: Option<ResponseRate>,
    /// Rounds in the data, oldest first.
    pub rounds: Vec<String>,
    pub roles: Vec<String>,
    pub counts_by_round: Vec<RoundCounts>,
    pub units: Vec<UnitCounts>,
    pub statements: Vec<Statement>,
    /// The municipality's focus areas named in R's definitions, each a
    /// mean over its statements' shown means.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub focus_areas: Vec<FocusFigure>,
    pub relations: Vec<Relation>,
    pub choices: Vec<Choice>,
    pub by_unit: Vec<GroupBlock>,
    /// R's service areas, between the units and the municipality.
    pub by_area: Vec<GroupBlock>,
    pub by_role: Vec<GroupBlock>,
    /// The whole municipality's series over every round up to R.
    pub trends: Trends,
    /// Indices into `statements`: the three highest and lowest means.
    pub strengths: Vec<usize>,
    pub weaknesses: Vec<usize>,
    /// Indices into `relations`: the three largest mean gaps.
    pub largest_gaps: Vec<usize>,
    pub notes: Vec<UnitNotes>,
}

/// Sort key: case-insensitive a–z, then æ, ø, å (Norwegian order).
impl Analysis {
    /// Keeps only these units' own rows (counts, figures, notes): what a
    /// leader sees of the units besides the municipality as a whole. Hidden
    /// cells stay hidden, and leaving rows out can only show less.
    pub fn only_units(&mut self, units: &[String]) {
        self.units.retain(|u| units.contains(&u.unit));
        self.by_unit.retain(|b| units.contains(&b.name));
        // An area is a leader's when one of its units is.
        self.by_area
            .retain(|b| b.members.iter().any(|m| units.contains(m)));
        self.notes.retain(|n| units.contains(&n.unit));
    }
}

pub fn norwegian_key(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'æ' | 'ä' => '{',
            'ø' | 'ö' => '|',
            'å' => '}',
            other => other,
        })
        .collect()
}
