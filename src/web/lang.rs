//! The language of a request: `?lang=nn` when the page asks (the visible
//! switch), then the language a signed-in account chose earlier (kept in
//! its session), then the browser's `Accept-Language`, then bokmål. Staff
//! who answer get no cookie for it: their choice travels in the form.
//!
//! The `scope` middleware settles it once per request; handlers read it with
//! the `PageLang` extractor, and error pages with `current()`.

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Uri, header};
use axum::middleware::Next;
use axum::response::Response;
use tower_sessions::Session;

use super::session;
use crate::i18n::Lang;

tokio::task_local! {
    static REQUEST_LANG: Lang;
}

/// The language of the request being handled (bokmål outside a request).
pub fn current() -> Lang {
    REQUEST_LANG.try_with(|l| *l).unwrap_or(Lang::Nb)
}

/// The request's language, as an extractor.
pub struct PageLang(pub Lang);

impl<S: Sync> FromRequestParts<S> for PageLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(PageLang(
            REQUEST_LANG
                .try_with(|l| *l)
                .unwrap_or_else(|_| negotiate(&parts.uri, &parts.headers)),
        ))
    }
}

/// Middleware: settles the request's language (see the module doc) and
/// remembers a signed-in account's explicit choice in its session.
pub async fn scope(request: Request, next: Next) -> Response {
    let asked = asked(request.uri());
    let session = request.extensions().get::<Session>().cloned();
    let remembered = match &session {
        Some(s) => session::remember_lang(s, asked).await,
        None => None,
    };
    let lang = asked
        .or(remembered)
        .unwrap_or_else(|| browser(request.headers()));
    REQUEST_LANG.scope(lang, next.run(request)).await
}

/// `?lang=` in the address, if it names a language we speak.
fn asked(uri: &Uri) -> Option<Lang> {
    uri.query().and_then(|q| {
        form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "lang")
            .and_then(|(_, v)| Lang::parse(&v))
    })
}

fn browser(headers: &HeaderMap) -> Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::negotiate)
        .unwrap_or(Lang::Nb)
}

/// The language for an address and headers alone (no session).
pub fn negotiate(uri: &Uri, headers: &HeaderMap) -> Lang {
    asked(uri).unwrap_or_else(|| browser(headers))
}
