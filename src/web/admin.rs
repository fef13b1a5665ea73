//! Admin pages, for administrators only: rounds with open/close, access by
//! open link or invitation code, response counts per unit, CSV download,
//! deleting a round's responses.

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use fluent_bundle::FluentValue;

use super::AppState;
use super::error::{AppError, Result};
use super::lang::current;
use super::render::render;
use super::session::Admin;
use super::urlencode;
use crate::i18n::tr_args;
use crate::store::StoreError;
use crate::survey::round::create_like;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin", get(rounds_page))
        .route("/admin/rounds", post(create_round))
        .route("/admin/rounds/{id}", get(round_page))
        .route("/admin/rounds/{id}/open", post(open_round))
        .route("/admin/rounds/{id}/close", post(close_round))
        .route("/admin/rounds/{id}/access", post(set_access))
        .route(
            "/admin/rounds/{id}/delete-responses",
            post(delete_responses),
        )
        .route("/admin/rounds/{id}/export.csv", get(export_csv))
}

/// What the admin page says after an action: a message key from `SAYINGS`
/// with a round id and a count, never text from the address (a link with
/// text in it would otherwise put words on the administrator's page).
#[derive(Deserialize, Default)]
struct Notice {
    say: Option<String>,
    id: Option<String>,
    count: Option<u64>,
}

/// The messages an action may leave, and whether each is an error.
const SAYINGS: &[(&str, bool)] = &[
    ("admin-round-created", false),
    ("admin-round-opened", false),
    ("admin-round-closed", false),
    ("admin-access-code", false),
    ("admin-access-open", false),
    ("admin-deleted", false),
    ("edit-round-saved", false),
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
            &[("id", id.into()), ("count", self.count.unwrap_or(0).into())],
        );
        if is_error {
            (None, Some(text))
        } else {
            (Some(text), None)
        }
    }
}

async fn rounds_page(
    Admin(user): Admin,
    State(state): State<AppState>,
    Query(notice): Query<Notice>,
) -> Result<Html<String>> {
    let (message, error) = notice.words();
    let rounds: Vec<_> = state
        .store
        .rounds()
        .await?
        .into_iter()
        .map(|r| {
            minijinja::context! { id => r.id, title => r.title, open => r.open, responses => r.responses }
        })
        .collect();
    Ok(Html(render(
        "admin_rounds.html",
        minijinja::context! { rounds, message, error, me => user.view(), lang => current().code(), here => "/admin?" },
    )?))
}

/// A message in the request's language.
fn say(key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    tr_args(current(), key, args)
}

/// Back to the admin page, which says `key` (one of `SAYINGS`) about round
/// `id`, with `count` where the message has one.
fn back_with(key: &'static str, id: &str, count: Option<u64>) -> Redirect {
    say_on("/admin", key, id, count)
}

/// Back to the round's own page, where the action was taken.
fn back_to_round(key: &'static str, id: &str, count: Option<u64>) -> Redirect {
    say_on(&format!("/admin/rounds/{}", urlencode(id)), key, id, count)
}

fn say_on(page: &str, key: &'static str, id: &str, count: Option<u64>) -> Redirect {
    debug_assert!(SAYINGS.iter().any(|(k, _)| *k == key), "{key}");
    let mut url = format!("{page}?say={key}&id={}", urlencode(id));
    if let Some(n) = count {
        url.push_str(&format!("&count={n}"));
    }
    Redirect::to(&url)
}

#[derive(Deserialize)]
struct CreateForm {
    name: String,
    like: String,
}

async fn create_round(
    _: Admin,
    State(state): State<AppState>,
    Form(form): Form<CreateForm>,
) -> Result<Redirect> {
    let Some(template) = state.store.round(&form.like).await? else {
        return Ok(back_with("round-not-found", &form.like, None));
    };
    // The two mistakes a person makes here, said in their language; what
    // `create_like` and the store refuse after this is the CLI's wording.
    let name = form.name.trim();
    if !crate::survey::definition::is_simple_id(name) {
        return Ok(back_with("admin-new-name-invalid", "", None));
    }
    if state.store.round(name).await?.is_some() {
        return Ok(back_with("admin-new-name-taken", name, None));
    }
    let round = match create_like(&template, name, &state.library) {
        Ok(r) => r,
        Err(e) => {
            tracing::info!("a round could not be made from {}: {e}", template.id);
            return Ok(back_with("admin-create-failed", name, None));
        }
    };
    match state.store.create_round(&round).await {
        Ok(()) => Ok(back_with("admin-round-created", &round.id, None)),
        Err(StoreError::RoundExists { .. }) => {
            Ok(back_with("admin-new-name-taken", &round.id, None))
        }
        Err(e) => Err(e.into()),
    }
}

async fn set_open(state: &AppState, id: &str, open: bool) -> Result<Redirect> {
    match state.store.set_open(id, open).await {
        Ok(()) => Ok(back_with(
            if open {
                "admin-round-opened"
            } else {
                "admin-round-closed"
            },
            id,
            None,
        )),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize, Default)]
struct ConfirmForm {
    #[serde(default)]
    confirm: String,
}

/// Opens a round; first asks, when another round is open or a newer round
/// exists (reopening an old round lets answers into last year's results).
async fn open_round(
    Admin(user): Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(form): Form<ConfirmForm>,
) -> Result<Response> {
    let lang = current();
    let rounds = state.store.rounds().await?;
    let Some(this) = rounds.iter().find(|r| r.id == id) else {
        return Err(AppError::round_not_found(lang, &id));
    };
    let mut reasons: Vec<String> = rounds
        .iter()
        .filter(|r| r.open && r.id != id)
        .map(|r| {
            tr_args(
                lang,
                "admin-open-other-open",
                &[("other", r.id.clone().into())],
            )
        })
        .collect();
    if rounds.iter().any(|r| r.period > this.period) {
        reasons.push(tr_args(
            lang,
            "admin-open-older",
            &[("id", id.clone().into())],
        ));
    }
    if !reasons.is_empty() && form.confirm != "1" {
        let page = render(
            "admin_confirm.html",
            minijinja::context! {
                heading => tr_args(lang, "admin-open-confirm-title", &[("id", id.clone().into())]),
                reasons, action => format!("/admin/rounds/{id}/open"),
                yes => tr_args(lang, "admin-open", &[("id", id.clone().into())]),
                back => format!("/admin/rounds/{id}"),
                me => user.view(), lang => lang.code(),
            },
        )?;
        return Ok(Html(page).into_response());
    }
    Ok(set_open(&state, &id, true).await?.into_response())
}

async fn close_round(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Redirect> {
    set_open(&state, &id, false).await
}

async fn round_page(
    Admin(user): Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(notice): Query<Notice>,
    headers: axum::http::HeaderMap,
) -> Result<Html<String>> {
    let (message, error) = notice.words();
    let base = super::codes::public_base(&state, &headers);
    let local_base = super::codes::is_local(&base).then_some(base);
    let round = state
        .store
        .round(&id)
        .await?
        .ok_or_else(|| AppError::round_not_found(current(), &id))?;
    let counts = state.store.counts(&id).await?;
    let s = crate::status::status(&round, &counts);
    let codes = state.store.code_counts(&id).await?;
    let had_answers = state.store.had_answers(&id).await?;
    Ok(Html(render(
        "admin_round.html",
        minijinja::context! { s, codes, had_answers, local_base, message, error, me => user.view(), lang => current().code(), here => format!("/admin/rounds/{id}?") },
    )?))
}

#[derive(Deserialize, Default)]
struct ExportQuery {
    /// `excel`: semicolons, a byte order mark and CRLF.
    format: Option<String>,
}

async fn export_csv(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<ExportQuery>,
) -> Result<Response> {
    let round = state
        .store
        .round(&id)
        .await?
        .ok_or_else(|| AppError::round_not_found(current(), &id))?;
    let mut out = Vec::new();
    crate::csvio::export(state.store.as_ref(), std::slice::from_ref(&round), &mut out).await?;
    let (out, id) = if q.format.as_deref() == Some("excel") {
        let excel =
            crate::csvio::format::for_excel(&out).map_err(|e| AppError::Internal(e.into()))?;
        (excel, format!("{id}-excel"))
    } else {
        (out, id)
    };
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"trappa-{id}.csv\""),
            ),
        ],
        out,
    )
        .into_response())
}

#[derive(Deserialize)]
struct AccessForm {
    requires_code: String,
}

/// Switches a round between open link and invitation codes only.
async fn set_access(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(form): Form<AccessForm>,
) -> Result<Redirect> {
    let required = form.requires_code == "1";
    match state.store.set_requires_code(&id, required).await {
        Ok(()) => Ok(back_to_round(
            if required {
                "admin-access-code"
            } else {
                "admin-access-open"
            },
            &id,
            None,
        )),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
struct DeleteForm {
    confirm: String,
}

/// Deletes a round's responses when the form repeats the round's id.
async fn delete_responses(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(form): Form<DeleteForm>,
) -> Result<Redirect> {
    if state.store.round(&id).await?.is_none() {
        return Err(AppError::round_not_found(current(), &id));
    }
    if form.confirm.trim() != id {
        return Ok(back_to_round("admin-delete-unconfirmed", &id, None));
    }
    let deleted = state.store.delete_responses(&id).await?;
    Ok(back_to_round("admin-deleted", &id, Some(deleted)))
}
