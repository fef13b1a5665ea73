//! Reaching people in the browser, for administrators: the settings page
//! (public address, sender, SMTP relay, OpenID provider), a round's
//! schedule, and invitations by e-mail with what became of them. What the
//! round page shows of the e-mails are counts that only grow and the
//! relay's refusals: never which address has answered.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use tower_sessions::Session;

use super::AppState;
use super::error::{AppError, Result};
use super::lang::current;
use super::notice::back_to_round;
use super::render::render;
use super::session::Admin;
use crate::i18n::{Lang, tr, tr_args};
use crate::outreach::settings::{self, Settings, key};
use crate::outreach::{addresses, schedule};
use crate::store::outreach::NewMail;
use crate::survey::Round;

/// The largest address file taken.
const MAX_ADDRESS_FILE: usize = 2 * 1024 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/admin/innstillinger",
            get(settings_page).post(save_settings),
        )
        .route("/admin/rounds/{id}/tidsplan", post(save_schedule))
        .route(
            "/admin/rounds/{id}/epost",
            post(invite_by_mail).route_layer(DefaultBodyLimit::max(MAX_ADDRESS_FILE)),
        )
}

/// The fields of each part of the settings page, in order; the secrets
/// are never shown back.
const PARTS: &[(&str, &[&str])] = &[
    ("address", &[key::PUBLIC_URL, key::SENDER, key::CONTACT]),
    (
        "smtp",
        &[
            key::SMTP_HOST,
            key::SMTP_PORT,
            key::SMTP_SECURITY,
            key::SMTP_USER,
            key::SMTP_PASSWORD,
            key::SMTP_FROM,
        ],
    ),
    (
        "oidc",
        &[
            key::OIDC_ISSUER,
            key::OIDC_CLIENT_ID,
            key::OIDC_CLIENT_SECRET,
            key::OIDC_CLAIM,
            key::OIDC_LABEL,
        ],
    ),
];

const SECRETS: &[&str] = &[key::SMTP_PASSWORD, key::OIDC_CLIENT_SECRET];

/// The environment variable that overrides a key, if any does.
fn variable_of(k: &str) -> Option<&'static str> {
    match k {
        key::PUBLIC_URL => Some("TRAPPA_PUBLIC_URL"),
        key::SMTP_PASSWORD => Some("TRAPPA_SMTP_PASSWORD"),
        key::OIDC_CLIENT_SECRET => Some("TRAPPA_OIDC_CLIENT_SECRET"),
        _ => None,
    }
}

/// The page's fields: stored values (secrets only as "stored"), what the
/// environment overrides, and the values typed where a save was refused.
async fn settings_context(
    state: &AppState,
    typed: Option<&[(String, String)]>,
) -> Result<minijinja::Value> {
    let stored = state.store.settings().await?;
    let mut values = std::collections::BTreeMap::new();
    let mut kept = Vec::new();
    let mut overridden = std::collections::BTreeMap::new();
    for (k, v) in &stored {
        if SECRETS.contains(&k.as_str()) {
            kept.push(k.clone());
        } else {
            values.insert(k.clone(), v.clone());
        }
    }
    for (k, v) in typed.unwrap_or_default() {
        if !SECRETS.contains(&k.as_str()) {
            values.insert(k.clone(), v.clone());
        }
    }
    for (k, v) in state.overrides.iter() {
        let shown = if SECRETS.contains(&k.as_str()) {
            "••••••".to_string()
        } else {
            v.clone()
        };
        if let Some(variable) = variable_of(k) {
            overridden.insert(
                k.clone(),
                tr_args(
                    current(),
                    "settings-overridden",
                    &[("variable", variable.into()), ("value", shown.into())],
                ),
            );
        }
    }
    let public = Settings::from_pairs(&stored, &state.overrides).public_url;
    let redirect = public.map(|u| format!("{}/login/oidc/callback", u.trim_end_matches('/')));
    Ok(minijinja::context! { values, kept, overridden, redirect })
}

async fn settings_page(
    Admin(user): Admin,
    State(state): State<AppState>,
    session: Session,
) -> Result<Html<String>> {
    let saved = super::session::take_flash::<SettingsSaved>(&session)
        .await
        .is_some_and(|s| s.settings_saved);
    let fields = settings_context(&state, None).await?;
    Ok(Html(render(
        "admin_settings.html",
        minijinja::context! { fields, saved, errors => Vec::<String>::new(), me => user.view(), lang => current().code(), here => "/admin/innstillinger?" },
    )?))
}

#[derive(serde::Serialize, serde::Deserialize, Default)]
struct SettingsSaved {
    #[serde(default)]
    settings_saved: bool,
}

/// The label a field's refusal names it by.
fn field_label(lang: Lang, k: &str) -> String {
    let id = match k {
        key::PUBLIC_URL => "settings-public-url",
        key::SENDER => "settings-sender",
        key::CONTACT => "settings-contact",
        key::SMTP_HOST => "settings-smtp-host",
        key::SMTP_PORT => "settings-smtp-port",
        key::SMTP_SECURITY => "settings-smtp-security",
        key::SMTP_USER => "settings-smtp-user",
        key::SMTP_PASSWORD => "settings-smtp-password",
        key::SMTP_FROM => "settings-smtp-from",
        key::OIDC_ISSUER => "settings-oidc-issuer",
        key::OIDC_CLIENT_ID => "settings-oidc-client-id",
        key::OIDC_CLIENT_SECRET => "settings-oidc-client-secret",
        key::OIDC_CLAIM => "settings-oidc-claim",
        _ => "settings-oidc-label",
    };
    tr(lang, id)
}

async fn save_settings(
    Admin(user): Admin,
    State(state): State<AppState>,
    session: Session,
    body: Bytes,
) -> Result<Response> {
    let lang = current();
    let form: Vec<(String, String)> = form_urlencoded::parse(&body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let field = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
    };
    let part = field("part").unwrap_or_default();
    let Some((_, keys)) = PARTS.iter().find(|(p, _)| *p == part) else {
        return Err(AppError::BadRequest(tr(lang, "sheet-bad-form")));
    };
    let mut changes = Vec::new();
    let mut errors = Vec::new();
    for &k in keys.iter() {
        let value = field(k).unwrap_or_default();
        if SECRETS.contains(&k) {
            // Empty keeps the stored secret; the box removes it.
            if field(&format!("remove_{k}")).is_some() {
                changes.push((k.to_string(), String::new()));
                continue;
            }
            if value.is_empty() {
                continue;
            }
        }
        if let Err(problem) = settings::check(k, &value) {
            errors.push(tr_args(
                lang,
                problem.message_id(),
                &[
                    ("field", field_label(lang, k).into()),
                    ("value", value.clone().into()),
                ],
            ));
        }
        changes.push((k.to_string(), value));
    }
    if !errors.is_empty() {
        let fields = settings_context(&state, Some(&changes)).await?;
        let page = render(
            "admin_settings.html",
            minijinja::context! { fields, saved => false, errors, me => user.view(), lang => lang.code(), here => "/admin/innstillinger?" },
        )?;
        return Ok((StatusCode::BAD_REQUEST, Html(page)).into_response());
    }
    state
        .store
        .set_settings(&changes, &user.account.name)
        .await?;
    super::session::flash(
        &session,
        &SettingsSaved {
            settings_saved: true,
        },
    )
    .await?;
    state.outbox.notify_one();
    Ok(Redirect::to("/admin/innstillinger").into_response())
}

/// What the round page shows of the schedule and the e-mails.
pub async fn round_context(state: &AppState, round: &Round) -> Result<minijinja::Value> {
    let stored = state.store.schedule(&round.id).await?;
    let typed = schedule::typed(&stored);
    let settings = state.settings().await?;
    let counts = state.store.mail_counts(&round.id).await?;
    let refusals = state.store.mail_refusals(&round.id).await?;
    let waiting = state.store.mail_waiting(&round.id).await?;
    Ok(minijinja::context! {
        typed,
        opens_at => stored.opens_at.map(schedule::shown),
        closes_at => stored.closes_at.map(schedule::shown),
        counts, refusals, waiting,
        uncertain => counts.iter().any(|c| c.uncertain > 0),
        no_smtp => settings.smtp.is_none(),
        no_public_url => settings.public_url.is_none(),
        units => round.units.iter().map(|u| u.name.clone()).collect::<Vec<_>>(),
    })
}

/// The page a refused schedule or address list comes back on, with what
/// was typed and every problem named.
async fn refused_page(
    state: &AppState,
    admin: &Admin,
    round: &Round,
    which: &str,
    errors: Vec<String>,
    typed: minijinja::Value,
) -> Result<Response> {
    let outreach = round_context(state, round).await?;
    let page = render(
        "admin_outreach_refused.html",
        minijinja::context! {
            round => minijinja::context! { id => round.id, title => round.title, open => round.open },
            which, errors, typed, outreach,
            me => admin.0.view(), lang => current().code(), here => format!("/admin/rounds/{}?", round.id),
        },
    )?;
    Ok((StatusCode::BAD_REQUEST, Html(page)).into_response())
}

async fn round_of(state: &AppState, id: &str) -> Result<std::sync::Arc<Round>> {
    state
        .store
        .round(id)
        .await?
        .ok_or_else(|| AppError::round_not_found(current(), id))
}

fn schedule_words(lang: Lang, p: &schedule::Problem) -> String {
    use schedule::Problem as P;
    let label = |f: &str| {
        tr(
            lang,
            match f {
                "deadline" => "schedule-deadline",
                "opens_at" => "schedule-opens",
                "closes_at" => "schedule-closes",
                _ => "schedule-reminders",
            },
        )
    };
    match p {
        P::NotADay { field, value } => tr_args(
            lang,
            "schedule-not-day",
            &[
                ("field", label(field).into()),
                ("value", value.clone().into()),
            ],
        ),
        P::NotATime { field, value } => tr_args(
            lang,
            "schedule-not-time",
            &[
                ("field", label(field).into()),
                ("value", value.clone().into()),
            ],
        ),
        P::CloseBeforeOpen => tr(lang, "schedule-close-before-open"),
        P::ReminderOutside { day } => tr_args(
            lang,
            "schedule-reminder-outside",
            &[("day", day.clone().into())],
        ),
        P::DeadlineAfterClose => tr(lang, "schedule-deadline-after-close"),
        P::TooManyReminders => tr(lang, "schedule-too-many"),
    }
}

async fn save_schedule(
    admin: Admin,
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response> {
    let lang = current();
    let round = round_of(&state, &id).await?;
    let mut typed = schedule::Typed::default();
    for (k, v) in form_urlencoded::parse(&body) {
        let v = v.chars().take(400).collect::<String>();
        match &*k {
            "deadline" => typed.deadline = v,
            "opens_at" => typed.opens_at = v,
            "closes_at" => typed.closes_at = v,
            "reminder_days" => typed.reminder_days = v,
            _ => {}
        }
    }
    match schedule::parse(&typed, state.clock.now()) {
        Ok(parsed) => {
            state
                .store
                .set_schedule(&round.id, &parsed, &admin.0.account.name)
                .await?;
            state.outbox.notify_one();
            Ok(back_to_round("schedule-saved", &round.id, None)
                .go(&session)
                .await?
                .into_response())
        }
        Err(problems) => {
            let errors = problems.iter().map(|p| schedule_words(lang, p)).collect();
            refused_page(
                &state,
                &admin,
                &round,
                "schedule",
                errors,
                minijinja::Value::from_serialize(&typed),
            )
            .await
        }
    }
}

fn address_words(lang: Lang, p: &addresses::Problem) -> String {
    use addresses::Problem as P;
    match p {
        P::Empty => tr(lang, "mail-no-addresses"),
        P::NotAnAddress { line, value } => tr_args(
            lang,
            "mail-bad-address",
            &[
                ("line", (*line as u64).into()),
                ("value", value.clone().into()),
            ],
        ),
        P::TooMany { count } => {
            tr_args(lang, "mail-too-many", &[("count", (*count as u64).into())])
        }
        P::NoColumn => tr(lang, "mail-no-column"),
    }
}

/// Text of an uploaded file: UTF-8, else Windows-1252 (Excel's CSV).
fn file_text(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

async fn invite_by_mail(
    admin: Admin,
    State(state): State<AppState>,
    session: Session,
    Path(id): Path<String>,
    _headers: HeaderMap,
    mut multipart: Multipart,
) -> Result<Response> {
    let lang = current();
    let round = round_of(&state, &id).await?;
    let (mut unit, mut letter_lang, mut pasted, mut file) =
        (String::new(), String::new(), String::new(), String::new());
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::BadRequest(tr(lang, "upload-unreadable")))?
    {
        let name = field.name().unwrap_or("").to_string();
        let bytes = field
            .bytes()
            .await
            .map_err(|_| AppError::TooLarge(tr(lang, "upload-too-large")))?;
        match name.as_str() {
            "unit" => unit = file_text(&bytes),
            "letter_lang" => letter_lang = file_text(&bytes),
            "addresses" => pasted = file_text(&bytes),
            "file" => file = file_text(&bytes),
            _ => {}
        }
    }
    let typed = minijinja::context! { unit, letter_lang, addresses => pasted };
    let refuse =
        |errors: Vec<String>| refused_page(&state, &admin, &round, "mail", errors, typed.clone());
    if !round.open {
        return refuse(vec![tr(lang, "mail-closed")]).await;
    }
    if !round.has_unit(&unit) {
        return refuse(vec![tr(lang, "mail-bad-unit")]).await;
    }
    let given = if file.trim().is_empty() {
        &pasted
    } else {
        &file
    };
    let list = match addresses::parse(given) {
        Ok(list) => list,
        Err(p) => return refuse(vec![address_words(lang, &p)]).await,
    };
    let message_lang = Lang::parse(&letter_lang).unwrap_or(Lang::Nb);
    let codes = crate::invite::new_codes(list.len());
    let normalised: Vec<String> = codes
        .iter()
        .filter_map(|c| crate::invite::normalise(c))
        .collect();
    let hashes = state
        .hashes
        .run_all(normalised, |c| crate::invite::hash(c))
        .await;
    let mails: Vec<NewMail> = list
        .into_iter()
        .zip(codes)
        .zip(hashes)
        .map(|((address, code), code_hash)| NewMail {
            address,
            code,
            code_hash,
            lang: message_lang.code().to_string(),
        })
        .collect();
    let added = state
        .store
        .add_mails(&round.id, &unit, &mails, &admin.0.account.name)
        .await?;
    state.outbox.notify_one();
    let mut said = back_to_round("mail-queued", &round.id, Some(added.added)).and(added.already);
    said = said.at("epost");
    Ok(said.go(&session).await?.into_response())
}
