//! The rule of before December 2026, kept for the rounds leaders and
//! readers may have read under it (`Round::legacy_rule`): such a round shows
//! only what this rule and the present one both show, so that no report of
//! it shows a figure the earlier reports hid (two rules that are each safe
//! are not safe together: they may hide different partners). Not to be
//! used for anything else: it took "the smallest shown member" to protect
//! a hidden one, which an attacker who knows the rule can replay.

use super::{Shown, safe};

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
