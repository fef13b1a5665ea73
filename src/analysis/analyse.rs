//! Group sums → `Analysis`: each part of the report in its own function,
//! all reading one `Ctx` (the data, its sorted dimensions, R and P).

use std::collections::BTreeMap;

use super::aggregate::{
    Analysis, Choice, ChoiceStats, GroupBlock, Labels, Note, Options, Relation, RoundCounts,
    StairStats, Statement, UnitCounts, UnitNotes, norwegian_key,
};
use super::dataset::{Dataset, ItemKind};
use super::groups::{GapSums, Group, Sums};
use super::stats::{ScaleStats, median, scale_stats, welch};
use super::suppress::{Cell, Hidden, hide_family, hide_family_with};
use crate::survey::round::relation_label;

/// Responses, item sums and gap sums of a selection of groups.
#[derive(Debug, Clone, Default)]
struct Total {
    responses: f64,
    items: Vec<Sums>,
    gaps: Vec<GapSums>,
}

/// Which cells of one family are hidden, per member.
type Family = Vec<Option<Hidden>>;

struct Ctx<'a> {
    data: &'a Dataset,
    groups: &'a [Group],
    labels: &'a Labels,
    options: &'a Options,
    k: u64,
    /// Round R and P as dictionary ids (absent when they have no responses).
    r: Option<u32>,
    p: Option<u32>,
    /// (name, id), in report order.
    rounds: Vec<(String, u32)>,
    roles: Vec<(String, u32)>,
    units: Vec<(String, u32)>,
    /// Indices of the statement items (scale items that are not stair steps).
    statements: Vec<usize>,
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
    fn new(
        data: &'a Dataset,
        groups: &'a [Group],
        labels: &'a Labels,
        options: &'a Options,
    ) -> Ctx<'a> {
        let role_rank = |name: &str| {
            let rank = match name {
                "ansatt" => 0,
                "leder" => 1,
                "folkevalgt" => 2,
                _ => 3,
            };
            format!("{rank}{name}")
        };
        Ctx {
            data,
            groups,
            labels,
            options,
            k: options.k,
            r: data.rounds.get(&options.round),
            p: options.previous.as_deref().and_then(|p| data.rounds.get(p)),
            // Rounds oldest first, as their names sort (years).
            rounds: sorted(&data.rounds.names, str::to_string),
            roles: sorted(&data.roles.names, role_rank),
            units: sorted(&data.units.names, norwegian_key),
            statements: (0..data.items.len())
                .filter(|&i| data.items[i].kind == ItemKind::Scale)
                .collect(),
        }
    }

    /// Sums over the groups of `round` (and `unit` / `role`, when given).
    fn total(&self, round: Option<u32>, unit: Option<u32>, role: Option<u32>) -> Total {
        let mut t = Total {
            responses: 0.0,
            items: vec![Sums::default(); self.data.items.len()],
            gaps: vec![GapSums::default(); self.data.pairs.len()],
        };
        let selected = self.groups.iter().filter(|g| {
            Some(g.round) == round
                && unit.is_none_or(|u| g.unit == u)
                && role.is_none_or(|o| g.role == o)
        });
        for g in selected {
            t.responses += g.responses;
            t.items.iter_mut().zip(&g.items).for_each(|(a, b)| a.add(b));
            t.gaps.iter_mut().zip(&g.gaps).for_each(|(a, b)| a.add(b));
        }
        t
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

    fn stair(&self, t: &Total, j: usize) -> Option<StairStats> {
        let pair = &self.data.pairs[j];
        let (now, goal, gap) = (&t.items[pair.now], &t.items[pair.goal], &t.gaps[j]);
        let base = scale_stats(now)?;
        Some(StairStats {
            n: base.n,
            median_now: median(&now.levels, self.data.items[pair.now].min)?,
            mean_now: base.mean,
            counts: base.counts,
            pct: base.pct,
            n_goal: goal.n as u64,
            mean_goal: (goal.n > 0.0).then(|| goal.sum / goal.n),
            n_gap: gap.gap.n as u64,
            mean_gap: (gap.gap.n > 0.0).then(|| gap.gap.sum / gap.gap.n),
            pct_up: (gap.gap.n > 0.0).then(|| 100.0 * gap.up / gap.gap.n),
        })
    }

    /// A whole-municipality figure: shown at n ≥ k.
    fn overall<T>(&self, value: Option<T>, n: impl Fn(&T) -> u64) -> Cell<T> {
        match value {
            Some(v) if n(&v) >= self.k => Cell::Shown(v),
            Some(_) => Cell::Hidden(Hidden::UnderK),
            None => Cell::Hidden(Hidden::Empty),
        }
    }

    /// Role × round and unit × round counts; each round is a family for
    /// both. Returns the unit families too: they hide whole units below.
    fn counts(&self) -> (Vec<RoundCounts>, Vec<UnitCounts>, Vec<Family>) {
        let n = |t: Total| t.responses as u64;
        let by_round = self
            .rounds
            .iter()
            .map(|(name, ri)| {
                let ns: Vec<u64> = self
                    .roles
                    .iter()
                    .map(|(_, o)| n(self.total(Some(*ri), None, Some(*o))))
                    .collect();
                RoundCounts {
                    round: name.clone(),
                    total: n(self.total(Some(*ri), None, None)),
                    by_role: hide_family(&ns, self.k)
                        .into_iter()
                        .zip(ns)
                        .map(|(h, n)| Cell::new(n, h))
                        .collect(),
                }
            })
            .collect();
        let unit_ns: Vec<Vec<u64>> = self
            .rounds
            .iter()
            .map(|(_, ri)| {
                self.units
                    .iter()
                    .map(|(_, u)| n(self.total(Some(*ri), Some(*u), None)))
                    .collect()
            })
            .collect();
        let families: Vec<Family> = unit_ns.iter().map(|ns| hide_family(ns, self.k)).collect();
        let r_pos = self.position(self.r);
        let units = self
            .units
            .iter()
            .enumerate()
            .map(|(ui, (name, _))| {
                let by_round: Vec<Cell<u64>> = (0..self.rounds.len())
                    .map(|rj| Cell::new(unit_ns[rj][ui], families[rj][ui]))
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
        (by_round, units, families)
    }

    fn statements(&self, all_r: &Total, all_p: &Total) -> Vec<Statement> {
        let n = |s: &ScaleStats| s.n;
        self.statements
            .iter()
            .map(|&i| {
                let column = &self.data.items[i].column;
                let series_break = self.series_break(column);
                let stats = self.overall(scale_stats(&all_r.items[i]), n);
                let previous = self
                    .p
                    .map(|_| self.overall(scale_stats(&all_p.items[i]), n));
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
                    label: statement_label(column),
                    text: text.cloned().unwrap_or_else(|| column.clone()),
                    stats,
                    previous,
                    change,
                    series_break,
                }
            })
            .collect()
    }

    /// Choice questions for the whole municipality in R (n ≥ k).
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
                    stats: self.overall(stats, |s| s.n),
                }
            })
            .collect()
    }

    fn relations(&self, all_r: &Total, all_p: &Total) -> Vec<Relation> {
        let n = |s: &StairStats| s.n;
        self.data
            .pairs
            .iter()
            .enumerate()
            .map(|(j, pair)| {
                let stats = self.overall(self.stair(all_r, j), n);
                let previous = self.p.map(|_| self.overall(self.stair(all_p, j), n));
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
                    previous,
                    change,
                }
            })
            .collect()
    }

    /// One family per item across `members`: cells under k hidden, members
    /// hidden as a whole stay hidden, and one hidden cell takes another.
    fn item_families(
        &self,
        members: &[Total],
        item: impl Fn(usize) -> usize,
        count: usize,
        whole: &[Option<Hidden>],
    ) -> Vec<Family> {
        (0..count)
            .map(|x| {
                let ns: Vec<u64> = members.iter().map(|m| m.items[item(x)].n as u64).collect();
                hide_family_with(&ns, self.k, whole)
            })
            .collect()
    }

    fn by_unit(&self, unit_families: &[Family]) -> (Vec<GroupBlock>, Vec<Total>) {
        let whole = |round: Option<u32>| -> Vec<Option<Hidden>> {
            match self.position(round) {
                Some(pos) => unit_families[pos].clone(),
                None => vec![None; self.units.len()],
            }
        };
        let (whole_r, whole_p) = (whole(self.r), whole(self.p));
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
        let n_statements = self.statements.len();
        let hidden_r = self.item_families(&sums_r, |s| self.statements[s], n_statements, &whole_r);
        let hidden_p = self.item_families(&sums_p, |s| self.statements[s], n_statements, &whole_p);
        let pairs = &self.data.pairs;
        let hidden_stair = self.item_families(&sums_r, |j| pairs[j].now, pairs.len(), &whole_r);
        let blocks = self
            .units
            .iter()
            .enumerate()
            .filter(|(ui, _)| sums_r[*ui].responses > 0.0)
            .map(|(ui, (name, _))| {
                let (t, t_p) = (&sums_r[ui], &sums_p[ui]);
                let statements = (0..n_statements)
                    .map(|s| {
                        Cell::from_option(
                            scale_stats(&t.items[self.statements[s]]),
                            hidden_r[s][ui],
                        )
                    })
                    .collect();
                let changes = (0..n_statements)
                    .map(|s| {
                        let i = self.statements[s];
                        let shown_r = hidden_r[s][ui].is_none() && t.items[i].n >= 1.0;
                        let shown_p =
                            self.p.is_some() && hidden_p[s][ui].is_none() && t_p.items[i].n >= 1.0;
                        let comparable =
                            shown_r && shown_p && !self.series_break(&self.data.items[i].column);
                        comparable
                            .then(|| welch(&t.items[i], &t_p.items[i], self.options.min_change))
                            .flatten()
                    })
                    .collect();
                let stair = (0..pairs.len())
                    .map(|j| Cell::from_option(self.stair(t, j), hidden_stair[j][ui]))
                    .collect();
                GroupBlock {
                    name: name.clone(),
                    respondents: Cell::new(t.responses as u64, whole_r[ui]),
                    statements,
                    changes,
                    stair,
                }
            })
            .collect();
        (blocks, sums_r)
    }

    fn by_role(&self, counts: &[RoundCounts]) -> Vec<GroupBlock> {
        let whole: Vec<Option<Hidden>> = match self.position(self.r) {
            Some(pos) => counts[pos].by_role.iter().map(Cell::hidden).collect(),
            None => vec![None; self.roles.len()],
        };
        let sums: Vec<Total> = self
            .roles
            .iter()
            .map(|(_, o)| self.total(self.r, None, Some(*o)))
            .collect();
        let hidden =
            self.item_families(&sums, |s| self.statements[s], self.statements.len(), &whole);
        self.roles
            .iter()
            .enumerate()
            .filter(|(oi, _)| sums[*oi].responses > 0.0)
            .map(|(oi, (name, _))| GroupBlock {
                name: name.clone(),
                respondents: Cell::new(sums[oi].responses as u64, whole[oi]),
                statements: (0..self.statements.len())
                    .map(|s| {
                        Cell::from_option(
                            scale_stats(&sums[oi].items[self.statements[s]]),
                            hidden[s][oi],
                        )
                    })
                    .collect(),
                changes: Vec::new(),
                stair: Vec::new(),
            })
            .collect()
    }

    /// Free text of R from units with at least k responses, in file order.
    /// Notes do not add up to a total, so complementary hiding does not apply
    /// to them: only the unit's own size decides.
    fn notes(&self, unit_sums: &[Total]) -> Vec<UnitNotes> {
        let mut notes: BTreeMap<String, UnitNotes> = BTreeMap::new();
        for t in self.data.texts.iter().filter(|t| Some(t.round) == self.r) {
            let Some(ui) = self.units.iter().position(|(_, u)| *u == t.unit) else {
                continue;
            };
            if (unit_sums[ui].responses as u64) < self.k {
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
        notes.into_values().collect()
    }
}

fn statement_label(column: &str) -> String {
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

pub fn analyse(data: &Dataset, groups: &[Group], labels: &Labels, options: &Options) -> Analysis {
    let ctx = Ctx::new(data, groups, labels, options);
    let (counts_by_round, units, unit_families) = ctx.counts();
    let all_r = ctx.total(ctx.r, None, None);
    let all_p = ctx.total(ctx.p, None, None);
    let statements = ctx.statements(&all_r, &all_p);
    let relations = ctx.relations(&all_r, &all_p);
    let choices = ctx.choices(&all_r);
    let (by_unit, unit_sums) = ctx.by_unit(&unit_families);
    let by_role = ctx.by_role(&counts_by_round);
    let (strengths, weaknesses, largest_gaps) = rankings(&statements, &relations);
    Analysis {
        municipality: labels.municipality.clone(),
        steps: labels.steps.clone(),
        scale_labels: labels.scale_labels.clone(),
        round: options.round.clone(),
        previous: options.previous.clone(),
        k: options.k,
        min_change: options.min_change,
        invalid_cells: data.invalid_cells,
        respondents: all_r.responses as u64,
        respondents_previous: ctx.p.map(|_| all_p.responses as u64),
        notes: ctx.notes(&unit_sums),
        rounds: ctx.rounds.iter().map(|(n, _)| n.clone()).collect(),
        roles: ctx.roles.iter().map(|(n, _)| n.clone()).collect(),
        counts_by_round,
        units,
        statements,
        relations,
        choices,
        by_unit,
        by_role,
        strengths,
        weaknesses,
        largest_gaps,
    }
}
