//! Two versions of one closed round: the copy leaders and readers were
//! shown, and the answers as they stand after late answers, a reopening or
//! a re-import. Leaders may have saved the first, so the second may replace
//! it only where the difference between the two tells about no small group:
//! the disclosure rule must show and hide the very same figures in both,
//! and every figure that changes must change by at least k answers (a
//! group's comments: by at least k_comments respondents). DISCLOSURE.md,
//! "Across time", gives the argument.

use super::aggregate::{Labels, Options};
use super::analyse::{Ctx, Total};
use super::dataset::Dataset;
use super::disclosure::Shown;
use super::groups::Group;
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
                0 => write!(
                    f,
                    "{what} for {whom}: ett svar ville bytte plass med et annet"
                ),
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

/// A figure's size and its content (every sum it shows) in a total.
type Pick = fn(&Total, usize) -> (f64, Vec<f64>);

/// What the plan shows of one measure.
struct Seen<'p> {
    what: What,
    units: &'p Shown,
    areas: &'p [bool],
    roles: Option<&'p [bool]>,
    pick: Pick,
    index: usize,
}

/// What keeps round `live` from replacing round `before` (two versions of
/// one round in `data`) as the version leaders and readers are shown; see
/// `versions`. Both are decided by the rule as they stand; where that shows
/// the same figures in both, every figure shown (and every hidden
/// remainder that shown figures give by subtraction) must change by 0 or at
/// least k answers, and shown comments by 0 or at least k_comments
/// respondents.
fn version_problems(
    data: &Dataset,
    groups: &[Group],
    labels: &Labels,
    options: &Options,
    live: &str,
    before: &str,
) -> Vec<Problem> {
    let ctx = Ctx::new(data, groups, labels, options);
    let (Some(l), Some(b)) = (data.rounds.get(live), data.rounds.get(before)) else {
        return Vec::new();
    };
    let (Some(plan), Some(plan_before)) = (ctx.plan_of(Some(l)), ctx.plan_of(Some(b))) else {
        return Vec::new();
    };
    if plan != plan_before {
        return vec![Problem::Pattern];
    }
    let k = ctx.k_of(live);
    let mut problems = Vec::new();
    let column = |i: usize| data.items[i].column.clone();
    let relation = |j: usize| data.pairs[j].relation.clone();
    // Per measure: its name, what the plan shows of units, areas and roles,
    // and the figure's size and content in a total.
    let respondents: Pick = |t, _| (t.responses, vec![t.responses]);
    let item: Pick = |t, i| {
        let s = &t.items[i];
        let mut v = vec![s.n, s.sum, s.sumsq];
        v.extend(&s.levels);
        (s.n, v)
    };
    let goal: Pick = |t, j| {
        let g = &t.gaps[j];
        (g.gap.n, vec![g.gap.n, g.gap.sum, g.gap.sumsq, g.up, g.goal])
    };
    let mut measures = vec![Seen {
        what: What::Respondents,
        units: &plan.respondents,
        areas: &plan.area_respondents,
        roles: Some(&plan.roles),
        pick: respondents,
        index: 0,
    }];
    for i in 0..data.items.len() {
        measures.push(Seen {
            what: What::Item(column(i)),
            units: &plan.unit_items[i],
            areas: &plan.area_items[i],
            roles: Some(&plan.role_items[i].members),
            pick: item,
            index: i,
        });
    }
    for j in 0..data.pairs.len() {
        measures.push(Seen {
            what: What::Goal(relation(j)),
            units: &plan.unit_goals[j],
            areas: &plan.area_goals[j],
            roles: None,
            pick: goal,
            index: j,
        });
    }
    for Seen {
        what,
        units,
        areas,
        roles,
        pick,
        index,
    } in measures
    {
        if !units.total {
            continue;
        }
        // The groups whose figure is shown or follows by subtraction.
        let all: Vec<usize> = (0..ctx.units.len()).collect();
        let mut selections: Vec<(Whom, Vec<usize>)> = vec![(Whom::Municipality, all)];
        let mut placed = vec![false; ctx.units.len()];
        for (ui, (name, _)) in ctx.units.iter().enumerate() {
            if units.members[ui] {
                selections.push((Whom::Unit(name.clone()), vec![ui]));
                placed[ui] = true;
            }
        }
        for ((name, members), _) in plan.areas.iter().zip(areas).filter(|(_, s)| **s) {
            selections.push((Whom::Area(name.clone()), members.clone()));
            let hidden: Vec<usize> = members.iter().copied().filter(|&u| !placed[u]).collect();
            hidden.iter().for_each(|&u| placed[u] = true);
            selections.push((Whom::HiddenUnits, hidden));
        }
        selections.push((
            Whom::HiddenUnits,
            (0..ctx.units.len()).filter(|&u| !placed[u]).collect(),
        ));
        let change = |t_live: &Total, t_before: &Total| -> Option<i64> {
            let (n_live, v_live) = pick(t_live, index);
            let (n_before, v_before) = pick(t_before, index);
            let changed = (n_live - n_before) as i64;
            let differs = v_live != v_before;
            (differs && changed.unsigned_abs() < k).then_some(changed)
        };
        let mut note = |whom: Whom, changed: Option<i64>| {
            if let Some(changed) = changed {
                let problem = Problem::Few {
                    whom,
                    what: what.clone(),
                    changed,
                    k,
                };
                if !problems.contains(&problem) {
                    problems.push(problem);
                }
            }
        };
        for (whom, members) in selections {
            let t_live = ctx.members_total(Some(l), &members);
            let t_before = ctx.members_total(Some(b), &members);
            note(whom, change(&t_live, &t_before));
        }
        if let Some(roles) = roles {
            let mut hidden = (ctx.empty(), ctx.empty());
            for (oi, (name, o)) in ctx.roles.iter().enumerate() {
                let t_live = ctx.total(Some(l), None, Some(*o));
                let t_before = ctx.total(Some(b), None, Some(*o));
                if roles[oi] {
                    note(Whom::Role(name.clone()), change(&t_live, &t_before));
                } else {
                    hidden.0.add(t_live.responses, &t_live.items, &t_live.gaps);
                    hidden
                        .1
                        .add(t_before.responses, &t_before.items, &t_before.gaps);
                }
            }
            note(Whom::HiddenRoles, change(&hidden.0, &hidden.1));
        }
    }
    // Comments, where a unit's are shown in both.
    let texts = |round: u32, unit: u32| -> Vec<(&Option<String>, &String)> {
        let mut v: Vec<_> = data
            .texts
            .iter()
            .filter(|t| t.round == round && t.unit == unit)
            .map(|t| (&t.relation, &t.text))
            .collect();
        v.sort();
        v
    };
    for (ui, (name, u)) in ctx.units.iter().enumerate() {
        let n_live = ctx.total(Some(l), Some(*u), None).responses as u64;
        let n_before = ctx.total(Some(b), Some(*u), None).responses as u64;
        let shown = plan.respondents.members[ui]
            && n_live >= options.k_comments
            && n_before >= options.k_comments;
        let changed = n_live as i64 - n_before as i64;
        if shown && texts(l, *u) != texts(b, *u) && changed.unsigned_abs() < options.k_comments {
            problems.push(Problem::Comments {
                unit: name.clone(),
                changed,
                k_comments: options.k_comments,
            });
        }
    }
    problems
}
