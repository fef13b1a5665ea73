//! The results page for everyone who was asked (seed 002: "Hvordan
//! kommuniseres resultatene ut?"): an administrator publishes it for a
//! closed round whose results leaders can read, anyone reads it without
//! signing in, and it can be withdrawn. It shows what a reader's summary
//! shows (`report::access::staff_page`), and what was decided from it.

use axum::extract::{Path, State};
use axum::response::{Html, Redirect};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use super::AppState;
use super::error::{AppError, Result};
use super::lang::current;
use super::notice::back_to_round;
use super::render::render;
use super::session::Admin;
use crate::i18n::tr_args;
use crate::report;
use crate::report::access::Refusal;

/// The pages anyone may read.
pub fn public_router() -> Router<AppState> {
    Router::new()
        .route("/resultater", get(list))
        .route("/resultater/{id}", get(page))
}

/// Publishing and withdrawing, for administrators.
pub fn admin_router() -> Router<AppState> {
    Router::new().route("/admin/rounds/{id}/resultatside", post(set))
}

/// A round whose page is published, as the start page and the list link it.
#[derive(Serialize)]
pub struct Published {
    pub id: String,
    pub title: String,
}

/// The rounds whose results page is published, newest first.
pub async fn published(state: &AppState) -> Result<Vec<Published>> {
    let mut out = Vec::new();
    for r in state.store.rounds().await? {
        if state.store.staff_page(&r.id).await?.is_some() {
            out.push(Published {
                id: r.id,
                title: r.title,
            });
        }
    }
    Ok(out)
}

async fn list(State(state): State<AppState>) -> Result<Html<String>> {
    let lang = current();
    let pages = published(&state).await?;
    Ok(Html(render(
        "staff_results.html",
        minijinja::context! { pages, lang => lang.code(), here => "/resultater?" },
    )?))
}

async fn page(State(state): State<AppState>, Path(id): Path<String>) -> Result<Html<String>> {
    let lang = current();
    let not_published = || {
        AppError::NotFound(tr_args(
            lang,
            "staff-not-published",
            &[("id", id.as_str().into())],
        ))
    };
    let (built, on) = match report::access::staff_page(state.store.as_ref(), &id).await {
        Ok(page) => page,
        Err(Refusal::Failed(e)) => return Err(AppError::Internal(e)),
        Err(_) => return Err(not_published()),
    };
    let view = report::html::View {
        published_on: Some(on),
        ..Default::default()
    };
    let html = report::html::render_view(&built, &report::Kind::Staff, lang, &view)
        .map_err(AppError::Internal)?;
    Ok(Html(html))
}

#[derive(Deserialize)]
struct PublishForm {
    /// `1` publishes, anything else withdraws.
    publish: String,
}

async fn set(
    Admin(admin): Admin,
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    Form(form): Form<PublishForm>,
) -> Result<Redirect> {
    let round = super::follow_up::round_or_404(&state, &id).await?;
    let publish = form.publish == "1";
    if publish {
        // Only a closed round whose copy for leaders is shown: the page
        // shows that copy, never the answers as they stand.
        let shown = state
            .store
            .publication(&id)
            .await?
            .is_some_and(|(_, shown)| shown);
        if round.open || !shown {
            return back_to_round("staff-admin-refused", &id, None)
                .go(&session)
                .await;
        }
    }
    state
        .store
        .set_staff_page(&id, publish, &admin.account.name)
        .await?;
    let key = if publish {
        "staff-admin-published"
    } else {
        "staff-admin-withdrawn"
    };
    back_to_round(key, &id, None).go(&session).await
}
