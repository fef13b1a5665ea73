//! What an administrator's page says after an action: a message key with
//! a round id and counts, kept in the session for the next page (never
//! read from the address), and the redirect back to where it was taken.

use axum::response::Redirect;
use fluent_bundle::FluentValue;
use serde::Deserialize;
use tower_sessions::Session;

use super::error::Result;
use super::lang::current;
use super::urlencode;
use crate::i18n::tr_args;

/// What the admin page says after an action: a message key from `SAYINGS`
/// with a round id and a count, kept in the session for the next page
/// (never read from the address, where a link could put words or figures
/// on the administrator's page).
#[derive(serde::Serialize, Deserialize, Default)]
pub(super) struct Notice {
    say: Option<String>,
    id: Option<String>,
    count: Option<u64>,
    #[serde(default)]
    other: Option<u64>,
}

/// The messages an action may leave, and whether each is an error.
const SAYINGS: &[(&str, bool)] = &[
    ("admin-round-created", false),
    ("admin-round-opened", false),
    ("admin-round-closed", false),
    ("admin-access-code", false),
    ("admin-access-open", false),
    ("admin-deleted", false),
    ("publish-done", false),
    ("publish-not-done", true),
    ("edit-round-saved", false),
    ("texts-saved", false),
    ("schedule-saved", false),
    ("mail-queued", false),
    ("staff-admin-published", false),
    ("staff-admin-withdrawn", false),
    ("staff-admin-refused", true),
    ("round-not-found", true),
    ("admin-new-name-invalid", true),
    ("admin-new-name-taken", true),
    ("admin-create-failed", true),
    ("admin-delete-unconfirmed", true),
];

impl Notice {
    /// (message, error) in the page's language; nothing for an unknown key
    /// or an id that is not a round id.
    fn words(&self) -> (Option<String>, Option<String>) {
        let Some(&(key, is_error)) = SAYINGS
            .iter()
            .find(|(k, _)| Some(*k) == self.say.as_deref())
        else {
            return (None, None);
        };
        let id = self.id.as_deref().unwrap_or("");
        if id.len() > 40 || !(id.is_empty() || crate::survey::definition::is_simple_id(id)) {
            return (None, None);
        }
        let text = say(
            key,
            &[
                ("id", id.into()),
                ("count", self.count.unwrap_or(0).into()),
                ("other", self.other.unwrap_or(0).into()),
            ],
        );
        if is_error {
            (None, Some(text))
        } else {
            (Some(text), None)
        }
    }
}

/// A message in the request's language.
fn say(key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    tr_args(current(), key, args)
}

/// The notice an action left in the session, in words (taken: once).
pub(super) async fn taken_notice(session: &Session) -> (Option<String>, Option<String>) {
    super::session::take_flash::<Notice>(session)
        .await
        .unwrap_or_default()
        .words()
}

/// Where an action goes back to, and what that page then says.
pub(super) struct Said {
    page: String,
    notice: Notice,
}

impl Said {
    /// Leaves the notice in the session and goes back.
    pub(super) async fn go(self, session: &Session) -> Result<Redirect> {
        super::session::flash(session, &self.notice).await?;
        Ok(Redirect::to(&self.page))
    }
}

/// Back to the admin page, which says `key` (one of `SAYINGS`) about round
/// `id`, with `count` where the message has one.
pub(super) fn back_with(key: &'static str, id: &str, count: Option<u64>) -> Said {
    say_on("/admin".to_string(), key, id, count)
}

/// Back to the round's own page, where the action was taken.
pub(super) fn back_to_round(key: &'static str, id: &str, count: Option<u64>) -> Said {
    say_on(format!("/admin/rounds/{}", urlencode(id)), key, id, count)
}

fn say_on(page: String, key: &'static str, id: &str, count: Option<u64>) -> Said {
    debug_assert!(SAYINGS.iter().any(|(k, _)| *k == key), "{key}");
    Said {
        page,
        notice: Notice {
            say: Some(key.to_string()),
            id: Some(id.to_string()),
            count,
            other: None,
        },
    }
}

impl Said {
    /// With a second count (`$other` in the message).
    pub(super) fn and(mut self, other: u64) -> Said {
        self.notice.other = Some(other);
        self
    }

    /// To a part of the page.
    pub(super) fn at(mut self, anchor: &str) -> Said {
        self.page = format!("{}#{anchor}", self.page);
        self
    }
}
