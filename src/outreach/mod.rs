//! Reaching people (issue 28): the settings an administrator sets in the
//! browser, a round's schedule in the municipality's time, the addresses
//! an administrator gives, the e-mails trappa sends, and the worker that
//! opens and closes rounds on time and empties the outbox.
//! The store keeps the state (`store::outreach`); this is the rest.

pub mod addresses;
pub mod mail;
pub mod schedule;
pub mod settings;
pub mod worker;

use crate::invite::letters::Letterhead;
use crate::store::Store;

/// What a round's letters and e-mails say besides the code: the sender and
/// contact from the settings, the deadline from the round's schedule.
pub async fn letterhead(
    store: &dyn Store,
    settings: &settings::Settings,
    round_id: &str,
) -> crate::store::Result<Letterhead> {
    Ok(Letterhead {
        sender: settings.sender.clone(),
        contact: settings.contact.clone(),
        deadline: store
            .schedule(round_id)
            .await?
            .deadline
            .map(|d| schedule::day_shown(&d)),
    })
}
