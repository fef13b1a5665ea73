//! The store's part of reaching people (issue 28): settings, a round's
//! schedule, and the e-mail outbox. Written once for both backends, like
//! `shared`, by `outreach_store!`, which a backend invokes beside
//! `shared_store!` (whose helpers, such as `insert_audit`, it uses).
//!
//! What the outbox promises: an address meets its code only in its own
//! row of `mail_invitations`; the row is deleted when the code is spent
//! (in the submission's transaction, see `forget_spent_address`) and every
//! row of a round when it closes. Nothing read from here tells which
//! address has answered: the counts only grow, and the rows shown (relay
//! refusals) are of messages that never arrived.

use async_trait::async_trait;

use crate::store::Result;

/// A round's schedule as stored: times are seconds since 1970 (UTC).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schedule {
    /// `YYYY-MM-DD`: the last day to answer, as letters and e-mails say.
    pub deadline: Option<String>,
    pub opens_at: Option<i64>,
    pub closes_at: Option<i64>,
    /// `YYYY-MM-DD`, in order.
    pub reminder_days: Vec<String>,
}

/// What applying the schedules did, for the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScheduleEvent {
    Opened {
        round: String,
    },
    Closed {
        round: String,
        addresses_deleted: u64,
    },
    Reminded {
        round: String,
        day: String,
    },
}

/// An address to invite, with the code its message carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMail {
    pub address: String,
    /// The code as printed, for the link (kept until spent or closed, so
    /// that a reminder carries the same link).
    pub code: String,
    pub code_hash: String,
    /// The message's language (`nb`, `nn`, `en`).
    pub lang: String,
}

/// What adding addresses did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MailsAdded {
    pub added: u64,
    /// Given before for this round (answered or not: nobody can tell).
    pub already: u64,
}

/// A message to send now, claimed by one sender.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    pub id: i64,
    pub round_id: String,
    pub unit: String,
    pub address: String,
    pub code: String,
    pub lang: String,
    pub reminder: bool,
}

/// What the relay said to one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailOutcome {
    Sent,
    /// Refused for good (a bad address, a 5xx): an invitation is shown on
    /// the round page by address; a reminder is counted only.
    Refused(String),
    /// Refused for now (a 4xx: mailbox full, greylisting): tried again
    /// after a while, at most `MAX_ATTEMPTS` times.
    Later(String),
    /// No answer after the message may have gone (a timeout, a dropped
    /// connection): it may have arrived, so it is never sent again.
    Uncertain,
}

/// Tries of one message before a temporary refusal counts as for good.
pub const MAX_ATTEMPTS: i32 = 5;

/// Seconds to wait before the next try, after `attempts` tries.
pub fn backoff(attempts: i32) -> i64 {
    60 << attempts.clamp(0, 10)
}

/// E-mail counts of one unit; they only ever grow.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct MailCount {
    pub unit: String,
    pub invited: u64,
    pub sent: u64,
    pub refused: u64,
    pub uncertain: u64,
    pub answered: u64,
}

/// An address the relay refused, with its words.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MailRefusal {
    pub unit: String,
    pub address: String,
    pub error: String,
}

/// How long a claimed message may take before the claim counts as lost
/// (the sender stopped): it is then marked uncertain, never sent again on
/// its own, so nobody gets two invitations.
pub const CLAIM_SECONDS: i64 = 120;

/// Settings, the schedule and the e-mail outbox.
#[async_trait]
pub trait Outreach: Send + Sync {
    /// Every setting as (key, value).
    async fn settings(&self) -> Result<Vec<(String, String)>>;
    /// Sets (or with an empty value removes) settings, in one transaction,
    /// with a line in the audit log naming the keys and `by` (never values).
    async fn set_settings(&self, changes: &[(String, String)], by: &str) -> Result<()>;
    async fn schedule(&self, round_id: &str) -> Result<Schedule>;
    /// Replaces a round's schedule; a time that changes is applied anew.
    async fn set_schedule(&self, round_id: &str, schedule: &Schedule, by: &str) -> Result<()>;
    /// Opens, closes and queues reminders for what is due at `now`
    /// (`today` its day in the municipality). Each happens once, whatever
    /// the number of instances: the store decides, in one transaction each.
    async fn apply_schedule(&self, now: i64, today: &str) -> Result<Vec<ScheduleEvent>>;
    /// Queues invitations for a unit; an address the round has invited
    /// before is skipped. One transaction.
    async fn add_mails(
        &self,
        round_id: &str,
        unit: &str,
        mails: &[NewMail],
        by: &str,
    ) -> Result<MailsAdded>;
    /// Claims one message waiting to be sent, if any; marks claims older
    /// than `CLAIM_SECONDS` uncertain first.
    async fn claim_mail(&self, now: i64) -> Result<Option<OutgoingMail>>;
    /// Records what the relay said to a claimed message at `now`.
    async fn mail_done(&self, id: i64, outcome: &MailOutcome, now: i64) -> Result<()>;
    async fn mail_counts(&self, round_id: &str) -> Result<Vec<MailCount>>;
    async fn mail_refusals(&self, round_id: &str) -> Result<Vec<MailRefusal>>;
    /// Messages waiting to be sent (invitations and reminders) of a round.
    async fn mail_waiting(&self, round_id: &str) -> Result<u64>;
}

#[derive(sqlx::FromRow)]
pub(super) struct ScheduleRow {
    pub round_id: String,
    pub deadline: Option<String>,
    pub opens_at: Option<i64>,
    pub closes_at: Option<i64>,
    pub reminder_days: String,
}

#[derive(sqlx::FromRow)]
pub(super) struct OutgoingRow {
    pub id: i64,
    pub round_id: String,
    pub unit: String,
    pub address: String,
    pub code: String,
    pub lang: String,
    pub reminder: bool,
}

#[derive(sqlx::FromRow)]
pub(super) struct MailCountRow {
    pub unit: String,
    pub invited: i64,
    pub sent: i64,
    pub refused: i64,
    pub uncertain: i64,
    pub answered: i64,
}

/// The key an address is known by in `mail_invited`: a hash, so the table
/// keeps no address, only whether it was given.
pub(super) fn address_key(round_id: &str, address: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::new()
        .chain_update(round_id.as_bytes())
        .chain_update([0])
        .chain_update(address.trim().to_lowercase().as_bytes())
        .finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

pub(super) fn split_days(days: &str) -> Vec<String> {
    days.split(',')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_string)
        .collect()
}

/// `Outreach` for one backend, in its module beside `shared_store!`.
/// `skip_locked` lets several PostgreSQL senders claim different rows.
macro_rules! outreach_store {
    (
        $store:ident, $db:ty, read: $read:ident, write: $write:ident,
        skip_locked: $skip_locked:literal, for_share: $for_share:literal
    ) => {
        use $crate::store::outreach::{
            MailCount, MailCountRow, MailOutcome, MailRefusal, MailsAdded, NewMail, Outreach,
            OutgoingMail, OutgoingRow, Schedule, ScheduleEvent, ScheduleRow, address_key,
            backoff, split_days, CLAIM_SECONDS, MAX_ATTEMPTS,
        };

        /// A spent code's address is forgotten, in the submission's
        /// transaction: from then on nothing ties the address to the code.
        async fn forget_spent_address(conn: &mut Conn, round_id: &str, code_hash: &str) -> Result<()> {
            let gone: Option<String> = sqlx::query_scalar(
                "DELETE FROM mail_invitations WHERE code_hash = $1 AND round_id = $2 RETURNING unit",
            )
            .bind(code_hash)
            .bind(round_id)
            .fetch_optional(&mut *conn)
            .await?;
            if let Some(unit) = gone {
                sqlx::query("UPDATE mail_tallies SET answered = answered + 1 WHERE round_id = $1 AND unit = $2")
                    .bind(round_id)
                    .bind(&unit)
                    .execute(&mut *conn)
                    .await?;
            }
            Ok(())
        }

        /// When a round closes, every address it was given goes, with a
        /// line in the audit log saying how many.
        async fn forget_addresses(conn: &mut Conn, round_id: &str) -> Result<u64> {
            let deleted = sqlx::query("DELETE FROM mail_invitations WHERE round_id = $1")
                .bind(round_id)
                .execute(&mut *conn)
                .await?
                .rows_affected();
            sqlx::query("DELETE FROM mail_invited WHERE round_id = $1")
                .bind(round_id)
                .execute(&mut *conn)
                .await?;
            sqlx::query("DELETE FROM mail_refusals WHERE round_id = $1")
                .bind(round_id)
                .execute(&mut *conn)
                .await?;
            if deleted > 0 {
                insert_audit(
                    conn,
                    &today(),
                    "e-postadresser slettet",
                    &format!("runde {round_id}: {deleted} adresser slettet da runden ble stengt"),
                )
                .await?;
            }
            Ok(deleted)
        }

        /// Opens or closes a round inside the caller's transaction, as
        /// `set_open` does; closing forgets its addresses and drafts.
        async fn switch_round(conn: &mut Conn, id: &str, open: bool) -> Result<u64> {
            sqlx::query(
                "UPDATE rounds SET is_open = $1, was_opened = (was_opened OR $1), version = version + 1
                 WHERE id = $2",
            )
            .bind(open)
            .bind(id)
            .execute(&mut *conn)
            .await?;
            if open {
                return Ok(0);
            }
            sqlx::query("DELETE FROM drafts WHERE round_id = $1")
                .bind(id)
                .execute(&mut *conn)
                .await?;
            forget_addresses(conn, id).await
        }

        #[async_trait::async_trait]
        impl Outreach for $store {
            async fn settings(&self) -> Result<Vec<(String, String)>> {
                Ok(sqlx::query_as("SELECT key, value FROM settings ORDER BY key")
                    .fetch_all(&self.$read)
                    .await?)
            }

            async fn set_settings(&self, changes: &[(String, String)], by: &str) -> Result<()> {
                let mut tx = self.$write.begin().await?;
                for (key, value) in changes {
                    if value.is_empty() {
                        sqlx::query("DELETE FROM settings WHERE key = $1")
                            .bind(key)
                            .execute(&mut *tx)
                            .await?;
                    } else {
                        sqlx::query(
                            "INSERT INTO settings (key, value) VALUES ($1, $2)
                             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        )
                        .bind(key)
                        .bind(value)
                        .execute(&mut *tx)
                        .await?;
                    }
                }
                let keys: Vec<&str> = changes.iter().map(|(k, _)| k.as_str()).collect();
                insert_audit(&mut tx, &today(), "innstillinger endret", &format!("{}, av {by}", keys.join(", "))).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn schedule(&self, round_id: &str) -> Result<Schedule> {
                let row: Option<ScheduleRow> = sqlx::query_as(
                    "SELECT round_id, deadline, opens_at, closes_at, reminder_days FROM round_schedules WHERE round_id = $1",
                )
                .bind(round_id)
                .fetch_optional(&self.$read)
                .await?;
                Ok(row.map_or_else(Schedule::default, |r| Schedule {
                    deadline: r.deadline,
                    opens_at: r.opens_at,
                    closes_at: r.closes_at,
                    reminder_days: split_days(&r.reminder_days),
                }))
            }

            async fn set_schedule(&self, round_id: &str, s: &Schedule, by: &str) -> Result<()> {
                let mut tx = self.$write.begin().await?;
                let exists: Option<String> = sqlx::query_scalar("SELECT id FROM rounds WHERE id = $1")
                    .bind(round_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                if exists.is_none() {
                    return Err(StoreError::RoundNotFound { id: round_id.to_string() });
                }
                // A time that changes is applied anew; one that stays keeps
                // whether it was applied.
                sqlx::query(
                    "INSERT INTO round_schedules (round_id, deadline, opens_at, closes_at, reminder_days)
                     VALUES ($1, $2, $3, $4, $5)
                     ON CONFLICT (round_id) DO UPDATE SET
                       deadline = excluded.deadline,
                       opened_done = (round_schedules.opened_done AND round_schedules.opens_at IS NOT DISTINCT FROM excluded.opens_at),
                       closed_done = (round_schedules.closed_done AND round_schedules.closes_at IS NOT DISTINCT FROM excluded.closes_at),
                       opens_at = excluded.opens_at,
                       closes_at = excluded.closes_at,
                       reminder_days = excluded.reminder_days",
                )
                .bind(round_id)
                .bind(&s.deadline)
                .bind(s.opens_at)
                .bind(s.closes_at)
                .bind(s.reminder_days.join(","))
                .execute(&mut *tx)
                .await?;
                insert_audit(&mut tx, &today(), "tidsplan endret", &format!("runde {round_id}, av {by}")).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn apply_schedule(&self, now: i64, today_here: &str) -> Result<Vec<ScheduleEvent>> {
                let mut events = Vec::new();
                // Opening: the one transaction whose update finds the row
                // not yet done applies it.
                let due: Vec<String> = sqlx::query_scalar(
                    "SELECT round_id FROM round_schedules
                     WHERE NOT opened_done AND opens_at IS NOT NULL AND opens_at <= $1
                       AND (closes_at IS NULL OR closes_at > $1)",
                )
                .bind(now)
                .fetch_all(&self.$read)
                .await?;
                for round in due {
                    let mut tx = self.$write.begin().await?;
                    let won = sqlx::query(
                        "UPDATE round_schedules SET opened_done = TRUE WHERE round_id = $1 AND NOT opened_done",
                    )
                    .bind(&round)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if won == 1 {
                        switch_round(&mut tx, &round, true).await?;
                        insert_audit(&mut tx, &today(), "runde åpnet etter tidsplan", &format!("runde {round}")).await?;
                        tx.commit().await?;
                        events.push(ScheduleEvent::Opened { round });
                    }
                }
                let due: Vec<String> = sqlx::query_scalar(
                    "SELECT round_id FROM round_schedules
                     WHERE NOT closed_done AND closes_at IS NOT NULL AND closes_at <= $1",
                )
                .bind(now)
                .fetch_all(&self.$read)
                .await?;
                for round in due {
                    let mut tx = self.$write.begin().await?;
                    let won = sqlx::query(
                        "UPDATE round_schedules SET closed_done = TRUE, opened_done = TRUE WHERE round_id = $1 AND NOT closed_done",
                    )
                    .bind(&round)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if won == 1 {
                        let deleted = switch_round(&mut tx, &round, false).await?;
                        insert_audit(&mut tx, &today(), "runde stengt etter tidsplan", &format!("runde {round}")).await?;
                        tx.commit().await?;
                        events.push(ScheduleEvent::Closed { round, addresses_deleted: deleted });
                    }
                }
                // Reminders: on a reminder day of an open round, every
                // address whose code is unspent (its row is still there)
                // and whose invitation was sent gets the same link again.
                let rows: Vec<ScheduleRow> = sqlx::query_as(
                    "SELECT s.round_id, s.deadline, s.opens_at, s.closes_at, s.reminder_days
                     FROM round_schedules s JOIN rounds r ON r.id = s.round_id
                     WHERE r.is_open AND s.reminder_days <> ''",
                )
                .fetch_all(&self.$read)
                .await?;
                for row in rows {
                    for day in split_days(&row.reminder_days) {
                        if day.as_str() > today_here {
                            continue;
                        }
                        let mut tx = self.$write.begin().await?;
                        let fresh = sqlx::query(
                            "INSERT INTO reminders_done (round_id, day) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                        )
                        .bind(&row.round_id)
                        .bind(&day)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                        if fresh == 1 {
                            sqlx::query(
                                "UPDATE mail_invitations SET state = 'remind', reminder = TRUE
                                 WHERE round_id = $1 AND state = 'sent'",
                            )
                            .bind(&row.round_id)
                            .execute(&mut *tx)
                            .await?;
                            insert_audit(&mut tx, &today(), "påminnelser lagt i kø", &format!("runde {}, påminnelsesdag {day}", row.round_id)).await?;
                            tx.commit().await?;
                            events.push(ScheduleEvent::Reminded { round: row.round_id.clone(), day });
                        }
                    }
                }
                Ok(events)
            }

            async fn add_mails(&self, round_id: &str, unit: &str, mails: &[NewMail], by: &str) -> Result<MailsAdded> {
                let mut tx = self.$write.begin().await?;
                // Open, and kept open until this commits: a round closing
                // meanwhile would leave these addresses behind it.
                let open: Option<bool> = sqlx::query_scalar(concat!("SELECT is_open FROM rounds WHERE id = $1", $for_share))
                    .bind(round_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                match open {
                    None => return Err(StoreError::RoundNotFound { id: round_id.to_string() }),
                    Some(false) => return Err(StoreError::RoundNotOpen { id: round_id.to_string() }),
                    Some(true) => {}
                }
                let known: Option<String> = sqlx::query_scalar("SELECT name FROM units WHERE round_id = $1 AND name = $2")
                    .bind(round_id)
                    .bind(unit)
                    .fetch_optional(&mut *tx)
                    .await?;
                if known.is_none() {
                    return Err(StoreError::UnitNotFound { round: round_id.to_string(), unit: unit.to_string() });
                }
                let mut outcome = MailsAdded::default();
                for mail in mails {
                    let fresh = sqlx::query(
                        "INSERT INTO mail_invited (round_id, address_hash) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                    )
                    .bind(round_id)
                    .bind(address_key(round_id, &mail.address))
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                    if fresh == 0 {
                        outcome.already += 1;
                        continue;
                    }
                    // The code is the unit's as any printed one is: the
                    // unit answers with codes from now on.
                    insert_code(&mut tx, round_id, &mail.code_hash, unit).await?;
                    sqlx::query(
                        "INSERT INTO mail_invitations (id, round_id, unit, address, code, code_hash, lang, state)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, 'invite')",
                    )
                    .bind($crate::store::new_import_id())
                    .bind(round_id)
                    .bind(unit)
                    .bind(mail.address.trim())
                    .bind(&mail.code)
                    .bind(&mail.code_hash)
                    .bind(&mail.lang)
                    .execute(&mut *tx)
                    .await?;
                    outcome.added += 1;
                }
                if outcome.added > 0 {
                    sqlx::query(
                        "INSERT INTO code_tallies (round_id, unit, made, used) VALUES ($1, $2, $3, 0)
                         ON CONFLICT (round_id, unit) DO UPDATE SET made = code_tallies.made + excluded.made",
                    )
                    .bind(round_id)
                    .bind(unit)
                    .bind(outcome.added as i64)
                    .execute(&mut *tx)
                    .await?;
                    sqlx::query(
                        "INSERT INTO mail_tallies (round_id, unit, invited) VALUES ($1, $2, $3)
                         ON CONFLICT (round_id, unit) DO UPDATE SET invited = mail_tallies.invited + excluded.invited",
                    )
                    .bind(round_id)
                    .bind(unit)
                    .bind(outcome.added as i64)
                    .execute(&mut *tx)
                    .await?;
                    // The unit now answers with codes, on every instance.
                    bump_version(&mut tx, round_id).await?;
                }
                insert_audit(
                    &mut tx,
                    &today(),
                    "invitasjoner på e-post lagt i kø",
                    &format!("runde {round_id}, {unit}: {} nye adresser, {} gitt før, av {by}", outcome.added, outcome.already),
                )
                .await?;
                tx.commit().await?;
                Ok(outcome)
            }

            async fn claim_mail(&self, now: i64) -> Result<Option<OutgoingMail>> {
                let mut tx = self.$write.begin().await?;
                let lost: Vec<(String, String)> = sqlx::query_as(
                    "UPDATE mail_invitations SET state = 'uncertain', claimed_at = NULL
                     WHERE state = 'sending' AND claimed_at < $1 RETURNING round_id, unit",
                )
                .bind(now - CLAIM_SECONDS)
                .fetch_all(&mut *tx)
                .await?;
                for (round, unit) in lost {
                    sqlx::query("UPDATE mail_tallies SET uncertain = uncertain + 1 WHERE round_id = $1 AND unit = $2")
                        .bind(&round)
                        .bind(&unit)
                        .execute(&mut *tx)
                        .await?;
                }
                let row: Option<OutgoingRow> = sqlx::query_as(concat!(
                    "UPDATE mail_invitations SET claimed_at = $1,
                       reminder = (state = 'remind'), state = 'sending'
                     WHERE id = (SELECT m.id FROM mail_invitations m JOIN rounds r ON r.id = m.round_id
                                 WHERE m.state IN ('invite', 'remind') AND r.is_open
                                   AND (m.next_try_at IS NULL OR m.next_try_at <= $1)
                                 ORDER BY m.id LIMIT 1", $skip_locked, ")
                     RETURNING id, round_id, unit, address, code, lang, reminder"
                ))
                .bind(now)
                .fetch_optional(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(row.map(|r| OutgoingMail {
                    id: r.id,
                    round_id: r.round_id,
                    unit: r.unit,
                    address: r.address,
                    code: r.code,
                    lang: r.lang,
                    reminder: r.reminder,
                }))
            }

            async fn mail_done(&self, id: i64, outcome: &MailOutcome, now: i64) -> Result<()> {
                let mut tx = self.$write.begin().await?;
                let row: Option<(String, String, String, bool, i32)> = sqlx::query_as(
                    "SELECT round_id, unit, address, reminder, attempts FROM mail_invitations WHERE id = $1 AND state = 'sending'",
                )
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
                // Gone: the code was spent meanwhile, or the round closed.
                let Some((round, unit, address, reminder, attempts)) = row else { return Ok(()) };
                let again = if reminder { "remind" } else { "invite" };
                let refused = match outcome {
                    MailOutcome::Later(e) if attempts + 1 >= MAX_ATTEMPTS => Some(e.as_str()),
                    MailOutcome::Refused(e) => Some(e.as_str()),
                    _ => None,
                };
                let tally: Option<&str> = match (outcome, refused) {
                    (_, Some(error)) => {
                        if reminder {
                            // The invitation arrived; the reminder did not.
                            // Counted only: a row by address here would
                            // vanish when its code is spent.
                            sqlx::query("UPDATE mail_invitations SET state = 'sent', claimed_at = NULL WHERE id = $1")
                                .bind(id)
                                .execute(&mut *tx)
                                .await?;
                        } else {
                            // The link never arrived: the address is shown
                            // with the relay's words, apart from any code.
                            sqlx::query("DELETE FROM mail_invitations WHERE id = $1")
                                .bind(id)
                                .execute(&mut *tx)
                                .await?;
                            sqlx::query("INSERT INTO mail_refusals (round_id, unit, address, error) VALUES ($1, $2, $3, $4)")
                                .bind(&round)
                                .bind(&unit)
                                .bind(&address)
                                .bind(error.chars().take(500).collect::<String>())
                                .execute(&mut *tx)
                                .await?;
                        }
                        Some("refused")
                    }
                    (MailOutcome::Sent, None) => {
                        sqlx::query("UPDATE mail_invitations SET state = 'sent', claimed_at = NULL, next_try_at = NULL WHERE id = $1")
                            .bind(id)
                            .execute(&mut *tx)
                            .await?;
                        (!reminder).then_some("sent")
                    }
                    (MailOutcome::Later(_), None) => {
                        sqlx::query(
                            "UPDATE mail_invitations SET state = $1, claimed_at = NULL, attempts = attempts + 1, next_try_at = $2 WHERE id = $3",
                        )
                        .bind(again)
                        .bind(now + backoff(attempts))
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                        None
                    }
                    (MailOutcome::Uncertain, None) => {
                        sqlx::query("UPDATE mail_invitations SET state = 'uncertain', claimed_at = NULL WHERE id = $1")
                            .bind(id)
                            .execute(&mut *tx)
                            .await?;
                        Some("uncertain")
                    }
                    (MailOutcome::Refused(_), None) => None, // refused is Some above
                };
                if let Some(column) = tally {
                    let sql = match column {
                        "sent" => "UPDATE mail_tallies SET sent = sent + 1 WHERE round_id = $1 AND unit = $2",
                        "uncertain" => "UPDATE mail_tallies SET uncertain = uncertain + 1 WHERE round_id = $1 AND unit = $2",
                        _ => "UPDATE mail_tallies SET refused = refused + 1 WHERE round_id = $1 AND unit = $2",
                    };
                    sqlx::query(sql).bind(&round).bind(&unit).execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn mail_counts(&self, round_id: &str) -> Result<Vec<MailCount>> {
                let rows: Vec<MailCountRow> = sqlx::query_as(
                    "SELECT unit, invited, sent, refused, uncertain, answered FROM mail_tallies WHERE round_id = $1 ORDER BY unit",
                )
                .bind(round_id)
                .fetch_all(&self.$read)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|r| MailCount {
                        unit: r.unit,
                        invited: r.invited as u64,
                        sent: r.sent as u64,
                        refused: r.refused as u64,
                        uncertain: r.uncertain as u64,
                        answered: r.answered as u64,
                    })
                    .collect())
            }

            async fn mail_refusals(&self, round_id: &str) -> Result<Vec<MailRefusal>> {
                let rows: Vec<(String, String, Option<String>)> = sqlx::query_as(
                    "SELECT unit, address, error FROM mail_refusals
                     WHERE round_id = $1 ORDER BY unit, address",
                )
                .bind(round_id)
                .fetch_all(&self.$read)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(unit, address, error)| MailRefusal { unit, address, error: error.unwrap_or_default() })
                    .collect())
            }

            async fn mail_waiting(&self, round_id: &str) -> Result<u64> {
                let n: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM mail_invitations WHERE round_id = $1 AND (state = 'invite' OR (state = 'sending' AND NOT reminder))",
                )
                .bind(round_id)
                .fetch_one(&self.$read)
                .await?;
                Ok(n as u64)
            }
        }
    };
}
