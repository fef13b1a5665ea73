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
use super::render::render;
use super::session::Admin;
use super::urlencode;
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

#[derive(Deserialize, Default)]
struct Notice {
    message: Option<String>,
    error: Option<String>,
}

async fn rounds_page(
    Admin(user): Admin,
    State(state): State<AppState>,
    Query(notice): Query<Notice>,
) -> Result<Html<String>> {
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
        minijinja::context! { rounds, message => notice.message, error => notice.error, me => user.view() },
    )?))
}

fn back_with(kind: &str, text: &str) -> Redirect {
    let mut url = String::from("/admin?");
    url.push_str(kind);
    url.push('=');
    url.push_str(&urlencode(text));
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
        return Ok(back_with(
            "error",
            &format!("Runden «{}» finnes ikke.", form.like),
        ));
    };
    let round = match create_like(&template, form.name.trim(), &state.library) {
        Ok(r) => r,
        Err(e) => return Ok(back_with("error", &e)),
    };
    match state.store.create_round(&round).await {
        Ok(()) => Ok(back_with(
            "message",
            &format!(
                "Runde {} er opprettet (stengt). Åpne den når den skal ta imot svar.",
                round.id
            ),
        )),
        Err(StoreError::Conflict(msg)) => Ok(back_with("error", &msg)),
        Err(e) => Err(e.into()),
    }
}

async fn set_open(state: &AppState, id: &str, open: bool) -> Result<Redirect> {
    match state.store.set_open(id, open).await {
        Ok(()) => Ok(back_with(
            "message",
            &format!("Runde {id} er {}.", if open { "åpnet" } else { "stengt" }),
        )),
        Err(StoreError::NotFound(msg)) => Err(AppError::NotFound(msg)),
        Err(e) => Err(e.into()),
    }
}

async fn open_round(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Redirect> {
    set_open(&state, &id, true).await
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
) -> Result<Html<String>> {
    let round = state
        .store
        .round(&id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("Runden «{id}» finnes ikke.")))?;
    let counts = state.store.counts(&id).await?;
    let s = crate::status::status(&round, &counts);
    let codes = state.store.code_counts(&id).await?;
    Ok(Html(render(
        "admin_round.html",
        minijinja::context! { s, codes, me => user.view() },
    )?))
}

async fn export_csv(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response> {
    let round = state
        .store
        .round(&id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("Runden «{id}» finnes ikke.")))?;
    let mut out = Vec::new();
    crate::csvio::export(state.store.as_ref(), std::slice::from_ref(&round), &mut out).await?;
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
        Ok(()) => Ok(back_with(
            "message",
            &if required {
                format!("Runde {id} krever nå invitasjonskode.")
            } else {
                format!("Runde {id} tar nå imot svar fra alle med lenken.")
            },
        )),
        Err(StoreError::NotFound(msg)) => Err(AppError::NotFound(msg)),
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
        return Err(AppError::NotFound(format!("Runden «{id}» finnes ikke.")));
    }
    if form.confirm.trim() != id {
        return Ok(back_with(
            "error",
            &format!("Ingenting er slettet: skriv «{id}» i feltet for å bekrefte."),
        ));
    }
    let deleted = state.store.delete_responses(&id).await?;
    Ok(back_with(
        "message",
        &format!("Slettet {deleted} svar fra runde {id}. Slettingen er ført i revisjonsloggen."),
    ))
}
