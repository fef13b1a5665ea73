//! Storage behind the `Store` trait. SQLite (embedded, WAL, synchronous=FULL)
//! is the default; the trait keeps room for a PostgreSQL implementation.

mod group_commit;
mod sqlite;

use std::sync::Arc;

use async_trait::async_trait;

use crate::survey::{Round, Unit};

pub use sqlite::SqliteStore;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("databasen inneholder data som ikke kan leses: {0}")]
    Corrupt(String),
    #[error("databasefeil: {0}")]
    Db(#[from] sqlx::Error),
    #[error("databasen kan ikke oppgraderes: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A round in a list, with its number of responses.
#[derive(Debug, Clone, PartialEq)]
pub struct RoundSummary {
    pub id: String,
    pub title: String,
    pub municipality: String,
    pub period: String,
    pub open: bool,
    pub responses: u64,
}

/// A response on its way in: unit, role and the answers as a JSON array
/// (see `survey::answer::encode_answers`).
#[derive(Debug, Clone, PartialEq)]
pub struct NewResponse {
    pub unit: String,
    pub role: String,
    pub answers: String,
}

/// Number of responses for one unit and role.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupCount {
    pub unit: String,
    pub role: String,
    pub n: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubmitOutcome {
    Stored,
    /// The form's token was used before: the first submission stands.
    AlreadyStored,
}

/// Receives stored responses one at a time (export, analysis).
pub type ResponseSink<'a> = &'a mut (dyn FnMut(NewResponse) -> Result<()> + Send);

#[async_trait]
pub trait Store: Send + Sync {
    async fn rounds(&self) -> Result<Vec<RoundSummary>>;
    /// A round with its definitions; shared, since it is read on every form.
    async fn round(&self, id: &str) -> Result<Option<Arc<Round>>>;
    /// Fails with `Conflict` when a round with the same id exists.
    async fn create_round(&self, round: &Round) -> Result<()>;
    async fn set_open(&self, id: &str, open: bool) -> Result<()>;
    /// Stores one response durably, once per token.
    async fn submit(
        &self,
        round_id: &str,
        token: &str,
        response: &NewResponse,
    ) -> Result<SubmitOutcome>;
    async fn counts(&self, round_id: &str) -> Result<Vec<GroupCount>>;
    /// Streams a round's responses in the order they were stored.
    async fn responses(&self, round_id: &str, sink: ResponseSink<'_>) -> Result<()>;
    /// Deletes every response of a round, for good, and notes it in the
    /// audit log (same transaction). Returns how many were deleted.
    async fn delete_responses(&self, round_id: &str) -> Result<u64>;
    /// The audit log, newest first: (date, action, detail).
    async fn audit_log(&self) -> Result<Vec<(String, String, String)>>;
    /// Starts an all-or-nothing import.
    async fn begin_import(&self) -> Result<Box<dyn ImportTx>>;
    /// The administrator key, made on first use; `true` when it was just made.
    async fn admin_key(&self) -> Result<(String, bool)>;
}

/// One import transaction: nothing is visible until `commit`; dropping it
/// without commit rolls everything back.
#[async_trait]
pub trait ImportTx: Send {
    async fn create_round(&mut self, round: &Round) -> Result<()>;
    async fn add_unit(&mut self, round_id: &str, unit: &Unit) -> Result<()>;
    async fn add_role(&mut self, round_id: &str, key: &str, label: &str) -> Result<()>;
    /// Takes the rows by value, so their text moves into the database driver.
    async fn insert(&mut self, round_id: &str, rows: Vec<NewResponse>) -> Result<()>;
    async fn commit(self: Box<Self>) -> Result<()>;
}

/// Opens the store a database URL names: `sqlite:PATH` or a plain path.
pub async fn open(url: &str) -> anyhow::Result<Arc<dyn Store>> {
    if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        anyhow::bail!(
            "PostgreSQL støttes ikke ennå i denne versjonen; bruk en SQLite-fil (standard: trappa.db)"
        );
    }
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    Ok(Arc::new(
        SqliteStore::open(std::path::Path::new(path)).await?,
    ))
}

/// Today's date as `YYYY-MM-DD`: the finest time a response carries.
pub fn today() -> String {
    let d = time::OffsetDateTime::now_utc().date();
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}
