//! The queries SQLite and PostgreSQL share, written once. Both accept `$1`
//! placeholders and `ON CONFLICT`, and rows are read into typed structs, so
//! one text serves both drivers.
//!
//! Why a macro and not functions generic over `sqlx::Database`: sqlx needs
//! a higher-ranked bound for every type bound and every executor, and such
//! futures fail the `Send` check that `async_trait` requires. The macro
//! stamps the same text out once per backend, each compiled against its
//! concrete driver.
//!
//! A backend invokes `shared_store!(Store, Database, read: field, write:
//! field, row_id: "column")` in its module and provides what really differs
//! as inherent methods:
//! - a field `writes`, the survey path's group-commit queue
//!   (`store::group_commit`), started with the shared `BatchWriter`.
//! - `stream_responses(&self, round, sink)`: SQLite reads in blocks joined
//!   into one string, PostgreSQL streams rows.
//! - `insert_responses(tx, round, rows)`: multi-row `VALUES` on SQLite,
//!   `UNNEST` of arrays on PostgreSQL.
//! - `read_texts(&self, round)`: (unit, relation, text) of a round's kept
//!   free texts; SQLite joins them into one JSON array first.
//!
//! `row_id` names a physical row's hidden key (`rowid`, `ctid`), for the
//! table that has no key of its own (login failures).

use crate::auth::AccountRole;
use crate::learning::{Area, Measure, Purpose, Reflection, Status, Target};
use crate::store::{Account, NewResponse, Result, StoreError};
use crate::survey::tally::Counted;
use crate::survey::{Relation, Role};

/// A round's own row.
#[derive(sqlx::FromRow)]
pub(super) struct RoundRow {
    pub id: String,
    pub title: String,
    pub municipality: String,
    pub period: String,
    pub is_open: bool,
    pub requires_code: bool,
    pub version: i64,
    pub k: i64,
    pub k_comments: i64,
    pub legacy_rule: bool,
}

/// A round in the list, with its count of responses.
#[derive(sqlx::FromRow)]
pub(super) struct RoundListRow {
    pub id: String,
    pub title: String,
    pub municipality: String,
    pub period: String,
    pub is_open: bool,
    pub was_opened: bool,
    pub n: i64,
}

#[derive(sqlx::FromRow)]
pub(super) struct UnitRow {
    pub name: String,
    pub invited: Option<i32>,
    /// The relation keys the unit rates, comma-separated; NULL: all.
    pub relations: Option<String>,
    pub area: Option<String>,
}

/// A role as stored.
#[derive(sqlx::FromRow)]
pub(super) struct RoleRow {
    pub key: String,
    pub label: String,
    pub has_unit: bool,
}

impl From<RoleRow> for Role {
    fn from(r: RoleRow) -> Role {
        Role {
            key: r.key,
            label: r.label,
            has_unit: r.has_unit,
        }
    }
}

/// A relation or a role: a key and its label.
#[derive(sqlx::FromRow)]
pub(super) struct LabelRow {
    pub key: String,
    pub label: String,
}

impl From<LabelRow> for Relation {
    fn from(r: LabelRow) -> Relation {
        Relation {
            key: r.key,
            label: r.label,
        }
    }
}

/// A form submission on its way into a transaction.
#[derive(Clone, Copy)]
pub(super) struct Pending<'a> {
    pub round_id: &'a str,
    pub token: &'a str,
    /// The hash of an invitation code, spent with the response.
    pub code: Option<&'a str>,
    pub response: &'a NewResponse,
    /// What the response adds to the round's kept counts.
    pub counted: &'a Counted,
}

#[derive(sqlx::FromRow)]
pub(super) struct InstrumentRow {
    pub instrument_id: String,
    pub definition: String,
}

#[derive(sqlx::FromRow)]
pub(super) struct AccountRow {
    pub name: String,
    pub role: String,
    pub password_hash: String,
    pub generation: i64,
    pub last_login: Option<String>,
}

impl AccountRow {
    pub fn into_account(self, units: Vec<String>) -> Result<Account> {
        let role = AccountRole::parse(&self.role)
            .ok_or_else(|| StoreError::Corrupt(format!("ukjent rolle «{}»", self.role)))?;
        Ok(Account {
            name: self.name,
            role,
            units,
            password_hash: self.password_hash,
            generation: self.generation,
            last_login: self.last_login,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct GroupCountRow {
    pub unit: String,
    pub role: String,
    pub n: i64,
}

#[derive(sqlx::FromRow)]
pub(super) struct DatedRow {
    pub id: i64,
    pub submitted_on: String,
    pub unit: String,
    pub role: String,
    pub answers: String,
}

#[derive(sqlx::FromRow)]
pub(super) struct CodeCountRow {
    pub unit: String,
    pub made: i64,
    pub used: i64,
}

#[derive(sqlx::FromRow)]
pub(super) struct AreaRow {
    pub id: i64,
    pub round_id: String,
    pub unit: String,
    pub target_kind: String,
    pub target: String,
    pub purpose: String,
    pub why: String,
    pub did: String,
    pub learned: String,
    pub success_criteria: String,
    pub causes: String,
}

impl AreaRow {
    pub fn into_area(self, measures: Vec<Measure>) -> Result<Area> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("område {}: {what}", self.id));
        Ok(Area {
            id: self.id,
            target: Target::from_parts(&self.target_kind, self.target.clone())
                .ok_or_else(|| corrupt("ukjent type"))?,
            purpose: Purpose::parse(&self.purpose).ok_or_else(|| corrupt("ukjent formål"))?,
            round: self.round_id,
            unit: (!self.unit.is_empty()).then_some(self.unit),
            why: self.why,
            reflection: Reflection {
                did: self.did,
                learned: self.learned,
                success_criteria: self.success_criteria,
                causes: self.causes,
            },
            measures,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct MeasureRow {
    pub id: i64,
    pub area_id: i64,
    pub what: String,
    pub responsible: String,
    pub deadline: Option<String>,
    pub status: String,
    pub status_on: String,
    pub notes: String,
}

impl MeasureRow {
    pub fn into_measure(self) -> Result<Measure> {
        Ok(Measure {
            status: Status::parse(&self.status).ok_or_else(|| {
                StoreError::Corrupt(format!(
                    "tiltak {}: ukjent status «{}»",
                    self.id, self.status
                ))
            })?,
            id: self.id,
            what: self.what,
            responsible: self.responsible,
            deadline: self.deadline,
            status_on: self.status_on,
            notes: self.notes,
        })
    }
}

/// Areas with their measures, in the order of `areas`.
pub(super) fn assemble_areas(areas: Vec<AreaRow>, measures: Vec<MeasureRow>) -> Result<Vec<Area>> {
    let mut by_area: std::collections::HashMap<i64, Vec<Measure>> = Default::default();
    for m in measures {
        by_area
            .entry(m.area_id)
            .or_default()
            .push(m.into_measure()?);
    }
    areas
        .into_iter()
        .map(|a| {
            let measures = by_area.remove(&a.id).unwrap_or_default();
            a.into_area(measures)
        })
        .collect()
}

/// How an area is named in the audit log.
pub(super) fn area_label(round: &str, unit: Option<&str>, target: &Target) -> String {
    format!(
        "runde {round}, {}: {}",
        unit.unwrap_or("hele kommunen"),
        target.encode()
    )
}

#[derive(sqlx::FromRow)]
pub(super) struct CodeRow {
    pub code_hash: String,
    pub unit: String,
}

/// The shared implementation of `Store`, `Accounts`, `Invitations` and
/// `ImportTx` for one backend (see the module doc).
macro_rules! shared_store {
    (
        $store:ident, $db:ty, read: $read:ident, write: $write:ident, row_id: $row_id:literal,
        lock_responses: $lock_responses:literal, lock_tallies: $lock_tallies:literal,
        for_update: $for_update:literal, tally_shard: $tally_shard:literal,
        lock_key: $lock_key:literal, lock_users: $lock_users:literal
    ) => {
        use $crate::store::shared::{
            AccountRow, CodeCountRow, CodeRow, DatedRow, GroupCountRow, InstrumentRow, LabelRow,
            RoleRow, RoundListRow, RoundRow, UnitRow,
        };
        use $crate::store::round_cache::{RoundHeader, parse_instrument};
        use $crate::store::{
            Account, AuditEntry, CodeCount, DatedResponse, GroupCount, ImportTx, NewResponse,
            ResponseSink, Result, RoundSummary, StoreError, StoredCode, SubmitOutcome, today,
        };
        use $crate::learning::{Area, MeasureInput, NewArea, Reflection};
        use $crate::store::shared::{AreaRow, MeasureRow, Pending, area_label, assemble_areas};
        use $crate::store::group_commit::{Write, Written};
        use $crate::survey::{Relation, Role, Round, Unit};
        use $crate::survey::tally::{Counted, FreeText, Tally, TallyPlan};
        use $crate::store::{MayPublish, Published, Snapshot, StoredText, TallyCheck, UnitTally};
        use futures_util::TryStreamExt;
        use std::collections::BTreeMap;

        /// Counts to add, by (round, unit, role).
        type TallyDeltas = BTreeMap<(String, String, String), Tally>;

        type Tx = sqlx::Transaction<'static, $db>;
        /// Responses with their dates, as imported or moved.
        type DatedRows = Vec<(String, NewResponse)>;
        type Conn = <$db as sqlx::Database>::Connection;

        async fn insert_round(conn: &mut Conn, round: &Round) -> Result<()> {
            let added = sqlx::query(
                "INSERT INTO rounds (id, title, municipality, period, is_open, was_opened,
                                     requires_code, created_on, k, k_comments, tallied, legacy_rule)
                 VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING",
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
            // A new round has no responses: its (empty) counts are right.
            .bind(true)
            .bind(round.legacy_rule)
            .execute(&mut *conn)
            .await?;
            if added.rows_affected() == 0 {
                return Err(StoreError::RoundExists {
                    id: round.id.clone(),
                });
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
                .execute(&mut *conn)
                .await?;
            }
            for unit in &round.units {
                insert_unit(conn, &round.id, unit).await?;
            }
            for (i, r) in round.relations.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO relations (round_id, position, key, label) VALUES ($1, $2, $3, $4)",
                )
                .bind(&round.id)
                .bind(i as i32)
                .bind(&r.key)
                .bind(&r.label)
                .execute(&mut *conn)
                .await?;
            }
            for r in &round.roles {
                insert_role(conn, &round.id, r).await?;
            }
            Ok(())
        }

        async fn insert_unit(conn: &mut Conn, round_id: &str, unit: &Unit) -> Result<()> {
            sqlx::query(
                "INSERT INTO units (round_id, position, name, invited, relations, area)
                 VALUES ($1, (SELECT COALESCE(MAX(position), -1) + 1 FROM units WHERE round_id = $1),
                         $2, $3, $4, $5)",
            )
            .bind(round_id)
            .bind(&unit.name)
            .bind(unit.invited.map(|n| n as i32))
            .bind(unit.relations.as_ref().map(|keys| keys.join(",")))
            .bind(&unit.area)
            .execute(&mut *conn)
            .await?;
            bump_version(conn, round_id).await
        }

        /// A round whose answers were deleted keeps its units and areas.
        async fn mark_was_opened(conn: &mut Conn, round_id: &str) -> Result<()> {
            sqlx::query("UPDATE rounds SET was_opened = TRUE WHERE id = $1")
                .bind(round_id)
                .execute(&mut *conn)
                .await?;
            Ok(())
        }

        async fn mark_had_answers(conn: &mut Conn, round_id: &str) -> Result<()> {
            sqlx::query("UPDATE rounds SET had_answers = TRUE WHERE id = $1")
                .bind(round_id)
                .execute(&mut *conn)
                .await?;
            Ok(())
        }

        async fn insert_role(conn: &mut Conn, round_id: &str, role: &Role) -> Result<()> {
            sqlx::query(
                "INSERT INTO roles (round_id, position, key, label, has_unit)
                 VALUES ($1, (SELECT COALESCE(MAX(position), -1) + 1 FROM roles WHERE round_id = $1),
                         $2, $3, $4)",
            )
            .bind(round_id)
            .bind(&role.key)
            .bind(&role.label)
            .bind(role.has_unit)
            .execute(&mut *conn)
            .await?;
            bump_version(conn, round_id).await
        }

        /// One reference figure of a round, in the caller's transaction.
        async fn insert_reference(
            conn: &mut Conn,
            round_id: &str,
            f: &$crate::store::ReferenceFigure,
        ) -> Result<()> {
            sqlx::query(
                "INSERT INTO reference_figures (round_id, source, year, column_name, mean, n)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(round_id)
            .bind(&f.source)
            .bind(&f.year)
            .bind(&f.column)
            .bind(f.mean)
            .bind(f.n.map(|n| n as i64))
            .execute(&mut *conn)
            .await?;
            Ok(())
        }

        /// Every change to a round's parts moves its version, so cached
        /// copies are read again.
        async fn bump_version(conn: &mut Conn, round_id: &str) -> Result<()> {
            sqlx::query("UPDATE rounds SET version = version + 1 WHERE id = $1")
                .bind(round_id)
                .execute(&mut *conn)
                .await?;
            Ok(())
        }

        /// Inserts an account with its units, inside the caller's
        /// transaction (adding an account, or moving a database).
        async fn insert_account(conn: &mut Conn, account: &Account) -> Result<()> {
            let added = sqlx::query(
                "INSERT INTO users (name, role, password_hash, generation, created_on, last_login)
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
            )
            .bind(&account.name)
            .bind(account.role.key())
            .bind(&account.password_hash)
            .bind(account.generation)
            .bind(today())
            .bind(&account.last_login)
            .execute(&mut *conn)
            .await?;
            if added.rows_affected() == 0 {
                return Err(StoreError::AccountExists {
                    name: account.name.clone(),
                });
            }
            for unit in &account.units {
                sqlx::query(
                    "INSERT INTO user_units (user_name, unit) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                )
                .bind(&account.name)
                .bind(unit)
                .execute(&mut *conn)
                .await?;
            }
            Ok(())
        }

        async fn insert_code(conn: &mut Conn, round_id: &str, hash: &str, unit: &str) -> Result<()> {
            sqlx::query(
                "INSERT INTO invitation_codes (code_hash, round_id, unit) VALUES ($1, $2, $3)",
            )
            .bind(hash)
            .bind(round_id)
            .bind(unit)
            .execute(&mut *conn)
            .await?;
            Ok(())
        }

        /// Writes (or replaces) a round's texts for the politicians.
        async fn write_round_texts(
            conn: &mut Conn,
            round_id: &str,
            texts: &$crate::store::RoundTexts,
        ) -> Result<()> {
            sqlx::query("DELETE FROM round_texts WHERE round_id = $1")
                .bind(round_id)
                .execute(&mut *conn)
                .await?;
            if !texts.is_empty() {
                sqlx::query(
                    "INSERT INTO round_texts (round_id, achieved, direction, updated_on)
                     VALUES ($1, $2, $3, $4)",
                )
                .bind(round_id)
                .bind(&texts.achieved)
                .bind(&texts.direction)
                .bind(today())
                .execute(&mut *conn)
                .await?;
            }
            Ok(())
        }

        /// A sheet from its row.
        fn sheet_of(
            (id, round, unit, kind, title, held_on, method, items): (
                i64, String, String, String, String, String, String, String,
            ),
        ) -> Result<$crate::sheets::Sheet> {
            use $crate::sheets::{Method, SheetKind};
            let corrupt = |what: &str| StoreError::Corrupt(format!("gruppeark {id}: {what}"));
            Ok($crate::sheets::Sheet {
                id,
                round,
                unit: (!unit.is_empty()).then_some(unit),
                kind: SheetKind::parse(&kind).ok_or_else(|| corrupt("art"))?,
                title,
                held_on,
                method: Method::parse(&method).ok_or_else(|| corrupt("metode"))?,
                items: serde_json::from_str(&items).map_err(|_| corrupt("punkter"))?,
            })
        }

        const SHEET_COLUMNS: &str =
            "id, round_id, unit, kind, title, held_on, method, items";

        async fn insert_sheet(
            conn: &mut Conn,
            sheet: &$crate::sheets::NewSheet,
            items: &[$crate::sheets::SheetItem],
        ) -> Result<i64> {
            let items = serde_json::to_string(items).expect("points serialise");
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO sheets (round_id, unit, kind, title, held_on, method, items, created_on)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(&sheet.round)
            .bind(sheet.unit.as_deref().unwrap_or(""))
            .bind(sheet.kind.key())
            .bind(sheet.title.trim())
            .bind(&sheet.held_on)
            .bind(sheet.method.key())
            .bind(items)
            .bind(today())
            .fetch_one(&mut *conn)
            .await?;
            Ok(id)
        }

        /// The label of sheet `id` for the audit log, or `SheetNotFound`.
        async fn sheet_head(conn: &mut Conn, id: i64) -> Result<String> {
            let row: Option<(String, String, String)> =
                sqlx::query_as("SELECT title, round_id, unit FROM sheets WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *conn)
                    .await?;
            let (title, round, unit) = row.ok_or(StoreError::SheetNotFound { id })?;
            Ok(sheet_label(&title, &round, (!unit.is_empty()).then_some(unit.as_str())))
        }

        /// "«Tittel» (runde 2025, Kulturskolen)", for the audit log.
        fn sheet_label(title: &str, round: &str, unit: Option<&str>) -> String {
            format!(
                "«{title}» (runde {round}, {})",
                unit.unwrap_or("hele kommunen")
            )
        }

        async fn insert_audit(conn: &mut Conn, date: &str, action: &str, detail: &str) -> Result<()> {
            sqlx::query("INSERT INTO audit_log (on_date, action, detail) VALUES ($1, $2, $3)")
                .bind(date)
                .bind(action)
                .bind(detail)
                .execute(&mut *conn)
                .await?;
            Ok(())
        }

        const AREA_COLUMNS: &str = "id, round_id, unit, target_kind, target, purpose, why, \
             did, learned, success_criteria, causes";
        const MEASURE_COLUMNS: &str =
            "id, area_id, what, responsible, deadline, status, status_on, notes";

        /// Inserts an area (with its reflection) and returns its id.
        async fn insert_area(
            conn: &mut Conn,
            area: &NewArea,
            reflection: &Reflection,
        ) -> Result<i64> {
            let id: Option<i64> = sqlx::query_scalar(
                "INSERT INTO areas (round_id, unit, target_kind, target, purpose, why,
                                    did, learned, success_criteria, causes, created_on)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                 ON CONFLICT DO NOTHING RETURNING id",
            )
            .bind(&area.round)
            .bind(area.unit.as_deref().unwrap_or(""))
            .bind(area.target.kind())
            .bind(area.target.key())
            .bind(area.purpose.key())
            .bind(&area.why)
            .bind(&reflection.did)
            .bind(&reflection.learned)
            .bind(&reflection.success_criteria)
            .bind(&reflection.causes)
            .bind(today())
            .fetch_optional(&mut *conn)
            .await?;
            id.ok_or_else(|| StoreError::AreaExists {
                round: area.round.clone(),
            })
        }

        async fn insert_measure(
            conn: &mut Conn,
            area_id: i64,
            m: &MeasureInput,
            status_on: &str,
        ) -> Result<i64> {
            Ok(sqlx::query_scalar(
                "INSERT INTO measures (area_id, what, responsible, deadline, status, status_on, notes)
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(area_id)
            .bind(&m.what)
            .bind(&m.responsible)
            .bind(&m.deadline)
            .bind(m.status.key())
            .bind(status_on)
            .bind(&m.notes)
            .fetch_one(&mut *conn)
            .await?)
        }

        /// The area `id` within a transaction, for checks and the log.
        async fn area_row(conn: &mut Conn, id: i64) -> Result<AreaRow> {
            let sql = format!("SELECT {AREA_COLUMNS} FROM areas WHERE id = $1");
            sqlx::query_as::<_, AreaRow>(&sql)
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?
                .ok_or(StoreError::AreaNotFound { id })
        }

        /// The area a measure belongs to, as it is named in the log.
        async fn measure_area(conn: &mut Conn, id: i64) -> Result<(AreaRow, String)> {
            let found: Option<(i64, String)> =
                sqlx::query_as("SELECT area_id, status FROM measures WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *conn)
                    .await?;
            let (area_id, status) = found.ok_or(StoreError::MeasureNotFound { id })?;
            Ok((area_row(conn, area_id).await?, status))
        }

        fn label_of(row: &AreaRow) -> String {
            let unit = (!row.unit.is_empty()).then_some(row.unit.as_str());
            let target = $crate::learning::Target::from_parts(&row.target_kind, row.target.clone());
            match target {
                Some(t) => area_label(&row.round_id, unit, &t),
                None => format!("område {}", row.id),
            }
        }

        /// Stores one form submission inside the caller's transaction:
        /// once per token; with a code (its hash), the code is spent, and
        /// deleted rather than flagged, so no row is left that could tie the
        /// two (no time, no order, and on PostgreSQL no shared xmin).
        async fn store_submission(conn: &mut Conn, s: Pending<'_>, date: &str) -> Result<SubmitOutcome> {
            let Pending { round_id, token, code, response, counted } = s;
            let fresh = sqlx::query(
                "INSERT INTO submission_tokens (token, used_on) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            )
            .bind(token)
            .bind(date)
            .execute(&mut *conn)
            .await?;
            if fresh.rows_affected() == 0 {
                // Stored a moment ago (a second click, another instance).
                return Ok(SubmitOutcome::AlreadyStored);
            }
            // The answers in progress become the response: nothing of them
            // is kept beside it.
            sqlx::query("DELETE FROM drafts WHERE token = $1")
                .bind(token)
                .execute(&mut *conn)
                .await?;
            if let Some(code) = code {
                // Two instances racing for one code serialise on its row;
                // only one delete finds it.
                let spent = sqlx::query(
                    "DELETE FROM invitation_codes WHERE code_hash = $1 AND round_id = $2 AND unit = $3",
                )
                .bind(code)
                .bind(round_id)
                .bind(&response.unit)
                .execute(&mut *conn)
                .await?;
                if spent.rows_affected() == 0 {
                    // Give the token back, so the person can try another code.
                    sqlx::query("DELETE FROM submission_tokens WHERE token = $1")
                        .bind(token)
                        .execute(&mut *conn)
                        .await?;
                    return Ok(SubmitOutcome::CodeRefused);
                }
                sqlx::query(
                    "UPDATE code_tallies SET used = used + 1 WHERE round_id = $1 AND unit = $2",
                )
                .bind(round_id)
                .bind(&response.unit)
                .execute(&mut *conn)
                .await?;
                forget_spent_address(conn, round_id, code).await?;
            }
            // An id already taken (a slot drawn twice in one day's region)
            // is drawn again; any other refusal is an error.
            loop {
                let stored = sqlx::query(
                    "INSERT INTO responses (id, round_id, unit, role, submitted_on, answers)
                     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING",
                )
                .bind($crate::store::new_response_id(round_id, date))
                .bind(round_id)
                .bind(&response.unit)
                .bind(&response.role)
                .bind(date)
                .bind(&response.answers)
                .execute(&mut *conn)
                .await?;
                if stored.rows_affected() == 1 {
                    add_texts(conn, round_id, &response.unit, &counted.texts, Some(date)).await?;
                    return Ok(SubmitOutcome::Stored);
                }
            }
        }

        /// Adds counts to the kept ones, in the caller's transaction. The
        /// map's order is the order rows are locked in, the same for every
        /// writer, so two PostgreSQL transactions cannot deadlock on them.
        async fn add_tallies(conn: &mut Conn, deltas: &TallyDeltas) -> Result<()> {
            if deltas.is_empty() {
                return Ok(());
            }
            let shard: i16 = sqlx::query_scalar(concat!("SELECT CAST(", $tally_shard, " AS SMALLINT)"))
                .fetch_one(&mut *conn)
                .await?;
            for ((round_id, unit, role), delta) in deltas {
                sqlx::query(
                    "INSERT INTO tallies (round_id, unit, role, shard, responses, counts)
                     VALUES ($1, $2, $3, $4, 0, '{}') ON CONFLICT DO NOTHING",
                )
                .bind(round_id)
                .bind(unit)
                .bind(role)
                .bind(shard)
                .execute(&mut *conn)
                .await?;
                let (responses, counts): (i64, String) = sqlx::query_as(concat!(
                    "SELECT responses, counts FROM tallies
                     WHERE round_id = $1 AND unit = $2 AND role = $3 AND shard = $4",
                    $for_update
                ))
                .bind(round_id)
                .bind(unit)
                .bind(role)
                .bind(shard)
                .fetch_one(&mut *conn)
                .await?;
                let mut tally =
                    Tally::from_json(responses as u64, &counts).map_err(StoreError::Corrupt)?;
                tally.add(delta);
                sqlx::query(
                    "UPDATE tallies SET responses = $1, counts = $2
                     WHERE round_id = $3 AND unit = $4 AND role = $5 AND shard = $6",
                )
                .bind(tally.responses as i64)
                .bind(tally.to_json())
                .bind(round_id)
                .bind(unit)
                .bind(role)
                .bind(shard)
                .execute(&mut *conn)
                .await?;
            }
            Ok(())
        }

        /// Keeps a response's free texts, each under an id drawn at random:
        /// in the day's region for a form submitted on `date` (as its
        /// response's id, so a group commit's texts share pages), else over
        /// all ids. A taken id is drawn again.
        async fn add_texts(
            conn: &mut Conn,
            round_id: &str,
            unit: &str,
            texts: &[FreeText],
            date: Option<&str>,
        ) -> Result<()> {
            for t in texts {
                loop {
                    let id = match date {
                        Some(date) => $crate::store::new_response_id(round_id, date),
                        None => $crate::store::new_import_id(),
                    };
                    let stored = sqlx::query(
                        "INSERT INTO response_texts (id, round_id, unit, relation, text)
                         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING",
                    )
                    .bind(id)
                    .bind(round_id)
                    .bind(unit)
                    .bind(&t.relation)
                    .bind(&t.text)
                    .execute(&mut *conn)
                    .await?;
                    if stored.rows_affected() == 1 {
                        break;
                    }
                }
            }
            Ok(())
        }

        /// Free texts to keep, with their round and unit.
        type TextRows = Vec<(String, String, FreeText)>;

        /// Keeps many free texts (an import, a rebuild) in multi-row
        /// inserts, each under an id drawn at random over all ids.
        async fn add_texts_bulk(conn: &mut Conn, rows: &TextRows) -> Result<()> {
            // Shuffled into one run of ids, as imported responses are.
            let rows = $crate::store::with_import_ids(rows.iter().collect());
            for chunk in rows.chunks(200) {
                let mut sql = String::from(
                    "INSERT INTO response_texts (id, round_id, unit, relation, text) VALUES ",
                );
                for i in 0..chunk.len() {
                    let p = 5 * i;
                    if i > 0 {
                        sql.push(',');
                    }
                    sql.push_str(&format!("(${}, ${}, ${}, ${}, ${})", p + 1, p + 2, p + 3, p + 4, p + 5));
                }
                let mut q = sqlx::query(&sql);
                for (id, (round_id, unit, t)) in chunk {
                    q = q
                        .bind(*id)
                        .bind(round_id)
                        .bind(unit)
                        .bind(&t.relation)
                        .bind(&t.text);
                }
                q.execute(&mut *conn).await?;
            }
            Ok(())
        }

        /// Forgets a round's kept counts and free texts.
        async fn clear_tallies(conn: &mut Conn, round_id: &str) -> Result<()> {
            for table in ["tallies", "response_texts"] {
                sqlx::query(&format!("DELETE FROM {table} WHERE round_id = $1"))
                    .bind(round_id)
                    .execute(&mut *conn)
                    .await?;
            }
            Ok(())
        }

        /// A round's kept counts by unit and role, their shards added up.
        async fn kept_tallies(conn: &mut Conn, round_id: &str) -> Result<BTreeMap<(String, String), Tally>> {
            let rows: Vec<(String, String, i64, String)> = sqlx::query_as(
                "SELECT unit, role, responses, counts FROM tallies
                 WHERE round_id = $1 AND responses > 0",
            )
            .bind(round_id)
            .fetch_all(&mut *conn)
            .await?;
            let mut merged: BTreeMap<(String, String), Tally> = BTreeMap::new();
            for (unit, role, n, counts) in rows {
                let tally = Tally::from_json(n as u64, &counts).map_err(StoreError::Corrupt)?;
                merged.entry((unit, role)).or_default().add(&tally);
            }
            Ok(merged)
        }

        /// A round's kept free texts, in the order of their random ids.
        async fn kept_texts(conn: &mut Conn, table: &'static str, round_id: &str) -> Result<Vec<StoredText>> {
            let sql = match table {
                "published_texts" => "SELECT unit, relation, text FROM published_texts WHERE round_id = $1 ORDER BY id",
                _ => "SELECT unit, relation, text FROM response_texts WHERE round_id = $1 ORDER BY id",
            };
            let rows: Vec<(String, Option<String>, String)> = sqlx::query_as(sql)
                .bind(round_id)
                .fetch_all(&mut *conn)
                .await?;
            Ok(rows
                .into_iter()
                .map(|(unit, relation, text)| StoredText {
                    unit,
                    text: FreeText { relation, text },
                })
                .collect())
        }

        /// One published version of a round.
        async fn published_version(conn: &mut Conn, round_id: &str, version: i64) -> Result<Snapshot> {
            let rows: Vec<(String, String, i64, String)> = sqlx::query_as(
                "SELECT unit, role, responses, counts FROM published_tallies
                 WHERE round_id = $1 AND version = $2 ORDER BY unit, role",
            )
            .bind(round_id)
            .bind(version)
            .fetch_all(&mut *conn)
            .await?;
            let mut tallies = Vec::with_capacity(rows.len());
            for (unit, role, n, counts) in rows {
                let tally = Tally::from_json(n as u64, &counts).map_err(StoreError::Corrupt)?;
                tallies.push(UnitTally { unit, role, tally });
            }
            let texts: Vec<(String, Option<String>, String)> = sqlx::query_as(
                "SELECT unit, relation, text FROM published_texts
                 WHERE round_id = $1 AND version = $2 ORDER BY id",
            )
            .bind(round_id)
            .bind(version)
            .fetch_all(&mut *conn)
            .await?;
            let texts = texts
                .into_iter()
                .map(|(unit, relation, text)| StoredText {
                    unit,
                    text: FreeText { relation, text },
                })
                .collect();
            Ok(Snapshot { tallies, texts })
        }

        /// The newest published version of a round and whether it is shown.
        async fn newest_version(conn: &mut Conn, round_id: &str) -> Result<Option<(i64, bool)>> {
            Ok(sqlx::query_as("SELECT version, shown FROM published_rounds WHERE round_id = $1")
                .bind(round_id)
                .fetch_optional(&mut *conn)
                .await?)
        }

        /// The published copy of a round (its newest version), if there is one.
        async fn published_copy(conn: &mut Conn, round_id: &str) -> Result<Option<Published>> {
            let Some((version, shown)) = newest_version(conn, round_id).await? else {
                return Ok(None);
            };
            Ok(Some(Published {
                version: version as u32,
                shown,
                snapshot: published_version(conn, round_id, version).await?,
            }))
        }

        /// Every version of a round ever published, oldest first.
        async fn published_versions(conn: &mut Conn, round_id: &str) -> Result<Vec<Snapshot>> {
            let newest = newest_version(conn, round_id).await?.map_or(0, |(v, _)| v);
            let mut all = Vec::with_capacity(newest as usize);
            for version in 1..=newest {
                all.push(published_version(conn, round_id, version).await?);
            }
            Ok(all)
        }

        /// Adds version `version` of a round's published copy, and makes it
        /// the one shown (or, `shown` false, the one kept).
        async fn write_published(conn: &mut Conn, round_id: &str, version: u32, shown: bool, snapshot: &Snapshot) -> Result<()> {
            for t in &snapshot.tallies {
                sqlx::query(
                    "INSERT INTO published_tallies (round_id, version, unit, role, responses, counts)
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(round_id)
                .bind(i64::from(version))
                .bind(&t.unit)
                .bind(&t.role)
                .bind(t.tally.responses as i64)
                .bind(t.tally.to_json())
                .execute(&mut *conn)
                .await?;
            }
            for t in &snapshot.texts {
                // A fresh random id each: the copy keeps no order either.
                loop {
                    let id = $crate::store::new_import_id();
                    let done = sqlx::query(
                        "INSERT INTO published_texts (id, round_id, version, unit, relation, text)
                         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
                    )
                    .bind(id)
                    .bind(round_id)
                    .bind(i64::from(version))
                    .bind(&t.unit)
                    .bind(&t.text.relation)
                    .bind(&t.text.text)
                    .execute(&mut *conn)
                    .await?;
                    if done.rows_affected() == 1 {
                        break;
                    }
                }
            }
            sqlx::query(
                "INSERT INTO published_rounds (round_id, version, shown) VALUES ($1, $2, $3)
                 ON CONFLICT (round_id) DO UPDATE SET version = $2, shown = $3",
            )
            .bind(round_id)
            .bind(i64::from(version))
            .bind(shown)
            .execute(&mut *conn)
            .await?;
            Ok(())
        }

        /// Keeps a stepped form's answers so far under its token, in the
        /// caller's transaction.
        async fn write_draft(conn: &mut Conn, round_id: &str, token: &str, fields: &str, date: &str) -> Result<()> {
            // Never under a token whose response is stored: a step posted
            // while the last one commits keeps no copy of the answers.
            sqlx::query(
                "INSERT INTO drafts (token, round_id, fields, saved_on)
                 SELECT $1, $2, $3, $4
                 WHERE NOT EXISTS (SELECT 1 FROM submission_tokens WHERE token = $1)
                 ON CONFLICT (token) DO UPDATE SET fields = excluded.fields, saved_on = excluded.saved_on
                 WHERE drafts.round_id = excluded.round_id",
            )
            .bind(token)
            .bind(round_id)
            .bind(fields)
            .bind(date)
            .execute(&mut *conn)
            .await?;
            Ok(())
        }

        /// Stores the survey path's writes of one batch in one transaction
        /// (see `store::group_commit`). The counts of the batch are added
        /// together first, so each (unit, role) they touch is written once
        /// per batch, not once per response.
        struct BatchWriter {
            pool: sqlx::Pool<$db>,
            /// The day stale drafts were last cleared on. Which drafts are
            /// stale changes only with the date, so once a day is enough.
            cleared_on: std::sync::Mutex<String>,
        }

        impl BatchWriter {
            fn new(pool: sqlx::Pool<$db>) -> BatchWriter {
                BatchWriter { pool, cleared_on: std::sync::Mutex::new(String::new()) }
            }

            fn cleared_on(&self) -> std::sync::MutexGuard<'_, String> {
                self.cleared_on.lock().unwrap_or_else(|e| e.into_inner())
            }
        }

        #[async_trait::async_trait]
        impl $crate::store::group_commit::StoreBatch for BatchWriter {
            async fn store_batch(&self, writes: &[Write]) -> Result<Vec<Written>> {
                let date = today();
                let mut tx = self.pool.begin().await?;
                let clear = writes.iter().any(|w| matches!(w, Write::Draft { .. }))
                    && *self.cleared_on() != date;
                if clear {
                    // Drafts left behind more than a day ago are cleared: a
                    // form not finished by then is started again.
                    sqlx::query("DELETE FROM drafts WHERE saved_on < $1")
                        .bind($crate::store::yesterday())
                        .execute(&mut *tx)
                        .await?;
                }
                let mut outcomes = Vec::with_capacity(writes.len());
                let mut deltas = TallyDeltas::new();
                for write in writes {
                    match write {
                        Write::Submission { round_id, token, code, response, counted } => {
                            let pending = Pending {
                                round_id,
                                token,
                                code: code.as_deref(),
                                response,
                                counted,
                            };
                            let outcome = store_submission(&mut tx, pending, &date).await?;
                            if outcome == SubmitOutcome::Stored {
                                note_tally(&mut deltas, round_id, response, counted);
                            }
                            outcomes.push(Written::Submission(outcome));
                        }
                        Write::Draft { round_id, token, fields } => {
                            write_draft(&mut tx, round_id, token, fields, &date).await?;
                            outcomes.push(Written::Draft);
                        }
                    }
                }
                add_tallies(&mut tx, &deltas).await?;
                tx.commit().await?;
                if clear {
                    *self.cleared_on() = date;
                }
                Ok(outcomes)
            }
        }

        /// Adds one submission's counts to `deltas`.
        fn note_tally(deltas: &mut TallyDeltas, round_id: &str, response: &NewResponse, counted: &Counted) {
            deltas
                .entry((round_id.to_string(), response.unit.clone(), response.role.clone()))
                .or_default()
                .add(&counted.tally);
        }

        impl $store {
            async fn units_of(&self, name: &str) -> Result<Vec<String>> {
                Ok(sqlx::query_scalar(
                    "SELECT unit FROM user_units WHERE user_name = $1 ORDER BY unit",
                )
                .bind(name)
                .fetch_all(&self.$write)
                .await?)
            }

            /// Sets one of a round's switches with `sql` (which moves its
            /// version too).
            async fn set_switch(&self, sql: &'static str, on: bool, id: &str) -> Result<()> {
                let done = sqlx::query(sql)
                    .bind(on)
                    .bind(id)
                    .execute(&self.$write)
                    .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::RoundNotFound { id: id.to_string() });
                }
                Ok(())
            }

            async fn round_parts<T>(&self, sql: &'static str, id: &str) -> Result<Vec<T>>
            where
                T: for<'r> sqlx::FromRow<'r, <$db as sqlx::Database>::Row> + Send + Unpin,
            {
                Ok(sqlx::query_as::<_, T>(sql)
                    .bind(id)
                    .fetch_all(&self.$read)
                    .await?)
            }
        }

        #[async_trait::async_trait]
        impl $crate::store::Store for $store {
            async fn rounds(&self) -> Result<Vec<RoundSummary>> {
                let rows: Vec<RoundListRow> = sqlx::query_as(
                    "SELECT r.id, r.title, r.municipality, r.period, r.is_open,
                            (r.was_opened OR r.had_answers) AS was_opened,
                            CAST((SELECT COALESCE(SUM(t.responses), 0) FROM tallies t
                                  WHERE t.round_id = r.id) AS BIGINT) AS n
                     FROM rounds r ORDER BY r.period DESC, r.id DESC",
                )
                .fetch_all(&self.$read)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|r| RoundSummary {
                        id: r.id,
                        title: r.title,
                        municipality: r.municipality,
                        period: r.period,
                        open: r.is_open,
                        was_opened: r.was_opened || r.n > 0,
                        responses: r.n as u64,
                    })
                    .collect())
            }

            async fn round(&self, id: &str) -> Result<Option<std::sync::Arc<Round>>> {
                let Some(row) = sqlx::query_as::<_, RoundRow>(
                    "SELECT id, title, municipality, period, is_open, requires_code, version,
                            k, k_comments, legacy_rule
                     FROM rounds WHERE id = $1",
                )
                .bind(id)
                .fetch_optional(&self.$read)
                .await?
                else {
                    return Ok(None);
                };
                if let Some(round) = self.cache.get(id, row.version) {
                    return Ok(Some(round));
                }
                let instruments = self
                    .round_parts::<InstrumentRow>(
                        "SELECT instrument_id, definition FROM round_instruments
                         WHERE round_id = $1 ORDER BY position",
                        id,
                    )
                    .await?
                    .into_iter()
                    .map(|r| parse_instrument(id, r.instrument_id, &r.definition))
                    .collect::<Result<Vec<_>>>()?;
                let units = self
                    .round_parts::<UnitRow>(
                        "SELECT name, invited, relations, area FROM units WHERE round_id = $1 ORDER BY position",
                        id,
                    )
                    .await?
                    .into_iter()
                    .map(|r| Unit {
                        name: r.name,
                        invited: r.invited.map(|n| n as u32),
                        relations: r.relations.map(|keys| {
                            keys.split(',').filter(|k| !k.is_empty()).map(String::from).collect()
                        }),
                        area: r.area,
                    })
                    .collect();
                let relations = self
                    .round_parts::<LabelRow>(
                        "SELECT key, label FROM relations WHERE round_id = $1 ORDER BY position",
                        id,
                    )
                    .await?;
                let roles = self
                    .round_parts::<RoleRow>(
                        "SELECT key, label, has_unit FROM roles WHERE round_id = $1 ORDER BY position",
                        id,
                    )
                    .await?;
                let coded_units: Vec<String> = sqlx::query_scalar(
                    "SELECT unit FROM code_tallies WHERE round_id = $1 AND made > 0 ORDER BY unit",
                )
                .bind(id)
                .fetch_all(&self.$read)
                .await?;
                let relations = relations.into_iter().map(Relation::from).collect();
                let roles = roles.into_iter().map(Role::from).collect();
                let header = RoundHeader {
                    id: row.id,
                    title: row.title,
                    municipality: row.municipality,
                    period: row.period,
                    open: row.is_open,
                    requires_code: row.requires_code,
                    k: row.k,
                    k_comments: row.k_comments,
                    coded_units,
                    legacy_rule: row.legacy_rule,
                };
                self.cache
                    .assemble(header, row.version, instruments, units, relations, roles)
                    .map(Some)
            }

            async fn create_round(&self, round: &Round) -> Result<()> {
                let mut tx = self.$write.begin().await?;
                insert_round(&mut tx, round).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn edit_round(&self, id: &str, title: &str, units: &[Unit], by: &str) -> Result<()> {
                let mut tx = self.$write.begin().await?;
                // No answer may slip in between the check and the change:
                // SQLite has one writer, which this transaction now is once
                // it writes the round's row; PostgreSQL locks the answers.
                // A round whose answers were deleted stays as it was too.
                let had_answers: Option<(bool,)> = sqlx::query_as(
                    "UPDATE rounds SET title = $1, version = version + 1 WHERE id = $2
                     RETURNING had_answers",
                )
                .bind(title)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
                let Some((had_answers,)) = had_answers else {
                    return Err(StoreError::RoundNotFound { id: id.to_string() });
                };
                sqlx::query($lock_responses).execute(&mut *tx).await?;
                let (answers,): (i64,) =
                    sqlx::query_as("SELECT COUNT(*) FROM responses WHERE round_id = $1")
                        .bind(id)
                        .fetch_one(&mut *tx)
                        .await?;
                if answers > 0 || had_answers {
                    return Err(StoreError::RoundHasAnswers { id: id.to_string() });
                }
                let before: Vec<(String,)> =
                    sqlx::query_as("SELECT name FROM units WHERE round_id = $1")
                        .bind(id)
                        .fetch_all(&mut *tx)
                        .await?;
                for (name,) in &before {
                    if units.iter().any(|u| &u.name == name) {
                        continue;
                    }
                    let (codes,): (i64,) = sqlx::query_as(
                        "SELECT COUNT(*) FROM code_tallies WHERE round_id = $1 AND unit = $2",
                    )
                    .bind(id)
                    .bind(name)
                    .fetch_one(&mut *tx)
                    .await?;
                    if codes > 0 {
                        return Err(StoreError::UnitHasCodes { unit: name.clone() });
                    }
                    sqlx::query("DELETE FROM units WHERE round_id = $1 AND name = $2")
                        .bind(id)
                        .bind(name)
                        .execute(&mut *tx)
                        .await?;
                }
                for (position, unit) in units.iter().enumerate() {
                    // A unit kept keeps the relations it rates (the page
                    // edits names, numbers and areas only).
                    sqlx::query(
                        "INSERT INTO units (round_id, position, name, invited, relations, area)
                         VALUES ($1, $2, $3, $4, $5, $6)
                         ON CONFLICT (round_id, name)
                         DO UPDATE SET position = excluded.position, invited = excluded.invited,
                                       area = excluded.area",
                    )
                    .bind(id)
                    .bind(position as i32)
                    .bind(&unit.name)
                    .bind(unit.invited.map(|n| n as i32))
                    .bind(unit.relations.as_ref().map(|keys| keys.join(",")))
                    .bind(&unit.area)
                    .execute(&mut *tx)
                    .await?;
                }
                let detail = format!("runde {id}: «{title}», {} enheter, av {by}", units.len());
                insert_audit(&mut tx, &today(), "endret runde", &detail).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn set_open(&self, id: &str, open: bool) -> Result<()> {
                let mut tx = self.$write.begin().await?;
                let exists: Option<String> = sqlx::query_scalar("SELECT id FROM rounds WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
                if exists.is_none() {
                    return Err(StoreError::RoundNotFound { id: id.to_string() });
                }
                // Closing: answers never sent and the addresses invited by
                // e-mail do not outlive the round.
                switch_round(&mut tx, id, open).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn submit(
                &self,
                round: &Round,
                token: &str,
                code: Option<&str>,
                response: &NewResponse,
            ) -> Result<SubmitOutcome> {
                let counted = TallyPlan::of(round)
                    .count(&response.answers)
                    .map_err(StoreError::Corrupt)?;
                self.writes
                    .submit(Write::Submission {
                        round_id: round.id.clone(),
                        token: token.to_string(),
                        code: code.map(String::from),
                        response: response.clone(),
                        counted,
                    })
                    .await
            }

            async fn counts(&self, round_id: &str) -> Result<Vec<GroupCount>> {
                let rows: Vec<GroupCountRow> = sqlx::query_as(
                    "SELECT unit, role, CAST(SUM(responses) AS BIGINT) AS n FROM tallies
                     WHERE round_id = $1 GROUP BY unit, role HAVING SUM(responses) > 0",
                )
                .bind(round_id)
                .fetch_all(&self.$read)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|r| GroupCount {
                        unit: r.unit,
                        role: r.role,
                        n: r.n as u64,
                    })
                    .collect())
            }

            async fn responses(&self, round_id: &str, sink: ResponseSink<'_>) -> Result<()> {
                self.stream_responses(round_id, sink).await
            }

            async fn responses_page(
                &self,
                round_id: &str,
                after: i64,
                limit: i64,
            ) -> Result<Vec<DatedResponse>> {
                let rows: Vec<DatedRow> = sqlx::query_as(
                    "SELECT id, submitted_on, unit, role, answers FROM responses
                     WHERE round_id = $1 AND id > $2 ORDER BY id LIMIT $3",
                )
                .bind(round_id)
                .bind(after)
                .bind(limit)
                .fetch_all(&self.$read)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|r| DatedResponse {
                        id: r.id,
                        date: r.submitted_on,
                        response: NewResponse {
                            unit: r.unit,
                            role: r.role,
                            answers: r.answers,
                        },
                    })
                    .collect())
            }

            async fn had_answers(&self, id: &str) -> Result<bool> {
                let row: Option<(bool,)> =
                    sqlx::query_as("SELECT had_answers FROM rounds WHERE id = $1")
                        .bind(id)
                        .fetch_optional(&self.$read)
                        .await?;
                Ok(row.is_some_and(|(had,)| had))
            }

            async fn delete_responses(&self, round_id: &str) -> Result<u64> {
                let mut tx = self.$write.begin().await?;
                // Held off: a submission committing between the two deletes
                // would keep its response and lose its counts (PostgreSQL).
                sqlx::query($lock_tallies).execute(&mut *tx).await?;
                let deleted = sqlx::query("DELETE FROM responses WHERE round_id = $1")
                    .bind(round_id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                clear_tallies(&mut tx, round_id).await?;
                if deleted > 0 {
                    mark_had_answers(&mut tx, round_id).await?;
                }
                // Nothing is shown of it any more; the copy stays, so that
                // answers imported anew are checked against it.
                sqlx::query("UPDATE published_rounds SET shown = $1 WHERE round_id = $2")
                    .bind(false)
                    .bind(round_id)
                    .execute(&mut *tx)
                    .await?;
                let detail = format!("runde {round_id}: {deleted} svar");
                insert_audit(&mut tx, &today(), "slettet svar", &detail).await?;
                tx.commit().await?;
                Ok(deleted)
            }

            async fn audit_log(&self) -> Result<Vec<AuditEntry>> {
                Ok(sqlx::query_as(
                    "SELECT on_date, action, detail FROM audit_log ORDER BY id DESC",
                )
                .fetch_all(&self.$read)
                .await?)
            }

            async fn begin_import(&self) -> Result<Box<dyn ImportTx>> {
                Ok(Box::new(Import {
                    tx: self.$write.begin().await?,
                    deltas: TallyDeltas::new(),
                    texts: TextRows::new(),
                }))
            }

            async fn tallies(&self, round_id: &str) -> Result<Vec<UnitTally>> {
                let mut conn = self.$read.acquire().await?;
                Ok(kept_tallies(&mut conn, round_id)
                    .await?
                    .into_iter()
                    .map(|((unit, role), tally)| UnitTally { unit, role, tally })
                    .collect())
            }

            async fn published(&self, round_id: &str) -> Result<Option<Published>> {
                let mut conn = self.$read.acquire().await?;
                published_copy(&mut conn, round_id).await
            }

            async fn publication(&self, round_id: &str) -> Result<Option<(u32, bool)>> {
                let mut conn = self.$read.acquire().await?;
                Ok(newest_version(&mut conn, round_id).await?.map(|(v, shown)| (v as u32, shown)))
            }

            async fn published_history(&self, round_id: &str) -> Result<Vec<Snapshot>> {
                let mut conn = self.$read.acquire().await?;
                published_versions(&mut conn, round_id).await
            }

            async fn publish(&self, round_id: &str, may: MayPublish<'_>) -> Result<Option<u32>> {
                let mut tx = self.$write.begin().await?;
                // A write first (SQLite then holds the write lock), and the
                // lock that holds off submissions and imports (PostgreSQL).
                let found = sqlx::query("UPDATE rounds SET tallied = tallied WHERE id = $1")
                    .bind(round_id)
                    .execute(&mut *tx)
                    .await?;
                if found.rows_affected() == 0 {
                    return Err(StoreError::RoundNotFound { id: round_id.to_string() });
                }
                sqlx::query($lock_tallies).execute(&mut *tx).await?;
                let live = Snapshot {
                    tallies: kept_tallies(&mut tx, round_id)
                        .await?
                        .into_iter()
                        .map(|((unit, role), tally)| UnitTally { unit, role, tally })
                        .collect(),
                    texts: kept_texts(&mut tx, "response_texts", round_id).await?,
                };
                let before = published_versions(&mut tx, round_id).await?;
                if !may(&live, &before) {
                    return Ok(None);
                }
                let version = before.len() as u32 + 1;
                write_published(&mut tx, round_id, version, true, &live).await?;
                let responses: u64 = live.tallies.iter().map(|t| t.tally.responses).sum();
                let detail = format!("runde {round_id}: versjon {version}, {responses} svar");
                insert_audit(&mut tx, &today(), "publiserte resultater", &detail).await?;
                tx.commit().await?;
                Ok(Some(version))
            }

            async fn texts(&self, round_id: &str) -> Result<Vec<StoredText>> {
                let rows = self.read_texts(round_id).await?;
                Ok(rows
                    .into_iter()
                    .map(|(unit, relation, text)| StoredText {
                        unit,
                        text: FreeText { relation, text },
                    })
                    .collect())
            }

            async fn check_tallies(&self, round: &Round) -> Result<TallyCheck> {
                let mut tx = self.$write.begin().await?;
                // A write first: SQLite then holds the write lock for the
                // whole check, so nothing is stored between reading the
                // responses and writing their counts (PostgreSQL: the lock).
                let found = sqlx::query("UPDATE rounds SET tallied = tallied WHERE id = $1")
                    .bind(&round.id)
                    .execute(&mut *tx)
                    .await?;
                if found.rows_affected() == 0 {
                    return Err(StoreError::RoundNotFound { id: round.id.clone() });
                }
                sqlx::query($lock_tallies).execute(&mut *tx).await?;
                // Counts built for the first time (an older database) are no
                // repair, and the audit log does not call them one.
                let was_tallied: bool = sqlx::query_scalar("SELECT tallied FROM rounds WHERE id = $1")
                    .bind(&round.id)
                    .fetch_one(&mut *tx)
                    .await?;
                sqlx::query("UPDATE rounds SET tallied = $1 WHERE id = $2")
                    .bind(true)
                    .bind(&round.id)
                    .execute(&mut *tx)
                    .await?;
                let plan = TallyPlan::of(round);
                let mut rebuilt: BTreeMap<(String, String), Tally> = BTreeMap::new();
                let mut texts_rebuilt: Vec<(String, FreeText)> = Vec::new();
                let mut responses = 0u64;
                {
                    let mut rows = sqlx::query_as::<_, (String, String, String)>(
                        "SELECT unit, role, answers FROM responses WHERE round_id = $1",
                    )
                    .bind(&round.id)
                    .fetch(&mut *tx);
                    while let Some((unit, role, answers)) = rows.try_next().await? {
                        let counted = plan.count(&answers).map_err(StoreError::Corrupt)?;
                        responses += 1;
                        rebuilt
                            .entry((unit.clone(), role))
                            .or_default()
                            .add(&counted.tally);
                        texts_rebuilt.extend(counted.texts.into_iter().map(|t| (unit.clone(), t)));
                    }
                }
                let kept_map = kept_tallies(&mut tx, &round.id).await?;
                let mut differing: Vec<(String, String)> = rebuilt
                    .iter()
                    .filter(|(key, tally)| kept_map.get(*key) != Some(*tally))
                    .map(|(key, _)| key.clone())
                    .collect();
                differing.extend(kept_map.keys().filter(|k| !rebuilt.contains_key(*k)).cloned());
                differing.sort();
                let kept_texts: Vec<(String, Option<String>, String)> = sqlx::query_as(
                    "SELECT unit, relation, text FROM response_texts WHERE round_id = $1",
                )
                .bind(&round.id)
                .fetch_all(&mut *tx)
                .await?;
                let mut kept_texts: Vec<(String, FreeText)> = kept_texts
                    .into_iter()
                    .map(|(unit, relation, text)| (unit, FreeText { relation, text }))
                    .collect();
                kept_texts.sort();
                texts_rebuilt.sort();
                let texts_differ = kept_texts != texts_rebuilt;
                if !differing.is_empty() || texts_differ {
                    clear_tallies(&mut tx, &round.id).await?;
                    let deltas: TallyDeltas = rebuilt
                        .into_iter()
                        .map(|((unit, role), t)| ((round.id.clone(), unit, role), t))
                        .collect();
                    add_tallies(&mut tx, &deltas).await?;
                    let rows: TextRows = texts_rebuilt
                        .iter()
                        .map(|(unit, t)| (round.id.clone(), unit.clone(), t.clone()))
                        .collect();
                    add_texts_bulk(&mut tx, &rows).await?;
                    let detail = format!(
                        "runde {}: {} grupper og {} fritekster rettet",
                        round.id,
                        differing.len(),
                        if texts_differ { "noen" } else { "ingen" }
                    );
                    if was_tallied {
                        insert_audit(&mut tx, &today(), "rettet tellinger", &detail).await?;
                    }
                }
                tx.commit().await?;
                Ok(TallyCheck {
                    responses,
                    differing,
                    texts_differ,
                })
            }
        }

        impl $store {
            /// Builds the kept counts of rounds stored before they were kept
            /// (an older database), once, from their responses.
            pub async fn build_missing_tallies(&self) -> Result<()> {
                let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM rounds WHERE tallied = $1")
                    .bind(false)
                    .fetch_all(&self.$write)
                    .await?;
                for id in ids {
                    use $crate::store::Store as _;
                    if let Some(round) = self.round(&id).await? {
                        self.check_tallies(&round).await?;
                    }
                }
                Ok(())
            }
        }

        // Accounts are read from the writer: a login just after `user add`
        // or a password change must see it, and SQLite's reader pool may lag
        // a commit.
        #[async_trait::async_trait]
        impl $crate::store::Accounts for $store {
            async fn account(&self, name: &str) -> Result<Option<Account>> {
                let row: Option<AccountRow> = sqlx::query_as(
                    "SELECT name, role, password_hash, generation, last_login FROM users WHERE name = $1",
                )
                .bind(name)
                .fetch_optional(&self.$write)
                .await?;
                match row {
                    Some(row) => Ok(Some(row.into_account(self.units_of(name).await?)?)),
                    None => Ok(None),
                }
            }

            async fn accounts(&self) -> Result<Vec<Account>> {
                let rows: Vec<AccountRow> = sqlx::query_as(
                    "SELECT name, role, password_hash, generation, last_login FROM users ORDER BY name",
                )
                .fetch_all(&self.$write)
                .await?;
                let mut out = Vec::with_capacity(rows.len());
                for row in rows {
                    let units = self.units_of(&row.name).await?;
                    out.push(row.into_account(units)?);
                }
                Ok(out)
            }

            async fn add_account(&self, account: &Account) -> Result<()> {
                let mut tx = self.$write.begin().await?;
                insert_account(&mut tx, account).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn set_password(&self, name: &str, password_hash: &str) -> Result<()> {
                let done = sqlx::query(
                    "UPDATE users SET password_hash = $1, generation = generation + 1
                     WHERE name = $2",
                )
                .bind(password_hash)
                .bind(name)
                .execute(&self.$write)
                .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::AccountNotFound {
                        name: name.to_string(),
                    });
                }
                Ok(())
            }

            async fn remove_account(&self, name: &str) -> Result<()> {
                // Checked and removed in one step, the accounts locked
                // meanwhile: two administrators removing each other at
                // once must leave one.
                let mut tx = self.$write.begin().await?;
                sqlx::query($lock_users).execute(&mut *tx).await?;
                let role: Option<String> =
                    sqlx::query_scalar("SELECT role FROM users WHERE name = $1")
                        .bind(name)
                        .fetch_optional(&mut *tx)
                        .await?;
                let Some(role) = role else {
                    return Err(StoreError::AccountNotFound {
                        name: name.to_string(),
                    });
                };
                if role == "administrator" {
                    let admins: i64 = sqlx::query_scalar(
                        "SELECT COUNT(*) FROM users WHERE role = 'administrator'",
                    )
                    .fetch_one(&mut *tx)
                    .await?;
                    if admins <= 1 {
                        return Err(StoreError::LastAdministrator {
                            name: name.to_string(),
                        });
                    }
                }
                sqlx::query("DELETE FROM users WHERE name = $1")
                    .bind(name)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn reserve_login(
                &self,
                keys: &[String; 2],
                most: [u64; 2],
                at: i64,
                since: i64,
            ) -> Result<bool> {
                let mut tx = self.$write.begin().await?;
                // The keys' locks, in one order (PostgreSQL: held to the end
                // of the transaction; SQLite: its one writer is the lock).
                let mut ordered: Vec<&String> = keys.iter().collect();
                ordered.sort();
                for key in ordered {
                    sqlx::query($lock_key).bind(key).execute(&mut *tx).await?;
                }
                sqlx::query("DELETE FROM login_failures WHERE at < $1")
                    .bind(since)
                    .execute(&mut *tx)
                    .await?;
                for (key, most) in keys.iter().zip(most) {
                    let failed: i64 = sqlx::query_scalar(
                        "SELECT COUNT(*) FROM login_failures WHERE key = $1 AND at >= $2",
                    )
                    .bind(key)
                    .bind(since)
                    .fetch_one(&mut *tx)
                    .await?;
                    if failed as u64 >= most {
                        tx.commit().await?;
                        return Ok(false);
                    }
                }
                for key in keys {
                    sqlx::query("INSERT INTO login_failures (key, at) VALUES ($1, $2)")
                        .bind(key)
                        .bind(at)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                Ok(true)
            }

            async fn login_succeeded(&self, account_key: &str, address_key: &str, at: i64) -> Result<()> {
                let mut tx = self.$write.begin().await?;
                sqlx::query("DELETE FROM login_failures WHERE key = $1")
                    .bind(account_key)
                    .execute(&mut *tx)
                    .await?;
                // One row only: the address keeps its real failures.
                sqlx::query(concat!(
                    "DELETE FROM login_failures WHERE ", $row_id, " = (SELECT ", $row_id,
                    " FROM login_failures WHERE key = $1 AND at = $2 LIMIT 1)"
                ))
                .bind(address_key)
                .bind(at)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn note_login(&self, name: &str) -> Result<()> {
                sqlx::query("UPDATE users SET last_login = $1 WHERE name = $2")
                    .bind(today())
                    .bind(name)
                    .execute(&self.$write)
                    .await?;
                Ok(())
            }

            fn sessions(&self) -> $crate::store::Sessions {
                $crate::store::Sessions(std::sync::Arc::new(self.sessions.clone()))
            }
        }

        #[async_trait::async_trait]
        impl $crate::store::Invitations for $store {
            async fn add_codes(&self, round_id: &str, unit: &str, hashes: &[String]) -> Result<()> {
                let mut tx = self.$write.begin().await?;
                let known: Option<i32> =
                    sqlx::query_scalar("SELECT 1 FROM units WHERE round_id = $1 AND name = $2")
                        .bind(round_id)
                        .bind(unit)
                        .fetch_optional(&mut *tx)
                        .await?;
                if known.is_none() {
                    return Err(StoreError::UnitNotFound {
                        round: round_id.to_string(),
                        unit: unit.to_string(),
                    });
                }
                for hash in hashes {
                    insert_code(&mut tx, round_id, hash, unit).await?;
                }
                sqlx::query(
                    "INSERT INTO code_tallies (round_id, unit, made) VALUES ($1, $2, $3)
                     ON CONFLICT (round_id, unit)
                     DO UPDATE SET made = code_tallies.made + excluded.made",
                )
                .bind(round_id)
                .bind(unit)
                .bind(hashes.len() as i64)
                .execute(&mut *tx)
                .await?;
                // The unit now answers with codes; the round's version moves
                // so that every instance sees it at once.
                bump_version(&mut tx, round_id).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn set_requires_code(&self, round_id: &str, required: bool) -> Result<()> {
                self.set_switch(
                    "UPDATE rounds SET requires_code = $1, version = version + 1 WHERE id = $2",
                    required,
                    round_id,
                )
                .await
            }

            async fn code(&self, round_id: &str, hash: &str) -> Result<Option<String>> {
                Ok(sqlx::query_scalar(
                    "SELECT unit FROM invitation_codes WHERE code_hash = $1 AND round_id = $2",
                )
                .bind(hash)
                .bind(round_id)
                .fetch_optional(&self.$read)
                .await?)
            }

            async fn save_draft(&self, round_id: &str, token: &str, fields: &str) -> Result<()> {
                self.writes
                    .save_draft(Write::Draft {
                        round_id: round_id.to_string(),
                        token: token.to_string(),
                        fields: fields.to_string(),
                    })
                    .await
            }

            async fn set_references(
                &self,
                round_id: &str,
                sets: &[$crate::store::ReferenceSet],
            ) -> Result<()> {
                let mut tx = self.$write.begin().await?;
                for (source, year, figures) in sets {
                    sqlx::query(
                        "DELETE FROM reference_figures WHERE round_id = $1 AND source = $2 AND year = $3",
                    )
                    .bind(round_id)
                    .bind(source)
                    .bind(year)
                    .execute(&mut *tx)
                    .await?;
                    for f in figures {
                        insert_reference(&mut tx, round_id, f).await?;
                    }
                    let detail =
                        format!("runde {round_id}: {} tall fra {source} {year}", figures.len());
                    insert_audit(&mut tx, &today(), "referansetall", &detail).await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn references(&self, round_id: &str) -> Result<Vec<$crate::store::ReferenceFigure>> {
                let rows: Vec<(String, String, String, f64, Option<i64>)> = sqlx::query_as(
                    "SELECT source, year, column_name, mean, n FROM reference_figures
                     WHERE round_id = $1 ORDER BY source, year, column_name",
                )
                .bind(round_id)
                .fetch_all(&self.$read)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(source, year, column, mean, n)| $crate::store::ReferenceFigure {
                        source,
                        year,
                        column,
                        mean,
                        n: n.map(|n| n as u64),
                    })
                    .collect())
            }

            async fn round_texts(&self, round_id: &str) -> Result<$crate::store::RoundTexts> {
                let row: Option<(String, String)> = sqlx::query_as(
                    "SELECT achieved, direction FROM round_texts WHERE round_id = $1",
                )
                .bind(round_id)
                .fetch_optional(&self.$read)
                .await?;
                Ok(row
                    .map(|(achieved, direction)| $crate::store::RoundTexts { achieved, direction })
                    .unwrap_or_default())
            }

            async fn set_round_texts(
                &self,
                round_id: &str,
                texts: &$crate::store::RoundTexts,
            ) -> Result<()> {
                let mut tx = self.$write.begin().await?;
                write_round_texts(&mut tx, round_id, texts).await?;
                let detail = format!(
                    "runde {round_id}: {} og {} tegn",
                    texts.achieved.chars().count(),
                    texts.direction.chars().count()
                );
                insert_audit(&mut tx, &today(), "tekster til politikerne", &detail).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn staff_page(&self, round_id: &str) -> Result<Option<String>> {
                Ok(sqlx::query_scalar(
                    "SELECT published_on FROM staff_pages WHERE round_id = $1",
                )
                .bind(round_id)
                .fetch_optional(&self.$read)
                .await?)
            }

            async fn set_staff_page(&self, round_id: &str, published: bool, by: &str) -> Result<()> {
                let mut tx = self.$write.begin().await?;
                let withdrawn = sqlx::query("DELETE FROM staff_pages WHERE round_id = $1")
                    .bind(round_id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if !published && withdrawn == 0 {
                    return Ok(()); // nothing was published: nothing to say
                }
                let action = if published {
                    sqlx::query("INSERT INTO staff_pages (round_id, published_on) VALUES ($1, $2)")
                        .bind(round_id)
                        .bind(today())
                        .execute(&mut *tx)
                        .await?;
                    "resultatside for ansatte publisert"
                } else {
                    "resultatside for ansatte trukket tilbake"
                };
                insert_audit(&mut tx, &today(), action, &format!("runde {round_id}, av {by}")).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn progress(&self, round_id: &str, token: &str) -> Result<$crate::store::Progress> {
                // A reader sees every commit acknowledged before it starts,
                // and the writer stays free for the group commit.
                let (stored, draft): (bool, Option<String>) = sqlx::query_as(
                    "SELECT EXISTS (SELECT 1 FROM submission_tokens WHERE token = $1),
                            (SELECT fields FROM drafts WHERE token = $1 AND round_id = $2)",
                )
                .bind(token)
                .bind(round_id)
                .fetch_one(&self.$read)
                .await?;
                Ok(if stored {
                    $crate::store::Progress::Stored
                } else {
                    $crate::store::Progress::Draft(draft)
                })
            }

            async fn token_used(&self, token: &str) -> Result<bool> {
                let found: Option<i32> =
                    sqlx::query_scalar("SELECT 1 FROM submission_tokens WHERE token = $1")
                        .bind(token)
                        .fetch_optional(&self.$read)
                        .await?;
                Ok(found.is_some())
            }

            async fn codes(&self, round_id: &str) -> Result<Vec<StoredCode>> {
                let rows: Vec<CodeRow> = sqlx::query_as(
                    "SELECT code_hash, unit FROM invitation_codes WHERE round_id = $1
                     ORDER BY code_hash",
                )
                .bind(round_id)
                .fetch_all(&self.$read)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|r| StoredCode {
                        hash: r.code_hash,
                        unit: r.unit,
                    })
                    .collect())
            }

            async fn code_counts(&self, round_id: &str) -> Result<Vec<CodeCount>> {
                let rows: Vec<CodeCountRow> = sqlx::query_as(
                    "SELECT unit, made, used FROM code_tallies WHERE round_id = $1 ORDER BY unit",
                )
                .bind(round_id)
                .fetch_all(&self.$read)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|r| CodeCount {
                        unit: r.unit,
                        made: r.made as u64,
                        used: r.used as u64,
                    })
                    .collect())
            }
        }

        #[async_trait::async_trait]
        impl $crate::store::FollowUp for $store {
            async fn areas(&self, round_id: &str) -> Result<Vec<Area>> {
                let sql = format!(
                    "SELECT {AREA_COLUMNS} FROM areas WHERE round_id = $1 ORDER BY id"
                );
                let areas: Vec<AreaRow> = sqlx::query_as(&sql)
                    .bind(round_id)
                    .fetch_all(&self.$write)
                    .await?;
                let sql = format!(
                    "SELECT {MEASURE_COLUMNS} FROM measures
                     WHERE area_id IN (SELECT id FROM areas WHERE round_id = $1) ORDER BY id"
                );
                let measures: Vec<MeasureRow> = sqlx::query_as(&sql)
                    .bind(round_id)
                    .fetch_all(&self.$write)
                    .await?;
                // The municipality's first, then by unit in Norwegian order
                // (the same in both stores, whatever their collation).
                let mut areas = assemble_areas(areas, measures)?;
                areas.sort_by_cached_key(|a| {
                    (
                        a.unit.as_deref().map($crate::analysis::aggregate::norwegian_key),
                        a.id,
                    )
                });
                Ok(areas)
            }

            async fn area(&self, id: i64) -> Result<Option<Area>> {
                let sql = format!("SELECT {AREA_COLUMNS} FROM areas WHERE id = $1");
                let Some(area) = sqlx::query_as::<_, AreaRow>(&sql)
                    .bind(id)
                    .fetch_optional(&self.$write)
                    .await?
                else {
                    return Ok(None);
                };
                let sql = format!("SELECT {MEASURE_COLUMNS} FROM measures WHERE area_id = $1 ORDER BY id");
                let measures: Vec<MeasureRow> = sqlx::query_as(&sql)
                    .bind(id)
                    .fetch_all(&self.$write)
                    .await?;
                Ok(assemble_areas(vec![area], measures)?.pop())
            }

            async fn area_of_measure(&self, id: i64) -> Result<Option<Area>> {
                let area: Option<i64> =
                    sqlx::query_scalar("SELECT area_id FROM measures WHERE id = $1")
                        .bind(id)
                        .fetch_optional(&self.$write)
                        .await?;
                match area {
                    Some(area) => self.area(area).await,
                    None => Ok(None),
                }
            }

            async fn add_area(&self, area: &NewArea, by: &str) -> Result<i64> {
                let mut tx = self.$write.begin().await?;
                let round: Option<i32> = sqlx::query_scalar("SELECT 1 FROM rounds WHERE id = $1")
                    .bind(&area.round)
                    .fetch_optional(&mut *tx)
                    .await?;
                if round.is_none() {
                    return Err(StoreError::RoundNotFound { id: area.round.clone() });
                }
                let id = insert_area(&mut tx, area, &Reflection::default()).await?;
                let label = area_label(&area.round, area.unit.as_deref(), &area.target);
                let detail = format!("{label} ({}), av {by}", area.purpose.key());
                insert_audit(&mut tx, &today(), "nytt område", &detail).await?;
                tx.commit().await?;
                Ok(id)
            }

            async fn sheets(&self, round_id: &str) -> Result<Vec<$crate::sheets::Sheet>> {
                let rows: Vec<(i64, String, String, String, String, String, String, String)> =
                    sqlx::query_as(&format!(
                        "SELECT {SHEET_COLUMNS} FROM sheets WHERE round_id = $1 ORDER BY unit <> '', unit, id"
                    ))
                    .bind(round_id)
                    .fetch_all(&self.$read)
                    .await?;
                rows.into_iter().map(sheet_of).collect()
            }

            async fn sheet(&self, id: i64) -> Result<Option<$crate::sheets::Sheet>> {
                let row: Option<(i64, String, String, String, String, String, String, String)> =
                    sqlx::query_as(&format!("SELECT {SHEET_COLUMNS} FROM sheets WHERE id = $1"))
                        .bind(id)
                        .fetch_optional(&self.$read)
                        .await?;
                row.map(sheet_of).transpose()
            }

            async fn add_sheet(&self, sheet: &$crate::sheets::NewSheet, by: &str) -> Result<i64> {
                let mut tx = self.$write.begin().await?;
                let round: Option<i32> = sqlx::query_scalar("SELECT 1 FROM rounds WHERE id = $1")
                    .bind(&sheet.round)
                    .fetch_optional(&mut *tx)
                    .await?;
                if round.is_none() {
                    return Err(StoreError::RoundNotFound { id: sheet.round.clone() });
                }
                let id = insert_sheet(&mut tx, sheet, &[]).await?;
                let label = sheet_label(sheet.title.trim(), &sheet.round, sheet.unit.as_deref());
                let detail = format!("{label} ({}), av {by}", sheet.kind.key());
                insert_audit(&mut tx, &today(), "nytt gruppeark", &detail).await?;
                tx.commit().await?;
                Ok(id)
            }

            async fn set_sheet_items(
                &self,
                id: i64,
                items: &[$crate::sheets::SheetItem],
                what: &str,
                by: &str,
            ) -> Result<()> {
                let mut tx = self.$write.begin().await?;
                let label = sheet_head(&mut tx, id).await?;
                sqlx::query("UPDATE sheets SET items = $1 WHERE id = $2")
                    .bind(serde_json::to_string(items).expect("points serialise"))
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                let detail = format!("{label}: {what}, av {by}");
                insert_audit(&mut tx, &today(), "gruppeark endret", &detail).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn remove_sheet(&self, id: i64, by: &str) -> Result<()> {
                let mut tx = self.$write.begin().await?;
                let label = sheet_head(&mut tx, id).await?;
                sqlx::query("DELETE FROM sheets WHERE id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                let detail = format!("{label}, av {by}");
                insert_audit(&mut tx, &today(), "fjernet gruppeark", &detail).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn set_reflection(&self, id: i64, r: &Reflection, by: &str) -> Result<()> {
                let mut tx = self.$write.begin().await?;
                let row = area_row(&mut tx, id).await?;
                sqlx::query(
                    "UPDATE areas SET did = $1, learned = $2, success_criteria = $3, causes = $4
                     WHERE id = $5",
                )
                .bind(&r.did)
                .bind(&r.learned)
                .bind(&r.success_criteria)
                .bind(&r.causes)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                let detail = format!("{}, av {by}", label_of(&row));
                insert_audit(&mut tx, &today(), "refleksjon", &detail).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn remove_area(&self, id: i64, by: &str) -> Result<()> {
                let mut tx = self.$write.begin().await?;
                let row = area_row(&mut tx, id).await?;
                sqlx::query("DELETE FROM measures WHERE area_id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("DELETE FROM areas WHERE id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                let detail = format!("{}, av {by}", label_of(&row));
                insert_audit(&mut tx, &today(), "fjernet område", &detail).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn add_measure(&self, area_id: i64, m: &MeasureInput, by: &str) -> Result<i64> {
                let mut tx = self.$write.begin().await?;
                let row = area_row(&mut tx, area_id).await?;
                let id = insert_measure(&mut tx, area_id, m, &today()).await?;
                let detail = format!("{}: «{}» ({}), av {by}", label_of(&row), m.what, m.status.key());
                insert_audit(&mut tx, &today(), "nytt tiltak", &detail).await?;
                tx.commit().await?;
                Ok(id)
            }

            async fn update_measure(&self, id: i64, m: &MeasureInput, by: &str) -> Result<()> {
                let mut tx = self.$write.begin().await?;
                let (row, old_status) = measure_area(&mut tx, id).await?;
                sqlx::query(
                    "UPDATE measures SET what = $1, responsible = $2, deadline = $3, notes = $4,
                        status_on = CASE WHEN status = $5 THEN status_on ELSE $6 END,
                        status = $5
                     WHERE id = $7",
                )
                .bind(&m.what)
                .bind(&m.responsible)
                .bind(&m.deadline)
                .bind(&m.notes)
                .bind(m.status.key())
                .bind(today())
                .bind(id)
                .execute(&mut *tx)
                .await?;
                let detail = format!(
                    "{}: «{}» ({} → {}), av {by}",
                    label_of(&row),
                    m.what,
                    old_status,
                    m.status.key()
                );
                insert_audit(&mut tx, &today(), "endret tiltak", &detail).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn remove_measure(&self, id: i64, by: &str) -> Result<()> {
                let mut tx = self.$write.begin().await?;
                let (row, _) = measure_area(&mut tx, id).await?;
                sqlx::query("DELETE FROM measures WHERE id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                let detail = format!("{}: tiltak {id}, av {by}", label_of(&row));
                insert_audit(&mut tx, &today(), "fjernet tiltak", &detail).await?;
                tx.commit().await?;
                Ok(())
            }
        }

        /// One all-or-nothing import: a transaction held until `commit`,
        /// with the counts its responses add (written once, at the end).
        struct Import {
            tx: Tx,
            deltas: TallyDeltas,
            texts: TextRows,
        }

        impl Import {
            /// Counts `rows` and keeps their free texts for later.
            fn count(&mut self, round: &Round, rows: &[&NewResponse]) -> Result<()> {
                let plan = TallyPlan::of(round);
                // Summed by (unit, role) within the batch first: one key
                // of owned strings per group, not per row.
                let mut groups: std::collections::HashMap<(&str, &str), $crate::survey::tally::Counter> =
                    std::collections::HashMap::new();
                let mut texts = Vec::new();
                for r in rows {
                    let counter = groups
                        .entry((r.unit.as_str(), r.role.as_str()))
                        .or_insert_with(|| plan.counter());
                    plan.count_into(&r.answers, counter, &mut texts)
                        .map_err(StoreError::Corrupt)?;
                    self.texts.extend(
                        texts.drain(..).map(|t| (round.id.clone(), r.unit.clone(), t)),
                    );
                }
                for ((unit, role), counter) in groups {
                    self.deltas
                        .entry((round.id.clone(), unit.to_string(), role.to_string()))
                        .or_default()
                        .add(&plan.tally_of(counter));
                }
                Ok(())
            }

            /// Writes the texts kept so far once there are many. Called after
            /// the responses are written: tables are locked in the order
            /// responses, texts, counts, as a check does (no deadlock).
            async fn flush_texts(&mut self) -> Result<()> {
                if self.texts.len() >= 2000 {
                    add_texts_bulk(&mut self.tx, &self.texts).await?;
                    self.texts.clear();
                }
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl ImportTx for Import {
            async fn create_round(&mut self, round: &Round) -> Result<()> {
                insert_round(&mut self.tx, round).await
            }

            async fn add_unit(&mut self, round_id: &str, unit: &Unit) -> Result<()> {
                insert_unit(&mut self.tx, round_id, unit).await
            }

            async fn add_role(&mut self, round_id: &str, role: &Role) -> Result<()> {
                insert_role(&mut self.tx, round_id, role).await
            }

            async fn insert(&mut self, round: &Round, rows: Vec<NewResponse>) -> Result<()> {
                self.count(round, &rows.iter().collect::<Vec<_>>())?;
                let date = today();
                let rows = rows.into_iter().map(|r| (date.clone(), r)).collect();
                $store::insert_responses(&mut self.tx, &round.id, rows).await?;
                self.flush_texts().await
            }

            async fn insert_dated(
                &mut self,
                round: &Round,
                rows: Vec<(String, NewResponse)>,
            ) -> Result<()> {
                self.count(round, &rows.iter().map(|(_, r)| r).collect::<Vec<_>>())?;
                $store::insert_responses(&mut self.tx, &round.id, rows).await?;
                self.flush_texts().await
            }

            async fn add_codes(
                &mut self,
                round_id: &str,
                codes: &[StoredCode],
                tallies: &[CodeCount],
            ) -> Result<()> {
                for c in codes {
                    insert_code(&mut self.tx, round_id, &c.hash, &c.unit).await?;
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
                insert_account(&mut self.tx, account).await
            }

            async fn add_audit(&mut self, date: &str, action: &str, detail: &str) -> Result<()> {
                insert_audit(&mut self.tx, date, action, detail).await
            }

            async fn add_references(
                &mut self,
                round_id: &str,
                figures: &[$crate::store::ReferenceFigure],
            ) -> Result<()> {
                for f in figures {
                    insert_reference(&mut self.tx, round_id, f).await?;
                }
                Ok(())
            }

            async fn add_round_texts(
                &mut self,
                round_id: &str,
                texts: &$crate::store::RoundTexts,
            ) -> Result<()> {
                write_round_texts(&mut self.tx, round_id, texts).await
            }

            async fn add_sheet(&mut self, sheet: &$crate::sheets::Sheet) -> Result<()> {
                let new = $crate::sheets::NewSheet {
                    round: sheet.round.clone(),
                    unit: sheet.unit.clone(),
                    kind: sheet.kind,
                    title: sheet.title.clone(),
                    held_on: sheet.held_on.clone(),
                    method: sheet.method,
                };
                insert_sheet(&mut self.tx, &new, &sheet.items).await?;
                Ok(())
            }

            async fn add_settings(&mut self, pairs: &[(String, String)]) -> Result<()> {
                for (key, value) in pairs {
                    sqlx::query(
                        "INSERT INTO settings (key, value) VALUES ($1, $2)
                         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    )
                    .bind(key)
                    .bind(value)
                    .execute(&mut *self.tx)
                    .await?;
                }
                Ok(())
            }

            async fn add_schedule(
                &mut self,
                round_id: &str,
                s: &$crate::store::outreach::Schedule,
                reminded: &[String],
            ) -> Result<()> {
                // Applied already where its time has passed: a move does
                // not open or close a round again.
                let now = time::OffsetDateTime::now_utc().unix_timestamp();
                sqlx::query(
                    "INSERT INTO round_schedules
                       (round_id, deadline, opens_at, closes_at, opened_done, closed_done, reminder_days)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(round_id)
                .bind(&s.deadline)
                .bind(s.opens_at)
                .bind(s.closes_at)
                .bind(s.opens_at.is_some_and(|t| t <= now))
                .bind(s.closes_at.is_some_and(|t| t <= now))
                .bind(s.reminder_days.join(","))
                .execute(&mut *self.tx)
                .await?;
                for day in reminded {
                    sqlx::query("INSERT INTO reminders_done (round_id, day) VALUES ($1, $2)")
                        .bind(round_id)
                        .bind(day)
                        .execute(&mut *self.tx)
                        .await?;
                }
                Ok(())
            }

            async fn add_staff_page(&mut self, round_id: &str, published_on: &str) -> Result<()> {
                sqlx::query("INSERT INTO staff_pages (round_id, published_on) VALUES ($1, $2)")
                    .bind(round_id)
                    .bind(published_on)
                    .execute(&mut *self.tx)
                    .await?;
                Ok(())
            }

            async fn mark_had_answers(&mut self, round_id: &str) -> Result<()> {
                mark_had_answers(&mut self.tx, round_id).await
            }

            async fn mark_was_opened(&mut self, round_id: &str) -> Result<()> {
                mark_was_opened(&mut self.tx, round_id).await
            }

            async fn add_published(&mut self, round_id: &str, history: &[Snapshot], shown: bool) -> Result<()> {
                for (i, snapshot) in history.iter().enumerate() {
                    write_published(&mut self.tx, round_id, i as u32 + 1, shown, snapshot).await?;
                }
                Ok(())
            }

            async fn add_area(&mut self, area: &Area) -> Result<()> {
                let new = NewArea {
                    round: area.round.clone(),
                    unit: area.unit.clone(),
                    target: area.target.clone(),
                    purpose: area.purpose,
                    why: area.why.clone(),
                };
                let id = insert_area(&mut self.tx, &new, &area.reflection).await?;
                for m in &area.measures {
                    let input = MeasureInput {
                        what: m.what.clone(),
                        responsible: m.responsible.clone(),
                        deadline: m.deadline.clone(),
                        status: m.status,
                        notes: m.notes.clone(),
                    };
                    insert_measure(&mut self.tx, id, &input, &m.status_on).await?;
                }
                Ok(())
            }

            async fn commit(mut self: Box<Self>) -> Result<()> {
                add_texts_bulk(&mut self.tx, &self.texts).await?;
                add_tallies(&mut self.tx, &self.deltas).await?;
                self.tx.commit().await?;
                Ok(())
            }
        }
    };
}
