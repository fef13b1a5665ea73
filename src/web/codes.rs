//! Invitation codes from the round page, for administrators: codes for one
//! unit or for every unit, answered with the printable letters and the code
//! list (the codes exist only on that page: the store keeps their hashes).
//! A unit with codes answers with them; the other units keep the open
//! link. For a closed round the page asks first (the codes wait for it to
//! open).

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::post;

use super::AppState;
use super::error::{AppError, Result};
use super::lang::current;
use super::render::render;
use super::session::Admin;
use crate::i18n::{Lang, tr, tr_args};
use crate::invite::{self, letters};

/// Most codes one request makes for a unit, whatever the round says.
pub const MAX_CODES: usize = 5_000;

/// Most codes one request makes for a unit when no unit has an invited
/// count to go by.
const CODES_WITHOUT_INVITED: usize = 300;

/// Most codes one request makes for a unit: as many as the largest unit
/// invites. Each takes an argon2 hash (tens of milliseconds and 19 MiB), so
/// a request for many thousands would hold the hashing threads for minutes;
/// several requests can make more.
pub fn most_codes(round: &crate::survey::Round) -> usize {
    round
        .units
        .iter()
        .filter_map(|u| u.invited)
        .max()
        .map_or(CODES_WITHOUT_INVITED, |n| n as usize)
        .clamp(1, MAX_CODES)
}

pub fn router() -> Router<AppState> {
    Router::new().route("/admin/rounds/{id}/koder", post(make))
}

/// Where letters and e-mails send people: the public address an operator
/// or the administrator set, else the address this request came to.
pub async fn public_base(state: &AppState, headers: &HeaderMap) -> Result<String> {
    if let Some(url) = state.settings().await?.public_url {
        return Ok(url.trim_end_matches('/').to_string());
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1:3000");
    Ok(format!("http://{host}"))
}

/// Whether letters with this address would only work on this machine.
pub fn is_local(base: &str) -> bool {
    let host = base.split("://").nth(1).unwrap_or(base);
    let host = host.split(['/', ':']).next().unwrap_or("");
    matches!(host, "localhost" | "127.0.0.1" | "[" | "0.0.0.0") || host.starts_with("127.")
}

struct Request {
    unit: String,
    /// `None`: each unit's invited count.
    count: Option<usize>,
    lang: Lang,
    confirmed: bool,
}

fn parse(body: &[u8], most: usize) -> (Request, Option<&'static str>) {
    let mut unit = String::new();
    let mut count = String::new();
    let mut lang = String::new();
    let mut confirmed = false;
    for (k, v) in form_urlencoded::parse(body) {
        match &*k {
            "unit" => unit = v.into_owned(),
            "count" => count = v.trim().to_string(),
            "letter_lang" => lang = v.into_owned(),
            "confirm" => confirmed = v == "1",
            _ => {}
        }
    }
    let parsed = count
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=most).contains(n));
    let bad = !count.is_empty() && parsed.is_none();
    let request = Request {
        unit,
        count: parsed,
        lang: Lang::parse(&lang).unwrap_or(Lang::Nb),
        confirmed,
    };
    (request, bad.then_some("codes-bad-count"))
}

async fn make(
    admin: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response> {
    let lang = current();
    let round = state
        .store
        .round(&id)
        .await?
        .ok_or_else(|| AppError::round_not_found(lang, &id))?;
    let most = most_codes(&round);
    let (request, bad) = parse(&body, most);
    if let Some(key) = bad {
        return Err(AppError::BadRequest(tr_args(
            lang,
            key,
            &[("max", (most as u64).into())],
        )));
    }
    // "" is every unit.
    let units: Vec<String> = if request.unit.is_empty() {
        round.units.iter().map(|u| u.name.clone()).collect()
    } else if round.has_unit(&request.unit) {
        vec![request.unit.clone()]
    } else {
        return Err(AppError::BadRequest(tr_args(
            lang,
            "unit-not-found",
            &[
                ("round", id.clone().into()),
                ("unit", request.unit.clone().into()),
            ],
        )));
    };
    // How many for each unit: as asked, or as many as it invites.
    let counts: Vec<usize> = units
        .iter()
        .map(|u| {
            request.count.or_else(|| {
                round
                    .units
                    .iter()
                    .find(|x| &x.name == u)
                    .and_then(|x| x.invited)
                    .map(|n| (n as usize).min(most))
            })
        })
        .collect::<Option<_>>()
        .ok_or_else(|| {
            AppError::BadRequest(tr_args(
                lang,
                "codes-no-invited",
                &[("max", (most as u64).into())],
            ))
        })?;
    // The open link stays for the units without codes: say which.
    let open_link: Vec<String> = round
        .units
        .iter()
        .map(|u| u.name.clone())
        .filter(|u| !round.needs_code(u) && !units.contains(u))
        .collect();
    if !round.open && !request.confirmed {
        let page = render(
            "admin_codes_confirm.html",
            minijinja::context! {
                round => minijinja::context! { id => round.id, title => round.title, open => round.open },
                unit => request.unit, count => request.count.map(|n| n.to_string()).unwrap_or_default(),
                letter_lang => request.lang.code(),
                open_link,
                me => admin.0.view(), lang => lang.code(),
            },
        )?;
        return Ok(Html(page).into_response());
    }
    let base = public_base(&state, &headers).await?;
    let groups: Vec<letters::UnitCodes> = units
        .iter()
        .zip(&counts)
        .map(|(unit, &count)| letters::UnitCodes {
            unit: unit.clone(),
            codes: invite::new_codes(count),
        })
        .collect();
    let csv = letters::csv_for(&round, &groups, &base, request.lang).map_err(AppError::Internal)?;
    let notice = notice(lang, &round.id, &base, &csv, counts.iter().sum());
    let head =
        crate::outreach::letterhead(state.store.as_ref(), &state.settings().await?, &round.id)
            .await?;
    let html = letters::html_for(&round, &groups, &base, request.lang, &head, Some(notice))
        .map_err(AppError::Internal)?;
    // Stored only once the letters exist: no code is kept that nobody has.
    // Hashed on the hashing threads, a few at a time, so that pages and
    // logins go on meanwhile.
    for g in &groups {
        let codes: Vec<String> = g
            .codes
            .iter()
            .filter_map(|c| invite::normalise(c))
            .collect();
        let hashes = state.hashes.run_all(codes, |c| invite::hash(c)).await;
        state.store.add_codes(&round.id, &g.unit, &hashes).await?;
    }
    Ok((
        StatusCode::OK,
        [(header::CACHE_CONTROL, "no-store")],
        Html(html),
    )
        .into_response())
}

/// What the administrator reads above the letters (never printed): the
/// codes are shown only now, the code list as a file, and a warning when
/// the letters point to this machine only.
fn notice(lang: Lang, round: &str, base: &str, csv: &[u8], count: usize) -> String {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let data: String = form_urlencoded::byte_serialize(csv).collect();
    let mut html = format!(
        "<p><strong>{}</strong></p><p><a download=\"koder-{}.csv\" href=\"data:text/csv;charset=utf-8,{}\">{}</a> · <a href=\"/admin/rounds/{}\">{}</a></p>",
        escape(&tr_args(
            lang,
            "codes-made",
            &[("count", (count as u64).into())]
        )),
        escape(round),
        data.replace('+', "%20"),
        escape(&tr(lang, "codes-download-csv")),
        escape(round),
        escape(&tr(lang, "codes-back")),
    );
    if is_local(base) {
        html.push_str(&format!(
            "<p><strong>{}</strong> <a href=\"/admin/innstillinger#adresse\">{}</a></p>",
            escape(&tr_args(
                lang,
                "codes-local-warning",
                &[("base", base.to_string().into())]
            )),
            escape(&tr(lang, "settings-link")),
        ));
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_addresses_are_told_apart() {
        for local in [
            "http://127.0.0.1:3000",
            "http://localhost",
            "http://0.0.0.0:80",
            "http://127.1.2.3",
        ] {
            assert!(is_local(local), "{local}");
        }
        for public in [
            "https://trappa.solvik.no",
            "http://10.0.0.5:3000",
            "https://localhost.solvik.no",
        ] {
            assert!(!is_local(public), "{public}");
        }
    }
}
