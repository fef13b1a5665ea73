//! Storage behind the `Store` trait: SQLite (embedded, WAL, synchronous=FULL)
//! by default, PostgreSQL for deployments on several machines (`postgres://`
//! URLs, a schema per tenant). The queries both share are written once, in
//! `shared`; each backend keeps only what really differs.
//! Everything an instance must agree on with other instances (sessions,
//! login failures, one-time codes, submission tokens) lives here.

#[macro_use]
mod shared;
#[macro_use]
pub mod outreach;
mod group_commit;
pub mod migrate;
mod postgres;
mod round_cache;
mod sessions;
mod sqlite;

use std::sync::Arc;

use async_trait::async_trait;

use crate::auth::AccountRole;
use crate::learning::{Area, MeasureInput, NewArea, Reflection};
use crate::survey::round::Role;
use crate::survey::tally::{FreeText, Tally};
use crate::survey::{Round, Unit};

pub use postgres::PgStore;
pub use sessions::Sessions;
pub use sqlite::SqliteStore;

/// What went wrong, as data. `Display` gives the command line's bokmål
/// words; the web turns each variant into a Fluent message of its own.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("runden «{id}» finnes ikke")]
    RoundNotFound { id: String },
    #[error("runde «{round}» har ingen enhet som heter «{unit}»")]
    UnitNotFound { round: String, unit: String },
    #[error("brukeren «{name}» finnes ikke")]
    AccountNotFound { name: String },
    #[error("«{name}» er den eneste administratoren; legg til en ny før du fjerner denne")]
    LastAdministrator { name: String },
    #[error("runden «{id}» finnes allerede")]
    RoundExists { id: String },
    /// Invitations by e-mail go out only while a round is open.
    #[error("runden «{id}» er ikke åpen")]
    RoundNotOpen { id: String },
    #[error("brukeren «{name}» finnes allerede")]
    AccountExists { name: String },
    /// A round's units and title change only until its first answer.
    #[error("runden «{id}» har fått svar og kan ikke lenger endres")]
    RoundHasAnswers { id: String },
    /// A unit with invitation codes cannot leave its round.
    #[error("enheten «{unit}» har invitasjonskoder og kan ikke fjernes")]
    UnitHasCodes { unit: String },
    #[error("området {id} finnes ikke")]
    AreaNotFound { id: i64 },
    #[error("tiltaket {id} finnes ikke")]
    MeasureNotFound { id: i64 },
    #[error("gruppearket {id} finnes ikke")]
    SheetNotFound { id: i64 },
    /// The same statement or relation is already an area for that unit
    /// (or the municipality) after that round.
    #[error("det er allerede valgt som område etter runde {round}")]
    AreaExists { round: String },
    /// A PostgreSQL tenant's schema name that cannot be used.
    #[error("ugyldig skjemanavn «{name}»: bruk a–z, 0–9 og _ (høyst 50 tegn)")]
    BadSchema { name: String },
    /// Stored data that no longer reads back (a definition, an answer list).
    #[error("databasen inneholder data som ikke kan leses: {0}")]
    Corrupt(String),
    /// The web sessions' table could not be set up.
    #[error("sesjonstabellen kan ikke tas i bruk: {0}")]
    Sessions(String),
    /// A response sink asked to stop (it failed on its own side and keeps
    /// its own error).
    #[error("lesingen ble stanset")]
    Stopped,
    /// The SQLite writer task has stopped (the process is shutting down).
    #[error("skrivekøen er stengt")]
    WriterStopped,
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
    /// Open now or at some time (a round made and never opened is not
    /// "closed" to the administrator).
    pub was_opened: bool,
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

/// A stored response with its id (its place in the order) and its date.
#[derive(Debug, Clone, PartialEq)]
pub struct DatedResponse {
    pub id: i64,
    /// `YYYY-MM-DD`: the finest time a response carries.
    pub date: String,
    pub response: NewResponse,
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct AuditEntry {
    /// `YYYY-MM-DD`.
    #[sqlx(rename = "on_date")]
    pub date: String,
    pub action: String,
    pub detail: String,
}

/// An invitation code that can still be used: its hash and unit.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredCode {
    pub hash: String,
    pub unit: String,
}

/// Number of responses for one unit and role.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupCount {
    pub unit: String,
    pub role: String,
    pub n: u64,
}

/// The kept counts of one unit and role (see `survey::tally`).
#[derive(Debug, Clone, PartialEq)]
pub struct UnitTally {
    pub unit: String,
    pub role: String,
    pub tally: Tally,
}

/// A round's kept counts and free texts at one moment.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Snapshot {
    pub tallies: Vec<UnitTally>,
    pub texts: Vec<StoredText>,
}

/// What leaders and readers are shown of a round: the copy made when it
/// was last published.
#[derive(Debug, Clone, PartialEq)]
pub struct Published {
    /// 1 for the copy made at closing, then one more per publication.
    pub version: u32,
    /// False once the round's answers were deleted: nothing is shown, and
    /// the copy is kept to check answers imported anew against.
    pub shown: bool,
    pub snapshot: Snapshot,
}

/// Whether a round's answers as they stand (the first) may replace the
/// copy published before, given every version ever published (oldest
/// first; none before the first publication). The check may note why not.
pub type MayPublish<'a> = &'a (dyn Fn(&Snapshot, &[Snapshot]) -> bool + Send + Sync);

/// A kept free text with its unit.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredText {
    pub unit: String,
    pub text: FreeText,
}

/// What checking a round's kept counts against its responses found.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TallyCheck {
    /// Responses read.
    pub responses: u64,
    /// (unit, role) whose kept counts were wrong, now rebuilt.
    pub differing: Vec<(String, String)>,
    /// Whether the kept free texts were wrong, now rebuilt.
    pub texts_differ: bool,
}

impl TallyCheck {
    pub fn agrees(&self) -> bool {
        self.differing.is_empty() && !self.texts_differ
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubmitOutcome {
    Stored,
    /// The form's token was used before: the first submission stands.
    AlreadyStored,
    /// The invitation code is unknown for this round and unit, or used.
    CodeRefused,
}

/// How far a stepped form has come, by its token.
#[derive(Debug, Clone, PartialEq)]
pub enum Progress {
    /// Its response is stored.
    Stored,
    /// In progress: the answers kept so far, if any (as JSON).
    Draft(Option<String>),
}

/// An account for someone who runs or reads the survey.
#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    pub name: String,
    pub role: AccountRole,
    /// The units a leader may see unit reports for.
    pub units: Vec<String>,
    pub password_hash: String,
    /// Changes with the password; a session remembers the one it began with.
    pub generation: i64,
    /// The day it last signed in (`YYYY-MM-DD`), if ever.
    pub last_login: Option<String>,
}

/// Codes made and used for one unit of a round.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CodeCount {
    pub unit: String,
    pub made: u64,
    pub used: u64,
}

/// Receives stored responses one at a time (export, analysis).
pub type ResponseSink<'a> = &'a mut (dyn FnMut(NewResponse) -> Result<()> + Send);

#[async_trait]
pub trait Store: Accounts + Invitations + FollowUp + outreach::Outreach + Send + Sync {
    async fn rounds(&self) -> Result<Vec<RoundSummary>>;
    /// A round with its definitions; shared, since it is read on every form.
    async fn round(&self, id: &str) -> Result<Option<Arc<Round>>>;
    /// Fails with `RoundExists` when a round with the same id exists.
    async fn create_round(&self, round: &Round) -> Result<()>;
    async fn set_open(&self, id: &str, open: bool) -> Result<()>;
    /// Changes a round's title and units (names, invited counts and areas)
    /// until its first answer: `RoundHasAnswers` after it, even once the
    /// answers are deleted; `UnitHasCodes` for a unit with codes that
    /// `units` leaves out. Logged with `by`.
    async fn edit_round(&self, id: &str, title: &str, units: &[Unit], by: &str) -> Result<()>;
    /// Whether the round's answers were deleted after it had some.
    async fn had_answers(&self, id: &str) -> Result<bool>;
    /// Stores one response durably, once per token, and adds it to the
    /// round's kept counts in the same transaction. With a code (its hash),
    /// the code is spent in the same transaction, and nothing links the two.
    async fn submit(
        &self,
        round: &Round,
        token: &str,
        code: Option<&str>,
        response: &NewResponse,
    ) -> Result<SubmitOutcome>;
    /// Responses per unit and role, from the kept counts.
    async fn counts(&self, round_id: &str) -> Result<Vec<GroupCount>>;
    /// The kept counts of a round, per unit and role with responses.
    async fn tallies(&self, round_id: &str) -> Result<Vec<UnitTally>>;
    /// The kept free texts of a round, in an order that tells nothing.
    async fn texts(&self, round_id: &str) -> Result<Vec<StoredText>>;
    /// Counts a round's responses again and compares them with the kept
    /// counts and texts; where they differ, the kept ones are rebuilt (in
    /// one transaction that holds off every writer) and the audit log
    /// notes it.
    async fn check_tallies(&self, round: &Round) -> Result<TallyCheck>;
    /// Streams a round's responses in the order they were stored.
    async fn responses(&self, round_id: &str, sink: ResponseSink<'_>) -> Result<()>;
    /// Up to `limit` responses stored after the one with id `after`, with
    /// their ids and dates, in order: for moving a database, page by page.
    async fn responses_page(
        &self,
        round_id: &str,
        after: i64,
        limit: i64,
    ) -> Result<Vec<DatedResponse>>;
    /// Deletes every response of a round, for good, and notes it in the
    /// audit log (same transaction). Returns how many were deleted. Its
    /// published copy is no longer shown, but kept (see `Published`).
    async fn delete_responses(&self, round_id: &str) -> Result<u64>;
    /// The round's published copy, if it was ever published.
    async fn published(&self, round_id: &str) -> Result<Option<Published>>;
    /// The round's published version and whether it is shown, without the
    /// copy itself.
    async fn publication(&self, round_id: &str) -> Result<Option<(u32, bool)>>;
    /// Every version of the round ever published, oldest first.
    async fn published_history(&self, round_id: &str) -> Result<Vec<Snapshot>>;
    /// Publishes the round's answers as they stand, if `may` allows it given
    /// them and the copy published before; in one transaction that holds off
    /// every writer, so nothing changes between the check and the copy.
    /// Returns the new version, or `None` where `may` said no.
    async fn publish(&self, round_id: &str, may: MayPublish<'_>) -> Result<Option<u32>>;
    /// The audit log, newest first.
    async fn audit_log(&self) -> Result<Vec<AuditEntry>>;
    /// Starts an all-or-nothing import.
    async fn begin_import(&self) -> Result<Box<dyn ImportTx>>;
}

/// Accounts, login failures and sessions.
#[async_trait]
pub trait Accounts: Send + Sync {
    async fn account(&self, name: &str) -> Result<Option<Account>>;
    async fn accounts(&self) -> Result<Vec<Account>>;
    /// Fails with `AccountExists` when the name is taken.
    async fn add_account(&self, account: &Account) -> Result<()>;
    /// Sets a new password hash and ends the account's sessions.
    async fn set_password(&self, name: &str, password_hash: &str) -> Result<()>;
    async fn remove_account(&self, name: &str) -> Result<()>;
    /// Takes a login attempt at `at` under both keys (the account, the
    /// address), counted as failed until `login_succeeded`, unless a key
    /// already has as many failures at or after `since` as `most` allows
    /// it: then takes nothing and answers false. One atomic step, so that
    /// attempts at the same moment, on any instance, each count the others.
    /// Forgets failures before `since`.
    async fn reserve_login(
        &self,
        keys: &[String; 2],
        most: [u64; 2],
        at: i64,
        since: i64,
    ) -> Result<bool>;
    /// A login proved right: forgets every failure of `account_key`, and
    /// the one provisional failure noted at `at` under `address_key` (the
    /// address keeps its real failures).
    async fn login_succeeded(&self, account_key: &str, address_key: &str, at: i64) -> Result<()>;
    /// Notes today as the account's last sign-in.
    async fn note_login(&self, name: &str) -> Result<()>;
    /// The session store for the web layer, in the same database.
    fn sessions(&self) -> Sessions;
}

/// One-time invitation codes, kept as hashes.
#[async_trait]
pub trait Invitations: Send + Sync {
    /// Adds codes for a unit, which from then on answers with a code (the
    /// other units keep the open link), in one transaction. Fails with
    /// `UnitNotFound` for an unknown round or unit.
    async fn add_codes(&self, round_id: &str, unit: &str, hashes: &[String]) -> Result<()>;
    async fn set_requires_code(&self, round_id: &str, required: bool) -> Result<()>;
    /// The unit of an unused code; `None` for a code unknown or used.
    async fn code(&self, round_id: &str, hash: &str) -> Result<Option<String>>;
    /// Whether a form's one-time token has stored its response already.
    async fn token_used(&self, token: &str) -> Result<bool>;
    /// Keeps the answers in progress of a stepped form (the posted fields
    /// as JSON) under its one-time token, until the response is stored.
    async fn save_draft(&self, round_id: &str, token: &str, fields: &str) -> Result<()>;
    /// Replaces, in one transaction, the round's reference figures from
    /// each (source, year) of `sets` with the set's figures.
    async fn set_references(&self, round_id: &str, sets: &[ReferenceSet]) -> Result<()>;
    /// The round's reference figures, by source, year and column.
    async fn references(&self, round_id: &str) -> Result<Vec<ReferenceFigure>>;
    /// The round's two texts for the politicians (empty where none).
    async fn round_texts(&self, round_id: &str) -> Result<RoundTexts>;
    /// Replaces the round's two texts, with a line in the audit log.
    async fn set_round_texts(&self, round_id: &str, texts: &RoundTexts) -> Result<()>;
    /// The date the round's results page for everyone was published, if
    /// it is.
    async fn staff_page(&self, round_id: &str) -> Result<Option<String>>;
    /// Publishes the round's results page for everyone (today), or
    /// withdraws it, with a line in the audit log naming `by` (none when
    /// there was nothing to withdraw).
    async fn set_staff_page(&self, round_id: &str, published: bool, by: &str) -> Result<()>;
    /// How far the form under a token has come: its response stored, or
    /// its answers in progress, if any (one look-up for both).
    async fn progress(&self, round_id: &str, token: &str) -> Result<Progress>;
    async fn code_counts(&self, round_id: &str) -> Result<Vec<CodeCount>>;
    /// The unused codes of a round, by hash.
    async fn codes(&self, round_id: &str) -> Result<Vec<StoredCode>>;
}

/// The learning loop's areas and measures. Every change is noted in the
/// audit log in the same transaction, with the account that made it.
#[async_trait]
pub trait FollowUp: Send + Sync {
    /// The areas chosen from `round_id`'s results, with their measures:
    /// the municipality's first, then by unit, each in the order chosen.
    async fn areas(&self, round_id: &str) -> Result<Vec<Area>>;
    async fn area(&self, id: i64) -> Result<Option<Area>>;
    /// The area measure `id` belongs to.
    async fn area_of_measure(&self, id: i64) -> Result<Option<Area>>;
    /// Fails with `RoundNotFound`, or `AreaExists` when the same target is
    /// already an area for that unit after that round.
    async fn add_area(&self, area: &NewArea, by: &str) -> Result<i64>;
    async fn set_reflection(&self, id: i64, reflection: &Reflection, by: &str) -> Result<()>;
    /// Removes an area with its measures.
    async fn remove_area(&self, id: i64, by: &str) -> Result<()>;
    async fn add_measure(&self, area_id: i64, measure: &MeasureInput, by: &str) -> Result<i64>;
    /// Replaces a measure's fields; its status date moves only when the
    /// status changes.
    async fn update_measure(&self, id: i64, measure: &MeasureInput, by: &str) -> Result<()>;
    async fn remove_measure(&self, id: i64, by: &str) -> Result<()>;
    /// The group-work sheets of `round_id`: the municipality's first, then
    /// by unit, each in the order made.
    async fn sheets(&self, round_id: &str) -> Result<Vec<crate::sheets::Sheet>>;
    async fn sheet(&self, id: i64) -> Result<Option<crate::sheets::Sheet>>;
    /// Fails with `RoundNotFound`.
    async fn add_sheet(&self, sheet: &crate::sheets::NewSheet, by: &str) -> Result<i64>;
    /// Replaces a sheet's points (added, moved or removed: `what` says
    /// which, for the audit log).
    async fn set_sheet_items(
        &self,
        id: i64,
        items: &[crate::sheets::SheetItem],
        what: &str,
        by: &str,
    ) -> Result<()>;
    async fn remove_sheet(&self, id: i64, by: &str) -> Result<()>;
}

/// One import transaction: nothing is visible until `commit`; dropping it
/// without commit rolls everything back.
#[async_trait]
pub trait ImportTx: Send {
    async fn create_round(&mut self, round: &Round) -> Result<()>;
    async fn add_unit(&mut self, round_id: &str, unit: &Unit) -> Result<()>;
    async fn add_role(&mut self, round_id: &str, role: &Role) -> Result<()>;
    /// Takes the rows by value, so their text moves into the database
    /// driver. Their counts are added to the round's at `commit`.
    async fn insert(&mut self, round: &Round, rows: Vec<NewResponse>) -> Result<()>;
    /// Like `insert`, keeping each response's date (moving a database).
    async fn insert_dated(&mut self, round: &Round, rows: Vec<(String, NewResponse)>)
    -> Result<()>;
    /// Unused codes and the tallies of codes made and used, as moved.
    async fn add_codes(
        &mut self,
        round_id: &str,
        codes: &[StoredCode],
        tallies: &[CodeCount],
    ) -> Result<()>;
    async fn add_account(&mut self, account: &Account) -> Result<()>;
    async fn add_audit(&mut self, date: &str, action: &str, detail: &str) -> Result<()>;
    /// An area as it stands, with its reflection and measures (moving a
    /// database).
    async fn add_area(&mut self, area: &Area) -> Result<()>;
    /// Copies a round's reference figures (moving a store).
    async fn add_references(&mut self, round_id: &str, figures: &[ReferenceFigure]) -> Result<()>;
    /// Copies a round's texts for the politicians (moving a store).
    async fn add_round_texts(&mut self, round_id: &str, texts: &RoundTexts) -> Result<()>;
    /// A group-work sheet as it stands (moving a store).
    async fn add_sheet(&mut self, sheet: &crate::sheets::Sheet) -> Result<()>;
    /// Copies the settings (moving a store).
    async fn add_settings(&mut self, pairs: &[(String, String)]) -> Result<()>;
    /// Copies a round's schedule, with the reminder days already handled
    /// (moving a store); times already passed count as applied.
    async fn add_schedule(
        &mut self,
        round_id: &str,
        schedule: &outreach::Schedule,
        reminded: &[String],
    ) -> Result<()>;
    /// Copies a round's published results page for everyone, with its date
    /// (moving a store).
    async fn add_staff_page(&mut self, round_id: &str, published_on: &str) -> Result<()>;
    /// Marks a round as one whose answers were deleted (moving a store):
    /// its units and areas stay as they are.
    async fn mark_had_answers(&mut self, round_id: &str) -> Result<()>;
    /// Marks a round as one that was open at some time (moving a store).
    async fn mark_was_opened(&mut self, round_id: &str) -> Result<()>;
    /// Every published version of a round, as they were (moving a
    /// database): the newest shown or not.
    async fn add_published(
        &mut self,
        round_id: &str,
        history: &[Snapshot],
        shown: bool,
    ) -> Result<()>;
    async fn commit(self: Box<Self>) -> Result<()>;
}

/// The schema a PostgreSQL store uses when no tenant is named.
pub const DEFAULT_SCHEMA: &str = "trappa";

/// An imported response's id: random over all ids, as a file may list its
/// rows in the order they were answered. A many-row insert cannot draw a
/// taken slot again, and a day's region could not hold a large import
/// without such draws; over 2^63 ids they do not happen.
pub fn new_import_id() -> i64 {
    use rand::Rng;
    rand::rng().random_range(1..i64::MAX)
}

/// Imported rows with their ids, in the order of the ids. The rows are
/// shuffled and then numbered from a base drawn at random over all ids:
/// the ids tell nothing of the order of the file, and a batch fills one
/// run of ids, so its inserts append to one place in the table instead of
/// jumping across all of it for every row (1M rows: 48 s before, see
/// BENCHMARKS.md). What the ids do tell is which rows came in one batch
/// (`csvio::import` holds 50,000 rows of a round), in no order: no more
/// than a round of a municipality, whose rows all share a batch anyway.
/// A run that met another would fail the insert on its key, not overwrite;
/// over 2^63 ids that is as unlikely as a collision of `new_import_id`.
pub fn with_import_ids<T>(mut rows: Vec<T>) -> Vec<(i64, T)> {
    use rand::Rng;
    use rand::seq::SliceRandom;
    let mut random = rand::rng();
    rows.shuffle(&mut random);
    let base = random.random_range(1..i64::MAX - rows.len() as i64);
    (base..).zip(rows).collect()
}

/// Bits of a response id drawn at random within its region.
const SLOT_BITS: u32 = 24;

/// A response's id: a region fixed by its round and date, then a slot drawn
/// at random. Within a day neither the ids nor the table (SQLite keeps rows
/// in id order) nor the export (which follows the id) tells in which order
/// people answered, and across days they tell nothing the stored date does
/// not: regions follow a hash, not the calendar. A day's rows stay close
/// together, so a group commit's inserts share pages instead of spreading
/// over the whole table (BENCHMARKS.md). A slot already taken is drawn
/// again (see `store_submission`).
pub fn new_response_id(round_id: &str, date: &str) -> i64 {
    use rand::Rng;
    use sha2::{Digest, Sha256};
    let digest = Sha256::new()
        .chain_update(round_id.as_bytes())
        .chain_update([0])
        .chain_update(date.as_bytes())
        .finalize();
    let hash = u64::from_be_bytes(digest[..8].try_into().expect("8 bytes"));
    // 39 bits of region above 24 of slot: positive, below 2^63.
    let region = hash >> (64 - (63 - SLOT_BITS));
    let slot = rand::rng().random_range(1..1u64 << SLOT_BITS);
    ((region << SLOT_BITS) | slot) as i64
}

/// Opens the store a database URL names: `postgres://…` (in the tenant's
/// schema), `sqlite:PATH` or a plain path.
pub async fn open(url: &str) -> anyhow::Result<Arc<dyn Store>> {
    open_tenant(url, DEFAULT_SCHEMA).await
}

/// Like `open`, with the tenant's schema for PostgreSQL (SQLite: one file
/// is one tenant, and `schema` is not used).
pub async fn open_tenant(url: &str, schema: &str) -> anyhow::Result<Arc<dyn Store>> {
    if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        let store = PgStore::open(url, schema).await.map_err(|e| {
            anyhow::anyhow!("kan ikke bruke PostgreSQL-databasen ({}): {e}", redact(url))
        })?;
        return Ok(Arc::new(store));
    }
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    Ok(Arc::new(
        SqliteStore::open(std::path::Path::new(path)).await?,
    ))
}

/// A database URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{}{user}:***{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_string(),
    }
}

/// Every unit any round has, each once, in the order first met: the only
/// units a leader can be given.
pub async fn unit_names(store: &dyn Store) -> Result<Vec<String>> {
    let mut units: Vec<String> = Vec::new();
    for r in store.rounds().await? {
        if let Some(round) = store.round(&r.id).await? {
            for u in &round.units {
                if !units.contains(&u.name) {
                    units.push(u.name.clone());
                }
            }
        }
    }
    Ok(units)
}

/// What an administrator writes for the politicians' summary of a round
/// (seed 004): the stories of what the municipality has achieved, and where
/// it should put the weight of innovation next. Plain text; empty where
/// none is written.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct RoundTexts {
    /// «Nyskapingshistorier – hva vi har fått til».
    pub achieved: String,
    /// «Hvor skal vi legge innovasjonstrykket?».
    pub direction: String,
}

impl RoundTexts {
    /// The most a text may hold: about a page of prose.
    pub const MAX: usize = 4000;

    pub fn is_empty(&self) -> bool {
        self.achieved.trim().is_empty() && self.direction.trim().is_empty()
    }

    /// What is wrong with each text, by its field's key (`achieved`,
    /// `direction`): too long, or holding control characters.
    pub fn problems(&self) -> Vec<(&'static str, TextProblem)> {
        let mut out = Vec::new();
        for (field, text) in [("achieved", &self.achieved), ("direction", &self.direction)] {
            let length = text.chars().count();
            if length > Self::MAX {
                out.push((field, TextProblem::TooLong { length }));
            } else if text
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t')
            {
                out.push((field, TextProblem::ControlCharacters));
            }
        }
        out
    }
}

/// Why a text for the politicians is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextProblem {
    TooLong { length: usize },
    ControlCharacters,
}

impl TextProblem {
    /// The refusal in `lang`, naming the field (`achieved`, `direction`):
    /// the web's language, or bokmål on the command line.
    pub fn words(self, lang: crate::i18n::Lang, field: &str) -> String {
        use crate::i18n::{tr, tr_args};
        let label = tr(lang, &format!("texts-{field}"));
        match self {
            TextProblem::TooLong { length } => tr_args(
                lang,
                "texts-too-long",
                &[
                    ("field", label.into()),
                    ("length", length.into()),
                    ("max", RoundTexts::MAX.into()),
                ],
            ),
            TextProblem::ControlCharacters => {
                tr_args(lang, "texts-control", &[("field", label.into())])
            }
        }
    }
}

/// An average from outside the municipality for one column of a round:
/// a region, a network of municipalities, a national survey.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ReferenceFigure {
    pub source: String,
    pub year: String,
    pub column: String,
    pub mean: f64,
    pub n: Option<u64>,
}

/// Reference figures from one source and year: (source, year, figures).
pub type ReferenceSet = (String, String, Vec<ReferenceFigure>);

/// Today's date as `YYYY-MM-DD`: the finest time a response carries.
pub fn today() -> String {
    day_string(time::OffsetDateTime::now_utc().date())
}

/// Yesterday's date as `YYYY-MM-DD`: drafts saved before it are cleared.
pub fn yesterday() -> String {
    let d = time::OffsetDateTime::now_utc().date();
    day_string(d.previous_day().unwrap_or(d))
}

fn day_string(d: time::Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_import_batch_gets_one_run_of_ids_in_no_order_of_the_file() {
        let rows: Vec<usize> = (0..1000).collect();
        let numbered = with_import_ids(rows);
        let base = numbered[0].0;
        assert!(base > 0);
        // One run of ids, ascending as they will be inserted.
        for (k, (id, _)) in numbered.iter().enumerate() {
            assert_eq!(*id, base + k as i64);
        }
        // The file's order is gone: rows are not in their order by id, and
        // the first row of the file is not the first id, beyond chance.
        let order: Vec<usize> = numbered.iter().map(|(_, row)| *row).collect();
        let in_place = order
            .iter()
            .enumerate()
            .filter(|(k, row)| k == *row)
            .count();
        assert!(in_place < 20, "{in_place} of 1000 rows kept their place");
        let again = with_import_ids((0..1000).collect::<Vec<usize>>());
        assert_ne!(again[0].0, base, "each batch starts at a base of its own");
    }

    #[test]
    fn ids_share_a_region_per_round_and_day_and_are_random_in_it() {
        let ids: Vec<i64> = (0..200)
            .map(|_| new_response_id("2026", "2026-12-02"))
            .collect();
        assert!(ids.iter().all(|&id| id > 0));
        let region = ids[0] >> SLOT_BITS;
        assert!(ids.iter().all(|id| id >> SLOT_BITS == region));
        let mut sorted = ids.clone();
        sorted.sort();
        assert_ne!(ids, sorted, "ids in the order they were drawn");
        assert_ne!(new_response_id("2026", "2026-12-03") >> SLOT_BITS, region);
        assert_ne!(new_response_id("2027", "2026-12-02") >> SLOT_BITS, region);
    }
}
