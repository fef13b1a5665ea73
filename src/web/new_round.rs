//! A new round from a form, for administrators: id, title, municipality,
//! period, units with the number invited, partner relations, instruments
//! and the minimum group sizes. Every field that is wrong is named on the
//! page in its language, and what was typed stays; nothing is stored until
//! the whole round is right.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;

use super::AppState;
use super::error::Result;
use super::lang::current;
use super::render::render;
use super::session::Admin;
use crate::i18n::{Lang, tr, tr_args};
use crate::store::StoreError;
use crate::survey::definition::is_simple_id;
use crate::survey::round::{
    MAX_K, MIN_K, check_area_name, check_unit_name, default_roles, relation_label,
};
use crate::survey::{Privacy, Relation, Round, RoundParts, Unit};

pub fn router() -> Router<AppState> {
    Router::new().route("/admin/rounds/ny", get(page).post(create))
}

/// The partner relations a new round offers.
const RELATIONS: [&str; 6] = crate::survey::round::USUAL_RELATIONS;

/// The form's fields as typed.
#[derive(Serialize, Default, Clone)]
struct Draft {
    id: String,
    title: String,
    municipality: String,
    period: String,
    units: String,
    relations: Vec<String>,
    instruments: Vec<String>,
    k: String,
    k_comments: String,
}

impl Draft {
    fn parse(body: &[u8]) -> Draft {
        let mut d = Draft::default();
        for (key, value) in form_urlencoded::parse(body) {
            let v = value.into_owned();
            match &*key {
                "id" => d.id = v.trim().to_string(),
                "title" => d.title = v.trim().to_string(),
                "municipality" => d.municipality = v.trim().to_string(),
                "period" => d.period = v.trim().to_string(),
                "units" => d.units = v,
                "relation" => d.relations.push(v),
                "instrument" => d.instruments.push(v),
                "k" => d.k = v.trim().to_string(),
                "k_comments" => d.k_comments = v.trim().to_string(),
                _ => {}
            }
        }
        d
    }
}

/// A field that is wrong, and what to say about it.
#[derive(Serialize)]
pub(super) struct Problem {
    pub field: &'static str,
    pub message: String,
}

async fn render_form(
    admin: &Admin,
    state: &AppState,
    draft: &Draft,
    problems: &[Problem],
) -> Result<String> {
    let lang = current();
    let instruments: Vec<(String, String)> = state
        .library
        .instruments()
        .iter()
        .map(|i| {
            (
                i.id.clone(),
                i.translations.text(lang, &i.title).to_string(),
            )
        })
        .collect();
    let relations: Vec<(&str, String)> =
        RELATIONS.iter().map(|k| (*k, relation_label(k))).collect();
    Ok(render(
        "admin_new_round.html",
        minijinja::context! {
            draft, problems, instruments, relations,
            me => admin.0.view(), lang => lang.code(), here => "/admin/rounds/ny?",
        },
    )?)
}

async fn page(admin: Admin, State(state): State<AppState>) -> Result<Html<String>> {
    // Sensible defaults: this year, or the first year after it that no
    // round is named for; the municipality already in use; the usual
    // instruments and every partner.
    let rounds = state.store.rounds().await?;
    let this_year = time::OffsetDateTime::now_utc().year();
    let year = (this_year..)
        .map(|y| y.to_string())
        .find(|y| !rounds.iter().any(|r| &r.id == y))
        .expect("some year is free");
    let draft = Draft {
        id: year.clone(),
        title: format!("Samhandling og innovasjon {year}"),
        municipality: rounds
            .first()
            .map(|r| r.municipality.clone())
            .unwrap_or_default(),
        period: year,
        relations: RELATIONS.iter().map(|r| r.to_string()).collect(),
        instruments: ["samhandlingstrappa", "innovasjonsplakaten", "kommentar"]
            .iter()
            .filter(|id| state.library.get(id).is_some())
            .map(|id| id.to_string())
            .collect(),
        k: "5".into(),
        k_comments: "5".into(),
        ..Draft::default()
    };
    Ok(Html(render_form(&admin, &state, &draft, &[]).await?))
}

/// The units, one a line: `Name`, `Name; invited` or `Name; invited; area`
/// (the count may be empty). A third part is an area only when it has a
/// letter, so that a name with a semicolon of its own still reads right.
pub(super) fn units(lang: Lang, text: &str, problems: &mut Vec<Problem>) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let (line, area) = match line.rsplit_once(';') {
            Some((rest, last)) if rest.contains(';') && last.chars().any(char::is_alphabetic) => {
                (rest, Some(last.trim()))
            }
            _ => (line, None),
        };
        let (name, invited) = match line.rsplit_once(';') {
            Some((name, n)) => (name.trim(), Some(n.trim())),
            None => (line.trim(), None),
        };
        let say = |key: &str, args: &[(&str, fluent_bundle::FluentValue)]| {
            let mut all = vec![("line", ((i + 1) as u64).into())];
            all.extend(args.iter().cloned());
            tr_args(lang, key, &all)
        };
        if check_unit_name(name).is_err() {
            problems.push(Problem {
                field: "units",
                message: say("new-round-bad-unit", &[("unit", name.to_string().into())]),
            });
            continue;
        }
        // Names of lines with a bad count count too, so a second line
        // with the same name is named as well.
        if !seen.insert(name.to_string()) {
            problems.push(Problem {
                field: "units",
                message: say("new-round-unit-twice", &[("unit", name.to_string().into())]),
            });
            continue;
        }
        let invited = match invited.filter(|n| !n.is_empty()) {
            None => None,
            Some(n) => match n.parse::<u32>() {
                Ok(n) if n > 0 => Some(n),
                _ => {
                    problems.push(Problem {
                        field: "units",
                        message: say("new-round-bad-invited", &[("value", n.to_string().into())]),
                    });
                    continue;
                }
            },
        };
        if let Some(area) = area
            && check_area_name(area).is_err()
        {
            problems.push(Problem {
                field: "units",
                message: say("new-round-bad-area", &[("area", area.to_string().into())]),
            });
            continue;
        }
        out.push(Unit {
            area: area.map(String::from),
            ..Unit::named(name, invited)
        });
    }
    if out.is_empty() && problems.iter().all(|p| p.field != "units") {
        problems.push(Problem {
            field: "units",
            message: tr(lang, "new-round-no-units"),
        });
    }
    out
}

async fn create(
    admin: Admin,
    State(state): State<AppState>,
    session: tower_sessions::Session,
    body: Bytes,
) -> Result<Response> {
    let lang = current();
    let draft = Draft::parse(&body);
    let mut problems = Vec::new();
    let mut need = |ok: bool, field: &'static str, key: &str| {
        if !ok {
            problems.push(Problem {
                field,
                message: tr(lang, key),
            });
        }
    };
    need(
        is_simple_id(&draft.id) && draft.id.len() <= 40,
        "id",
        "new-round-bad-id",
    );
    need(
        !draft.title.is_empty() && draft.title.chars().count() <= 200,
        "title",
        "new-round-no-title",
    );
    need(
        !draft.municipality.is_empty() && draft.municipality.chars().count() <= 100,
        "municipality",
        "new-round-no-municipality",
    );
    need(
        !draft.instruments.is_empty(),
        "instruments",
        "new-round-no-instruments",
    );
    let k = draft
        .k
        .parse::<u64>()
        .ok()
        .filter(|k| (MIN_K..=MAX_K).contains(k));
    need(k.is_some(), "k", "new-round-bad-k");
    let k_comments = draft
        .k_comments
        .parse::<u64>()
        .ok()
        .filter(|c| k.is_none_or(|k| *c >= k) && *c <= MAX_K);
    need(
        k_comments.is_some(),
        "k_comments",
        "new-round-bad-k-comments",
    );
    let units = units(lang, &draft.units, &mut problems);
    let instruments: Vec<_> = draft
        .instruments
        .iter()
        .filter_map(|id| state.library.get(id).cloned())
        .collect();
    let relations: Vec<Relation> = RELATIONS
        .iter()
        .filter(|k| draft.relations.iter().any(|r| r == *k))
        .map(|k| Relation {
            key: k.to_string(),
            label: relation_label(k),
        })
        .collect();
    if problems.is_empty() && state.store.round(&draft.id).await?.is_some() {
        problems.push(Problem {
            field: "id",
            message: tr_args(
                lang,
                "admin-new-name-taken",
                &[("id", draft.id.clone().into())],
            ),
        });
    }
    let round = match (problems.is_empty(), k, k_comments) {
        (true, Some(k), Some(k_comments)) => Round::assemble(RoundParts {
            id: draft.id.clone(),
            title: draft.title.clone(),
            municipality: draft.municipality.clone(),
            period: if draft.period.is_empty() {
                draft.id.clone()
            } else {
                draft.period.clone()
            },
            open: false,
            requires_code: false,
            units,
            relations,
            roles: default_roles(),
            instruments,
            privacy: Privacy { k, k_comments },
        })
        .map_err(|detail| Problem {
            field: "id",
            message: tr_args(lang, "new-round-refused", &[("detail", detail.into())]),
        }),
        _ => Err(Problem {
            field: "",
            message: String::new(),
        }),
    };
    let round = match round {
        Ok(round) => round,
        Err(p) => {
            if !p.message.is_empty() {
                problems.push(p);
            }
            let body = render_form(&admin, &state, &draft, &problems).await?;
            return Ok((StatusCode::BAD_REQUEST, Html(body)).into_response());
        }
    };
    match state.store.create_round(&round).await {
        Ok(()) => Ok(
            super::notice::back_with("admin-round-created", &round.id, None)
                .go(&session)
                .await?
                .into_response(),
        ),
        Err(StoreError::RoundExists { id }) => {
            problems.push(Problem {
                field: "id",
                message: tr_args(lang, "admin-new-name-taken", &[("id", id.into())]),
            });
            let body = render_form(&admin, &state, &draft, &problems).await?;
            Ok((StatusCode::BAD_REQUEST, Html(body)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
