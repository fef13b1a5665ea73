//! Group sums → `Analysis`: first the disclosure rule decides, per round
//! and over all its families at once, what may be shown (`RoundPlan`); then
//! each part of the report is computed in its own function, all reading one
//! `Ctx` (the data, its sorted dimensions, R and P, and their plans), and
//! every figure becomes a `Cell` only through a plan.

use std::collections::BTreeMap;

use super::aggregate::{
    Analysis, Apart, Choice, ChoiceStats, GroupBlock, Labels, Note, Options, Relation,
    ResponseRate, RoundCounts, StairStats, Statement, TrendPoint, Trends, UnitCounts, UnitNotes,
    norwegian_key,
};
use super::dataset::{Dataset, ItemKind};
use super::disclosure::Cell;
use super::groups::{GapSums, Group, Sums};
use super::plan::{GroupSizes, RoundInput, RoundPlan, legacy_plan, plan};
use super::stats::{median, scale_stats, welch};
use crate::survey::round::relation_label;

/// Responses, item sums and gap sums of a selection of groups.
#[derive(Debug, Clone, Default)]
pub(super) struct Total {
    pub(super) responses: f64,
    pub(super) items: Vec<Sums>,
    pub(super) gaps: Vec<GapSums>,
}

impl Total {
    /// Adds a group's (or another total's) responses and sums.
    pub(super) fn add(&mut self, responses: f64, items: &[Sums], gaps: &[GapSums]) {
        self.responses += responses;
        self.items.iter_mut().zip(items).for_each(|(a, b)| a.add(b));
        self.gaps.iter_mut().zip(gaps).for_each(|(a, b)| a.add(b));
    }
}

/// What one round shows of one group (a unit or a service area).
struct Visible {
    respondents: bool,
    /// Aligned with `Dataset::items`.
    items: Vec<bool>,
    /// Aligned with `Dataset::pairs`.
    goals: Vec<bool>,
}

impl RoundPlan {
    fn unit(&self, ui: usize) -> Visible {
        Visible {
            respondents: self.respondents.members[ui],
            items: self.unit_items.iter().map(|s| s.members[ui]).collect(),
            goals: self.unit_goals.iter().map(|s| s.members[ui]).collect(),
        }
    }

    /// The area called `name` in this round: its members and what it shows.
    fn area(&self, name: &str) -> Option<(&[usize], Visible)> {
        let a = self.areas.iter().position(|(n, _)| n == name)?;
        Some((
            &self.areas[a].1,
            Visible {
                respondents: self.area_respondents[a],
                items: self.area_items.iter().map(|s| s[a]).collect(),
                goals: self.area_goals.iter().map(|s| s[a]).collect(),
            },
        ))
    }
}

/// Whose figures a series follows over the rounds.
#[derive(Clone, Copy)]
enum Whose<'n> {
    Municipality,
    Unit(usize),
    /// A service area, with each round's own members.
    Area(&'n str),
}

pub(super) struct Ctx<'a> {
    data: &'a Dataset,
    groups: &'a [Group],
    labels: &'a Labels,
    options: &'a Options,
    /// Round R and P as dictionary ids (absent when they have no responses).
    r: Option<u32>,
    p: Option<u32>,
    /// (name, id), in report order.
    rounds: Vec<(String, u32)>,
    pub(super) roles: Vec<(String, u32)>,
    pub(super) units: Vec<(String, u32)>,
    /// Indices of the statement items (scale items that are not stair steps).
    statements: Vec<usize>,
    /// The plan of every round, aligned with `rounds`.
    plans: Vec<RoundPlan>,
}

fn sorted(names: &[String], key: impl Fn(&str) -> String) -> Vec<(String, u32)> {
    let mut v: Vec<(String, u32)> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.clone(), i as u32))
        .collect();
    v.sort_by_key(|(n, _)| key(n));
    v
}

impl<'a> Ctx<'a> {
    pub(super) fn new(
        data: &'a Dataset,
        groups: &'a [Group],
        labels: &'a Labels,
        options: &'a Options,
    ) -> Ctx<'a> {
        let role_rank = |name: &str| format!("{}{name}", crate::survey::round::role_rank(name));
        let mut ctx = Ctx {
            data,
            groups,
            labels,
            options,
            r: data.rounds.get(&options.round),
            p: options.previous.as_deref().and_then(|p| data.rounds.get(p)),
            // Rounds oldest first, as their names sort (years).
            rounds: sorted(&data.rounds.names, str::to_string),
            roles: sorted(&data.roles.names, role_rank),
            units: sorted(&data.units.names, norwegian_key),
            statements: (0..data.items.len())
                .filter(|&i| data.items[i].kind == ItemKind::Scale)
                .collect(),
            plans: Vec::new(),
        };
        ctx.plans = ctx
            .rounds
            .iter()
            .map(|(name, id)| ctx.plan(name, *id, ctx.k_of(name)))
            .collect();
        ctx
    }

    /// Each round keeps its own k: a round's figures are the same in a
    /// report on R as in the report on that round.
    pub(super) fn k_of(&self, round: &str) -> u64 {
        self.options
            .k_rounds
            .get(round)
            .copied()
            .unwrap_or(self.options.k)
    }

    /// The disclosure rule over every family of one round at once (see
    /// `plan`), from that round's sums, definition and k alone.
    fn plan(&self, name: &str, round: u32, k: u64) -> RoundPlan {
        let sizes = |t: &Total| GroupSizes {
            responses: t.responses as u64,
            answers: t.items.iter().map(|s| s.n as u64).collect(),
            both: t.gaps.iter().map(|g| g.gap.n as u64).collect(),
            apart: t.gaps.iter().map(|g| g.apart as u64).collect(),
        };
        // The round's own units and roles: those its definition names, and
        // any with answers in it (a file without a definition), never those
        // of the other rounds in the report.
        let defined = self.labels.defined_by_round.get(name);
        let unit_sums: Vec<Total> = self
            .units
            .iter()
            .map(|(_, u)| self.total(Some(round), Some(*u), None))
            .collect();
        let own_units: Vec<usize> = (0..self.units.len())
            .filter(|&ui| {
                unit_sums[ui].responses > 0.0
                    || defined.is_some_and(|(units, _)| units.contains(&self.units[ui].0))
            })
            .collect();
        let role_sums: Vec<Total> = self
            .roles
            .iter()
            .map(|(_, o)| self.total(Some(round), None, Some(*o)))
            .collect();
        let own_roles: Vec<usize> = (0..self.roles.len())
            .filter(|&oi| {
                role_sums[oi].responses > 0.0
                    || defined.is_some_and(|(_, roles)| roles.contains(&self.roles[oi].0))
            })
            .collect();
        let units: Vec<GroupSizes> = own_units.iter().map(|&ui| sizes(&unit_sums[ui])).collect();
        let roles: Vec<GroupSizes> = own_roles.iter().map(|&oi| sizes(&role_sums[oi])).collect();
        let cells: Vec<Vec<GroupSizes>> = own_units
            .iter()
            .map(|&ui| {
                own_roles
                    .iter()
                    .map(|&oi| {
                        let (u, o) = (self.units[ui].1, self.roles[oi].1);
                        sizes(&self.total(Some(round), Some(u), Some(o)))
                    })
                    .collect()
            })
            .collect();
        let invited_here = self.labels.invited_by_round.get(name);
        let invited: Vec<Option<u64>> = own_units
            .iter()
            .map(|&ui| {
                invited_here
                    .and_then(|m| m.get(&self.units[ui].0))
                    .map(|&i| u64::from(i))
            })
            .collect();
        let areas: Vec<(String, Vec<usize>)> = self
            .labels
            .areas
            .get(name)
            .into_iter()
            .flatten()
            .map(|(area, names)| {
                let members = names
                    .iter()
                    .filter_map(|u| own_units.iter().position(|&ui| self.units[ui].0 == *u))
                    .collect();
                (area.clone(), members)
            })
            .collect();
        let now_items: Vec<usize> = self.data.pairs.iter().map(|p| p.now).collect();
        let input = RoundInput {
            k,
            units: &units,
            invited: &invited,
            roles: &roles,
            cells: &cells,
            areas: &areas,
            now_items: &now_items,
        };
        let mut own = plan(&input);
        if self.labels.legacy_rounds.contains(name) {
            own = own.within(&legacy_plan(&input));
        }
        own.spread(&own_units, self.units.len(), &own_roles, self.roles.len())
    }

    /// Sums over the units `members` (indices into `units`) in `round`.
    pub(super) fn members_total(&self, round: Option<u32>, members: &[usize]) -> Total {
        let mut t = self.empty();
        for &ui in members {
            let u = self.total(round, Some(self.units[ui].1), None);
            t.add(u.responses, &u.items, &u.gaps);
        }
        t
    }

    pub(super) fn plan_of(&self, round: Option<u32>) -> Option<&RoundPlan> {
        self.position(round).map(|pos| &self.plans[pos])
    }

    /// Sums over the groups of `round` (and `unit` / `role`, when given).
    pub(super) fn total(&self, round: Option<u32>, unit: Option<u32>, role: Option<u32>) -> Total {
        let mut t = self.empty();
        let selected = self.groups.iter().filter(|g| {
            Some(g.round) == round
                && unit.is_none_or(|u| g.unit == u)
                && role.is_none_or(|o| g.role == o)
        });
        for g in selected {
            t.add(g.responses, &g.items, &g.gaps);
        }
        t
    }

    /// A total of nobody.
    pub(super) fn empty(&self) -> Total {
        Total {
            responses: 0.0,
            items: vec![Sums::default(); self.data.items.len()],
            gaps: vec![GapSums::default(); self.data.pairs.len()],
        }
    }

    fn position(&self, round: Option<u32>) -> Option<usize> {
        round.and_then(|r| self.rounds.iter().position(|(_, i)| *i == r))
    }

    fn relation_label(&self, key: &str) -> String {
        self.labels
            .relations
            .get(key)
            .cloned()
            .unwrap_or_else(|| relation_label(key))
    }

    /// True when the column's wording differs between R and P.
    fn series_break(&self, column: &str) -> bool {
        let Some(p) = &self.options.previous else {
            return false;
        };
        let wording = |round: &String| {
            self.labels
                .wording
                .get(&(column.to_string(), round.clone()))
        };
        matches!((wording(&self.options.round), wording(p)), (Some(a), Some(b)) if a != b)
    }

    /// The stair figures of relation `j` over `t`; the goal figures only
    /// where `goal_shown`.
    fn stair(&self, t: &Total, j: usize, goal_shown: bool) -> Option<StairStats> {
        let pair = &self.data.pairs[j];
        let (now, gap) = (&t.items[pair.now], &t.gaps[j]);
        let base = scale_stats(now)?;
        let both = (goal_shown && gap.gap.n > 0.0).then_some(gap);
        Some(StairStats {
            n: base.n,
            median_now: median(&now.levels, self.data.items[pair.now].min)?,
            mean_now: base.mean,
            counts: base.counts,
            pct: base.pct,
            n_goal: both.map(|g| g.gap.n as u64),
            mean_goal: both.map(|g| g.goal / g.gap.n),
            n_gap: both.map(|g| g.gap.n as u64),
            mean_gap: both.map(|g| g.gap.sum / g.gap.n),
            pct_up: both.map(|g| 100.0 * g.up / g.gap.n),
        })
    }

    /// Whether the whole municipality's number of respondents is shown in `round`.
    fn respondents_total_shown(&self, round: Option<u32>) -> bool {
        self.plan_of(round).is_some_and(|p| p.respondents.total)
    }

    /// Whether the whole municipality's figure for item `i` is shown in `round`.
    fn item_total_shown(&self, round: Option<u32>, i: usize) -> bool {
        self.plan_of(round).is_some_and(|p| p.unit_items[i].total)
    }

    /// Role × round and unit × round counts; each round by its own plan.
    fn counts(&self) -> (Vec<RoundCounts>, Vec<UnitCounts>) {
        let n = |t: Total| t.responses as u64;
        let by_round = self
            .rounds
            .iter()
            .zip(&self.plans)
            .map(|((name, ri), plan)| RoundCounts {
                round: name.clone(),
                total: Cell::when(
                    plan.respondents.total,
                    Some(n(self.total(Some(*ri), None, None))),
                ),
                by_role: self
                    .roles
                    .iter()
                    .zip(&plan.roles)
                    .map(|((_, o), &shown)| {
                        Cell::when(shown, Some(n(self.total(Some(*ri), None, Some(*o)))))
                    })
                    .collect(),
            })
            .collect();
        let r_pos = self.position(self.r);
        let units = self
            .units
            .iter()
            .enumerate()
            .map(|(ui, (name, u))| {
                let by_round: Vec<Cell<u64>> = self
                    .rounds
                    .iter()
                    .zip(&self.plans)
                    .map(|((_, ri), plan)| {
                        Cell::when(
                            plan.respondents.members[ui],
                            Some(n(self.total(Some(*ri), Some(*u), None))),
                        )
                    })
                    .collect();
                let invited = self.labels.invited.get(name).copied();
                // A rate would reveal a hidden count: only beside a shown one.
                let rate = match (invited, r_pos.and_then(|j| by_round[j].shown())) {
                    (Some(i), Some(&n)) if i > 0 => Some(100.0 * n as f64 / i as f64),
                    _ => None,
                };
                UnitCounts {
                    unit: name.clone(),
                    by_round,
                    invited,
                    rate,
                }
            })
            .collect();
        (by_round, units)
    }

    fn statements(&self, all_r: &Total, all_p: &Total) -> Vec<Statement> {
        self.statements
            .iter()
            .map(|&i| {
                let column = &self.data.items[i].column;
                let series_break = self.series_break(column);
                let stats = Cell::when(
                    self.item_total_shown(self.r, i),
                    scale_stats(&all_r.items[i]),
                );
                let previous = self.p.map(|_| {
                    Cell::when(
                        self.item_total_shown(self.p, i),
                        scale_stats(&all_p.items[i]),
                    )
                });
                let change = match (&stats, &previous) {
                    (Cell::Shown(_), Some(Cell::Shown(_))) if !series_break => {
                        welch(&all_r.items[i], &all_p.items[i], self.options.min_change)
                    }
                    _ => None,
                };
                let text = self
                    .labels
                    .wording
                    .get(&(column.clone(), self.options.round.clone()));
                Statement {
                    column: column.clone(),
                    min: self.data.items[i].min,
                    max: self.data.items[i].max,
                    label: statement_label(column),
                    text: text.cloned().unwrap_or_else(|| column.clone()),
                    short: self.labels.shorts.get(column).cloned(),
                    stats,
                    previous,
                    change,
                    series_break,
                }
            })
            .collect()
    }

    /// Choice questions for the whole municipality in R.
    fn choices(&self, all_r: &Total) -> Vec<Choice> {
        self.data
            .items
            .iter()
            .enumerate()
            .filter_map(|(i, spec)| match &spec.kind {
                ItemKind::Choice { labels, .. } => Some((i, spec, labels)),
                _ => None,
            })
            .map(|(i, spec, labels)| {
                let sums = &all_r.items[i];
                let stats = (sums.n >= 1.0).then(|| ChoiceStats {
                    n: sums.n as u64,
                    counts: sums.levels.iter().map(|&c| c as u64).collect(),
                    pct: sums.levels.iter().map(|&c| 100.0 * c / sums.n).collect(),
                });
                let text = self
                    .labels
                    .wording
                    .get(&(spec.column.clone(), self.options.round.clone()));
                Choice {
                    instrument: self
                        .labels
                        .instruments
                        .get(&spec.column)
                        .cloned()
                        .unwrap_or_default(),
                    column: spec.column.clone(),
                    text: text.cloned().unwrap_or_else(|| spec.column.clone()),
                    options: labels.clone(),
                    stats: Cell::when(self.item_total_shown(self.r, i), stats),
                }
            })
            .collect()
    }

    fn relations(&self, all_r: &Total, all_p: &Total) -> Vec<Relation> {
        let overall = |round: Option<u32>, t: &Total, j: usize| {
            let pair = &self.data.pairs[j];
            let goal = self.plan_of(round).is_some_and(|p| p.unit_goals[j].total);
            Cell::when(
                self.item_total_shown(round, pair.now),
                self.stair(t, j, goal),
            )
        };
        self.data
            .pairs
            .iter()
            .enumerate()
            .map(|(j, pair)| {
                let stats = overall(self.r, all_r, j);
                let previous = self.p.map(|_| overall(self.p, all_p, j));
                let change = match (&stats, &previous) {
                    (Cell::Shown(_), Some(Cell::Shown(_))) => welch(
                        &all_r.items[pair.now],
                        &all_p.items[pair.now],
                        self.options.min_change,
                    ),
                    _ => None,
                };
                Relation {
                    key: pair.relation.clone(),
                    label: self.relation_label(&pair.relation),
                    stats,
                    apart: Cell::when(self.respondents_total_shown(self.r), apart(all_r, j)),
                    previous,
                    change,
                }
            })
            .collect()
    }

    /// Units listed in R: those R defines, and those with answers in R.
    fn listed_unit(&self, ui: usize, sums: &Total) -> bool {
        sums.responses > 0.0 || self.labels.units.contains(&self.units[ui].0)
    }

    fn by_unit(&self) -> (Vec<GroupBlock>, Vec<Total>) {
        let sums_r: Vec<Total> = self
            .units
            .iter()
            .map(|(_, u)| self.total(self.r, Some(*u), None))
            .collect();
        let sums_p: Vec<Total> = self
            .units
            .iter()
            .map(|(_, u)| self.total(self.p, Some(*u), None))
            .collect();
        let (Some(plan_r), plan_p) = (self.plan_of(self.r), self.plan_of(self.p)) else {
            return (Vec::new(), sums_r);
        };
        let blocks = self
            .units
            .iter()
            .enumerate()
            .filter(|(ui, _)| self.listed_unit(*ui, &sums_r[*ui]))
            .map(|(ui, (name, _))| {
                let shown_p = plan_p.map(|p| p.unit(ui));
                self.block(
                    name,
                    (&sums_r[ui], &plan_r.unit(ui)),
                    shown_p.as_ref().map(|v| (&sums_p[ui], v)),
                    Whose::Unit(ui),
                )
            })
            .collect();
        (blocks, sums_r)
    }

    /// R's service areas, by name, each with the units R puts in it. A
    /// change since P is shown only where P has the same area with the same
    /// units (and both figures are shown).
    fn by_area(&self) -> Vec<GroupBlock> {
        let (Some(plan_r), plan_p) = (self.plan_of(self.r), self.plan_of(self.p)) else {
            return Vec::new();
        };
        let mut areas: Vec<&(String, Vec<usize>)> = plan_r.areas.iter().collect();
        areas.sort_by_key(|(name, _)| norwegian_key(name));
        areas
            .into_iter()
            .filter_map(|(name, _)| {
                let (members, shown_r) = plan_r.area(name)?;
                let t = self.members_total(self.r, members);
                let previous = plan_p
                    .and_then(|p| p.area(name))
                    .filter(|(members_p, _)| same_units(members_p, members))
                    .map(|(members_p, shown_p)| (self.members_total(self.p, members_p), shown_p));
                let mut block = self.block(
                    name,
                    (&t, &shown_r),
                    previous.as_ref().map(|(t, v)| (t, v)),
                    Whose::Area(name),
                );
                block.members = members.iter().map(|&ui| self.units[ui].0.clone()).collect();
                Some(block)
            })
            .collect()
    }

    /// One group's figures in R, with the changes since P where P's are
    /// given (and shown).
    fn block(
        &self,
        name: &str,
        (t, shown): (&Total, &Visible),
        previous: Option<(&Total, &Visible)>,
        whose: Whose,
    ) -> GroupBlock {
        let pairs = &self.data.pairs;
        let change = |i: usize| {
            let (t_p, shown_p) = previous?;
            let comparable = shown.items[i] && shown_p.items[i];
            comparable
                .then(|| welch(&t.items[i], &t_p.items[i], self.options.min_change))
                .flatten()
        };
        GroupBlock {
            name: name.to_string(),
            members: Vec::new(),
            respondents: Cell::when(shown.respondents, Some(t.responses as u64)),
            statements: self
                .statements
                .iter()
                .map(|&i| Cell::when(shown.items[i], scale_stats(&t.items[i])))
                .collect(),
            changes: self
                .statements
                .iter()
                .map(|&i| {
                    if self.series_break(&self.data.items[i].column) {
                        None
                    } else {
                        change(i)
                    }
                })
                .collect(),
            stair: (0..pairs.len())
                .map(|j| Cell::when(shown.items[pairs[j].now], self.stair(t, j, shown.goals[j])))
                .collect(),
            apart: (0..pairs.len())
                .map(|j| Cell::when(shown.respondents, apart(t, j)))
                .collect(),
            unasked: pairs
                .iter()
                .map(|p| {
                    self.labels
                        .unasked
                        .get(name)
                        .is_some_and(|keys| keys.contains(&p.relation))
                })
                .collect(),
            stair_changes: pairs.iter().map(|pair| change(pair.now)).collect(),
            trends: Some(self.trends(whose)),
            focus: Vec::new(),
        }
    }

    fn by_role(&self) -> Vec<GroupBlock> {
        let Some(plan) = self.plan_of(self.r) else {
            return Vec::new();
        };
        self.roles
            .iter()
            .enumerate()
            .map(|(oi, (name, o))| {
                let t = self.total(self.r, None, Some(*o));
                GroupBlock {
                    name: name.clone(),
                    members: Vec::new(),
                    respondents: Cell::when(plan.roles[oi], Some(t.responses as u64)),
                    statements: self
                        .statements
                        .iter()
                        .map(|&i| {
                            Cell::when(plan.role_items[i].members[oi], scale_stats(&t.items[i]))
                        })
                        .collect(),
                    changes: Vec::new(),
                    stair: Vec::new(),
                    apart: Vec::new(),
                    unasked: Vec::new(),
                    stair_changes: Vec::new(),
                    trends: None,
                    focus: Vec::new(),
                }
            })
            .collect()
    }

    /// The series of every statement and relation over the rounds up to R,
    /// for the municipality, a unit or a service area; each point shown by
    /// its own round's plan (an area by the units that round puts in it).
    fn trends(&self, whose: Whose) -> Trends {
        // Per round: its position, name, sums, what it shows, and for an
        // area the units it holds that round.
        type Point<'r> = (
            usize,
            &'r String,
            Total,
            Option<Visible>,
            Option<&'r [usize]>,
        );
        let rounds: Vec<Point> = self
            .rounds
            .iter()
            .enumerate()
            .filter(|(_, (name, _))| *name <= self.options.round)
            .map(|(pos, (name, id))| {
                let plan = &self.plans[pos];
                let (sums, shown, members) = match whose {
                    Whose::Municipality => (self.total(Some(*id), None, None), None, None),
                    Whose::Unit(ui) => (
                        self.total(Some(*id), Some(self.units[ui].1), None),
                        Some(plan.unit(ui)),
                        None,
                    ),
                    Whose::Area(area) => match plan.area(area) {
                        Some((members, shown)) => (
                            self.members_total(Some(*id), members),
                            Some(shown),
                            Some(members),
                        ),
                        None => (self.empty(), Some(nothing(self.data)), None),
                    },
                };
                (pos, name, sums, shown, members)
            })
            .collect();
        let series = |item: usize| -> Vec<TrendPoint> {
            let column = &self.data.items[item].column;
            let mut before: Option<&String> = None;
            let mut units_before: Option<&[usize]> = None;
            rounds
                .iter()
                .map(|(pos, name, sums, visible, members)| {
                    let shown = match visible {
                        None => self.plans[*pos].unit_items[item].total,
                        Some(v) => v.items[item],
                    };
                    let wording = self.labels.wording.get(&(column.clone(), (*name).clone()));
                    // A new series starts where the wording changed, or
                    // where an area holds other units than before.
                    let series_break = matches!((before, wording), (Some(a), Some(b)) if a != b)
                        || matches!((units_before, members), (Some(a), Some(b)) if !same_units(a, b));
                    if wording.is_some() {
                        before = wording;
                    }
                    if members.is_some() {
                        units_before = *members;
                    }
                    TrendPoint {
                        round: (*name).clone(),
                        mean: Cell::when(shown, scale_stats(&sums.items[item]).map(|s| s.mean)),
                        series_break,
                    }
                })
                .collect()
        };
        Trends {
            statements: self.statements.iter().map(|&i| series(i)).collect(),
            relations: self.data.pairs.iter().map(|p| series(p.now)).collect(),
        }
    }

    /// Free text of R from units whose number of respondents is shown and
    /// at least the round's threshold for comments.
    fn notes(&self, unit_sums: &[Total]) -> Vec<UnitNotes> {
        let Some(plan) = self.plan_of(self.r) else {
            return Vec::new();
        };
        let mut notes: BTreeMap<String, UnitNotes> = BTreeMap::new();
        for t in self.data.texts.iter().filter(|t| Some(t.round) == self.r) {
            let Some(ui) = self.units.iter().position(|(_, u)| *u == t.unit) else {
                continue;
            };
            let enough = (unit_sums[ui].responses as u64) >= self.options.k_comments;
            if !(plan.respondents.members[ui] && enough) {
                continue;
            }
            let name = &self.units[ui].0;
            notes
                .entry(norwegian_key(name))
                .or_insert_with(|| UnitNotes {
                    unit: name.clone(),
                    notes: Vec::new(),
                })
                .notes
                .push(Note {
                    relation: t.relation.as_ref().map(|key| self.relation_label(key)),
                    text: t.text.clone(),
                });
        }
        // Sorted, so that the order tells nothing of who answered when.
        notes
            .into_values()
            .map(|mut u| {
                u.notes
                    .sort_by(|a, b| (&a.relation, &a.text).cmp(&(&b.relation, &b.text)));
                u
            })
            .collect()
    }
}

/// Whether two lists of units hold the same units, in any order.
/// Those of `t` who said they do not collaborate with relation `j`'s
/// partner, as a share of its respondents (`None` without respondents).
fn apart(t: &Total, j: usize) -> Option<Apart> {
    (t.responses > 0.0).then(|| Apart {
        n: t.gaps[j].apart as u64,
        of: t.responses as u64,
        pct: 100.0 * t.gaps[j].apart / t.responses,
    })
}

fn same_units(a: &[usize], b: &[usize]) -> bool {
    let sorted = |v: &[usize]| {
        let mut v = v.to_vec();
        v.sort_unstable();
        v
    };
    sorted(a) == sorted(b)
}

/// A group that no round shows anything of (an area the round lacks).
fn nothing(data: &Dataset) -> Visible {
    Visible {
        respondents: false,
        items: vec![false; data.items.len()],
        goals: vec![false; data.pairs.len()],
    }
}

/// A statement's short label: "8" for `plakat.p08`, else its id.
pub fn statement_label(column: &str) -> String {
    let id = column.rsplit('.').next().unwrap_or(column);
    match id.strip_prefix('p').and_then(|n| n.parse::<u32>().ok()) {
        Some(n) => n.to_string(),
        None => id.to_string(),
    }
}

/// Indices of the three highest and lowest shown statements, and of the
/// three relations with the largest mean gap.
fn rankings(
    statements: &[Statement],
    relations: &[Relation],
) -> (Vec<usize>, Vec<usize>, Vec<usize>) {
    let mut ranked: Vec<(usize, f64)> = statements
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.stats.shown().map(|st| (i, st.mean)))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let strengths = ranked.iter().take(3).map(|x| x.0).collect();
    let weaknesses = ranked.iter().rev().take(3).map(|x| x.0).collect();
    let mut gaps: Vec<(usize, f64)> = relations
        .iter()
        .enumerate()
        .filter_map(|(i, rel)| rel.stats.shown().and_then(|s| s.mean_gap).map(|g| (i, g)))
        .collect();
    gaps.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    (
        strengths,
        weaknesses,
        gaps.iter().take(3).map(|x| x.0).collect(),
    )
}

/// The municipality's response rate in R (see `Analysis::response_rate`).
/// A unit with answers but no number invited would make it too high, so
/// then there is none; a unit invited without answers counts in the whole.
fn response_rate(
    respondents: &Cell<u64>,
    units: &[UnitCounts],
    r_index: Option<usize>,
    labels: &Labels,
) -> Option<ResponseRate> {
    let &answered = respondents.shown()?;
    let answered_in_r = |u: &UnitCounts| {
        r_index
            .and_then(|i| u.by_round.get(i))
            .is_some_and(|c| c.is_hidden() || c.shown().is_some_and(|&n| n > 0))
    };
    // The whole municipality, where politicians' answers count, has no
    // number invited: the staff's rate leaves it out.
    let whole = crate::survey::round::whole_municipality(&labels.municipality);
    if units
        .iter()
        .any(|u| u.invited.is_none() && u.unit != whole && answered_in_r(u))
    {
        return None;
    }
    let invited: u64 = labels.invited.values().map(|&i| u64::from(i)).sum();
    (invited > 0).then(|| ResponseRate {
        invited,
        percent: 100.0 * answered as f64 / invited as f64,
    })
}

pub fn analyse(data: &Dataset, groups: &[Group], labels: &Labels, options: &Options) -> Analysis {
    let ctx = Ctx::new(data, groups, labels, options);
    let (counts_by_round, units) = ctx.counts();
    let all_r = ctx.total(ctx.r, None, None);
    let all_p = ctx.total(ctx.p, None, None);
    let statements = ctx.statements(&all_r, &all_p);
    let relations = ctx.relations(&all_r, &all_p);
    let choices = ctx.choices(&all_r);
    let (by_unit, unit_sums) = ctx.by_unit();
    let by_role = ctx.by_role();
    let by_area = ctx.by_area();
    let (strengths, weaknesses, largest_gaps) = rankings(&statements, &relations);
    let respondents = |round: Option<u32>, t: &Total| {
        Cell::when(ctx.respondents_total_shown(round), Some(t.responses as u64))
    };
    let respondents_r = respondents(ctx.r, &all_r);
    let r_index = ctx.rounds.iter().position(|(n, _)| *n == options.round);
    let response_rate = response_rate(&respondents_r, &units, r_index, labels);
    Analysis {
        focus_areas: Vec::new(),
        municipality: labels.municipality.clone(),
        steps: labels.steps.clone(),
        scale_labels: labels.scale_labels.clone(),
        round: options.round.clone(),
        previous: options.previous.clone(),
        previous_without_figures: None,
        k: options.k,
        k_round: None,
        unpublished: false,
        k_comments: options.k_comments,
        min_change: options.min_change,
        invalid_cells: data.invalid_cells,
        no_answers: all_r.responses == 0.0,
        any_apart: relations
            .iter()
            .any(|r| r.apart.shown().is_some_and(|a| a.n > 0)),
        respondents: respondents_r,
        response_rate,
        respondents_previous: options
            .previous
            .as_ref()
            .map(|_| respondents(ctx.p, &all_p)),
        notes: ctx.notes(&unit_sums),
        rounds: ctx.rounds.iter().map(|(n, _)| n.clone()).collect(),
        roles: ctx.roles.iter().map(|(n, _)| n.clone()).collect(),
        counts_by_round,
        units,
        statements,
        relations,
        choices,
        by_unit,
        by_area,
        by_role,
        trends: ctx.trends(Whose::Municipality),
        strengths,
        weaknesses,
        largest_gaps,
    }
}
