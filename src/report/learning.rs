//! The look back of the learning loop (the seeds' "Utsjekk på lærende
//! rapportering", Oppsummeringsark 2): for each area chosen after round P,
//! its measures, its reflection, and what its own figure did from P to R,
//! by the same rule as every year-over-year change. Every figure is taken
//! from the analysis, so it has been through the disclosure rule already.

use serde::Serialize;

use crate::analysis::Analysis;
use crate::analysis::stats::Change;
use crate::learning::{Area, Purpose, StatusCounts, Target};

/// The areas a report shows: those chosen after P (the year that just
/// ended) and those chosen after R (the coming year).
#[derive(Debug, Clone, Default, Serialize)]
pub struct FollowUp {
    /// The round the reviewed areas were chosen from (P).
    pub reviewed_round: Option<String>,
    pub reviewed: Vec<Review>,
    /// Areas already chosen from this round's results (their figures are
    /// this round's; the verdict waits for the next).
    pub planned: Vec<Review>,
    /// Measures of the reviewed areas, per status.
    pub counts: StatusCounts,
}

/// What the figures say about an area from P to R.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Up,
    Down,
    NoMeaningfulChange,
    /// A figure is hidden, or too few answered to compare.
    TooFewToSay,
    /// The wording changed: the figures are not comparable.
    NotComparable,
    /// The statement or relation is not in this round.
    NotAsked,
}

/// One reviewed area with its figures.
#[derive(Debug, Clone, Serialize)]
pub struct Review {
    pub area: Area,
    /// The statement's number and text, or the relation's label.
    pub label: String,
    pub text: String,
    /// The area's figure in R (the mean, or the mean current step), where shown.
    pub now: Option<f64>,
    pub change: Option<Change>,
    pub verdict: Verdict,
    /// A success area held when its figure did not fall meaningfully
    /// (`None` where the figures cannot say).
    pub held: Option<bool>,
}

/// The verdict of a change by the report's own rule.
fn verdict_of(change: Option<&Change>) -> Verdict {
    match change {
        Some(c) if c.meaningful && c.delta > 0.0 => Verdict::Up,
        Some(c) if c.meaningful => Verdict::Down,
        Some(_) => Verdict::NoMeaningfulChange,
        None => Verdict::TooFewToSay,
    }
}

/// Reviews `areas` (chosen after P) against `a`, a report on R with P as
/// its previous round. Every area is kept (a leader's scope is applied
/// afterwards, by `FollowUp::only_units`); one for a unit R does not list
/// is "not asked".
pub fn review(a: &Analysis, areas: Vec<Area>) -> Vec<Review> {
    areas.into_iter().map(|area| review_one(a, area)).collect()
}

fn review_one(a: &Analysis, area: Area) -> Review {
    let block = area
        .unit
        .as_ref()
        .and_then(|u| a.by_unit.iter().find(|b| b.name == *u));
    let unit_missing = area.unit.is_some() && block.is_none();
    let (label, text, now, change, broken) = match &area.target {
        Target::Statement(column) => match a.statements.iter().position(|s| s.column == *column) {
            Some(i) => {
                let s = &a.statements[i];
                let (now, change) = match block {
                    Some(b) => (
                        b.statements[i].shown().map(|st| st.mean),
                        b.changes[i].clone(),
                    ),
                    None => (s.stats.shown().map(|st| st.mean), s.change.clone()),
                };
                (s.label.clone(), s.text.clone(), now, change, s.series_break)
            }
            None => (column.clone(), String::new(), None, None, false),
        },
        Target::Relation(key) => match a.relations.iter().position(|r| r.key == *key) {
            Some(j) => {
                let r = &a.relations[j];
                let (now, change) = match block {
                    Some(b) => (
                        b.stair[j].shown().map(|st| st.mean_now),
                        b.stair_changes[j].clone(),
                    ),
                    None => (r.stats.shown().map(|st| st.mean_now), r.change.clone()),
                };
                (r.label.clone(), String::new(), now, change, false)
            }
            None => (key.clone(), String::new(), None, None, false),
        },
    };
    let asked = !text.is_empty()
        || matches!(&area.target, Target::Relation(k) if a.relations.iter().any(|r| r.key == *k));
    let (now, change) = if unit_missing {
        (None, None)
    } else {
        (now, change)
    };
    let verdict = match (asked && !unit_missing, broken, a.previous.is_some()) {
        (false, _, _) => Verdict::NotAsked,
        (_, true, _) => Verdict::NotComparable,
        (_, _, false) => Verdict::TooFewToSay,
        _ => verdict_of(change.as_ref()),
    };
    let held = match (area.purpose, verdict) {
        (Purpose::Keep, Verdict::Down) => Some(false),
        (Purpose::Keep, Verdict::Up | Verdict::NoMeaningfulChange) => Some(true),
        _ => None,
    };
    Review {
        label,
        text,
        now,
        change,
        verdict,
        held,
        area,
    }
}

/// The follow-up a report shows: `reviewed` chosen after P, `planned`
/// after R, both already limited to what the reader may see.
pub fn follow_up(
    a: &Analysis,
    reviewed_round: Option<String>,
    reviewed: Vec<Area>,
    planned: Vec<Area>,
) -> FollowUp {
    let counts = StatusCounts::of(reviewed.iter().flat_map(|area| &area.measures));
    FollowUp {
        reviewed_round,
        reviewed: review(a, reviewed),
        planned: review(a, planned),
        counts,
    }
}

impl FollowUp {
    /// Keeps the municipality's areas and those of `units` (a leader's).
    pub fn only_units(&mut self, units: &[String]) {
        let mine = |area: &Area| area.unit.as_ref().is_none_or(|u| units.contains(u));
        self.reviewed.retain(|r| mine(&r.area));
        self.planned.retain(|r| mine(&r.area));
        self.counts = StatusCounts::of(self.reviewed.iter().flat_map(|r| &r.area.measures));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(delta: f64, meaningful: bool) -> Change {
        Change {
            delta,
            se: 0.1,
            df: Some(30.0),
            low: delta - 0.2,
            high: delta + 0.2,
            significant: meaningful,
            meaningful,
        }
    }

    #[test]
    fn verdicts_follow_the_change_rule() {
        assert_eq!(verdict_of(Some(&change(0.4, true))), Verdict::Up);
        assert_eq!(verdict_of(Some(&change(-0.4, true))), Verdict::Down);
        assert_eq!(
            verdict_of(Some(&change(0.05, false))),
            Verdict::NoMeaningfulChange
        );
        assert_eq!(verdict_of(None), Verdict::TooFewToSay);
    }
}
