//! One-time invitation codes, as the national employee survey hands them
//! out by letter: making them, reading what a person types, and the hash the
//! database keeps instead of the code. The letters are in `letters`.

pub mod letters;

use rand::Rng;
use sha2::{Digest, Sha256};

/// Characters in a code: no 0/O, 1/I/L or U/V, which are mixed up on paper.
const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTWXYZ23456789";
/// Characters per code: 29^10, about 49 bits, against guessing.
const LENGTH: usize = 10;

/// A fresh code, as printed: `ABCDE-FGHJK`.
pub fn new_code() -> String {
    let mut rng = rand::rng();
    let mut out = String::with_capacity(LENGTH + 1);
    for i in 0..LENGTH {
        if i == LENGTH / 2 {
            out.push('-');
        }
        out.push(char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]));
    }
    out
}

/// Makes `count` different codes.
pub fn new_codes(count: usize) -> Vec<String> {
    let mut seen = std::collections::HashSet::with_capacity(count);
    let mut out = Vec::with_capacity(count);
    while out.len() < count {
        let code = new_code();
        if seen.insert(code.clone()) {
            out.push(code);
        }
    }
    out
}

/// The code in what a person typed, ignoring case, spaces and dashes;
/// `None` when it cannot be a code.
pub fn normalise(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (code.len() == LENGTH && code.bytes().all(|b| ALPHABET.contains(&b))).then_some(code)
}

/// What the database keeps: SHA-256 of the normalised code, as hex. A
/// database copy then holds no code that could still be used by reading it.
pub fn hash(normalised: &str) -> String {
    let digest = Sha256::digest(normalised.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_however_they_are_typed() {
        for code in new_codes(200) {
            let n = normalise(&code).expect("a made code is a code");
            assert_eq!(normalise(&code.to_lowercase()), Some(n.clone()));
            assert_eq!(normalise(&format!(" {} ", code.replace('-', " "))), Some(n));
        }
    }

    #[test]
    fn non_codes_are_refused() {
        for typed in ["", "ABCDE", "ABCDE-FGHJ0", "ABCDE-FGHJKL", "<script>"] {
            assert_eq!(normalise(typed), None, "{typed}");
        }
    }

    #[test]
    fn codes_differ_and_hashes_do_not_contain_them() {
        let codes = new_codes(1000);
        let set: std::collections::HashSet<_> = codes.iter().collect();
        assert_eq!(set.len(), 1000);
        let n = normalise(&codes[0]).unwrap();
        let h = hash(&n);
        assert_eq!(h.len(), 64);
        assert!(!h.to_uppercase().contains(&n));
    }
}
