//! The rows of a file, to recognise a file already imported into a round
//! before it doubles the round: when the round holds every one of the
//! file's responses already (as many times as the file has each), the
//! import asks first. Nothing of it is stored: it is compared with the
//! round's responses at import time, so no lasting trace can tell which
//! responses came from a file.

use std::hash::{Hash, Hasher};

use crate::store::NewResponse;

/// One hash per response of a file (unit, role and answers).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileRows {
    hashes: Vec<u64>,
}

/// A response's hash; the same within one process, which is all it needs.
pub fn hash_of(response: &NewResponse) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (&response.unit, &response.role, &response.answers).hash(&mut h);
    h.finish()
}

impl FileRows {
    /// Counts one response of the file in.
    pub fn add(&mut self, response: &NewResponse) {
        self.hashes.push(hash_of(response));
    }

    pub fn rows(&self) -> u64 {
        self.hashes.len() as u64
    }

    /// Whether `have` (the `hash_of` of a round's responses, taken one by
    /// one as they are read, so that a large round is never held whole)
    /// holds every row of the file, each as many times as the file has it.
    pub fn all_in(&self, mut have: Vec<u64>) -> bool {
        if self.hashes.is_empty() {
            return false;
        }
        let mut wanted = self.hashes.clone();
        wanted.sort_unstable();
        have.sort_unstable();
        // Walk both in order: every wanted hash must meet one of its own.
        let mut h = have.iter();
        'wanted: for w in &wanted {
            for x in h.by_ref() {
                if x == w {
                    continue 'wanted;
                }
                if x > w {
                    return false;
                }
            }
            return false;
        }
        true
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
    fn a_file_is_held_when_every_row_is_there_as_often() {
        let rows = [
            response("A", "[1]"),
            response("B", "[2]"),
            response("A", "[1]"),
        ];
        let mut file = FileRows::default();
        rows.iter().for_each(|r| file.add(r));
        assert_eq!(file.rows(), 3);
        let hashes = |rs: &[NewResponse]| rs.iter().map(hash_of).collect::<Vec<u64>>();
        let mut round: Vec<NewResponse> = rows.iter().rev().cloned().collect();
        round.push(response("C", "[5]"));
        assert!(file.all_in(hashes(&round)), "in any order, among others");
        // One "A [1]" fewer in the round than in the file: not all of it.
        assert!(!file.all_in(hashes(&round[1..])));
        // The same answers in another unit are other rows.
        assert!(!file.all_in(hashes(&[
            response("A", "[1]"),
            response("A", "[1]"),
            response("C", "[2]")
        ])));
        assert!(
            !FileRows::default().all_in(hashes(&round)),
            "an empty file is never held"
        );
    }
}
