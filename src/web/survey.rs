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
use super::lang::current;
use super::limits::{ClientAddr, check_submit};
use tower_http::compression::CompressionLayer;

use super::render::{STYLESHEET, render};
use crate::i18n::{Lang, tr, tr_args};
use crate::invite;
use crate::store::SubmitOutcome;
use crate::survey::Round;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(start))
        .route("/static/trappa.css", get(stylesheet))
        .route("/s/{round}", get(show_form).post(submit))
        .route("/s/{round}/takk", get(thanks))
        // Gzip keeps the form light on a phone (a round with six partners is
        // about 25 KB of HTML, 6 KB compressed). Only the staff's pages are
        // compressed: they carry no session secret, and no other site can
        // post to them (csrf::same_origin), so there is nothing for a
        // compression side channel (BREACH) to find.
        .layer(CompressionLayer::new().gzip(true))
}

#[derive(Serialize)]
struct OpenRound {
    id: String,
    title: String,
    municipality: String,
}

async fn start(State(state): State<AppState>) -> Result<Html<String>> {
    let lang = current();
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
        minijinja::context! { open_rounds, lang => lang.code(), here => "/?" },
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

/// The round, if it exists.
async fn find_round(state: &AppState, id: &str, lang: Lang) -> Result<Arc<Round>> {
    state.store.round(id).await?.ok_or_else(|| {
        AppError::localized(
            StatusCode::NOT_FOUND,
            lang,
            "page-not-found",
            tr_args(lang, "survey-not-found", &[("id", id.to_string().into())]),
        )
    })
}

/// The round, if it exists and is open.
async fn open_round(state: &AppState, id: &str, lang: Lang) -> Result<Arc<Round>> {
    let round = find_round(state, id, lang).await?;
    if !round.open {
        return Err(AppError::localized(
            StatusCode::FORBIDDEN,
            lang,
            "page-closed",
            tr(lang, "survey-closed"),
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

/// The page that asks for a code, with what was typed and what is wrong
/// (a message key).
fn code_page(round: &Round, typed: &str, error: Option<&str>, lang: Lang) -> Result<Response> {
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = render(
        "code.html",
        minijinja::context! {
            round_id => round.id, title => round.title,
            municipality => round.municipality, typed,
            error => error.map(|k| tr(lang, k)),
            lang => lang.code(), here => format!("/s/{}?", round.id),
        },
    )?;
    Ok((status, Html(page)).into_response())
}

/// Checks a typed code against the round; `Err` holds the message key.
async fn check_code(
    state: &AppState,
    round: &Round,
    typed: &str,
) -> Result<std::result::Result<ValidCode, &'static str>> {
    let Some(code) = invite::normalise(typed) else {
        return Ok(Err("code-malformed"));
    };
    // argon2 takes tens of milliseconds of CPU: off the async workers.
    let slow = {
        let code = code.clone();
        tokio::task::spawn_blocking(move || invite::hash(&code))
            .await
            .map_err(|e| AppError::Internal(e.into()))?
    };
    let mut found = None;
    for hash in [slow, invite::legacy_hash(&code)] {
        if let Some(unit) = state.store.code(&round.id, &hash).await? {
            found = Some((hash, unit));
            break;
        }
    }
    Ok(match found {
        // A used code is gone: unknown and used look the same.
        None => Err("code-unknown"),
        Some((hash, unit)) => Ok(ValidCode {
            shown: format!("{}-{}", &code[..5], &code[5..]),
            hash,
            unit,
        }),
    })
}

async fn show_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<CodeQuery>,
    addr: ClientAddr,
) -> Result<Response> {
    let lang = current();
    let round = open_round(&state, &id, lang).await?;
    let mut posted = Posted::default();
    let mut code = None;
    // A code in the address (even an empty one: "I have a code") leads to
    // the code page, as does a round where every answer needs one.
    let asked = q.kode.as_deref().map(str::trim);
    if round.requires_code || (asked.is_some() && round.has_codes()) {
        let typed = asked.unwrap_or("");
        if typed.is_empty() {
            return code_page(&round, "", None, lang);
        }
        // Looking a code up is what guessing would do: it counts as a submit.
        check_submit(&state, &addr, lang)?;
        match check_code(&state, &round, typed).await? {
            Ok(valid) => {
                posted.set("unit", &valid.unit);
                code = Some(valid.shown);
            }
            Err(message) => return code_page(&round, typed, Some(message), lang),
        }
    }
    let page = form_page(
        &round,
        &new_token(),
        &posted,
        &FieldErrors::new(),
        lang,
        code.as_deref(),
    )?;
    Ok(page.into_response())
}

/// The form page in `lang`: what was `posted`, its `errors`, and the
/// invitation code (shown form) carried along; the language links keep it.
fn form_page(
    round: &Round,
    token: &str,
    posted: &Posted,
    errors: &FieldErrors,
    lang: Lang,
    code: Option<&str>,
) -> Result<Html<String>> {
    let mut view = FormView::build(round, token, posted, errors, lang);
    let here = match code {
        Some(c) => {
            view = view.with_code(c);
            format!("/s/{}?kode={c}&", round.id)
        }
        None => format!("/s/{}?", round.id),
    };
    Ok(Html(render(
        "form.html",
        minijinja::context! { here, ..minijinja::Value::from_serialize(&view) },
    )?))
}

async fn submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    addr: ClientAddr,
    form: std::result::Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response> {
    let lang = current();
    check_submit(&state, &addr, lang)?;
    let round = open_round(&state, &id, lang).await?;
    let Form(fields) = form.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => AppError::localized(
            StatusCode::PAYLOAD_TOO_LARGE,
            lang,
            "page-too-large",
            tr(lang, "survey-too-large"),
        ),
        _ => AppError::localized(
            StatusCode::BAD_REQUEST,
            lang,
            "page-bad-request",
            tr(lang, "survey-unreadable"),
        ),
    })?;
    let mut posted = Posted::new(fields);
    let token = posted.get("_token").to_string();
    let bad_request =
        |text: String| AppError::localized(StatusCode::BAD_REQUEST, lang, "page-bad-request", text);
    if !is_token(&token) {
        return Err(bad_request(tr(lang, "survey-token-missing")));
    }
    let unknown = posted.unknown_fields(&round);
    if !unknown.is_empty() {
        return Err(bad_request(tr_args(
            lang,
            "survey-unknown-fields",
            &[("fields", unknown.join(", ").into())],
        )));
    }
    // The language switch: the same answers, shown in another language;
    // nothing is checked or stored.
    let switch = Lang::parse(posted.get("_lang"));
    let typed = posted.get("_kode").to_string();
    // A second click on a form whose answer is stored: its code is spent
    // by now, so it would be called unknown. Thank the person again.
    if !typed.is_empty() && switch.is_none() && state.store.token_used(&token).await? {
        return Ok(
            Redirect::to(&format!("/s/{}/takk?lang={}", round.id, lang.code())).into_response(),
        );
    }
    let code = if !typed.is_empty() || round.needs_code(posted.get("unit")) {
        match check_code(&state, &round, &typed).await? {
            Ok(valid) => {
                // The unit is the code's, whatever the post says.
                posted.set("unit", &valid.unit);
                Some(valid)
            }
            Err(_) if typed.is_empty() => {
                return code_page(&round, "", Some("code-missing"), lang);
            }
            Err(message) => return code_page(&round, &typed, Some(message), lang),
        }
    } else {
        None
    };
    let shown = code.as_ref().map(|c| c.shown.as_str());
    if let Some(to) = switch {
        let page = form_page(&round, &token, &posted, &FieldErrors::new(), to, shown)?;
        return Ok(page.into_response());
    }
    match validate(&round, &posted) {
        Ok(response) => {
            // The thank-you page is shown only after the commit returned.
            let hash = code.as_ref().map(|c| c.hash.as_str());
            match state.store.submit(&round, &token, hash, &response).await? {
                SubmitOutcome::Stored | SubmitOutcome::AlreadyStored => {
                    Ok(
                        Redirect::to(&format!("/s/{}/takk?lang={}", round.id, lang.code()))
                            .into_response(),
                    )
                }
                SubmitOutcome::CodeRefused => {
                    code_page(&round, posted.get("_kode"), Some("code-used"), lang)
                }
            }
        }
        Err(errors) => {
            let page = form_page(&round, &token, &posted, &errors, lang, shown)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

async fn thanks(State(state): State<AppState>, Path(id): Path<String>) -> Result<Html<String>> {
    let lang = current();
    let round = find_round(&state, &id, lang).await?;
    Ok(Html(render(
        "thanks.html",
        minijinja::context! {
            title => round.title, lang => lang.code(), here => format!("/s/{id}/takk?"),
        },
    )?))
}
