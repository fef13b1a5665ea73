//! Reports in the browser, for every signed-in account within its role
//! (`report::access::may_read`): a list of what the account may read, each report as
//! HTML, and as PDF when the server has Chromium.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde::{Deserialize, Serialize};

use super::AppState;
use super::error::{AppError, Result};
use super::lang::current;
use super::render::render;
use super::session::SignedIn;
use crate::auth::AccountRole;
use crate::i18n::{Lang, tr, tr_args};
use crate::report;
use crate::report::access::may_read;
use crate::report::access::{Refusal, Viewer, report_with};
use crate::report::{KindName, MinGroupSize};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/rapporter", get(list))
        .route("/rapporter/{id}", get(report_html))
        .route("/rapporter/{id}/pdf", get(report_pdf))
        .route("/rapporter/{id}/json", get(report_json))
}

#[derive(Serialize)]
struct Link {
    label: String,
    query: String,
}

#[derive(Serialize)]
struct RoundReports {
    id: String,
    title: String,
    links: Vec<Link>,
    /// For an open round and anyone but an administrator: the responses
    /// per unit, under the disclosure rule, instead of reports.
    open_counts: Option<crate::status::OpenCounts>,
    /// A link to the round's follow-up page (areas and measures).
    follow_up: bool,
}

async fn list(user: SignedIn, State(state): State<AppState>) -> Result<Html<String>> {
    let lang = current();
    let mut rounds = Vec::new();
    for r in state.store.rounds().await? {
        // A round made and never opened has nothing to read yet: listed
        // for the administrator only (who prepares it).
        if !r.open && !r.was_opened && !user.is_admin() {
            continue;
        }
        // A reopened round whose results were published shows them; its
        // live counts, set against them, could pin a hidden count.
        let published = state
            .store
            .publication(&r.id)
            .await?
            .is_some_and(|(_, shown)| shown);
        if r.open && !user.is_admin() && !published {
            let Some(round) = state.store.round(&r.id).await? else {
                continue;
            };
            let mut counts = crate::status::open_counts(&round, &state.store.counts(&r.id).await?);
            // A leader sees their own units; a reader the total only.
            counts
                .units
                .retain(|(unit, _)| user.account.units.contains(unit));
            let open_counts = Some(counts);
            rounds.push(RoundReports {
                id: r.id,
                title: r.title,
                links: Vec::new(),
                open_counts,
                follow_up: false,
            });
            continue;
        }
        let mut links = Vec::new();
        if may_read(
            user.account.role,
            &user.account.units,
            &report::Kind::Leader,
        ) {
            links.push(Link {
                label: tr(lang, "report-leader-title"),
                query: "kind=leader".into(),
            });
        }
        links.push(Link {
            label: tr(lang, "report-summary-title"),
            query: "kind=summary".into(),
        });
        if user.account.role == AccountRole::Leader
            && let Some(round) = state.store.round(&r.id).await?
        {
            for unit in round
                .units
                .iter()
                .filter(|u| user.account.units.contains(&u.name))
            {
                links.push(Link {
                    label: tr_args(
                        lang,
                        "report-unit-title",
                        &[("unit", unit.name.as_str().into())],
                    ),
                    query: format!("kind=unit&unit={}", super::urlencode(&unit.name)),
                });
                links.push(Link {
                    label: tr_args(
                        lang,
                        "meeting-title",
                        &[("unit", unit.name.as_str().into())],
                    ),
                    query: format!("kind=meeting&unit={}", super::urlencode(&unit.name)),
                });
            }
        }
        // Every unit's kit in one pack: all units for an administrator, a
        // leader's own (where there is more than one).
        if user.is_admin()
            || (user.account.role == AccountRole::Leader && user.account.units.len() > 1)
        {
            links.push(Link {
                label: tr(lang, "meeting-link-all"),
                query: "kind=meeting".into(),
            });
        }
        if may_read(
            user.account.role,
            &user.account.units,
            &report::Kind::Learning,
        ) {
            links.push(Link {
                label: tr(lang, "learning-title"),
                query: "kind=learning".into(),
            });
        }
        let follow_up = user.account.role != AccountRole::Reader;
        rounds.push(RoundReports {
            id: r.id,
            title: r.title,
            links,
            open_counts: None,
            follow_up,
        });
    }
    Ok(Html(render(
        "reports.html",
        minijinja::context! { rounds, me => user.view(), admin => user.is_admin(), lang => lang.code(), here => "/rapporter?" },
    )?))
}

#[derive(Deserialize)]
struct ReportQuery {
    kind: Option<String>,
    unit: Option<String>,
    /// Parsed here rather than by the extractor, so a bad value gets the
    /// page's own words.
    min_n: Option<String>,
    /// The order of the leader report's overview of units.
    sort: Option<String>,
    /// `1`: an administrator's view of the answers as they stand, not the
    /// published copy (marked not for sharing).
    live: Option<String>,
}

impl ReportQuery {
    /// The page's view: the overview in the order asked for (by name when
    /// the order is unknown), and the query its sort links keep.
    fn view(&self) -> report::html::View {
        let mut keep = format!("kind={}", self.kind.as_deref().unwrap_or("leader"));
        if let Some(n) = self.min_n.as_deref().filter(|s| !s.is_empty()) {
            keep.push_str(&format!("&min_n={}", super::urlencode(n)));
        }
        report::html::View {
            order: self
                .sort
                .as_deref()
                .and_then(report::overview::UnitOrder::parse)
                .unwrap_or_default(),
            sort_links: Some(keep),
            published_on: None,
        }
    }
}

/// Parses the kind, then asks `report::access` for what this account may see.
async fn build(
    user: &SignedIn,
    state: &AppState,
    id: &str,
    q: &ReportQuery,
    lang: Lang,
) -> Result<(report::build::Built, report::Kind)> {
    let asked = q.kind.as_deref().unwrap_or("leader");
    let kind = asked
        .parse::<KindName>()
        .and_then(|name| report::Kind::new(name, q.unit.as_deref()))
        .map_err(|_| {
            AppError::BadRequest(tr_args(
                lang,
                "report-unknown-kind",
                &[("kind", asked.into())],
            ))
        })?;
    let min_n = match q.min_n.as_deref().filter(|s| !s.is_empty()) {
        Some(text) => Some(
            text.parse::<MinGroupSize>()
                .map_err(|_| AppError::BadRequest(tr(lang, "report-min-n")))?,
        ),
        None => None,
    };
    let viewer = Viewer {
        role: user.account.role,
        units: &user.account.units,
    };
    let live = q.live.as_deref() == Some("1");
    match report_with(state.store.as_ref(), viewer, id, kind.clone(), min_n, live).await {
        Ok(built) => Ok((built, kind)),
        Err(Refusal::Forbidden) => Err(AppError::Forbidden(tr_args(
            lang,
            "report-forbidden",
            &[("role", role_name(lang, user.account.role).into())],
        ))),
        Err(Refusal::MinGroupNotAllowed) => {
            Err(AppError::Forbidden(tr(lang, "report-min-n-admin-only")))
        }
        Err(Refusal::RoundNotFound(id)) => Err(AppError::round_not_found(lang, &id)),
        Err(Refusal::RoundOpen(id)) => Err(AppError::Closed(tr_args(
            lang,
            "report-round-open",
            &[("id", id.as_str().into())],
        ))),
        Err(Refusal::NotPublished(id)) => Err(AppError::Closed(tr_args(
            lang,
            "report-not-published",
            &[("id", id.as_str().into())],
        ))),
        Err(Refusal::UnitNotFound { round, unit }) => Err(AppError::NotFound(tr_args(
            lang,
            "unit-not-found",
            &[("round", round.into()), ("unit", unit.into())],
        ))),
        Err(Refusal::NoAnswers { round, unit }) => Err(AppError::NotFound(tr_args(
            lang,
            "report-unit-no-answers",
            &[("round", round.into()), ("unit", unit.into())],
        ))),
        // The round exists (checked), so a failure here is ours, not the
        // request's: a 500 that is logged, not shown.
        Err(Refusal::Failed(e)) => Err(AppError::Internal(e)),
    }
}

/// A role's name in a sentence, in `lang`.
pub fn role_name(lang: Lang, role: AccountRole) -> String {
    tr(lang, &format!("account-role-{}", role.label()))
}

async fn report_html(
    user: SignedIn,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<ReportQuery>,
) -> Result<Html<String>> {
    let lang = current();
    let (built, kind) = build(&user, &state, &id, &q, lang).await?;
    Ok(Html(report::html::render_view(
        &built,
        &kind,
        lang,
        &q.view(),
    )?))
}

/// The suppressed aggregates behind a report: what may leave the building
/// for further analysis, since it holds no response and no group below k.
async fn report_json(
    user: SignedIn,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<ReportQuery>,
) -> Result<Response> {
    let lang = current();
    // The aggregates hold every table of the leader report, whatever the
    // kind asked for: only those who may read that report get them.
    if !may_read(
        user.account.role,
        &user.account.units,
        &report::Kind::Leader,
    ) {
        return Err(AppError::Forbidden(tr_args(
            lang,
            "report-json-forbidden",
            &[("role", role_name(lang, user.account.role).into())],
        )));
    }
    let (built, kind) = build(&user, &state, &id, &q, lang).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"trappa-{id}-{}.json\"", kind.name()),
            ),
        ],
        report::json(&built),
    )
        .into_response())
}

async fn report_pdf(
    user: SignedIn,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<ReportQuery>,
) -> Result<Response> {
    let lang = current();
    let (built, kind) = build(&user, &state, &id, &q, lang).await?;
    let html = report::html::render(&built, &kind, lang)?;
    if report::pdf::find_chromium().is_none() {
        return Err(AppError::Unavailable(tr(lang, "report-pdf-unavailable")));
    }
    let Some(_turn) = state.pdf_jobs.turn().await else {
        return Err(AppError::Busy {
            text: tr(lang, "report-pdf-busy"),
            retry_after: super::pdf_jobs::RETRY_AFTER,
        });
    };
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
