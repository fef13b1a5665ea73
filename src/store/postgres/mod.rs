//! The PostgreSQL store, for deployments with several trappa instances
//! behind a load balancer. Each tenant (municipality) lives in its own
//! schema, selected by the connection's search_path, so a query cannot
//! reach another tenant's rows. The survey's writes go through the shared
//! group commit with a few writer tasks (`WRITERS`). The queries it shares
//! with SQLite are in `store::shared`; here is what is PostgreSQL's own:
//! schemas, streamed reads and `UNNEST` inserts.

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgPool, Postgres};

use super::round_cache::RoundCache;

// The table of login failures has no key of its own; ctid names one
// physical row.
// Checking the kept counts holds off every writer of responses and counts
// (and other checkers: the mode conflicts with itself); adding to counts
// locks a row, in one of 16 shards drawn at random for each transaction,
// so that concurrent submissions to one unit and role do not all wait for
// the same row. (Not the connection's own shard: a server process lives for
// minutes, so its shard would tie answers to a time of day.)
shared_store!(PgStore, Postgres, read: pool, write: pool, row_id: "ctid",
    lock_responses: "LOCK TABLE responses, code_tallies IN SHARE MODE",
    lock_tallies: "LOCK TABLE responses, tallies, response_texts IN SHARE ROW EXCLUSIVE MODE",
    for_update: " FOR UPDATE", tally_shard: "floor(random() * 16)",
    lock_key: "SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':' || $1))",
    lock_users: "LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE");
outreach_store!(PgStore, Postgres, read: pool, write: pool,
    skip_locked: " FOR UPDATE OF m SKIP LOCKED", for_share: " FOR SHARE");

pub struct PgStore {
    pool: PgPool,
    /// The group-commit queue for the survey's writes.
    writes: crate::store::group_commit::Queue,
    cache: RoundCache,
    sessions: tower_sessions_sqlx_store::PostgresStore,
}

/// Connections per instance: PostgreSQL serves many instances at once.
const POOL_SIZE: u32 = 16;

/// Writer tasks of the group commit: while one commits, the next gathers.
/// Each holds a connection only while it stores a batch.
const WRITERS: usize = 4;

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
        Err(StoreError::BadSchema {
            name: schema.to_string(),
        })
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
            .map_err(|e| StoreError::Sessions(e.to_string()))?
            .with_table_name("sessions")
            .map_err(|e| StoreError::Sessions(e.to_string()))?;
        sessions
            .migrate()
            .await
            .map_err(|e| StoreError::Sessions(e.to_string()))?;
        let store = PgStore {
            writes: crate::store::group_commit::Queue::spawn(
                BatchWriter::new(pool.clone()),
                WRITERS,
            ),
            pool,
            cache: RoundCache::default(),
            sessions,
        };
        store.build_missing_tallies().await?;
        Ok(store)
    }
}

/// Rows per multi-row INSERT during import (5 parameters each).
const IMPORT_CHUNK: usize = 1000;

impl PgStore {
    /// Inserts responses, each with its date: one statement per chunk, the
    /// columns sent as arrays and unnested by the server in their order.
    async fn insert_responses(tx: &mut Tx, round_id: &str, rows: DatedRows) -> Result<()> {
        let mut rows = crate::store::with_import_ids(rows).into_iter().peekable();
        while rows.peek().is_some() {
            let (mut ids, mut dates, mut units, mut roles, mut answers) =
                (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
            for (id, (date, r)) in rows.by_ref().take(IMPORT_CHUNK) {
                ids.push(id);
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

    async fn read_texts(&self, round_id: &str) -> Result<Vec<(String, Option<String>, String)>> {
        Ok(sqlx::query_as(
            "SELECT unit, relation, text FROM response_texts WHERE round_id = $1 ORDER BY id",
        )
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn stream_responses(&self, round_id: &str, sink: ResponseSink<'_>) -> Result<()> {
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
}
