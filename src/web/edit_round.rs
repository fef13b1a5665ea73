//! Changing a round's title, units, invited counts and service areas, for
//! administrators,
//! until its first answer. After that the round is what staff answered, so
//! the page says why it can no longer change, and the store refuses too.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;

use super::AppState;
use super::error::{AppError, Result};
use super::lang::current;
use super::new_round::{Problem, units};
use super::render::render;
use super::session::Admin;
use crate::i18n::{tr, tr_args};
use crate::store::StoreError;
use crate::survey::Round;

pub fn router() -> Router<AppState> {
    Router::new().route("/admin/rounds/{id}/endre", get(page).post(save))
}

/// The form's fields as typed.
#[derive(Serialize, Default)]
struct Draft {
    title: String,
    units: String,
}

impl Draft {
    fn of(round: &Round) -> Draft {
        let units = round
            .units
            .iter()
            .map(|u| {
                let invited = u.invited.map(|n| n.to_string()).unwrap_or_default();
                match (&u.area, u.invited) {
                    (Some(area), _) => format!("{}; {invited}; {area}", u.name),
                    (None, Some(_)) => format!("{}; {invited}", u.name),
                    // A name with a semicolon of its own gets an empty
                    // count, or its last part would be read as the count.
                    (None, None) if u.name.contains(';') => format!("{};", u.name),
                    (None, None) => u.name.clone(),
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        Draft {
            title: round.title.clone(),
            units,
        }
    }

    fn parse(body: &[u8]) -> Draft {
        let mut d = Draft::default();
        for (key, value) in form_urlencoded::parse(body) {
            match &*key {
                "title" => d.title = value.trim().to_string(),
                "units" => d.units = value.into_owned(),
                _ => {}
            }
        }
        d
    }
}

/// The round, or 404; its number of answers, and whether it had answers
/// that were deleted (either way it cannot change).
async fn round_and_answers(
    state: &AppState,
    id: &str,
) -> Result<(std::sync::Arc<Round>, u64, bool)> {
    let round = state
        .store
        .round(id)
        .await?
        .ok_or_else(|| AppError::round_not_found(current(), id))?;
    let answers = state
        .store
        .counts(id)
        .await?
        .iter()
        .map(|c| c.n)
        .sum::<u64>();
    let had_answers = state.store.had_answers(id).await?;
    Ok((round, answers, had_answers))
}

fn render_form(
    admin: &Admin,
    round: &Round,
    answers: u64,
    had_answers: bool,
    draft: &Draft,
    problems: &[Problem],
) -> Result<String> {
    Ok(render(
        "admin_edit_round.html",
        minijinja::context! {
            id => round.id, answers, had_answers, draft, problems,
            me => admin.0.view(), lang => current().code(),
            here => format!("/admin/rounds/{}/endre?", round.id),
        },
    )?)
}

async fn page(
    admin: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Html<String>> {
    let (round, answers, had_answers) = round_and_answers(&state, &id).await?;
    Ok(Html(render_form(
        &admin,
        &round,
        answers,
        had_answers,
        &Draft::of(&round),
        &[],
    )?))
}

async fn save(
    admin: Admin,
    State(state): State<AppState>,
    session: tower_sessions::Session,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response> {
    let lang = current();
    let (round, answers, had_answers) = round_and_answers(&state, &id).await?;
    let draft = Draft::parse(&body);
    let mut problems = Vec::new();
    if draft.title.is_empty() || draft.title.chars().count() > 200 {
        problems.push(Problem {
            field: "title",
            message: tr(lang, "new-round-no-title"),
        });
    }
    let units = units(lang, &draft.units, &mut problems);
    let refused = |problems: Vec<Problem>, status| -> Result<Response> {
        let body = render_form(&admin, &round, answers, had_answers, &draft, &problems)?;
        Ok((status, Html(body)).into_response())
    };
    if answers > 0 || had_answers {
        return refused(Vec::new(), StatusCode::CONFLICT);
    }
    if !problems.is_empty() {
        return refused(problems, StatusCode::BAD_REQUEST);
    }
    match state
        .store
        .edit_round(&id, &draft.title, &units, &admin.0.account.name)
        .await
    {
        Ok(()) => Ok(super::notice::back_to_round("edit-round-saved", &id, None)
            .go(&session)
            .await?
            .into_response()),
        Err(StoreError::UnitHasCodes { unit }) => refused(
            vec![Problem {
                field: "units",
                message: tr_args(lang, "edit-round-unit-has-codes", &[("unit", unit.into())]),
            }],
            StatusCode::BAD_REQUEST,
        ),
        Err(StoreError::RoundHasAnswers { .. }) => {
            // An answer arrived while the form was open.
            let (round, answers, had_answers) = round_and_answers(&state, &id).await?;
            let body = render_form(&admin, &round, answers, had_answers, &draft, &[])?;
            Ok((StatusCode::CONFLICT, Html(body)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
