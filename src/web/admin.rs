//! Admin pages, for administrators only: rounds with open/close, access by
//! open link or invitation code, response counts per unit, CSV download,
//! deleting a round's responses.

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use super::AppState;
use super::error::{AppError, Result};
use super::lang::current;
use super::notice::{back_to_round, back_with, taken_notice};
use super::render::render;
use super::session::Admin;
use crate::analysis::versions::Problem;
use crate::i18n::{tr, tr_args};
use crate::store::StoreError;
use crate::survey::round::create_like;
use tower_sessions::Session;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin", get(rounds_page))
        .route("/admin/rounds", post(create_round))
        .route("/admin/rounds/{id}", get(round_page))
        .route("/admin/rounds/{id}/open", post(open_round))
        .route("/admin/rounds/{id}/close", post(close_round))
        .route("/admin/rounds/{id}/publish", post(publish_round))
        .route("/admin/rounds/{id}/access", post(set_access))
        .route(
            "/admin/rounds/{id}/delete-responses",
            post(delete_responses),
        )
        .route("/admin/rounds/{id}/export.csv", get(export_csv))
}

async fn rounds_page(
    Admin(user): Admin,
    State(state): State<AppState>,
    session: Session,
) -> Result<Html<String>> {
    let (message, error) = taken_notice(&session).await;
    let rounds: Vec<_> = state
        .store
        .rounds()
        .await?
        .into_iter()
        .map(|r| {
            minijinja::context! { id => r.id, title => r.title, open => r.open, was_opened => r.was_opened, responses => r.responses }
        })
        .collect();
    Ok(Html(render(
        "admin_rounds.html",
        minijinja::context! { rounds, message, error, me => user.view(), lang => current().code(), here => "/admin?" },
    )?))
}

#[derive(Deserialize)]
struct CreateForm {
    name: String,
    like: String,
}

async fn create_round(
    _: Admin,
    State(state): State<AppState>,
    session: Session,
    Form(form): Form<CreateForm>,
) -> Result<Redirect> {
    let Some(template) = state.store.round(&form.like).await? else {
        return back_with("round-not-found", &form.like, None)
            .go(&session)
            .await;
    };
    // The two mistakes a person makes here, said in their language; what
    // `create_like` and the store refuse after this is the CLI's wording.
    let name = form.name.trim();
    if !crate::survey::definition::is_simple_id(name) {
        return back_with("admin-new-name-invalid", "", None)
            .go(&session)
            .await;
    }
    if state.store.round(name).await?.is_some() {
        return back_with("admin-new-name-taken", name, None)
            .go(&session)
            .await;
    }
    let round = match create_like(&template, name, &state.library) {
        Ok(r) => r,
        Err(e) => {
            tracing::info!("a round could not be made from {}: {e}", template.id);
            return back_with("admin-create-failed", name, None)
                .go(&session)
                .await;
        }
    };
    match state.store.create_round(&round).await {
        Ok(()) => {
            back_with("admin-round-created", &round.id, None)
                .go(&session)
                .await
        }
        Err(StoreError::RoundExists { .. }) => {
            back_with("admin-new-name-taken", &round.id, None)
                .go(&session)
                .await
        }
        Err(e) => Err(e.into()),
    }
}

async fn set_open(state: &AppState, session: &Session, id: &str, open: bool) -> Result<Redirect> {
    state.store.set_open(id, open).await?;
    let key = if open {
        "admin-round-opened"
    } else {
        "admin-round-closed"
    };
    back_with(key, id, None).go(session).await
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
    session: Session,
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
    Ok(set_open(&state, &session, &id, true).await?.into_response())
}

/// Closes a round and publishes it for leaders and readers; where a
/// reopened round's new answers may not replace what they were shown, the
/// round's page says why.
async fn close_round(
    Admin(user): Admin,
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    Form(form): Form<ConfirmForm>,
) -> Result<Response> {
    let lang = current();
    if state.store.round(&id).await?.is_none() {
        return Err(AppError::round_not_found(lang, &id));
    }
    // Closing ends the survey for everyone and publishes the results: one
    // click too many should not do it.
    if form.confirm != "1" {
        let page = render(
            "admin_confirm.html",
            minijinja::context! {
                heading => tr_args(lang, "admin-close-confirm-title", &[("id", id.clone().into())]),
                reasons => vec![tr(lang, "admin-close-confirm-text")],
                action => format!("/admin/rounds/{id}/close"),
                yes => tr_args(lang, "admin-close", &[("id", id.clone().into())]),
                back => format!("/admin/rounds/{id}"),
                me => user.view(), lang => lang.code(),
            },
        )?;
        return Ok(Html(page).into_response());
    }
    let outcome = crate::publication::close(state.store.as_ref(), &id)
        .await
        .map_err(AppError::Internal)?;
    match outcome {
        crate::publication::Outcome::Refused(_) => back_to_round("publish-not-done", &id, None),
        _ => back_with("admin-round-closed", &id, None),
    }
    .go(&session)
    .await
    .map(IntoResponse::into_response)
}

/// Publishes the answers that came after a round was published, where the
/// disclosure rule lets them through.
async fn publish_round(
    _: Admin,
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
) -> Result<Redirect> {
    let round = state
        .store
        .round(&id)
        .await?
        .ok_or_else(|| AppError::round_not_found(current(), &id))?;
    let outcome = crate::publication::publish(state.store.as_ref(), &round)
        .await
        .map_err(AppError::Internal)?;
    match outcome {
        crate::publication::Outcome::Published { version } => {
            back_to_round("publish-done", &id, Some(u64::from(version)))
        }
        crate::publication::Outcome::Unchanged => back_to_round("publish-done", &id, None),
        crate::publication::Outcome::Refused(_) => back_to_round("publish-not-done", &id, None),
    }
    .go(&session)
    .await
}

/// A sentence that starts with a capital letter.
fn capitalized(words: &str) -> String {
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A reason a change may not be published, in `lang`.
fn problem_words(
    lang: crate::i18n::Lang,
    round: &crate::survey::Round,
    problem: &Problem,
) -> String {
    use crate::analysis::versions::{Figures, What, Whom};
    use crate::i18n::join_and;
    let and = tr_args(lang, "list-and", &[]);
    let whom = |w: &Whom| match w {
        Whom::Municipality => tr_args(lang, "publish-whom-municipality", &[]),
        Whom::Unit(n) => tr_args(lang, "publish-whom-unit", &[("name", n.clone().into())]),
        Whom::Area(n) => tr_args(lang, "publish-whom-area", &[("name", n.clone().into())]),
        Whom::Role(n) => tr_args(lang, "publish-whom-role", &[("name", n.clone().into())]),
        Whom::HiddenUnits => tr_args(lang, "publish-whom-hidden-units", &[]),
        Whom::HiddenRoles => tr_args(lang, "publish-whom-hidden-roles", &[]),
    };
    // The stair's relations by name, or all of them in two words.
    let relations = |keys: &[String]| {
        if keys.len() > 1 && keys.len() == round.relations.len() {
            return tr_args(lang, "publish-all-relations", &[]);
        }
        let names: Vec<String> = keys
            .iter()
            .map(|key| {
                round
                    .relations
                    .iter()
                    .find(|r| &r.key == key)
                    .map_or_else(|| key.clone(), |r| r.label.clone())
            })
            .collect();
        join_and(&names, &and)
    };
    let what = |x: &[What]| {
        let f = Figures::of(x);
        let mut words: Vec<String> = Vec::new();
        if f.respondents {
            words.push(tr_args(lang, "publish-what-respondents", &[]));
        }
        if !f.statements.is_empty() {
            words.push(tr_args(
                lang,
                "publish-what-statements",
                &[
                    ("count", f.statement_count.into()),
                    ("list", join_and(&f.statements, &and).into()),
                ],
            ));
        }
        if !f.steps.is_empty() {
            words.push(tr_args(
                lang,
                "publish-what-steps",
                &[("list", relations(&f.steps).into())],
            ));
        }
        if !f.goals.is_empty() {
            words.push(tr_args(
                lang,
                "publish-what-goals",
                &[("list", relations(&f.goals).into())],
            ));
        }
        for column in &f.others {
            words.push(tr_args(
                lang,
                "publish-what-other",
                &[("column", column.clone().into())],
            ));
        }
        join_and(&words, &and)
    };
    let words = match problem {
        Problem::Pattern => tr_args(lang, "publish-problem-pattern", &[]),
        Problem::Mixed => tr_args(lang, "publish-problem-mixed", &[]),
        Problem::Crossing { what: x, k } => tr_args(
            lang,
            "publish-problem-crossing",
            &[
                ("what", what(std::slice::from_ref(x)).into()),
                ("k", (*k).into()),
            ],
        ),
        Problem::Few {
            whom: w,
            what: x,
            changed,
            k,
        } => tr_args(
            lang,
            "publish-problem-few",
            &[
                ("what", what(x).into()),
                (
                    "whom",
                    join_and(&w.iter().map(whom).collect::<Vec<_>>(), &and).into(),
                ),
                ("count", changed.unsigned_abs().into()),
                ("k", (*k).into()),
            ],
        ),
        Problem::Comments {
            unit,
            changed,
            k_comments,
        } => tr_args(
            lang,
            "publish-problem-comments",
            &[
                ("unit", unit.clone().into()),
                ("count", changed.unsigned_abs().into()),
                ("k", (*k_comments).into()),
            ],
        ),
    };
    capitalized(&words)
}

async fn round_page(
    Admin(user): Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
    session: Session,
    headers: axum::http::HeaderMap,
) -> Result<Html<String>> {
    let (message, error) = taken_notice(&session).await;
    let base = super::codes::public_base(&state, &headers).await?;
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
    let was_opened = state
        .store
        .rounds()
        .await?
        .iter()
        .any(|r| r.id == id && r.was_opened);
    crate::publication::ensure_published(state.store.as_ref(), &round)
        .await
        .map_err(AppError::Internal)?;
    let standing = crate::publication::standing(state.store.as_ref(), &round)
        .await
        .map_err(AppError::Internal)?;
    let problems: Vec<String> = standing
        .problems
        .iter()
        .map(|p| problem_words(current(), &round, p))
        .collect();
    let publication = minijinja::context! {
        version => standing.version, shown => standing.shown, changed => standing.changed,
        responses => standing.responses, published_responses => standing.published_responses, problems,
    };
    let most_codes = super::codes::most_codes(&round);
    let texts_written = !state.store.round_texts(&id).await?.is_empty();
    let staff_page = state.store.staff_page(&id).await?;
    let outreach = super::outreach::round_context(&state, &round).await?;
    Ok(Html(render(
        "admin_round.html",
        minijinja::context! { s, codes, outreach, had_answers, was_opened, publication, texts_written, staff_page, local_base, message, error, most_codes, me => user.view(), lang => current().code(), here => format!("/admin/rounds/{id}?") },
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
        let excel = crate::csvio::format::for_excel(&out, |column| {
            crate::csvio::export::readable_header(&round, column)
        })
        .map_err(|e| AppError::Internal(e.into()))?;
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
    session: Session,
    Path(id): Path<String>,
    Form(form): Form<AccessForm>,
) -> Result<Redirect> {
    let required = form.requires_code == "1";
    state.store.set_requires_code(&id, required).await?;
    let key = if required {
        "admin-access-code"
    } else {
        "admin-access-open"
    };
    back_to_round(key, &id, None).go(&session).await
}

#[derive(Deserialize)]
struct DeleteForm {
    confirm: String,
}

/// Deletes a round's responses when the form repeats the round's id.
async fn delete_responses(
    _: Admin,
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    Form(form): Form<DeleteForm>,
) -> Result<Redirect> {
    if state.store.round(&id).await?.is_none() {
        return Err(AppError::round_not_found(current(), &id));
    }
    if form.confirm.trim() != id {
        return back_to_round("admin-delete-unconfirmed", &id, None)
            .go(&session)
            .await;
    }
    let deleted = state.store.delete_responses(&id).await?;
    back_to_round("admin-deleted", &id, Some(deleted))
        .go(&session)
        .await
}
