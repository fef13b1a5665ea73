//! Group commit for the survey's writes, on both stores: form submissions
//! and the stepped form's drafts queue up for writer tasks, each of which
//! stores everything waiting in one transaction and answers each writer
//! only after that transaction's commit. Under load a stepped survey's
//! seven or so durable writes share commits with everyone else's; alone, a
//! write waits for nobody.
//!
//! SQLite has one writer task (it has one writer anyway). PostgreSQL has a
//! few: while one commits, the next gathers what has come in meanwhile, and
//! the server shares a WAL flush between their commits.

use std::sync::Arc;

use tokio::sync::{Mutex, mpsc, oneshot};

use crate::store::{NewResponse, Result, StoreError, SubmitOutcome};
use crate::survey::tally::Counted;

/// Most writes in one transaction.
const MAX_BATCH: usize = 256;

/// One write of the survey path, owned so that it can wait in the queue.
pub enum Write {
    /// A form's response (the whole form, or the stepped form's last screen).
    Submission {
        round_id: String,
        token: String,
        /// The hash of an invitation code, spent with the response.
        code: Option<String>,
        response: NewResponse,
        counted: Counted,
    },
    /// The answers so far of a stepped form, kept under its token.
    Draft {
        round_id: String,
        token: String,
        fields: String,
    },
}

/// What a write came to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Written {
    Submission(SubmitOutcome),
    Draft,
}

/// A backend's way of storing a batch of writes in one transaction; the
/// outcomes follow the batch's order. An error fails the whole batch.
#[async_trait::async_trait]
pub trait StoreBatch: Send + Sync + 'static {
    async fn store_batch(&self, writes: &[Write]) -> Result<Vec<Written>>;
}

struct Queued {
    write: Write,
    reply: oneshot::Sender<Result<Written>>,
}

/// The queue the writer tasks read.
pub struct Queue {
    sender: mpsc::Sender<Queued>,
}

impl Queue {
    /// Starts `writers` writer tasks storing through `backend`.
    pub fn spawn(backend: impl StoreBatch, writers: usize) -> Queue {
        let (sender, receiver) = mpsc::channel(4 * MAX_BATCH);
        let receiver = Arc::new(Mutex::new(receiver));
        let backend = Arc::new(backend);
        for _ in 0..writers.max(1) {
            tokio::spawn(run(backend.clone(), receiver.clone()));
        }
        Queue { sender }
    }

    /// Hands a write to the writer tasks and waits for its commit.
    pub async fn write(&self, write: Write) -> Result<Written> {
        let (reply, answer) = oneshot::channel();
        self.sender
            .send(Queued { write, reply })
            .await
            .map_err(|_| StoreError::WriterStopped)?;
        answer.await.map_err(|_| StoreError::WriterStopped)?
    }

    /// Stores a submission (a `Write::Submission`) and says what came of it.
    pub async fn submit(&self, submission: Write) -> Result<SubmitOutcome> {
        match self.write(submission).await? {
            Written::Submission(outcome) => Ok(outcome),
            Written::Draft => Err(StoreError::WriterStopped),
        }
    }

    /// Keeps a draft (a `Write::Draft`).
    pub async fn save_draft(&self, draft: Write) -> Result<()> {
        match self.write(draft).await? {
            Written::Draft => Ok(()),
            Written::Submission(_) => Err(StoreError::WriterStopped),
        }
    }
}

async fn run(backend: Arc<impl StoreBatch>, receiver: Arc<Mutex<mpsc::Receiver<Queued>>>) {
    loop {
        // One writer gathers at a time; it lets go before storing, so the
        // next gathers while this one commits.
        let batch = {
            let mut receiver = receiver.lock().await;
            let Some(first) = receiver.recv().await else {
                return;
            };
            let mut batch = vec![first];
            while batch.len() < MAX_BATCH {
                match receiver.try_recv() {
                    Ok(q) => batch.push(q),
                    Err(_) => break,
                }
            }
            batch
        };
        let (writes, replies): (Vec<Write>, Vec<_>) =
            batch.into_iter().map(|q| (q.write, q.reply)).unzip();
        match backend.store_batch(&writes).await {
            Ok(outcomes) => {
                for (reply, outcome) in replies.into_iter().zip(outcomes) {
                    let _ = reply.send(Ok(outcome));
                }
            }
            // One bad write must not fail the others: store each alone.
            Err(_) => {
                for (write, reply) in writes.into_iter().zip(replies) {
                    let outcome = backend
                        .store_batch(std::slice::from_ref(&write))
                        .await
                        .map(|o| o[0]);
                    let _ = reply.send(outcome);
                }
            }
        }
    }
}
