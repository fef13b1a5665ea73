//! Accounts' roles, names and passwords (argon2 through `password-auth`).
//! Which reports a role may read is decided in `report::access`.

use rand::Rng;

/// An account's role. Staff who answer the survey have no account at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AccountRole {
    /// Everything: rounds, codes, raw responses, every report.
    Administrator,
    /// Reports for the units given to them, and for the municipality.
    Leader,
    /// Politicians: the summary report only.
    Reader,
}

impl AccountRole {
    pub fn key(self) -> &'static str {
        match self {
            AccountRole::Administrator => "administrator",
            AccountRole::Leader => "leader",
            AccountRole::Reader => "reader",
        }
    }

    pub fn parse(key: &str) -> Option<AccountRole> {
        match key {
            "administrator" | "admin" => Some(AccountRole::Administrator),
            "leader" | "leder" => Some(AccountRole::Leader),
            "reader" | "leser" => Some(AccountRole::Reader),
            _ => None,
        }
    }

    /// The role's name as users see it.
    pub fn label(self) -> &'static str {
        match self {
            AccountRole::Administrator => "administrator",
            AccountRole::Leader => "leder",
            AccountRole::Reader => "leser",
        }
    }
}

/// An account name: 1–64 characters of letters, digits, `.`, `_`, `-` and `@`.
pub fn check_name(name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && name.chars().count() <= 64
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "ugyldig brukernavn «{name}»: bruk 1–64 bokstaver, sifre, punktum, _, - eller @"
        ))
    }
}

/// Shortest password a person may choose.
pub const MIN_PASSWORD: usize = 10;

/// Words Norwegians often build passwords from, which the strength
/// estimator's (English) dictionaries do not know.
const COMMON_WORDS: &[&str] = &[
    "passord",
    "passordet",
    "hemmelig",
    "trappa",
    "kommune",
    "kommunen",
    "norge",
    "sommer",
    "vinter",
    "høst",
    "vår",
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
    "mandag",
    "fredag",
    "elsker",
    "jegelskerdeg",
    "kjæreste",
    "mamma",
    "pappa",
    "hallo",
    "heisann",
    "hei",
    "velkommen",
    "fotball",
    "rosenborg",
    "brann",
    "vålerenga",
    "admin",
    "administrator",
    "leder",
    "bruker",
    "skole",
    "barnehage",
    "helse",
    "sykehjem",
];

/// Why a password may not be chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WeakPassword {
    TooShort {
        min: usize,
    },
    /// A strength estimator (zxcvbn) rates it guessable in fewer than 10^8
    /// guesses: common words, names, years, keyboard rows, repeats.
    Guessable,
}

impl std::fmt::Display for WeakPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WeakPassword::TooShort { min } => write!(f, "passordet må ha minst {min} tegn"),
            WeakPassword::Guessable => write!(
                f,
                "passordet er for lett å gjette (vanlige ord og passord, navn, årstall, tallrekker og tasterader): velg for eksempel flere ord som ikke hører sammen"
            ),
        }
    }
}

impl std::error::Error for WeakPassword {}

/// Refuses a password that is short, common or easily guessed; `context`
/// holds words the account is known by (its name, the municipality).
pub fn check_password(password: &str, context: &[&str]) -> Result<(), WeakPassword> {
    if password.chars().count() < MIN_PASSWORD {
        return Err(WeakPassword::TooShort { min: MIN_PASSWORD });
    }
    let mut words: Vec<&str> = COMMON_WORDS.to_vec();
    words.extend_from_slice(context);
    // Rated as typed, and without its separators, which the estimator
    // counts as random characters.
    let lower = password.to_lowercase();
    let joined: String = lower.chars().filter(|c| c.is_alphanumeric()).collect();
    for candidate in [&lower, &joined] {
        if u8::from(zxcvbn::zxcvbn(candidate, &words).score()) < 3 {
            return Err(WeakPassword::Guessable);
        }
    }
    Ok(())
}

/// An argon2 hash in PHC format, with its own salt.
pub fn hash_password(password: &str) -> String {
    password_auth::generate_hash(password)
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    password_auth::verify_password(password, hash).is_ok()
}

/// A hash that no password matches: checked against when the account does
/// not exist, so a wrong name takes as long as a wrong password.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("ingen konto har dette passordet"))
}

/// A new account's first generation: random, so that removing an account
/// and adding one with the same name never revives the old one's sessions.
pub fn new_generation() -> i64 {
    i64::from(rand::rng().random::<u32>())
}

/// A password to hand out: 20 characters (about 100 bits) in four groups,
/// without characters that are easy to mix up when read aloud or copied.
pub fn new_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rng();
    let mut out = String::with_capacity(23);
    for i in 0..20 {
        if i > 0 && i % 5 == 0 {
            out.push('-');
        }
        out.push(char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        let hash = hash_password("riktig hest batteri");
        assert!(hash.starts_with("$argon2"));
        assert!(verify_password("riktig hest batteri", &hash));
        assert!(!verify_password("feil", &hash));
        assert!(!verify_password("riktig hest batteri", dummy_hash()));
    }

    #[test]
    fn handed_out_passwords_are_long_and_differ() {
        let (a, b) = (new_password(), new_password());
        assert_eq!(a.len(), 23);
        assert!(check_password(&a, &[]).is_ok());
        assert_ne!(a, b);
    }

    #[test]
    fn common_and_guessable_passwords_are_refused() {
        for weak in [
            "passord123",
            "Passord123!",
            "sommer2026",
            "qwertyuiop",
            "1234567890",
            "solvik2026",
            "aaaaaaaaaaaa",
        ] {
            assert_eq!(
                check_password(weak, &["kari", "solvik"]),
                Err(WeakPassword::Guessable),
                "{weak}"
            );
        }
        assert_eq!(
            check_password("kort", &[]),
            Err(WeakPassword::TooShort { min: MIN_PASSWORD })
        );
        for strong in [
            "riktig hest batteri stift",
            "blåbær-kanon-tretten-fjord",
            "kari-Fjellrev-Kobber-72",
        ] {
            assert_eq!(
                check_password(strong, &["kari", "solvik"]),
                Ok(()),
                "{strong}"
            );
        }
    }

    #[test]
    fn names_are_checked() {
        assert!(check_name("kari.nordmann@solvik.kommune.no").is_ok());
        assert!(check_name("").is_err());
        assert!(check_name("a b").is_err());
        assert!(check_name("<script>").is_err());
    }
}
