//! The argon2 hashes (a password at login, an invitation code when it is
//! looked up or made) run on a few threads of their own. Each takes 19 MiB
//! and tens of milliseconds of a core, so memory is the budget: as many run
//! at once as there are cores, a bounded line waits, and a request that
//! finds the line full is told to come back (503 with Retry-After) rather
//! than starting a hash of its own. Threads of their own, not tokio's
//! blocking pool: that pool grows to hundreds of threads under a burst, and
//! each may keep a 19 MiB arena after its hash is done.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

type Job = Box<dyn FnOnce() + Send>;

pub struct HashPool {
    jobs: Mutex<mpsc::Sender<Job>>,
    /// Places for jobs running or waiting: the hashing threads plus the line.
    room: Arc<Semaphore>,
    threads: usize,
}

/// Seconds a request turned away is asked to wait.
pub const RETRY_AFTER: u32 = 2;

/// Waiting places per hashing thread: with a hash of about 30 ms, the last
/// in line waits about a second.
const LINE_PER_THREAD: usize = 32;

/// The line is full: come back in `RETRY_AFTER` seconds.
#[derive(Debug)]
pub struct Full;

impl HashPool {
    pub fn new(threads: usize) -> HashPool {
        let threads = threads.max(1);
        let (tx, rx) = mpsc::channel::<Job>();
        let rx = Arc::new(Mutex::new(rx));
        for i in 0..threads {
            let rx = rx.clone();
            std::thread::Builder::new()
                .name(format!("trappa-hash-{i}"))
                .spawn(move || {
                    loop {
                        // The lock is held only while taking the next job.
                        let job = match rx.lock() {
                            Ok(rx) => rx.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(job) => job(),
                            Err(_) => return,
                        }
                    }
                })
                .expect("a hashing thread starts");
        }
        HashPool {
            jobs: Mutex::new(tx),
            room: Arc::new(Semaphore::new(threads * (1 + LINE_PER_THREAD))),
            threads,
        }
    }

    /// One thread per core.
    pub fn for_this_machine() -> HashPool {
        HashPool::new(std::thread::available_parallelism().map_or(2, |n| n.get()))
    }

    /// Runs `hash` on a hashing thread; `Full` at once when the line is full.
    pub async fn run<T: Send + 'static>(
        &self,
        hash: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Full> {
        let place = self.room.clone().try_acquire_owned().map_err(|_| Full)?;
        Ok(self.hand_over(place, hash).await)
    }

    /// Runs `hash` on a hashing thread, waiting for a place in line however
    /// long the line is: for work an administrator asked for, which must not
    /// be lost, and which `run_all` keeps from filling the line.
    async fn run_waiting<T: Send + 'static>(&self, hash: impl FnOnce() -> T + Send + 'static) -> T {
        let place = self
            .room
            .clone()
            .acquire_owned()
            .await
            .expect("the semaphore is never closed");
        self.hand_over(place, hash).await
    }

    /// Hashes every item, at most as many at once as there are threads, so
    /// that a long list leaves the rest of the line to logins and look-ups.
    pub async fn run_all<I, T>(&self, items: Vec<I>, hash: fn(&I) -> T) -> Vec<T>
    where
        I: Send + 'static,
        T: Send + 'static,
    {
        use futures_util::StreamExt;
        futures_util::stream::iter(items)
            .map(|item| self.run_waiting(move || hash(&item)))
            .buffered(self.threads)
            .collect()
            .await
    }

    async fn hand_over<T: Send + 'static>(
        &self,
        place: OwnedSemaphorePermit,
        hash: impl FnOnce() -> T + Send + 'static,
    ) -> T {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let out = hash();
            // The place is freed once the hash is done, not when it is read.
            drop(place);
            let _ = tx.send(out);
        });
        self.jobs
            .lock()
            .expect("no hashing job panics while sending")
            .send(job)
            .expect("the hashing threads live as long as the pool");
        rx.await.expect("a hashing job always answers")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_line_is_bounded_and_every_job_answers() {
        let pool = Arc::new(HashPool::new(1));
        let gate = Arc::new(std::sync::Barrier::new(2));
        // Hold the one thread until the line is full.
        let first = {
            let pool = pool.clone();
            let gate = gate.clone();
            tokio::spawn(async move {
                pool.run(move || {
                    gate.wait();
                    1
                })
                .await
            })
        };
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        let waiting: Vec<_> = (0..LINE_PER_THREAD)
            .map(|i| {
                let pool = pool.clone();
                tokio::spawn(async move { pool.run(move || i + 2).await })
            })
            .collect();
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        assert!(pool.run(|| 0).await.is_err(), "the line is full");
        gate.wait();
        assert_eq!(first.await.unwrap().unwrap(), 1);
        for (i, w) in waiting.into_iter().enumerate() {
            assert_eq!(w.await.unwrap().unwrap(), i + 2);
        }
        assert_eq!(pool.run(|| 7).await.unwrap(), 7, "room again");
        let all = pool.run_all((0..100).collect(), |i: &usize| i * 2).await;
        assert_eq!(all, (0..100).map(|i| i * 2).collect::<Vec<_>>());
    }
}
