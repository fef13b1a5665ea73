//! Minimum group size and complementary suppression. A family is a set of
//! cells that add up to a shown total (the units of a round, the roles of a
//! round, the units for one statement): if exactly one cell in it is hidden,
//! its value would follow from the total minus the shown cells, so the
//! smallest shown cell is hidden too.

use serde::{Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Hidden {
    /// Fewer than k answers.
    UnderK,
    /// Hidden so that another hidden cell cannot be computed from a total.
    Complementary,
    /// No answers at all (nothing to protect, nothing to show).
    Empty,
}

/// A figure that is either shown or hidden, never both.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<T> {
    Shown(T),
    Hidden(Hidden),
}

impl<T: Serialize> Serialize for Cell<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct HiddenCell {
            hidden: Hidden,
        }
        match self {
            Cell::Shown(v) => v.serialize(s),
            Cell::Hidden(h) => HiddenCell { hidden: *h }.serialize(s),
        }
    }
}

impl<T> Cell<T> {
    pub fn shown(&self) -> Option<&T> {
        match self {
            Cell::Shown(v) => Some(v),
            Cell::Hidden(_) => None,
        }
    }

    pub fn hidden(&self) -> Option<Hidden> {
        match self {
            Cell::Shown(_) => None,
            Cell::Hidden(h) => Some(*h),
        }
    }

    /// A statistic: absent means there were no answers.
    pub fn from_option(value: Option<T>, hidden: Option<Hidden>) -> Cell<T> {
        match (hidden, value) {
            (Some(h), _) => Cell::Hidden(h),
            (None, Some(v)) => Cell::Shown(v),
            (None, None) => Cell::Hidden(Hidden::Empty),
        }
    }
}

impl Cell<u64> {
    /// A count: zero is shown as zero (it protects no one).
    pub fn new(n: u64, hidden: Option<Hidden>) -> Cell<u64> {
        match hidden {
            Some(h) => Cell::Hidden(h),
            None => Cell::Shown(n),
        }
    }
}

/// Suppression for one family of cells with these n.
pub fn hide_family(ns: &[u64], k: u64) -> Vec<Option<Hidden>> {
    hide_family_with(ns, k, &vec![None; ns.len()])
}

/// As `hide_family`, with cells that are hidden already for another reason
/// (a unit hidden as a whole).
pub fn hide_family_with(ns: &[u64], k: u64, forced: &[Option<Hidden>]) -> Vec<Option<Hidden>> {
    let mut out: Vec<Option<Hidden>> = ns
        .iter()
        .zip(forced)
        .map(|(&n, f)| match (f, n) {
            (Some(h), _) => Some(*h),
            (None, 0) => None,
            (None, n) if n < k => Some(Hidden::UnderK),
            _ => None,
        })
        .collect();
    let secret = |out: &[Option<Hidden>]| {
        ns.iter()
            .zip(out)
            .filter(|(n, h)| **n > 0 && matches!(h, Some(Hidden::UnderK | Hidden::Complementary)))
            .count()
    };
    if secret(&out) == 1 {
        let partner = ns
            .iter()
            .enumerate()
            .filter(|(i, n)| **n > 0 && out[*i].is_none())
            .min_by_key(|(i, n)| (**n, *i))
            .map(|(i, _)| i);
        if let Some(i) = partner {
            out[i] = Some(Hidden::Complementary);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_small_cell_takes_the_smallest_other_with_it() {
        let h = hide_family(&[40, 3, 12, 0, 9], 5);
        assert_eq!(
            h,
            vec![
                None,
                Some(Hidden::UnderK),
                None,
                None,
                Some(Hidden::Complementary)
            ]
        );
    }

    #[test]
    fn two_small_cells_protect_each_other() {
        assert_eq!(
            hide_family(&[40, 3, 2], 5),
            vec![None, Some(Hidden::UnderK), Some(Hidden::UnderK)]
        );
        assert_eq!(hide_family(&[40, 30], 5), vec![None, None]);
    }

    #[test]
    fn forced_cells_count_as_hidden() {
        let forced = [None, Some(Hidden::Complementary), None];
        let h = hide_family_with(&[40, 20, 7], 5, &forced);
        assert_eq!(
            h,
            vec![
                None,
                Some(Hidden::Complementary),
                Some(Hidden::Complementary)
            ]
        );
    }

    #[test]
    fn hidden_cells_serialise_without_numbers() {
        let c: Cell<u64> = Cell::Hidden(Hidden::UnderK);
        assert_eq!(
            serde_json::to_string(&c).unwrap(),
            r#"{"hidden":"under_k"}"#
        );
        assert_eq!(serde_json::to_string(&Cell::Shown(7u64)).unwrap(), "7");
    }
}
