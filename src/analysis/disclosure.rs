//! The disclosure rule: which figures of a round may be shown. Every report,
//! page, chart and download is drawn from cells that went through here;
//! DISCLOSURE.md beside this file explains why the rule is sound and what
//! it costs.
//!
//! A *family* is a set of groups that add up to a shown total for one
//! measure: the units of a round for the statement "p03", the roles of a
//! round for the number of respondents, the units for the goal figures of
//! one stair relation. A member is shown only when its answers number at
//! least k; the members that are not shown are then hidden together, and
//! more are hidden (smallest first) until what the hidden members hold
//! together, the total minus every shown member, is 0 or at least k. So no
//! subtraction within a family gives fewer than k answers.
//!
//! Some measures rest on nested populations (the goal figures of a stair
//! relation are for those who gave both a current step and a goal, inside
//! those who gave a current step). A member then has several sizes, and
//! each of them, and each of the hidden remainder's, must be 0 or ≥ k.
//!
//! The decision for a round depends on that round's data and k alone, never
//! on the report, the reader or the other round it is compared with, so
//! every output about a round is a part of one fixed set of figures, and
//! combining outputs cannot give more than that set.

use serde::{Serialize, Serializer};

/// A figure that is either shown or hidden, never both. Why a figure is
/// hidden is not recorded: showing it would help the subtraction.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<T> {
    Shown(T),
    Hidden,
}

impl<T: Serialize> Serialize for Cell<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct HiddenCell {
            hidden: bool,
        }
        match self {
            Cell::Shown(v) => v.serialize(s),
            Cell::Hidden => HiddenCell { hidden: true }.serialize(s),
        }
    }
}

impl<T> Cell<T> {
    pub fn shown(&self) -> Option<&T> {
        match self {
            Cell::Shown(v) => Some(v),
            Cell::Hidden => None,
        }
    }

    pub fn is_hidden(&self) -> bool {
        matches!(self, Cell::Hidden)
    }

    /// `value` where `show` allows it and there is one.
    pub fn when(show: bool, value: Option<T>) -> Cell<T> {
        match (show, value) {
            (true, Some(v)) => Cell::Shown(v),
            _ => Cell::Hidden,
        }
    }
}

/// What one family may show: the total, and each member.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    pub total: bool,
    pub members: Vec<bool>,
}

impl Shown {
    /// Nothing shown (for a family that does not apply).
    pub fn none(members: usize) -> Shown {
        Shown {
            total: false,
            members: vec![false; members],
        }
    }
}

/// 0 protects no one; k or more is a group.
fn safe(sizes: &[u64], k: u64) -> bool {
    sizes.iter().all(|&n| n == 0 || n >= k)
}

/// The rule for one family. `sizes[i]` are member i's sizes (the first is
/// the number of answers its figures rest on; the others are the nested
/// populations that can be told apart); `forced[i]` hides a member that
/// another family hides already (a unit hidden as a whole hides its
/// statements). Ties are broken by position, so the same data always gives
/// the same decision.
pub fn family(sizes: &[Vec<u64>], forced: &[bool], k: u64) -> Shown {
    let width = sizes.first().map_or(1, Vec::len);
    let add = |acc: &mut Vec<u64>, s: &[u64]| acc.iter_mut().zip(s).for_each(|(a, b)| *a += b);
    let mut total = vec![0; width];
    sizes.iter().for_each(|s| add(&mut total, s));
    if total[0] < k || !safe(&total, k) {
        return Shown::none(sizes.len());
    }
    let mut members: Vec<bool> = sizes
        .iter()
        .zip(forced)
        .map(|(s, &f)| !f && s[0] >= k && safe(s, k))
        .collect();
    loop {
        let mut hidden = vec![0; width];
        for (s, _) in sizes.iter().zip(&members).filter(|(_, shown)| !**shown) {
            add(&mut hidden, s);
        }
        if safe(&hidden, k) {
            break;
        }
        // Hiding every member leaves the total, which is safe: this ends.
        let smallest = (0..sizes.len())
            .filter(|&i| members[i])
            .min_by_key(|&i| (sizes[i][0], i));
        match smallest {
            Some(i) => members[i] = false,
            None => break,
        }
    }
    Shown {
        total: true,
        members,
    }
}

/// The rule for groups of members (service areas) beside a family that is
/// decided already. `areas[a]` are the members of area a (no member is in
/// two areas); `forced[a]` hides an area another family hides already.
///
/// An area's figure minus its shown members gives its hidden part, and the
/// family's hidden remainder minus the hidden parts of the shown areas
/// gives the hidden members outside them. So an area is shown only when it
/// holds at least k, and its hidden part is 0 or ≥ k; and while the hidden
/// members outside the shown areas hold 1..k−1 together, the shown area
/// with the smallest hidden part is hidden too. Every figure shown is then
/// a union of disjoint pieces that each hold 0 or ≥ k (DISCLOSURE.md).
pub fn areas(
    sizes: &[Vec<u64>],
    family: &Shown,
    areas: &[Vec<usize>],
    forced: &[bool],
    k: u64,
) -> Vec<bool> {
    if !family.total {
        return vec![false; areas.len()];
    }
    let width = sizes.first().map_or(1, Vec::len);
    let sum = |members: &[usize]| {
        let mut acc = vec![0; width];
        for &i in members {
            acc.iter_mut().zip(&sizes[i]).for_each(|(a, b)| *a += b);
        }
        acc
    };
    let hidden_of = |members: &[usize]| -> Vec<usize> {
        members
            .iter()
            .copied()
            .filter(|&i| !family.members[i])
            .collect()
    };
    let hidden_part: Vec<Vec<u64>> = areas.iter().map(|m| sum(&hidden_of(m))).collect();
    let mut shown: Vec<bool> = areas
        .iter()
        .zip(forced)
        .zip(&hidden_part)
        .map(|((m, &f), hidden)| {
            let whole = sum(m);
            !f && whole[0] >= k && safe(&whole, k) && safe(hidden, k)
        })
        .collect();
    loop {
        let outside: Vec<usize> = (0..sizes.len())
            .filter(|&i| {
                !family.members[i] && !areas.iter().zip(&shown).any(|(m, &s)| s && m.contains(&i))
            })
            .collect();
        if safe(&sum(&outside), k) {
            return shown;
        }
        // Hiding every area leaves the family's remainder, which is safe.
        let smallest = (0..areas.len())
            .filter(|&a| shown[a] && hidden_part[a].iter().any(|&n| n > 0))
            .min_by_key(|&a| (hidden_part[a][0], a));
        match smallest {
            Some(a) => shown[a] = false,
            None => return shown,
        }
    }
}

/// The pieces a decided family (and its service areas) cuts its members
/// into: each shown member; the hidden members of each shown area; and the
/// hidden members outside shown areas. Every shown figure is a union of
/// them, and each holds 0 or ≥ k.
pub fn atoms(family: &Shown, areas: &[Vec<usize>], area_shown: &[bool]) -> Vec<Vec<usize>> {
    let n = family.members.len();
    let mut atoms: Vec<Vec<usize>> = (0..n)
        .filter(|&i| family.members[i])
        .map(|i| vec![i])
        .collect();
    let mut placed: Vec<bool> = family.members.clone();
    for (members, _) in areas.iter().zip(area_shown).filter(|(_, s)| **s) {
        let hidden: Vec<usize> = members.iter().copied().filter(|&i| !placed[i]).collect();
        hidden.iter().for_each(|&i| placed[i] = true);
        atoms.push(hidden);
    }
    atoms.push((0..n).filter(|&i| !placed[i]).collect());
    atoms.retain(|a| !a.is_empty());
    atoms
}

/// Whether two families over the same people (units and roles) can be
/// shown together. `cells[u][r]` are the sizes of the people in unit u with
/// role r. Units and roles cross, so a sum of unit pieces minus a sum of
/// role pieces is a set of people only where the role pieces lie inside
/// the unit pieces (politicians, who all count in the whole municipality's
/// unit, lie inside it), and then it is the rest of those unit pieces; the
/// same the other way round. Each such rest must hold 0 or ≥ k.
pub fn crossing_safe(
    cells: &[Vec<Vec<u64>>],
    unit_atoms: &[Vec<usize>],
    role_atoms: &[Vec<usize>],
    k: u64,
) -> bool {
    let width = cells
        .first()
        .and_then(|row| row.first())
        .map_or(1, Vec::len);
    // Every set of role pieces is tried: a round has a handful. One with
    // more than 16 (65,536 sets) shows no role rather than try only some.
    if role_atoms.len() > 16 {
        return false;
    }
    let add = |acc: &mut Vec<u64>, s: &[u64]| acc.iter_mut().zip(s).for_each(|(a, b)| *a += b);
    for subset in 1u32..(1 << role_atoms.len()) {
        let chosen: Vec<usize> = (0..role_atoms.len())
            .filter(|a| subset & (1 << a) != 0)
            .flat_map(|a| role_atoms[a].iter().copied())
            .collect();
        // Per unit piece: its people with a chosen role, and the others.
        let split: Vec<(Vec<u64>, Vec<u64>)> = unit_atoms
            .iter()
            .map(|atom| {
                let (mut inside, mut outside) = (vec![0; width], vec![0; width]);
                for &u in atom {
                    for (r, size) in cells[u].iter().enumerate() {
                        add(
                            if chosen.contains(&r) {
                                &mut inside
                            } else {
                                &mut outside
                            },
                            size,
                        );
                    }
                }
                (inside, outside)
            })
            .collect();
        let some = |v: &[u64]| v.iter().any(|&n| n > 0);
        // The unit pieces that hold the chosen roles, minus those roles.
        let mut rest = vec![0; width];
        split
            .iter()
            .filter(|(i, _)| some(i))
            .for_each(|(_, o)| add(&mut rest, o));
        // The chosen roles, minus the unit pieces that lie inside them.
        let mut beyond = vec![0; width];
        split
            .iter()
            .filter(|(_, o)| some(o))
            .for_each(|(i, _)| add(&mut beyond, i));
        if !safe(&rest, k) || !safe(&beyond, k) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(ns: &[u64]) -> Vec<Vec<u64>> {
        ns.iter().map(|&n| vec![n]).collect()
    }

    #[test]
    fn one_small_member_takes_the_smallest_other_with_it() {
        let s = family(&one(&[40, 3, 12, 0, 9]), &[false; 5], 5);
        assert!(s.total);
        assert_eq!(s.members, vec![true, false, true, false, false]);
    }

    #[test]
    fn small_members_that_together_hold_under_k_take_more() {
        // 2 + 1 = 3 < 5: the next smallest (6) joins them, 9 in all.
        let s = family(&one(&[40, 2, 1, 6, 7]), &[false; 5], 5);
        assert_eq!(s.members, vec![true, false, false, false, true]);
        // 3 + 2 = 5: enough on their own.
        let s = family(&one(&[40, 3, 2, 6]), &[false; 4], 5);
        assert_eq!(s.members, vec![true, false, false, true]);
    }

    #[test]
    fn a_total_under_k_shows_nothing() {
        let s = family(&one(&[3, 1]), &[false; 2], 5);
        assert_eq!(s, Shown::none(2));
    }

    #[test]
    fn forced_members_count_as_hidden() {
        let s = family(&one(&[40, 20, 7]), &[false, true, false], 5);
        assert_eq!(s.members, vec![true, false, true]);
        let s = family(&one(&[40, 3, 7]), &[false, true, false], 5);
        assert_eq!(s.members, vec![true, false, false]);
    }

    #[test]
    fn nested_populations_are_checked_each() {
        // Member 1 has 6 with both, but 2 more with only a current step:
        // those two could be told apart, so it is hidden, and its remainder
        // (6 + 2) needs a partner whose own difference makes it safe.
        let sizes = vec![vec![30, 0], vec![6, 2], vec![8, 3]];
        let s = family(&sizes, &[false; 3], 5);
        assert!(s.total);
        assert_eq!(s.members, vec![true, false, false]);
        // A total whose own difference is small shows nothing.
        let s = family(&[vec![30, 1], vec![6, 0]], &[false; 2], 5);
        assert_eq!(s, Shown::none(2));
    }

    #[test]
    fn an_area_shows_only_when_its_hidden_part_and_the_rest_are_safe() {
        // Units 30, 3, 4, 20, 2, 9: the family hides 3, 4 and 2 (9 in all).
        let sizes = one(&[30, 3, 4, 20, 2, 9]);
        let units = family(&sizes, &[false; 6], 5);
        assert_eq!(units.members, vec![true, false, false, true, false, true]);
        // Area {0, 1, 2} hides 3 + 4 = 7: shown; then the rest outside it
        // is 2 alone, so it is hidden again.
        let a = vec![vec![0, 1, 2], vec![3, 4, 5]];
        assert_eq!(
            areas(&sizes, &units, &a, &[false; 2], 5),
            vec![false, false]
        );
        // Area {0, 1, 2, 4} hides 9, the rest 0: shown.
        let a = vec![vec![0, 1, 2, 4], vec![3, 5]];
        assert_eq!(areas(&sizes, &units, &a, &[false; 2], 5), vec![true, true]);
        // An area with one hidden unit of 3 would give it by subtraction;
        // the other area hides 4 + 2, but showing it would leave the 3
        // outside it alone.
        let a = vec![vec![0, 1], vec![2, 3, 4, 5]];
        assert_eq!(
            areas(&sizes, &units, &a, &[false; 2], 5),
            vec![false, false]
        );
        // The first hides 3 + 4, but the 2 of the second is then alone.
        let a = vec![vec![0, 1, 2, 3], vec![4, 5]];
        assert_eq!(
            areas(&sizes, &units, &a, &[false; 2], 5),
            vec![false, false]
        );
        // A forced area and a family without a total show nothing.
        let a = vec![vec![0, 1, 2, 4]];
        assert_eq!(areas(&sizes, &units, &a, &[true], 5), vec![false]);
        assert_eq!(areas(&sizes, &Shown::none(6), &a, &[false], 5), vec![false]);
    }

    #[test]
    fn politicians_inside_a_hidden_unit_do_not_give_the_rest_of_it_away() {
        // Units: Skole 30, Sykehjem 3, the municipality 6 (all politicians).
        // Roles: ansatt 28, leder 5, folkevalgt 6.
        let cells = vec![
            vec![vec![25], vec![5], vec![0]],
            vec![vec![3], vec![0], vec![0]],
            vec![vec![0], vec![0], vec![6]],
        ];
        let units = family(&one(&[30, 3, 6]), &[false; 3], 5);
        assert_eq!(units.members, vec![true, false, false]);
        let roles = family(&one(&[28, 5, 6]), &[false; 3], 5);
        assert_eq!(roles.members, vec![true, true, true]);
        let unit_atoms = atoms(&units, &[], &[]);
        assert_eq!(unit_atoms, vec![vec![0], vec![1, 2]]);
        // Hidden units (9) minus folkevalgt (6) would be Sykehjem's 3.
        let role_atoms = atoms(&roles, &[], &[]);
        assert!(!crossing_safe(&cells, &unit_atoms, &role_atoms, 5));
        // With 5 in Sykehjem the rest is 5: safe.
        let mut cells = cells;
        cells[1][0] = vec![5];
        assert!(crossing_safe(&cells, &unit_atoms, &role_atoms, 5));
        // More role pieces than can all be tried: no role is shown.
        let many: Vec<Vec<usize>> = (0..17).map(|r| vec![r]).collect();
        let wide = vec![vec![vec![5]; 17]];
        assert!(!crossing_safe(&wide, &[vec![0]], &many, 5));
    }

    #[test]
    fn hidden_cells_serialise_alike_and_without_numbers() {
        let c: Cell<u64> = Cell::Hidden;
        assert_eq!(serde_json::to_string(&c).unwrap(), r#"{"hidden":true}"#);
        assert_eq!(serde_json::to_string(&Cell::Shown(7u64)).unwrap(), "7");
    }

    proptest::proptest! {
        /// Whatever the sizes: every shown member and the hidden remainder
        /// hold 0 or at least k in every population.
        #[test]
        fn the_rule_holds_for_any_family(
            sizes in proptest::collection::vec((0u64..20, 0u64..6), 1..9),
            forced in proptest::collection::vec(proptest::bool::ANY, 9),
            k in 3u64..8,
        ) {
            let sizes: Vec<Vec<u64>> = sizes.iter().map(|&(a, b)| vec![a, b]).collect();
            let s = family(&sizes, &forced[..sizes.len()], k);
            let mut hidden = [0u64; 2];
            for (i, m) in sizes.iter().enumerate() {
                if s.members[i] {
                    proptest::prop_assert!(s.total && !forced[i]);
                    proptest::prop_assert!(safe(m, k) && m[0] >= k);
                } else {
                    hidden[0] += m[0];
                    hidden[1] += m[1];
                }
            }
            if s.total {
                proptest::prop_assert!(safe(&hidden, k));
            }
        }

        /// Whatever the sizes and areas: every shown area holds k or more,
        /// its hidden part and the hidden members outside shown areas hold
        /// 0 or at least k, in every population.
        #[test]
        fn the_rule_holds_for_any_areas(
            sizes in proptest::collection::vec((0u64..20, 0u64..6), 1..9),
            area_of in proptest::collection::vec(proptest::option::of(0usize..3), 9),
            k in 3u64..8,
        ) {
            let sizes: Vec<Vec<u64>> = sizes.iter().map(|&(a, b)| vec![a, b]).collect();
            let members = family(&sizes, &vec![false; sizes.len()], k);
            let groups: Vec<Vec<usize>> = (0..3)
                .map(|a| (0..sizes.len()).filter(|&i| area_of[i] == Some(a)).collect())
                .collect();
            let shown = areas(&sizes, &members, &groups, &[false; 3], k);
            let mut outside = [0u64; 2];
            for (i, m) in sizes.iter().enumerate() {
                let in_shown = area_of[i].is_some_and(|a| shown[a]);
                if !members.members[i] && !in_shown {
                    outside[0] += m[0];
                    outside[1] += m[1];
                }
            }
            proptest::prop_assert!(!members.total || safe(&outside, k));
            for (a, g) in groups.iter().enumerate().filter(|(a, _)| shown[*a]) {
                let (mut whole, mut hidden) = ([0u64; 2], [0u64; 2]);
                for &i in g {
                    for d in 0..2 {
                        whole[d] += sizes[i][d];
                        if !members.members[i] {
                            hidden[d] += sizes[i][d];
                        }
                    }
                }
                proptest::prop_assert!(whole[0] >= k && safe(&whole, k), "area {}", a);
                proptest::prop_assert!(safe(&hidden, k));
            }
        }
    }
}
