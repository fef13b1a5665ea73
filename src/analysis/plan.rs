//! What one round may show, decided once per round from its own data,
//! definition and k (`RoundPlan`), by the disclosure rule over all its
//! families at once.
//!
//! The units are decided as a tree, per measure: at the top the service
//! areas and the units that are in none, adding up to the municipality;
//! below each shown area, its units, adding up to the area. A hidden area
//! hides its units. Every shown figure is then a shown member of one
//! family, and every hidden remainder lies inside one family, so the
//! atoms (DISCLOSURE.md) are each family's hidden members. The roles are a
//! family of their own under the municipality, shown only where they
//! cannot be set against the units' atoms.
//!
//! The measures come in order, each under the one its population lies in:
//! the respondents; each item's answers (a group whose respondents are
//! hidden shows no answers); each stair relation's goal figures, over those
//! who gave both a step and a goal (under the current step's answers). A
//! current step is bounded by the respondents less those who said they do
//! not collaborate with the partner, since both of those are shown.

use super::aggregate::norwegian_key;
use super::disclosure::{Family, Member, Shown, crossing_safe, decide, protects};

/// The sizes of one group in one round.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GroupSizes {
    pub responses: u64,
    /// Answers per item.
    pub answers: Vec<u64>,
    /// Per stair relation: those who gave both a current step and a goal.
    pub both: Vec<u64>,
    /// Per stair relation: those who said they do not collaborate with the
    /// partner. Shown wherever the respondents are, so that the number who
    /// could give a step (respondents less these) is a public bound.
    pub apart: Vec<u64>,
}

/// A round's groups, as the plan needs them. Units are in report order
/// (by name, `norwegian_key`): where the number invited ties, the order
/// of a family falls back on it.
pub struct RoundInput<'a> {
    pub k: u64,
    pub units: &'a [GroupSizes],
    /// The number invited per unit, from the round's definition (public).
    pub invited: &'a [Option<u64>],
    pub roles: &'a [GroupSizes],
    /// Unit × role.
    pub cells: &'a [Vec<GroupSizes>],
    /// The round's service areas: name, and members as unit indices.
    pub areas: &'a [(String, Vec<usize>)],
    /// The item of each stair relation's current step.
    pub now_items: &'a [usize],
}

/// What the disclosure rule lets one round show.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RoundPlan {
    /// The number of respondents: total, per unit.
    pub respondents: Shown,
    pub roles: Vec<bool>,
    /// Per item: the units' and the roles' figures of its answers; `total`
    /// says whether the whole municipality's figure is shown.
    pub unit_items: Vec<Shown>,
    pub role_items: Vec<Shown>,
    /// Per stair relation: the goal figures, over those who gave both.
    pub unit_goals: Vec<Shown>,
    /// The round's service areas (name, members as unit indices), and what
    /// each shows: respondents, each item, each relation's goal figures.
    pub areas: Vec<(String, Vec<usize>)>,
    pub area_respondents: Vec<bool>,
    pub area_items: Vec<Vec<bool>>,
    pub area_goals: Vec<Vec<bool>>,
}

impl RoundPlan {
    /// The plan over a report's units and roles, of which this round's are
    /// `units` and `roles` (indices): the others show nothing of it, and
    /// its areas' members become report indices.
    pub fn spread(
        self,
        units: &[usize],
        all_units: usize,
        roles: &[usize],
        all_roles: usize,
    ) -> RoundPlan {
        let over = |shown: &[bool], own: &[usize], all: usize| -> Vec<bool> {
            let mut v = vec![false; all];
            for (&i, &s) in own.iter().zip(shown) {
                v[i] = s;
            }
            v
        };
        let shown_units = |s: Shown| Shown {
            total: s.total,
            members: over(&s.members, units, all_units),
        };
        let shown_roles = |s: Shown| Shown {
            total: s.total,
            members: over(&s.members, roles, all_roles),
        };
        RoundPlan {
            respondents: shown_units(self.respondents),
            roles: over(&self.roles, roles, all_roles),
            unit_items: self.unit_items.into_iter().map(shown_units).collect(),
            role_items: self.role_items.into_iter().map(shown_roles).collect(),
            unit_goals: self.unit_goals.into_iter().map(shown_units).collect(),
            areas: self
                .areas
                .into_iter()
                .map(|(name, members)| (name, members.iter().map(|&m| units[m]).collect()))
                .collect(),
            area_respondents: self.area_respondents,
            area_items: self.area_items,
            area_goals: self.area_goals,
        }
    }
}

/// What a measure counts, and the measure its population lies in.
#[derive(Debug, Clone, Copy)]
enum Measure {
    Respondents,
    Item(usize),
    Goal(usize),
}

impl Measure {
    /// The group's sizes for this measure (nested: both, then the rest).
    fn sizes(self, g: &GroupSizes, now_items: &[usize]) -> Vec<u64> {
        match self {
            Measure::Respondents => vec![g.responses],
            Measure::Item(i) => vec![g.answers[i]],
            Measure::Goal(j) => {
                let now = g.answers[now_items[j]];
                vec![g.both[j], now - g.both[j]]
            }
        }
    }
}

/// What one measure shows of the units' tree, the areas and the roles.
#[derive(Debug, Clone)]
struct Decided {
    total: bool,
    units: Vec<bool>,
    areas: Vec<bool>,
    roles: Vec<bool>,
    /// Each unit's size for this measure (first population), for the
    /// measures below it.
    unit_sizes: Vec<u64>,
    role_sizes: Vec<u64>,
}

impl Decided {
    /// The respondents' decision as the parent of relation `j`'s current
    /// step: a unit's bound is its respondents less those who answered
    /// "samarbeider ikke", which are shown beside them. (Roles show no
    /// stair figures: their bound stays.)
    fn less_apart(&self, units: &[GroupSizes], j: usize) -> Decided {
        // (Where nothing is shown, the sizes are 0, and nothing below is.)
        let mut parent = self.clone();
        for (size, g) in parent.unit_sizes.iter_mut().zip(units) {
            *size = size.saturating_sub(g.apart.get(j).copied().unwrap_or(0));
        }
        parent
    }

    fn nothing(units: usize, areas: usize, roles: usize) -> Decided {
        Decided {
            total: false,
            units: vec![false; units],
            areas: vec![false; areas],
            roles: vec![false; roles],
            unit_sizes: vec![0; units],
            role_sizes: vec![0; roles],
        }
    }
}

/// A member of the top family: a service area, or a unit in none.
#[derive(Debug, Clone, Copy)]
enum Top {
    Area(usize),
    Unit(usize),
}

/// The round's definition as the rule reads it: the top family's members,
/// and the public order in which each family's members are hidden to
/// protect others (smallest number invited first, unknown last).
struct Shape<'a> {
    input: &'a RoundInput<'a>,
    top: Vec<Top>,
    top_order: Vec<usize>,
    /// Per area: its units in order.
    area_order: Vec<Vec<usize>>,
    role_order: Vec<usize>,
}

impl<'a> Shape<'a> {
    fn new(input: &'a RoundInput<'a>) -> Shape<'a> {
        let in_area: Vec<bool> = (0..input.units.len())
            .map(|u| input.areas.iter().any(|(_, m)| m.contains(&u)))
            .collect();
        let mut top: Vec<Top> = (0..input.areas.len()).map(Top::Area).collect();
        top.extend(
            (0..input.units.len())
                .filter(|&u| !in_area[u])
                .map(Top::Unit),
        );
        let invited_of = |t: &Top| match *t {
            Top::Unit(u) => input.invited[u],
            Top::Area(a) => input.areas[a].1.iter().map(|&u| input.invited[u]).sum(),
        };
        let key = |bound: Option<u64>| bound.unwrap_or(u64::MAX);
        // Ties: areas first, by name; then units in report order (by name).
        let tie = |t: &Top| match *t {
            Top::Area(a) => (0, norwegian_key(&input.areas[a].0), 0),
            Top::Unit(u) => (1, String::new(), u),
        };
        let mut top_order: Vec<usize> = (0..top.len()).collect();
        top_order.sort_by_key(|&t| (key(invited_of(&top[t])), tie(&top[t])));
        let area_order = input
            .areas
            .iter()
            .map(|(_, members)| {
                let mut m = members.clone();
                m.sort_by_key(|&u| (key(input.invited[u]), u));
                m
            })
            .collect();
        Shape {
            input,
            top_order,
            area_order,
            role_order: (0..input.roles.len()).collect(),
            top,
        }
    }

    /// Sums of the units `members` for `measure`.
    fn sum(&self, members: &[usize], measure: Measure) -> Vec<u64> {
        let width = if matches!(measure, Measure::Goal(_)) {
            2
        } else {
            1
        };
        let mut acc = vec![0; width];
        for &u in members {
            let s = measure.sizes(&self.input.units[u], self.input.now_items);
            acc.iter_mut().zip(s).for_each(|(a, b)| *a += b);
        }
        acc
    }

    fn top_units(&self, t: usize) -> Vec<usize> {
        match self.top[t] {
            Top::Unit(u) => vec![u],
            Top::Area(a) => self.input.areas[a].1.clone(),
        }
    }

    /// The public bound of a top member's first size for `measure`: the
    /// number invited for the respondents, else its size in the measure
    /// above (shown there, or it would be forced).
    fn top_bound(&self, t: usize, parent: Option<&Decided>) -> Option<u64> {
        let units = self.top_units(t);
        match parent {
            None => units.iter().map(|&u| self.input.invited[u]).sum(),
            Some(p) => Some(units.iter().map(|&u| p.unit_sizes[u]).sum()),
        }
    }

    /// The units' tree and the roles for one measure.
    fn decide(&self, measure: Measure, parent: Option<&Decided>) -> Decided {
        let input = self.input;
        let k = input.k;
        let (n_units, n_areas, n_roles) = (input.units.len(), input.areas.len(), input.roles.len());
        if parent.is_some_and(|p| !p.total) {
            return Decided::nothing(n_units, n_areas, n_roles);
        }
        let top_shown_above = |t: usize| match (parent, self.top[t]) {
            (None, _) => true,
            (Some(p), Top::Unit(u)) => p.units[u],
            (Some(p), Top::Area(a)) => p.areas[a],
        };
        let mut withheld = vec![false; self.top.len()];
        let (top_shown, inner) = loop {
            let members: Vec<Member> = (0..self.top.len())
                .map(|t| Member {
                    sizes: self.sum(&self.top_units(t), measure),
                    forced: !top_shown_above(t),
                    withheld: withheld[t],
                    bound: self.top_bound(t, parent),
                })
                .collect();
            let forced_bound = parent.map(|p| {
                (0..self.top.len())
                    .filter(|&t| !top_shown_above(t))
                    .flat_map(|t| self.top_units(t))
                    .map(|u| p.unit_sizes[u])
                    .sum()
            });
            let top = decide(&Family {
                members: &members,
                order: &self.top_order,
                forced_bound,
                sizes_shown_above: parent.is_some(),
                k,
            });
            if !top.total {
                return Decided::nothing(n_units, n_areas, n_roles);
            }
            // Each shown area's units, under the area.
            let mut inner: Vec<Option<Shown>> = vec![None; n_areas];
            let mut failed = None;
            for (t, top_member) in self.top.iter().enumerate() {
                let Top::Area(a) = *top_member else { continue };
                if !top.members[t] {
                    continue;
                }
                let units = &input.areas[a].1;
                let members: Vec<Member> = units
                    .iter()
                    .map(|&u| Member {
                        sizes: measure.sizes(&input.units[u], input.now_items),
                        forced: parent.is_some_and(|p| !p.units[u]),
                        withheld: false,
                        bound: match parent {
                            None => input.invited[u],
                            Some(p) => Some(p.unit_sizes[u]),
                        },
                    })
                    .collect();
                let order: Vec<usize> = self.area_order[a]
                    .iter()
                    .map(|u| units.iter().position(|x| x == u).unwrap())
                    .collect();
                let forced_bound = parent.map(|p| {
                    units
                        .iter()
                        .filter(|&&u| !p.units[u])
                        .map(|&u| p.unit_sizes[u])
                        .sum()
                });
                let shown = decide(&Family {
                    members: &members,
                    order: &order,
                    forced_bound,
                    sizes_shown_above: parent.is_some(),
                    k,
                });
                if !shown.total {
                    failed = Some(t);
                    break;
                }
                inner[a] = Some(shown);
            }
            match failed {
                // The area's own units could not be shown in any way: it
                // is hidden as a whole, and the top is decided again.
                Some(t) => withheld[t] = true,
                None => break (top, inner),
            }
        };
        let mut units = vec![false; n_units];
        let mut areas = vec![false; n_areas];
        for (t, top_member) in self.top.iter().enumerate() {
            match *top_member {
                Top::Unit(u) => units[u] = top_shown.members[t],
                Top::Area(a) => {
                    areas[a] = top_shown.members[t];
                    if let Some(shown) = &inner[a] {
                        for (&u, &s) in input.areas[a].1.iter().zip(&shown.members) {
                            units[u] = s;
                        }
                    }
                }
            }
        }
        let unit_sizes: Vec<u64> = input
            .units
            .iter()
            .map(|g| measure.sizes(g, input.now_items)[0])
            .collect();
        let role_sizes: Vec<u64> = input
            .roles
            .iter()
            .map(|g| measure.sizes(g, input.now_items)[0])
            .collect();
        let mut decided = Decided {
            total: true,
            units,
            areas,
            roles: vec![false; n_roles],
            unit_sizes,
            role_sizes,
        };
        // No report shows a role's goal figures: the roles are not decided
        // for them, so that they cannot take the units' away.
        if matches!(measure, Measure::Goal(_)) {
            return decided;
        }
        match self.roles(measure, parent, &decided) {
            Some(roles) => decided.roles = roles,
            // Not even every role hidden would keep the roles' counts
            // safe: nothing of this measure is shown.
            None => return Decided::nothing(n_units, n_areas, n_roles),
        }
        decided
    }

    /// The roles for one measure, decided after the units: `None` when no
    /// output of theirs, not even every role hidden, is safe.
    fn roles(
        &self,
        measure: Measure,
        parent: Option<&Decided>,
        units: &Decided,
    ) -> Option<Vec<bool>> {
        let input = self.input;
        let k = input.k;
        let n = input.roles.len();
        if n == 0 {
            return Some(Vec::new());
        }
        let members: Vec<Member> = input
            .roles
            .iter()
            .enumerate()
            .map(|(r, g)| Member {
                sizes: measure.sizes(g, input.now_items),
                forced: parent.is_some_and(|p| !p.roles[r]),
                withheld: false,
                bound: parent.map(|p| p.role_sizes[r]),
            })
            .collect();
        let forced_bound = parent.map(|p| {
            (0..n)
                .filter(|&r| !p.roles[r])
                .map(|r| p.role_sizes[r])
                .sum()
        });
        let family = Family {
            members: &members,
            order: &self.role_order,
            forced_bound,
            sizes_shown_above: parent.is_some(),
            k,
        };
        let shown = decide(&family);
        if !shown.total {
            return None;
        }
        let role_atoms = atoms_of(&shown.members);
        let cells: Vec<Vec<Vec<u64>>> = input
            .cells
            .iter()
            .map(|row| {
                row.iter()
                    .map(|g| measure.sizes(g, input.now_items))
                    .collect()
            })
            .collect();
        if crossing_safe(&cells, &self.unit_atoms(units), &role_atoms, k) {
            return Some(shown.members);
        }
        // Every role hidden, as if by the rule: safe only if the rule could
        // have given that output itself.
        let none = vec![false; n];
        protects(&family, &none).then_some(none)
    }

    /// The pieces the units' tree cuts the units into: each shown unit;
    /// the hidden units of each shown area; and the rest (the units of
    /// hidden areas, and hidden units in no area). Every shown figure is a
    /// union of them, and each holds 0 or ≥ k.
    fn unit_atoms(&self, d: &Decided) -> Vec<Vec<usize>> {
        let mut atoms: Vec<Vec<usize>> = (0..d.units.len())
            .filter(|&u| d.units[u])
            .map(|u| vec![u])
            .collect();
        let mut rest = Vec::new();
        for (t, top) in self.top.iter().enumerate() {
            match *top {
                Top::Unit(u) if !d.units[u] => rest.push(u),
                Top::Area(a) if d.areas[a] => {
                    atoms.push(
                        self.input.areas[a]
                            .1
                            .iter()
                            .copied()
                            .filter(|&u| !d.units[u])
                            .collect(),
                    );
                }
                Top::Area(_) => rest.extend(self.top_units(t)),
                Top::Unit(_) => {}
            }
        }
        atoms.push(rest);
        atoms.retain(|a| !a.is_empty());
        atoms
    }
}

/// The pieces of a flat family: each shown member, and the hidden ones.
fn atoms_of(shown: &[bool]) -> Vec<Vec<usize>> {
    let mut atoms: Vec<Vec<usize>> = (0..shown.len())
        .filter(|&i| shown[i])
        .map(|i| vec![i])
        .collect();
    let hidden: Vec<usize> = (0..shown.len()).filter(|&i| !shown[i]).collect();
    if !hidden.is_empty() {
        atoms.push(hidden);
    }
    atoms
}

/// The disclosure rule over every family of one round.
pub fn plan(input: &RoundInput) -> RoundPlan {
    let shape = Shape::new(input);
    let items = input.units.first().map_or_else(
        || input.roles.first().map_or(0, |g| g.answers.len()),
        |g| g.answers.len(),
    );
    let respondents = shape.decide(Measure::Respondents, None);
    let item_plans: Vec<Decided> = (0..items)
        .map(|i| match input.now_items.iter().position(|&now| now == i) {
            Some(j) => shape.decide(
                Measure::Item(i),
                Some(&respondents.less_apart(input.units, j)),
            ),
            None => shape.decide(Measure::Item(i), Some(&respondents)),
        })
        .collect();
    let goal_plans: Vec<Decided> = input
        .now_items
        .iter()
        .enumerate()
        .map(|(j, &now)| shape.decide(Measure::Goal(j), Some(&item_plans[now])))
        .collect();
    let units = |d: &Decided| Shown {
        total: d.total,
        members: d.units.clone(),
    };
    let roles = |d: &Decided| Shown {
        total: d.total,
        members: d.roles.clone(),
    };
    RoundPlan {
        respondents: units(&respondents),
        roles: respondents.roles.clone(),
        unit_items: item_plans.iter().map(units).collect(),
        role_items: item_plans.iter().map(roles).collect(),
        unit_goals: goal_plans.iter().map(units).collect(),
        areas: input.areas.to_vec(),
        area_respondents: respondents.areas.clone(),
        area_items: item_plans.iter().map(|d| d.areas.clone()).collect(),
        area_goals: goal_plans.iter().map(|d| d.areas.clone()).collect(),
    }
}

/// The plan the rule of before December 2026 made (`disclosure::legacy`),
/// for rounds read under it: see `RoundPlan::within`.
pub fn legacy_plan(input: &RoundInput) -> RoundPlan {
    use super::disclosure::legacy::{areas, atoms, family};
    let k = input.k;
    let sizes = |groups: &[GroupSizes], measure: Measure| -> Vec<Vec<u64>> {
        groups
            .iter()
            .map(|g| measure.sizes(g, input.now_items))
            .collect()
    };
    let not = |v: &[bool]| -> Vec<bool> { v.iter().map(|m| !m).collect() };
    let n_items = input
        .units
        .first()
        .or(input.roles.first())
        .map_or(0, |g| g.answers.len());
    let respondents = family(
        &sizes(input.units, Measure::Respondents),
        &vec![false; input.units.len()],
        k,
    );
    let unit_items: Vec<Shown> = (0..n_items)
        .map(|i| {
            family(
                &sizes(input.units, Measure::Item(i)),
                &not(&respondents.members),
                k,
            )
        })
        .collect();
    let unit_goals: Vec<Shown> = input
        .now_items
        .iter()
        .enumerate()
        .map(|(j, &now)| {
            family(
                &sizes(input.units, Measure::Goal(j)),
                &not(&unit_items[now].members),
                k,
            )
        })
        .collect();
    let members: Vec<Vec<usize>> = input.areas.iter().map(|(_, m)| m.clone()).collect();
    let area_respondents = areas(
        &sizes(input.units, Measure::Respondents),
        &respondents,
        &members,
        &vec![false; members.len()],
        k,
    );
    let area_items: Vec<Vec<bool>> = (0..n_items)
        .map(|i| {
            areas(
                &sizes(input.units, Measure::Item(i)),
                &unit_items[i],
                &members,
                &not(&area_respondents),
                k,
            )
        })
        .collect();
    let area_goals: Vec<Vec<bool>> = input
        .now_items
        .iter()
        .enumerate()
        .map(|(j, &now)| {
            areas(
                &sizes(input.units, Measure::Goal(j)),
                &unit_goals[j],
                &members,
                &not(&area_items[now]),
                k,
            )
        })
        .collect();
    let roles_against =
        |roles: Shown, units: &Shown, area_shown: &[bool], measure: Measure| -> Shown {
            let cells: Vec<Vec<Vec<u64>>> = input
                .cells
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|g| measure.sizes(g, input.now_items))
                        .collect()
                })
                .collect();
            let unit_atoms = atoms(units, &members, area_shown);
            let role_atoms = atoms(&roles, &[], &[]);
            if crossing_safe(&cells, &unit_atoms, &role_atoms, k) {
                roles
            } else {
                Shown::none(roles.members.len())
            }
        };
    let roles = roles_against(
        family(
            &sizes(input.roles, Measure::Respondents),
            &vec![false; input.roles.len()],
            k,
        ),
        &respondents,
        &area_respondents,
        Measure::Respondents,
    );
    let role_items = (0..n_items)
        .map(|i| {
            roles_against(
                family(
                    &sizes(input.roles, Measure::Item(i)),
                    &not(&roles.members),
                    k,
                ),
                &unit_items[i],
                &area_items[i],
                Measure::Item(i),
            )
        })
        .collect();
    RoundPlan {
        respondents,
        roles: roles.members,
        unit_items,
        role_items,
        unit_goals,
        areas: input.areas.to_vec(),
        area_respondents,
        area_items,
        area_goals,
    }
}

impl RoundPlan {
    /// What both plans show: for a round read under the earlier rule, so
    /// that no report shows a figure an earlier report hid.
    pub fn within(self, earlier: &RoundPlan) -> RoundPlan {
        let both = |a: &[bool], b: &[bool]| -> Vec<bool> {
            a.iter().zip(b).map(|(x, y)| *x && *y).collect()
        };
        let shown = |a: &Shown, b: &Shown| Shown {
            total: a.total && b.total,
            members: both(&a.members, &b.members),
        };
        let each_shown = |a: &[Shown], b: &[Shown]| -> Vec<Shown> {
            a.iter().zip(b).map(|(x, y)| shown(x, y)).collect()
        };
        let each_both = |a: &[Vec<bool>], b: &[Vec<bool>]| -> Vec<Vec<bool>> {
            a.iter().zip(b).map(|(x, y)| both(x, y)).collect()
        };
        RoundPlan {
            respondents: shown(&self.respondents, &earlier.respondents),
            roles: both(&self.roles, &earlier.roles),
            unit_items: each_shown(&self.unit_items, &earlier.unit_items),
            role_items: each_shown(&self.role_items, &earlier.role_items),
            unit_goals: each_shown(&self.unit_goals, &earlier.unit_goals),
            area_respondents: both(&self.area_respondents, &earlier.area_respondents),
            area_items: each_both(&self.area_items, &earlier.area_items),
            area_goals: each_both(&self.area_goals, &earlier.area_goals),
            areas: self.areas,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(responses: u64, answers: &[u64], both: &[u64]) -> GroupSizes {
        GroupSizes {
            responses,
            answers: answers.to_vec(),
            both: both.to_vec(),
            apart: vec![0; both.len()],
        }
    }

    #[test]
    fn those_who_do_not_work_with_a_partner_bound_the_current_step() {
        // k = 5. Units A 10 and B 10 respondents are shown; F1 3 and F2 4
        // are hidden (7 together). A and B each gave 10 steps; F1 and F2
        // gave 1 each, and the rest of them said "samarbeider ikke". Their
        // 2 steps are hidden with others. As blanks, F1 and F2 could hold
        // 2 to 7 steps, and the municipality's figure can be shown. But the
        // "samarbeider ikke" answers are shown (5 in all, none in A or B),
        // which leaves F1 and F2 room for 2 at most, and A and B for 10
        // each: however many are hidden, the 22 steps pin F1 and F2 to 2.
        // Nothing of the step is shown.
        let decide = |apart: [u64; 2]| {
            let mut units = vec![
                group(10, &[10], &[0]),
                group(10, &[10], &[0]),
                group(3, &[1], &[0]),
                group(4, &[1], &[0]),
            ];
            units[2].apart = vec![apart[0]];
            units[3].apart = vec![apart[1]];
            let mut all = group(27, &[22], &[0]);
            all.apart = vec![apart[0] + apart[1]];
            let roles = vec![all];
            let cells: Vec<Vec<GroupSizes>> = units.iter().map(|u| vec![u.clone()]).collect();
            plan(&RoundInput {
                k: 5,
                units: &units,
                invited: &[Some(10), Some(10), None, None],
                roles: &roles,
                cells: &cells,
                areas: &[],
                now_items: &[0],
            })
        };
        let blank = decide([0, 0]);
        assert_eq!(blank.respondents.members, [true, true, false, false]);
        assert!(blank.unit_items[0].total, "{:?}", blank.unit_items[0]);
        let apart = decide([2, 3]);
        assert_eq!(apart.respondents.members, [true, true, false, false]);
        assert!(!apart.unit_items[0].total, "{:?}", apart.unit_items[0]);
    }

    /// Respondents only, one role holding everyone.
    fn counts(ns: &[u64]) -> (Vec<GroupSizes>, Vec<GroupSizes>, Vec<Vec<GroupSizes>>) {
        let units: Vec<GroupSizes> = ns.iter().map(|&n| group(n, &[], &[])).collect();
        let roles = vec![group(ns.iter().sum(), &[], &[])];
        let cells = units.iter().map(|u| vec![u.clone()]).collect();
        (units, roles, cells)
    }

    #[test]
    fn an_area_shows_with_its_small_unit_hidden_beside_a_partner() {
        // Units 30, 3, 4, 20, 2, 9; area 0 holds the first three. The area
        // (37) is shown; under it 3 and 4 hold 7 together: enough.
        let (units, roles, cells) = counts(&[30, 3, 4, 20, 2, 9]);
        let areas = vec![("A".to_string(), vec![0, 1, 2])];
        let invited = vec![Some(35), Some(4), Some(5), Some(25), Some(3), Some(10)];
        let p = plan(&RoundInput {
            k: 5,
            units: &units,
            invited: &invited,
            roles: &roles,
            cells: &cells,
            areas: &areas,
            now_items: &[],
        });
        assert!(p.respondents.total);
        assert_eq!(p.area_respondents, vec![true]);
        let shown = &p.respondents.members;
        assert!(shown[0] && !shown[1] && !shown[2]);
        // At the top, 2 alone would be told: it goes with the first in the
        // order of the area and the units in none (smallest invited: 9 of 10).
        assert!(!shown[4] && !shown[5] && shown[3], "{shown:?}");
    }

    /// A measure's name, its units' and areas' decisions, and its sizes.
    type Checked = (
        String,
        Shown,
        Vec<bool>,
        Box<dyn Fn(&GroupSizes) -> Vec<u64>>,
    );

    /// Per unit: respondents, blanks on the item, blank goals, its area,
    /// and how many more were invited than answered.
    type DrawnUnit = (u64, u64, u64, Option<usize>, Option<u64>);

    /// Every figure of every measure against the atoms, checked plainly.
    fn check(input: &RoundInput, p: &RoundPlan) -> Result<(), String> {
        let k = input.k;
        let safe = |n: u64| n == 0 || n >= k;
        let measures: Vec<Checked> = {
            let mut m: Vec<Checked> = vec![(
                "respondents".into(),
                p.respondents.clone(),
                p.area_respondents.clone(),
                Box::new(|g: &GroupSizes| vec![g.responses]),
            )];
            for i in 0..p.unit_items.len() {
                m.push((
                    format!("item {i}"),
                    p.unit_items[i].clone(),
                    p.area_items[i].clone(),
                    Box::new(move |g: &GroupSizes| vec![g.answers[i]]),
                ));
            }
            for (j, &now) in input.now_items.iter().enumerate() {
                m.push((
                    format!("goal {j}"),
                    p.unit_goals[j].clone(),
                    p.area_goals[j].clone(),
                    Box::new(move |g: &GroupSizes| vec![g.both[j], g.answers[now] - g.both[j]]),
                ));
            }
            m
        };
        for (name, units, areas, size) in &measures {
            let sum = |members: &[usize]| -> Vec<u64> {
                let mut acc = vec![0u64; 2];
                for &u in members {
                    for (a, b) in acc.iter_mut().zip(size(&input.units[u])) {
                        *a += b;
                    }
                }
                acc
            };
            if !units.total {
                if units.members.iter().any(|&s| s) || areas.iter().any(|&s| s) {
                    return Err(format!("{name}: a member shown without the total"));
                }
                continue;
            }
            let all: Vec<usize> = (0..input.units.len()).collect();
            let mut atoms: Vec<(String, Vec<usize>)> = Vec::new();
            let mut outside = Vec::new();
            for u in 0..input.units.len() {
                let area = input.areas.iter().position(|(_, m)| m.contains(&u));
                match area {
                    Some(a) if areas[a] => {}
                    Some(_) if units.members[u] => {
                        return Err(format!("{name}: unit {u} shown in a hidden area"));
                    }
                    _ if units.members[u] => atoms.push((format!("unit {u}"), vec![u])),
                    _ => outside.push(u),
                }
            }
            for (a, (_, members)) in input.areas.iter().enumerate().filter(|(a, _)| areas[*a]) {
                atoms.push((format!("area {a}"), members.clone()));
                for &u in members.iter().filter(|&&u| units.members[u]) {
                    atoms.push((format!("unit {u}"), vec![u]));
                }
                let hidden: Vec<usize> = members
                    .iter()
                    .copied()
                    .filter(|&u| !units.members[u])
                    .collect();
                atoms.push((format!("hidden in area {a}"), hidden));
            }
            atoms.push(("hidden outside shown areas".into(), outside));
            atoms.push(("total".into(), all));
            for (what, members) in atoms {
                let s = sum(&members);
                if !s.iter().all(|&n| safe(n)) {
                    return Err(format!("{name}: {what} holds {s:?}"));
                }
            }
        }
        Ok(())
    }

    fn round_strategy() -> impl proptest::strategy::Strategy<Value = (u64, Vec<DrawnUnit>)> {
        (
            3u64..=6,
            proptest::collection::vec(
                (
                    0u64..16,
                    0u64..4,
                    0u64..4,
                    proptest::option::of(0usize..3),
                    proptest::option::of(0u64..3),
                ),
                2..=8,
            ),
        )
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(300))]

        /// Whatever the sizes and the areas: every shown unit and area, and
        /// every hidden remainder of every family, holds 0 or at least k
        /// in every population, and a hidden area hides its units.
        #[test]
        fn every_atom_of_every_measure_is_safe(drawn in round_strategy()) {
            let (k, units_drawn) = drawn;
            // Per unit: respondents n, blanks on the item, blank goals,
            // its area, and the number invited above n.
            let units: Vec<GroupSizes> = units_drawn
                .iter()
                .map(|&(n, blank, no_goal, _, _)| {
                    let answered = n.saturating_sub(blank);
                    group(n, &[answered], &[answered.saturating_sub(no_goal)])
                })
                .collect();
            let invited: Vec<Option<u64>> = units_drawn.iter().map(|u| u.4.map(|s| u.0 + s)).collect();
            let areas: Vec<(String, Vec<usize>)> = (0..3)
                .map(|a| (format!("A{a}"), (0..units.len()).filter(|&u| units_drawn[u].3 == Some(a)).collect::<Vec<_>>()))
                .filter(|(_, m)| !m.is_empty())
                .collect();
            // Two roles: the first person of each unit leads it.
            let cells: Vec<Vec<GroupSizes>> = units
                .iter()
                .map(|u| {
                    let lead = u64::from(u.responses > 0);
                    let lead_answer = lead.min(u.answers[0]);
                    let lead_both = lead_answer.min(u.both[0]);
                    vec![
                        group(u.responses - lead, &[u.answers[0] - lead_answer], &[u.both[0] - lead_both]),
                        group(lead, &[lead_answer], &[lead_both]),
                    ]
                })
                .collect();
            let roles: Vec<GroupSizes> = (0..2)
                .map(|r| {
                    cells.iter().fold(group(0, &[0], &[0]), |acc, row| {
                        group(
                            acc.responses + row[r].responses,
                            &[acc.answers[0] + row[r].answers[0]],
                            &[acc.both[0] + row[r].both[0]],
                        )
                    })
                })
                .collect();
            let input = RoundInput {
                k,
                units: &units,
                invited: &invited,
                roles: &roles,
                cells: &cells,
                areas: &areas,
                now_items: &[0],
            };
            let p = plan(&input);
            proptest::prop_assert!(check(&input, &p).is_ok(), "{:?}", check(&input, &p));
            // A unit hidden in a measure stays hidden in those under it.
            for u in 0..units.len() {
                proptest::prop_assert!(p.respondents.members[u] || !p.unit_items[0].members[u]);
                proptest::prop_assert!(p.unit_items[0].members[u] || !p.unit_goals[0].members[u]);
            }
        }
    }
}
