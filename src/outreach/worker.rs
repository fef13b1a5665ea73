//! The one background task of a running service: every little while (and
//! at once when woken) it applies the rounds' schedules and sends what
//! waits in the outbox. Several instances may run it side by side: the
//! store decides who opens, closes or reminds, and who sends a message.
//! Nothing it logs names an address.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

use super::mail;
use super::schedule;
use super::settings::Settings;
use crate::clock::Clock;
use crate::store::Store;
use crate::store::outreach::{MailOutcome, ScheduleEvent};

/// How often the schedules and the outbox are looked at without a wake.
pub const INTERVAL: Duration = Duration::from_secs(15);

#[derive(Clone)]
pub struct Worker {
    pub store: Arc<dyn Store>,
    pub clock: Arc<Clock>,
    /// Woken when invitations are queued.
    pub wake: Arc<Notify>,
    /// An operator's settings from the environment (win over the stored).
    pub overrides: Arc<Vec<(String, String)>>,
}

impl Worker {
    /// Runs until the process ends.
    pub async fn run(self) {
        loop {
            if let Err(e) = self.once().await {
                tracing::warn!("utsending og tidsplan: {e:#}");
            }
            tokio::select! {
                () = tokio::time::sleep(INTERVAL) => {}
                () = self.wake.notified() => {}
                () = self.clock.moved() => {}
            }
        }
    }

    /// Whether any round has messages waiting (for the log only).
    async fn store_has_waiting(&self) -> anyhow::Result<bool> {
        for r in self.store.rounds().await? {
            if r.open && self.store.mail_waiting(&r.id).await? > 0 {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Applies the schedules, then sends until the outbox is empty (for
    /// now) or the relay goes silent.
    pub async fn once(&self) -> anyhow::Result<()> {
        let now = self.clock.now();
        for event in self
            .store
            .apply_schedule(now, &schedule::today(now))
            .await?
        {
            match event {
                ScheduleEvent::Opened { round } => {
                    tracing::info!("runde {round} åpnet etter tidsplanen")
                }
                ScheduleEvent::Closed {
                    round,
                    addresses_deleted,
                } => {
                    tracing::info!(
                        "runde {round} stengt etter tidsplanen; {addresses_deleted} e-postadresser slettet"
                    );
                    // As closing by hand does: leaders read the published
                    // copy, where the rule lets it be published.
                    if let Some(r) = self.store.round(&round).await? {
                        crate::publication::publish(self.store.as_ref(), &r).await?;
                    }
                }
                ScheduleEvent::Reminded { round, day } => {
                    tracing::info!("runde {round}: påminnelser for {day} lagt i kø")
                }
            }
        }
        let settings = Settings::load(self.store.as_ref(), &self.overrides).await?;
        let (Some(smtp), Some(base)) = (&settings.smtp, &settings.public_url) else {
            return Ok(()); // the round page says what is missing
        };
        let relay = mail::relay(smtp)?;
        // A relay that does not answer now costs no message: wait for the
        // next look.
        if !matches!(relay.test_connection().await, Ok(true)) {
            if self.store_has_waiting().await? {
                tracing::warn!("e-posttjeneren svarer ikke; prøver igjen om litt");
            }
            return Ok(());
        }
        let mut sent = 0u64;
        while let Some(out) = self.store.claim_mail(self.clock.now()).await? {
            let Some(round) = self.store.round(&out.round_id).await? else {
                continue;
            };
            let head = super::letterhead(self.store.as_ref(), &settings, &round.id).await?;
            let lang = crate::i18n::Lang::parse(&out.lang).unwrap_or(crate::i18n::Lang::Nb);
            let link = crate::invite::letters::link(base, &round.id, &out.code, lang);
            let outcome = match mail::message(smtp, &out, &round.title, &head, &link) {
                Ok(message) => mail::send(&relay, message).await,
                Err(e) => MailOutcome::Refused(e.to_string()),
            };
            let silent = outcome == MailOutcome::Uncertain;
            self.store
                .mail_done(out.id, &outcome, self.clock.now())
                .await?;
            if silent {
                // It went silent in the middle: stop until the next look.
                tracing::warn!(
                    "e-posttjeneren sluttet å svare midt i en e-post; den sendes ikke på nytt"
                );
                break;
            }
            sent += u64::from(outcome == MailOutcome::Sent);
        }
        if sent > 0 {
            tracing::info!("{sent} e-poster levert til e-posttjeneren");
        }
        Ok(())
    }
}
