//! The audit: what an attacker who knows the rule learns from one family's
//! output. It sees the total, the shown members, which members are hidden,
//! which of those the family above hid (forced), and the public bounds (the
//! number invited; a member's shown respondents). It does not see why a
//! member is hidden. So it tries every way the base rule could have given
//! this output: which hidden members were too small (primaries) and which
//! were hidden to protect them (complements, taken in the family's public
//! order), with the sizes each could have had. A count it could pin to one
//! value of 1..k−1 would tell a small group's size.
//!
//! The audit reads the output only, never the hidden sizes one by one, so
//! its verdict tells nothing new: every set of sizes it found possible
//! leads the rule to this very output. That is what makes hiding more when
//! it fails safe (DISCLOSURE.md, "Against an attacker who knows the rule").

use super::family::{Family, big};
use super::values::Values;

/// One hidden piece the attacker tries to pin: a hidden member that the
/// family above did not hide, or all forced members together (whose sum
/// the family above shows).
struct Piece {
    /// Whether a count of it pinned to 1..k−1 would tell a small group.
    protected: bool,
    /// Its wider population, where the family has nested populations
    /// (shown by the family above).
    wide: Option<u64>,
    /// The values it may have if it was hidden as too small; for the
    /// forced members together, any value.
    small: Values,
    /// The values it may have if it was hidden to protect others.
    large: Values,
    /// Its place in the family's order; `None` for the forced members.
    position: Option<usize>,
}

/// More hidden members than this, and only hypotheses with at most two
/// complements are tried (fewer hypotheses can only make the audit stricter).
const ALL_HYPOTHESES_UP_TO: usize = 10;

/// Whether no hidden count of 1..k−1 can be pinned from this output of
/// the base rule, by an attacker who replays it.
pub fn protects(f: &Family, shown: &[bool]) -> bool {
    let k = f.k;
    let hidden: Vec<usize> = (0..shown.len()).filter(|&i| !shown[i]).collect();
    if hidden.is_empty() {
        return true;
    }
    let nested = f.members[0].sizes.len() > 1;
    // Visible: what the hidden members hold together, and (nested) their
    // wider population, which the family above shows.
    let h: u64 = hidden.iter().map(|&i| f.members[i].sizes[0]).sum();
    let mut position = vec![usize::MAX; f.members.len()];
    for (p, &i) in f.order.iter().enumerate() {
        position[i] = p;
    }
    let first_shown = (0..shown.len())
        .filter(|&i| shown[i])
        .map(|i| position[i])
        .min()
        .unwrap_or(usize::MAX);
    let mut pieces = Vec::new();
    let forced: Vec<usize> = hidden
        .iter()
        .copied()
        .filter(|&i| f.members[i].forced)
        .collect();
    if !forced.is_empty() {
        let wide = nested.then(|| forced.iter().map(|&i| f.members[i].wide()).sum::<u64>());
        let cap = [Some(h), f.forced_bound, wide].into_iter().flatten().min();
        pieces.push(Piece {
            protected: true,
            wide,
            small: Values::range(0, cap.unwrap_or(h)),
            large: Values::empty(),
            position: None,
        });
    }
    for &i in hidden.iter().filter(|&&i| !f.members[i].forced) {
        let m = &f.members[i];
        let wide = nested.then(|| m.wide());
        let cap = [Some(h), m.bound, wide]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(h);
        let large = match wide {
            None => Values::range(k, cap),
            Some(n) => nested_large(n, k).intersect(&Values::range(0, cap)),
        };
        pieces.push(Piece {
            protected: !f.sizes_shown_above,
            wide,
            small: large.complement(cap),
            large,
            position: Some(position[i]),
        });
    }
    debug_assert!(hidden.iter().all(|&i| {
        let m = &f.members[i];
        m.forced || m.withheld || !big(&m.sizes, k) || position[i] < first_shown
    }));
    let ambiguous: Vec<usize> = (0..pieces.len())
        .filter(|&p| {
            pieces[p].position.is_some_and(|q| q < first_shown) && !pieces[p].large.is_empty()
        })
        .collect();
    // Every piece must have some sizes left (else the rule could not have
    // given this output), and a protected one more than one small size.
    // Hypotheses only add sizes, so once every piece has that, it holds.
    let settled = |piece: &Piece, values: &Values| {
        let pinned = values
            .only()
            .is_some_and(|v| pinned_is_small(v, piece.wide, k));
        let possible = !values.is_empty();
        possible && !(piece.protected && pinned)
    };
    let mut seen = vec![Values::empty(); pieces.len()];
    for complements in hypotheses(ambiguous.len()) {
        let mut c: Vec<usize> = complements.iter().map(|&a| ambiguous[a]).collect();
        c.sort_by_key(|&p| pieces[p].position);
        let p: Vec<usize> = (0..pieces.len()).filter(|q| !c.contains(q)).collect();
        if p.iter().any(|&q| pieces[q].small.is_empty()) {
            continue;
        }
        if let Some(found) = hypothesis(&pieces, &p, &c, h, k) {
            for (q, values) in found {
                seen[q] = seen[q].union(&values);
            }
            if pieces.iter().zip(&seen).all(|(piece, v)| settled(piece, v)) {
                return true;
            }
        }
    }
    false
}

/// The values a member with nested populations can have and be shown:
/// `x` answers, at least k, and the rest of its `n` 0 or at least k.
fn nested_large(n: u64, k: u64) -> Values {
    let mut v = if n >= 2 * k {
        Values::range(k, n - k)
    } else {
        Values::empty()
    };
    if n >= k {
        v = v.union(&Values::single(n));
    }
    v
}

/// Whether a count pinned to `v` tells a small group: 1..k−1 answers, or
/// (nested) 1..k−1 in the rest of its wider population.
fn pinned_is_small(v: u64, wide: Option<u64>, k: u64) -> bool {
    let small = |x: u64| (1..k).contains(&x);
    small(v) || wide.is_some_and(|n| n >= v && small(n - v))
}

/// The sums that would not have been safe: 1..k−1 answers, or (nested) a
/// rest of 1..k−1 in the wider population `wide`.
fn unsafe_sums(wide: Option<u64>, k: u64) -> Values {
    let few = Values::range(1, k - 1);
    match wide {
        None => few,
        Some(0) => Values::empty(),
        Some(n) => few
            .union(&Values::range(n.saturating_sub(k - 1), n - 1))
            .intersect(&Values::range(0, n)),
    }
}

/// The sets of ambiguous pieces (by index) that may have been complements.
fn hypotheses(n: usize) -> Vec<Vec<usize>> {
    if n <= ALL_HYPOTHESES_UP_TO {
        return (0u32..(1 << n))
            .map(|mask| (0..n).filter(|a| mask & (1 << a) != 0).collect())
            .collect();
    }
    let mut out = vec![Vec::new()];
    for a in 0..n {
        out.push(vec![a]);
        for b in a + 1..n {
            out.push(vec![a, b]);
        }
    }
    out
}

/// The values each piece can have when the pieces `p` were too small and
/// the pieces `c` (in the family's order) were hidden one by one to protect
/// them, until the hidden ones held `h` answers; `None` if no sizes fit.
fn hypothesis(
    pieces: &[Piece],
    p: &[usize],
    c: &[usize],
    h: u64,
    k: u64,
) -> Option<Vec<(usize, Values)>> {
    let m = c.len();
    let wide_of = |q: &[usize]| -> Option<u64> {
        q.iter()
            .map(|&i| pieces[i].wide)
            .try_fold(0u64, |acc, w| w.map(|w| acc + w))
    };
    // The sums that must have been unsafe: the primaries alone, then with
    // each complement but the last.
    let condition: Vec<Values> = (0..m)
        .map(|t| {
            let mut q = p.to_vec();
            q.extend_from_slice(&c[..t]);
            unsafe_sums(wide_of(&q), k)
        })
        .collect();
    let small: Vec<&Values> = p.iter().map(|&q| &pieces[q].small).collect();
    let large: Vec<&Values> = c.iter().map(|&q| &pieces[q].large).collect();
    // Backward: the sums after t complements from which the rest can still
    // reach h.
    let mut back = vec![Values::empty(); m + 1];
    back[m] = Values::single(h);
    for t in (1..=m).rev() {
        back[t - 1] = back[t].minus(large[t - 1]).intersect(&condition[t - 1]);
    }
    let primaries = Values::sum(small.iter().copied());
    if primaries.intersect(&back[0]).is_empty() {
        return None;
    }
    let mut found = Vec::with_capacity(p.len() + m);
    // Each primary: its value plus the others' sum must reach back[0].
    let mut before = vec![Values::single(0)];
    for s in &small {
        let next = before.last().unwrap().plus(s);
        before.push(next);
    }
    let mut after = Values::single(0);
    for j in (0..p.len()).rev() {
        let others = before[j].plus(&after);
        found.push((p[j], small[j].intersect(&back[0].minus(&others))));
        after = after.plus(small[j]);
    }
    // Each complement: reachable before it, and completable after it.
    let mut forward = primaries.intersect(&back[0]);
    for t in 1..=m {
        found.push((c[t - 1], large[t - 1].intersect(&back[t].minus(&forward))));
        forward = forward.plus(large[t - 1]).intersect(&back[t]);
    }
    Some(found)
}
