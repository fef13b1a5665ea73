//! Cross-site request forgery, stopped twice over. Every state-changing
//! request must come from our own pages: browsers say where a request comes
//! from (`Sec-Fetch-Site`, `Origin`), and a cross-site one is refused. On top
//! of that, every form of a signed-in session carries the session's secret
//! token (`_csrf`), checked before the handler runs.
//!
//! The token lives in the session that tower-sessions already keeps in the
//! database, so the check is a comparison; a separate CSRF crate would add a
//! second cookie and a signing key that every instance must share.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

use super::AppState;
use super::error::AppError;
use super::lang::current;
use super::session::session_user;
use crate::i18n::{Lang, tr};

fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn forged(lang: Lang) -> Response {
    AppError::localized(
        StatusCode::FORBIDDEN,
        lang,
        "page-forbidden",
        tr(lang, "form-forged"),
    )
    .into_response()
}

/// Whether the browser says the request comes from another site. Without
/// `Sec-Fetch-Site` (older Safari), `Origin` must be the public address, or
/// the host the request was sent to (as the proxy passed it on).
fn cross_site(headers: &HeaderMap, public_origin: Option<&str>, trust_proxy: bool) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        return !matches!(site.as_bytes(), b"same-origin" | b"none");
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        // No word from a browser: not a browser, so not a forged request.
        return false;
    };
    if public_origin == Some(origin.trim_end_matches('/')) {
        return false;
    }
    let Some((_, origin_host)) = origin.split_once("://") else {
        return true;
    };
    let host = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let same = host(header::HOST.as_str()) == Some(origin_host)
        || (trust_proxy && host("x-forwarded-host") == Some(origin_host));
    !same
}

/// Layer for the whole app: refuses state-changing requests from other sites.
pub async fn same_origin(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let public = state.public_origin.as_deref();
    if changes_state(request.method()) && cross_site(request.headers(), public, state.trust_proxy) {
        return forged(current());
    }
    next.run(request).await
}

/// Route layer for signed-in pages: a state-changing request must carry the
/// session's token in its form. Requests without a signed-in session pass
/// on, to be sent to the login page by the handler's extractor.
pub async fn session_token(session: Session, request: Request, next: Next) -> Response {
    if !changes_state(request.method()) {
        return next.run(request).await;
    }
    let user = match session_user(&session).await {
        Ok(Some(user)) => user,
        Ok(None) => return next.run(request).await,
        Err(e) => return e.into_response(),
    };
    // The token is read from the body only, never from the address (which
    // history and proxy logs keep): a form's field, or a file upload's.
    let boundary = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| multer::parse_boundary(v).ok());
    let (limit, too_large) = match boundary {
        Some(_) => (super::upload::MAX_UPLOAD, "upload-too-large"),
        None => (super::BODY_LIMIT, "form-too-large"),
    };
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, limit).await else {
        return AppError::TooLarge(tr(current(), too_large)).into_response();
    };
    let sent = match boundary {
        Some(boundary) => multipart_token(bytes.clone(), boundary).await,
        None => form_urlencoded::parse(&bytes)
            .find(|(k, _)| k == "_csrf")
            .map(|(_, v)| v.into_owned()),
    };
    match sent {
        Some(t) if super::constant_time_eq(t.as_bytes(), user.csrf.as_bytes()) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        _ => forged(current()),
    }
}

/// The `_csrf` field of a multipart body (the upload form sends it first).
async fn multipart_token(bytes: axum::body::Bytes, boundary: String) -> Option<String> {
    let body = futures_util::stream::once(async move { Ok::<_, std::convert::Infallible>(bytes) });
    let mut fields = multer::Multipart::new(body, boundary);
    while let Ok(Some(field)) = fields.next_field().await {
        if field.name() == Some("_csrf") {
            return field.text().await.ok();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    fn cross(pairs: &[(&'static str, &'static str)]) -> bool {
        cross_site(&headers(pairs), None, false)
    }

    #[test]
    fn requests_from_other_sites_are_recognised() {
        assert!(cross(&[("sec-fetch-site", "cross-site")]));
        assert!(cross(&[("sec-fetch-site", "same-site")]));
        assert!(!cross(&[("sec-fetch-site", "same-origin")]));
        assert!(cross(&[
            ("origin", "https://evil.example"),
            ("host", "trappa.solvik.no")
        ]));
        assert!(cross(&[("origin", "null"), ("host", "a")]));
        assert!(!cross(&[
            ("origin", "https://trappa.solvik.no"),
            ("host", "trappa.solvik.no")
        ]));
        assert!(!cross(&[("host", "trappa.solvik.no")]));
    }

    #[test]
    fn behind_a_proxy_the_public_address_counts() {
        // nginx passing on Host as 127.0.0.1:3000, an old Safari sending Origin only.
        let h = headers(&[
            ("origin", "https://trappa.solvik.no"),
            ("host", "127.0.0.1:3000"),
            ("x-forwarded-host", "trappa.solvik.no"),
        ]);
        assert!(cross_site(&h, None, false));
        assert!(!cross_site(&h, Some("https://trappa.solvik.no"), false));
        assert!(!cross_site(&h, None, true));
        assert!(cross_site(&h, Some("https://annen.no"), false));
    }
}
