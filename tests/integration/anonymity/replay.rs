//! The attacker who knows the rule. For each family of each measure it
//! reads from the outputs what is shown and hidden, then tries every set of
//! hidden sizes that fits what it saw and the public bounds (the number
//! invited; a member's figure in the measure above), runs the rule itself
//! (`trappa::analysis::disclosure::decide`, as anyone with the code can) on
//! each, and keeps the sets that give the output it saw. A hidden count
//! that only one value of 1..k−1 survives for is a derivation.
//!
//! The families are built here from DISCLOSURE.md, not from `plan.rs`: the
//! service areas and the units in none under the municipality, each shown
//! area's units under it, the roles under the municipality; each in the
//! order the rule takes complements in (smallest number invited first,
//! unknown last; ties: areas by name before units by name; roles in their
//! usual order). If that reading of the rule were wrong, the true sizes
//! would not replay, and the test says so.

use trappa::analysis::disclosure::{Family, Member, Shown, decide};

use super::{DataSet, Facts, Group, Measure, RELATIONS, ROLES, STATEMENTS, Year, value};

/// One member of a family as the attacker sees it.
struct Seen {
    name: String,
    /// The units it covers (indices into `DataSet::units`).
    units: Vec<usize>,
    /// Its figure in this measure, where shown: the answers, and for the
    /// goal figures the current step's answers too.
    shown: Option<Vec<u64>>,
    /// Hidden in the measure above.
    forced: bool,
    /// The public bound of its first size.
    bound: Option<u64>,
    /// Its size in the measure above, where shown (nested: the wider
    /// population).
    above: Option<u64>,
}

/// A family as the attacker sees it.
struct SeenFamily {
    what: String,
    members: Vec<Seen>,
    order: Vec<usize>,
    /// The total in this measure (and, nested, the wider population).
    total: Vec<u64>,
    /// The forced members' sizes in the measure above, together.
    forced_bound: Option<u64>,
    /// Whether this family lies under another measure's.
    below: bool,
    /// Every role hidden may also come from the roles' crossing check.
    roles: bool,
    /// Members that may have been hidden because their own units could
    /// not be shown (the areas at the top): nobody sees whether they were.
    may_withhold: Vec<usize>,
}

/// What the replay found in one data set.
#[derive(Default)]
pub(super) struct Replayed {
    pub findings: Vec<String>,
    /// Families whose true sizes did not give the output seen: a wrong
    /// reading of the rule (reported as findings too).
    pub families: usize,
    pub sizes_tried: u64,
}

fn measures() -> Vec<Measure> {
    let mut m = vec![Measure::Respondents];
    m.extend((0..STATEMENTS).map(Measure::Statement));
    m.extend((0..RELATIONS.len()).map(Measure::Now));
    m.extend((0..RELATIONS.len()).map(Measure::Goal));
    m
}

fn above(measure: Measure) -> Option<Measure> {
    match measure {
        Measure::Respondents => None,
        Measure::Statement(_) | Measure::Now(_) | Measure::Apart(_) => Some(Measure::Respondents),
        Measure::Goal(j) | Measure::Gap(j) => Some(Measure::Now(j)),
    }
}

/// Replays the rule on every family of `year` that the facts show a total for.
pub(super) fn replay(data: &DataSet, year: &Year, facts: &Facts, k: u64) -> Replayed {
    let mut out = Replayed::default();
    let whole = data.units.len() - 1;
    let mut units: Vec<usize> = year.units.clone();
    units.push(whole);
    let mut areas: Vec<String> = units
        .iter()
        .filter_map(|&u| year.areas[u].map(Year::area_name))
        .collect();
    areas.sort();
    areas.dedup();
    let fig = |g: &Group, m: Measure| facts.figs.get(&(g.clone(), m)).map(|f| f.n as u64);
    let unit_group = |u: usize| Group::Unit(data.units[u].clone());
    for measure in measures() {
        let nested = matches!(measure, Measure::Goal(_));
        let parent = above(measure);
        let sizes_of = |g: &Group| -> Option<Vec<u64>> {
            let n = fig(g, measure)?;
            Some(if nested {
                vec![n, fig(g, Measure::Now(now_of(measure)))?]
            } else {
                vec![n]
            })
        };
        let Some(total) = sizes_of(&Group::Total) else {
            continue;
        };
        // A group's size in the measure above: for a current step, those
        // who could give one (the respondents less those who said they do
        // not work with the partner, both shown together).
        let above_fig = |g: &Group, p: Measure| -> Option<u64> {
            let n = fig(g, p)?;
            match (measure, p) {
                (Measure::Now(j), Measure::Respondents) => {
                    let apart = facts.figs.get(&(g.clone(), Measure::Apart(j)))?.sum?;
                    Some(n - apart as u64)
                }
                _ => Some(n),
            }
        };
        let forced_of = |g: &Group| parent.is_some_and(|p| fig(g, p).is_none());
        let above_of = |g: &Group| parent.and_then(|p| above_fig(g, p));
        let invited = |us: &[usize]| -> Option<u64> { us.iter().map(|&u| year.invited[u]).sum() };
        let bound_of = |g: &Group, us: &[usize]| match parent {
            None => invited(us),
            Some(p) => above_fig(g, p),
        };
        let seen = |name: String, g: Group, us: Vec<usize>| Seen {
            shown: sizes_of(&g),
            forced: forced_of(&g),
            bound: bound_of(&g, &us),
            above: above_of(&g),
            units: us,
            name,
        };
        // The top: areas, then units in none.
        let mut top: Vec<Seen> = areas
            .iter()
            .map(|a| seen(a.clone(), Group::Area(a.clone()), year.area_units(a)))
            .collect();
        let mut loose: Vec<usize> = units
            .iter()
            .copied()
            .filter(|&u| year.areas[u].is_none())
            .collect();
        loose.sort_by_key(|&u| data.units[u].to_lowercase());
        top.extend(
            loose
                .iter()
                .map(|&u| seen(data.units[u].clone(), unit_group(u), vec![u])),
        );
        let key = |s: &Seen| invited(&s.units).unwrap_or(u64::MAX);
        let mut order: Vec<usize> = (0..top.len()).collect();
        order.sort_by_key(|&i| key(&top[i]));
        let forced_bound =
            family_forced_bound(&top, parent.and_then(|p| above_fig(&Group::Total, p)));
        let top_family = SeenFamily {
            what: format!("{measure:?}, the areas and the units in none"),
            members: top,
            order,
            total: total.clone(),
            forced_bound,
            below: parent.is_some(),
            roles: false,
            may_withhold: (0..areas.len()).collect(),
        };
        // Each shown area's units.
        let mut families = vec![top_family];
        for a in &areas {
            let Some(area_total) = sizes_of(&Group::Area(a.clone())) else {
                continue;
            };
            let mut members: Vec<usize> = year.area_units(a);
            members.sort_by_key(|&u| data.units[u].to_lowercase());
            let seen_units: Vec<Seen> = members
                .iter()
                .map(|&u| seen(data.units[u].clone(), unit_group(u), vec![u]))
                .collect();
            let mut order: Vec<usize> = (0..seen_units.len()).collect();
            order.sort_by_key(|&i| year.invited[seen_units[i].units[0]].unwrap_or(u64::MAX));
            let forced_bound = family_forced_bound(
                &seen_units,
                parent.and_then(|p| above_fig(&Group::Area(a.clone()), p)),
            );
            families.push(SeenFamily {
                what: format!("{measure:?}, the units of {a}"),
                members: seen_units,
                order,
                total: area_total,
                forced_bound,
                below: parent.is_some(),
                roles: false,
                may_withhold: Vec::new(),
            });
        }
        // The roles, which have no stair figures.
        if !matches!(measure, Measure::Now(_) | Measure::Goal(_)) {
            let roles: Vec<Seen> = ROLES
                .iter()
                .map(|r| {
                    let g = Group::Role(r.to_string());
                    Seen {
                        shown: sizes_of(&g),
                        forced: forced_of(&g),
                        bound: parent.and_then(|p| fig(&g, p)),
                        above: above_of(&g),
                        units: Vec::new(),
                        name: r.to_string(),
                    }
                })
                .collect();
            let forced_bound =
                family_forced_bound(&roles, parent.and_then(|p| fig(&Group::Total, p)));
            families.push(SeenFamily {
                what: format!("{measure:?}, the roles"),
                order: (0..roles.len()).collect(),
                members: roles,
                total: total.clone(),
                forced_bound,
                below: parent.is_some(),
                roles: true,
                may_withhold: Vec::new(),
            });
        }
        for family in &families {
            let truth: Vec<Vec<u64>> = family
                .members
                .iter()
                .map(|m| true_sizes(data, year, m, measure))
                .collect();
            one_family(family, &truth, k, &mut out);
        }
    }
    out
}

fn now_of(measure: Measure) -> usize {
    match measure {
        Measure::Goal(j) | Measure::Now(j) | Measure::Gap(j) => j,
        _ => unreachable!(),
    }
}

/// What the forced members held in the measure above: its total minus its
/// shown members (which are the members not forced here).
fn family_forced_bound(members: &[Seen], above_total: Option<u64>) -> Option<u64> {
    let total = above_total?;
    let shown: u64 = members
        .iter()
        .filter(|m| !m.forced)
        .map(|m| m.above.unwrap_or(0))
        .sum();
    Some(total - shown)
}

/// A member's true sizes in `measure` (nested: both, and the rest), from
/// the generated people.
fn true_sizes(data: &DataSet, year: &Year, m: &Seen, measure: Measure) -> Vec<u64> {
    let people = year.people.iter().filter(|p| {
        if m.units.is_empty() {
            ROLES[p.role] == m.name
        } else {
            m.units.contains(&p.unit)
        }
    });
    let _ = data;
    let mut both = 0;
    let mut rest = 0;
    for p in people {
        match measure {
            Measure::Goal(j) => match (p.now[j], p.goal[j]) {
                (Some(_), Some(_)) => both += 1,
                (Some(_), None) => rest += 1,
                _ => {}
            },
            _ => both += u64::from(value(p, measure).is_some()),
        }
    }
    if matches!(measure, Measure::Goal(_)) {
        vec![both, rest]
    } else {
        vec![both]
    }
}

/// Tries every set of hidden sizes for one family.
fn one_family(family: &SeenFamily, truth: &[Vec<u64>], k: u64, out: &mut Replayed) {
    out.families += 1;
    let nested = family.total.len() > 1;
    let shown: Vec<bool> = family.members.iter().map(|m| m.shown.is_some()).collect();
    let observed = Shown {
        total: true,
        members: shown.clone(),
    };
    // Visible: what the hidden members hold together (and nested, their
    // wider population, from the current step's figures).
    let shown_sum = |d: usize| -> u64 {
        family
            .members
            .iter()
            .filter_map(|m| m.shown.as_ref().map(|s| s[d]))
            .sum()
    };
    let h = family.total[0] - shown_sum(0);
    let hidden: Vec<usize> = (0..shown.len()).filter(|&i| !shown[i]).collect();
    let forced: Vec<usize> = hidden
        .iter()
        .copied()
        .filter(|&i| family.members[i].forced)
        .collect();
    let free: Vec<usize> = hidden
        .iter()
        .copied()
        .filter(|&i| !family.members[i].forced)
        .collect();
    // Per free member, its possible sizes; the forced ones as one block.
    let wide = |i: usize| family.members[i].above.unwrap_or(0);
    let options: Vec<Vec<u64>> = free
        .iter()
        .map(|&i| {
            let m = &family.members[i];
            let mut cap = m.bound.unwrap_or(h).min(h);
            if nested {
                cap = cap.min(wide(i));
            }
            (0..=cap).collect()
        })
        .collect();
    let block_wide: u64 = if nested {
        family.total[1] - shown_sum(1) - free.iter().map(|&i| wide(i)).sum::<u64>()
    } else {
        0
    };
    let block_cap = if forced.is_empty() {
        0
    } else {
        let mut cap = family.forced_bound.unwrap_or(h).min(h);
        if nested {
            cap = cap.min(block_wide);
        }
        cap
    };
    let member_of = |i: usize, x: u64, w: u64| -> Member {
        let m = &family.members[i];
        Member {
            sizes: if nested { vec![x, w - x] } else { vec![x] },
            forced: m.forced,
            withheld: false,
            bound: m.bound,
        }
    };
    let base: Vec<Member> = family
        .members
        .iter()
        .map(|m| Member {
            sizes: match &m.shown {
                Some(s) if nested => vec![s[0], s[1] - s[0]],
                Some(s) => s.clone(),
                None => vec![0; family.total.len()],
            },
            forced: m.forced,
            withheld: false,
            bound: m.bound,
        })
        .collect();
    let run = |members: &[Member]| {
        decide(&Family {
            members,
            order: &family.order,
            forced_bound: family.forced_bound,
            sizes_shown_above: family.below,
            k,
        })
    };
    // The hidden members that may have been withheld, every way.
    let withhold: Vec<usize> = family
        .may_withhold
        .iter()
        .copied()
        .filter(|&i| !shown[i] && !family.members[i].forced)
        .collect();
    let fits_as = |members: &[Member], masks: u32| {
        (0u32..masks).any(|mask| {
            let mut members = members.to_vec();
            for (b, &i) in withhold.iter().enumerate() {
                members[i].withheld = mask & (1 << b) != 0;
            }
            let got = run(&members);
            got == observed || (family.roles && got.total && observed.members.iter().all(|s| !s))
        })
    };
    // Every way of withholding, and (cheaper, and as strict or stricter)
    // none withheld.
    let all_ways = 1u32 << withhold.len();
    let fits = |members: &[Member]| fits_as(members, all_ways);
    // The truth must replay, or the reading of the rule is wrong.
    let mut truth_members = base.clone();
    for &i in &hidden {
        truth_members[i].sizes = truth[i].clone();
    }
    if !fits(&truth_members) {
        let described: Vec<String> = family
            .members
            .iter()
            .map(|m| format!("{} (bound {:?}, forced {})", m.name, m.bound, m.forced))
            .collect();
        out.findings.push(format!(
            "{}: the true sizes {truth:?} do not give the output seen ({shown:?}); members {described:?}, order {:?}, forced bound {:?}, rule's own output {:?} (k = {k})",
            family.what,
            family.order,
            family.forced_bound,
            run(&truth_members).members
        ));
        return;
    }
    // First as if nothing were withheld (a stricter attacker); where that
    // pins a count but some member may have been withheld, again every way.
    let plain_fits = fits_as(&truth_members, 1);
    let free_member = |i: usize, x: u64| member_of(i, x, wide(i));
    let makers: Makers = (&free_member, &member_of);
    let first = survivors(
        &options,
        &free,
        &forced,
        h,
        block_cap,
        |m| if plain_fits { fits_as(m, 1) } else { fits(m) },
        &base,
        makers,
        block_wide,
        out,
    );
    let mut findings = Vec::new();
    report(
        family,
        &free,
        &first.0,
        &forced,
        &first.1,
        block_wide,
        k,
        &mut findings,
    );
    if !findings.is_empty() && plain_fits && all_ways > 1 {
        let again = survivors(
            &options, &free, &forced, h, block_cap, fits, &base, makers, block_wide, out,
        );
        findings.clear();
        report(
            family,
            &free,
            &again.0,
            &forced,
            &again.1,
            block_wide,
            k,
            &mut findings,
        );
    }
    out.findings.extend(findings);
}

/// How the walk makes a free member (index, size) and a forced one
/// (index, size, wider population).
type Makers<'a> = (
    &'a dyn Fn(usize, u64) -> Member,
    &'a dyn Fn(usize, u64, u64) -> Member,
);

type Survivors = (
    Vec<std::collections::BTreeSet<u64>>,
    std::collections::BTreeSet<u64>,
);

/// The sizes of each free member, and of the forced ones together, over
/// every set of hidden sizes that `fits`. The walk skips the sets whose
/// sum cannot reach the hidden total (a member's sizes rise, so a sum past
/// it ends that member's run), and stops once every member and the forced
/// block have two sizes or more: from then on no count can be pinned, which
/// is all `report` asks. (Walking every set made a few data sets try
/// millions: 300 sets took 260 s of replay, 100 sets 17 s.)
#[allow(clippy::too_many_arguments)]
fn survivors(
    options: &[Vec<u64>],
    free: &[usize],
    forced: &[usize],
    h: u64,
    block_cap: u64,
    fits: impl Fn(&[Member]) -> bool,
    base: &[Member],
    makers: Makers,
    block_wide: u64,
    out: &mut Replayed,
) -> Survivors {
    // What the members from j on can add at most.
    let mut reach = vec![0u64; options.len() + 1];
    for j in (0..options.len()).rev() {
        reach[j] = reach[j + 1] + options[j].last().copied().unwrap_or(0);
    }
    let mut walk = Walk {
        options,
        free,
        forced,
        h,
        block_cap: if forced.is_empty() { 0 } else { block_cap },
        fits: &fits,
        makers,
        block_wide,
        reach,
        members: base.to_vec(),
        seen_free: vec![Default::default(); free.len()],
        seen_block: Default::default(),
        tried: 0,
    };
    walk.go(0, 0);
    out.sizes_tried += walk.tried;
    (walk.seen_free, walk.seen_block)
}

/// One walk over the sets of hidden sizes; see `survivors`.
struct Walk<'a> {
    options: &'a [Vec<u64>],
    free: &'a [usize],
    forced: &'a [usize],
    h: u64,
    block_cap: u64,
    fits: &'a dyn Fn(&[Member]) -> bool,
    makers: Makers<'a>,
    block_wide: u64,
    reach: Vec<u64>,
    members: Vec<Member>,
    seen_free: Vec<std::collections::BTreeSet<u64>>,
    seen_block: std::collections::BTreeSet<u64>,
    tried: u64,
}

impl Walk<'_> {
    /// Chooses the size of free member `j` on, the first `j` summing to
    /// `sum`; true once nothing more can be learnt.
    fn go(&mut self, j: usize, sum: u64) -> bool {
        let (free_member, member_of) = self.makers;
        if j == self.free.len() {
            // The forced block holds the rest, within its cap.
            let block = self.h - sum;
            if block > self.block_cap {
                return false;
            }
            for (n, &i) in self.forced.iter().enumerate() {
                let (x, w) = if n == 0 {
                    (block, self.block_wide)
                } else {
                    (0, 0)
                };
                self.members[i] = member_of(i, x, w);
            }
            self.tried += 1;
            if (self.fits)(&self.members) {
                for (j, &i) in self.free.iter().enumerate() {
                    self.seen_free[j].insert(self.members[i].sizes[0]);
                }
                self.seen_block.insert(block);
            }
            return self.seen_free.iter().all(|s| s.len() >= 2)
                && (self.forced.is_empty() || self.seen_block.len() >= 2);
        }
        for c in 0..self.options[j].len() {
            let x = self.options[j][c];
            let with = sum + x;
            if with > self.h {
                break;
            }
            if with + self.reach[j + 1] + self.block_cap < self.h {
                continue;
            }
            let i = self.free[j];
            self.members[i] = free_member(i, x);
            if self.go(j + 1, with) {
                return true;
            }
        }
        false
    }
}

#[allow(clippy::too_many_arguments)]
fn report(
    family: &SeenFamily,
    free: &[usize],
    seen_free: &[std::collections::BTreeSet<u64>],
    forced: &[usize],
    seen_block: &std::collections::BTreeSet<u64>,
    block_wide: u64,
    k: u64,
    out: &mut Vec<String>,
) {
    let nested = family.total.len() > 1;
    let small = |x: u64| (1..k).contains(&x);
    let pinned = |set: &std::collections::BTreeSet<u64>, wide: Option<u64>| -> Option<u64> {
        let v = *set.first()?;
        (set.len() == 1 && (small(v) || wide.is_some_and(|w| w >= v && small(w - v)))).then_some(v)
    };
    // Below another measure, how many of a shown group answered is a count
    // of blanks (conceded); a hidden group's count is not.
    if !family.below {
        for (j, &i) in free.iter().enumerate() {
            let m = &family.members[i];
            if let Some(v) = pinned(&seen_free[j], nested.then(|| m.above.unwrap_or(0))) {
                out.push(format!(
                    "{}: {} is hidden, but only {v} fits the rule",
                    family.what, m.name
                ));
            }
        }
    }
    if !forced.is_empty()
        && let Some(v) = pinned(seen_block, nested.then_some(block_wide))
    {
        let names: Vec<&str> = forced
            .iter()
            .map(|&i| family.members[i].name.as_str())
            .collect();
        out.push(format!(
            "{}: {names:?}, hidden above, together hold only {v} that fits the rule",
            family.what
        ));
    }
}
