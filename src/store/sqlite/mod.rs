//! The SQLite store: one writer connection (SQLite has one writer anyway;
//! this avoids lock upgrades failing under load) and a small reader pool.
//! WAL with synchronous=FULL, so an acknowledged commit survives a crash.
//! The queries it shares with PostgreSQL are in `store::shared`; here is
//! what is SQLite's own: opening, block reads, bulk inserts.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool};

use super::round_cache::RoundCache;

// SQLite's one writer holds off every other writer already.
shared_store!(SqliteStore, Sqlite, read: reader, write: writer, row_id: "rowid",
    lock_responses: "SELECT 1", lock_tallies: "SELECT 1", for_update: "", tally_shard: "0",
    lock_key: "SELECT $1", lock_users: "SELECT 1");
outreach_store!(SqliteStore, Sqlite, read: reader, write: writer, skip_locked: "", for_share: "");

pub struct SqliteStore {
    writer: SqlitePool,
    reader: SqlitePool,
    /// Parsed rounds with the version they were read at (see `rounds.version`).
    cache: RoundCache,
    /// The group-commit queue for the survey's writes (one writer task).
    writes: crate::store::group_commit::Queue,
    /// Web sessions, in the same file.
    sessions: tower_sessions_sqlx_store::SqliteStore,
}

/// Response ids per block when a round's responses are read.
const READ_BLOCK: i64 = 20_000;

/// Rows per multi-row INSERT during import (5 parameters each).
const IMPORT_CHUNK: usize = 200;

impl SqliteStore {
    pub async fn open(path: &Path) -> Result<SqliteStore> {
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            // Deleted rows (a used code's hash, deleted responses) are
            // overwritten, not left in free pages of the file.
            .pragma("secure_delete", "ON")
            // The commit that takes the log past this many pages copies them
            // into the file (a checkpoint) before its submitters hear back.
            // Small, frequent checkpoints keep that wait under the latency
            // budget: at 64 connections p99 fell from 18–21 ms (the default,
            // 1,000 pages) to 14 ms at 100, at the same throughput; larger
            // ones made it worse (BENCHMARKS.md).
            .pragma("wal_autocheckpoint", "100")
            // 32 MB of page cache per connection (the default is 2 MB): an
            // import's batch touches many pages before its commit.
            .pragma("cache_size", "-32768")
            .busy_timeout(Duration::from_secs(10));
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await?;
        sqlx::migrate!("src/store/migrations/sqlite")
            .run(&writer)
            .await?;
        let sessions = tower_sessions_sqlx_store::SqliteStore::new(writer.clone());
        sessions
            .migrate()
            .await
            .map_err(|e| StoreError::Sessions(e.to_string()))?;
        let reader = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options.read_only(true))
            .await?;
        let store = SqliteStore {
            writes: crate::store::group_commit::Queue::spawn(BatchWriter::new(writer.clone()), 1),
            sessions,
            writer,
            reader,
            cache: RoundCache::default(),
        };
        store.build_missing_tallies().await?;
        Ok(store)
    }
}

impl SqliteStore {
    /// Inserts responses, each with its date, in multi-row statements.
    async fn insert_responses(tx: &mut Tx, round_id: &str, rows: DatedRows) -> Result<()> {
        let mut rows = crate::store::with_import_ids(rows).into_iter().peekable();
        while rows.peek().is_some() {
            let chunk: Vec<(i64, (String, NewResponse))> =
                rows.by_ref().take(IMPORT_CHUNK).collect();
            let mut sql = String::from(
                "INSERT INTO responses (id, round_id, unit, role, submitted_on, answers) VALUES ",
            );
            for i in 0..chunk.len() {
                sql.push_str(if i == 0 {
                    "(?,?,?,?,?,?)"
                } else {
                    ",(?,?,?,?,?,?)"
                });
            }
            let mut q = sqlx::query(&sql);
            for (id, (date, r)) in chunk {
                q = q
                    .bind(id)
                    .bind(round_id.to_string())
                    .bind(r.unit)
                    .bind(r.role)
                    .bind(date)
                    .bind(r.answers);
            }
            q.execute(&mut **tx).await?;
        }
        Ok(())
    }

    async fn read_texts(&self, round_id: &str) -> Result<Vec<(String, Option<String>, String)>> {
        // One JSON array instead of a row per text: the driver's hand-over
        // per row cost 0.09 s for the 52,000 texts of a 1M-response file.
        let joined: Option<String> = sqlx::query_scalar(
            "SELECT json_group_array(json_array(unit, relation, text))
             FROM (SELECT unit, relation, text FROM response_texts WHERE round_id = $1 ORDER BY id)",
        )
        .bind(round_id)
        .fetch_one(&self.reader)
        .await?;
        let Some(joined) = joined else {
            return Ok(Vec::new());
        };
        serde_json::from_str(&joined)
            .map_err(|e| StoreError::Corrupt(format!("fritekstene i runde {round_id}: {e}")))
    }

    async fn stream_responses(&self, round_id: &str, sink: ResponseSink<'_>) -> Result<()> {
        // Row by row, the driver's per-row hand-over costs more than the
        // reading (5 s for 350 000 rows). SQLite joins a block of rows into
        // one string instead; unit names hold no control characters (checked
        // on the way in) and JSON escapes them, so 0x1E/0x1F cannot clash.
        // Blocks follow the key (random, so not the order of answering):
        // each starts after the last id of the one before.
        let mut after = 0i64;
        loop {
            let (last, block): (Option<i64>, Option<String>) = sqlx::query_as(
                // `+round_id` keeps SQLite on the rowid order instead of the
                // (round, unit, role) index, so no sorting is needed.
                "SELECT MAX(id), group_concat(unit || char(31) || role || char(31) || answers, char(30))
                 FROM (SELECT id, unit, role, answers FROM responses
                       WHERE +round_id = $1 AND id > $2 ORDER BY id LIMIT $3)",
            )
            .bind(round_id)
            .bind(after)
            .bind(READ_BLOCK)
            .fetch_one(&self.reader)
            .await?;
            let Some(last) = last else {
                return Ok(());
            };
            after = last;
            for row in block.iter().flat_map(|b| b.split('\u{1e}')) {
                let mut parts = row.splitn(3, '\u{1f}');
                let (Some(unit), Some(role), Some(answers)) =
                    (parts.next(), parts.next(), parts.next())
                else {
                    return Err(StoreError::Corrupt(format!(
                        "svar i runde {round_id} kan ikke leses"
                    )));
                };
                sink(NewResponse {
                    unit: unit.to_string(),
                    role: role.to_string(),
                    answers: answers.to_string(),
                })?;
            }
        }
    }
}
