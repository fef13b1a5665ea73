//! PostgreSQL: two trappa processes on one database behave as one service,
//! and tenants (one schema each) cannot see each other. Without a reachable
//! server these tests say they were skipped, except in CI, where they fail.
//! (With `TRAPPA_TEST_PG` set, the rest of the suite runs on PostgreSQL too.)

use std::time::Duration;

use crate::helpers::*;

const DEFAULT_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// The server to test against, or `None` (after saying so) when absent.
pub fn postgres() -> Option<String> {
    let url = suite_postgres().unwrap_or_else(|| DEFAULT_URL.to_string());
    let reachable = std::net::TcpStream::connect_timeout(
        &"127.0.0.1:5432".parse().unwrap(),
        Duration::from_secs(2),
    )
    .is_ok();
    if !reachable {
        assert!(
            std::env::var("CI").is_err(),
            "CI must have PostgreSQL on 127.0.0.1:5432"
        );
        eprintln!("PostgreSQL tests SKIPPED: nothing listens on 127.0.0.1:5432");
        return None;
    }
    Some(url)
}

/// Round 2026 open, codes for Kulturskolen, two instances on one schema.
struct Pair {
    env: TestEnv,
    one: Server,
    two: Server,
}

fn pair(url: &str) -> Pair {
    let env = TestEnv::on_postgres(url, &fresh_schema());
    env.open_round();
    let one = env.spawn_server();
    let two = env.spawn_server();
    Pair { env, one, two }
}

#[tokio::test]
async fn submissions_spread_over_two_instances_are_stored_exactly_once() {
    let Some(url) = postgres() else { return };
    let p = pair(&url);
    let c = client();
    let mut tasks = Vec::new();
    for i in 0..60 {
        let server_url = if i % 2 == 0 {
            p.one.url("")
        } else {
            p.two.url("")
        };
        let c = c.clone();
        tasks.push(tokio::spawn(async move {
            let token = form_token_at(&c, &format!("{server_url}/s/2026")).await;
            let note = format!("svar {i}");
            let fields = [
                ("_token", token.as_str()),
                ("unit", "Kulturskolen"),
                ("role", "ansatt"),
                ("kommentar", note.as_str()),
            ];
            // The same form sent to both instances: one response, not two.
            let first = post_form(&c, &format!("{server_url}/s/2026"), &fields)
                .await
                .0;
            (first, token, note)
        }));
    }
    let mut sent = Vec::new();
    for t in tasks {
        let (status, token, note) = t.await.unwrap();
        assert_eq!(status, 303);
        sent.push((token, note));
    }
    // Replays of every form to the other instance change nothing.
    for (i, (token, note)) in sent.iter().enumerate() {
        let other = if i % 2 == 0 { &p.two } else { &p.one };
        let fields = [
            ("_token", token.as_str()),
            ("unit", "Kulturskolen"),
            ("role", "ansatt"),
            ("kommentar", note.as_str()),
        ];
        assert_eq!(post_form(&c, &other.url("/s/2026"), &fields).await.0, 303);
    }
    let rows = p.env.export_rows("2026");
    assert_eq!(rows.len(), 60);
    let mut notes: Vec<&str> = rows.iter().map(|r| cell(r, "kommentar")).collect();
    notes.sort();
    notes.dedup();
    assert_eq!(notes.len(), 60, "each response exactly once");
}

#[tokio::test]
async fn codes_sessions_and_reports_are_shared_by_the_instances() {
    let Some(url) = postgres() else { return };
    let p = pair(&url);
    let code = p.env.invite("2026", "Kulturskolen", 2).remove(0);

    // A code used on one instance is refused on the other.
    let c = client();
    let token = form_token_at(&c, &p.one.url(&format!("/s/2026?kode={code}"))).await;
    let fields = [
        ("_token", token.as_str()),
        ("_kode", code.as_str()),
        ("role", "ansatt"),
    ];
    assert_eq!(post_form(&c, &p.one.url("/s/2026"), &fields).await.0, 303);
    let resp = c
        .get(p.two.url(&format!("/s/2026?kode={code}")))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 422);
    assert!(resp.text().await.unwrap().contains("allerede brukt"));

    // No code row carries the transaction id of a response: PostgreSQL
    // stamps rows with it (xmin), so a flagged code would name its response.
    let (url, schema) = p.env.postgres.clone().unwrap();
    let pool = sqlx::PgPool::connect(&url).await.unwrap();
    let linked: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM \"{schema}\".invitation_codes c
         JOIN \"{schema}\".responses r ON c.xmin = r.xmin"
    ))
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(linked, 0);
    pool.close().await;

    // A login on one instance is valid on the other (cookies are per host,
    // not per port, so this client sends its session to both).
    let admin = client();
    let password = p
        .one
        .admin_password
        .clone()
        .or(p.two.admin_password.clone())
        .unwrap();
    login(&admin, &p.one, "admin", &password).await;
    let resp = admin.get(p.two.url("/admin")).send().await.unwrap();
    assert_eq!(
        resp.status(),
        200,
        "the session from one instance works on the other"
    );
    // Logging out on the second ends it on the first.
    let token = csrf_token(&admin, &p.two).await;
    assert_eq!(
        post_form(&admin, &p.two.url("/logout"), &[("_csrf", &token)])
            .await
            .0,
        303
    );
    assert_eq!(
        admin
            .get(p.one.url("/admin"))
            .send()
            .await
            .unwrap()
            .status(),
        303
    );

    // Both produce byte-identical reports (on open-link answers, from a
    // unit without codes).
    p.env.ok(&["round", "access", "2026", "open-link"]);
    for i in 0..6 {
        let server = if i % 2 == 0 { &p.one } else { &p.two };
        let token = form_token(&c, server, "2026").await;
        let fields = [
            ("_token", token.as_str()),
            ("unit", "Solvik barneskole"),
            ("role", "ansatt"),
            ("plakat.p01", "4"),
        ];
        assert_eq!(post_form(&c, &server.url("/s/2026"), &fields).await.0, 303);
    }
    login(&admin, &p.one, "admin", &password).await;
    let mut bodies = Vec::new();
    for server in [&p.one, &p.two] {
        for path in [
            "/rapporter/2026?kind=leader",
            "/rapporter/2026/json?kind=summary",
        ] {
            let resp = admin.get(server.url(path)).send().await.unwrap();
            assert_eq!(resp.status(), 200, "{path}");
            bodies.push(resp.bytes().await.unwrap());
        }
    }
    assert_eq!(bodies[0], bodies[2], "leader report");
    assert_eq!(bodies[1], bodies[3], "summary JSON");
}

#[tokio::test]
async fn one_tenants_users_cannot_see_another_tenant() {
    let Some(url) = postgres() else { return };
    let solvik = TestEnv::on_postgres(&url, &fresh_schema());
    solvik.ok(&["demo"]);
    let password = solvik.add_user("leder", "leader", &["Kulturskolen"]);
    let nordby = TestEnv::on_postgres(&url, &fresh_schema());
    let nordby_server = nordby.spawn_server();
    let solvik_server = solvik.spawn_server();

    // Nordby's instance knows nothing of Solvik: no rounds, no accounts.
    assert!(!nordby.ok(&["round", "list"]).contains("2026"));
    let c = client();
    let (status, _, _) = post_form(
        &c,
        &nordby_server.url("/login"),
        &[("name", "leder"), ("password", &password)],
    )
    .await;
    assert_eq!(status, 401, "Solvik's account does not exist in Nordby");
    let resp = c.get(nordby_server.url("/s/2026")).send().await.unwrap();
    assert_eq!(resp.status(), 404);
    // Solvik's session cookie is worthless against Nordby's instance.
    login(&c, &solvik_server, "leder", &password).await;
    assert_eq!(get_status(&c, &solvik_server, "/rapporter").await, 200);
    assert_eq!(get_status(&c, &nordby_server, "/rapporter").await, 303);
    assert_eq!(
        get_status(&c, &nordby_server, "/rapporter/2026?kind=leader").await,
        303
    );
}

#[tokio::test]
async fn stored_responses_hold_nothing_but_unit_role_date_and_answers() {
    let Some(url) = postgres() else { return };
    let schema = fresh_schema();
    let env = TestEnv::on_postgres(&url, &schema);
    env.open_round();
    drop(env.ok(&["round", "list"]));
    let pool = sqlx::PgPool::connect(&url).await.unwrap();
    let columns: Vec<String> = sqlx::query_scalar(
        "SELECT column_name::text FROM information_schema.columns
         WHERE table_schema = $1 AND table_name = 'responses' ORDER BY ordinal_position",
    )
    .bind(&schema)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        columns,
        ["id", "round_id", "unit", "role", "submitted_on", "answers"]
    );
    let code_columns: Vec<String> = sqlx::query_scalar(
        "SELECT column_name::text FROM information_schema.columns
         WHERE table_schema = $1 AND table_name = 'invitation_codes' ORDER BY ordinal_position",
    )
    .bind(&schema)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        code_columns,
        ["code_hash", "round_id", "unit"],
        "no time, no order"
    );
    pool.close().await;
}

/// `trappa migrate-store`: a municipality on SQLite moves to PostgreSQL
/// with its rounds, responses (dates and order), codes, accounts and audit
/// log, and its reports come out the same.
#[tokio::test]
async fn a_municipality_moves_from_sqlite_to_postgres() {
    let Some(url) = postgres() else { return };
    let lite = TestEnv::on_sqlite();
    lite.ok(&["demo"]);
    let password = lite.add_user("leder", "leader", &["Kulturskolen"]);
    lite.ok(&["round", "create", "2027", "--like", "2026"]);
    lite.ok(&["round", "open", "2027"]);
    let codes = lite.invite("2027", "Kulturskolen", 2);
    lite.ok(&["round", "delete-responses", "2024", "--yes"]);
    std::fs::write(
        lite.path("ref.csv"),
        "source;year;column;mean;n\nKS Vest;2025;plakat.p01;3,4;812\n",
    )
    .unwrap();
    lite.ok(&["reference", "import", "--round", "2026", "ref.csv"]);

    // The settings and a schedule go along.
    let settings = vec![
        (
            "public_url".to_string(),
            "https://trappa.solvik.no".to_string(),
        ),
        ("sender_name".to_string(), "HR i Solvik".to_string()),
    ];
    let schedule = trappa::store::outreach::Schedule {
        deadline: Some("2099-03-14".into()),
        opens_at: None,
        closes_at: Some(4_070_908_800),
        reminder_days: vec!["2099-03-10".into()],
    };
    {
        let store = lite.store().await;
        store.set_settings(&settings, "test").await.unwrap();
        store.set_schedule("2027", &schedule, "test").await.unwrap();
    }

    let schema = fresh_schema();
    let pg = TestEnv::on_postgres(&url, &schema);
    let out = lite.ok(&["migrate-store", "--to", &url, "--to-schema", &schema]);
    assert_eq!(pg.store().await.settings().await.unwrap(), {
        let mut s = settings.clone();
        s.sort();
        s
    });
    assert_eq!(pg.store().await.schedule("2027").await.unwrap(), schedule);
    assert!(out.contains("Flyttet 4 runder"), "{out}");
    assert!(out.contains("5 områder med 9 tiltak"), "{out}");
    assert_eq!(
        sorted_rows(lite.ok(&["export"]).as_bytes()),
        sorted_rows(pg.ok(&["export"]).as_bytes()),
        "the same answers (in an order of their own: ids are random)"
    );
    // A round whose answers were deleted keeps its units there too.
    assert!(pg.store().await.had_answers("2024").await.unwrap());
    assert!(!pg.store().await.had_answers("2025").await.unwrap());
    // The texts for the politicians go along.
    let texts = lite.store().await.round_texts("2025").await.unwrap();
    assert!(!texts.is_empty(), "the demo writes texts for 2025");
    assert_eq!(pg.store().await.round_texts("2025").await.unwrap(), texts);
    // So does the results page for everyone, with its date.
    let page = lite.store().await.staff_page("2025").await.unwrap();
    assert!(page.is_some(), "the demo publishes 2025's page");
    assert_eq!(pg.store().await.staff_page("2025").await.unwrap(), page);
    // And the group-work sheets, their points in order.
    let strip = |sheets: Vec<trappa::sheets::Sheet>| -> Vec<_> {
        sheets
            .into_iter()
            .map(|s| (s.unit, s.kind, s.title, s.held_on, s.method, s.items))
            .collect()
    };
    let sheets = strip(lite.store().await.sheets("2025").await.unwrap());
    assert_eq!(sheets.len(), 3, "the demo's sheets");
    assert_eq!(
        strip(pg.store().await.sheets("2025").await.unwrap()),
        sheets
    );
    for args in [
        &["round", "list"][..],
        &["user", "list"],
        &["audit"],
        &["reference", "list", "--round", "2026"],
    ] {
        assert_eq!(lite.ok(args), pg.ok(args), "trappa {args:?}");
    }
    for kind in ["leader", "summary", "learning"] {
        let report = |env: &TestEnv| {
            let name = format!("{kind}.json");
            env.ok(&[
                "report", "--round", "2026", "--kind", kind, "--format", "json", "--out", &name,
            ]);
            let json: serde_json::Value =
                serde_json::from_slice(&std::fs::read(env.path(&name)).unwrap()).unwrap();
            (
                json["analysis"].clone(),
                json["meta"]["fingerprint"].clone(),
                json["follow_up"].clone(),
            )
        };
        assert_eq!(report(&lite), report(&pg), "{kind} report");
    }
    // And back again, into a new SQLite file.
    let back = TestEnv::on_sqlite();
    let file = back.db();
    pg.ok(&["migrate-store", "--to", file.to_str().unwrap()]);
    assert_eq!(
        sorted_rows(lite.ok(&["export"]).as_bytes()),
        sorted_rows(back.ok(&["export"]).as_bytes())
    );
    assert_eq!(lite.ok(&["audit"]), back.ok(&["audit"]));
    // A round open with addresses invited by e-mail is not moved: the
    // addresses would go along.
    back.store()
        .await
        .add_mails(
            "2027",
            "Kulturskolen",
            &[trappa::store::outreach::NewMail {
                address: "kari@solvik.no".into(),
                code: "ABCDE-FGHJK".into(),
                code_hash: "a2:test".into(),
                lang: "nb".into(),
            }],
            "test",
        )
        .await
        .unwrap();
    let refused = back.run(&[
        "migrate-store",
        "--to",
        &url,
        "--to-schema",
        &fresh_schema(),
    ]);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr)
            .contains("runde 2027 er åpen og har invitert på e-post"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    // Moving again is refused: the target is not empty.
    let again = lite.run(&["migrate-store", "--to", &url, "--to-schema", &schema]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("allerede runder"));

    // The moved account logs in, and a moved code works once, on PostgreSQL.
    let server = pg.spawn_server();
    login(&client(), &server, "leder", &password).await;
    let c = client();
    let code = &codes[0];
    let page = get_text(&c, &server, &format!("/s/2027?kode={code}")).await;
    assert!(
        page.contains("name=\"_kode\""),
        "the code opened the form: {page}"
    );
}
