//! The language of a request: `?lang=nn` when the page asks (the visible
//! switch), then the language a signed-in account chose earlier (kept in
//! its session), then the browser's `Accept-Language`, then bokmål. Staff
//! who answer get no cookie for it: their choice travels in the form.
//!
//! The session's middleware (`session::settle_lang`) settles it once per
//! request; handlers and error pages read it with `current()`, the one way
//! it arrives.

use axum::http::{HeaderMap, Uri, header};

use crate::i18n::Lang;

tokio::task_local! {
    static REQUEST_LANG: Lang;
}

/// The language of the request being handled (bokmål outside a request).
pub fn current() -> Lang {
    REQUEST_LANG.try_with(|l| *l).unwrap_or(Lang::Nb)
}

/// Runs `handling` with `lang` as the request's language.
pub async fn within<F: std::future::Future>(lang: Lang, handling: F) -> F::Output {
    REQUEST_LANG.scope(lang, handling).await
}

/// `?lang=` in the address, if it names a language we speak.
pub fn asked(uri: &Uri) -> Option<Lang> {
    uri.query().and_then(|q| {
        form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "lang")
            .and_then(|(_, v)| Lang::parse(&v))
    })
}

pub fn browser(headers: &HeaderMap) -> Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::negotiate)
        .unwrap_or(Lang::Nb)
}
