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
use crate::i18n::join_and;
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
    /// A figure would change by `changed` answers (1..k−1 either way).
    Few {
        /// Every group whose figures change by as many.
        whom: Vec<Whom>,
        /// The figures that change so (see `grouped`).
        what: Vec<What>,
        changed: i64,
        k: u64,
    },
    /// The change both adds answers and takes some away: one answer could
    /// take another's place, and the figures show the difference.
    Mixed,
    /// The change, set units against roles, would leave 1..k−1 answers.
    Crossing { what: What, k: u64 },
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
        let words = bokmål_words(&Figures::of(std::slice::from_ref(self)));
        write!(f, "{}", join_and(&words, "og"))
    }
}

/// The kinds of figures in `figures`, in bokmål, one phrase per kind.
fn bokmål_words(figures: &Figures) -> Vec<String> {
    let mut what: Vec<String> = Vec::new();
    if figures.respondents {
        what.push("antall svar".into());
    }
    if !figures.statements.is_empty() {
        let word = if figures.statement_count == 1 {
            "påstand"
        } else {
            "påstandene"
        };
        what.push(format!("{word} {}", join_and(&figures.statements, "og")));
    }
    if !figures.steps.is_empty() {
        what.push(format!(
            "trinnet i samhandlingstrappa ({})",
            figures.steps.join(", ")
        ));
    }
    if !figures.goals.is_empty() {
        what.push(format!(
            "målet i samhandlingstrappa ({})",
            figures.goals.join(", ")
        ));
    }
    what.extend(figures.others.iter().map(|c| format!("spørsmålet {c}")));
    what
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
            } => {
                let whom: Vec<String> = whom.iter().map(ToString::to_string).collect();
                let what = bokmål_words(&Figures::of(what));
                write!(
                    f,
                    "{} for {}: endres med {} svar (minst {k} må til)",
                    join_and(&what, "og"),
                    join_and(&whom, "og"),
                    changed.abs()
                )
            }
            Problem::Mixed => write!(
                f,
                "endringen både legger til og tar bort svar, så ett svar kunne ha tatt et annets plass; en slik retting kan ikke publiseres"
            ),
            Problem::Crossing { what, k } => write!(
                f,
                "{what}: enheter satt mot roller ville endres med færre enn {k} svar"
            ),
            Problem::Comments {
                unit,
                changed,
                k_comments,
            } => write!(
                f,
                "kommentarene fra «{unit}»: {} {} endres (minst {k_comments} må til)",
                changed.abs(),
                if changed.abs() == 1 {
                    "kommentar"
                } else {
                    "kommentarer"
                }
            ),
        }
    }
}

/// The figures of a list of `What`, sorted into kinds so that a list of
/// twenty reads as a sentence: "antall svar, påstand 1–10 og trinnet i
/// samhandlingstrappa for alle samarbeidspartnere".
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Figures {
    pub respondents: bool,
    /// The statements' labels, in their order, as ranges ("1–10", "12").
    pub statements: Vec<String>,
    /// How many statements `statements` holds.
    pub statement_count: usize,
    /// The stair's relations (keys) whose current step changes.
    pub steps: Vec<String>,
    /// The stair's relations (keys) whose goal changes.
    pub goals: Vec<String>,
    /// Any other question, by column.
    pub others: Vec<String>,
}

impl Figures {
    pub fn of(what: &[What]) -> Figures {
        let mut f = Figures::default();
        let mut numbers: Vec<String> = Vec::new();
        let push = |v: &mut Vec<String>, x: &str| {
            if !v.iter().any(|y| y == x) {
                v.push(x.to_string());
            }
        };
        for w in what {
            match w {
                What::Respondents => f.respondents = true,
                What::Goal(key) => push(&mut f.goals, key),
                What::Item(column) => {
                    if let Some(key) = column
                        .strip_prefix("trapp.")
                        .and_then(|c| c.strip_suffix(".now"))
                    {
                        push(&mut f.steps, key);
                    } else if let Some(key) = column
                        .strip_prefix("trapp.")
                        .and_then(|c| c.strip_suffix(".goal"))
                    {
                        push(&mut f.goals, key);
                    } else if column.starts_with("plakat.") {
                        push(&mut numbers, &super::analyse::statement_label(column));
                    } else {
                        push(&mut f.others, column);
                    }
                }
            }
        }
        f.statement_count = numbers.len();
        f.statements = ranges(&numbers);
        f
    }
}

/// Labels that are runs of whole numbers read as ranges ("1–4"); any other
/// label stands alone.
fn ranges(labels: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut run: Option<(u32, u32)> = None;
    let close = |run: &mut Option<(u32, u32)>, out: &mut Vec<String>| {
        if let Some((a, b)) = run.take() {
            out.push(match b - a {
                0 => a.to_string(),
                1 => format!("{a}, {b}"),
                _ => format!("{a}–{b}"),
            });
        }
    };
    for label in labels {
        match (label.parse::<u32>(), run) {
            (Ok(n), Some((a, b))) if n == b + 1 => run = Some((a, n)),
            (Ok(n), _) => {
                close(&mut run, &mut out);
                run = Some((n, n));
            }
            (Err(_), _) => {
                close(&mut run, &mut out);
                out.push(label.clone());
            }
        }
    }
    close(&mut run, &mut out);
    out
}

/// Adds `problem` to `all`: a figure changing by as many as one already
/// there joins it, so that the list names each change once.
pub fn merge(all: &mut Vec<Problem>, problem: Problem) {
    if let Problem::Few {
        whom,
        what,
        changed,
        k,
    } = &problem
    {
        for p in all.iter_mut() {
            if let Problem::Few {
                whom: w,
                what: x,
                changed: c,
                k: kk,
            } = p
                && x == what
                && c == changed
                && kk == k
            {
                for one in whom {
                    if !w.contains(one) {
                        w.push(one.clone());
                    }
                }
                return;
            }
        }
    }
    if !all.contains(&problem) {
        all.push(problem);
    }
}

/// The problems with the figures that change by as many for the very same
/// groups put together: one late answer touches every figure of its unit,
/// and a list of each would hide the point.
pub fn grouped(problems: Vec<Problem>) -> Vec<Problem> {
    let mut out: Vec<Problem> = Vec::new();
    for problem in problems {
        if let Problem::Few {
            whom,
            what,
            changed,
            k,
        } = &problem
            && let Some(Problem::Few { what: x, .. }) = out.iter_mut().find(|p| {
                matches!(p, Problem::Few { whom: w, changed: c, k: kk, .. }
                    if w == whom && c == changed && kk == k)
            })
        {
            x.extend(what.iter().cloned());
            continue;
        }
        out.push(problem);
    }
    out
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

/// A measure, as the comparison reads it from a total.
#[derive(Clone, Copy)]
enum Measure {
    Respondents,
    Item(usize),
    /// A relation's goal figures: those who gave both (and, nested, the
    /// rest of those who gave a current step: item `now`).
    Goal {
        pair: usize,
        now: usize,
    },
}

impl Measure {
    /// The populations a figure of this measure rests on, in a total.
    fn populations(self, t: &Total) -> Vec<i64> {
        match self {
            Measure::Respondents => vec![t.responses as i64],
            Measure::Item(i) => vec![t.items[i].n as i64],
            Measure::Goal { pair, now } => {
                let both = t.gaps[pair].gap.n as i64;
                vec![both, t.items[now].n as i64 - both]
            }
        }
    }
}

/// What the plan shows of one measure.
struct Seen<'p> {
    what: What,
    measure: Measure,
    units: &'p Shown,
    areas: &'p [bool],
    /// `None` for the goal figures, which no role shows.
    roles: Option<&'p [bool]>,
}

/// Every count a total holds (responses, answers per level, the stair's
/// joint counts), to tell additions from removals.
fn counts(t: &Total) -> Vec<f64> {
    let mut v = vec![t.responses];
    for s in &t.items {
        v.push(s.n);
        v.extend(&s.levels);
    }
    for g in &t.gaps {
        v.push(g.gap.n);
        v.push(g.up);
        v.push(g.apart);
    }
    v
}

/// What keeps round `live` from replacing round `before` (two versions of
/// one round in `data`) as the version leaders and readers are shown; see
/// the module's text. Both are decided by the rule as they stand.
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
    // A version that showed no figure (fewer than k answers, or none at
    // all: a round closed before its paper answers were imported) told
    // nothing a later one could be set against.
    if !plan_before.respondents.total {
        return Vec::new();
    }
    if plan != plan_before {
        return vec![Problem::Pattern];
    }
    let k = ctx.k_of(live);
    let mut problems = Vec::new();
    // Only answers added, or only answers taken away: a change that does
    // both could swap one answer for another and show the difference.
    let (mut added, mut removed) = (false, false);
    for (_, u) in &ctx.units {
        for (_, o) in &ctx.roles {
            let now = counts(&ctx.total(Some(l), Some(*u), Some(*o)));
            let then = counts(&ctx.total(Some(b), Some(*u), Some(*o)));
            for (x, y) in now.iter().zip(&then) {
                added |= x > y;
                removed |= x < y;
            }
        }
    }
    if added && removed {
        return vec![Problem::Mixed];
    }
    let mut measures = vec![Seen {
        what: What::Respondents,
        measure: Measure::Respondents,
        units: &plan.respondents,
        areas: &plan.area_respondents,
        roles: Some(&plan.roles),
    }];
    for (i, item) in data.items.iter().enumerate() {
        measures.push(Seen {
            what: What::Item(item.column.clone()),
            measure: Measure::Item(i),
            units: &plan.unit_items[i],
            areas: &plan.area_items[i],
            roles: Some(&plan.role_items[i].members),
        });
    }
    for (j, pair) in data.pairs.iter().enumerate() {
        measures.push(Seen {
            what: What::Goal(pair.relation.clone()),
            measure: Measure::Goal {
                pair: j,
                now: pair.now,
            },
            units: &plan.unit_goals[j],
            areas: &plan.area_goals[j],
            roles: None,
        });
    }
    for seen in measures {
        if !seen.units.total {
            continue;
        }
        let change = |members: &[usize], role: Option<u32>| -> Vec<i64> {
            let (now, then) = match role {
                None => (
                    ctx.members_total(Some(l), members),
                    ctx.members_total(Some(b), members),
                ),
                Some(o) => (
                    ctx.total(Some(l), None, Some(o)),
                    ctx.total(Some(b), None, Some(o)),
                ),
            };
            let (a, z) = (
                seen.measure.populations(&now),
                seen.measure.populations(&then),
            );
            a.iter().zip(&z).map(|(x, y)| x - y).collect()
        };
        let mut note = |whom: Whom, delta: Vec<i64>| {
            if let Some(&changed) = delta.iter().find(|d| (1..k).contains(&d.unsigned_abs())) {
                let problem = Problem::Few {
                    whom: vec![whom],
                    what: vec![seen.what.clone()],
                    changed,
                    k,
                };
                merge(&mut problems, problem);
            }
        };
        // The groups whose figure is shown or follows by subtraction.
        let atoms = unit_atoms(&ctx.units, plan, seen.units, seen.areas);
        note(
            Whom::Municipality,
            change(&(0..ctx.units.len()).collect::<Vec<_>>(), None),
        );
        for (ui, (name, _)) in ctx
            .units
            .iter()
            .enumerate()
            .filter(|(ui, _)| seen.units.members[*ui])
        {
            note(Whom::Unit(name.clone()), change(&[ui], None));
        }
        for ((name, members), _) in plan.areas.iter().zip(seen.areas).filter(|(_, s)| **s) {
            note(Whom::Area(name.clone()), change(members, None));
        }
        for atom in atoms
            .iter()
            .filter(|a| a.len() > 1 || !seen.units.members[a[0]])
        {
            note(Whom::HiddenUnits, change(atom, None));
        }
        let Some(roles) = seen.roles else {
            continue;
        };
        let hidden_roles: Vec<usize> = (0..ctx.roles.len()).filter(|&r| !roles[r]).collect();
        let mut rest = vec![0i64; seen.measure.populations(&ctx.empty()).len()];
        for (oi, (name, o)) in ctx.roles.iter().enumerate() {
            let delta = change(&[], Some(*o));
            if roles[oi] {
                note(Whom::Role(name.clone()), delta);
            } else {
                rest.iter_mut().zip(&delta).for_each(|(a, d)| *a += d);
            }
        }
        note(Whom::HiddenRoles, rest);
        // Units against roles, on the change itself (all of one sign).
        let cells: Vec<Vec<Vec<u64>>> = ctx
            .units
            .iter()
            .map(|(_, u)| {
                ctx.roles
                    .iter()
                    .map(|(_, o)| {
                        let now = seen
                            .measure
                            .populations(&ctx.total(Some(l), Some(*u), Some(*o)));
                        let then =
                            seen.measure
                                .populations(&ctx.total(Some(b), Some(*u), Some(*o)));
                        now.iter()
                            .zip(&then)
                            .map(|(x, y)| (x - y).unsigned_abs())
                            .collect()
                    })
                    .collect()
            })
            .collect();
        let mut role_atoms: Vec<Vec<usize>> = (0..ctx.roles.len())
            .filter(|&r| roles[r])
            .map(|r| vec![r])
            .collect();
        if !hidden_roles.is_empty() {
            role_atoms.push(hidden_roles);
        }
        if !crate::analysis::disclosure::crossing_safe(&cells, &atoms, &role_atoms, k) {
            let problem = Problem::Crossing {
                what: seen.what.clone(),
                k,
            };
            if !problems.contains(&problem) {
                problems.push(problem);
            }
        }
    }
    // Comments, where a unit's are shown in both: those taken away and
    // those added, each none or at least k_comments.
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
        if !shown {
            continue;
        }
        let (now, then) = (texts(l, *u), texts(b, *u));
        let gone = bag_minus(&then, &now);
        let new = bag_minus(&now, &then);
        for changed in [-(gone as i64), new as i64] {
            if (1..options.k_comments).contains(&changed.unsigned_abs()) {
                problems.push(Problem::Comments {
                    unit: name.clone(),
                    changed,
                    k_comments: options.k_comments,
                });
            }
        }
    }
    problems
}

/// How many of sorted bag `a` are not matched in sorted bag `b`.
fn bag_minus<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut left) = (0, 0, 0);
    while i < a.len() {
        if j < b.len() && b[j] < a[i] {
            j += 1;
        } else if j < b.len() && b[j] == a[i] {
            i += 1;
            j += 1;
        } else {
            left += 1;
            i += 1;
        }
    }
    left
}

/// The pieces a measure's plan cuts the report's units into: each shown
/// unit; the hidden units of each shown area; and the rest.
fn unit_atoms(
    units: &[(String, u32)],
    plan: &super::plan::RoundPlan,
    shown: &Shown,
    areas: &[bool],
) -> Vec<Vec<usize>> {
    let mut atoms: Vec<Vec<usize>> = (0..units.len())
        .filter(|&u| shown.members[u])
        .map(|u| vec![u])
        .collect();
    let mut placed: Vec<bool> = shown.members.clone();
    for ((_, members), _) in plan.areas.iter().zip(areas).filter(|(_, s)| **s) {
        let hidden: Vec<usize> = members.iter().copied().filter(|&u| !placed[u]).collect();
        hidden.iter().for_each(|&u| placed[u] = true);
        atoms.push(hidden);
    }
    atoms.push((0..units.len()).filter(|&u| !placed[u]).collect());
    atoms.retain(|a| !a.is_empty());
    atoms
}
