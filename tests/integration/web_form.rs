//! The staff form over real HTTP against a real server and SQLite file.

use crate::helpers::*;

#[tokio::test]
async fn start_page_links_to_open_round_and_submission_is_stored() {
    let (env, server, client) = TestEnv::with_open_survey();

    let start = client
        .get(server.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let doc = html(&start);
    let links: Vec<_> = select(&doc, "a[href='/s/2026?lang=nb']");
    assert_eq!(links.len(), 1, "{start}");

    let token = form_token(&client, &server, "2026").await;
    let (status, location, _) = post_form(
        &client,
        &server.url("/s/2026"),
        &[
            ("_token", &token),
            ("unit", "Plan, miljø og landbruk"),
            ("role", "leder"),
            ("trapp.skole.now", "2"),
            ("trapp.skole.goal", "3"),
            ("trapp.skole.note", "Felles plan for «overgang»"),
            ("trapp.frivillighet.now", "vet_ikke"),
            ("plakat.p01", "5"),
            ("plakat.p10", "1"),
            ("kommentar", "Bra, men \"mer tid\"; takk"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some("/s/2026/takk?lang=nb"));
    let thanks = client.get(server.url("/s/2026/takk")).send().await.unwrap();
    assert!(thanks.text().await.unwrap().contains("Takk for svaret"));

    let rows = env.export_rows("2026");
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(cell(row, "unit"), "Plan, miljø og landbruk");
    assert_eq!(cell(row, "role"), "leder");
    assert_eq!(cell(row, "trapp.skole.now"), "2");
    assert_eq!(cell(row, "trapp.skole.goal"), "3");
    assert_eq!(cell(row, "trapp.skole.note"), "Felles plan for «overgang»");
    // "Vet ikke" was chosen on purpose: kept apart from the unanswered goal.
    assert_eq!(cell(row, "trapp.frivillighet.now"), "vet ikke");
    assert_eq!(cell(row, "trapp.frivillighet.goal"), "");
    assert_eq!(cell(row, "plakat.p01"), "5");
    assert_eq!(cell(row, "plakat.p02"), "");
    assert_eq!(cell(row, "plakat.p10"), "1");
    assert_eq!(cell(row, "kommentar"), "Bra, men \"mer tid\"; takk");
}

#[tokio::test]
async fn stored_response_carries_nothing_but_unit_role_date_and_answers() {
    let (env, server, client) = TestEnv::with_open_survey();
    let token = form_token(&client, &server, "2026").await;
    let fields = [
        ("_token", token.as_str()),
        ("unit", "Kulturskolen"),
        ("role", "ansatt"),
    ];
    assert_eq!(
        post_form(&client, &server.url("/s/2026"), &fields).await.0,
        303
    );

    if !env.is_sqlite() {
        return; // the PostgreSQL schema is checked in postgres.rs
    }
    let pool = sqlx::SqlitePool::connect(&format!("sqlite:{}", env.db().display()))
        .await
        .unwrap();
    let columns: Vec<String> =
        sqlx::query_scalar("SELECT name FROM pragma_table_info('responses')")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(
        columns,
        ["id", "round_id", "unit", "role", "submitted_on", "answers"]
    );
    let date: String = sqlx::query_scalar("SELECT submitted_on FROM responses")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(
        date.len() == 10 && date.as_bytes()[4] == b'-' && date.as_bytes()[7] == b'-',
        "{date}"
    );
    // The token table has no column that points at a response.
    let token_cols: Vec<String> =
        sqlx::query_scalar("SELECT name FROM pragma_table_info('submission_tokens')")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(token_cols, ["token", "used_on"]);
}

#[tokio::test]
async fn validation_errors_keep_every_answer_and_name_the_field() {
    let (env, server, client) = TestEnv::with_open_survey();
    let token = form_token(&client, &server, "2026").await;
    // The whole form in one post, with the unit missing: the unit's screen
    // is shown with its error, and every answer is kept for the others.
    let (status, _, body) = post_form(
        &client,
        &server.url("/s/2026"),
        &[
            ("_token", &token),
            ("unit", ""),
            ("role", "ansatt"),
            ("trapp.skole.now", "3"),
            ("trapp.skole.goal", "2"),
            ("plakat.p04", "4"),
            ("plakat.p05", "vet_ikke"),
            ("kommentar", "Mitt <svar> & mer"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    let doc = html(&body);
    // The message sits next to its field and is tied to it for screen readers.
    let unit_err = select(&doc, "#unit-err");
    assert_eq!(unit_err.len(), 1);
    assert!(
        unit_err[0]
            .text()
            .collect::<String>()
            .contains("Velg enheten")
    );
    assert_eq!(
        select(&doc, "select#unit[aria-describedby=unit-err]").len(),
        1
    );
    assert!(body.contains("Skjemaet har én feil"), "{body}");
    assert_eq!(
        select(&doc, "input[name=_token]")[0].value().attr("value"),
        Some(token.as_str())
    );
    // The unit given, the stair's screen comes next, with its answers.
    let (status, body) = post_screen(
        &client,
        &server.url("/s/2026"),
        &[
            ("_token", &token),
            ("_step", "rolle"),
            ("role", "ansatt"),
            ("unit", "Kulturskolen"),
        ],
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(input_value(&body, "_step"), "samhandlingstrappa:skole");
    let doc = html(&body);
    assert_eq!(
        select(&doc, "input[name='trapp.skole.now'][value='3'][checked]").len(),
        1
    );
    // A value outside the scale (a forged post) is named at its field.
    let (status, body) = post_screen(
        &client,
        &server.url("/s/2026"),
        &[
            ("_token", &token),
            ("_step", "samhandlingstrappa:skole"),
            ("trapp.skole.now", "3"),
            ("trapp.skole.goal", "7"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    let doc = html(&body);
    let goal_err = select(&doc, "#f-trapp-skole-goal-err");
    assert!(
        goal_err[0]
            .text()
            .collect::<String>()
            .contains("utenfor skalaen 1–4")
    );
    let links: Vec<&str> = select(&doc, ".summary a")
        .iter()
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(links, ["#f-trapp-skole-goal"]);
    // The statements' screens still hold what was typed at the start.
    let (_, body) = post_screen(
        &client,
        &server.url("/s/2026"),
        &[
            ("_token", &token),
            ("_step", "samhandlingstrappa:skole"),
            ("trapp.skole.now", "3"),
            ("trapp.skole.goal", "3"),
        ],
    )
    .await;
    let doc = html(&body);
    assert_eq!(
        select(&doc, "input[name='plakat.p04'][value='4'][checked]").len(),
        1
    );
    assert_eq!(
        select(&doc, "input[name='plakat.p05'][value=vet_ikke][checked]").len(),
        1
    );
    let (_, body) = post_screen(
        &client,
        &server.url("/s/2026"),
        &[
            ("_token", &token),
            ("_step", "innovasjonsplakaten-p01"),
            ("plakat.p04", "4"),
            ("plakat.p05", "vet_ikke"),
        ],
    )
    .await;
    let text = select(&html(&body), "textarea[name=kommentar]")[0]
        .text()
        .collect::<String>();
    assert_eq!(text, "Mitt <svar> & mer");
    assert_eq!(env.export_rows("2026").len(), 0, "nothing is stored");
}

#[tokio::test]
async fn a_second_click_or_refresh_stores_nothing_twice() {
    let (env, server, client) = TestEnv::with_open_survey();
    let token = form_token(&client, &server, "2026").await;
    let fields = [
        ("_token", token.as_str()),
        ("unit", "Kulturskolen"),
        ("role", "ansatt"),
        ("plakat.p01", "3"),
    ];
    for _ in 0..3 {
        let (status, location, _) = post_form(&client, &server.url("/s/2026"), &fields).await;
        assert_eq!(status, 303);
        assert_eq!(location.as_deref(), Some("/s/2026/takk?lang=nb"));
    }
    assert_eq!(env.export_rows("2026").len(), 1);
    // A new form load gives a new token, and so a new response.
    let token2 = form_token(&client, &server, "2026").await;
    assert_ne!(token, token2);
    let fields2 = [
        ("_token", token2.as_str()),
        ("unit", "Kulturskolen"),
        ("role", "ansatt"),
    ];
    assert_eq!(
        post_form(&client, &server.url("/s/2026"), &fields2).await.0,
        303
    );
    assert_eq!(env.export_rows("2026").len(), 2);
}

#[tokio::test]
async fn closed_and_unknown_rounds_get_a_clear_page() {
    let (env, server, client) = TestEnv::with_open_survey();
    let token = form_token(&client, &server, "2026").await;
    env.ok(&["round", "close", "2026"]);

    let page = client.get(server.url("/s/2026")).send().await.unwrap();
    assert_eq!(page.status(), 403);
    let body = page.text().await.unwrap();
    assert!(body.contains("Undersøkelsen er stengt"), "{body}");

    let fields = [
        ("_token", token.as_str()),
        ("unit", "Kulturskolen"),
        ("role", "ansatt"),
    ];
    let (status, _, body) = post_form(&client, &server.url("/s/2026"), &fields).await;
    assert_eq!(status, 403);
    assert!(body.contains("tar ikke imot svar"));
    assert_eq!(env.export_rows("2026").len(), 0);

    let start = client
        .get(server.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(start.contains("Ingen undersøkelser er åpne"));

    let page = client.get(server.url("/s/2031")).send().await.unwrap();
    assert_eq!(page.status(), 404);
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("ingen undersøkelse som heter «2031»")
    );
}

#[tokio::test]
async fn forged_posts_are_refused_with_a_reason() {
    let (env, server, client) = TestEnv::with_open_survey();
    let url = server.url("/s/2026");
    let (status, _, body) = post_form(
        &client,
        &url,
        &[("unit", "Kulturskolen"), ("role", "ansatt")],
    )
    .await;
    assert_eq!(status, 400);
    assert!(body.contains("mangler sin nøkkel"));
    let token = form_token(&client, &server, "2026").await;
    let fields = [
        ("_token", token.as_str()),
        ("unit", "Kulturskolen"),
        ("role", "ansatt"),
        ("ip", "1.2.3.4"),
    ];
    let (status, _, body) = post_form(&client, &url, &fields).await;
    assert_eq!(status, 400);
    assert!(body.contains("ip"), "{body}");
    let fields = [
        ("_token", token.as_str()),
        ("unit", "Finnes ikke"),
        ("role", "ansatt"),
    ];
    let (status, _, body) = post_form(&client, &url, &fields).await;
    assert_eq!(status, 422);
    assert!(body.contains("Enheten finnes ikke"));
    assert_eq!(env.export_rows("2026").len(), 0);
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let (_env, server, client) = TestEnv::with_open_survey();
    for path in [
        "/",
        "/s/2026",
        "/s/1999",
        "/admin",
        "/login",
        "/static/trappa.css",
        "/finnes/ikke",
    ] {
        let resp = client.get(server.url(path)).send().await.unwrap();
        let h = resp.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"),
            "{path}"
        );
        assert!(
            !csp.contains("script-src"),
            "no script is allowed anywhere: {path}"
        );
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
        if !path.starts_with("/static/") {
            assert_eq!(h["cache-control"], "no-store", "{path}");
        }
    }
}

#[tokio::test]
async fn an_oversized_post_is_refused_with_a_reason() {
    let (env, server, client) = TestEnv::with_open_survey();
    let token = form_token(&client, &server, "2026").await;
    let huge = "x".repeat(400 * 1024);
    let fields = [
        ("_token", token.as_str()),
        ("unit", "Kulturskolen"),
        ("role", "ansatt"),
        ("kommentar", huge.as_str()),
    ];
    let (status, _, body) = post_form(&client, &server.url("/s/2026"), &fields).await;
    assert_eq!(status, 413);
    assert!(body.contains("Kort ned fritekstene"), "{body}");
    // Within the limit but over the question's own maximum: a field error.
    let long = "y".repeat(2001);
    let fields = [
        ("_token", token.as_str()),
        ("unit", "Kulturskolen"),
        ("role", "ansatt"),
        ("kommentar", long.as_str()),
    ];
    let (status, _, body) = post_form(&client, &server.url("/s/2026"), &fields).await;
    assert_eq!(status, 422);
    assert!(body.contains("2001 tegn, høyst 2000"));
    assert_eq!(env.export_rows("2026").len(), 0);
}

#[tokio::test]
async fn the_staff_pages_travel_compressed_and_signed_in_pages_do_not() {
    let env = TestEnv::new();
    env.ok(&["demo"]);
    let server = env.spawn_server();
    let client = client();
    let fetch = |path: &str| {
        // A screen's own address (a new visit is sent on to it).
        let path = if path.starts_with("/s/") && !path.contains("steg=") {
            format!("{path}&steg=rolle")
        } else {
            path.to_string()
        };
        let request = client
            .get(server.url(&path))
            .header("accept-encoding", "gzip");
        async move {
            let resp = request.send().await.unwrap();
            let encoding = resp
                .headers()
                .get("content-encoding")
                .map(|v| v.to_str().unwrap().to_string());
            (encoding, resp.bytes().await.unwrap().len())
        }
    };
    // The form of the demo's round (six partners) in English, its longest
    // language, is far below the 30 KB budget on the wire.
    let (encoding, bytes) = fetch("/s/2026?lang=en").await;
    assert_eq!(encoding.as_deref(), Some("gzip"));
    assert!(bytes < 8 * 1024, "{bytes} bytes");
    let (encoding, _) = fetch("/static/trappa.css").await;
    assert_eq!(encoding.as_deref(), Some("gzip"));
    // Pages that carry a session's CSRF token are never compressed, so a
    // compression side channel has no secret to find.
    login_admin(&client, &server).await;
    for path in ["/admin", "/rapporter", "/login"] {
        let (encoding, _) = fetch(path).await;
        assert_eq!(encoding, None, "{path}");
    }
}

/// The stair offers "Vi samarbeider ikke med denne parten" on each
/// partner's current step (not on the goal), in the page's language; the
/// answer is stored as itself, apart from "vet ikke" and from a blank.
#[tokio::test]
async fn a_partner_the_unit_does_not_work_with_is_an_answer_of_its_own() {
    let (env, server, client) = TestEnv::with_open_survey();
    for (lang, words) in [
        ("nb", "Vi samarbeider ikke med denne parten"),
        ("nn", "Vi samarbeider ikkje med denne parten"),
        ("en", "We do not work with this partner"),
    ] {
        let visitor = crate::helpers::client();
        let url = server.url(&format!("/s/2026?lang={lang}"));
        let token = form_token_at(&visitor, &url).await;
        let (status, page) = post_screen(
            &visitor,
            &url,
            &[
                ("_token", &token),
                ("_step", "rolle"),
                ("role", "ansatt"),
                ("unit", "Plan, miljø og landbruk"),
            ],
        )
        .await;
        assert_eq!(status, 200);
        let doc = html(&page);
        let nows = select(
            &doc,
            "input[type=radio][name$='.now'][value=samarbeider_ikke]",
        );
        let steps = select(&doc, "input[type=radio][name$='.now'][value='1']");
        assert!(!steps.is_empty(), "{lang}: a stair screen");
        assert_eq!(
            nows.len(),
            steps.len(),
            "{lang}: on every partner's current step"
        );
        let goals = select(&doc, "input[name$='.goal'][value=samarbeider_ikke]");
        assert!(goals.is_empty(), "{lang}: not on the goal");
        assert_eq!(page.matches(words).count(), steps.len(), "{lang}");
    }
    let token = form_token(&client, &server, "2026").await;
    let (status, _, _) = post_form(
        &client,
        &server.url("/s/2026"),
        &[
            ("_token", &token),
            ("unit", "Kulturskolen"),
            ("role", "ansatt"),
            ("trapp.skole.now", "samarbeider_ikke"),
            ("trapp.skole.goal", "2"),
            ("trapp.frivillighet.now", "vet_ikke"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let rows = env.export_rows("2026");
    assert_eq!(cell(&rows[0], "trapp.skole.now"), "samarbeider ikke");
    assert_eq!(cell(&rows[0], "trapp.skole.goal"), "2");
    assert_eq!(cell(&rows[0], "trapp.frivillighet.now"), "vet ikke");
    assert_eq!(cell(&rows[0], "trapp.frivillighet.goal"), "");
    // On the goal it is no answer: the form says so, and keeps the rest.
    let token = form_token(&client, &server, "2026").await;
    let (status, _, page) = post_form(
        &client,
        &server.url("/s/2026"),
        &[
            ("_token", &token),
            ("unit", "Kulturskolen"),
            ("role", "ansatt"),
            ("trapp.skole.goal", "samarbeider_ikke"),
        ],
    )
    .await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("som ikke har «samarbeider ikke»"), "{page}");
    assert_eq!(env.export_rows("2026").len(), 1);
}
