//! Group commit for form submissions on SQLite. Submissions queue up for
//! one writer task, which stores everything waiting in one transaction and
//! answers each submitter only after that transaction's commit (one fsync
//! for the lot). Under load this shares the cost of a durable commit; alone,
//! a submission waits for nobody.

use sqlx::{Sqlite, SqlitePool, Transaction};
use tokio::sync::{mpsc, oneshot};

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

/// Stores `batch` in one transaction; the outcomes follow its order.
async fn store_all(pool: &SqlitePool, batch: &[Submission]) -> Result<Vec<SubmitOutcome>> {
    let date = today();
    let mut tx = pool.begin().await?;
    let mut outcomes = Vec::with_capacity(batch.len());
    for s in batch {
        outcomes.push(store_one(&mut tx, s, &date).await?);
    }
    tx.commit().await?;
    Ok(outcomes)
}

async fn store_one(
    tx: &mut Transaction<'static, Sqlite>,
    s: &Submission,
    date: &str,
) -> Result<SubmitOutcome> {
    let fresh = sqlx::query(
        "INSERT INTO submission_tokens (token, used_on) VALUES (?, ?) ON CONFLICT DO NOTHING",
    )
    .bind(&s.token)
    .bind(date)
    .execute(&mut **tx)
    .await?;
    if fresh.rows_affected() == 0 {
        return Ok(SubmitOutcome::AlreadyStored);
    }
    if let Some(code) = &s.code {
        // Spent in the same transaction as the response is stored, and
        // deleted: no row is left that could tie the two (no time, no order).
        let spent = sqlx::query(
            "DELETE FROM invitation_codes WHERE code_hash = ? AND round_id = ? AND unit = ?",
        )
        .bind(code)
        .bind(&s.round_id)
        .bind(&s.response.unit)
        .execute(&mut **tx)
        .await?;
        if spent.rows_affected() == 1 {
            sqlx::query("UPDATE code_tallies SET used = used + 1 WHERE round_id = ? AND unit = ?")
                .bind(&s.round_id)
                .bind(&s.response.unit)
                .execute(&mut **tx)
                .await?;
        } else {
            // Give the token back, so the person can try another code.
            sqlx::query("DELETE FROM submission_tokens WHERE token = ?")
                .bind(&s.token)
                .execute(&mut **tx)
                .await?;
            return Ok(SubmitOutcome::CodeRefused);
        }
    }
    sqlx::query("INSERT INTO responses (id, round_id, unit, role, submitted_on, answers) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(crate::store::new_response_id())
        .bind(&s.round_id)
        .bind(&s.response.unit)
        .bind(&s.response.role)
        .bind(date)
        .bind(&s.response.answers)
        .execute(&mut **tx)
        .await?;
    Ok(SubmitOutcome::Stored)
}

/// Hands a submission to the writer task and waits for its commit.
pub async fn submit(
    queue: &mpsc::Sender<Submission>,
    round_id: &str,
    token: &str,
    code: Option<&str>,
    response: &NewResponse,
) -> Result<SubmitOutcome> {
    let (reply, answer) = oneshot::channel();
    let submission = Submission {
        round_id: round_id.to_string(),
        token: token.to_string(),
        code: code.map(String::from),
        response: response.clone(),
        reply,
    };
    let stopped = || StoreError::Corrupt("skrivekøen er stengt".into());
    queue.send(submission).await.map_err(|_| stopped())?;
    answer.await.map_err(|_| stopped())?
}
