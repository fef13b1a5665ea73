//! Sets of counts as sorted, disjoint ranges: what an attacker who knows
//! the rule can still believe a hidden count to be. The audit adds and
//! subtracts such sets (every sum of one value from each), which stays
//! small because ranges that touch are merged.

use smallvec::SmallVec;

/// Ranges kept inline: the audit makes many small sets, rarely of more
/// than a few ranges.
type Ranges = SmallVec<[(u64, u64); 4]>;

/// A set of non-negative integers: sorted, disjoint, non-adjacent
/// inclusive ranges.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Values(Ranges);

impl Values {
    pub fn empty() -> Values {
        Values(Ranges::new())
    }

    /// `lo..=hi`, empty when `lo > hi`.
    pub fn range(lo: u64, hi: u64) -> Values {
        let mut r = Ranges::new();
        if lo <= hi {
            r.push((lo, hi));
        }
        Values(r)
    }

    pub fn single(v: u64) -> Values {
        Values::range(v, v)
    }

    fn from_ranges(mut ranges: Ranges) -> Values {
        ranges.retain(|(lo, hi)| lo <= hi);
        ranges.sort_unstable();
        let mut merged = Ranges::new();
        for (lo, hi) in ranges {
            match merged.last_mut() {
                Some(last) if lo <= last.1.saturating_add(1) => last.1 = last.1.max(hi),
                _ => merged.push((lo, hi)),
            }
        }
        Values(merged)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    #[cfg(test)]
    pub fn contains(&self, v: u64) -> bool {
        self.0.iter().any(|&(lo, hi)| lo <= v && v <= hi)
    }

    /// The one value in the set, if it holds exactly one.
    pub fn only(&self) -> Option<u64> {
        match self.0.as_slice() {
            [(lo, hi)] if lo == hi => Some(*lo),
            _ => None,
        }
    }

    pub fn union(&self, other: &Values) -> Values {
        Values::from_ranges(self.0.iter().chain(&other.0).copied().collect())
    }

    pub fn intersect(&self, other: &Values) -> Values {
        let mut out = Ranges::new();
        for &(a, b) in &self.0 {
            for &(c, d) in &other.0 {
                out.push((a.max(c), b.min(d)));
            }
        }
        Values::from_ranges(out)
    }

    /// Every `a + b` with `a` in self and `b` in other.
    pub fn plus(&self, other: &Values) -> Values {
        let mut out = Ranges::new();
        for &(a, b) in &self.0 {
            for &(c, d) in &other.0 {
                out.push((a.saturating_add(c), b.saturating_add(d)));
            }
        }
        Values::from_ranges(out)
    }

    /// Every `a − b ≥ 0` with `a` in self and `b` in other.
    pub fn minus(&self, other: &Values) -> Values {
        let mut out = Ranges::new();
        for &(a, b) in &self.0 {
            for &(c, d) in &other.0 {
                if b >= c {
                    out.push((a.saturating_sub(d), b - c));
                }
            }
        }
        Values::from_ranges(out)
    }

    /// The values up to `cap` that are not in the set.
    pub fn complement(&self, cap: u64) -> Values {
        let mut out = Ranges::new();
        let mut next = 0u64;
        for &(lo, hi) in &self.0 {
            if lo > next {
                out.push((next, (lo - 1).min(cap)));
            }
            next = hi.saturating_add(1);
        }
        if next <= cap {
            out.push((next, cap));
        }
        Values::from_ranges(out)
    }

    /// The sum of one value from each set (the empty sum is {0}).
    pub fn sum<'a>(sets: impl IntoIterator<Item = &'a Values>) -> Values {
        sets.into_iter()
            .fold(Values::single(0), |acc, s| acc.plus(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain set, for checking.
    fn members(v: &Values, cap: u64) -> Vec<u64> {
        (0..=cap).filter(|&x| v.contains(x)).collect()
    }

    fn set(xs: &[u64]) -> Values {
        Values::from_ranges(xs.iter().map(|&x| (x, x)).collect())
    }

    #[test]
    fn ranges_merge_and_sets_combine() {
        let a = Values::from_ranges(Ranges::from_slice(&[(5, 7), (0, 1), (2, 3)]));
        assert_eq!(a, Values(Ranges::from_slice(&[(0, 3), (5, 7)])));
        assert_eq!(a.only(), None);
        assert_eq!(Values::single(4).only(), Some(4));
        assert_eq!(members(&a.complement(9), 9), vec![4, 8, 9]);
        assert!(Values::range(3, 2).is_empty());
        assert_eq!(
            members(&set(&[1, 4]).plus(&set(&[0, 10])), 20),
            vec![1, 4, 11, 14]
        );
        assert_eq!(members(&set(&[1, 4]).minus(&set(&[2, 3])), 9), vec![1, 2]);
        assert_eq!(Values::sum([]), Values::single(0));
    }

    proptest::proptest! {
        /// Each operation against the plain sets it stands for.
        #[test]
        fn operations_agree_with_plain_sets(
            a in proptest::collection::vec(0u64..25, 0..8),
            b in proptest::collection::vec(0u64..25, 0..8),
        ) {
            let (va, vb) = (set(&a), set(&b));
            let has = |xs: &[u64], x: u64| xs.contains(&x);
            for x in 0..60u64 {
                let sum = a.iter().any(|&p| b.iter().any(|&q| p + q == x));
                let diff = a.iter().any(|&p| b.iter().any(|&q| p >= q && p - q == x));
                proptest::prop_assert_eq!(va.plus(&vb).contains(x), sum);
                proptest::prop_assert_eq!(va.minus(&vb).contains(x), diff);
                proptest::prop_assert_eq!(va.union(&vb).contains(x), has(&a, x) || has(&b, x));
                proptest::prop_assert_eq!(va.intersect(&vb).contains(x), has(&a, x) && has(&b, x));
                proptest::prop_assert_eq!(va.complement(30).contains(x), x <= 30 && !has(&a, x));
            }
        }
    }
}
