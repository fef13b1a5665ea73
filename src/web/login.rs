//! Login and logout. A failed login names neither which part was wrong nor
//! whether the account exists, takes as long either way, and counts towards
//! the rate limit in `limits`.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use tower_sessions::Session;

use super::AppState;
use super::error::Result;
use super::lang::current;
use super::limits;
use super::render::render;
use super::session::{SignedIn, sign_in, sign_out};
use crate::auth::{self, AccountRole};
use crate::i18n::tr;

pub fn router() -> Router<AppState> {
    Router::new().route("/login", get(login_page).post(login))
}

/// Logout needs the session's form token, so it sits behind that layer.
pub fn signed_in_router() -> Router<AppState> {
    Router::new().route("/logout", post(logout))
}

#[derive(Deserialize, Default)]
struct Next {
    next: Option<String>,
}

/// Only a path on this site: never an address elsewhere (no open redirect).
fn local(next: Option<&str>) -> Option<&str> {
    next.filter(|n| {
        n.starts_with('/')
            && !n.starts_with("//")
            && n.bytes().all(|b| (0x21..=0x7e).contains(&b) && b != b'\\')
    })
}

async fn login_page(State(state): State<AppState>, Query(q): Query<Next>) -> Result<Html<String>> {
    let lang = current();
    let next = local(q.next.as_deref()).unwrap_or("");
    let oidc_label = oidc_label(&state).await?;
    Ok(Html(render(
        "login.html",
        minijinja::context! { next, oidc_label, lang => lang.code(), here => here(next) },
    )?))
}

/// The label of the button that signs in with the municipality's account,
/// when a provider is connected ("" for the default words).
async fn oidc_label(state: &AppState) -> Result<Option<String>> {
    Ok(state.settings().await?.oidc.map(|o| o.label))
}

/// The login page's own address, for the language links (keeping `next`).
fn here(next: &str) -> String {
    if next.is_empty() {
        "/login?".to_string()
    } else {
        format!("/login?next={}&", super::urlencode(next))
    }
}

#[derive(Deserialize)]
struct LoginForm {
    name: String,
    password: String,
    #[serde(default)]
    next: Option<String>,
}

async fn login(
    State(state): State<AppState>,
    session: Session,
    addr: limits::ClientAddr,
    Form(form): Form<LoginForm>,
) -> Result<Response> {
    let lang = current();
    // No account name is longer; a longer one is only noise in the log.
    let name: String = form.name.trim().chars().take(64).collect();
    let keys = limits::login_keys(&name, addr.0);
    // The attempt counts as failed until proved right; past the limit it
    // is refused before its hash.
    let now = limits::now();
    limits::reserve_login(state.store.as_ref(), &keys, now).await?;
    let account = state.store.account(&name).await?;
    let hash = account.as_ref().map(|a| a.password_hash.clone());
    // argon2 takes tens of milliseconds of CPU and 19 MiB: a few at once
    // (the dummy hash too, made on first use, so an unknown name takes as
    // long as a known one).
    let password = form.password;
    let good = state
        .hashes
        .run(move || {
            auth::verify_password(&password, hash.as_deref().unwrap_or(auth::dummy_hash()))
        })
        .await?;
    let Some(account) = account.filter(|_| good) else {
        let next = local(form.next.as_deref()).unwrap_or("");
        let page = render(
            "login.html",
            minijinja::context! {
                error => tr(lang, "login-failed"),
                // Best effort: a refusal under load must not become an error.
                oidc_label => oidc_label(&state).await.unwrap_or(None),
                name,
                next,
                lang => lang.code(),
                here => here(next),
            },
        )?;
        return Ok((StatusCode::UNAUTHORIZED, Html(page)).into_response());
    };
    state.store.login_succeeded(&keys[0], &keys[1], now).await?;
    state.store.note_login(&account.name).await?;
    sign_in(&session, &account, lang).await?;
    let home = match account.role {
        AccountRole::Administrator => "/admin",
        _ => "/rapporter",
    };
    let to = local(form.next.as_deref()).unwrap_or(home);
    Ok(Redirect::to(to).into_response())
}

async fn logout(_: SignedIn, session: Session) -> Result<Redirect> {
    sign_out(&session).await?;
    Ok(Redirect::to("/login"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(super::local(Some("/admin")), Some("/admin"));
        assert_eq!(super::local(Some("//evil.example")), None);
        assert_eq!(super::local(Some("https://evil.example")), None);
        assert_eq!(super::local(Some("/\\evil.example")), None);
        assert_eq!(super::local(Some("/\t/evil.example")), None);
        assert_eq!(super::local(Some("/\n")), None);
        assert_eq!(
            super::local(Some("/rapporter/2026?kind=unit&unit=Plan%2C")),
            Some("/rapporter/2026?kind=unit&unit=Plan%2C")
        );
        assert_eq!(super::local(None), None);
    }
}
