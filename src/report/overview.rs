//! The leader report's overviews of units and of service areas: one row a
//! group, from figures the disclosure rule has already shown (a hidden
//! group stays a hidden row), in the order the reader asks for: by name,
//! by answers, by the poster's or the stair's level, or by the meaningful
//! falls first.

use serde::Serialize;

use crate::analysis::aggregate::GroupBlock;
use crate::analysis::disclosure::Cell;

/// How the overview is ordered (`?sort=` on the web).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UnitOrder {
    #[default]
    Name,
    Answers,
    Poster,
    Stair,
    Falls,
}

impl UnitOrder {
    pub fn parse(s: &str) -> Option<UnitOrder> {
        Some(match s {
            "navn" => UnitOrder::Name,
            "svar" => UnitOrder::Answers,
            "plakat" => UnitOrder::Poster,
            "trapp" => UnitOrder::Stair,
            "fall" => UnitOrder::Falls,
            _ => return None,
        })
    }

    pub fn key(self) -> &'static str {
        match self {
            UnitOrder::Name => "navn",
            UnitOrder::Answers => "svar",
            UnitOrder::Poster => "plakat",
            UnitOrder::Stair => "trapp",
            UnitOrder::Falls => "fall",
        }
    }
}

/// One unit's row. Every figure is `None` for a hidden unit.
#[derive(Debug, Clone, Serialize)]
pub struct UnitRow {
    pub name: String,
    /// The unit's section further down.
    pub anchor: String,
    pub hidden: bool,
    pub respondents: Option<u64>,
    /// The mean of the statements' means shown for the unit.
    pub poster: Option<f64>,
    /// The mean of the partners' mean step today shown for the unit.
    pub stair: Option<f64>,
    /// Meaningful changes since the previous round: statements and partners.
    pub rises: usize,
    pub falls: usize,
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// Whose sections the rows link to: the anchor's prefix.
#[derive(Debug, Clone, Copy)]
pub enum Sections {
    Units,
    Areas,
}

/// The anchor of a group's section: its position, so names need no escaping.
pub fn anchor(sections: Sections, index: usize) -> String {
    let prefix = match sections {
        Sections::Units => "enhet",
        Sections::Areas => "omrade",
    };
    format!("{prefix}-{}", index + 1)
}

/// The rows for `units` (or areas), in `order`; ties, and hidden groups, by
/// name.
pub fn rows(units: &[GroupBlock], order: UnitOrder, sections: Sections) -> Vec<UnitRow> {
    let mut rows: Vec<UnitRow> = units
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let respondents = match b.respondents {
                Cell::Shown(n) => Some(n),
                Cell::Hidden => None,
            };
            let changes = b.changes.iter().chain(&b.stair_changes).flatten();
            let meaningful: Vec<f64> = changes.filter(|c| c.meaningful).map(|c| c.delta).collect();
            UnitRow {
                name: b.name.clone(),
                anchor: anchor(sections, i),
                hidden: respondents.is_none(),
                respondents,
                poster: mean(
                    b.statements
                        .iter()
                        .filter_map(|c| c.shown().map(|s| s.mean)),
                ),
                stair: mean(b.stair.iter().filter_map(|c| c.shown().map(|s| s.mean_now))),
                rises: meaningful.iter().filter(|d| **d > 0.0).count(),
                falls: meaningful.iter().filter(|d| **d < 0.0).count(),
            }
        })
        .collect();
    // Highest first for figures; a missing figure last.
    let desc = |v: Option<f64>| std::cmp::Reverse(v.map(|x| (x * 1e6) as i64).unwrap_or(i64::MIN));
    match order {
        UnitOrder::Name => {}
        UnitOrder::Answers => rows.sort_by_key(|r| desc(r.respondents.map(|n| n as f64))),
        UnitOrder::Poster => rows.sort_by_key(|r| desc(r.poster)),
        UnitOrder::Stair => rows.sort_by_key(|r| desc(r.stair)),
        UnitOrder::Falls => rows.sort_by_key(|r| std::cmp::Reverse(r.falls)),
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::stats::{Change, ScaleStats};

    fn scale(mean: f64) -> Cell<ScaleStats> {
        Cell::Shown(ScaleStats {
            n: 6,
            mean,
            std: None,
            counts: vec![],
            pct: vec![],
        })
    }

    fn change(delta: f64, meaningful: bool) -> Option<Change> {
        Some(Change {
            delta,
            se: 0.1,
            df: None,
            low: delta - 0.1,
            high: delta + 0.1,
            significant: meaningful,
            meaningful,
        })
    }

    fn unit(name: &str, n: Option<u64>, means: &[f64], changes: Vec<Option<Change>>) -> GroupBlock {
        GroupBlock {
            name: name.into(),
            members: vec![],
            respondents: n.map_or(Cell::Hidden, Cell::Shown),
            statements: means.iter().map(|m| scale(*m)).collect(),
            changes,
            stair: vec![],
            apart: vec![],
            unasked: vec![],
            stair_changes: vec![],
            trends: None,
            focus: vec![],
        }
    }

    #[test]
    fn rows_follow_the_order_asked_for_and_a_hidden_unit_shows_nothing() {
        let units = [
            unit("Biblioteket", None, &[], vec![]),
            unit(
                "Kulturskolen",
                Some(8),
                &[3.0, 4.0],
                vec![change(0.4, true), change(-0.3, true)],
            ),
            unit(
                "Skolen",
                Some(20),
                &[2.0, 2.5],
                vec![change(-0.5, true), change(-0.2, false)],
            ),
        ];
        let names = |order| {
            rows(&units, order, Sections::Units)
                .into_iter()
                .map(|r| r.name)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names(UnitOrder::Name),
            ["Biblioteket", "Kulturskolen", "Skolen"]
        );
        assert_eq!(
            names(UnitOrder::Answers),
            ["Skolen", "Kulturskolen", "Biblioteket"]
        );
        assert_eq!(
            names(UnitOrder::Poster),
            ["Kulturskolen", "Skolen", "Biblioteket"]
        );
        assert_eq!(
            names(UnitOrder::Falls),
            ["Kulturskolen", "Skolen", "Biblioteket"]
        );
        let r = rows(&units, UnitOrder::Name, Sections::Units);
        assert!(r[0].hidden && r[0].respondents.is_none() && r[0].poster.is_none());
        assert_eq!((r[1].poster, r[1].rises, r[1].falls), (Some(3.5), 1, 1));
        // Only a meaningful change counts.
        assert_eq!((r[2].rises, r[2].falls), (0, 1));
        assert_eq!(UnitOrder::parse("fall"), Some(UnitOrder::Falls));
        assert_eq!(UnitOrder::parse("x"), None);
    }
}
