//! Who is signed in: the session cookie (tower-sessions, stored in the
//! database so any instance can serve any request) and the extractors that
//! admit a signed-in account, or an administrator only.

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use rand::Rng;
use serde::{Deserialize, Serialize};
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, Session, SessionManagerLayer};

use super::AppState;
use super::error::AppError;
use super::lang;
use crate::auth::AccountRole;
use crate::i18n::{Lang, tr};
use crate::store::{Account, Sessions};

const COOKIE: &str = "trappa_sesjon";
/// What the session holds under this key: `SessionUser`.
const USER_KEY: &str = "user";
/// A session ends after this long without a request.
const IDLE_HOURS: i64 = 8;

/// The session's record of who signed in.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SessionUser {
    pub name: String,
    /// The account's password generation at sign-in (see `Account`).
    pub generation: i64,
    /// The token every form of this session carries (see `csrf`).
    pub csrf: String,
    /// The language the account chose with the switch, kept for its pages.
    #[serde(default)]
    pub lang: Option<Lang>,
}

/// Cookies are HttpOnly and SameSite=Strict; Secure when served over TLS.
pub fn layer(store: Sessions, secure: bool) -> SessionManagerLayer<Sessions> {
    SessionManagerLayer::new(store)
        .with_name(COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Strict)
        .with_secure(secure)
        .with_expiry(Expiry::OnInactivity(time::Duration::hours(IDLE_HOURS)))
}

/// Starts a signed-in session under a fresh id (no fixation), in the
/// language the login page was shown in.
pub async fn sign_in(session: &Session, account: &Account, lang: Lang) -> Result<(), AppError> {
    let csrf = format!("{:032x}", rand::rng().random::<u128>());
    session.cycle_id().await.map_err(internal)?;
    session
        .insert(
            USER_KEY,
            SessionUser {
                name: account.name.clone(),
                generation: account.generation,
                csrf,
                lang: Some(lang),
            },
        )
        .await
        .map_err(internal)
}

pub async fn sign_out(session: &Session) -> Result<(), AppError> {
    session.flush().await.map_err(internal)
}

/// Middleware: settles the request's language (see `lang`) and remembers a
/// signed-in account's explicit choice in its session.
pub async fn settle_lang(request: Request, next: Next) -> Response {
    let asked = lang::asked(request.uri());
    let session = request.extensions().get::<Session>().cloned();
    let remembered = match &session {
        Some(s) => remember_lang(s, asked).await,
        None => None,
    };
    let chosen = asked
        .or(remembered)
        .unwrap_or_else(|| lang::browser(request.headers()));
    lang::within(chosen, next.run(request)).await
}

/// A signed-in session's chosen language; an explicit choice (`asked`) is
/// remembered for the rest of the session. Anonymous sessions get nothing
/// stored, so no cookie is set for them.
pub async fn remember_lang(session: &Session, asked: Option<Lang>) -> Option<Lang> {
    let Ok(Some(mut user)) = session_user(session).await else {
        return None;
    };
    if asked.is_some() && asked != user.lang {
        user.lang = asked;
        if let Err(e) = session.insert(USER_KEY, &user).await {
            tracing::warn!(error = %e, "could not remember the language");
        }
    }
    user.lang
}

pub async fn session_user(session: &Session) -> Result<Option<SessionUser>, AppError> {
    session.get(USER_KEY).await.map_err(internal)
}

/// Where the notice of an action waits for the page it leads to.
const FLASH_KEY: &str = "flash";

/// Keeps `notice` for the next page the session reads it on (once).
pub async fn flash<T: serde::Serialize>(session: &Session, notice: &T) -> Result<(), AppError> {
    session.insert(FLASH_KEY, notice).await.map_err(internal)
}

/// The notice an action left, taken: a reload shows it no more.
pub async fn take_flash<T: serde::de::DeserializeOwned>(session: &Session) -> Option<T> {
    session.remove(FLASH_KEY).await.ok().flatten()
}

fn internal(e: tower_sessions::session::Error) -> AppError {
    AppError::Internal(anyhow::anyhow!("session: {e}"))
}

/// A signed-in account, checked against the database on every request, so
/// a removed account or a changed password ends its sessions at once.
pub struct SignedIn {
    pub account: Account,
    pub csrf: String,
}

/// What page templates show of the account (and the token forms carry).
#[derive(Serialize)]
pub struct UserView {
    name: String,
    role: &'static str,
    admin: bool,
    csrf: String,
}

impl SignedIn {
    pub fn is_admin(&self) -> bool {
        self.account.role == AccountRole::Administrator
    }

    pub fn view(&self) -> UserView {
        UserView {
            name: self.account.name.clone(),
            role: self.account.role.label(),
            admin: self.is_admin(),
            csrf: self.csrf.clone(),
        }
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(|(_, msg)| AppError::Internal(anyhow::anyhow!(msg)).into_response())?;
        let to_login = || {
            let next = parts
                .uri
                .path_and_query()
                .map(|p| p.as_str())
                .unwrap_or("/");
            Redirect::to(&format!("/login?next={}", super::urlencode(next))).into_response()
        };
        let Some(user) = session_user(&session)
            .await
            .map_err(IntoResponse::into_response)?
        else {
            return Err(to_login());
        };
        let account = state
            .store
            .account(&user.name)
            .await
            .map_err(|e| AppError::from(e).into_response())?;
        match account {
            Some(account) if account.generation == user.generation => Ok(SignedIn {
                account,
                csrf: user.csrf,
            }),
            _ => {
                sign_out(&session)
                    .await
                    .map_err(IntoResponse::into_response)?;
                Err(to_login())
            }
        }
    }
}

/// A signed-in administrator; other accounts get 403.
pub struct Admin(pub SignedIn);

impl FromRequestParts<AppState> for Admin {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let user = SignedIn::from_request_parts(parts, state).await?;
        if !user.is_admin() {
            return Err(AppError::Forbidden(tr(lang::current(), "admin-only")).into_response());
        }
        Ok(Admin(user))
    }
}
