//! trappa's input surfaces, each as a function of raw bytes: survey
//! definitions, round files, CSV import, the CSV report, form posts, and
//! addresses with query strings on the whole web app. The fuzz targets in
//! tests/fuzz drive them; the integration suite replays the kept corpora
//! through the same functions (tests/integration/fuzz_replay.rs).
//!
//! Bad input must give an error, never a panic, and the web never answers
//! 500. A panic here is a finding.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use trappa::i18n::Lang;
use trappa::survey::round::parse_round_file;
use trappa::survey::{Instrument, Library, Round};
use trappa::web::form::{
    FieldErrors, FormView, Posted, ScreenState, goals_below_now, screen_errors, validate,
};
use trappa::web::steps::plan;

/// Every screen of the form for what `posted` answers, built in `lang`,
/// with each screen's own check and gentle questions.
fn every_screen(round: &Round, posted: &Posted, errors: &FieldErrors, lang: Lang) {
    let screens = plan(round, posted.get("role"), posted.get("unit"), false);
    for (i, screen) in screens.iter().enumerate() {
        let _ = screen_errors(round, screen, posted);
        let notices = goals_below_now(round, screen, posted);
        let mut kept = Posted::default();
        kept.take_screen(posted, &screen.fields(round));
        let _ = Posted::from_draft(&kept.draft_json(round));
        let at = ScreenState {
            screen,
            number: i + 1,
            total: screens.len(),
            notices: &notices,
            unit_given: None,
        };
        let _ = FormView::build(round, "t", posted, errors, lang, at);
    }
}

/// The round the form and import surfaces use: three units, two partners,
/// the built-in instruments.
const ROUND_FILE: &str = r#"
municipality = "Fuzzvik"
instruments = ["samhandlingstrappa", "innovasjonsplakaten", "kommentar", "laerende-mote"]
units = ["Kulturskolen", { name = "Plan, miljø og landbruk", invited = 12 }, "Solvik barneskole"]
relations = [{ key = "skole", label = "Skole" }, { key = "frivillighet", label = "Frivillighet" }]
"#;

fn library() -> &'static Library {
    static LIBRARY: OnceLock<Library> = OnceLock::new();
    LIBRARY.get_or_init(Library::builtin)
}

fn round() -> &'static Round {
    static ROUND: OnceLock<Round> = OnceLock::new();
    ROUND.get_or_init(|| {
        parse_round_file("fuzz.toml", ROUND_FILE, library(), Some("2026")).expect("the round")
    })
}

/// A survey definition (TOML).
pub fn definition(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(instrument) = Instrument::parse("fuzz.toml", text) {
        let _ = instrument.texts();
    }
}

/// A round file (TOML); a round that parses gives its columns and form.
pub fn round_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(round) = parse_round_file("fuzz.toml", text, library(), Some("2026")) {
        let _ = round.columns();
        every_screen(
            &round,
            &Posted::new(Vec::new()),
            &FieldErrors::new(),
            Lang::Nb,
        );
    }
}

/// A posted staff form: a checked response that reads back, or errors
/// that the page shows with what was typed.
pub fn form_post(data: &[u8]) {
    let round = round();
    let posted = Posted::new(form_urlencoded::parse(data).into_owned().collect());
    let errors = match validate(round, &posted) {
        Ok(response) => {
            trappa::survey::answer::decode_answers(round.columns(), &response.answers)
                .expect("a checked response reads back");
            FieldErrors::new()
        }
        Err(errors) => errors,
    };
    for lang in [Lang::Nb, Lang::Nn, Lang::En] {
        every_screen(round, &posted, &errors, lang);
    }
}

/// One runtime and one scratch directory for the surfaces that need them.
struct Scratch {
    runtime: tokio::runtime::Runtime,
    dir: tempfile::TempDir,
}

fn scratch() -> &'static Scratch {
    static SCRATCH: OnceLock<Scratch> = OnceLock::new();
    SCRATCH.get_or_init(|| Scratch {
        // Multi-threaded: the reports' polars blocks in place.
        runtime: tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("runtime"),
        dir: tempfile::tempdir().expect("scratch directory"),
    })
}

/// A SQLite store in the scratch directory, made by `setup` on first use.
fn store_at(
    name: &str,
    setup: impl AsyncFnOnce(&dyn trappa::store::Store),
) -> Arc<dyn trappa::store::Store> {
    let s = scratch();
    let path: PathBuf = s.dir.path().join(name);
    s.runtime.block_on(async {
        let store: Arc<dyn trappa::store::Store> = Arc::new(
            trappa::store::SqliteStore::open(&path)
                .await
                .expect("SQLite store"),
        );
        setup(store.as_ref()).await;
        store
    })
}

/// A CSV file to import, all or nothing, into a database with round 2026;
/// half the inputs may create rounds, units and roles (`--create`).
pub fn csv_import(data: &[u8]) {
    static STORE: OnceLock<Arc<dyn trappa::store::Store>> = OnceLock::new();
    let store = STORE.get_or_init(|| {
        store_at("import.db", async |store| {
            store.create_round(round()).await.expect("round 2026");
        })
    });
    let options = trappa::csvio::ImportOptions {
        round: None,
        create: data.first().is_some_and(|b| b & 1 == 1),
        municipality: Some("Fuzzvik".into()),
        again: data.get(1).is_some_and(|b| b & 1 == 1),
    };
    scratch().runtime.block_on(async {
        let _ = trappa::csvio::import(store.as_ref(), library(), data, &options).await;
    });
}

/// A CSV file straight to the leader report (`report --csv`), rendered as
/// HTML and JSON when the file gives one.
pub fn csv_report(data: &[u8]) {
    use trappa::report::build::{Request, from_csv};
    let path = scratch().dir.path().join("report.csv");
    std::fs::write(&path, data).expect("scratch file");
    for kind in [trappa::report::Kind::Leader, trappa::report::Kind::Summary] {
        let request = Request {
            round: None,
            compare: None,
            kind,
            k: Some(3),
            min_change: trappa::report::DEFAULT_MIN_CHANGE,
            figures: trappa::report::build::Figures::Live,
        };
        if let Ok(built) = from_csv(&path, library(), "Fuzzvik", &request) {
            trappa::report::html::render(&built, &request.kind, Lang::Nb)
                .expect("a report that builds renders");
            let _ = trappa::report::json(&built);
        }
    }
}

/// The whole web app, with the demo municipality: one request whose
/// address (path and query) and, for a POST, form body come from the
/// input. The first byte picks the method and whether an administrator's
/// session goes with it. Nothing may answer 500. PDF addresses are left
/// out: each would start Chromium.
pub fn http(data: &[u8]) {
    use axum::body::Body;
    use axum::http::{Request, StatusCode, header};
    use tower::ServiceExt;

    struct Web {
        app: axum::Router,
        cookie: String,
    }
    static WEB: OnceLock<Web> = OnceLock::new();
    let web = WEB.get_or_init(|| {
        let store = store_at("web.db", async |store| {
            trappa::demo::run(store, library()).await.expect("demo");
            store
                .add_account(&trappa::store::Account {
                    name: "admin".into(),
                    role: trappa::auth::AccountRole::Administrator,
                    units: Vec::new(),
                    password_hash: trappa::auth::hash_password("fuzz-passord-123"),
                    generation: trappa::auth::new_generation(),
                    last_login: None,
                })
                .await
                .expect("administrator");
        });
        let options = trappa::web::Options {
            // No limit: the fuzzer posts far faster than staff.
            submits_per_minute: 0,
            client_timeout: trappa::web::DEFAULT_CLIENT_TIMEOUT,
            trust_proxy: false,
            public_url: None,
            overrides: Vec::new(),
        };
        let app = trappa::web::router(trappa::web::AppState::new(
            store,
            library().clone(),
            &options,
        ));
        let login = Request::post("/login")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("name=admin&password=fuzz-passord-123"))
            .unwrap();
        let response = scratch()
            .runtime
            .block_on(app.clone().oneshot(login))
            .expect("login");
        let cookie = response
            .headers()
            .get(header::SET_COOKIE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .expect("a session cookie")
            .to_string();
        // The session works, or half the inputs would only meet the login.
        let admin = Request::get("/admin")
            .header(header::COOKIE, &cookie)
            .body(Body::empty())
            .unwrap();
        let status = scratch()
            .runtime
            .block_on(app.clone().oneshot(admin))
            .expect("admin page")
            .status();
        assert_eq!(status, StatusCode::OK, "the administrator's session");
        Web { app, cookie }
    });
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let (address, body) = match rest.iter().position(|&b| b == b'\n') {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (rest, &[][..]),
    };
    let Ok(address) = std::str::from_utf8(address) else {
        return;
    };
    if !address.starts_with('/') || address.to_ascii_lowercase().contains("pdf") {
        return;
    }
    let mut request = if first & 1 == 0 {
        Request::get(address)
    } else {
        Request::post(address).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
    };
    if first & 2 == 2 {
        request = request.header(header::COOKIE, &web.cookie);
    }
    let Ok(request) = request.body(Body::from(body.to_vec())) else {
        return;
    };
    let response = scratch()
        .runtime
        .block_on(async {
            let response = web.app.clone().oneshot(request).await?;
            let status = response.status();
            let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .map_err(|e| std::io::Error::other(e.to_string()))
                .expect("the body reads");
            Ok::<_, std::convert::Infallible>((status, bytes))
        })
        .expect("infallible");
    assert_ne!(
        response.0,
        StatusCode::INTERNAL_SERVER_ERROR,
        "500 for {address:?}: {}",
        String::from_utf8_lossy(&response.1)
    );
}

/// A group-work sheets file (`trappa sheets import`), as far as it is read
/// before the store: sheets, kinds, parts, dates and points checked.
pub fn sheets_csv(data: &[u8]) {
    if let Ok(sheets) = trappa::sheets::from_csv(data) {
        for s in &sheets {
            assert!(!s.items.is_empty(), "a sheet is made with its first point");
            assert!(trappa::sheets::is_date(&s.held_on));
            assert!(
                s.items
                    .iter()
                    .all(|i| s.kind.sections().contains(&i.section))
            );
        }
    }
}
