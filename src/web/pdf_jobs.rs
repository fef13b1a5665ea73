//! PDF printing a few at a time: each job runs Chromium for about a second
//! on a core, so a burst of requests would start one browser each and stall
//! the server. Half the cores print (at least one), twice as many may wait,
//! and the rest are told to come back (503 with Retry-After).

use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

pub struct PdfJobs {
    printing: std::sync::Arc<Semaphore>,
    in_line: AtomicUsize,
    most_in_line: usize,
}

/// A place in line, held from the moment it is taken: dropping it (the
/// job is done, or the request was given up while waiting) frees it.
struct Ticket<'a>(&'a PdfJobs);

impl Drop for Ticket<'_> {
    fn drop(&mut self) {
        self.0.in_line.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The turn to print; dropping it lets the next one in.
pub struct Place<'a> {
    _ticket: Ticket<'a>,
    _permit: OwnedSemaphorePermit,
}

/// Seconds a refused request is asked to wait.
pub const RETRY_AFTER: u32 = 10;

impl PdfJobs {
    pub fn new(at_once: usize) -> PdfJobs {
        let at_once = at_once.max(1);
        PdfJobs {
            printing: std::sync::Arc::new(Semaphore::new(at_once)),
            in_line: AtomicUsize::new(0),
            most_in_line: 3 * at_once,
        }
    }

    pub fn for_this_machine() -> PdfJobs {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        PdfJobs::new(cores / 2)
    }

    /// Waits for a turn to print; `None` at once when the line is full.
    pub async fn turn(&self) -> Option<Place<'_>> {
        if self.in_line.fetch_add(1, Ordering::SeqCst) >= self.most_in_line {
            self.in_line.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        let ticket = Ticket(self);
        let permit = self
            .printing
            .clone()
            .acquire_owned()
            .await
            .expect("the semaphore is never closed");
        Some(Place {
            _ticket: ticket,
            _permit: permit,
        })
    }
}

#[cfg(test)]
mod tests {
    use futures_util::FutureExt;

    use super::*;

    #[tokio::test]
    async fn one_prints_two_wait_the_rest_are_turned_away() {
        let jobs = PdfJobs::new(1);
        let first = jobs.turn().await.expect("the first prints");
        let mut waiting: Vec<_> = (0..2).map(|_| Box::pin(jobs.turn())).collect();
        for w in &mut waiting {
            assert!(w.as_mut().now_or_never().is_none(), "waits its turn");
        }
        assert!(jobs.turn().await.is_none(), "the line is full");
        // One who waited gives up: its place is free again.
        waiting.pop();
        drop(first);
        let second = waiting.pop().unwrap().await;
        assert!(second.is_some(), "the next in line prints");
        assert_eq!(jobs.in_line.load(Ordering::SeqCst), 1);
    }
}
