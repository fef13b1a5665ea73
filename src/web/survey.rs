//! Public pages: the start page, the staff form (by open link or with a
//! one-time invitation code), the thank-you page.

use std::sync::Arc;

use axum::extract::rejection::FormRejection;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use rand::Rng;
use serde::{Deserialize, Serialize};

use super::AppState;
use super::error::{AppError, Result};
use super::form::{FieldErrors, FormView, Posted, validate};
use super::limits::{ClientAddr, check_submit};
use super::render::{STYLESHEET, render};
use crate::invite;
use crate::store::SubmitOutcome;
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

#[derive(Deserialize)]
struct CodeQuery {
    kode: Option<String>,
}

/// An invitation code that may be used: as printed, its hash, its unit.
struct ValidCode {
    shown: String,
    hash: String,
    unit: String,
}

/// The page that asks for a code, with what was typed and what is wrong.
fn code_page(round: &Round, typed: &str, error: Option<&str>) -> Result<Response> {
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = render(
        "code.html",
        minijinja::context! {
            round_id => round.id, title => round.title,
            municipality => round.municipality, typed, error,
        },
    )?;
    Ok((status, Html(page)).into_response())
}

/// Checks a typed code against the round; `Err` holds the message to show.
async fn check_code(
    state: &AppState,
    round: &Round,
    typed: &str,
) -> Result<std::result::Result<ValidCode, &'static str>> {
    let Some(code) = invite::normalise(typed) else {
        return Ok(Err(
            "Koden har ikke riktig form: den har ti tegn, som ABCDE-FGHJK. Sjekk at du har skrevet den av riktig.",
        ));
    };
    let hash = invite::hash(&code);
    Ok(match state.store.code(&round.id, &hash).await? {
        None => Err(
            "Vi finner ikke denne koden for denne undersøkelsen. Sjekk at du har skrevet den av riktig.",
        ),
        Some(c) if c.used => Err("Denne koden er allerede brukt. Hver kode gir ett svar."),
        Some(c) => Ok(ValidCode {
            shown: format!("{}-{}", &code[..5], &code[5..]),
            hash,
            unit: c.unit,
        }),
    })
}

async fn show_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<CodeQuery>,
    addr: ClientAddr,
) -> Result<Response> {
    let round = open_round(&state, &id).await?;
    let mut posted = Posted::default();
    let mut code = None;
    if round.requires_code {
        let typed = q.kode.as_deref().unwrap_or("").trim();
        if typed.is_empty() {
            return code_page(&round, "", None);
        }
        // Looking a code up is what guessing would do: it counts as a submit.
        check_submit(&state, &addr)?;
        match check_code(&state, &round, typed).await? {
            Ok(valid) => {
                posted.set("unit", &valid.unit);
                code = Some(valid.shown);
            }
            Err(message) => return code_page(&round, typed, Some(message)),
        }
    }
    let view = FormView::build(&round, &new_token(), &posted, &FieldErrors::new());
    let view = match &code {
        Some(c) => view.with_code(c),
        None => view,
    };
    Ok(Html(render("form.html", view)?).into_response())
}

async fn submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    addr: ClientAddr,
    form: std::result::Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response> {
    check_submit(&state, &addr)?;
    let round = open_round(&state, &id).await?;
    let Form(fields) = form.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => AppError::TooLarge(
            "Svaret er større enn skjemaet tillater. Kort ned fritekstene og send igjen.".into(),
        ),
        _ => AppError::BadRequest(format!("Skjemaet kunne ikke leses: {e}")),
    })?;
    let mut posted = Posted::new(fields);
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
    let code = if round.requires_code {
        let typed = posted.get("_kode").to_string();
        match check_code(&state, &round, &typed).await? {
            Ok(valid) => {
                // The unit is the code's, whatever the post says.
                posted.set("unit", &valid.unit);
                Some(valid)
            }
            Err(_) if typed.is_empty() => return code_page(&round, "", None),
            Err(message) => return code_page(&round, &typed, Some(message)),
        }
    } else {
        None
    };
    match validate(&round, &posted) {
        Ok(response) => {
            // The thank-you page is shown only after the commit returned.
            let hash = code.as_ref().map(|c| c.hash.as_str());
            match state
                .store
                .submit(&round.id, &token, hash, &response)
                .await?
            {
                SubmitOutcome::Stored | SubmitOutcome::AlreadyStored => {
                    Ok(Redirect::to(&format!("/s/{}/takk", round.id)).into_response())
                }
                SubmitOutcome::CodeRefused => code_page(
                    &round,
                    posted.get("_kode"),
                    Some("Denne koden er allerede brukt. Hver kode gir ett svar."),
                ),
            }
        }
        Err(errors) => {
            let view = FormView::build(&round, &token, &posted, &errors);
            let view = match &code {
                Some(c) => view.with_code(&c.shown),
                None => view,
            };
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
