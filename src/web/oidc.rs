//! Sign-in with the municipality's own accounts (OpenID Connect): the
//! authorization code flow with PKCE, its state and nonce kept in the
//! session, and the ID token's signature, issuer, audience, expiry and
//! nonce checked by `openidconnect`. The account is found by the claim the
//! administrator chose and must exist already: signing in never makes an
//! account and never changes a role. From then on the session is the same
//! as a password's (ends at logout, at removal, at a new password).

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};
use serde::Deserialize;
use tower_sessions::Session;

use super::AppState;
use super::error::{AppError, Result};
use super::lang::current;
use super::render::render;
use super::session::sign_in;
use crate::auth::AccountRole;
use crate::i18n::{tr, tr_args};
use crate::outreach::settings::{Claim, Oidc};

/// The cookie the flow in progress is kept in. Not the session: its cookie
/// is SameSite=Strict, which a browser does not send on the way back from
/// the provider's site. This one is Lax (sent on that top-level GET), for
/// the sign-in's paths only, ten minutes at most, and removed by the
/// callback.
const FLOW_COOKIE: &str = "trappa_oidc";
const FLOW_SECONDS: u32 = 600;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login/oidc", get(start))
        .route("/login/oidc/callback", get(callback))
}

/// One sign-in on its way: what the callback must find again. All three
/// are random base64url, so `.` joins them.
struct Flow {
    state: String,
    nonce: String,
    verifier: String,
}

impl Flow {
    fn set_cookie(&self, secure: bool) -> String {
        format!(
            "{FLOW_COOKIE}={}.{}.{}; Max-Age={FLOW_SECONDS}; Path=/login/oidc; HttpOnly; SameSite=Lax{}",
            self.state,
            self.nonce,
            self.verifier,
            if secure { "; Secure" } else { "" }
        )
    }

    /// The flow the request's cookie holds, if it holds exactly one.
    fn read(headers: &HeaderMap) -> Option<Flow> {
        let value = super::form_cookie::only_cookie(headers, FLOW_COOKIE)?;
        let mut parts = value.split('.');
        let (state, nonce, verifier) = (parts.next()?, parts.next()?, parts.next()?);
        let fine = |p: &str| {
            !p.is_empty()
                && p.len() <= 128
                && p.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        };
        (parts.next().is_none() && fine(state) && fine(nonce) && fine(verifier)).then(|| Flow {
            state: state.into(),
            nonce: nonce.into(),
            verifier: verifier.into(),
        })
    }
}

/// Removes the flow's cookie.
fn clear_cookie() -> String {
    format!("{FLOW_COOKIE}=; Max-Age=0; Path=/login/oidc; HttpOnly; SameSite=Lax")
}

/// Why a sign-in failed, for the log (the person reads one sentence).
#[derive(Debug, thiserror::Error)]
enum Failure {
    #[error("ingen innlogging på vei i denne økten")]
    NoFlow,
    #[error("state stemmer ikke")]
    State,
    #[error("leverandøren svarte med en feil: {0}")]
    Provider(String),
    #[error("oppdagelsen feilet: {0}")]
    Discovery(String),
    #[error("kodeutvekslingen feilet: {0}")]
    Exchange(String),
    #[error("ingen ID-token i svaret")]
    NoIdToken,
    #[error("ID-tokenet ble avvist: {0}")]
    Token(String),
    #[error("ID-tokenet mangler kravet {0}")]
    NoClaim(&'static str),
}

fn http_client() -> Result<openidconnect::reqwest::Client> {
    openidconnect::reqwest::ClientBuilder::new()
        // Following redirects would let a provider send trappa anywhere.
        .redirect(openidconnect::reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(15))
        .build()
        .map_err(|e| AppError::Internal(e.into()))
}

/// Where the provider sends people back to.
async fn redirect_url(state: &AppState, headers: &HeaderMap) -> Result<String> {
    Ok(format!(
        "{}/login/oidc/callback",
        super::codes::public_base(state, headers).await?
    ))
}

async fn client(
    provider: &Oidc,
    redirect: String,
    http: &openidconnect::reqwest::Client,
) -> std::result::Result<
    CoreClient<
        openidconnect::EndpointSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointMaybeSet,
        openidconnect::EndpointMaybeSet,
    >,
    Failure,
> {
    let issuer =
        IssuerUrl::new(provider.issuer.clone()).map_err(|e| Failure::Discovery(e.to_string()))?;
    let metadata = CoreProviderMetadata::discover_async(issuer, http)
        .await
        .map_err(|e| Failure::Discovery(e.to_string()))?;
    let redirect = RedirectUrl::new(redirect).map_err(|e| Failure::Discovery(e.to_string()))?;
    Ok(CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(provider.client_id.clone()),
        Some(ClientSecret::new(provider.client_secret.clone())),
    )
    .set_redirect_uri(redirect))
}

async fn provider(state: &AppState) -> Result<Oidc> {
    state
        .settings()
        .await?
        .oidc
        .ok_or_else(|| AppError::NotFound(tr(current(), "oidc-not-configured")))
}

/// Sends the browser to the provider, with a fresh state, nonce and PKCE
/// challenge kept in the session.
async fn start(State(state): State<AppState>, headers: HeaderMap) -> Result<Response> {
    let provider = provider(&state).await?;
    let http = http_client()?;
    let redirect = redirect_url(&state, &headers).await?;
    let client = match client(&provider, redirect, &http).await {
        Ok(c) => c,
        Err(e) => return failed(&e),
    };
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, csrf, nonce) = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("email".into()))
        .add_scope(Scope::new("profile".into()))
        .set_pkce_challenge(challenge)
        .url();
    let flow = Flow {
        state: csrf.secret().clone(),
        nonce: nonce.secret().clone(),
        verifier: verifier.secret().clone(),
    };
    Ok((
        [(header::SET_COOKIE, flow.set_cookie(state.secure_cookies))],
        Redirect::to(url.as_str()),
    )
        .into_response())
}

#[derive(Deserialize)]
struct Callback {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// The login page again, saying the sign-in failed; the reason goes to
/// the log only.
fn failed(why: &Failure) -> Result<Response> {
    // `{:?}` of the reason: what a provider or a URL put in it cannot
    // start a line of its own in the log.
    tracing::warn!(
        "innlogging med OpenID Connect avvist: {:?}",
        why.to_string()
    );
    let lang = current();
    let page = render(
        "login.html",
        minijinja::context! { error => tr(lang, "oidc-failed"), next => "", lang => lang.code(), here => "/login?" },
    )?;
    Ok((
        StatusCode::UNAUTHORIZED,
        [(header::SET_COOKIE, clear_cookie())],
        Html(page),
    )
        .into_response())
}

async fn callback(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Query(q): Query<Callback>,
) -> Result<Response> {
    let lang = current();
    let provider = provider(&state).await?;
    // The flow is taken: a callback is good once (its cookie is removed
    // whatever the outcome).
    let Some(flow) = Flow::read(&headers) else {
        return failed(&Failure::NoFlow);
    };
    if let Some(e) = q.error {
        return failed(&Failure::Provider(e));
    }
    let sent = q.state.unwrap_or_default();
    if !super::constant_time_eq(sent.as_bytes(), flow.state.as_bytes()) {
        return failed(&Failure::State);
    }
    let Some(code) = q.code else {
        return failed(&Failure::Provider("no code".into()));
    };
    let http = http_client()?;
    let redirect = redirect_url(&state, &headers).await?;
    let client = match client(&provider, redirect, &http).await {
        Ok(c) => c,
        Err(e) => return failed(&e),
    };
    let exchange = match client.exchange_code(AuthorizationCode::new(code)) {
        Ok(request) => {
            request
                .set_pkce_verifier(PkceCodeVerifier::new(flow.verifier))
                .request_async(&http)
                .await
        }
        Err(e) => return failed(&Failure::Exchange(e.to_string())),
    };
    let tokens = match exchange {
        Ok(t) => t,
        Err(e) => return failed(&Failure::Exchange(e.to_string())),
    };
    let Some(id_token) = tokens.id_token() else {
        return failed(&Failure::NoIdToken);
    };
    let claims = match id_token.claims(&client.id_token_verifier(), &Nonce::new(flow.nonce)) {
        Ok(c) => c,
        Err(e) => return failed(&Failure::Token(e.to_string())),
    };
    let name = match provider.claim {
        // An address the provider says it has not verified names nobody.
        Claim::Email if claims.email_verified() == Some(false) => None,
        Claim::Email => claims.email().map(|e| e.as_str().to_string()),
        Claim::PreferredUsername => claims.preferred_username().map(|u| u.as_str().to_string()),
    };
    let Some(name) = name else {
        return failed(&Failure::NoClaim(provider.claim.code()));
    };
    // The account whose name is the claim, exactly: no near match.
    let account = state.store.account(&name).await?;
    let Some(account) = account else {
        tracing::warn!("innlogging med OpenID Connect: ingen konto i trappa for kravet");
        let page = render(
            "login.html",
            minijinja::context! { error => tr_args(lang, "oidc-no-account", &[("name", name.clone().into())]), next => "", lang => lang.code(), here => "/login?" },
        )?;
        return Ok((StatusCode::FORBIDDEN, Html(page)).into_response());
    };
    state.store.note_login(&account.name).await?;
    sign_in(&session, &account, lang).await?;
    let home = match account.role {
        AccountRole::Administrator => "/admin",
        _ => "/rapporter",
    };
    // A page of our own that goes on, not a redirect: a browser counts a
    // redirect in a chain that began on the provider's site as cross-site,
    // and would leave the new session's Strict cookie out of it.
    let page = render(
        "signed_in.html",
        minijinja::context! { home, lang => lang.code() },
    )?;
    Ok((
        [
            (header::CACHE_CONTROL, "no-store".to_string()),
            (header::SET_COOKIE, clear_cookie()),
        ],
        Html(page),
    )
        .into_response())
}
