//! A file's fingerprint in a round: which responses it adds, in any order,
//! so that the same file uploaded twice is recognised before it doubles
//! the round. It is a sum of one hash per response (a multiset hash), so a
//! file sorted another way, or saved again from Excel, has the same one.
//! It says nothing about anyone: it is kept to compare, never to read.

use sha2::{Digest, Sha256};

use crate::store::NewResponse;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fingerprint {
    sum: u128,
    rows: u64,
}

impl Fingerprint {
    /// Counts one response in.
    pub fn add(&mut self, response: &NewResponse) {
        let mut hash = Sha256::new();
        // Lengths first, so that no two responses run together the same way.
        for part in [&response.unit, &response.role, &response.answers] {
            hash.update((part.len() as u64).to_le_bytes());
            hash.update(part.as_bytes());
        }
        let digest = hash.finalize();
        let mut first = [0u8; 16];
        first.copy_from_slice(&digest[..16]);
        self.sum = self.sum.wrapping_add(u128::from_le_bytes(first));
        self.rows += 1;
    }

    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// The form kept in the store.
    pub fn text(&self) -> String {
        format!("{}:{:032x}", self.rows, self.sum)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(unit: &str, answers: &str) -> NewResponse {
        NewResponse {
            unit: unit.into(),
            role: "ansatt".into(),
            answers: answers.into(),
        }
    }

    #[test]
    fn the_order_does_not_matter_but_every_row_does() {
        let rows = [
            response("A", "[1]"),
            response("B", "[2]"),
            response("A", "[3]"),
        ];
        let mut forward = Fingerprint::default();
        rows.iter().for_each(|r| forward.add(r));
        let mut backward = Fingerprint::default();
        rows.iter().rev().for_each(|r| backward.add(r));
        assert_eq!(forward, backward);
        assert_eq!(forward.rows(), 3);
        let mut fewer = Fingerprint::default();
        rows[..2].iter().for_each(|r| fewer.add(r));
        assert_ne!(forward.text(), fewer.text());
        let mut moved = Fingerprint::default();
        [
            response("A", "[1]"),
            response("B", "[3]"),
            response("A", "[2]"),
        ]
        .iter()
        .for_each(|r| moved.add(r));
        assert_ne!(forward, moved, "the same answers in other units");
        // "AB" + "" is not "A" + "B".
        let mut a = Fingerprint::default();
        a.add(&response("AB", ""));
        let mut b = Fingerprint::default();
        b.add(&response("A", "B"));
        assert_ne!(a, b);
    }
}
