//! The web layer's one error type: each variant is a plain page in
//! Norwegian with the right status; internals are logged, never shown.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Closed(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Unavailable(String),
    #[error("{0}")]
    TooLarge(String),
    /// Signed in, but not allowed (wrong role or unit), or a forged form.
    #[error("{0}")]
    Forbidden(String),
    /// A rate limit: too many attempts from one account or address.
    #[error("{0}")]
    TooMany(String),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<crate::store::StoreError> for AppError {
    fn from(e: crate::store::StoreError) -> Self {
        AppError::Internal(e.into())
    }
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, heading, text) = match &self {
            AppError::NotFound(t) => (StatusCode::NOT_FOUND, "Fant ikke siden", t.clone()),
            AppError::Closed(t) => (StatusCode::FORBIDDEN, "Undersøkelsen er stengt", t.clone()),
            AppError::BadRequest(t) => (StatusCode::BAD_REQUEST, "Ugyldig forespørsel", t.clone()),
            AppError::Unavailable(t) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "Ikke tilgjengelig",
                t.clone(),
            ),
            AppError::TooLarge(t) => (StatusCode::PAYLOAD_TOO_LARGE, "For stort", t.clone()),
            AppError::Forbidden(t) => (StatusCode::FORBIDDEN, "Ingen tilgang", t.clone()),
            AppError::TooMany(t) => (StatusCode::TOO_MANY_REQUESTS, "For mange forsøk", t.clone()),
            AppError::Internal(e) => {
                tracing::error!(error = %format!("{e:#}"), "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Noe gikk galt",
                    "En feil hos oss hindret dette. Svaret ditt er ikke lagret; prøv igjen om litt.".to_string(),
                )
            }
        };
        let body = super::render::render("message.html", minijinja::context! { heading, text })
            .unwrap_or_else(|_| format!("<h1>{heading}</h1>"));
        (status, Html(body)).into_response()
    }
}
