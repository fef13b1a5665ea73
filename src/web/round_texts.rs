//! The two texts an administrator writes for the politicians' summary of a
//! round (seed 004): «Nyskapingshistorier – hva vi har fått til» and «Hvor
//! skal vi legge innovasjonstrykket?». The summary prints them beside the
//! figures; a text too long for its two pages is cut there, with a mark,
//! and read whole on the web.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;

use super::AppState;
use super::error::{AppError, Result};
use super::lang::current;
use super::new_round::Problem;
use super::render::render;
use super::session::Admin;
use crate::i18n::Lang;
use crate::store::RoundTexts;

pub fn router() -> Router<AppState> {
    Router::new().route("/admin/rounds/{id}/tekster", get(page).post(save))
}

fn parse(body: &[u8]) -> RoundTexts {
    let mut texts = RoundTexts::default();
    for (key, value) in form_urlencoded::parse(body) {
        match &*key {
            // Kept as typed (line breaks as the browser sends them).
            "achieved" => texts.achieved = value.replace("\r\n", "\n"),
            "direction" => texts.direction = value.replace("\r\n", "\n"),
            _ => {}
        }
    }
    texts
}

/// The refusals in `lang`, each naming its field.
pub fn problems(lang: Lang, texts: &RoundTexts) -> Vec<Problem> {
    texts
        .problems()
        .into_iter()
        .map(|(field, problem)| Problem {
            field,
            message: problem.words(lang, field),
        })
        .collect()
}

fn render_form(
    admin: &Admin,
    id: &str,
    texts: &RoundTexts,
    problems: &[Problem],
) -> Result<String> {
    Ok(render(
        "admin_round_texts.html",
        minijinja::context! {
            id, texts, problems, max => RoundTexts::MAX,
            me => admin.0.view(), lang => current().code(),
            here => format!("/admin/rounds/{id}/tekster?"),
        },
    )?)
}

async fn known(state: &AppState, id: &str) -> Result<()> {
    match state.store.round(id).await? {
        Some(_) => Ok(()),
        None => Err(AppError::round_not_found(current(), id)),
    }
}

async fn page(
    admin: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>> {
    known(&state, &id).await?;
    let texts = state.store.round_texts(&id).await?;
    Ok(Html(render_form(&admin, &id, &texts, &[])?))
}

async fn save(
    admin: Admin,
    State(state): State<AppState>,
    session: tower_sessions::Session,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response> {
    known(&state, &id).await?;
    let texts = parse(&body);
    let problems = problems(current(), &texts);
    if !problems.is_empty() {
        let body = render_form(&admin, &id, &texts, &problems)?;
        return Ok((StatusCode::BAD_REQUEST, Html(body)).into_response());
    }
    state.store.set_round_texts(&id, &texts).await?;
    Ok(super::notice::back_to_round("texts-saved", &id, None)
        .go(&session)
        .await?
        .into_response())
}
