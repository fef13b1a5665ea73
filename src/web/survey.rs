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
use super::form::{
    FieldErrors, FormView, Posted, ScreenState, goals_below_now, screen_errors, validate,
};
use super::form_cookie::FormCookie;
use super::lang::current;
use super::limits::{ClientAddr, check_submit};
use super::steps::{Screen, plan};
use tower_http::compression::CompressionLayer;

use super::render::{STYLESHEET, render};
use crate::i18n::{Lang, tr, tr_args};
use crate::invite;
use crate::store::{Progress, SubmitOutcome};
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
    let results = super::staff_results::published(&state).await?;
    Ok(Html(render(
        "start.html",
        minijinja::context! { open_rounds, results, lang => lang.code(), here => "/?" },
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

/// The most a posted value may hold: a free text of 2,000 characters, each
/// up to four bytes.
const MAX_VALUE_BYTES: usize = 8_000;

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
        // Where the results are, or will be, for those who answered.
        let published = state.store.staff_page(id).await?.is_some();
        let intro = if published {
            "survey-closed-results"
        } else {
            "survey-closed-no-results"
        };
        return Err(AppError::localized(
            StatusCode::FORBIDDEN,
            lang,
            "page-closed",
            tr(lang, "survey-closed"),
        )
        .with_link(
            tr(lang, intro),
            format!("/resultater/{}", super::urlencode(id)),
        ));
    }
    Ok(round)
}

/// An invitation code that may be used: as printed, its hash, its unit.
struct ValidCode {
    shown: String,
    hash: String,
    unit: String,
}

/// A form part-way through: its token and the screen to come back to.
type Resume<'a> = Option<(&'a str, &'a str)>;

/// The page that asks for a code, with what was typed and what is wrong
/// (a message key); with `resume`, it posts back into the form in
/// progress, whose answers stay kept.
fn code_page(
    round: &Round,
    typed: &str,
    error: Option<&str>,
    lang: Lang,
    resume: Resume<'_>,
) -> Result<Response> {
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
            token => resume.map(|r| r.0), step => resume.map(|r| r.1),
            lang => lang.code(), here => resume.is_none().then(|| format!("/s/{}?", round.id)),
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
    // argon2 takes tens of milliseconds of CPU and 19 MiB: a few at once.
    let slow = {
        let code = code.clone();
        state.hashes.run(move || invite::hash(&code)).await?
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

#[derive(Deserialize)]
struct FormQuery {
    kode: Option<String>,
    /// The screen to show of the form in progress on this device (its
    /// token is in the form's cookie, never in the address).
    steg: Option<String>,
}

/// The address of screen `at` (from 0) of the form: its number, no token.
/// Not its name: a stair screen is named for its first partner, which
/// would tell a proxy's log which partners, and so which unit, a person
/// was asked about.
fn screen_url(round: &Round, at: usize, lang: Lang) -> String {
    format!("/s/{}?steg={}&lang={}", round.id, at + 1, lang.code())
}

/// `response` with the form's cookie set (or, with `None`, removed).
fn with_form_cookie(
    mut response: Response,
    state: &AppState,
    round: &Round,
    cookie: Option<&FormCookie>,
) -> Response {
    let set = match cookie {
        Some(c) => c.set(&round.id, state.secure_cookies),
        None => FormCookie::clear(&round.id, state.secure_cookies),
    };
    response.headers_mut().append(header::SET_COOKIE, set);
    response
}

/// A redirect to `to` that sets (or, with `None`, removes) the form's cookie.
fn redirect_with(
    state: &AppState,
    round: &Round,
    to: &str,
    cookie: Option<&FormCookie>,
) -> Response {
    with_form_cookie(Redirect::to(to).into_response(), state, round, cookie)
}

fn thanks_url(round: &Round, lang: Lang) -> String {
    format!("/s/{}/takk?lang={}", round.id, lang.code())
}

/// The form. A new visit gets a fresh token, kept in the form's cookie on
/// this device, and is sent to the first screen's address; a screen's
/// address shows that screen of the form in progress on this device, with
/// its answers (the back button lands there). Without the cookie an address
/// shows a fresh form: no link, bookmark, history entry or log line leads
/// to someone's answers.
async fn show_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<FormQuery>,
    headers: axum::http::HeaderMap,
    addr: ClientAddr,
) -> Result<Response> {
    let lang = current();
    let round = open_round(&state, &id, lang).await?;
    // A code in the address (even an empty one: "I have a code") leads to
    // the code page, as does a round where every answer needs one.
    let asked = q.kode.as_deref().map(str::trim);
    if let (Some(number), None) = (&q.steg, asked)
        && let Some(cookie) = FormCookie::read(&headers, &round.id, state.secure_cookies, is_token)
    {
        return resume(&state, &round, &cookie, number, lang).await;
    }
    let mut posted = Posted::default();
    let mut code = None;
    if round.requires_code || (asked.is_some() && round.has_codes()) {
        let typed = asked.unwrap_or("");
        if typed.is_empty() {
            return code_page(&round, "", None, lang, None);
        }
        // Looking a code up is what guessing would do: it counts as a submit.
        check_submit(&state, &addr, lang)?;
        match check_code(&state, &round, typed).await? {
            Ok(valid) => {
                posted.set("unit", &valid.unit);
                code = Some(valid.shown);
            }
            Err(message) => return code_page(&round, typed, Some(message), lang, None),
        }
    }
    let cookie = FormCookie::new(&new_token(), code.as_deref());
    let screens = plan_for(&round, &posted, cookie.code.is_some());
    if cookie.code.is_some() {
        // The code's unit, for the screens to come (the code is checked
        // again when the answer is sent).
        state
            .store
            .save_draft(&round.id, &cookie.token, &posted.draft_json(&round))
            .await?;
    }
    if q.steg.is_some() {
        // A screen's address without the form's cookie: a fresh form, here
        // (a redirect could meet a browser that keeps no cookie, for ever).
        let page = form_page(
            &round,
            &cookie.token,
            &posted,
            &FieldErrors::new(),
            lang,
            cookie.code.as_deref(),
            (&screens, 0, &[]),
        )?;
        return Ok(with_form_cookie(
            page.into_response(),
            &state,
            &round,
            Some(&cookie),
        ));
    }
    Ok(redirect_with(
        &state,
        &round,
        &screen_url(&round, 0, lang),
        Some(&cookie),
    ))
}

/// One screen of the form in progress on this device, with its answers.
async fn resume(
    state: &AppState,
    round: &Round,
    cookie: &FormCookie,
    number: &str,
    lang: Lang,
) -> Result<Response> {
    let Progress::Draft(draft) = state.store.progress(&round.id, &cookie.token).await? else {
        return Ok(redirect_with(state, round, &thanks_url(round, lang), None));
    };
    let at = number.parse::<usize>().unwrap_or(1).max(1) - 1;
    // Past the first screen there must be answers (a code's form keeps its
    // unit from the start): without them the form is gone (a day passed,
    // the round closed), and so goes the cookie; a fresh form starts.
    if draft.is_none() && (at > 0 || cookie.code.is_some()) {
        let fresh = format!("/s/{}?lang={}", round.id, lang.code());
        return Ok(redirect_with(state, round, &fresh, None));
    }
    let answers = draft.map_or_else(Posted::default, |json| Posted::from_draft(&json));
    let screens = plan_for(round, &answers, cookie.code.is_some());
    // A number past the screens the answers give (an old history entry):
    // the first.
    let at = if at < screens.len() { at } else { 0 };
    let page = form_page(
        round,
        &cookie.token,
        &answers,
        &FieldErrors::new(),
        lang,
        cookie.code.as_deref(),
        (&screens, at, &[]),
    )?;
    // An hour more from now.
    Ok(with_form_cookie(
        page.into_response(),
        state,
        round,
        Some(cookie),
    ))
}

/// The screens for what has been answered so far.
fn plan_for(round: &Round, posted: &Posted, unit_given: bool) -> Vec<Screen> {
    plan(round, posted.get("role"), posted.get("unit"), unit_given)
}

/// The form page in `lang` at screen `at` of `screens`: what was `posted`,
/// its `errors`, the partners to ask gently about, and the invitation code
/// (shown form) carried along; the language links keep it.
fn form_page(
    round: &Round,
    token: &str,
    posted: &Posted,
    errors: &FieldErrors,
    lang: Lang,
    code: Option<&str>,
    (screens, at, notices): (&[Screen], usize, &[String]),
) -> Result<Html<String>> {
    let unit_given = code.map(|_| posted.get("unit"));
    let state = ScreenState {
        screen: &screens[at],
        number: at + 1,
        total: screens.len(),
        notices,
        unit_given,
    };
    let mut view = FormView::build(round, token, posted, errors, lang, state);
    if let Some(c) = code {
        view = view.with_code(c);
    }
    Ok(Html(render(
        "form.html",
        minijinja::context! { lang_form => "survey", ..minijinja::Value::from_serialize(&view) },
    )?))
}

async fn submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
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
    let posted = Posted::new(fields);
    // No field of the form holds more than a free text (2,000 characters):
    // nothing longer is kept, even as a draft.
    if posted.longest() > MAX_VALUE_BYTES {
        return Err(AppError::localized(
            StatusCode::PAYLOAD_TOO_LARGE,
            lang,
            "page-too-large",
            tr(lang, "survey-too-large"),
        ));
    }
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
    let typed = posted.get("_kode").to_string();
    // A form whose answer is stored: a screen posted again, or a second
    // click with a spent code, is thanked again. (A whole form without a
    // code needs no look-up: storing it twice is refused by its token.)
    let thanked = || redirect_with(&state, &round, &thanks_url(&round, lang), None);
    let switch = Lang::parse(posted.get("_lang"));
    if posted.get("_step").is_empty() {
        if !typed.is_empty() && state.store.token_used(&token).await? {
            return Ok(thanked());
        }
        return whole_form(&state, &round, posted, &token, &typed, switch, lang).await;
    }
    // One screen of the stepped form: its answers join those kept so far.
    let Progress::Draft(draft) = state.store.progress(&round.id, &token).await? else {
        return Ok(thanked());
    };
    let mut answers = draft.map_or_else(Posted::default, |json| Posted::from_draft(&json));
    let unit_given = !typed.is_empty();
    if unit_given {
        // The code's unit (checked again when the response is stored).
        answers.set("unit", posted.get("unit"));
    }
    let code = unit_given.then_some(typed.as_str());
    let before = plan_for(&round, &answers, unit_given);
    let key = posted.get("_step");
    // The form's cookie, set again with every screen: the screens to come
    // are addresses of their own, read back with it. A browser that did not
    // send it back (cookies blocked, another tab took it) is answered with
    // the next screen itself, as a form without addresses would be.
    let cookie = FormCookie::new(&token, code);
    let kept = FormCookie::read(&headers, &round.id, state.secure_cookies, is_token)
        .is_some_and(|c| c.token == token);
    let with_cookie =
        |response: Response| with_form_cookie(response, &state, &round, Some(&cookie));
    let Some(at) = before.iter().position(|s| s.key(&round) == key) else {
        // A screen that no longer fits the answers (an old tab): the first
        // screen again, nothing taken.
        if kept {
            return Ok(redirect_with(
                &state,
                &round,
                &screen_url(&round, 0, lang),
                Some(&cookie),
            ));
        }
        let page = form_page(
            &round,
            &token,
            &answers,
            &FieldErrors::new(),
            lang,
            code,
            (&before, 0, &[]),
        )?;
        return Ok(with_cookie(page.into_response()));
    };
    let screen = before[at].clone();
    let go = posted.get("_go");
    // "code": a code typed again on the code page; the screen's answers
    // are kept as they were.
    if go != "code" {
        answers.take_screen(&posted, &screen.fields(&round));
    }
    let screens = plan_for(&round, &answers, unit_given);
    let at = screens.iter().position(|s| *s == screen).unwrap_or(0);
    state
        .store
        .save_draft(&round.id, &token, &answers.draft_json(&round))
        .await?;
    let show = |at: usize, errors: &FieldErrors, notices: &[String], lang: Lang| {
        form_page(
            &round,
            &token,
            &answers,
            errors,
            lang,
            code,
            (&screens, at, notices),
        )
    };
    // Moving on: to the screen's address, or the screen itself (above).
    let go_to = |at: usize, lang: Lang| -> Result<Response> {
        if kept {
            Ok(redirect_with(
                &state,
                &round,
                &screen_url(&round, at, lang),
                Some(&cookie),
            ))
        } else {
            Ok(with_cookie(
                show(at, &FieldErrors::new(), &[], lang)?.into_response(),
            ))
        }
    };
    if let Some(to) = switch {
        return go_to(at, to);
    }
    if go == "back" {
        return go_to(at.saturating_sub(1), lang);
    }
    let errors = screen_errors(&round, &screen, &answers);
    if !errors.is_empty() {
        let page = show(at, &errors, &[], lang)?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    // A goal below today's step may be a slip: ask once, gently.
    let acknowledged: Vec<&str> = posted.get("_ack").split(',').collect();
    let notices: Vec<String> = goals_below_now(&round, &screen, &answers)
        .into_iter()
        .filter(|k| !acknowledged.contains(&k.as_str()))
        .collect();
    if !notices.is_empty() && go != "code" {
        return Ok(show(at, &FieldErrors::new(), &notices, lang)?.into_response());
    }
    if at + 1 < screens.len() && go != "code" {
        return go_to(at + 1, lang);
    }
    // The last screen: the response is stored now, once, and only with
    // the answers to questions the screens asked.
    let asked: Vec<String> = screens.iter().flat_map(|s| s.fields(&round)).collect();
    let mut response = answers.only(&asked);
    let last = screens[at].key(&round);
    let checked = match with_code(
        &state,
        &round,
        &mut response,
        &typed,
        lang,
        Some((&token, &last)),
    )
    .await?
    {
        Ok(checked) => checked,
        Err(page) => return Ok(page),
    };
    match validate(&round, &response) {
        Ok(response) => {
            let resume = Some((token.as_str(), last.as_str()));
            let sent = store(
                &state,
                &round,
                &token,
                checked.as_ref(),
                response,
                &typed,
                lang,
                resume,
            )
            .await?;
            // Sent: nothing of the form stays on the device.
            if sent.status() == StatusCode::SEE_OTHER {
                return Ok(with_form_cookie(sent, &state, &round, None));
            }
            Ok(sent)
        }
        Err(errors) => {
            // Only a forged post gets here: show the first screen at fault,
            // with its own errors.
            let at = first_at_fault(&round, &screens, &errors);
            let errors = errors_of(&round, &screens[at], errors);
            let page = show(at, &errors, &[], lang)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

/// The errors that belong to `screen`: what it shows.
fn errors_of(round: &Round, screen: &Screen, errors: FieldErrors) -> FieldErrors {
    let fields = screen.fields(round);
    errors
        .into_iter()
        .filter(|(k, _)| fields.contains(k))
        .collect()
}

/// The first screen with a field in error.
fn first_at_fault(round: &Round, screens: &[Screen], errors: &FieldErrors) -> usize {
    screens
        .iter()
        .position(|s| s.fields(round).iter().any(|f| errors.contains_key(f)))
        .unwrap_or(0)
}

/// The invitation code of a post, checked: the unit is then the code's,
/// whatever the post says. `Ok(None)`: no code needed. `Err`: the code
/// page to show instead.
async fn with_code(
    state: &AppState,
    round: &Round,
    posted: &mut Posted,
    typed: &str,
    lang: Lang,
    resume: Resume<'_>,
) -> Result<std::result::Result<Option<ValidCode>, Response>> {
    if typed.is_empty() && !round.needs_code(posted.get("unit")) {
        return Ok(Ok(None));
    }
    Ok(match check_code(state, round, typed).await? {
        Ok(valid) => {
            posted.set("unit", &valid.unit);
            Ok(Some(valid))
        }
        Err(_) if typed.is_empty() => {
            Err(code_page(round, "", Some("code-missing"), lang, resume)?)
        }
        Err(message) => Err(code_page(round, typed, Some(message), lang, resume)?),
    })
}

/// Stores a checked response; the thank-you page is shown only after the
/// commit returned. With a code, the response counts for the code's unit,
/// whatever the role (a politician given a unit's code answers for it).
#[allow(clippy::too_many_arguments)]
async fn store(
    state: &AppState,
    round: &Round,
    token: &str,
    code: Option<&ValidCode>,
    mut response: crate::store::NewResponse,
    typed: &str,
    lang: Lang,
    resume: Resume<'_>,
) -> Result<Response> {
    if let Some(c) = code {
        response.unit = c.unit.clone();
    }
    let hash = code.map(|c| c.hash.as_str());
    match state.store.submit(round, token, hash, &response).await? {
        SubmitOutcome::Stored | SubmitOutcome::AlreadyStored => {
            Ok(Redirect::to(&thanks_url(round, lang)).into_response())
        }
        SubmitOutcome::CodeRefused => code_page(round, typed, Some("code-used"), lang, resume),
    }
}

/// A post with every answer at once (as scripts and load tests send it):
/// stored if it is whole and right; otherwise its answers are kept as the
/// form's draft and the first screen at fault is shown.
async fn whole_form(
    state: &AppState,
    round: &Round,
    mut posted: Posted,
    token: &str,
    typed: &str,
    switch: Option<Lang>,
    lang: Lang,
) -> Result<Response> {
    let checked = match with_code(state, round, &mut posted, typed, lang, None).await? {
        Ok(checked) => checked,
        Err(page) => return Ok(page),
    };
    let shown = checked.as_ref().map(|c| c.shown.clone());
    let errors = match (switch, validate(round, &posted)) {
        (None, Ok(response)) => {
            return store(
                state,
                round,
                token,
                checked.as_ref(),
                response,
                typed,
                lang,
                None,
            )
            .await;
        }
        (Some(_), _) => FieldErrors::new(),
        (None, Err(errors)) => errors,
    };
    state
        .store
        .save_draft(&round.id, token, &posted.draft_json(round))
        .await?;
    let screens = plan_for(round, &posted, shown.is_some());
    let at = first_at_fault(round, &screens, &errors);
    // The screen shows its own errors; the others show when it is reached.
    let errors = errors_of(round, &screens[at], errors);
    let (lang, status) = match switch {
        Some(to) => (to, StatusCode::OK),
        None => (lang, StatusCode::UNPROCESSABLE_ENTITY),
    };
    let page = form_page(
        round,
        token,
        &posted,
        &errors,
        lang,
        shown.as_deref(),
        (&screens, at, &[]),
    )?;
    Ok((status, page).into_response())
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
