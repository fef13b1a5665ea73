//! The web server: axum router, shared state, start-up and shutdown.

mod accounts;
mod admin;
mod codes;
mod csrf;
mod edit_round;
mod error;
mod follow_up;
pub mod form;
mod form_cookie;
mod hash_pool;
mod headers;
mod lang;
mod limits;
mod login;
mod new_round;
mod notice;
mod oidc;
mod outreach;
mod pace;
mod pdf_jobs;
mod render;
mod reports;
mod round_texts;
mod server;
mod session;
mod sheets;
mod staff_results;
pub mod steps;
mod survey;
mod upload;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use tokio::net::TcpListener;

use crate::i18n::tr;
use crate::store::Store;
use crate::survey::Library;

pub use limits::DEFAULT_SUBMITS_PER_MINUTE;
pub use server::CONNECTIONS_PER_ADDRESS;

/// Default for `Options::client_timeout`.
pub const DEFAULT_CLIENT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub library: Arc<Library>,
    /// Flood guard on submissions and code look-ups; `None`: no limit.
    pub submit_limit: Option<Arc<limits::SubmitLimiter>>,
    /// Take the client address from `X-Forwarded-For` (behind a reverse proxy).
    pub trust_proxy: bool,
    /// Mark the session cookie Secure (served over TLS).
    pub secure_cookies: bool,
    /// `scheme://host[:port]` of the public address, when configured.
    pub public_origin: Option<String>,
    /// PDFs printed at once, and waiting (Chromium takes a core for a second).
    pub pdf_jobs: Arc<pdf_jobs::PdfJobs>,
    /// See `Options::client_timeout`.
    pub client_timeout: std::time::Duration,
    /// The argon2 hashes of logins and codes, a bounded few at once.
    pub hashes: Arc<hash_pool::HashPool>,
    /// The service's clock (moved only by tests).
    pub clock: Arc<crate::clock::Clock>,
    /// Wakes the outbox's worker when invitations are queued.
    pub outbox: Arc<tokio::sync::Notify>,
    /// Settings an operator set in the environment; they win over the
    /// ones set in the browser.
    pub overrides: Arc<Vec<(String, String)>>,
}

/// How the server is set up, beyond the store and the definitions.
#[derive(Debug, Clone)]
pub struct Options {
    pub submits_per_minute: u32,
    /// How long a client may take to send a request's headers, to send the
    /// next piece of its body, or to start its next request on an open
    /// connection, before the connection is closed.
    pub client_timeout: std::time::Duration,
    pub trust_proxy: bool,
    /// The address people use, e.g. `https://trappa.kommune.no`.
    pub public_url: Option<String>,
    /// Other settings from the environment, by their key in
    /// `outreach::settings::key` (secrets an operator keeps out of the
    /// database).
    pub overrides: Vec<(String, String)>,
}

/// `scheme://host[:port]` of a URL: what browsers send as `Origin`.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split('/').next()?;
    (!host.is_empty()).then(|| format!("{scheme}://{host}"))
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, library: Library, options: &Options) -> AppState {
        AppState {
            store,
            library: Arc::new(library),
            submit_limit: limits::SubmitLimiter::new(options.submits_per_minute).map(Arc::new),
            trust_proxy: options.trust_proxy,
            secure_cookies: options
                .public_url
                .as_deref()
                .is_some_and(|u| u.starts_with("https://")),
            public_origin: options.public_url.as_deref().and_then(origin_of),
            pdf_jobs: Arc::new(pdf_jobs::PdfJobs::for_this_machine()),
            client_timeout: options.client_timeout,
            hashes: Arc::new(hash_pool::HashPool::for_this_machine()),
            clock: Arc::new(crate::clock::Clock::default()),
            outbox: Arc::new(tokio::sync::Notify::new()),
            overrides: Arc::new(
                options
                    .public_url
                    .iter()
                    .map(|u| {
                        (
                            crate::outreach::settings::key::PUBLIC_URL.to_string(),
                            u.clone(),
                        )
                    })
                    .chain(options.overrides.iter().cloned())
                    .collect(),
            ),
        }
    }

    /// The background worker of this state: schedules and the outbox.
    pub fn worker(&self) -> crate::outreach::worker::Worker {
        crate::outreach::worker::Worker {
            store: self.store.clone(),
            clock: self.clock.clone(),
            wake: self.outbox.clone(),
            overrides: self.overrides.clone(),
        }
    }

    /// The settings as they apply now (the environment's winning).
    pub async fn settings(&self) -> crate::store::Result<crate::outreach::settings::Settings> {
        crate::outreach::settings::Settings::load(self.store.as_ref(), &self.overrides).await
    }
}

/// Largest request body: a full survey with long notes is far below this.
const BODY_LIMIT: usize = 256 * 1024;

pub fn router(state: AppState) -> Router {
    // Pages for signed-in accounts: their forms carry the session's token.
    let signed_in = Router::new()
        .merge(admin::router())
        .merge(reports::router())
        .merge(follow_up::router())
        .merge(sheets::router())
        .merge(accounts::router())
        .merge(new_round::router())
        .merge(edit_round::router())
        .merge(round_texts::router())
        .merge(staff_results::admin_router())
        .merge(codes::router())
        .merge(outreach::router())
        .merge(upload::router())
        .merge(login::signed_in_router())
        .route_layer(axum::middleware::from_fn(csrf::session_token));
    Router::new()
        .merge(survey::router())
        .merge(staff_results::public_router())
        .merge(login::router())
        .merge(oidc::router())
        .merge(signed_in)
        .fallback(|| async {
            error::AppError::NotFound(tr(lang::current(), "page-not-found-text"))
        })
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            csrf::same_origin,
        ))
        .layer(axum::middleware::from_fn(session::settle_lang))
        .layer(session::layer(state.store.sessions(), state.secure_cookies))
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        // A body that stalls between two pieces ends the request, and so
        // does one that trickles in slower than a minimum pace.
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            state.client_timeout,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.client_timeout,
            pace::pace,
        ))
        .layer(axum::middleware::from_fn(headers::security_headers))
        .with_state(state)
}

/// Serves on `listener` (bound by the caller, so port 0 works) until
/// `shutdown` resolves; slow clients are cut off (see `server`).
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let timeout = state.client_timeout;
    let behind_proxy = state.trust_proxy;
    // Opens and closes rounds on time and sends the e-mails, for as long
    // as the server runs.
    let worker = tokio::spawn(state.worker().run());
    let served = server::serve(listener, router(state), timeout, behind_proxy, shutdown).await;
    worker.abort();
    served
}

/// Binds `addr`; a clear message when the port is taken.
pub async fn bind(addr: SocketAddr) -> anyhow::Result<TcpListener> {
    TcpListener::bind(addr)
        .await
        .map_err(|e| anyhow::anyhow!("kan ikke lytte på {addr}: {e}"))
}

/// Percent-encodes everything but unreserved characters (for query values).
fn urlencode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
