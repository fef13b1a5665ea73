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

/// What the database keeps: argon2id of the normalised code, as `a2:` and
/// hex. A database copy then holds no code that could still be used, and
/// since each guess costs tens of milliseconds and 19 MiB, trying the 29^10
/// possible codes against a stolen copy takes hundreds of thousands of CPU
/// years (SHA-256, which earlier versions kept, takes days). The salt is
/// fixed, since a code is looked up by its hash.
pub fn hash(normalised: &str) -> String {
    use argon2::{Algorithm, Argon2, Params, Version};
    let params = Params::new(19 * 1024, 2, 1, Some(32)).expect("valid argon2 parameters");
    let mut out = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(normalised.as_bytes(), b"trappa invitasjonskode", &mut out)
        .expect("a code and the salt fit argon2");
    format!("a2:{}", hex(&out))
}

/// The hash earlier versions kept (SHA-256), so that letters printed
/// before still work; new codes never get it.
pub fn legacy_hash(normalised: &str) -> String {
    hex(&Sha256::digest(normalised.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
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
        assert_eq!(h.len(), 3 + 64);
        assert!(h.starts_with("a2:"));
        assert!(!h.to_uppercase().contains(&n));
        assert_eq!(hash(&n), h, "a code is found by its hash");
        assert_ne!(h[3..], legacy_hash(&n));
    }
}
