//! The web layer's one error type: each variant is a plain page with the
//! right status, headed in the request's language (`lang::current`);
//! internals are logged, never shown.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::i18n::{Lang, tr, tr_args};
use crate::store::StoreError;

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
    /// Busy: try again after this many seconds (a 503 with Retry-After).
    #[error("{text}")]
    Busy { text: String, retry_after: u32 },
    /// Signed in, but not allowed (wrong role or unit), or a forged form.
    #[error("{0}")]
    Forbidden(String),
    /// A rate limit: too many attempts from one account or address.
    #[error("{0}")]
    TooMany(String),
    /// A page for the staff, in their language (see `localized`).
    #[error("{text}")]
    Localized {
        status: StatusCode,
        lang: Lang,
        heading: String,
        text: String,
        /// A sentence and the address it leads to, under the text.
        link: Option<(String, String)>,
    },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    /// An error page in `lang`: the heading from `heading_key`, and `text`.
    pub fn localized(status: StatusCode, lang: Lang, heading_key: &str, text: String) -> AppError {
        AppError::Localized {
            status,
            lang,
            heading: tr(lang, heading_key),
            text,
            link: None,
        }
    }

    /// The page with `intro` and a link to `href` (shown as the address).
    pub fn with_link(self, intro: String, href: String) -> AppError {
        match self {
            AppError::Localized {
                status,
                lang,
                heading,
                text,
                ..
            } => AppError::Localized {
                status,
                lang,
                heading,
                text,
                link: Some((intro, href)),
            },
            other => other,
        }
    }

    /// The page for a round id that does not exist.
    pub fn round_not_found(lang: Lang, id: &str) -> AppError {
        AppError::NotFound(tr_args(lang, "round-not-found", &[("id", id.into())]))
    }
}

/// What the store refuses, in the page's language; the rest is internal.
impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        let lang = super::lang::current();
        match e {
            StoreError::RoundNotFound { id } => AppError::round_not_found(lang, &id),
            StoreError::UnitNotFound { round, unit } => AppError::NotFound(tr_args(
                lang,
                "unit-not-found",
                &[("round", round.into()), ("unit", unit.into())],
            )),
            StoreError::AccountNotFound { name } => {
                AppError::NotFound(tr_args(lang, "account-not-found", &[("name", name.into())]))
            }
            StoreError::RoundNotOpen { .. } => AppError::BadRequest(tr(lang, "mail-closed")),
            StoreError::RoundExists { id } => {
                AppError::BadRequest(tr_args(lang, "admin-new-name-taken", &[("id", id.into())]))
            }
            StoreError::AccountExists { name } => {
                AppError::BadRequest(tr_args(lang, "account-exists", &[("name", name.into())]))
            }
            StoreError::LastAdministrator { .. } => {
                AppError::BadRequest(tr(lang, "accounts-last-admin"))
            }
            StoreError::AreaNotFound { .. } => {
                AppError::NotFound(tr(lang, "follow-up-area-not-found"))
            }
            StoreError::MeasureNotFound { .. } => {
                AppError::NotFound(tr(lang, "follow-up-measure-not-found"))
            }
            StoreError::SheetNotFound { .. } => AppError::NotFound(tr(lang, "sheet-not-found")),
            StoreError::AreaExists { round } => AppError::BadRequest(tr_args(
                lang,
                "follow-up-area-exists",
                &[("round", round.into())],
            )),
            other => AppError::Internal(other.into()),
        }
    }
}

impl From<crate::csvio::ExportError> for AppError {
    fn from(e: crate::csvio::ExportError) -> Self {
        match e {
            crate::csvio::ExportError::Store(e) => e.into(),
            write => AppError::Internal(write.into()),
        }
    }
}

/// The line of hashes is full: come back in a moment.
impl From<super::hash_pool::Full> for AppError {
    fn from(_: super::hash_pool::Full) -> Self {
        AppError::Busy {
            text: crate::i18n::tr(super::lang::current(), "page-busy-text"),
            retry_after: super::hash_pool::RETRY_AFTER,
        }
    }
}

impl From<minijinja::Error> for AppError {
    fn from(e: minijinja::Error) -> Self {
        AppError::Internal(anyhow::anyhow!("template: {e:#}"))
    }
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let lang = super::lang::current();
        let plain = |status, heading_key: &str, text: &String| {
            (status, tr(lang, heading_key), text.clone(), lang.code())
        };
        let (status, heading, text, lang) = match &self {
            AppError::NotFound(t) => plain(StatusCode::NOT_FOUND, "page-not-found", t),
            AppError::Closed(t) => plain(StatusCode::FORBIDDEN, "page-closed", t),
            AppError::BadRequest(t) => plain(StatusCode::BAD_REQUEST, "page-bad-request", t),
            AppError::Unavailable(t) => {
                plain(StatusCode::SERVICE_UNAVAILABLE, "page-unavailable", t)
            }
            AppError::TooLarge(t) => plain(StatusCode::PAYLOAD_TOO_LARGE, "page-too-large", t),
            AppError::Busy { text, .. } => {
                plain(StatusCode::SERVICE_UNAVAILABLE, "page-unavailable", text)
            }
            AppError::Forbidden(t) => plain(StatusCode::FORBIDDEN, "page-forbidden", t),
            AppError::TooMany(t) => plain(StatusCode::TOO_MANY_REQUESTS, "page-too-many", t),
            AppError::Localized {
                status,
                lang,
                heading,
                text,
                ..
            } => (*status, heading.clone(), text.clone(), lang.code()),
            AppError::Internal(e) => {
                tracing::error!(error = %format!("{e:#}"), "request failed");
                plain(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "page-internal",
                    &tr(lang, "page-internal-text"),
                )
            }
        };
        let link = match &self {
            AppError::Localized { link, .. } => link.clone(),
            _ => None,
        };
        let body = super::render::render(
            "message.html",
            minijinja::context! { heading, text, lang, link },
        )
        .unwrap_or_else(|_| format!("<h1>{heading}</h1>"));
        let mut response = (status, Html(body)).into_response();
        if let AppError::Busy { retry_after, .. } = &self {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(*retry_after),
            );
        }
        response
    }
}
