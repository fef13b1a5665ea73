//! The service's clock: the system's, moved by an offset that only tests
//! set, so that a test can reach a round's reminder day or closing time
//! without waiting for it. Moving it wakes the outbox's worker.

use std::sync::atomic::{AtomicI64, Ordering};

use tokio::sync::Notify;

#[derive(Debug, Default)]
pub struct Clock {
    offset: AtomicI64,
    moved: Notify,
}

impl Clock {
    /// Seconds since 1970 (UTC).
    pub fn now(&self) -> i64 {
        let system = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        system + self.offset.load(Ordering::Relaxed)
    }

    /// Moves the clock to `at` (seconds since 1970) and wakes whoever waits
    /// on `moved`.
    pub fn set(&self, at: i64) {
        let system = self.now() - self.offset.load(Ordering::Relaxed);
        self.offset.store(at - system, Ordering::Relaxed);
        // A permit is kept if the worker is busy: the move is not missed.
        self.moved.notify_one();
    }

    /// Resolves when the clock is moved.
    pub async fn moved(&self) {
        self.moved.notified().await
    }
}
