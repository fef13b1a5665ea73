//! Admin pages, behind the administrator key (proper accounts come later):
//! rounds with open/close, response counts per unit, CSV download.

use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;

use super::AppState;
use super::error::{AppError, Result};
use super::render::render;
use crate::report;
use crate::store::StoreError;
use crate::survey::round::create_like;

const COOKIE: &str = "trappa_admin";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/login", get(login_page).post(login))
        .route("/admin/logout", post(logout))
        .route("/admin", get(rounds_page))
        .route("/admin/rounds", post(create_round))
        .route("/admin/rounds/{id}", get(round_page))
        .route("/admin/rounds/{id}/open", post(open_round))
        .route("/admin/rounds/{id}/close", post(close_round))
        .route(
            "/admin/rounds/{id}/delete-responses",
            post(delete_responses),
        )
        .route("/admin/rounds/{id}/export.csv", get(export_csv))
        .route("/admin/rounds/{id}/report", get(report_html))
        .route("/admin/rounds/{id}/report.pdf", get(report_pdf))
}

/// Proof that the request carries the administrator key.
pub struct Admin;

impl FromRequestParts<AppState> for Admin {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match cookie(&parts.headers, COOKIE) {
            Some(v) if constant_time_eq(v.as_bytes(), state.admin_key.as_bytes()) => Ok(Admin),
            _ => Err(Redirect::to("/admin/login").into_response()),
        }
    }
}

fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn login_page() -> Result<Html<String>> {
    Ok(Html(render("admin_login.html", minijinja::context! {})?))
}

#[derive(Deserialize)]
struct LoginForm {
    key: String,
}

async fn login(State(state): State<AppState>, Form(form): Form<LoginForm>) -> Result<Response> {
    if !constant_time_eq(form.key.trim().as_bytes(), state.admin_key.as_bytes()) {
        let page = render(
            "admin_login.html",
            minijinja::context! { error => "Feil nøkkel." },
        )?;
        return Ok((axum::http::StatusCode::UNAUTHORIZED, Html(page)).into_response());
    }
    let cookie = format!(
        "{COOKIE}={}; Path=/; HttpOnly; SameSite=Strict",
        state.admin_key
    );
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/admin")).into_response())
}

async fn logout() -> Response {
    let cookie = format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    ([(header::SET_COOKIE, cookie)], Redirect::to("/")).into_response()
}

#[derive(Deserialize, Default)]
struct Notice {
    message: Option<String>,
    error: Option<String>,
}

async fn rounds_page(
    _: Admin,
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
        minijinja::context! { rounds, message => notice.message, error => notice.error },
    )?))
}

fn back_with(kind: &str, text: &str) -> Redirect {
    let mut url = String::from("/admin?");
    url.push_str(kind);
    url.push('=');
    url.push_str(&urlencode(text));
    Redirect::to(&url)
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
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
    _: Admin,
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
    Ok(Html(render("admin_round.html", minijinja::context! { s })?))
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
struct ReportQuery {
    #[serde(default)]
    kind: Option<String>,
    unit: Option<String>,
    min_n: Option<u64>,
}

async fn build_report(
    state: &AppState,
    id: &str,
    q: &ReportQuery,
) -> Result<(report::build::Built, report::Kind)> {
    let kind = match (q.kind.as_deref().unwrap_or("leader"), &q.unit) {
        ("leader", _) => report::Kind::Leader,
        ("summary", _) => report::Kind::Summary,
        ("unit", Some(u)) => report::Kind::Unit(u.clone()),
        (other, _) => {
            return Err(AppError::BadRequest(format!(
                "Ukjent rapporttype «{other}» (leader, summary eller unit med unit=ENHET)."
            )));
        }
    };
    let k = q.min_n.unwrap_or(5);
    if k < 2 {
        return Err(AppError::BadRequest("min_n må være minst 2.".into()));
    }
    if state.store.round(id).await?.is_none() {
        return Err(AppError::NotFound(format!("Runden «{id}» finnes ikke.")));
    }
    let request = report::build::Request {
        round: Some(id.to_string()),
        compare: None,
        kind: kind.clone(),
        k,
        min_change: 0.1,
    };
    let built = report::build::from_store(state.store.as_ref(), &request)
        .await
        .map_err(|e| AppError::BadRequest(format!("{e:#}")))?;
    Ok((built, kind))
}

async fn report_html(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<ReportQuery>,
) -> Result<Html<String>> {
    let (built, kind) = build_report(&state, &id, &q).await?;
    Ok(Html(report::html::render(
        &built.analysis,
        &kind,
        &built.meta,
    )?))
}

async fn report_pdf(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<ReportQuery>,
) -> Result<Response> {
    let (built, kind) = build_report(&state, &id, &q).await?;
    let html = report::html::render(&built.analysis, &kind, &built.meta)?;
    if report::pdf::find_chromium().is_none() {
        return Err(AppError::Unavailable(
            "PDF krever Chromium på serveren (apt-get install chromium). HTML-rapporten kan skrives ut fra nettleseren.".into(),
        ));
    }
    // Chromium takes about a second: keep it off the async workers.
    let bytes = tokio::task::spawn_blocking(move || -> anyhow::Result<Vec<u8>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("rapport.pdf");
        report::pdf::print(&html, &path)?;
        Ok(std::fs::read(path)?)
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))??;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"trappa-{id}-{}.pdf\"", kind.name()),
            ),
        ],
        bytes,
    )
        .into_response())
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
