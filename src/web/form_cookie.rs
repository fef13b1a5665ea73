//! The stepped form's token on the person's own device, so that each screen
//! is an address of its own (post, redirect, get) and the phone's back
//! button goes to the screen before with its answers, as "Tilbake" does.
//! A cookie, not the address: no link, history entry, log line or other
//! site sees it. One per round, for that round's form only; HttpOnly;
//! SameSite=Lax, so that a link from an e-mail still opens the form; behind
//! https a `__Host-` cookie, which no other site of the same domain can set
//! or shadow. It lasts an hour after the last screen at most (a form left
//! on a shared tablet does not wait for the next person) and is removed
//! when the answer is sent. It holds the form's random token and, for a
//! form opened with an invitation code, the code: nothing the page did not
//! hold already.

use axum::http::{HeaderMap, HeaderValue, header};

/// The value of the cookie `name` the request carries, if it carries
/// exactly one: with two, one was planted (by another site of the same
/// domain over plain http, say), so neither is trusted.
pub fn only_cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    let mut values = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(n, _)| *n == name)
        .map(|(_, value)| value);
    let value = values.next()?;
    values.next().is_none().then_some(value)
}

/// Seconds the cookie lasts after the last screen shown.
pub const LIFETIME: u32 = 3600;

/// What the cookie holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormCookie {
    pub token: String,
    /// The invitation code as printed (`ABCDE-FGHJK`).
    pub code: Option<String>,
}

impl FormCookie {
    /// A cookie for `token`, with `code` if it is a well-formed code (what
    /// a post carries is not trusted to be one).
    pub fn new(token: &str, code: Option<&str>) -> FormCookie {
        FormCookie {
            token: token.to_string(),
            code: code.and_then(shown_code),
        }
    }

    /// The cookie of round `round_id`'s form the request carries, if it
    /// carries exactly one and it is well formed.
    pub fn read(
        headers: &HeaderMap,
        round_id: &str,
        secure: bool,
        is_token: impl Fn(&str) -> bool,
    ) -> Option<FormCookie> {
        let value = only_cookie(headers, &name(round_id, secure))?;
        let (token, code) = match value.split_once('.') {
            Some((token, code)) => (token, Some(code)),
            None => (value, None),
        };
        if !is_token(token) {
            return None;
        }
        let code = match code {
            Some(c) => Some(shown_code(c)?),
            None => None,
        };
        Some(FormCookie {
            token: token.to_string(),
            code,
        })
    }

    /// `Set-Cookie` for the form of round `round_id`.
    pub fn set(&self, round_id: &str, secure: bool) -> HeaderValue {
        let value = match &self.code {
            Some(code) => format!("{}.{code}", self.token),
            None => self.token.clone(),
        };
        header_value(&format!(
            "{}={value}; Max-Age={LIFETIME}; {}",
            name(round_id, secure),
            attributes(round_id, secure)
        ))
    }

    /// `Set-Cookie` that removes the cookie: the answer is sent, or the
    /// form it named is gone.
    pub fn clear(round_id: &str, secure: bool) -> HeaderValue {
        header_value(&format!(
            "{}=; Max-Age=0; {}",
            name(round_id, secure),
            attributes(round_id, secure)
        ))
    }
}

/// The cookie's name: one per round (round ids are a–z, 0–9, _ and -).
fn name(round_id: &str, secure: bool) -> String {
    let prefix = if secure { "__Host-" } else { "" };
    format!("{prefix}trappa_skjema_{round_id}")
}

/// Behind https, a `__Host-` cookie must have `Path=/` and `Secure`; over
/// plain http (a test server, a laptop) it keeps to the round's form.
fn attributes(round_id: &str, secure: bool) -> String {
    if secure {
        "Path=/; HttpOnly; SameSite=Lax; Secure".to_string()
    } else {
        format!("Path=/s/{round_id}; HttpOnly; SameSite=Lax")
    }
}

/// A code as printed, if `typed` is one.
fn shown_code(typed: &str) -> Option<String> {
    let code = crate::invite::normalise(typed)?;
    Some(format!("{}-{}", &code[..5], &code[5..]))
}

fn header_value(text: &str) -> HeaderValue {
    HeaderValue::from_str(text).expect("a token, a checked code and a round id are plain ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(t: &str) -> bool {
        t.len() == 32 && t.bytes().all(|b| b.is_ascii_hexdigit())
    }

    fn headers(cookie: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_str(cookie).unwrap());
        h
    }

    const T: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn a_cookie_reads_back_and_nothing_else_passes_for_one() {
        let with_code = FormCookie::new(T, Some("abcde fghjk"));
        assert_eq!(with_code.code.as_deref(), Some("ABCDE-FGHJK"));
        let set = with_code.set("2026", true);
        let set = set.to_str().unwrap();
        assert!(set.starts_with("__Host-trappa_skjema_2026="), "{set}");
        assert!(set.contains("Max-Age=3600; Path=/; HttpOnly; SameSite=Lax; Secure"));
        let sent = set.split(';').next().unwrap();
        assert_eq!(
            FormCookie::read(&headers(&format!("a=b; {sent}")), "2026", true, token),
            Some(with_code)
        );
        // Another round's cookie, a bad token, a bad code: none.
        assert_eq!(FormCookie::read(&headers(sent), "2027", true, token), None);
        for bad in [
            "trappa_skjema_2026=nope",
            "trappa_skjema_2026=0123456789abcdef0123456789abcdef.x",
            "other=0123456789abcdef0123456789abcdef",
        ] {
            assert_eq!(
                FormCookie::read(&headers(bad), "2026", false, token),
                None,
                "{bad}"
            );
        }
        // Two cookies of the name: one was planted; neither is taken.
        let two = format!(
            "trappa_skjema_2026={T}; trappa_skjema_2026={}",
            "f".repeat(32)
        );
        assert_eq!(FormCookie::read(&headers(&two), "2026", false, token), None);
        assert!(
            FormCookie::clear("2026", false)
                .to_str()
                .unwrap()
                .starts_with("trappa_skjema_2026=; Max-Age=0; Path=/s/2026")
        );
    }

    #[test]
    fn a_posted_code_that_is_not_one_never_reaches_the_header() {
        for forged in [
            "\n",
            "x; Max-Age=99999999",
            "ABCDE-FGHJK\r\nSet-Cookie: a=b",
        ] {
            let cookie = FormCookie::new(T, Some(forged));
            assert_eq!(cookie.code, None, "{forged:?}");
            let set = cookie.set("2026", false);
            assert!(!set.to_str().unwrap().contains("99999999"));
        }
    }
}
