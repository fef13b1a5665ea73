//! Answers from a CSV file, uploaded on a round's page: the same checks as
//! `trappa import`, all or nothing, and every bad cell listed on the page.

use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::post;
use serde::Serialize;

use super::AppState;
use super::error::{AppError, Result};
use super::lang::current;
use super::render::render;
use super::session::Admin;
use crate::csvio::{ImportError, ImportOptions};
use crate::i18n::{tr, tr_args};

/// The largest file taken: about 100,000 answers.
pub const MAX_UPLOAD: usize = 64 * 1024 * 1024;

/// Problems listed on the page; the rest are counted. A file with a
/// systematic fault has one on every row, and the first hundred show it.
const SHOWN_PROBLEMS: usize = 100;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/rounds/{id}/import", post(upload))
        .route_layer(DefaultBodyLimit::max(MAX_UPLOAD))
}

#[derive(Serialize)]
struct Problem {
    row: u64,
    line: u64,
    column: Option<String>,
    message: String,
}

async fn upload(
    admin: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
    mut multipart: Multipart,
) -> Result<Response> {
    let lang = current();
    let round = state
        .store
        .round(&id)
        .await?
        .ok_or_else(|| AppError::round_not_found(lang, &id))?;
    let mut file = None;
    let mut again = false;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::BadRequest(tr(lang, "upload-unreadable")))?
    {
        if field.name() == Some("file") {
            let bytes = field
                .bytes()
                .await
                .map_err(|_| AppError::TooLarge(tr(lang, "upload-too-large")))?;
            file = Some(bytes);
        } else if field.name() == Some("again") {
            again = true;
        }
    }
    let Some(bytes) = file.filter(|b| !b.is_empty()) else {
        return Err(AppError::BadRequest(tr(lang, "upload-no-file")));
    };
    let options = ImportOptions {
        round: Some(round.id.clone()),
        create: false,
        municipality: None,
        again,
    };
    let result = crate::csvio::import(
        state.store.as_ref(),
        &state.library,
        bytes.as_ref(),
        &options,
    )
    .await;
    let mut published = None;
    let mut all_problems = 0;
    let mut seen_before = None;
    let (status, imported, problems, unreadable) = match result {
        Ok(summary) => {
            let n = summary.imported.iter().map(|(_, n)| n).sum::<u64>();
            // Into a closed round: published where the rule lets it; the
            // round's page says what leaders see now, and why.
            published = crate::publication::after_import(state.store.as_ref(), &round.id)
                .await
                .map_err(AppError::Internal)?;
            (
                StatusCode::OK,
                Some((n, summary.skipped_other_rounds, summary.from_windows_1252)),
                Vec::new(),
                None,
            )
        }
        Err(ImportError::Invalid(errors)) => {
            all_problems = errors.len();
            let problems = errors
                .into_iter()
                .take(SHOWN_PROBLEMS)
                .map(|e| Problem {
                    row: e.row,
                    line: e.line,
                    column: e.column,
                    message: e.problem.words(lang),
                })
                .collect();
            (StatusCode::BAD_REQUEST, None, problems, None)
        }
        Err(ImportError::Io(e)) => (
            StatusCode::BAD_REQUEST,
            None,
            Vec::new(),
            Some(e.to_string()),
        ),
        Err(ImportError::AlreadyImported { rows, .. }) => {
            // Asked, not refused: the page offers the same upload once more.
            seen_before = Some(rows);
            (StatusCode::CONFLICT, None, Vec::new(), None)
        }
        Err(ImportError::Store(e)) => return Err(e.into()),
    };
    // What leaders see now: the new answers published, or why not yet.
    let publication = published.map(|outcome| match outcome {
        crate::publication::Outcome::Published { version } => tr_args(
            lang,
            "publish-done",
            &[
                ("id", round.id.clone().into()),
                ("count", u64::from(version).into()),
            ],
        ),
        crate::publication::Outcome::Unchanged => String::new(),
        crate::publication::Outcome::Refused(_) => {
            tr_args(lang, "publish-not-done", &[("id", round.id.clone().into())])
        }
    });
    let page = render(
        "admin_upload.html",
        minijinja::context! {
            round => minijinja::context! { id => round.id, title => round.title },
            imported, problems, unreadable, publication, all_problems, seen_before,
            more_problems => all_problems.saturating_sub(SHOWN_PROBLEMS),
            me => admin.0.view(), lang => lang.code(),
        },
    )?;
    Ok((status, Html(page)).into_response())
}
