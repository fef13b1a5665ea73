//! The stepped form's token on the person's own device, so that each screen
//! is an address of its own (post, redirect, get) and the phone's back
//! button goes to the screen before with its answers, as "Tilbake" does.
//! A cookie, not the address: no link, history entry, log line or other
//! site sees it (HttpOnly; only this round's form; SameSite=Lax, so that a
//! link from an e-mail still opens the form). It lasts for the browser
//! session at most, is removed when the answer is sent, and holds the
//! form's random token and, for a form opened with an invitation code, the
//! code: nothing the page did not hold already.

use axum::http::{HeaderMap, HeaderValue, header};

const NAME: &str = "trappa_skjema";

/// What the cookie holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormCookie {
    pub token: String,
    /// The invitation code as printed (`ABCDE-FGHJK`).
    pub code: Option<String>,
}

impl FormCookie {
    /// The cookie the request carries, if it is well formed.
    pub fn read(headers: &HeaderMap, is_token: impl Fn(&str) -> bool) -> Option<FormCookie> {
        let value = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == NAME)
            .map(|(_, value)| value)?;
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
        header_value(&format!("{NAME}={value}; {}", attributes(round_id, secure)))
    }

    /// `Set-Cookie` that removes the cookie: the answer is sent.
    pub fn clear(round_id: &str, secure: bool) -> HeaderValue {
        header_value(&format!(
            "{NAME}=; Max-Age=0; {}",
            attributes(round_id, secure)
        ))
    }
}

/// A code as printed, if `typed` is one.
fn shown_code(typed: &str) -> Option<String> {
    let code = crate::invite::normalise(typed)?;
    Some(format!("{}-{}", &code[..5], &code[5..]))
}

fn attributes(round_id: &str, secure: bool) -> String {
    // Round ids are a–z, 0–9, _ and -: safe in a path as they are.
    let secure = if secure { "; Secure" } else { "" };
    format!("Path=/s/{round_id}; HttpOnly; SameSite=Lax{secure}")
}

fn header_value(text: &str) -> HeaderValue {
    HeaderValue::from_str(text).expect("a token, a code and a round id are plain ASCII")
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

    #[test]
    fn a_cookie_reads_back_and_nothing_else_passes_for_one() {
        let t = "0123456789abcdef0123456789abcdef";
        let with_code = FormCookie {
            token: t.into(),
            code: Some("ABCDE-FGHJK".into()),
        };
        let set = with_code.set("2026", true);
        let set = set.to_str().unwrap();
        assert!(set.contains("Path=/s/2026; HttpOnly; SameSite=Lax; Secure"));
        assert!(
            !set.contains("Max-Age") && !set.contains("Expires"),
            "{set}"
        );
        let sent = set.split(';').next().unwrap();
        assert_eq!(
            FormCookie::read(&headers(&format!("a=b; {sent}")), token),
            Some(with_code)
        );
        for bad in [
            "trappa_skjema=nope",
            "trappa_skjema=0123456789abcdef0123456789abcdef.x",
            "other=0123456789abcdef0123456789abcdef",
        ] {
            assert_eq!(FormCookie::read(&headers(bad), token), None, "{bad}");
        }
        assert!(
            FormCookie::clear("2026", false)
                .to_str()
                .unwrap()
                .starts_with("trappa_skjema=; Max-Age=0; Path=/s/2026")
        );
    }
}
