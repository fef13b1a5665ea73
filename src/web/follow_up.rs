//! The learning loop in the browser, without JavaScript: after a round, an
//! administrator (anywhere) or a leader (their own units) chooses poster
//! statements or stair relations as improvement or success areas, each
//! with a why; adds measures and keeps their status; and, after the next
//! round, writes the reflection. Readers get the summary's follow-up line
//! instead. Nothing here shows a figure: the reports do.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};

use super::AppState;
use super::error::{AppError, Result};
use super::lang::current;
use super::render::render;
use super::session::SignedIn;
use crate::auth::AccountRole;
use crate::i18n::{Lang, tr, tr_args};
use crate::learning::{
    Area, InputError, MeasureInput, NewArea, Purpose, Reflection, Status, Target, checked_date,
    checked_text,
};
use crate::survey::Round;
use crate::survey::definition::fill_municipality;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/oppfolging/{round}", get(page).post(add_area))
        .route("/oppfolging/omrade/{id}/refleksjon", post(set_reflection))
        .route("/oppfolging/omrade/{id}/fjern", post(remove_area))
        .route("/oppfolging/omrade/{id}/tiltak", post(add_measure))
        .route("/oppfolging/tiltak/{id}", post(update_measure))
        .route("/oppfolging/tiltak/{id}/fjern", post(remove_measure))
}

/// Whether `user` may change the areas of `unit` (`None`: the whole
/// municipality): an administrator anywhere, a leader in their own units.
pub(super) fn may_edit(user: &SignedIn, unit: Option<&str>) -> bool {
    match user.account.role {
        AccountRole::Administrator => true,
        AccountRole::Leader => unit.is_some_and(|u| user.account.units.iter().any(|m| m == u)),
        AccountRole::Reader => false,
    }
}

/// Whether `user` may see the areas of `unit`: a leader also sees the
/// municipality's.
pub(super) fn may_see(user: &SignedIn, unit: Option<&str>) -> bool {
    unit.is_none() && user.account.role == AccountRole::Leader || may_edit(user, unit)
}

/// Where `user` may add areas or sheets, as (value, label) for a select:
/// the municipality (administrators, value "") and units.
pub(super) fn editable_units(user: &SignedIn, round: &Round, lang: Lang) -> Vec<(String, String)> {
    let mut units: Vec<(String, String)> = Vec::new();
    if user.is_admin() {
        units.push((String::new(), tr(lang, "learning-whole-municipality")));
    }
    units.extend(
        round
            .units
            .iter()
            .filter(|u| may_edit(user, Some(&u.name)))
            .map(|u| (u.name.clone(), u.name.clone())),
    );
    units
}

pub(super) fn forbidden(lang: Lang) -> AppError {
    AppError::Forbidden(tr(lang, "follow-up-forbidden"))
}

/// A statement or relation that can be chosen, as the select shows it.
#[derive(Serialize)]
pub(super) struct TargetOption {
    value: String,
    label: String,
    group: &'static str,
    /// The municipality's figure for it, as the leader report shows it
    /// (under the disclosure rule): a mean, or the mean step today.
    figure: Option<String>,
}

/// The statements and stair relations of `round`, as the select shows them.
pub(super) fn targets(round: &Round, lang: Lang) -> Vec<TargetOption> {
    let translations: Vec<_> = round.instruments.iter().map(|i| &i.translations).collect();
    crate::learning::targets_of(round)
        .into_iter()
        .map(|(target, text)| {
            let (label, group) = match &target {
                Target::Statement(column) => {
                    // The definition's own translation, or its bokmål.
                    let text = translations
                        .iter()
                        .map(|t| t.text(lang, &text))
                        .find(|t| *t != text)
                        .unwrap_or(&text);
                    let label = format!(
                        "{}. {}",
                        crate::analysis::analyse::statement_label(column),
                        fill_municipality(text, &round.municipality)
                    );
                    (label, "statement")
                }
                Target::Relation(_) => (
                    tr_args(lang, "learning-relation", &[("partner", text.into())]),
                    "relation",
                ),
            };
            TargetOption {
                value: target.encode(),
                label,
                group,
                figure: None,
            }
        })
        .collect()
}

/// The municipality's figure beside each choice, from the leader report
/// this user may read (the published copy for a leader; the same rule,
/// the same figures). None where the report cannot be made (an open round
/// has no copy yet) or the figure is hidden.
async fn figures_beside(
    user: &SignedIn,
    state: &AppState,
    round: &Round,
    lang: Lang,
    options: &mut [TargetOption],
) {
    let viewer = crate::report::access::Viewer {
        role: user.account.role,
        units: &user.account.units,
    };
    let kind = crate::report::Kind::Leader;
    let Ok(built) =
        crate::report::access::report_for(state.store.as_ref(), viewer, &round.id, kind, None)
            .await
    else {
        return;
    };
    let a = &built.analysis;
    for o in options.iter_mut() {
        let mean = match Target::parse(&o.value) {
            Some(Target::Statement(column)) => a
                .statements
                .iter()
                .find(|s| s.column == column)
                .and_then(|s| s.stats.shown().map(|st| st.mean)),
            Some(Target::Relation(key)) => a
                .relations
                .iter()
                .find(|r| r.key == key)
                .and_then(|r| r.stats.shown().map(|st| st.mean_now)),
            None => None,
        };
        o.figure = mean.map(|m| crate::numbers::dec(lang, m, 1));
    }
}

/// How an area's target reads on the page.
fn target_label(options: &[TargetOption], target: &Target) -> String {
    let value = target.encode();
    options
        .iter()
        .find(|o| o.value == value)
        .map_or_else(|| target.key().to_string(), |o| o.label.clone())
}

#[derive(Serialize)]
struct AreaView {
    area: Area,
    label: String,
    editable: bool,
}

/// What was typed into a form that was refused, to show it again.
#[derive(Serialize, Default)]
struct Draft {
    /// Which form: "area", "measure-<area id>", "measure-edit-<id>" or "reflection-<area id>".
    form: String,
    error: String,
    field: String,
    values: std::collections::HashMap<String, String>,
}

pub(super) async fn round_or_404(state: &AppState, id: &str) -> Result<std::sync::Arc<Round>> {
    state
        .store
        .round(id)
        .await?
        .ok_or_else(|| AppError::round_not_found(current(), id))
}

/// The round, if `user` may follow it up: a leader only once it is closed,
/// since until then its results are for administrators only.
pub(super) async fn followed_round(
    user: &SignedIn,
    state: &AppState,
    id: &str,
) -> Result<std::sync::Arc<Round>> {
    let round = round_or_404(state, id).await?;
    if round.open && !user.is_admin() {
        return Err(AppError::Closed(tr_args(
            current(),
            "report-round-open",
            &[("id", id.to_string().into())],
        )));
    }
    Ok(round)
}

async fn render_page(
    user: &SignedIn,
    state: &AppState,
    round_id: &str,
    draft: Option<Draft>,
) -> Result<String> {
    let lang = current();
    let round = followed_round(user, state, round_id).await?;
    let mut options = targets(&round, lang);
    figures_beside(user, state, &round, lang, &mut options).await;
    let areas: Vec<AreaView> = state
        .store
        .areas(round_id)
        .await?
        .into_iter()
        .filter(|a| may_see(user, a.unit.as_deref()))
        .map(|area| AreaView {
            label: target_label(&options, &area.target),
            editable: may_edit(user, area.unit.as_deref()),
            area,
        })
        .collect();
    let units = editable_units(user, &round, lang);
    // The round after this one, whose learning report looks back at these
    // areas (for a leader, once that round is closed).
    let mut rounds = state.store.rounds().await?;
    rounds.reverse(); // oldest first
    let next = rounds
        .iter()
        .position(|r| r.id == round_id)
        .and_then(|i| rounds.get(i + 1))
        .filter(|r| !r.open || user.is_admin())
        .map(|r| r.id.clone());
    let statuses: Vec<&str> = Status::ALL.iter().map(|s| s.key()).collect();
    Ok(render(
        "follow_up.html",
        minijinja::context! {
            round => minijinja::context! { id => round.id, title => round.title },
            areas, options, units, statuses, next, draft,
            me => user.view(), lang => lang.code(), here => format!("/oppfolging/{round_id}?"),
        },
    )?)
}

async fn page(
    user: SignedIn,
    State(state): State<AppState>,
    Path(round): Path<String>,
) -> Result<Html<String>> {
    if user.account.role == AccountRole::Reader {
        return Err(forbidden(current()));
    }
    Ok(Html(render_page(&user, &state, &round, None).await?))
}

/// The page again with a refused form's values and its error (400).
async fn refused(
    user: &SignedIn,
    state: &AppState,
    round: &str,
    form: String,
    error: InputError,
    values: Vec<(&str, &str)>,
) -> Result<Response> {
    let lang = current();
    let field = error.field();
    let draft = Draft {
        form,
        error: input_error(lang, &error),
        field: field.to_string(),
        values: values
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    };
    let body = render_page(user, state, round, Some(draft)).await?;
    Ok((StatusCode::BAD_REQUEST, Html(body)).into_response())
}

/// An input error in the page's language.
fn input_error(lang: Lang, e: &InputError) -> String {
    let field = tr(lang, &format!("follow-up-field-{}", e.field()));
    match e {
        InputError::Missing { .. } => {
            tr_args(lang, "follow-up-missing", &[("field", field.into())])
        }
        InputError::TooLong { .. } => tr_args(
            lang,
            "follow-up-too-long",
            &[
                ("field", field.into()),
                ("max", (crate::learning::MAX_TEXT as u64).into()),
            ],
        ),
        InputError::BadDate(text) => {
            tr_args(lang, "follow-up-bad-date", &[("date", text.clone().into())])
        }
    }
}

fn back(round: &str, anchor: &str) -> Response {
    Redirect::to(&format!("/oppfolging/{round}#{anchor}")).into_response()
}

#[derive(Deserialize)]
struct AreaForm {
    target: String,
    #[serde(default)]
    unit: String,
    purpose: String,
    #[serde(default)]
    why: String,
}

async fn add_area(
    user: SignedIn,
    State(state): State<AppState>,
    Path(round_id): Path<String>,
    axum::Form(form): axum::Form<AreaForm>,
) -> Result<Response> {
    let lang = current();
    let round = followed_round(&user, &state, &round_id).await?;
    let unit = (!form.unit.is_empty()).then(|| form.unit.clone());
    if !may_edit(&user, unit.as_deref()) {
        return Err(forbidden(lang));
    }
    let bad = |key: &str| AppError::BadRequest(tr(lang, key));
    if let Some(u) = &unit
        && !round.has_unit(u)
    {
        return Err(bad("follow-up-unknown-unit"));
    }
    let target = Target::parse(&form.target)
        .filter(|t| targets(&round, lang).iter().any(|o| o.value == t.encode()))
        .ok_or_else(|| bad("follow-up-unknown-target"))?;
    let purpose = Purpose::parse(&form.purpose).ok_or_else(|| bad("follow-up-unknown-purpose"))?;
    let why = match checked_text("why", &form.why, true) {
        Ok(w) => w,
        Err(e) => {
            let values = vec![
                ("target", form.target.as_str()),
                ("unit", form.unit.as_str()),
                ("purpose", form.purpose.as_str()),
                ("why", form.why.as_str()),
            ];
            return refused(&user, &state, &round_id, "area".into(), e, values).await;
        }
    };
    let area = NewArea {
        round: round_id.clone(),
        unit,
        target,
        purpose,
        why,
    };
    let id = state.store.add_area(&area, &user.account.name).await?;
    Ok(back(&round_id, &format!("area-{id}")))
}

/// The area `id`, if this user may change it.
async fn editable_area(user: &SignedIn, state: &AppState, id: i64) -> Result<Area> {
    let lang = current();
    let area = state
        .store
        .area(id)
        .await?
        .ok_or_else(|| AppError::NotFound(tr(lang, "follow-up-area-not-found")))?;
    if !may_edit(user, area.unit.as_deref()) {
        return Err(forbidden(lang));
    }
    followed_round(user, state, &area.round).await?;
    Ok(area)
}

#[derive(Deserialize)]
struct ReflectionForm {
    #[serde(default)]
    did: String,
    #[serde(default)]
    learned: String,
    #[serde(default)]
    success_criteria: String,
    #[serde(default)]
    causes: String,
}

async fn set_reflection(
    user: SignedIn,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<ReflectionForm>,
) -> Result<Response> {
    let area = editable_area(&user, &state, id).await?;
    let checked = (|| {
        Ok::<_, InputError>(Reflection {
            did: checked_text("did", &form.did, false)?,
            learned: checked_text("learned", &form.learned, false)?,
            success_criteria: checked_text("success_criteria", &form.success_criteria, false)?,
            causes: checked_text("causes", &form.causes, false)?,
        })
    })();
    match checked {
        Ok(reflection) => {
            state
                .store
                .set_reflection(id, &reflection, &user.account.name)
                .await?;
            Ok(back(&area.round, &format!("area-{id}")))
        }
        Err(e) => {
            let values = vec![
                ("did", form.did.as_str()),
                ("learned", form.learned.as_str()),
                ("success_criteria", form.success_criteria.as_str()),
                ("causes", form.causes.as_str()),
            ];
            let form_id = format!("reflection-{id}");
            refused(&user, &state, &area.round, form_id, e, values).await
        }
    }
}

#[derive(Deserialize)]
struct MeasureForm {
    #[serde(default)]
    what: String,
    #[serde(default)]
    responsible: String,
    #[serde(default)]
    deadline: String,
    status: String,
    #[serde(default)]
    notes: String,
}

impl MeasureForm {
    fn checked(&self) -> std::result::Result<MeasureInput, InputError> {
        Ok(MeasureInput {
            what: checked_text("what", &self.what, true)?,
            responsible: checked_text("responsible", &self.responsible, true)?,
            deadline: checked_date(&self.deadline)?,
            // An unknown status is a forged form, not a typing error.
            status: Status::parse(&self.status).unwrap_or(Status::Planned),
            notes: checked_text("notes", &self.notes, false)?,
        })
    }

    fn values(&self) -> Vec<(&str, &str)> {
        vec![
            ("what", self.what.as_str()),
            ("responsible", self.responsible.as_str()),
            ("deadline", self.deadline.as_str()),
            ("status", self.status.as_str()),
            ("notes", self.notes.as_str()),
        ]
    }
}

/// Which measure a form saves: a new one for an area, or one that exists.
#[derive(Clone, Copy)]
enum MeasureSlot {
    New { area: i64 },
    Existing { measure: i64 },
}

async fn add_measure(
    user: SignedIn,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<MeasureForm>,
) -> Result<Response> {
    save_measure(&user, &state, MeasureSlot::New { area: id }, form).await
}

async fn update_measure(
    user: SignedIn,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<MeasureForm>,
) -> Result<Response> {
    save_measure(&user, &state, MeasureSlot::Existing { measure: id }, form).await
}

/// Checks a measure form and stores it; a refused form comes back with
/// what was typed and its error.
async fn save_measure(
    user: &SignedIn,
    state: &AppState,
    slot: MeasureSlot,
    form: MeasureForm,
) -> Result<Response> {
    let (area, form_id) = match slot {
        MeasureSlot::New { area } => (
            editable_area(user, state, area).await?,
            format!("measure-{area}"),
        ),
        MeasureSlot::Existing { measure } => (
            area_of_measure(user, state, measure).await?,
            format!("measure-edit-{measure}"),
        ),
    };
    if Status::parse(&form.status).is_none() {
        return Err(AppError::BadRequest(tr(
            current(),
            "follow-up-unknown-status",
        )));
    }
    let input = match form.checked() {
        Ok(input) => input,
        Err(e) => return refused(user, state, &area.round, form_id, e, form.values()).await,
    };
    let by = &user.account.name;
    let measure = match slot {
        MeasureSlot::New { area } => state.store.add_measure(area, &input, by).await?,
        MeasureSlot::Existing { measure } => {
            state.store.update_measure(measure, &input, by).await?;
            measure
        }
    };
    Ok(back(&area.round, &format!("measure-{measure}")))
}

/// The area a measure belongs to, if this user may change it.
async fn area_of_measure(user: &SignedIn, state: &AppState, measure: i64) -> Result<Area> {
    let lang = current();
    let area = state
        .store
        .area_of_measure(measure)
        .await?
        .ok_or_else(|| AppError::NotFound(tr(lang, "follow-up-measure-not-found")))?;
    if !may_edit(user, area.unit.as_deref()) {
        return Err(forbidden(lang));
    }
    followed_round(user, state, &area.round).await?;
    Ok(area)
}

async fn remove_measure(
    user: SignedIn,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response> {
    let area = area_of_measure(&user, &state, id).await?;
    state.store.remove_measure(id, &user.account.name).await?;
    Ok(back(&area.round, &format!("area-{}", area.id)))
}

/// Removing an area is asked about first (the page's confirmation sends
/// `confirm=1`): it takes the area's measures with it.
#[derive(Deserialize)]
struct RemoveAreaForm {
    confirm: Option<String>,
}

async fn remove_area(
    user: SignedIn,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    axum::Form(form): axum::Form<RemoveAreaForm>,
) -> Result<Response> {
    let area = editable_area(&user, &state, id).await?;
    if form.confirm.as_deref() != Some("1") {
        return Ok(back(&area.round, &format!("area-{id}")));
    }
    state.store.remove_area(id, &user.account.name).await?;
    Ok(back(&area.round, "areas"))
}
