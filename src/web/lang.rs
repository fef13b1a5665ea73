//! The language of a page: `?lang=nn` when the page asks (the visible
//! switch), otherwise the browser's `Accept-Language`, otherwise bokmål.
//! No cookie: staff who answer get none.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Uri, header};

use crate::i18n::Lang;

/// The negotiated language, as an extractor.
pub struct PageLang(pub Lang);

impl<S: Sync> FromRequestParts<S> for PageLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(PageLang(negotiate(&parts.uri, &parts.headers)))
    }
}

/// The language for a request's address and headers (see the module doc).
pub fn negotiate(uri: &Uri, headers: &HeaderMap) -> Lang {
    {
        let asked = uri.query().and_then(|q| {
            form_urlencoded::parse(q.as_bytes())
                .find(|(k, _)| k == "lang")
                .and_then(|(_, v)| Lang::parse(&v))
        });
        let browser = || {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .map(Lang::negotiate)
                .unwrap_or(Lang::Nb)
        };
        asked.unwrap_or_else(browser)
    }
}
