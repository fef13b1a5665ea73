//! Accounts in the browser, for administrators: the list with each
//! account's role, units and last sign-in; adding an account with its
//! units picked from the rounds' own (so a typo cannot make a leader who
//! sees nothing); a new password, shown once; removing an account (never
//! the last administrator, nor oneself).

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use serde::Serialize;

use super::AppState;
use super::error::Result;
use super::lang::current;
use super::render::render;
use super::session::Admin;
use crate::analysis::aggregate::norwegian_key;
use crate::auth::{self, AccountRole};
use crate::i18n::{tr, tr_args};
use crate::store::{Account, StoreError};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/brukere", get(page).post(add))
        .route("/admin/brukere/{name}/passord", post(new_password))
        .route("/admin/brukere/{name}/fjern", post(remove))
}

#[derive(Serialize)]
struct AccountView {
    name: String,
    role: &'static str,
    units: Vec<String>,
    last_login: Option<String>,
}

/// What the page says after an action: a message, an error, or a new
/// password shown once (never put in an address or a log).
#[derive(Serialize, Default)]
struct Outcome {
    message: Option<String>,
    error: Option<String>,
    password: Option<(String, String)>,
    /// What was typed into the add form, when it was refused.
    name: String,
    role: String,
    units: Vec<String>,
}

/// Every unit any round has, in Norwegian order.
async fn known_units(state: &AppState) -> Result<Vec<String>> {
    let mut units = crate::store::unit_names(state.store.as_ref()).await?;
    units.sort_by_key(|u| norwegian_key(u));
    Ok(units)
}

async fn render_page(admin: &Admin, state: &AppState, outcome: Outcome) -> Result<String> {
    let accounts: Vec<AccountView> = state
        .store
        .accounts()
        .await?
        .into_iter()
        .map(|a| AccountView {
            role: a.role.label(),
            name: a.name,
            units: a.units,
            last_login: a.last_login,
        })
        .collect();
    Ok(render(
        "admin_accounts.html",
        minijinja::context! {
            accounts, outcome, units => known_units(state).await?,
            me => admin.0.view(), lang => current().code(), here => "/admin/brukere?",
        },
    )?)
}

async fn page(admin: Admin, State(state): State<AppState>) -> Result<Html<String>> {
    Ok(Html(render_page(&admin, &state, Outcome::default()).await?))
}

fn with_status(status: StatusCode, body: String) -> Response {
    (status, Html(body)).into_response()
}

/// The add form: `name`, `role`, and `unit` once per unit (checkboxes).
async fn add(admin: Admin, State(state): State<AppState>, body: Bytes) -> Result<Response> {
    let lang = current();
    let mut outcome = Outcome::default();
    for (k, v) in form_urlencoded::parse(&body) {
        match &*k {
            "name" => outcome.name = v.trim().to_string(),
            "role" => outcome.role = v.into_owned(),
            "unit" => outcome.units.push(v.into_owned()),
            _ => {}
        }
    }
    let role = AccountRole::parse(&outcome.role);
    let known = known_units(&state).await?;
    let refusal = if auth::check_name(&outcome.name).is_err() {
        Some(tr(lang, "accounts-bad-name"))
    } else if role.is_none() {
        Some(tr(lang, "accounts-bad-role"))
    } else if role != Some(AccountRole::Leader) && !outcome.units.is_empty() {
        Some(tr(lang, "accounts-units-leaders-only"))
    } else if role == Some(AccountRole::Leader) && outcome.units.is_empty() {
        Some(tr(lang, "accounts-leader-needs-unit"))
    } else {
        outcome
            .units
            .iter()
            .find(|u| !known.contains(u))
            .map(|u| tr_args(lang, "accounts-unknown-unit", &[("unit", u.clone().into())]))
    };
    if let Some(error) = refusal {
        outcome.error = Some(error);
        let body = render_page(&admin, &state, outcome).await?;
        return Ok(with_status(StatusCode::BAD_REQUEST, body));
    }
    let password = auth::new_password();
    let account = Account {
        name: outcome.name.clone(),
        role: role.expect("checked"),
        units: outcome.units.clone(),
        password_hash: auth::hash_password(&password),
        generation: auth::new_generation(),
        last_login: None,
    };
    match state.store.add_account(&account).await {
        Ok(()) => {
            let done = Outcome {
                message: Some(tr_args(
                    lang,
                    "accounts-added",
                    &[("name", account.name.clone().into())],
                )),
                password: Some((account.name, password)),
                ..Outcome::default()
            };
            Ok(Html(render_page(&admin, &state, done).await?).into_response())
        }
        Err(StoreError::AccountExists { name }) => {
            outcome.error = Some(tr_args(lang, "account-exists", &[("name", name.into())]));
            let body = render_page(&admin, &state, outcome).await?;
            Ok(with_status(StatusCode::BAD_REQUEST, body))
        }
        Err(e) => Err(e.into()),
    }
}

async fn new_password(
    admin: Admin,
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<Response> {
    let lang = current();
    let password = auth::new_password();
    state
        .store
        .set_password(&name, &auth::hash_password(&password))
        .await?;
    let done = Outcome {
        message: Some(tr_args(
            lang,
            "accounts-password-set",
            &[("name", name.clone().into())],
        )),
        password: Some((name, password)),
        ..Outcome::default()
    };
    Ok(Html(render_page(&admin, &state, done).await?).into_response())
}

async fn remove(
    admin: Admin,
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<Response> {
    let lang = current();
    let accounts = state.store.accounts().await?;
    let refusal = if !accounts.iter().any(|a| a.name == name) {
        return Err(StoreError::AccountNotFound { name }.into());
    } else if name == admin.0.account.name {
        Some("accounts-not-yourself")
    } else {
        None
    };
    // The last administrator is refused by the store, in the same step as
    // the removal: another administrator may be removing at this very moment.
    let refusal = match refusal {
        Some(key) => Some(key),
        None => match state.store.remove_account(&name).await {
            Ok(()) => None,
            Err(StoreError::LastAdministrator { .. }) => Some("accounts-last-admin"),
            Err(e) => return Err(e.into()),
        },
    };
    if let Some(key) = refusal {
        let outcome = Outcome {
            error: Some(tr(lang, key)),
            ..Outcome::default()
        };
        let body = render_page(&admin, &state, outcome).await?;
        return Ok(with_status(StatusCode::BAD_REQUEST, body));
    }
    let done = Outcome {
        message: Some(tr_args(lang, "accounts-removed", &[("name", name.into())])),
        ..Outcome::default()
    };
    Ok(Html(render_page(&admin, &state, done).await?).into_response())
}
