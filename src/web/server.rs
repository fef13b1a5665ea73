//! The accept loop: HTTP/1 through hyper with a timer, so that a client that
//! sends half a header, or holds a connection open without sending a
//! request, is cut off after the client timeout instead of holding the
//! connection for ever (axum's own `serve` sets no timer). A body that
//! stalls is cut off by the router's body timeout (`pace`). One address
//! holds at most `CONNECTIONS_PER_ADDRESS` connections at once, so that one
//! client cannot take every connection the server can hold (behind a
//! reverse proxy every connection comes from the proxy, which must do this
//! itself). Shutdown lets the requests in flight finish, for at most ten
//! seconds.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::ServiceExt;

/// How long shutdown waits for requests in flight.
const DRAIN: Duration = Duration::from_secs(10);

/// Connections one address may hold at once. A workplace behind one
/// firewall address is many browsers of a few connections each, and a
/// connection idle for the client timeout is closed, so this is generous.
pub const CONNECTIONS_PER_ADDRESS: usize = 256;

/// Open connections per address.
#[derive(Clone, Default)]
struct PerAddress(Arc<Mutex<HashMap<IpAddr, usize>>>);

/// One connection's place in `PerAddress`, given back when dropped.
struct Held(PerAddress, IpAddr);

impl PerAddress {
    fn take(&self, addr: IpAddr) -> Option<Held> {
        let mut open = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let n = open.entry(addr).or_insert(0);
        if *n >= CONNECTIONS_PER_ADDRESS {
            return None;
        }
        *n += 1;
        Some(Held(self.clone(), addr))
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        let mut open = (self.0).0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = open.get_mut(&self.1) {
            *n -= 1;
            if *n == 0 {
                open.remove(&self.1);
            }
        }
    }
}

pub async fn serve(
    listener: TcpListener,
    app: Router,
    client_timeout: Duration,
    behind_proxy: bool,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let per_address = PerAddress::default();
    let mut connections = tokio::task::JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, addr) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                // Out of file descriptors and the like: wait, then go on.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Finished connections are collected as new ones come.
        while connections.try_join_next().is_some() {}
        let held = if behind_proxy {
            None
        } else {
            match per_address.take(addr.ip()) {
                Some(held) => Some(held),
                // Closed at once: this address holds enough.
                None => continue,
            }
        };
        let service = TowerToHyperService::new(app.clone().map_request(
            move |request: axum::http::Request<Incoming>| {
                let mut request = request.map(axum::body::Body::new);
                request
                    .extensions_mut()
                    .insert(ConnectInfo::<SocketAddr>(addr));
                request
            },
        ));
        let mut stop = stop_rx.clone();
        connections.spawn(async move {
            let _held = held;
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(client_timeout)
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), service)
                .with_upgrades();
            tokio::pin!(connection);
            let stopped = async move {
                // The guard `wait_for` returns is not Send: drop it at once.
                let _ = stop.wait_for(|stopped| *stopped).await.map(|_| ());
            };
            tokio::select! {
                _ = connection.as_mut() => {}
                () = stopped => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
        });
    }
    let _ = stop_tx.send(true);
    let _ = tokio::time::timeout(DRAIN, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    Ok(())
}
