//! The settings an administrator sets in the browser: the survey's public
//! address, who sends the invitations and whom to ask, the municipality's
//! SMTP relay and its OpenID provider. Kept in the store as keys and
//! values; an operator's environment variables win over them.

use std::str::FromStr;

/// The keys, as stored.
pub mod key {
    pub const PUBLIC_URL: &str = "public_url";
    pub const SENDER: &str = "sender_name";
    pub const CONTACT: &str = "contact";
    pub const SMTP_HOST: &str = "smtp_host";
    pub const SMTP_PORT: &str = "smtp_port";
    pub const SMTP_SECURITY: &str = "smtp_security";
    pub const SMTP_USER: &str = "smtp_user";
    pub const SMTP_PASSWORD: &str = "smtp_password";
    pub const SMTP_FROM: &str = "smtp_from";
    pub const OIDC_ISSUER: &str = "oidc_issuer";
    pub const OIDC_CLIENT_ID: &str = "oidc_client_id";
    pub const OIDC_CLIENT_SECRET: &str = "oidc_client_secret";
    pub const OIDC_CLAIM: &str = "oidc_claim";
    pub const OIDC_LABEL: &str = "oidc_label";
}

/// How trappa talks to the relay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// Plain SMTP, then STARTTLS (required): port 587.
    StartTls,
    /// TLS from the first byte: port 465.
    Tls,
    /// No encryption: only for a relay on the same machine or network.
    None,
}

impl Security {
    pub fn code(self) -> &'static str {
        match self {
            Security::StartTls => "starttls",
            Security::Tls => "tls",
            Security::None => "none",
        }
    }
}

impl FromStr for Security {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "starttls" => Ok(Security::StartTls),
            "tls" => Ok(Security::Tls),
            "none" => Ok(Security::None),
            _ => Err(()),
        }
    }
}

/// The municipality's SMTP relay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Smtp {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub user: Option<String>,
    pub password: Option<String>,
    /// The From address, e.g. `undersokelse@solvik.kommune.no`.
    pub from: String,
}

/// Which claim of the ID token names the trappa account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Claim {
    Email,
    PreferredUsername,
}

impl Claim {
    pub fn code(self) -> &'static str {
        match self {
            Claim::Email => "email",
            Claim::PreferredUsername => "preferred_username",
        }
    }
}

impl FromStr for Claim {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "email" => Ok(Claim::Email),
            "preferred_username" => Ok(Claim::PreferredUsername),
            _ => Err(()),
        }
    }
}

/// The municipality's OpenID Connect provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Oidc {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    pub claim: Claim,
    /// What the sign-in button says after "Logg inn med", e.g. "Solvik-konto".
    pub label: String,
}

/// Every setting, typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    pub public_url: Option<String>,
    pub sender: Option<String>,
    pub contact: Option<String>,
    pub smtp: Option<Smtp>,
    pub oidc: Option<Oidc>,
}

impl Settings {
    /// From the stored pairs, with `overrides` (an operator's environment)
    /// winning over them. A part missing what it needs is `None`.
    pub fn from_pairs(pairs: &[(String, String)], overrides: &[(String, String)]) -> Settings {
        let get = |k: &str| -> Option<String> {
            overrides
                .iter()
                .chain(pairs)
                .find(|(key, v)| key == k && !v.trim().is_empty())
                .map(|(_, v)| v.trim().to_string())
        };
        let smtp = get(key::SMTP_HOST)
            .zip(get(key::SMTP_FROM))
            .map(|(host, from)| {
                let security = get(key::SMTP_SECURITY)
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(Security::StartTls);
                Smtp {
                    host,
                    port: get(key::SMTP_PORT)
                        .and_then(|p| p.parse().ok())
                        .unwrap_or(default_port(security)),
                    security,
                    user: get(key::SMTP_USER),
                    password: get(key::SMTP_PASSWORD),
                    from,
                }
            });
        let oidc = match (
            get(key::OIDC_ISSUER),
            get(key::OIDC_CLIENT_ID),
            get(key::OIDC_CLIENT_SECRET),
        ) {
            (Some(issuer), Some(client_id), Some(client_secret)) => Some(Oidc {
                issuer,
                client_id,
                client_secret,
                claim: get(key::OIDC_CLAIM)
                    .and_then(|c| c.parse().ok())
                    .unwrap_or(Claim::Email),
                label: get(key::OIDC_LABEL).unwrap_or_default(),
            }),
            _ => None,
        };
        Settings {
            public_url: get(key::PUBLIC_URL),
            sender: get(key::SENDER),
            contact: get(key::CONTACT),
            smtp,
            oidc,
        }
    }

    /// Reads them from the store.
    pub async fn load(
        store: &dyn crate::store::Store,
        overrides: &[(String, String)],
    ) -> crate::store::Result<Settings> {
        Ok(Settings::from_pairs(&store.settings().await?, overrides))
    }
}

/// The relay's usual port for a kind of security.
pub fn default_port(security: Security) -> u16 {
    match security {
        Security::StartTls => 587,
        Security::Tls => 465,
        Security::None => 25,
    }
}

/// Why a value typed on the settings page is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// Not `http://` or `https://` with a host.
    NotAnAddress,
    NotAPort,
    NotAnEmail,
    /// Longer than `MAX_VALUE`.
    TooLong,
    ControlCharacters,
    /// A choice not offered.
    UnknownChoice,
    /// An issuer over plain http on another machine.
    NotHttps,
}

impl Problem {
    /// The Fluent message that says it.
    pub fn message_id(self) -> &'static str {
        match self {
            Problem::NotAnAddress => "settings-not-address",
            Problem::NotAPort => "settings-not-port",
            Problem::NotAnEmail => "settings-not-email",
            Problem::TooLong => "settings-too-long",
            Problem::ControlCharacters => "settings-control",
            Problem::UnknownChoice => "settings-unknown-choice",
            Problem::NotHttps => "settings-not-https",
        }
    }
}

/// The most a setting may hold.
pub const MAX_VALUE: usize = 300;

/// Checks one value typed for `key` (empty is always allowed: it clears
/// the setting).
pub fn check(k: &str, value: &str) -> Result<(), Problem> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(());
    }
    if value.chars().count() > MAX_VALUE {
        return Err(Problem::TooLong);
    }
    if value.chars().any(char::is_control) {
        return Err(Problem::ControlCharacters);
    }
    match k {
        key::PUBLIC_URL | key::OIDC_ISSUER => {
            let (secure, rest) = match value.strip_prefix("https://") {
                Some(rest) => (true, rest),
                None => (
                    false,
                    value.strip_prefix("http://").ok_or(Problem::NotAnAddress)?,
                ),
            };
            let host = rest.split('/').next().unwrap_or("");
            if host.is_empty() || host.contains(['@', ' ', '?', '#']) {
                return Err(Problem::NotAnAddress);
            }
            // The provider's keys and the client secret travel to and from
            // the issuer: in clear only on this machine.
            let name = host.rsplit_once(':').map_or(host, |(h, _)| h);
            let loopback = matches!(name, "localhost" | "[::1]") || name.starts_with("127.");
            if k == key::OIDC_ISSUER && !secure && !loopback {
                return Err(Problem::NotHttps);
            }
            Ok(())
        }
        key::SMTP_PORT => value
            .parse::<u16>()
            .ok()
            .filter(|&p| p > 0)
            .map(|_| ())
            .ok_or(Problem::NotAPort),
        key::SMTP_FROM => lettre::Address::from_str(value)
            .map(|_| ())
            .map_err(|_| Problem::NotAnEmail),
        key::SMTP_SECURITY => value
            .parse::<Security>()
            .map(|_| ())
            .map_err(|_| Problem::UnknownChoice),
        key::OIDC_CLAIM => value
            .parse::<Claim>()
            .map(|_| ())
            .map_err(|_| Problem::UnknownChoice),
        key::SMTP_HOST => {
            if value.contains(['/', ' ', '@']) {
                Err(Problem::NotAnAddress)
            } else {
                Ok(())
            }
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(kv: &[(&str, &str)]) -> Vec<(String, String)> {
        kv.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn parts_need_what_they_cannot_do_without_and_overrides_win() {
        let stored = pairs(&[
            (key::SMTP_HOST, "smtp.solvik.no"),
            (key::SMTP_FROM, "svar@solvik.no"),
            (key::SMTP_PASSWORD, "from-the-page"),
            (key::OIDC_ISSUER, "https://login.solvik.no"),
        ]);
        let s = Settings::from_pairs(&stored, &pairs(&[(key::SMTP_PASSWORD, "from-env")]));
        let smtp = s.smtp.unwrap();
        assert_eq!(smtp.port, 587);
        assert_eq!(smtp.security, Security::StartTls);
        assert_eq!(smtp.password.as_deref(), Some("from-env"));
        assert_eq!(s.oidc, None, "no client id or secret");
    }

    #[test]
    fn values_are_checked_by_their_key() {
        assert_eq!(
            check(key::PUBLIC_URL, "trappa.solvik.no"),
            Err(Problem::NotAnAddress)
        );
        assert_eq!(check(key::PUBLIC_URL, "https://trappa.solvik.no/"), Ok(()));
        assert_eq!(check(key::SMTP_PORT, "70000"), Err(Problem::NotAPort));
        assert_eq!(
            check(key::SMTP_FROM, "ikke en adresse"),
            Err(Problem::NotAnEmail)
        );
        assert_eq!(
            check(key::SENDER, "HR\u{7}"),
            Err(Problem::ControlCharacters)
        );
        assert_eq!(check(key::SENDER, &"x".repeat(301)), Err(Problem::TooLong));
        assert_eq!(check(key::SMTP_FROM, ""), Ok(()), "empty clears");
        assert_eq!(
            check(key::OIDC_ISSUER, "http://login.solvik.no"),
            Err(Problem::NotHttps)
        );
        assert_eq!(check(key::OIDC_ISSUER, "http://127.0.0.1:8080"), Ok(()));
        assert_eq!(
            check(key::OIDC_ISSUER, "http://localhost:8080/realms/x"),
            Ok(())
        );
        assert_eq!(
            check(key::OIDC_ISSUER, "https://login.microsoftonline.com/t/v2.0"),
            Ok(())
        );
    }
}
