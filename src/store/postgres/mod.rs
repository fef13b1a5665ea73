//! The PostgreSQL store, for deployments with several trappa instances
//! behind a load balancer. Each tenant (municipality) lives in its own
//! schema, selected by the connection's search_path, so a query cannot
//! reach another tenant's rows. PostgreSQL commits durably itself and
//! shares a WAL flush between concurrent commits, so submissions need no
//! group-commit queue of our own. Accounts and codes are in `access`.

mod access;

use std::sync::Arc;

use async_trait::async_trait;
use futures_util::TryStreamExt;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgPool, Postgres, Row, Transaction};

use super::round_cache::{RoundCache, RoundHeader, parse_instrument};
use super::{
    Account, CodeCount, DatedResponse, GroupCount, ImportTx, NewResponse, ResponseSink, Result,
    RoundSummary, Store, StoreError, StoredCode, SubmitOutcome, today,
};
use crate::survey::{Relation, Role, Round, Unit};

pub struct PgStore {
    pool: PgPool,
    cache: RoundCache,
    sessions: tower_sessions_sqlx_store::PostgresStore,
}

/// Connections per instance: PostgreSQL serves many instances at once.
const POOL_SIZE: u32 = 16;

/// A schema name: a tenant's key, checked so it can be quoted safely.
pub fn check_schema(schema: &str) -> Result<()> {
    let ok = !schema.is_empty()
        && schema.len() <= 50
        && schema
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !schema.starts_with("pg_");
    if ok {
        Ok(())
    } else {
        Err(StoreError::Conflict(format!(
            "ugyldig skjemanavn «{schema}»: bruk a–z, 0–9 og _ (høyst 50 tegn)"
        )))
    }
}

impl PgStore {
    /// Connects to `url` and uses (and makes, if needed) the tenant's schema.
    pub async fn open(url: &str, schema: &str) -> Result<PgStore> {
        check_schema(schema)?;
        let options: PgConnectOptions = url.parse()?;
        // Make the schema with a plain connection first; the pool then
        // starts every connection inside it.
        let admin = PgPoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await?;
        sqlx::query(&format!("CREATE SCHEMA IF NOT EXISTS \"{schema}\""))
            .execute(&admin)
            .await?;
        admin.close().await;
        let pool = PgPoolOptions::new()
            .max_connections(POOL_SIZE)
            .connect_with(options.options([("search_path", schema)]))
            .await?;
        sqlx::migrate!("src/store/migrations/postgres")
            .run(&pool)
            .await?;
        let sessions = tower_sessions_sqlx_store::PostgresStore::new(pool.clone())
            .with_schema_name(schema)
            .map_err(|e| StoreError::Corrupt(format!("sesjonstabellen: {e}")))?
            .with_table_name("sessions")
            .map_err(|e| StoreError::Corrupt(format!("sesjonstabellen: {e}")))?;
        sessions
            .migrate()
            .await
            .map_err(|e| StoreError::Corrupt(format!("sesjonstabellen: {e}")))?;
        Ok(PgStore {
            pool,
            cache: RoundCache::default(),
            sessions,
        })
    }
}

async fn insert_round(tx: &mut Transaction<'static, Postgres>, round: &Round) -> Result<()> {
    let added = sqlx::query(
        "INSERT INTO rounds (id, title, municipality, period, is_open, requires_code, created_on, k, k_comments)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING",
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
    if added.rows_affected() == 0 {
        return Err(StoreError::Conflict(format!(
            "runden «{}» finnes allerede",
            round.id
        )));
    }
    for (i, inst) in round.instruments.iter().enumerate() {
        sqlx::query(
            "INSERT INTO round_instruments (round_id, position, instrument_id, definition)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(&round.id)
        .bind(i as i32)
        .bind(&inst.id)
        .bind(&inst.source)
        .execute(&mut **tx)
        .await?;
    }
    for unit in &round.units {
        insert_unit(tx, &round.id, unit).await?;
    }
    for (i, r) in round.relations.iter().enumerate() {
        sqlx::query(
            "INSERT INTO relations (round_id, position, key, label) VALUES ($1, $2, $3, $4)",
        )
        .bind(&round.id)
        .bind(i as i32)
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
    tx: &mut Transaction<'static, Postgres>,
    round_id: &str,
    unit: &Unit,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO units (round_id, position, name, invited)
         VALUES ($1, (SELECT COALESCE(MAX(position), -1) + 1 FROM units WHERE round_id = $1), $2, $3)",
    )
    .bind(round_id)
    .bind(&unit.name)
    .bind(unit.invited.map(|n| n as i32))
    .execute(&mut **tx)
    .await?;
    bump_version(tx, round_id).await
}

async fn insert_role(
    tx: &mut Transaction<'static, Postgres>,
    round_id: &str,
    key: &str,
    label: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO roles (round_id, position, key, label)
         VALUES ($1, (SELECT COALESCE(MAX(position), -1) + 1 FROM roles WHERE round_id = $1), $2, $3)",
    )
    .bind(round_id)
    .bind(key)
    .bind(label)
    .execute(&mut **tx)
    .await?;
    bump_version(tx, round_id).await
}

async fn bump_version(tx: &mut Transaction<'static, Postgres>, round_id: &str) -> Result<()> {
    sqlx::query("UPDATE rounds SET version = version + 1 WHERE id = $1")
        .bind(round_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Rows per multi-row INSERT during import (5 parameters each).
const IMPORT_CHUNK: usize = 1000;

/// Inserts responses, each with its date: one statement per chunk, the
/// columns sent as arrays and unnested by the server in their order.
async fn insert_responses(
    tx: &mut Transaction<'static, Postgres>,
    round_id: &str,
    rows: Vec<(String, NewResponse)>,
) -> Result<()> {
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let (mut ids, mut dates, mut units, mut roles, mut answers) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (date, r) in rows.by_ref().take(IMPORT_CHUNK) {
            ids.push(crate::store::new_response_id());
            dates.push(date);
            units.push(r.unit);
            roles.push(r.role);
            answers.push(r.answers);
        }
        sqlx::query(
            "INSERT INTO responses (id, round_id, unit, role, submitted_on, answers)
             SELECT i, $1, u, r, d, a
             FROM UNNEST($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[])
                  WITH ORDINALITY AS t(u, r, d, a, i, n)
             ORDER BY n",
        )
        .bind(round_id)
        .bind(units)
        .bind(roles)
        .bind(dates)
        .bind(answers)
        .bind(ids)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

#[async_trait]
impl Store for PgStore {
    async fn rounds(&self) -> Result<Vec<RoundSummary>> {
        let rows = sqlx::query(
            "SELECT r.id, r.title, r.municipality, r.period, r.is_open,
                    (SELECT COUNT(*) FROM responses s WHERE s.round_id = r.id) AS n
             FROM rounds r ORDER BY r.period DESC, r.id DESC",
        )
        .fetch_all(&self.pool)
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
             FROM rounds WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
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
             WHERE round_id = $1 ORDER BY position",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| parse_instrument(id, r.get("instrument_id"), r.get("definition")))
        .collect::<Result<Vec<_>>>()?;
        let units =
            sqlx::query("SELECT name, invited FROM units WHERE round_id = $1 ORDER BY position")
                .bind(id)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|r| Unit {
                    name: r.get("name"),
                    invited: r.get::<Option<i32>, _>("invited").map(|n| n as u32),
                })
                .collect();
        let relations =
            sqlx::query("SELECT key, label FROM relations WHERE round_id = $1 ORDER BY position")
                .bind(id)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|r| Relation {
                    key: r.get("key"),
                    label: r.get("label"),
                })
                .collect();
        let roles =
            sqlx::query("SELECT key, label FROM roles WHERE round_id = $1 ORDER BY position")
                .bind(id)
                .fetch_all(&self.pool)
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
        let mut tx = self.pool.begin().await?;
        insert_round(&mut tx, round).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_open(&self, id: &str, open: bool) -> Result<()> {
        let done =
            sqlx::query("UPDATE rounds SET is_open = $1, version = version + 1 WHERE id = $2")
                .bind(open)
                .bind(id)
                .execute(&self.pool)
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
        let date = today();
        let mut tx = self.pool.begin().await?;
        let fresh = sqlx::query(
            "INSERT INTO submission_tokens (token, used_on) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(token)
        .bind(&date)
        .execute(&mut *tx)
        .await?;
        if fresh.rows_affected() == 0 {
            // Another instance may have stored it a moment ago: same answer.
            return Ok(SubmitOutcome::AlreadyStored);
        }
        if let Some(code) = code {
            // Deleted, not flagged: an updated row would carry this
            // transaction's id (xmin), the same as the response's. Two
            // instances racing for one code serialise on its row, and only
            // one delete finds it.
            let spent = sqlx::query(
                "DELETE FROM invitation_codes WHERE code_hash = $1 AND round_id = $2 AND unit = $3",
            )
            .bind(code)
            .bind(round_id)
            .bind(&response.unit)
            .execute(&mut *tx)
            .await?;
            if spent.rows_affected() == 0 {
                return Ok(SubmitOutcome::CodeRefused); // rolls back the token
            }
            sqlx::query(
                "UPDATE code_tallies SET used = used + 1 WHERE round_id = $1 AND unit = $2",
            )
            .bind(round_id)
            .bind(&response.unit)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "INSERT INTO responses (id, round_id, unit, role, submitted_on, answers)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(crate::store::new_response_id())
        .bind(round_id)
        .bind(&response.unit)
        .bind(&response.role)
        .bind(&date)
        .bind(&response.answers)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(SubmitOutcome::Stored)
    }

    async fn counts(&self, round_id: &str) -> Result<Vec<GroupCount>> {
        let rows = sqlx::query(
            "SELECT unit, role, COUNT(*) AS n FROM responses WHERE round_id = $1 GROUP BY unit, role",
        )
        .bind(round_id)
        .fetch_all(&self.pool)
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
        let mut rows = sqlx::query_as::<_, (String, String, String)>(
            "SELECT unit, role, answers FROM responses WHERE round_id = $1 ORDER BY id",
        )
        .bind(round_id)
        .fetch(&self.pool);
        while let Some((unit, role, answers)) = rows.try_next().await? {
            sink(NewResponse {
                unit,
                role,
                answers,
            })?;
        }
        Ok(())
    }

    async fn responses_page(
        &self,
        round_id: &str,
        after: i64,
        limit: i64,
    ) -> Result<Vec<DatedResponse>> {
        let rows = sqlx::query(
            "SELECT id, submitted_on, unit, role, answers FROM responses
             WHERE round_id = $1 AND id > $2 ORDER BY id LIMIT $3",
        )
        .bind(round_id)
        .bind(after)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| DatedResponse {
                id: r.get("id"),
                date: r.get("submitted_on"),
                response: NewResponse {
                    unit: r.get("unit"),
                    role: r.get("role"),
                    answers: r.get("answers"),
                },
            })
            .collect())
    }

    async fn delete_responses(&self, round_id: &str) -> Result<u64> {
        let mut tx = self.pool.begin().await?;
        let deleted = sqlx::query("DELETE FROM responses WHERE round_id = $1")
            .bind(round_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        sqlx::query(
            "INSERT INTO audit_log (on_date, action, detail) VALUES ($1, 'slettet svar', $2)",
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
                .fetch_all(&self.pool)
                .await?,
        )
    }

    async fn begin_import(&self) -> Result<Box<dyn ImportTx>> {
        Ok(Box::new(PgImport {
            tx: self.pool.begin().await?,
        }))
    }
}

struct PgImport {
    tx: Transaction<'static, Postgres>,
}

#[async_trait]
impl ImportTx for PgImport {
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
                "INSERT INTO invitation_codes (code_hash, round_id, unit) VALUES ($1, $2, $3)",
            )
            .bind(&c.hash)
            .bind(round_id)
            .bind(&c.unit)
            .execute(&mut *self.tx)
            .await?;
        }
        for t in tallies {
            sqlx::query(
                "INSERT INTO code_tallies (round_id, unit, made, used) VALUES ($1, $2, $3, $4)",
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
        sqlx::query("INSERT INTO audit_log (on_date, action, detail) VALUES ($1, $2, $3)")
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
