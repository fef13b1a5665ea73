//! Public pages: the start page, the staff form, the thank-you page.

use std::sync::Arc;

use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use rand::Rng;
use serde::Serialize;

use super::AppState;
use super::error::{AppError, Result};
use super::form::{FieldErrors, FormView, Posted, validate};
use super::render::{STYLESHEET, render};
use crate::survey::Round;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(start))
        .route("/static/trappa.css", get(stylesheet))
        .route("/s/{round}", get(show_form).post(submit))
        .route("/s/{round}/takk", get(thanks))
}

#[derive(Serialize)]
struct OpenRound {
    id: String,
    title: String,
    municipality: String,
}

async fn start(State(state): State<AppState>) -> Result<Html<String>> {
    let open_rounds: Vec<OpenRound> = state
        .store
        .rounds()
        .await?
        .into_iter()
        .filter(|r| r.open)
        .map(|r| OpenRound {
            id: r.id,
            title: r.title,
            municipality: r.municipality,
        })
        .collect();
    Ok(Html(render(
        "start.html",
        minijinja::context! { open_rounds },
    )?))
}

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLESHEET,
    )
}

/// A fresh form token: 128 random bits as hex.
fn new_token() -> String {
    let bits: u128 = rand::rng().random();
    format!("{bits:032x}")
}

fn is_token(t: &str) -> bool {
    t.len() == 32 && t.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The round, if it exists and is open.
async fn open_round(state: &AppState, id: &str) -> Result<Arc<Round>> {
    let round = state.store.round(id).await?.ok_or_else(|| {
        AppError::NotFound(format!(
            "Det finnes ingen undersøkelse som heter «{id}». Sjekk lenken."
        ))
    })?;
    if !round.open {
        return Err(AppError::Closed(
            "Denne undersøkelsen tar ikke imot svar nå. Takk for interessen!".into(),
        ));
    }
    Ok(round)
}

async fn show_form(State(state): State<AppState>, Path(id): Path<String>) -> Result<Html<String>> {
    let round = open_round(&state, &id).await?;
    let view = FormView::build(
        &round,
        &new_token(),
        &Posted::default(),
        &FieldErrors::new(),
    );
    Ok(Html(render("form.html", view)?))
}

async fn submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: std::result::Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response> {
    let round = open_round(&state, &id).await?;
    let Form(fields) = form.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => AppError::TooLarge(
            "Svaret er større enn skjemaet tillater. Kort ned fritekstene og send igjen.".into(),
        ),
        _ => AppError::BadRequest(format!("Skjemaet kunne ikke leses: {e}")),
    })?;
    let posted = Posted::new(fields);
    let token = posted.get("_token").to_string();
    if !is_token(&token) {
        return Err(AppError::BadRequest(
            "Skjemaet mangler sin nøkkel. Last inn siden på nytt og prøv igjen.".into(),
        ));
    }
    let unknown = posted.unknown_fields(&round);
    if !unknown.is_empty() {
        return Err(AppError::BadRequest(format!(
            "Skjemaet har felt som ikke hører til undersøkelsen: {}. Last inn siden på nytt.",
            unknown.join(", ")
        )));
    }
    match validate(&round, &posted) {
        Ok(response) => {
            // The thank-you page is shown only after the commit returned.
            state.store.submit(&round.id, &token, &response).await?;
            Ok(Redirect::to(&format!("/s/{}/takk", round.id)).into_response())
        }
        Err(errors) => {
            let view = FormView::build(&round, &token, &posted, &errors);
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                Html(render("form.html", view)?),
            )
                .into_response())
        }
    }
}

async fn thanks(State(state): State<AppState>, Path(id): Path<String>) -> Result<Html<String>> {
    let round = state.store.round(&id).await?.ok_or_else(|| {
        AppError::NotFound(format!("Det finnes ingen undersøkelse som heter «{id}»."))
    })?;
    Ok(Html(render(
        "thanks.html",
        minijinja::context! { title => round.title },
    )?))
}
