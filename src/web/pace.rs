//! A request body must come at a minimum pace overall, not only without
//! long gaps: one byte every few seconds would otherwise hold a connection
//! for as long as the client likes. After a grace of the client timeout, a
//! body must have sent `MIN_BYTES_PER_SECOND` for each further second; one
//! that falls behind ends with an error, and the connection with it.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http_body::Frame;

/// The slowest pace a body may keep: a 64 MiB upload at this pace takes 18
/// hours, and any real connection is far faster.
pub const MIN_BYTES_PER_SECOND: u64 = 1024;

pub async fn pace(State(grace): State<Duration>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let paced = Paced {
        inner: body,
        started: Instant::now(),
        received: 0,
        grace,
    };
    next.run(Request::from_parts(parts, Body::new(paced))).await
}

struct Paced {
    inner: Body,
    started: Instant,
    received: u64,
    grace: Duration,
}

impl Paced {
    fn behind(&self) -> bool {
        let earned = Duration::from_secs_f64(self.received as f64 / MIN_BYTES_PER_SECOND as f64);
        self.started.elapsed() > self.grace + earned
    }
}

impl http_body::Body for Paced {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        if self.behind() {
            return Poll::Ready(Some(Err(axum::Error::new(TooSlow))));
        }
        let polled = Pin::new(&mut self.inner).poll_frame(cx);
        if let Poll::Ready(Some(Ok(frame))) = &polled
            && let Some(data) = frame.data_ref()
        {
            self.received += data.len() as u64;
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

#[derive(Debug)]
struct TooSlow;

impl std::fmt::Display for TooSlow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the request body came slower than {MIN_BYTES_PER_SECOND} bytes a second"
        )
    }
}

impl std::error::Error for TooSlow {}
