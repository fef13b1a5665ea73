//! Response counts while a round runs: per unit (with the response rate
//! where the number invited is known) and per role. Shared by
//! `trappa status` and the admin page.

use serde::Serialize;

use crate::analysis::aggregate::norwegian_key;
use crate::analysis::disclosure::Cell;
use crate::analysis::plan::{GroupSizes, RoundInput, plan};
use crate::store::GroupCount;
use crate::survey::Round;

/// Responses per unit of a round as everyone but an administrator sees
/// them while it is open: under the round's disclosure rule, so no count
/// of 1..k−1 can be read or subtracted, and no answers at all.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct OpenCounts {
    pub units: Vec<(String, Cell<u64>)>,
    pub total: Cell<u64>,
}

/// Responses of one unit, over its roles.
fn unit_total(counts: &[GroupCount], unit: &str) -> u64 {
    counts.iter().filter(|c| c.unit == unit).map(|c| c.n).sum()
}

pub fn open_counts(round: &Round, counts: &[GroupCount]) -> OpenCounts {
    let ns: Vec<u64> = round
        .units
        .iter()
        .map(|u| unit_total(counts, &u.name))
        .collect();
    // The same decision as the round's reports make of its respondents
    // (service areas and all, units in the reports' order): two outputs
    // decided apart could be set against each other.
    let mut by_name: Vec<usize> = (0..round.units.len()).collect();
    by_name.sort_by_key(|&u| norwegian_key(&round.units[u].name));
    let units: Vec<GroupSizes> = by_name
        .iter()
        .map(|&u| GroupSizes {
            responses: ns[u],
            ..GroupSizes::default()
        })
        .collect();
    let invited: Vec<Option<u64>> = by_name
        .iter()
        .map(|&u| round.units[u].invited.map(u64::from))
        .collect();
    let areas: Vec<(String, Vec<usize>)> = crate::survey::round::areas_of(&round.units)
        .into_iter()
        .map(|(area, names)| {
            let members = names
                .iter()
                .filter_map(|n| by_name.iter().position(|&u| &round.units[u].name == n))
                .collect();
            (area, members)
        })
        .collect();
    let shown = plan(&RoundInput {
        k: round.privacy.k,
        units: &units,
        invited: &invited,
        roles: &[],
        cells: &[],
        areas: &areas,
        now_items: &[],
    })
    .respondents;
    let shown_of = |u: usize| shown.members[by_name.iter().position(|&x| x == u).unwrap()];
    OpenCounts {
        units: round
            .units
            .iter()
            .enumerate()
            .map(|(u, unit)| (unit.name.clone(), Cell::when(shown_of(u), Some(ns[u]))))
            .collect(),
        total: Cell::when(shown.total, Some(ns.iter().sum())),
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Status {
    pub round_id: String,
    pub title: String,
    pub open: bool,
    pub requires_code: bool,
    pub units: Vec<UnitStatus>,
    /// (role label, responses)
    pub roles: Vec<(String, u64)>,
    pub total: u64,
    pub invited: Option<u64>,
    pub rate: Option<f64>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UnitStatus {
    pub unit: String,
    pub responses: u64,
    pub invited: Option<u32>,
    /// Per cent of those invited who answered.
    pub rate: Option<f64>,
}

fn rate(n: u64, invited: Option<u64>) -> Option<f64> {
    invited
        .filter(|&i| i > 0)
        .map(|i| 100.0 * n as f64 / i as f64)
}

/// Folds group counts into the round's units and roles, in the round's order;
/// units without responses are listed with 0.
pub fn status(round: &Round, counts: &[GroupCount]) -> Status {
    let units: Vec<UnitStatus> = round
        .units
        .iter()
        .map(|u| {
            let n = unit_total(counts, &u.name);
            UnitStatus {
                unit: u.name.clone(),
                responses: n,
                invited: u.invited,
                rate: rate(n, u.invited.map(u64::from)),
            }
        })
        .collect();
    let roles = round
        .roles
        .iter()
        .map(|r| {
            let n = counts.iter().filter(|c| c.role == r.key).map(|c| c.n).sum();
            (r.label.clone(), n)
        })
        .collect();
    let total = counts.iter().map(|c| c.n).sum();
    // A total rate only when every unit's invitation count is known (the
    // whole municipality, where politicians' answers count, has none).
    let whole = round.municipality_unit();
    let invited = round
        .units
        .iter()
        .filter(|u| u.name != whole || u.invited.is_some())
        .map(|u| u.invited.map(u64::from))
        .sum::<Option<u64>>()
        .filter(|_| !round.units.is_empty());
    Status {
        round_id: round.id.clone(),
        title: round.title.clone(),
        open: round.open,
        requires_code: round.requires_code,
        units,
        roles,
        total,
        invited,
        rate: rate(total, invited),
    }
}

impl Status {
    /// A plain-text table for the terminal.
    pub fn to_text(&self) -> String {
        let width = self
            .units
            .iter()
            .map(|u| u.unit.chars().count())
            .max()
            .unwrap_or(5)
            .max(5);
        let state = if self.open { "åpen" } else { "stengt" };
        let mut s = format!("Runde {} – {} ({state})\n", self.round_id, self.title);
        s.push_str(&format!(
            "{:<width$}  {:>6}  {:>8}  {:>6}\n",
            "Enhet", "Svar", "Invitert", "Andel"
        ));
        let fmt_rate =
            |r: Option<f64>| r.map(|r| format!("{r:.0} %")).unwrap_or_else(|| "–".into());
        for u in &self.units {
            let pad = width - u.unit.chars().count();
            s.push_str(&format!(
                "{}{}  {:>6}  {:>8}  {:>6}\n",
                u.unit,
                " ".repeat(pad),
                u.responses,
                u.invited
                    .map(|i| i.to_string())
                    .unwrap_or_else(|| "–".into()),
                fmt_rate(u.rate)
            ));
        }
        s.push_str(&format!(
            "{:<width$}  {:>6}  {:>8}  {:>6}\n",
            "Totalt",
            self.total,
            self.invited
                .map(|i| i.to_string())
                .unwrap_or_else(|| "–".into()),
            fmt_rate(self.rate)
        ));
        let roles: Vec<String> = self
            .roles
            .iter()
            .map(|(l, n)| format!("{l}: {n}"))
            .collect();
        s.push_str(&format!("Per rolle: {}\n", roles.join(", ")));
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::Library;
    use crate::survey::round::parse_round_file;

    fn round(k: u64) -> Round {
        let file = format!(
            "municipality = \"Solvik\"\ninstruments = [\"innovasjonsplakaten\"]\n\
             units = [\"A\", \"B\", \"C\", \"D\"]\nk = {k}\n"
        );
        parse_round_file("r.toml", &file, &Library::builtin(), Some("2026")).unwrap()
    }

    fn count(unit: &str, role: &str, n: u64) -> GroupCount {
        GroupCount {
            unit: unit.into(),
            role: role.into(),
            n,
        }
    }

    #[test]
    fn open_counts_follow_the_disclosure_rule() {
        // A: 9, B: 3 (two roles), C: 6, D: 0. B is under k; alone it would
        // be total minus the rest, so the first shown in the round's order
        // (A: nobody's number invited is known, so the file's order) goes
        // with it, not the smallest: which goes must not tell the sizes.
        let counts = [
            count("A", "ansatt", 9),
            count("B", "ansatt", 2),
            count("B", "leder", 1),
            count("C", "ansatt", 6),
        ];
        let open = open_counts(&round(5), &counts);
        assert_eq!(open.total, Cell::Shown(18));
        let shown: Vec<Option<u64>> = open.units.iter().map(|(_, c)| c.shown().copied()).collect();
        // The fifth: Solvik kommune, where politicians' answers count.
        assert_eq!(shown, vec![None, None, Some(6), None, None]);
        // With k = 3, B is a group of its own.
        let open = open_counts(&round(3), &counts);
        let shown: Vec<Option<u64>> = open.units.iter().map(|(_, c)| c.shown().copied()).collect();
        assert_eq!(shown, vec![Some(9), Some(3), Some(6), None, None]);
        // Under k in all: nothing, not even the total.
        let open = open_counts(&round(5), &[count("A", "ansatt", 4)]);
        assert_eq!(open.total, Cell::Hidden);
    }
}
