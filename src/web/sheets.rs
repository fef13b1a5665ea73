//! Group-work sheets in the browser (Oppsummeringsark 1–3): an
//! administrator, or a leader for their own units, types in what the
//! groups wrote; points are added, moved up and down with buttons (no
//! JavaScript) and removed; a success or improvement area on sheet 3
//! becomes an area for follow-up in one step. Every change is in the audit
//! log (by the store).

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Serialize;

use super::AppState;
use super::error::{AppError, Result};
use super::follow_up::{editable_units, followed_round, forbidden, may_edit, may_see, targets};
use super::lang::current;
use super::render::render;
use super::session::SignedIn;
use crate::auth::AccountRole;
use crate::i18n::tr;
use crate::learning::{NewArea, Purpose, Target};
use crate::sheets::{Method, NewSheet, Section, Sheet, SheetKind, check_item, move_item};
use crate::store::StoreError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/oppfolging/{round}/ark", get(list).post(create))
        .route("/oppfolging/ark/{id}", get(page))
        .route("/oppfolging/ark/{id}/punkt", post(add_item))
        .route("/oppfolging/ark/{id}/flytt", post(move_point))
        .route("/oppfolging/ark/{id}/fjern-punkt", post(remove_item))
        .route("/oppfolging/ark/{id}/omrade", post(make_area))
        .route("/oppfolging/ark/{id}/fjern", post(remove))
}

/// A form's fields, by name (the first of each).
fn fields(body: &[u8]) -> std::collections::HashMap<String, String> {
    let mut out = std::collections::HashMap::new();
    for (k, v) in form_urlencoded::parse(body) {
        out.entry(k.into_owned()).or_insert_with(|| v.into_owned());
    }
    out
}

/// What was typed into a refused form, with the refusal, by field.
#[derive(Serialize, Default)]
struct Draft {
    form: String,
    field: String,
    error: String,
    values: std::collections::HashMap<String, String>,
}

async fn render_list(
    user: &SignedIn,
    state: &AppState,
    round_id: &str,
    draft: Option<Draft>,
) -> Result<String> {
    let lang = current();
    let round = followed_round(user, state, round_id).await?;
    let sheets: Vec<Sheet> = state
        .store
        .sheets(round_id)
        .await?
        .into_iter()
        .filter(|s| may_see(user, s.unit.as_deref()))
        .collect();
    let units = editable_units(user, &round, lang);
    let kinds: Vec<&str> = SheetKind::ALL.iter().map(|k| k.key()).collect();
    let methods: Vec<&str> = Method::ALL.iter().map(|m| m.key()).collect();
    Ok(render(
        "sheets.html",
        minijinja::context! {
            round => minijinja::context! { id => round.id, title => round.title },
            sheets, units, kinds, methods, draft,
            today => crate::store::today(),
            me => user.view(), lang => lang.code(), here => format!("/oppfolging/{round_id}/ark?"),
        },
    )?)
}

fn not_reader(user: &SignedIn) -> Result<()> {
    if user.account.role == AccountRole::Reader {
        return Err(forbidden(current()));
    }
    Ok(())
}

async fn list(
    user: SignedIn,
    State(state): State<AppState>,
    Path(round): Path<String>,
) -> Result<Html<String>> {
    not_reader(&user)?;
    Ok(Html(render_list(&user, &state, &round, None).await?))
}

async fn create(
    user: SignedIn,
    State(state): State<AppState>,
    Path(round_id): Path<String>,
    body: Bytes,
) -> Result<Response> {
    not_reader(&user)?;
    let lang = current();
    let round = followed_round(&user, &state, &round_id).await?;
    let f = fields(&body);
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    let unit = Some(get("unit")).filter(|u| !u.is_empty());
    if !may_edit(&user, unit.as_deref()) || unit.as_ref().is_some_and(|u| !round.has_unit(u)) {
        return Err(forbidden(lang));
    }
    let (Some(kind), Some(method)) = (
        SheetKind::parse(&get("kind")),
        Method::parse(&get("method")),
    ) else {
        return Err(AppError::BadRequest(tr(lang, "sheet-bad-form")));
    };
    let sheet = NewSheet {
        round: round_id.clone(),
        unit,
        kind,
        title: get("title"),
        held_on: get("held_on").trim().to_string(),
        method,
    };
    if let Some((field, problem)) = sheet.problems().into_iter().next() {
        let draft = Draft {
            form: "new".into(),
            field: field.into(),
            error: problem.words(lang),
            values: f,
        };
        let page = render_list(&user, &state, &round_id, Some(draft)).await?;
        return Ok((StatusCode::BAD_REQUEST, Html(page)).into_response());
    }
    let id = state.store.add_sheet(&sheet, &user.account.name).await?;
    Ok(Redirect::to(&format!("/oppfolging/ark/{id}")).into_response())
}

/// The sheet, if `user` may see it (and its round).
async fn visible(user: &SignedIn, state: &AppState, id: i64) -> Result<Sheet> {
    not_reader(user)?;
    let sheet = state
        .store
        .sheet(id)
        .await?
        .ok_or(StoreError::SheetNotFound { id })?;
    if !may_see(user, sheet.unit.as_deref()) {
        return Err(forbidden(current()));
    }
    followed_round(user, state, &sheet.round).await?;
    Ok(sheet)
}

/// The sheet, if `user` may change it.
async fn editable(user: &SignedIn, state: &AppState, id: i64) -> Result<Sheet> {
    let sheet = visible(user, state, id).await?;
    if !may_edit(user, sheet.unit.as_deref()) {
        return Err(forbidden(current()));
    }
    Ok(sheet)
}

async fn render_sheet(
    user: &SignedIn,
    state: &AppState,
    sheet: &Sheet,
    draft: Option<Draft>,
) -> Result<String> {
    let lang = current();
    let round = followed_round(user, state, &sheet.round).await?;
    let sections: Vec<minijinja::Value> = sheet
        .kind
        .sections()
        .iter()
        .map(|s| {
            let items: Vec<(usize, String)> = sheet
                .section(*s)
                .into_iter()
                .map(|(i, item)| (i, item.text.clone()))
                .collect();
            minijinja::context! { key => s.key(), items }
        })
        .collect();
    let options = if sheet.kind == SheetKind::Areas {
        targets(&round, lang)
    } else {
        Vec::new()
    };
    Ok(render(
        "sheet.html",
        minijinja::context! {
            sheet, sections, options, draft,
            editable => may_edit(user, sheet.unit.as_deref()),
            max_item => crate::sheets::MAX_ITEM,
            me => user.view(), lang => lang.code(), here => format!("/oppfolging/ark/{}?", sheet.id),
        },
    )?)
}

async fn page(
    user: SignedIn,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Html<String>> {
    let sheet = visible(&user, &state, id).await?;
    Ok(Html(render_sheet(&user, &state, &sheet, None).await?))
}

/// The sheet again with a refused form's values and its error (400).
async fn refuse(
    user: &SignedIn,
    state: &AppState,
    sheet: &Sheet,
    draft: Draft,
) -> Result<Response> {
    let page = render_sheet(user, state, sheet, Some(draft)).await?;
    Ok((StatusCode::BAD_REQUEST, Html(page)).into_response())
}

fn back(id: i64, anchor: &str) -> Response {
    Redirect::to(&format!("/oppfolging/ark/{id}#{anchor}")).into_response()
}

async fn add_item(
    user: SignedIn,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response> {
    let lang = current();
    let mut sheet = editable(&user, &state, id).await?;
    let f = fields(&body);
    let section = f
        .get("section")
        .and_then(|s| Section::parse(s))
        .filter(|s| sheet.kind.sections().contains(s))
        .ok_or_else(|| AppError::BadRequest(tr(lang, "sheet-bad-form")))?;
    let typed = f.get("text").cloned().unwrap_or_default();
    match check_item(&sheet.items, &typed) {
        Ok(text) => {
            sheet.items.push(crate::sheets::SheetItem { section, text });
            state
                .store
                .set_sheet_items(id, &sheet.items, "punkt lagt til", &user.account.name)
                .await?;
            Ok(back(id, section.key()))
        }
        Err(problem) => {
            let draft = Draft {
                form: section.key().into(),
                field: "text".into(),
                error: problem.words(lang),
                values: f,
            };
            refuse(&user, &state, &sheet, draft).await
        }
    }
}

/// The point a form names by its place and its words: a form from a page
/// the sheet has changed under (a second click on "Fjern", another person's
/// edit) names a place that now holds another point, and is refused.
fn at(f: &std::collections::HashMap<String, String>, sheet: &Sheet) -> Result<usize> {
    let at = f
        .get("at")
        .and_then(|a| a.parse::<usize>().ok())
        .ok_or_else(|| AppError::BadRequest(tr(current(), "sheet-bad-form")))?;
    match sheet.items.get(at) {
        Some(item) if f.get("point") == Some(&item.text) => Ok(at),
        _ => Err(AppError::BadRequest(tr(current(), "sheet-changed"))),
    }
}

async fn move_point(
    user: SignedIn,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response> {
    let mut sheet = editable(&user, &state, id).await?;
    let f = fields(&body);
    let i = at(&f, &sheet)?;
    let up = f.get("dir").map(String::as_str) == Some("up");
    let section = sheet.items[i].section;
    if move_item(&mut sheet.items, i, up) {
        let what = if up {
            "punkt flyttet opp"
        } else {
            "punkt flyttet ned"
        };
        state
            .store
            .set_sheet_items(id, &sheet.items, what, &user.account.name)
            .await?;
    }
    Ok(back(id, section.key()))
}

async fn remove_item(
    user: SignedIn,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response> {
    let mut sheet = editable(&user, &state, id).await?;
    let f = fields(&body);
    let i = at(&f, &sheet)?;
    let removed = sheet.items.remove(i);
    state
        .store
        .set_sheet_items(id, &sheet.items, "punkt fjernet", &user.account.name)
        .await?;
    Ok(back(id, removed.section.key()))
}

/// A success or improvement area of sheet 3 as an area for follow-up of
/// the sheet's unit (or the municipality), with the point as its "why".
async fn make_area(
    user: SignedIn,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response> {
    let lang = current();
    let sheet = editable(&user, &state, id).await?;
    let f = fields(&body);
    let i = at(&f, &sheet)?;
    let item = &sheet.items[i];
    let purpose = match item.section {
        Section::Success => Purpose::Keep,
        Section::Improve => Purpose::Improve,
        _ => return Err(AppError::BadRequest(tr(lang, "sheet-bad-form"))),
    };
    let round = followed_round(&user, &state, &sheet.round).await?;
    // The point's own form again, its target refused with `key`.
    let refused = |key: &str, values| Draft {
        form: format!("area-{i}"),
        field: "target".into(),
        error: tr(lang, key),
        values,
    };
    let target = f.get("target").and_then(|t| Target::parse(t));
    let Some(target) = target.filter(|t| {
        crate::learning::targets_of(&round)
            .iter()
            .any(|(known, _)| known == t)
    }) else {
        return refuse(&user, &state, &sheet, refused("sheet-choose-target", f)).await;
    };
    let area = NewArea {
        round: sheet.round.clone(),
        unit: sheet.unit.clone(),
        target,
        purpose,
        why: item.text.chars().take(crate::learning::MAX_TEXT).collect(),
    };
    match state.store.add_area(&area, &user.account.name).await {
        Ok(_) => Ok(Redirect::to(&format!("/oppfolging/{}#omrader", sheet.round)).into_response()),
        Err(StoreError::AreaExists { .. }) => {
            refuse(&user, &state, &sheet, refused("sheet-area-exists", f)).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn remove(
    user: SignedIn,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response> {
    let sheet = editable(&user, &state, id).await?;
    state.store.remove_sheet(id, &user.account.name).await?;
    Ok(Redirect::to(&format!("/oppfolging/{}/ark", sheet.round)).into_response())
}
