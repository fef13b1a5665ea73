//! Group sums → the typed aggregates a report is made from, for round R and
//! its previous round P, with minimum-group-size and complementary
//! suppression applied (see `suppress`). Pure: no I/O.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::dataset::{Dataset, ItemKind};
use super::groups::{GapSums, Group, Sums};
use super::stats::{Change, ScaleStats, median, scale_stats, welch};
use super::suppress::{Cell, Hidden, hide_family};

#[derive(Debug, Clone)]
pub struct Options {
    pub round: String,
    pub previous: Option<String>,
    /// Minimum group size.
    pub k: u64,
    /// Smallest change worth calling meaningful (on the item's scale).
    pub min_change: f64,
}

/// Names and wording that are not in the responses themselves.
#[derive(Debug, Clone, Default)]
pub struct Labels {
    pub municipality: String,
    /// (column, round) → question wording, to detect a changed wording.
    pub wording: HashMap<(String, String), String>,
    pub relations: HashMap<String, String>,
    /// Names of the stair's steps, lowest first.
    pub steps: Vec<String>,
    /// Labels of the statements' scale points, lowest first.
    pub scale_labels: Vec<String>,
    /// Number invited per unit in round R, where known.
    pub invited: HashMap<String, u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StairStats {
    /// Answers on "now".
    pub n: u64,
    pub counts: Vec<u64>,
    pub pct: Vec<f64>,
    pub median_now: f64,
    pub mean_now: f64,
    pub n_goal: u64,
    pub mean_goal: Option<f64>,
    /// Respondents with both now and goal.
    pub n_gap: u64,
    pub mean_gap: Option<f64>,
    /// Per cent of those who see at least one step up.
    pub pct_up: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoundCounts {
    pub round: String,
    pub total: u64,
    /// Aligned with `Analysis::roles`.
    pub by_role: Vec<Cell<u64>>,
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
    /// Short label: "1" for plakat.p01.
    pub label: String,
    pub text: String,
    pub stats: Cell<ScaleStats>,
    pub previous: Option<Cell<ScaleStats>>,
    pub change: Option<Change>,
    /// The wording changed since P: no comparison.
    pub series_break: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Relation {
    pub key: String,
    pub label: String,
    pub stats: Cell<StairStats>,
    pub previous: Option<Cell<StairStats>>,
    /// Change of the mean current step.
    pub change: Option<Change>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupBlock {
    pub name: String,
    pub respondents: Cell<u64>,
    /// Aligned with `Analysis::statements`.
    pub statements: Vec<Cell<ScaleStats>>,
    pub changes: Vec<Option<Change>>,
    /// Aligned with `Analysis::relations` (empty for roles).
    pub stair: Vec<Cell<StairStats>>,
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

/// Everything a report shows, after suppression.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    pub municipality: String,
    pub steps: Vec<String>,
    pub scale_labels: Vec<String>,
    pub round: String,
    pub previous: Option<String>,
    pub k: u64,
    pub min_change: f64,
    pub invalid_cells: u64,
    pub respondents: u64,
    pub respondents_previous: Option<u64>,
    /// Rounds in the data, oldest first.
    pub rounds: Vec<String>,
    pub roles: Vec<String>,
    pub counts_by_round: Vec<RoundCounts>,
    pub units: Vec<UnitCounts>,
    pub statements: Vec<Statement>,
    pub relations: Vec<Relation>,
    pub by_unit: Vec<GroupBlock>,
    pub by_role: Vec<GroupBlock>,
    /// Indices into `statements`: the three highest and lowest means.
    pub strengths: Vec<usize>,
    pub weaknesses: Vec<usize>,
    /// Indices into `relations`: the three largest mean gaps.
    pub largest_gaps: Vec<usize>,
    pub notes: Vec<UnitNotes>,
}

/// Sort key: case-insensitive a–z, then æ, ø, å (Norwegian order).
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

fn statement_label(column: &str) -> String {
    let id = column.rsplit('.').next().unwrap_or(column);
    match id.strip_prefix('p').and_then(|n| n.parse::<u32>().ok()) {
        Some(n) => n.to_string(),
        None => id.to_string(),
    }
}

/// Sums of the groups that `keep` selects.
fn total<'a>(
    groups: impl Iterator<Item = &'a Group>,
    items: usize,
    gaps: usize,
) -> (f64, Vec<Sums>, Vec<GapSums>) {
    let mut n = 0.0;
    let mut sums = vec![Sums::default(); items];
    let mut gap = vec![GapSums::default(); gaps];
    for g in groups {
        n += g.responses;
        for (a, b) in sums.iter_mut().zip(&g.items) {
            a.add(b);
        }
        for (a, b) in gap.iter_mut().zip(&g.gaps) {
            a.add(b);
        }
    }
    (n, sums, gap)
}

fn stair_stats(now: &Sums, goal: &Sums, gap: &GapSums, min: i32) -> Option<StairStats> {
    let base = scale_stats(now)?;
    Some(StairStats {
        n: base.n,
        median_now: median(&now.levels, min)?,
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

pub fn analyse(data: &Dataset, groups: &[Group], labels: &Labels, options: &Options) -> Analysis {
    let k = options.k;
    let round_of = |name: &str| data.rounds.get(name);
    let r = round_of(&options.round);
    let p = options.previous.as_deref().and_then(round_of);
    let pairs: Vec<(String, usize, usize)> = data
        .pairs
        .iter()
        .map(|p| (p.relation.clone(), p.now, p.goal))
        .collect();
    let (n_items, n_pairs) = (data.items.len(), pairs.len());
    let in_round = |round: Option<u32>| move |g: &&Group| Some(g.round) == round;

    // Rounds oldest first, as their names sort (years).
    let mut rounds: Vec<(String, u32)> = data
        .rounds
        .names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.clone(), i as u32))
        .collect();
    rounds.sort_by(|a, b| a.0.cmp(&b.0));
    let mut roles: Vec<(String, u32)> = data
        .roles
        .names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.clone(), i as u32))
        .collect();
    let role_rank = |name: &str| match name {
        "ansatt" => 0,
        "leder" => 1,
        "folkevalgt" => 2,
        _ => 3,
    };
    roles.sort_by(|a, b| (role_rank(&a.0), &a.0).cmp(&(role_rank(&b.0), &b.0)));
    let mut units: Vec<(String, u32)> = data
        .units
        .names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.clone(), i as u32))
        .collect();
    units.sort_by_key(|(name, _)| norwegian_key(name));

    let count = |round: u32, unit: Option<u32>, role: Option<u32>| -> u64 {
        groups
            .iter()
            .filter(|g| {
                g.round == round
                    && unit.is_none_or(|u| g.unit == u)
                    && role.is_none_or(|o| g.role == o)
            })
            .map(|g| g.responses)
            .sum::<f64>() as u64
    };

    // Counts: role × round and unit × round, each round a family.
    let counts_by_round: Vec<RoundCounts> = rounds
        .iter()
        .map(|(name, ri)| {
            let ns: Vec<u64> = roles
                .iter()
                .map(|(_, o)| count(*ri, None, Some(*o)))
                .collect();
            RoundCounts {
                round: name.clone(),
                total: count(*ri, None, None),
                by_role: hide_family(&ns, k)
                    .into_iter()
                    .zip(ns)
                    .map(|(h, n)| Cell::new(n, h))
                    .collect(),
            }
        })
        .collect();
    let unit_families: Vec<Vec<Option<Hidden>>> = rounds
        .iter()
        .map(|(_, ri)| {
            let ns: Vec<u64> = units
                .iter()
                .map(|(_, u)| count(*ri, Some(*u), None))
                .collect();
            hide_family(&ns, k)
        })
        .collect();
    let r_index = r.and_then(|r| rounds.iter().position(|(_, i)| *i == r));
    let unit_counts: Vec<UnitCounts> = units
        .iter()
        .enumerate()
        .map(|(ui, (name, u))| {
            let by_round: Vec<Cell<u64>> = rounds
                .iter()
                .enumerate()
                .map(|(rj, (_, ri))| Cell::new(count(*ri, Some(*u), None), unit_families[rj][ui]))
                .collect();
            let invited = labels.invited.get(name).copied();
            // A rate would reveal a hidden count: only beside a shown one.
            let rate = match (invited, r_index.and_then(|j| by_round[j].shown())) {
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

    // Units hidden as a whole in R (too few, or their complement).
    let r_pos = r.and_then(|r| rounds.iter().position(|(_, i)| *i == r));
    let p_pos = p.and_then(|p| rounds.iter().position(|(_, i)| *i == p));
    let unit_hidden = |pos: Option<usize>, ui: usize| pos.and_then(|pos| unit_families[pos][ui]);

    // Overall statements and relations.
    let (resp_r, all_r, gaps_r) = total(groups.iter().filter(in_round(r)), n_items, n_pairs);
    let (resp_p, all_p, gaps_p) = total(groups.iter().filter(in_round(p)), n_items, n_pairs);
    let statement_items: Vec<usize> = data
        .items
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == ItemKind::Scale)
        .map(|(i, _)| i)
        .collect();
    let overall = |sums: &Sums| match scale_stats(sums) {
        Some(s) if s.n >= k => Cell::Shown(s),
        Some(_) => Cell::Hidden(Hidden::UnderK),
        None => Cell::Hidden(Hidden::Empty),
    };
    let wording = |column: &str, round: &Option<String>| -> Option<&String> {
        round
            .as_ref()
            .and_then(|r| labels.wording.get(&(column.to_string(), r.clone())))
    };
    let statements: Vec<Statement> = statement_items
        .iter()
        .map(|&i| {
            let column = &data.items[i].column;
            let text_r = wording(column, &Some(options.round.clone()));
            let series_break = series_break(column, labels, options);
            let stats = overall(&all_r[i]);
            let previous = p.map(|_| overall(&all_p[i]));
            let change = match (&stats, &previous) {
                (Cell::Shown(_), Some(Cell::Shown(_))) if !series_break => {
                    welch(&all_r[i], &all_p[i], options.min_change)
                }
                _ => None,
            };
            Statement {
                column: column.clone(),
                label: statement_label(column),
                text: text_r.cloned().unwrap_or_else(|| column.clone()),
                stats,
                previous,
                change,
                series_break,
            }
        })
        .collect();
    let stair_min = |i: usize| data.items[i].min;
    let stair_cell =
        |now: &Sums, goal: &Sums, gap: &GapSums, min: i32| match stair_stats(now, goal, gap, min) {
            Some(s) if s.n >= k => Cell::Shown(s),
            Some(_) => Cell::Hidden(Hidden::UnderK),
            None => Cell::Hidden(Hidden::Empty),
        };
    let relations: Vec<Relation> = pairs
        .iter()
        .enumerate()
        .map(|(j, (key, now, goal))| {
            let stats = stair_cell(&all_r[*now], &all_r[*goal], &gaps_r[j], stair_min(*now));
            let previous =
                p.map(|_| stair_cell(&all_p[*now], &all_p[*goal], &gaps_p[j], stair_min(*now)));
            let change = match (&stats, &previous) {
                (Cell::Shown(_), Some(Cell::Shown(_))) => {
                    welch(&all_r[*now], &all_p[*now], options.min_change)
                }
                _ => None,
            };
            Relation {
                label: labels
                    .relations
                    .get(key)
                    .cloned()
                    .unwrap_or_else(|| crate::survey::round::relation_label(key)),
                key: key.clone(),
                stats,
                previous,
                change,
            }
        })
        .collect();

    // Per unit: cell n < k hidden; units hidden as a whole stay hidden; each
    // statement (and relation) across units is a family of its own.
    let unit_sums: Vec<(f64, Vec<Sums>, Vec<GapSums>)> = units
        .iter()
        .map(|(_, u)| {
            total(
                groups.iter().filter(|g| Some(g.round) == r && g.unit == *u),
                n_items,
                n_pairs,
            )
        })
        .collect();
    let unit_sums_p: Vec<(f64, Vec<Sums>, Vec<GapSums>)> = units
        .iter()
        .map(|(_, u)| {
            total(
                groups.iter().filter(|g| Some(g.round) == p && g.unit == *u),
                n_items,
                n_pairs,
            )
        })
        .collect();
    let family = |ns: Vec<u64>, forced: &dyn Fn(usize) -> Option<Hidden>| -> Vec<Option<Hidden>> {
        let forced: Vec<Option<Hidden>> = (0..ns.len()).map(forced).collect();
        super::suppress::hide_family_with(&ns, k, &forced)
    };
    let statement_hidden: Vec<Vec<Option<Hidden>>> = statement_items
        .iter()
        .map(|&i| {
            family(unit_sums.iter().map(|u| u.1[i].n as u64).collect(), &|ui| {
                unit_hidden(r_pos, ui)
            })
        })
        .collect();
    let statement_hidden_p: Vec<Vec<Option<Hidden>>> = statement_items
        .iter()
        .map(|&i| {
            family(
                unit_sums_p.iter().map(|u| u.1[i].n as u64).collect(),
                &|ui| unit_hidden(p_pos, ui),
            )
        })
        .collect();
    let stair_hidden: Vec<Vec<Option<Hidden>>> = pairs
        .iter()
        .map(|(_, now, _)| {
            family(
                unit_sums.iter().map(|u| u.1[*now].n as u64).collect(),
                &|ui| unit_hidden(r_pos, ui),
            )
        })
        .collect();
    let by_unit: Vec<GroupBlock> = units
        .iter()
        .enumerate()
        .filter(|(_, (_, u))| groups.iter().any(|g| Some(g.round) == r && g.unit == *u))
        .map(|(ui, (name, _))| {
            let (n, sums, gaps) = &unit_sums[ui];
            let sums_p = &unit_sums_p[ui].1;
            let statements: Vec<Cell<ScaleStats>> = statement_items
                .iter()
                .enumerate()
                .map(|(si, &i)| Cell::from_option(scale_stats(&sums[i]), statement_hidden[si][ui]))
                .collect();
            let changes = statement_items
                .iter()
                .enumerate()
                .map(|(si, &i)| {
                    let shown_r = statement_hidden[si][ui].is_none() && sums[i].n >= 1.0;
                    let shown_p =
                        p.is_some() && statement_hidden_p[si][ui].is_none() && sums_p[i].n >= 1.0;
                    (shown_r && shown_p && !series_break(&data.items[i].column, labels, options))
                        .then(|| welch(&sums[i], &sums_p[i], options.min_change))
                        .flatten()
                })
                .collect();
            let stair = pairs
                .iter()
                .enumerate()
                .map(|(j, (_, now, goal))| {
                    Cell::from_option(
                        stair_stats(&sums[*now], &sums[*goal], &gaps[j], stair_min(*now)),
                        stair_hidden[j][ui],
                    )
                })
                .collect();
            GroupBlock {
                name: name.clone(),
                respondents: Cell::new(*n as u64, unit_hidden(r_pos, ui)),
                statements,
                changes,
                stair,
            }
        })
        .collect();

    // Per role, the same for statements.
    let role_sums: Vec<(f64, Vec<Sums>, Vec<GapSums>)> = roles
        .iter()
        .map(|(_, o)| {
            total(
                groups.iter().filter(|g| Some(g.round) == r && g.role == *o),
                n_items,
                n_pairs,
            )
        })
        .collect();
    let role_family = r_pos.map(|pos| {
        counts_by_round[pos]
            .by_role
            .iter()
            .map(Cell::hidden)
            .collect::<Vec<_>>()
    });
    let role_forced = |oi: usize| role_family.as_ref().and_then(|f| f[oi]);
    let role_statement_hidden: Vec<Vec<Option<Hidden>>> = statement_items
        .iter()
        .map(|&i| {
            family(
                role_sums.iter().map(|o| o.1[i].n as u64).collect(),
                &role_forced,
            )
        })
        .collect();
    let by_role: Vec<GroupBlock> = roles
        .iter()
        .enumerate()
        .filter(|(oi, _)| role_sums[*oi].0 > 0.0)
        .map(|(oi, (name, _))| GroupBlock {
            name: name.clone(),
            respondents: Cell::new(role_sums[oi].0 as u64, role_forced(oi)),
            statements: statement_items
                .iter()
                .enumerate()
                .map(|(si, &i)| {
                    Cell::from_option(
                        scale_stats(&role_sums[oi].1[i]),
                        role_statement_hidden[si][oi],
                    )
                })
                .collect(),
            changes: Vec::new(),
            stair: Vec::new(),
        })
        .collect();

    // Strengths, improvement areas, largest gaps (shown figures only).
    let mut ranked: Vec<(usize, f64)> = statements
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.stats.shown().map(|st| (i, st.mean)))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let strengths: Vec<usize> = ranked.iter().take(3).map(|x| x.0).collect();
    let weaknesses: Vec<usize> = ranked.iter().rev().take(3).map(|x| x.0).collect();
    let mut gaps: Vec<(usize, f64)> = relations
        .iter()
        .enumerate()
        .filter_map(|(i, rel)| rel.stats.shown().and_then(|s| s.mean_gap).map(|g| (i, g)))
        .collect();
    gaps.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let largest_gaps = gaps.iter().take(3).map(|x| x.0).collect();

    // Free text: units with at least k responses in R, in file order.
    let mut notes: BTreeMap<String, UnitNotes> = BTreeMap::new();
    for t in data.texts.iter().filter(|t| Some(t.round) == r) {
        let Some(ui) = units.iter().position(|(_, u)| *u == t.unit) else {
            continue;
        };
        // Notes do not add up to a total, so complementary hiding does not
        // apply to them: only the unit's own size decides.
        if (unit_sums[ui].0 as u64) < k {
            continue;
        }
        let name = &units[ui].0;
        notes
            .entry(norwegian_key(name))
            .or_insert_with(|| UnitNotes {
                unit: name.clone(),
                notes: Vec::new(),
            })
            .notes
            .push(Note {
                relation: t.relation.as_ref().map(|key| {
                    labels
                        .relations
                        .get(key)
                        .cloned()
                        .unwrap_or_else(|| crate::survey::round::relation_label(key))
                }),
                text: t.text.clone(),
            });
    }

    Analysis {
        municipality: labels.municipality.clone(),
        steps: labels.steps.clone(),
        scale_labels: labels.scale_labels.clone(),
        round: options.round.clone(),
        previous: options.previous.clone(),
        k,
        min_change: options.min_change,
        invalid_cells: data.invalid_cells,
        respondents: resp_r as u64,
        respondents_previous: p.map(|_| resp_p as u64),
        rounds: rounds.into_iter().map(|(n, _)| n).collect(),
        roles: roles.into_iter().map(|(n, _)| n).collect(),
        counts_by_round,
        units: unit_counts,
        statements,
        relations,
        by_unit,
        by_role,
        strengths,
        weaknesses,
        largest_gaps,
        notes: notes.into_values().collect(),
    }
}

/// True when the column's wording differs between R and P.
fn series_break(column: &str, labels: &Labels, options: &Options) -> bool {
    let Some(p) = &options.previous else {
        return false;
    };
    let a = labels
        .wording
        .get(&(column.to_string(), options.round.clone()));
    let b = labels.wording.get(&(column.to_string(), p.clone()));
    matches!((a, b), (Some(a), Some(b)) if a != b)
}
