//! Group commit for form submissions on SQLite. Submissions queue up for
//! one writer task, which stores everything waiting in one transaction and
//! answers each submitter only after that transaction's commit (one fsync
//! for the lot). Under load this shares the cost of a durable commit; alone,
//! a submission waits for nobody.

use sqlx::SqlitePool;
use tokio::sync::{mpsc, oneshot};

use crate::store::shared::Pending;
use crate::store::{NewResponse, Result, StoreError, SubmitOutcome, today};
use crate::survey::tally::Counted;

/// Most submissions in one transaction.
const MAX_BATCH: usize = 256;

pub struct Submission {
    pub round_id: String,
    pub token: String,
    /// The hash of an invitation code, spent with the response.
    pub code: Option<String>,
    pub response: NewResponse,
    pub counted: Counted,
    pub reply: oneshot::Sender<Result<SubmitOutcome>>,
}

/// Starts the writer task; submissions go into the returned sender.
pub fn spawn(pool: SqlitePool) -> mpsc::Sender<Submission> {
    let (tx, rx) = mpsc::channel(4 * MAX_BATCH);
    tokio::spawn(run(pool, rx));
    tx
}

async fn run(pool: SqlitePool, mut rx: mpsc::Receiver<Submission>) {
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(s) => batch.push(s),
                Err(_) => break,
            }
        }
        match store_all(&pool, &batch).await {
            Ok(outcomes) => {
                for (s, outcome) in batch.into_iter().zip(outcomes) {
                    let _ = s.reply.send(Ok(outcome));
                }
            }
            // One bad submission must not fail the others: store each alone.
            Err(_) => {
                for s in batch {
                    let outcome = store_all(&pool, std::slice::from_ref(&s))
                        .await
                        .map(|o| o[0]);
                    let _ = s.reply.send(outcome);
                }
            }
        }
    }
}

/// Stores `batch` in one transaction; the outcomes follow its order. The
/// counts of the batch are added together first, so each (unit, role)
/// they touch is written once per batch, not once per response.
async fn store_all(pool: &SqlitePool, batch: &[Submission]) -> Result<Vec<SubmitOutcome>> {
    let date = today();
    let mut tx = pool.begin().await?;
    let mut outcomes = Vec::with_capacity(batch.len());
    let mut deltas = super::TallyDeltas::new();
    for s in batch {
        let pending = Pending {
            round_id: &s.round_id,
            token: &s.token,
            code: s.code.as_deref(),
            response: &s.response,
            counted: &s.counted,
        };
        let outcome = super::store_submission(&mut tx, pending, &date).await?;
        if outcome == SubmitOutcome::Stored {
            super::note_tally(&mut deltas, &s.round_id, &s.response, &s.counted);
        }
        outcomes.push(outcome);
    }
    super::add_tallies(&mut tx, &deltas).await?;
    tx.commit().await?;
    Ok(outcomes)
}

/// Hands a submission to the writer task and waits for its commit.
pub async fn submit(queue: &mpsc::Sender<Submission>, s: Pending<'_>) -> Result<SubmitOutcome> {
    let (reply, answer) = oneshot::channel();
    let submission = Submission {
        round_id: s.round_id.to_string(),
        token: s.token.to_string(),
        code: s.code.map(String::from),
        response: s.response.clone(),
        counted: s.counted.clone(),
        reply,
    };
    queue
        .send(submission)
        .await
        .map_err(|_| StoreError::WriterStopped)?;
    answer.await.map_err(|_| StoreError::WriterStopped)?
}
