//! Group commit for form submissions on SQLite. Submissions queue up for
//! one writer task, which stores everything waiting in one transaction and
//! answers each submitter only after that transaction's commit (one fsync
//! for the lot). Under load this shares the cost of a durable commit; alone,
//! a submission waits for nobody.

use sqlx::SqlitePool;
use tokio::sync::{mpsc, oneshot};

use crate::store::shared::Pending;
use crate::store::{NewResponse, Result, StoreError, SubmitOutcome, today};

/// Most submissions in one transaction.
const MAX_BATCH: usize = 256;

pub struct Submission {
    pub round_id: String,
    pub token: String,
    /// The hash of an invitation code, spent with the response.
    pub code: Option<String>,
    pub response: NewResponse,
    pub reply: oneshot::Sender<Result<SubmitOutcome>>,
}

/// Starts the writer task; submissions go into the returned sender.
pub fn spawn(pool: SqlitePool) -> mpsc::Sender<Submission> {
    let (tx, rx) = mpsc::channel(4 * MAX_BATCH);
    tokio::spawn(run(pool, rx));
    tx
}

async fn run(pool: SqlitePool, mut rx: mpsc::Receiver<Submission>) {
    let mut ids: Option<BlockIds> = None;
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(s) => batch.push(s),
                Err(_) => break,
            }
        }
        // Resumed from the table at the first submission (not at start, so
        // that opening a store never waits on a scan).
        let ids = match &mut ids {
            Some(ids) => ids,
            None => match BlockIds::resume(&pool).await {
                Ok(resumed) => ids.insert(resumed),
                Err(e) => {
                    let text = e.to_string();
                    for s in batch {
                        let _ = s.reply.send(Err(StoreError::Corrupt(text.clone())));
                    }
                    continue;
                }
            },
        };
        match store_all(&pool, &batch, ids).await {
            Ok(outcomes) => {
                for (s, outcome) in batch.into_iter().zip(outcomes) {
                    let _ = s.reply.send(Ok(outcome));
                }
            }
            // One bad submission must not fail the others: store each alone.
            Err(_) => {
                for s in batch {
                    let outcome = store_all(&pool, std::slice::from_ref(&s), ids)
                        .await
                        .map(|o| o[0]);
                    let _ = s.reply.send(outcome);
                }
            }
        }
    }
}

/// Stores `batch` in one transaction; the outcomes follow its order.
async fn store_all(
    pool: &SqlitePool,
    batch: &[Submission],
    ids: &mut BlockIds,
) -> Result<Vec<SubmitOutcome>> {
    let date = today();
    let mut tx = pool.begin().await?;
    let mut outcomes = Vec::with_capacity(batch.len());
    for s in batch {
        let pending = Pending {
            round_id: &s.round_id,
            token: &s.token,
            code: s.code.as_deref(),
            response: &s.response,
        };
        let mut next_id = || ids.next();
        outcomes.push(super::store_submission(&mut tx, pending, &date, &mut next_id).await?);
    }
    tx.commit().await?;
    Ok(outcomes)
}

/// Responses per block of ids.
const BLOCK_ROWS: u32 = 1024;
/// Ids per block: many more than its rows, so that their order is random.
const BLOCK_BITS: u32 = 20;
/// Blocks stay below this id; ids above it are the fully random ones that
/// imports and earlier versions drew (see `store::new_response_id`).
const BLOCKS_BELOW: i64 = 1 << 52;

/// The writer's response ids: drawn at random within a block of
/// `2^BLOCK_BITS` ids until `BLOCK_ROWS` responses have one, then the next
/// block. Within a block the order of the ids, and so of the rows, says
/// nothing about the order of answering; the block says only in which run
/// of 1,024 responses someone answered (a municipality's round is one or
/// a few). Fully random ids over the whole table put each insert of a group
/// commit on a page of its own, which made submissions slow down as the
/// table grew (BENCHMARKS.md); a block's rows share a few dozen pages.
pub struct BlockIds {
    block: i64,
    used: u32,
}

impl BlockIds {
    /// Carries on in the newest block, so that a restart opens no new one
    /// (which would mark who answered before and after it).
    async fn resume(pool: &SqlitePool) -> Result<BlockIds> {
        let newest: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM responses WHERE id < $1")
            .bind(BLOCKS_BELOW)
            .fetch_one(pool)
            .await?;
        let block = newest.map_or(1, |id| (id >> BLOCK_BITS).max(1));
        let used: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM responses WHERE id >= $1 AND id < $2")
                .bind(block << BLOCK_BITS)
                .bind((block + 1) << BLOCK_BITS)
                .fetch_one(pool)
                .await?;
        Ok(BlockIds {
            block,
            used: used.clamp(0, BLOCK_ROWS as i64) as u32,
        })
    }

    fn next(&mut self) -> i64 {
        use rand::Rng;
        if self.used >= BLOCK_ROWS {
            self.block += 1;
            self.used = 0;
        }
        self.used += 1;
        (self.block << BLOCK_BITS) | rand::rng().random_range(0..1i64 << BLOCK_BITS)
    }
}

/// Hands a submission to the writer task and waits for its commit.
pub async fn submit(queue: &mpsc::Sender<Submission>, s: Pending<'_>) -> Result<SubmitOutcome> {
    let (reply, answer) = oneshot::channel();
    let submission = Submission {
        round_id: s.round_id.to_string(),
        token: s.token.to_string(),
        code: s.code.map(String::from),
        response: s.response.clone(),
        reply,
    };
    queue
        .send(submission)
        .await
        .map_err(|_| StoreError::WriterStopped)?;
    answer.await.map_err(|_| StoreError::WriterStopped)?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_fill_a_block_in_random_order_then_move_on() {
        let mut ids = BlockIds { block: 7, used: 0 };
        let first: Vec<i64> = (0..BLOCK_ROWS).map(|_| ids.next()).collect();
        assert!(first.iter().all(|id| id >> BLOCK_BITS == 7));
        let mut sorted = first.clone();
        sorted.sort();
        assert_ne!(first, sorted, "ids in the order they were given");
        assert_eq!(ids.next() >> BLOCK_BITS, 8);
    }
}
