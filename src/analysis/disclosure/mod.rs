//! The disclosure rule: which figures of a round may be shown. Every report,
//! page, chart and download is drawn from cells that went through here;
//! DISCLOSURE.md beside this file explains why the rule is sound and what
//! it costs.
//!
//! A *family* is a total and the members that add up to it, for one
//! measure: the units of a service area for the statement "p03", the roles
//! of a round for the number of respondents. A member is shown only when
//! its answers number at least k; the hidden members are then taken
//! together, and more are hidden, in an order the round's definition fixes,
//! until what they hold together is 0 or at least k. An audit then replays
//! the rule as an attacker who knows it would, from the output alone, and
//! hides more while a hidden count could be pinned (`family`, `audit`).
//!
//! Some measures rest on nested populations (the goal figures of a stair
//! relation are for those who gave both a current step and a goal, inside
//! those who gave a current step). A member then has two sizes, and each of
//! them, and each of the hidden remainder's, must be 0 or ≥ k.
//!
//! The decision for a round depends on that round's data, definition and k
//! alone, never on the report, the reader or the other round it is
//! compared with, so every output about a round is a part of one fixed set
//! of figures, and combining outputs cannot give more than that set.

mod audit;
mod crossing;
mod family;
pub mod legacy;
mod values;

pub use audit::protects;
pub use crossing::crossing_safe;
pub use family::{Family, Member, decide};

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
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
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

#[cfg(test)]
mod tests;
