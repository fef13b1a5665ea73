//! The web server: axum router, shared state, start-up and shutdown.

mod admin;
mod error;
pub mod form;
mod headers;
mod render;
mod survey;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use tokio::net::TcpListener;

use crate::store::Store;
use crate::survey::Library;

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub library: Arc<Library>,
    pub admin_key: Arc<str>,
}

/// Largest request body: a full survey with long notes is far below this.
const BODY_LIMIT: usize = 256 * 1024;

pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(survey::router())
        .merge(admin::router())
        .fallback(|| async { error::AppError::NotFound("Siden finnes ikke.".into()) })
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn(headers::security_headers))
        .with_state(state)
}

/// Serves on `listener` (bound by the caller, so port 0 works) until
/// `shutdown` resolves.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
}

/// Binds `addr`; a clear message when the port is taken.
pub async fn bind(addr: SocketAddr) -> anyhow::Result<TcpListener> {
    TcpListener::bind(addr)
        .await
        .map_err(|e| anyhow::anyhow!("kan ikke lytte på {addr}: {e}"))
}
