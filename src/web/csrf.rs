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
use axum::extract::Request;
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_sessions::Session;

use super::error::AppError;
use super::session::session_user;

fn changes_state(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn forged() -> Response {
    AppError::Forbidden(
        "Skjemaet ble sendt fra en annen side enn trappa, eller det er for gammelt. Last inn siden på nytt og prøv igjen."
            .into(),
    )
    .into_response()
}

/// Whether the browser says the request comes from another site.
fn cross_site(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        return !matches!(site.as_bytes(), b"same-origin" | b"none");
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        // No word from a browser: not a browser, so not a forged request.
        return false;
    };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let origin_host = origin.split_once("://").map(|(_, h)| h);
    origin_host.is_none() || origin_host != host
}

/// Layer for the whole app: refuses state-changing requests from other sites.
pub async fn same_origin(request: Request, next: Next) -> Response {
    if changes_state(request.method()) && cross_site(request.headers()) {
        return forged();
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
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, super::BODY_LIMIT).await else {
        return AppError::TooLarge("Skjemaet er for stort.".into()).into_response();
    };
    let sent = form_urlencoded::parse(&bytes)
        .find(|(k, _)| k == "_csrf")
        .map(|(_, v)| v.into_owned());
    match sent {
        Some(t) if super::constant_time_eq(t.as_bytes(), user.csrf.as_bytes()) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        _ => forged(),
    }
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

    #[test]
    fn requests_from_other_sites_are_recognised() {
        assert!(cross_site(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(cross_site(&headers(&[("sec-fetch-site", "same-site")])));
        assert!(!cross_site(&headers(&[("sec-fetch-site", "same-origin")])));
        assert!(cross_site(&headers(&[
            ("origin", "https://evil.example"),
            ("host", "trappa.solvik.no")
        ])));
        assert!(cross_site(&headers(&[("origin", "null"), ("host", "a")])));
        assert!(!cross_site(&headers(&[
            ("origin", "https://trappa.solvik.no"),
            ("host", "trappa.solvik.no")
        ])));
        assert!(!cross_site(&headers(&[("host", "trappa.solvik.no")])));
    }
}
