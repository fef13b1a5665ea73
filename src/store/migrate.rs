//! Moving a municipality from one store to another (SQLite to PostgreSQL,
//! or back): rounds with their own copy of the definitions, every response
//! with its date and in its order, invitation codes (hashes and used flags),
//! the learning loop's areas and measures, the texts for the politicians,
//! the settings and the rounds' schedules,
//! accounts with their password
//! hashes, and the audit log. Everything goes
//! into one transaction on the target: all or nothing.

use anyhow::{Context, bail};

use super::Store;

/// Responses read per page from the source.
const PAGE: i64 = 10_000;

/// What was moved.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Moved {
    pub rounds: u64,
    pub responses: u64,
    pub codes: u64,
    pub accounts: u64,
    pub areas: u64,
    pub measures: u64,
    pub audit_entries: u64,
}

pub async fn migrate(from: &dyn Store, to: &dyn Store) -> anyhow::Result<Moved> {
    if !to.rounds().await?.is_empty() || !to.accounts().await?.is_empty() {
        bail!("måldatabasen har allerede runder eller brukere; flytt bare til en tom database");
    }
    // An open round's e-mail outbox ties addresses to codes only in the
    // store it was made in; moving it would copy them. Close the round (the
    // addresses are then deleted) or move before inviting by e-mail.
    for summary in from.rounds().await? {
        let counts = from.mail_counts(&summary.id).await?;
        if summary.open && counts.iter().any(|c| c.invited > 0) {
            bail!(
                "runde {} er åpen og har invitert på e-post; steng den (adressene slettes da) før databasen flyttes",
                summary.id
            );
        }
    }
    let mut moved = Moved::default();
    let mut tx = to.begin_import().await?;
    tx.add_settings(&from.settings().await?).await?;
    // Oldest first, so the target lists them as the source did.
    let mut rounds = from.rounds().await?;
    rounds.reverse();
    for summary in rounds {
        let round = from
            .round(&summary.id)
            .await?
            .with_context(|| format!("runden «{}» forsvant under flyttingen", summary.id))?;
        tx.create_round(&round).await?;
        let mut after = 0;
        loop {
            let page = from.responses_page(&round.id, after, PAGE).await?;
            let Some(last) = page.last() else { break };
            after = last.id;
            moved.responses += page.len() as u64;
            let rows = page.into_iter().map(|d| (d.date, d.response)).collect();
            tx.insert_dated(&round, rows).await?;
        }
        let codes = from.codes(&round.id).await?;
        let tallies = from.code_counts(&round.id).await?;
        moved.codes += tallies.iter().map(|t| t.made).sum::<u64>();
        tx.add_codes(&round.id, &codes, &tallies).await?;
        tx.add_references(&round.id, &from.references(&round.id).await?)
            .await?;
        tx.add_round_texts(&round.id, &from.round_texts(&round.id).await?)
            .await?;
        for sheet in from.sheets(&round.id).await? {
            tx.add_sheet(&sheet).await?;
        }
        let schedule = from.schedule(&round.id).await?;
        if schedule != super::outreach::Schedule::default() {
            // Reminder days before today were handled (or missed) where
            // the round ran; they are not handled again.
            let today = super::today();
            let reminded: Vec<String> = schedule
                .reminder_days
                .iter()
                .filter(|d| d.as_str() <= today.as_str())
                .cloned()
                .collect();
            tx.add_schedule(&round.id, &schedule, &reminded).await?;
        }
        if let Some(on) = from.staff_page(&round.id).await? {
            tx.add_staff_page(&round.id, &on).await?;
        }
        if from.had_answers(&round.id).await? {
            tx.mark_had_answers(&round.id).await?;
        }
        if summary.was_opened {
            tx.mark_was_opened(&round.id).await?;
        }
        // What leaders were shown stays what they are shown, and what later
        // answers are checked against.
        if let Some((_, shown)) = from.publication(&round.id).await? {
            let history = from.published_history(&round.id).await?;
            tx.add_published(&round.id, &history, shown).await?;
        }
        for area in from.areas(&round.id).await? {
            moved.measures += area.measures.len() as u64;
            tx.add_area(&area).await?;
            moved.areas += 1;
        }
        moved.rounds += 1;
    }
    for account in from.accounts().await? {
        tx.add_account(&account).await?;
        moved.accounts += 1;
    }
    let mut log = from.audit_log().await?;
    log.reverse(); // the log reads newest first; it is written oldest first
    for entry in &log {
        tx.add_audit(&entry.date, &entry.action, &entry.detail)
            .await?;
        moved.audit_entries += 1;
    }
    tx.commit().await?;
    Ok(moved)
}
