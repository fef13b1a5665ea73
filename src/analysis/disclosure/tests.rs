use super::*;

fn plain(ns: &[u64]) -> Vec<Member> {
    ns.iter().map(|&n| Member::plain(vec![n])).collect()
}

fn with_bounds(ns: &[u64], bounds: &[Option<u64>]) -> Vec<Member> {
    ns.iter()
        .zip(bounds)
        .map(|(&n, &bound)| Member {
            bound,
            ..Member::plain(vec![n])
        })
        .collect()
}

fn run(members: &[Member], order: &[usize], k: u64) -> Shown {
    decide(&Family {
        members,
        order,
        forced_bound: None,
        sizes_shown_above: false,
        k,
    })
}

fn in_order(n: usize) -> Vec<usize> {
    (0..n).collect()
}

#[test]
fn a_small_member_takes_the_first_in_the_order_with_it_not_the_smallest() {
    // 3 alone would be told by subtraction: the first shown member in the
    // order (12, not the smallest, 9) is hidden with it.
    let s = run(&plain(&[40, 3, 12, 0, 9]), &[2, 4, 0, 1, 3], 5);
    assert!(s.total);
    assert_eq!(s.members, vec![true, false, false, false, true]);
    // In another order another partner, whatever the sizes.
    let s = run(&plain(&[40, 3, 12, 0, 9]), &[4, 2, 0, 1, 3], 5);
    assert_eq!(s.members, vec![true, false, true, false, false]);
}

#[test]
fn small_members_that_hold_k_together_need_no_partner() {
    let s = run(&plain(&[40, 3, 2, 6]), &in_order(4), 5);
    assert_eq!(s.members, vec![true, false, false, true]);
}

#[test]
fn a_total_under_k_shows_nothing() {
    let s = run(&plain(&[3, 1]), &in_order(2), 5);
    assert_eq!(s, Shown::none(2));
}

#[test]
fn forced_members_count_as_hidden() {
    let mut m = plain(&[40, 20, 7]);
    m[1].forced = true;
    let s = run(&m, &in_order(3), 5);
    assert_eq!(s.members, vec![true, false, true]);
}

#[test]
fn nested_populations_are_checked_each() {
    // Member 1 has 6 with both, but 2 with only a current step: those two
    // could be told apart, so it is hidden, with a partner.
    let m: Vec<Member> = [[30, 0], [6, 2], [8, 3]]
        .iter()
        .map(|s| Member::plain(s.to_vec()))
        .collect();
    let s = run(&m, &in_order(3), 5);
    assert!(s.total);
    assert!(!s.members[1]);
    // A total whose own rest is small shows nothing.
    let m = vec![Member::plain(vec![30, 1]), Member::plain(vec![6, 0])];
    assert_eq!(run(&m, &in_order(2), 5), Shown::none(2));
}

/// The case of issue 25: units Bø 5, Dal 5 and Elv 4, and 6 politicians in
/// the municipality's unit, k = 5. Hiding "the smallest shown member" (Bø,
/// tied with Dal and first) let anyone who replays the rule pin Elv at 4.
#[test]
fn the_rule_aware_case_of_issue_25_pins_nothing() {
    let members = with_bounds(&[5, 5, 4, 6], &[Some(5), Some(5), Some(4), None]);
    let case = Case {
        members,
        order: vec![0, 1, 2, 3],
        forced_bound: None,
        below: false,
        k: 5,
    };
    assert_eq!(pinned(&case), Vec::<String>::new());
}

#[test]
fn the_audit_hides_more_where_the_bounds_would_pin_a_count() {
    // Elv 4 of 4 invited is hidden with Bø 5 of 5: together 9, both full,
    // so both are pinned. The next in the order (Dal) goes too.
    let members = with_bounds(&[5, 5, 4, 30], &[Some(5), Some(6), Some(4), None]);
    let s = run(&members, &[0, 2, 1, 3], 5);
    assert!(!s.members[0] && !s.members[2]);
    assert!(!s.members[1], "{s:?}");
    let case = Case {
        members,
        order: vec![0, 2, 1, 3],
        forced_bound: None,
        below: false,
        k: 5,
    };
    assert_eq!(pinned(&case), Vec::<String>::new());
}

#[test]
fn hidden_cells_serialise_alike_and_without_numbers() {
    let c: Cell<u64> = Cell::Hidden;
    assert_eq!(serde_json::to_string(&c).unwrap(), r#"{"hidden":true}"#);
    assert_eq!(serde_json::to_string(&Cell::Shown(7u64)).unwrap(), "7");
}

#[test]
fn politicians_inside_a_hidden_unit_do_not_give_the_rest_of_it_away() {
    // Units: Skole 30, Sykehjem 3, the municipality 6 (all politicians);
    // Sykehjem and the municipality are hidden together.
    // Roles: ansatt 28, leder 5, folkevalgt 6, all shown.
    let cells = vec![
        vec![vec![25], vec![5], vec![0]],
        vec![vec![3], vec![0], vec![0]],
        vec![vec![0], vec![0], vec![6]],
    ];
    let unit_atoms = vec![vec![0], vec![1, 2]];
    let role_atoms = vec![vec![0], vec![1], vec![2]];
    // Hidden units (9) minus folkevalgt (6) would be Sykehjem's 3.
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

/// A family as a test draws it.
#[derive(Debug, Clone)]
struct Case {
    members: Vec<Member>,
    order: Vec<usize>,
    forced_bound: Option<u64>,
    /// A family under another (its unforced members' sizes shown there).
    below: bool,
    k: u64,
}

impl Case {
    fn decide(&self, members: &[Member]) -> Shown {
        decide(&Family {
            members,
            order: &self.order,
            forced_bound: self.forced_bound,
            sizes_shown_above: self.below,
            k: self.k,
        })
    }
}

/// The attacker, by brute force: every set of hidden sizes that agrees with
/// what the output shows (the shown members, the total, the forced
/// members' bound, each member's public bound, and for nested populations
/// each unforced member's wider population) and that the rule turns into
/// the same output. Returns the hidden counts of 1..k−1 it pins.
fn pinned(case: &Case) -> Vec<String> {
    let k = case.k;
    let out = case.decide(&case.members);
    if !out.total {
        return Vec::new();
    }
    let nested = case.members[0].sizes.len() > 1;
    let hidden: Vec<usize> = (0..case.members.len())
        .filter(|&i| !out.members[i])
        .collect();
    let h: u64 = hidden.iter().map(|&i| case.members[i].sizes[0]).sum();
    let forced_wide: u64 = hidden
        .iter()
        .filter(|&&i| case.members[i].forced)
        .map(|&i| case.members[i].wide())
        .sum();
    // Candidate sizes per hidden member.
    let options: Vec<Vec<Vec<u64>>> = hidden
        .iter()
        .map(|&i| {
            let m = &case.members[i];
            let cap = m.bound.unwrap_or(h).min(h);
            match (nested, m.forced) {
                (false, false) => (0..=cap).map(|x| vec![x]).collect(),
                (false, true) => (0..=case.forced_bound.unwrap_or(h).min(h))
                    .map(|x| vec![x])
                    .collect(),
                (true, false) => (0..=cap.min(m.wide()))
                    .map(|x| vec![x, m.wide() - x])
                    .collect(),
                (true, true) => (0..=forced_wide)
                    .flat_map(|w| (0..=w.min(h)).map(move |x| vec![x, w - x]))
                    .collect(),
            }
        })
        .collect();
    let mut seen: Vec<std::collections::BTreeSet<u64>> = vec![Default::default(); hidden.len()];
    let mut block = std::collections::BTreeSet::new();
    let mut walk = Walk {
        case,
        out: &out,
        hidden: &hidden,
        options: &options,
        h,
        forced_wide: nested.then_some(forced_wide),
        chosen: Vec::new(),
        seen: &mut seen,
        block: &mut block,
    };
    walk.next(0, 0, 0);
    report(case, &hidden, &seen, &block, forced_wide, k)
}

/// The brute-force attacker's walk over the hidden members' sizes, cut
/// short where a partial sum is already too large.
struct Walk<'a> {
    case: &'a Case,
    out: &'a Shown,
    hidden: &'a [usize],
    options: &'a [Vec<Vec<u64>>],
    h: u64,
    forced_wide: Option<u64>,
    chosen: Vec<&'a Vec<u64>>,
    seen: &'a mut [std::collections::BTreeSet<u64>],
    block: &'a mut std::collections::BTreeSet<u64>,
}

impl<'a> Walk<'a> {
    fn next(&mut self, j: usize, sum: u64, forced_wide: u64) {
        let case = self.case;
        if j == self.hidden.len() {
            if sum != self.h || self.forced_wide.is_some_and(|w| w != forced_wide) {
                return;
            }
            let forced_sum: u64 = self
                .hidden
                .iter()
                .zip(&self.chosen)
                .filter(|(i, _)| case.members[**i].forced)
                .map(|(_, s)| s[0])
                .sum();
            if case.forced_bound.is_some_and(|b| forced_sum > b) {
                return;
            }
            let mut members = case.members.clone();
            for (&i, s) in self.hidden.iter().zip(&self.chosen) {
                members[i].sizes = (*s).clone();
            }
            if case.decide(&members) == *self.out {
                for (k, s) in self.chosen.iter().enumerate() {
                    self.seen[k].insert(s[0]);
                }
                self.block.insert(forced_sum);
            }
            return;
        }
        let forced = case.members[self.hidden[j]].forced;
        for option in &self.options[j] {
            let wide = if forced && option.len() > 1 {
                option[0] + option[1]
            } else {
                0
            };
            if sum + option[0] > self.h || self.forced_wide.is_some_and(|w| forced_wide + wide > w)
            {
                continue;
            }
            self.chosen.push(option);
            self.next(j + 1, sum + option[0], forced_wide + wide);
            self.chosen.pop();
        }
    }
}

fn report(
    case: &Case,
    hidden: &[usize],
    seen: &[std::collections::BTreeSet<u64>],
    block: &std::collections::BTreeSet<u64>,
    forced_wide: u64,
    k: u64,
) -> Vec<String> {
    let nested = case.members[0].sizes.len() > 1;
    let small = |x: u64| (1..k).contains(&x);
    let pins = |values: &std::collections::BTreeSet<u64>, wide: Option<u64>| {
        values.len() == 1
            && values
                .first()
                .is_some_and(|&v| small(v) || wide.is_some_and(|w| w >= v && small(w - v)))
    };
    let mut found = Vec::new();
    for (j, &i) in hidden.iter().enumerate() {
        let m = &case.members[i];
        if !m.forced && !case.below && pins(&seen[j], nested.then(|| m.wide())) {
            found.push(format!("member {i} pinned at {:?}", seen[j]));
        }
    }
    let any_forced = hidden.iter().any(|&i| case.members[i].forced);
    if any_forced && pins(block, nested.then_some(forced_wide)) {
        found.push(format!("the forced members pinned at {block:?}"));
    }
    found
}

/// Draws a family: sizes, public bounds at or above them, some forced
/// members (with the family above's remainder as their bound), an order.
fn case_strategy(nested: bool) -> impl proptest::strategy::Strategy<Value = Case> {
    use proptest::prelude::*;
    let member = (0u64..8, 0u64..4, proptest::option::of(0u64..3), 0u32..10);
    (
        proptest::collection::vec(member, 2..=4),
        3u64..=5,
        0u64..3,
        proptest::collection::vec(0usize..100, 4),
    )
        .prop_map(move |(drawn, k, slack, keys)| {
            let members: Vec<Member> = drawn
                .iter()
                .map(|&(n, rest, bound, forced)| Member {
                    sizes: if nested { vec![n, rest] } else { vec![n] },
                    forced: forced < 2,
                    withheld: false,
                    bound: bound.map(|b| n + b),
                })
                .collect();
            let mut order: Vec<usize> = (0..members.len()).collect();
            order.sort_by_key(|&i| (keys[i], i));
            let forced_total: u64 = members
                .iter()
                .filter(|m| m.forced)
                .map(|m| m.sizes[0])
                .sum();
            let forced_bound =
                (!nested && members.iter().any(|m| m.forced)).then_some(forced_total + slack);
            // A family with forced members lies under another, whose
            // shown members' sizes bound these.
            let below = members.iter().any(|m| m.forced);
            Case {
                members,
                order,
                forced_bound,
                below,
                k,
            }
        })
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config::with_cases(400))]

    /// Whatever the sizes: every shown member and the hidden remainder
    /// hold 0 or at least k in every population.
    #[test]
    fn the_rule_holds_for_any_family(case in case_strategy(true)) {
        let k = case.k;
        let s = case.decide(&case.members);
        let mut hidden = [0u64; 2];
        for (i, m) in case.members.iter().enumerate() {
            if s.members[i] {
                proptest::prop_assert!(s.total && !m.forced);
                proptest::prop_assert!(safe(&m.sizes, k) && m.sizes[0] >= k);
            } else {
                hidden[0] += m.sizes[0];
                hidden[1] += m.sizes[1];
            }
        }
        if s.total {
            proptest::prop_assert!(safe(&hidden, k));
        }
    }

    /// An attacker who replays the rule over every set of hidden sizes that
    /// fits the output and the public bounds pins no count of 1..k−1.
    #[test]
    fn replaying_the_rule_pins_no_small_count(case in case_strategy(false)) {
        let found = pinned(&case);
        proptest::prop_assert!(found.is_empty(), "{:?}: {:?}", case, found);
    }

    /// The same with nested populations (the goal figures).
    #[test]
    fn replaying_the_rule_pins_no_small_count_when_nested(case in case_strategy(true)) {
        let found = pinned(&case);
        proptest::prop_assert!(found.is_empty(), "{:?}: {:?}", case, found);
    }
}
