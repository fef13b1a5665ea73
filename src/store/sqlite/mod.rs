//! The SQLite store: one writer connection (SQLite has one writer anyway;
//! this avoids lock upgrades failing under load) and a small reader pool.
//! WAL with synchronous=FULL, so an acknowledged commit survives a crash.
//! Accounts and invitation codes are in `access`.

mod access;
mod group_commit;

use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, Sqlite, SqlitePool, Transaction};

use super::round_cache::{RoundCache, RoundHeader, parse_instrument};
use super::{
    Account, CodeCount, DatedResponse, GroupCount, ImportTx, NewResponse, ResponseSink, Result,
    RoundSummary, Store, StoreError, StoredCode, SubmitOutcome, today,
};
use crate::survey::{Relation, Role, Round, Unit};

pub struct SqliteStore {
    writer: SqlitePool,
    reader: SqlitePool,
    /// Parsed rounds with the version they were read at (see `rounds.version`).
    cache: RoundCache,
    /// The group-commit queue for form submissions.
    submissions: tokio::sync::mpsc::Sender<group_commit::Submission>,
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
            .map_err(|e| StoreError::Corrupt(format!("sesjonstabellen: {e}")))?;
        let reader = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options.read_only(true))
            .await?;
        Ok(SqliteStore {
            submissions: group_commit::spawn(writer.clone()),
            sessions,
            writer,
            reader,
            cache: RoundCache::default(),
        })
    }
}

async fn insert_round(tx: &mut Transaction<'static, Sqlite>, round: &Round) -> Result<()> {
    let exists = sqlx::query("SELECT 1 FROM rounds WHERE id = ?")
        .bind(&round.id)
        .fetch_optional(&mut **tx)
        .await?;
    if exists.is_some() {
        return Err(StoreError::Conflict(format!(
            "runden «{}» finnes allerede",
            round.id
        )));
    }
    sqlx::query(
        "INSERT INTO rounds (id, title, municipality, period, is_open, requires_code, created_on, k, k_comments)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&round.id)
    .bind(&round.title)
    .bind(&round.municipality)
    .bind(&round.period)
    .bind(round.open)
    .bind(round.requires_code)
    .bind(today())
    .bind(round.privacy.k as i64)
    .bind(round.privacy.k_comments as i64)
    .execute(&mut **tx)
    .await?;
    for (i, inst) in round.instruments.iter().enumerate() {
        sqlx::query(
            "INSERT INTO round_instruments (round_id, position, instrument_id, definition)
             VALUES (?, ?, ?, ?)",
        )
        .bind(&round.id)
        .bind(i as i64)
        .bind(&inst.id)
        .bind(&inst.source)
        .execute(&mut **tx)
        .await?;
    }
    for unit in &round.units {
        insert_unit(tx, &round.id, unit).await?;
    }
    for (i, r) in round.relations.iter().enumerate() {
        sqlx::query("INSERT INTO relations (round_id, position, key, label) VALUES (?, ?, ?, ?)")
            .bind(&round.id)
            .bind(i as i64)
            .bind(&r.key)
            .bind(&r.label)
            .execute(&mut **tx)
            .await?;
    }
    for r in &round.roles {
        insert_role(tx, &round.id, &r.key, &r.label).await?;
    }
    Ok(())
}

async fn insert_unit(
    tx: &mut Transaction<'static, Sqlite>,
    round_id: &str,
    unit: &Unit,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO units (round_id, position, name, invited)
         VALUES (?, (SELECT COALESCE(MAX(position), -1) + 1 FROM units WHERE round_id = ?), ?, ?)",
    )
    .bind(round_id)
    .bind(round_id)
    .bind(&unit.name)
    .bind(unit.invited.map(i64::from))
    .execute(&mut **tx)
    .await?;
    bump_version(tx, round_id).await
}

async fn bump_version(tx: &mut Transaction<'static, Sqlite>, round_id: &str) -> Result<()> {
    sqlx::query("UPDATE rounds SET version = version + 1 WHERE id = ?")
        .bind(round_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn insert_role(
    tx: &mut Transaction<'static, Sqlite>,
    round_id: &str,
    key: &str,
    label: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO roles (round_id, position, key, label)
         VALUES (?, (SELECT COALESCE(MAX(position), -1) + 1 FROM roles WHERE round_id = ?), ?, ?)",
    )
    .bind(round_id)
    .bind(round_id)
    .bind(key)
    .bind(label)
    .execute(&mut **tx)
    .await?;
    bump_version(tx, round_id).await
}

/// Inserts responses, each with its date, in multi-row statements.
async fn insert_responses(
    tx: &mut Transaction<'static, Sqlite>,
    round_id: &str,
    rows: Vec<(String, NewResponse)>,
) -> Result<()> {
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<(String, NewResponse)> = rows.by_ref().take(IMPORT_CHUNK).collect();
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
        for (date, r) in chunk {
            q = q
                .bind(crate::store::new_response_id())
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

#[async_trait]
impl Store for SqliteStore {
    async fn rounds(&self) -> Result<Vec<RoundSummary>> {
        let rows = sqlx::query(
            "SELECT r.id, r.title, r.municipality, r.period, r.is_open,
                    (SELECT COUNT(*) FROM responses s WHERE s.round_id = r.id) AS n
             FROM rounds r ORDER BY r.period DESC, r.id DESC",
        )
        .fetch_all(&self.reader)
        .await?;
        Ok(rows
            .iter()
            .map(|r| RoundSummary {
                id: r.get("id"),
                title: r.get("title"),
                municipality: r.get("municipality"),
                period: r.get("period"),
                open: r.get("is_open"),
                responses: r.get::<i64, _>("n") as u64,
            })
            .collect())
    }

    async fn round(&self, id: &str) -> Result<Option<Arc<Round>>> {
        let Some(row) = sqlx::query(
            "SELECT id, title, municipality, period, is_open, requires_code, version, k, k_comments
             FROM rounds WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(&self.reader)
        .await?
        else {
            return Ok(None);
        };
        let version: i64 = row.get("version");
        if let Some(round) = self.cache.get(id, version) {
            return Ok(Some(round));
        }
        let instruments = sqlx::query(
            "SELECT instrument_id, definition FROM round_instruments
             WHERE round_id = ? ORDER BY position",
        )
        .bind(id)
        .fetch_all(&self.reader)
        .await?
        .iter()
        .map(|r| parse_instrument(id, r.get("instrument_id"), r.get("definition")))
        .collect::<Result<Vec<_>>>()?;
        let units =
            sqlx::query("SELECT name, invited FROM units WHERE round_id = ? ORDER BY position")
                .bind(id)
                .fetch_all(&self.reader)
                .await?
                .iter()
                .map(|r| Unit {
                    name: r.get("name"),
                    invited: r.get::<Option<i64>, _>("invited").map(|n| n as u32),
                })
                .collect();
        let relations =
            sqlx::query("SELECT key, label FROM relations WHERE round_id = ? ORDER BY position")
                .bind(id)
                .fetch_all(&self.reader)
                .await?
                .iter()
                .map(|r| Relation {
                    key: r.get("key"),
                    label: r.get("label"),
                })
                .collect();
        let roles =
            sqlx::query("SELECT key, label FROM roles WHERE round_id = ? ORDER BY position")
                .bind(id)
                .fetch_all(&self.reader)
                .await?
                .iter()
                .map(|r| Role {
                    key: r.get("key"),
                    label: r.get("label"),
                })
                .collect();
        let header = RoundHeader {
            id: row.get("id"),
            title: row.get("title"),
            municipality: row.get("municipality"),
            period: row.get("period"),
            open: row.get("is_open"),
            requires_code: row.get("requires_code"),
            k: row.get("k"),
            k_comments: row.get("k_comments"),
        };
        self.cache
            .assemble(header, version, instruments, units, relations, roles)
            .map(Some)
    }

    async fn create_round(&self, round: &Round) -> Result<()> {
        let mut tx = self.writer.begin().await?;
        insert_round(&mut tx, round).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_open(&self, id: &str, open: bool) -> Result<()> {
        let done = sqlx::query("UPDATE rounds SET is_open = ?, version = version + 1 WHERE id = ?")
            .bind(open)
            .bind(id)
            .execute(&self.writer)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(format!("runden «{id}» finnes ikke")));
        }
        Ok(())
    }

    async fn submit(
        &self,
        round_id: &str,
        token: &str,
        code: Option<&str>,
        response: &NewResponse,
    ) -> Result<SubmitOutcome> {
        group_commit::submit(&self.submissions, round_id, token, code, response).await
    }

    async fn counts(&self, round_id: &str) -> Result<Vec<GroupCount>> {
        let rows = sqlx::query(
            "SELECT unit, role, COUNT(*) AS n FROM responses WHERE round_id = ? GROUP BY unit, role",
        )
        .bind(round_id)
        .fetch_all(&self.reader)
        .await?;
        Ok(rows
            .iter()
            .map(|r| GroupCount {
                unit: r.get("unit"),
                role: r.get("role"),
                n: r.get::<i64, _>("n") as u64,
            })
            .collect())
    }

    async fn responses(&self, round_id: &str, sink: ResponseSink<'_>) -> Result<()> {
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
                       WHERE +round_id = ? AND id > ? ORDER BY id LIMIT ?)",
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

    async fn responses_page(
        &self,
        round_id: &str,
        after: i64,
        limit: i64,
    ) -> Result<Vec<DatedResponse>> {
        let rows = sqlx::query(
            "SELECT id, submitted_on, unit, role, answers FROM responses
             WHERE round_id = ? AND id > ? ORDER BY id LIMIT ?",
        )
        .bind(round_id)
        .bind(after)
        .bind(limit)
        .fetch_all(&self.reader)
        .await?;
        Ok(rows.iter().map(dated).collect())
    }

    async fn delete_responses(&self, round_id: &str) -> Result<u64> {
        let mut tx = self.writer.begin().await?;
        let deleted = sqlx::query("DELETE FROM responses WHERE round_id = ?")
            .bind(round_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        sqlx::query(
            "INSERT INTO audit_log (on_date, action, detail) VALUES (?, 'slettet svar', ?)",
        )
        .bind(today())
        .bind(format!("runde {round_id}: {deleted} svar"))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(deleted)
    }

    async fn audit_log(&self) -> Result<Vec<(String, String, String)>> {
        Ok(
            sqlx::query_as("SELECT on_date, action, detail FROM audit_log ORDER BY id DESC")
                .fetch_all(&self.reader)
                .await?,
        )
    }

    async fn begin_import(&self) -> Result<Box<dyn ImportTx>> {
        Ok(Box::new(SqliteImport {
            tx: self.writer.begin().await?,
        }))
    }
}

fn dated(r: &sqlx::sqlite::SqliteRow) -> DatedResponse {
    DatedResponse {
        id: r.get("id"),
        date: r.get("submitted_on"),
        response: NewResponse {
            unit: r.get("unit"),
            role: r.get("role"),
            answers: r.get("answers"),
        },
    }
}

struct SqliteImport {
    tx: Transaction<'static, Sqlite>,
}

#[async_trait]
impl ImportTx for SqliteImport {
    async fn create_round(&mut self, round: &Round) -> Result<()> {
        insert_round(&mut self.tx, round).await
    }

    async fn add_unit(&mut self, round_id: &str, unit: &Unit) -> Result<()> {
        insert_unit(&mut self.tx, round_id, unit).await
    }

    async fn add_role(&mut self, round_id: &str, key: &str, label: &str) -> Result<()> {
        insert_role(&mut self.tx, round_id, key, label).await
    }

    async fn insert(&mut self, round_id: &str, rows: Vec<NewResponse>) -> Result<()> {
        let date = today();
        let rows = rows.into_iter().map(|r| (date.clone(), r)).collect();
        insert_responses(&mut self.tx, round_id, rows).await
    }

    async fn insert_dated(
        &mut self,
        round_id: &str,
        rows: Vec<(String, NewResponse)>,
    ) -> Result<()> {
        insert_responses(&mut self.tx, round_id, rows).await
    }

    async fn add_codes(
        &mut self,
        round_id: &str,
        codes: &[StoredCode],
        tallies: &[CodeCount],
    ) -> Result<()> {
        for c in codes {
            sqlx::query(
                "INSERT INTO invitation_codes (code_hash, round_id, unit) VALUES (?, ?, ?)",
            )
            .bind(&c.hash)
            .bind(round_id)
            .bind(&c.unit)
            .execute(&mut *self.tx)
            .await?;
        }
        for t in tallies {
            sqlx::query(
                "INSERT INTO code_tallies (round_id, unit, made, used) VALUES (?, ?, ?, ?)",
            )
            .bind(round_id)
            .bind(&t.unit)
            .bind(t.made as i64)
            .bind(t.used as i64)
            .execute(&mut *self.tx)
            .await?;
        }
        Ok(())
    }

    async fn add_account(&mut self, account: &Account) -> Result<()> {
        access::insert_account(&mut self.tx, account).await
    }

    async fn add_audit(&mut self, date: &str, action: &str, detail: &str) -> Result<()> {
        sqlx::query("INSERT INTO audit_log (on_date, action, detail) VALUES (?, ?, ?)")
            .bind(date)
            .bind(action)
            .bind(detail)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    async fn commit(self: Box<Self>) -> Result<()> {
        self.tx.commit().await?;
        Ok(())
    }
}
