//! The rule for one family: a total and the members that add up to it, for
//! one measure. A member is shown when it rests on at least k answers; the
//! hidden members are taken together, and while what they hold (the total
//! minus every shown member) is 1..k−1, more are hidden, in an order fixed
//! by the round's definition, never by the sizes. Then the audit
//! (`audit::protects`) replays the rule as an attacker would, from what the
//! output shows and the public bounds; while that could pin a hidden count,
//! the next member in the same order is hidden too.

use super::audit::protects;
use super::{Shown, safe};

/// One member of a family, as the rule sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The answers its figures rest on; for a nested population, then
    /// those in the wider population who are not in it (the goal figures:
    /// those who gave both a current step and a goal, and those who gave
    /// only a current step).
    pub sizes: Vec<u64>,
    /// Hidden already by the family above (a unit whose respondents are
    /// hidden shows no statement). Anyone can see which these are.
    pub forced: bool,
    /// Hidden because a family below it could not be shown (an area whose
    /// units' figures cannot be shown as they stand). Nobody can see why,
    /// so the audit treats it as hidden for any reason.
    pub withheld: bool,
    /// What anyone knows its first size cannot exceed: the number invited,
    /// or its shown number of respondents. `None` where nothing is known.
    pub bound: Option<u64>,
}

impl Member {
    /// A member with sizes only: nothing forced, no known bound.
    pub fn plain(sizes: Vec<u64>) -> Member {
        Member {
            sizes,
            forced: false,
            withheld: false,
            bound: None,
        }
    }

    /// Its whole wider population (answers and rest).
    pub(super) fn wide(&self) -> u64 {
        self.sizes.iter().sum()
    }
}

/// A family to decide.
#[derive(Debug, Clone)]
pub struct Family<'a> {
    pub members: &'a [Member],
    /// Member indices in the order more are hidden: public, from the
    /// round's definition (smallest number invited first), never from the
    /// answers.
    pub order: &'a [usize],
    /// What the forced members hold together at most, as the family above
    /// shows it (its hidden remainder); `None` where there is none.
    pub forced_bound: Option<u64>,
    /// Whether the family above shows the size of every member it did not
    /// hide (a statement's family under the respondents'). Then how many
    /// of such a member answered is a count of blanks inside a shown group,
    /// which the rule concedes (DISCLOSURE.md), and the audit protects
    /// only the forced members' count.
    pub sizes_shown_above: bool,
    pub k: u64,
}

/// Whether a member's own sizes let it be shown.
pub(super) fn big(sizes: &[u64], k: u64) -> bool {
    sizes[0] >= k && safe(sizes, k)
}

/// The rule before the audit: the total, each member of k or more, and
/// more hidden in the family's order while the hidden ones hold 1..k−1.
/// `None` when the total itself cannot be shown.
pub(super) fn base(f: &Family) -> Option<Vec<bool>> {
    let width = f.members.first().map_or(1, |m| m.sizes.len());
    let sum = |pick: &dyn Fn(usize) -> bool| -> Vec<u64> {
        let mut acc = vec![0; width];
        for (_, m) in f.members.iter().enumerate().filter(|(i, _)| pick(*i)) {
            acc.iter_mut().zip(&m.sizes).for_each(|(a, b)| *a += b);
        }
        acc
    };
    let total = sum(&|_| true);
    if total[0] < f.k || !safe(&total, f.k) {
        return None;
    }
    let mut shown: Vec<bool> = f
        .members
        .iter()
        .map(|m| !m.forced && !m.withheld && big(&m.sizes, f.k))
        .collect();
    // Hiding every member leaves the total, which is safe: this ends.
    while !safe(&sum(&|i| !shown[i]), f.k) {
        match f.order.iter().find(|&&i| shown[i]) {
            Some(&i) => shown[i] = false,
            None => break,
        }
    }
    Some(shown)
}

/// The rule for one family: the base rule, then more hidden in the
/// family's order until the audit finds that nothing hidden can be pinned
/// by replaying the rule. If even every member hidden would let a count be
/// pinned, nothing is shown, not even the total.
pub fn decide(f: &Family) -> Shown {
    let n = f.members.len();
    let Some(mut shown) = base(f) else {
        return Shown::none(n);
    };
    loop {
        if protects(f, &shown) {
            return Shown {
                total: true,
                members: shown,
            };
        }
        match f.order.iter().find(|&&i| shown[i]) {
            Some(&i) => shown[i] = false,
            None => return Shown::none(n),
        }
    }
}
