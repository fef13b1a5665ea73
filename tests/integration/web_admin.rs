//! Admin pages: closed to anyone not signed in; counts per unit.

use crate::helpers::*;

#[tokio::test]
async fn admin_pages_need_a_login_and_show_counts() {
    let env = TestEnv::new();
    env.open_round();
    let server = env.spawn_server();
    let password = server
        .admin_password
        .clone()
        .expect("password printed at first start");
    let client = client();

    for path in [
        "/admin",
        "/admin/rounds/2026",
        "/admin/rounds/2026/export.csv",
    ] {
        let resp = client.get(server.url(path)).send().await.unwrap();
        assert_eq!(resp.status(), 303, "{path}");
        assert!(
            resp.headers()["location"]
                .to_str()
                .unwrap()
                .starts_with("/login?next=%2Fadmin"),
            "{path}"
        );
    }
    let (status, _, _) = post_form(&client, &server.url("/admin/rounds/2026/close"), &[]).await;
    assert_eq!(status, 303);
    assert!(
        env.ok(&["round", "list"]).contains("åpen"),
        "closing needs a login"
    );

    let (status, _, body) = post_form(
        &client,
        &server.url("/login"),
        &[("name", "admin"), ("password", "feil-passord")],
    )
    .await;
    assert_eq!(status, 401);
    assert!(body.contains("Feil brukernavn eller passord"));
    let (status, location, _) = post_form(
        &client,
        &server.url("/login"),
        &[("name", "admin"), ("password", &password)],
    )
    .await;
    assert_eq!((status, location.as_deref()), (303, Some("/admin")));
    let csrf = csrf_token(&client, &server).await;

    // One response, then the counts page shows it against the unit.
    let token = form_token(&client, &server, "2026").await;
    let fields = [
        ("_token", token.as_str()),
        ("unit", "Plan, miljø og landbruk"),
        ("role", "ansatt"),
    ];
    assert_eq!(
        post_form(&client, &server.url("/s/2026"), &fields).await.0,
        303
    );
    let page = client
        .get(server.url("/admin/rounds/2026"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let doc = html(&page.text().await.unwrap());
    let rows: Vec<String> = select(&doc, "table tbody tr")
        .iter()
        .map(|r| r.text().collect::<Vec<_>>().join("|"))
        .collect();
    assert!(
        rows.iter()
            .any(|r| r == "Plan, miljø og landbruk|1|12|8\u{a0}%"),
        "{rows:?}"
    );
    assert!(rows.iter().any(|r| r == "Kulturskolen|0|–|–"), "{rows:?}");

    let status = env.ok(&["status", "--round", "2026"]);
    let line = status
        .lines()
        .find(|l| l.starts_with("Plan, miljø og landbruk"))
        .unwrap();
    assert_eq!(
        line.split_whitespace().rev().take(4).collect::<Vec<_>>(),
        ["%", "8", "12", "1"]
    );

    let (status, _, _) = post_form(
        &client,
        &server.url("/admin/rounds"),
        &[("name", "2027"), ("like", "2026"), ("_csrf", &csrf)],
    )
    .await;
    assert_eq!(status, 303);
    let list = env.ok(&["round", "list"]);
    assert!(list.contains("2027\tikke åpnet ennå\tSolvik"), "{list}");
    let (status, _, _) = post_form(
        &client,
        &server.url("/admin/rounds/2026/close"),
        &[("_csrf", &csrf), ("confirm", "1")],
    )
    .await;
    assert_eq!(status, 303);
    assert!(env.ok(&["round", "list"]).contains("2026\tstengt"));
    let csv = client
        .get(server.url("/admin/rounds/2026/export.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), 200);
    assert!(
        csv.text()
            .await
            .unwrap()
            .starts_with("round,unit,role,trapp.skole.now")
    );
}

#[tokio::test]
async fn admin_reads_and_downloads_the_reports() {
    let env = TestEnv::new();
    env.ok(&["demo"]);
    let server = env.spawn_server();
    let client = client();
    let resp = client
        .get(server.url("/rapporter/2026?kind=summary"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303, "reports need a login");
    login_admin(&client, &server).await;

    let page = client
        .get(server.url("/admin/rounds/2026"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let doc = html(&page);
    let links: Vec<String> = select(&doc, "ul.reports a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert!(links.len() >= 4 + 2 * 10, "{links:?}");
    for (href, needle) in [
        ("/rapporter/2026?kind=leader", "lederrapport"),
        ("/rapporter/2026?kind=summary", "Kort fortalt"),
    ] {
        let resp = client.get(server.url(href)).send().await.unwrap();
        assert_eq!(resp.status(), 200, "{href}");
        assert!(resp.text().await.unwrap().contains(needle), "{href}");
    }
    // A unit link from the page, with its name encoded.
    let unit = links
        .iter()
        .find(|l| l.contains("kind=unit") && l.contains("Plan") && !l.contains("/pdf"))
        .unwrap();
    let resp = client.get(server.url(unit)).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    assert!(
        resp.text()
            .await
            .unwrap()
            .contains("Plan, miljø og landbruk – samhandling")
    );

    let resp = client
        .get(server.url("/rapporter/2026?kind=kake"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    let resp = client
        .get(server.url("/rapporter/1999"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 404);

    if std::path::Path::new("/usr/bin/chromium").exists() {
        let resp = client
            .get(server.url("/rapporter/2026/pdf?kind=summary"))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200);
        assert_eq!(resp.headers()["content-type"], "application/pdf");
        assert!(resp.bytes().await.unwrap().starts_with(b"%PDF"));
    } else {
        assert!(std::env::var("CI").is_err(), "CI must install chromium");
    }
}

#[tokio::test]
async fn deleting_a_rounds_responses_needs_confirmation_and_is_logged() {
    let env = TestEnv::new();
    env.ok(&["demo"]);
    let before = env.export_rows("2025").len();
    assert!(before > 100);
    // The CLI only says what would happen without --yes.
    let out = env.run(&["round", "delete-responses", "2025"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("har {before} svar")));
    assert_eq!(env.export_rows("2025").len(), before);

    let server = env.spawn_server();
    let client = client();
    let url = server.url("/admin/rounds/2025/delete-responses");
    assert_eq!(
        post_form(&client, &url, &[("confirm", "2025")]).await.0,
        303
    );
    assert_eq!(env.export_rows("2025").len(), before, "a login is needed");
    login_admin(&client, &server).await;
    let csrf = csrf_token(&client, &server).await;
    let (status, _, _) = post_form(&client, &url, &[("confirm", "2025")]).await;
    assert_eq!(status, 403, "the form token is needed");
    assert_eq!(env.export_rows("2025").len(), before);
    let (_, location, _) = post_form(&client, &url, &[("confirm", "2024"), ("_csrf", &csrf)]).await;
    let location = location.unwrap();
    assert_eq!(
        location, "/admin/rounds/2025",
        "back to the page the action was taken from"
    );
    let page = get_text(&client, &server, &location).await;
    assert!(page.contains("role=\"alert\""), "{page}");
    assert!(page.contains("Ingenting er slettet"), "{page}");
    assert_eq!(
        env.export_rows("2025").len(),
        before,
        "a wrong confirmation deletes nothing"
    );
    post_form(&client, &url, &[("confirm", "2025"), ("_csrf", &csrf)]).await;
    assert_eq!(env.export_rows("2025").len(), 0);
    assert!(
        env.export_rows("2024").len() > 100,
        "other rounds are untouched"
    );

    env.ok(&["round", "delete-responses", "2026", "--yes"]);
    let log = env.ok(&["audit"]);
    // (The round's page publishes a closed round it finds unpublished.)
    let lines: Vec<&str> = log.lines().filter(|l| l.contains("slettet svar")).collect();
    assert_eq!(lines.len(), 2, "{log}");
    assert!(
        lines[0].contains("runde 2026") && lines[1].contains(&format!("runde 2025: {before} svar")),
        "{log}"
    );
}

/// The admin page says only its own messages: a link with any text in it
/// (`/admin?error=…`) cannot put words on the administrator's page.
#[tokio::test]
async fn the_admin_page_shows_no_text_from_the_address() {
    let env = TestEnv::new();
    env.open_round();
    let server = env.spawn_server();
    let c = client();
    login_admin(&c, &server).await;
    let planted = "Ring IT-support på 12345678";
    for query in [
        format!("error={}", urlencode(planted)),
        format!("message={}", urlencode(planted)),
        format!("say=admin-round-created&id={}", urlencode(planted)),
    ] {
        let page = get_text(&c, &server, &format!("/admin?{query}")).await;
        assert!(!page.contains("12345678"), "{query}");
    }
    // Its own messages still arrive after an action.
    let token = csrf_token(&c, &server).await;
    let (code, location, _) = post_form(
        &c,
        &server.url("/admin/rounds/2026/close"),
        &[("_csrf", token.as_str()), ("confirm", "1")],
    )
    .await;
    assert_eq!(code, 303);
    let page = get_text(&c, &server, &location.unwrap()).await;
    assert!(page.contains("2026"), "{page}");
    assert!(page.contains("role=\"status\""), "{page}");
}

/// PDFs are printed a few at a time: a burst of requests gets some PDFs and
/// for the rest a 503 with Retry-After, never a pile of Chromium processes.
#[tokio::test]
async fn pdf_jobs_are_limited_and_the_rest_asked_to_retry() {
    if trappa::report::pdf::find_chromium().is_none() {
        assert!(std::env::var("CI").is_err(), "CI must install chromium");
        eprintln!("SKIPPED: chromium missing");
        return;
    }
    let env = TestEnv::new();
    env.ok(&["demo"]);
    let server = env.spawn_server();
    let c = client();
    login_admin(&c, &server).await;
    let url = server.url("/rapporter/2025/pdf?kind=summary");
    let requests: Vec<_> = (0..8).map(|_| c.get(&url).send()).collect();
    let responses = futures_util::future::join_all(requests).await;
    let mut ok = 0;
    let mut busy = 0;
    for r in responses {
        let r = r.unwrap();
        match r.status().as_u16() {
            200 => ok += 1,
            503 => {
                assert!(r.headers().contains_key("retry-after"));
                busy += 1;
            }
            other => panic!("status {other}"),
        }
    }
    assert!(ok >= 1, "some PDFs are printed");
    assert!(
        busy >= 1,
        "8 at once on 2 cores: some are asked to retry ({ok} printed)"
    );
}

/// A round's title, units and invited counts change from the browser until
/// its first answer; a unit with codes stays; after an answer the page says
/// why nothing can change, and a forged post changes nothing.
#[tokio::test]
async fn a_round_is_edited_until_its_first_answer() {
    let env = TestEnv::new();
    std::fs::write(env.path("round.toml"), ROUND_FILE).unwrap();
    env.ok(&["round", "create", "2026", "--file", "round.toml"]);
    let server = env.spawn_server();
    let admin = client();
    login_admin(&admin, &server).await;
    let token = csrf_token(&admin, &server).await;
    let round_page = get_text(&admin, &server, "/admin/rounds/2026").await;
    assert!(
        round_page.contains("/admin/rounds/2026/endre"),
        "{round_page}"
    );
    let form = get_text(&admin, &server, "/admin/rounds/2026/endre").await;
    assert!(form.contains("Plan, miljø og landbruk; 12"), "{form}");

    // A bad line is named, and nothing changes.
    let url = server.url("/admin/rounds/2026/endre");
    let (status, _, body) = post_form(
        &admin,
        &url,
        &[
            ("_csrf", &token),
            ("title", "Ny tittel"),
            ("units", "Kulturskolen; mange\nKulturskolen\nTorget; 0"),
        ],
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body.contains("«mange» er ikke et antall inviterte"),
        "{body}"
    );
    assert!(body.contains("«Kulturskolen» står to ganger"), "{body}");
    let status = env.ok(&["status", "--round", "2026"]);
    assert!(status.contains("Solvik barneskole"), "{status}");

    // Codes for one unit: it cannot be removed.
    env.invite("2026", "Kulturskolen", 3);
    let (status, _, body) = post_form(
        &admin,
        &url,
        &[
            ("_csrf", &token),
            ("title", "Ny tittel"),
            ("units", "Solvik barneskole; 40"),
        ],
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body.contains("«Kulturskolen» har invitasjonskoder"),
        "{body}"
    );

    // A good change: title, a new unit, a changed count, one unit gone.
    let (status, location, _) = post_form(
        &admin,
        &url,
        &[
            ("_csrf", &token),
            ("title", "Samhandling 2026, rettet"),
            (
                "units",
                "Kulturskolen\nSolvik barneskole; 40\nSolvik ungdomsskole; 25",
            ),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let page = get_text(&admin, &server, location.as_deref().unwrap()).await;
    assert!(
        page.contains("Endringene i runde 2026 er lagret."),
        "{page}"
    );
    assert!(page.contains("Samhandling 2026, rettet"), "{page}");
    assert!(page.contains("Solvik ungdomsskole"), "{page}");
    assert!(!page.contains("Plan, miljø og landbruk"), "{page}");
    let log = env.ok(&["audit"]);
    assert!(log.contains("endret runde"), "{log}");

    // The first answer ends it: the page says why, the post is refused.
    env.ok(&["round", "open", "2026"]);
    let form_client = client();
    let form_token = form_token(&form_client, &server, "2026").await;
    let (status, _, _) = post_form(
        &form_client,
        &server.url("/s/2026"),
        &[
            ("_token", &form_token),
            ("unit", "Solvik ungdomsskole"),
            ("role", "ansatt"),
            ("plakat.p01", "4"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let round_page = get_text(&admin, &server, "/admin/rounds/2026").await;
    assert!(
        !round_page.contains("/admin/rounds/2026/endre"),
        "{round_page}"
    );
    let form = get_text(&admin, &server, "/admin/rounds/2026/endre").await;
    assert!(form.contains("kan ikke lenger endres"), "{form}");
    let (status, _, _) = post_form(
        &admin,
        &url,
        &[
            ("_csrf", &token),
            ("title", "Endret etter svar"),
            ("units", "Solvik ungdomsskole"),
        ],
    )
    .await;
    assert_eq!(status, 409);
    let status = env.ok(&["status", "--round", "2026"]);
    assert!(status.contains("Kulturskolen"), "{status}");
    // Deleting the answers does not open it again: reports already read
    // could be set against the same answers grouped anew.
    env.ok(&["round", "delete-responses", "2026", "--yes"]);
    let round_page = get_text(&admin, &server, "/admin/rounds/2026").await;
    assert!(
        !round_page.contains("/admin/rounds/2026/endre"),
        "{round_page}"
    );
    let form = get_text(&admin, &server, "/admin/rounds/2026/endre").await;
    assert!(form.contains("har hatt svar, som er slettet"), "{form}");
    let (status, _, _) = post_form(
        &admin,
        &url,
        &[
            ("_csrf", &token),
            ("title", "Endret etter sletting"),
            ("units", "Solvik ungdomsskole; ; Oppvekst"),
        ],
    )
    .await;
    assert_eq!(status, 409);
}

/// Unit names may hold a semicolon: the edit form writes them so that
/// saving the form unchanged changes nothing.
#[tokio::test]
async fn saving_the_edit_form_unchanged_keeps_names_with_semicolons() {
    let env = TestEnv::new();
    std::fs::write(
        env.path("round.toml"),
        "municipality = \"Solvik\"\ninstruments = [\"innovasjonsplakaten\"]\nunits = [\"Helse; omsorg\", \"Skole; 2\", { name = \"Teknisk; drift\", invited = 9 }, { name = \"Bibliotek; filial\", area = \"Kultur\" }, { name = \"Kino; 3\", invited = 4, area = \"Kultur 2\" }]\n",
    )
    .unwrap();
    env.ok(&["round", "create", "2026", "--file", "round.toml"]);
    let before = env.ok(&["status", "--round", "2026"]);
    let server = env.spawn_server();
    let admin = client();
    login_admin(&admin, &server).await;
    let token = csrf_token(&admin, &server).await;
    let form = get_text(&admin, &server, "/admin/rounds/2026/endre").await;
    let doc = html(&form);
    let units = select(&doc, "textarea#units")[0].text().collect::<String>();
    let title = input_value(&form, "title");
    let (status, _, body) = post_form(
        &admin,
        &server.url("/admin/rounds/2026/endre"),
        &[("_csrf", &token), ("title", &title), ("units", &units)],
    )
    .await;
    assert_eq!(status, 303, "{units}\n{body}");
    assert_eq!(env.ok(&["status", "--round", "2026"]), before);
    // And the service areas, too.
    let store = env.store().await;
    let round = store.round("2026").await.unwrap().unwrap();
    assert_eq!(
        trappa::survey::round::areas_of(&round.units),
        vec![
            ("Kultur".to_string(), vec!["Bibliotek; filial".to_string()]),
            ("Kultur 2".to_string(), vec!["Kino; 3".to_string()]),
        ]
    );
}

/// Late answers to a closed round reach leaders only when publishing them
/// gives no one away: one late answer leaves what leaders read as it was,
/// and the round's page says why it cannot be published; a batch that
/// changes every figure it touches by k answers or more can be.
#[tokio::test]
async fn late_answers_reach_leaders_only_when_publishing_them_gives_no_one_away() {
    let env = TestEnv::new();
    env.ok(&["demo"]);
    let server = env.spawn_server();
    let admin = client();
    login_admin(&admin, &server).await;
    let leader = client();
    let mut units: Vec<String> = env
        .export_rows("2025")
        .iter()
        .map(|r| cell(r, "unit").to_string())
        .collect();
    units.sort();
    units.dedup();
    let unit_names: Vec<&str> = units.iter().map(String::as_str).collect();
    let password = env.add_user("leder", "leader", &unit_names);
    login(&leader, &server, "leder", &password).await;
    let read = || async {
        let text = get_text(&leader, &server, "/rapporter/2025/json?kind=leader").await;
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        json["analysis"].clone()
    };
    let before = read().await;
    // The unit whose every figure is shown, with the most respondents.
    let shown = |v: &serde_json::Value| !v.is_null() && v.get("hidden").is_none();
    let unit = before["by_unit"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| shown(&b["respondents"]))
        .filter(|b| b["statements"].as_array().unwrap().iter().all(shown))
        .filter(|b| {
            b["stair"]
                .as_array()
                .unwrap()
                .iter()
                .all(|s| shown(s) && !s["n_goal"].is_null())
        })
        .max_by_key(|b| b["respondents"].as_u64().unwrap())
        .expect("a unit with every figure shown");
    let name = unit["name"].as_str().unwrap().to_string();
    assert!(units.contains(&name));
    let n_before = unit["respondents"].as_u64().unwrap();
    // Late answers in that unit, as an ansatt, answering every question.
    let template = env.export_rows("2025")[0].clone();
    let late = |count: usize| -> String {
        let header: Vec<&str> = template.iter().map(|(c, _)| c.as_str()).collect();
        let mut out = header.join(",") + "\n";
        for _ in 0..count {
            let row: Vec<String> = template
                .iter()
                .map(|(c, v)| match c.as_str() {
                    "round" => "2025".into(),
                    "unit" => name.clone(),
                    "role" => "ansatt".into(),
                    c if c.starts_with("plakat.") => "4".into(),
                    c if c.ends_with(".now") => "2".into(),
                    c if c.ends_with(".goal") => "3".into(),
                    _ if v.contains(',') => String::new(),
                    _ => String::new(),
                })
                .collect();
            out.push_str(&row.join(","));
            out.push('\n');
        }
        out
    };
    std::fs::write(env.path("late.csv"), late(1)).unwrap();
    env.ok(&["import", "late.csv", "--round", "2025"]);
    assert_eq!(
        read().await,
        before,
        "one late answer changes nothing leaders read"
    );
    let page = get_text(&admin, &server, "/admin/rounds/2025").await;
    assert!(
        page.contains("Endringen kan ikke publiseres ennå"),
        "{page}"
    );
    // One late answer changes every figure of its unit by one: named once,
    // the figures by kind ("påstandene 1–10"), not one line each.
    let problem = page
        .split("<li>")
        .find(|li| li.contains("endres av 1 svar (minst 5 må til)"))
        .unwrap_or_default();
    assert!(
        problem.contains(&format!("enheten {name}")) && problem.contains("påstandene 1–"),
        "{page}"
    );
    // A few lines (how they group depends on which figures the data
    // shows), never one a figure: this unit alone has over 30.
    let lines = page.matches("endres av 1 svar").count();
    assert!((1..=3).contains(&lines), "{lines} lines: {page}");
    assert!(
        !page.contains("Publiser endringene"),
        "no button while it may not"
    );
    let csrf = csrf_token(&admin, &server).await;
    let (status, location, _) = post_form(
        &admin,
        &server.url("/admin/rounds/2025/publish"),
        &[("_csrf", &csrf)],
    )
    .await;
    assert_eq!(status, 303);
    let location = location.unwrap();
    assert_eq!(location, "/admin/rounds/2025");
    let said = get_text(&admin, &server, &location).await;
    assert!(said.contains("er ikke publisert"), "{said}");
    assert_eq!(read().await, before);
    let out = env.run(&["round", "publish", "2025"]);
    assert_eq!(out.status.code(), Some(3));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("publiseres ikke ennå") && said.contains(&format!("enheten «{name}»")),
        "{said}"
    );
    // Nine more: ten late answers, every figure they touch changes by ten;
    // the import publishes them.
    std::fs::write(env.path("late.csv"), late(9)).unwrap();
    let said = env.ok(&["import", "late.csv", "--round", "2025"]);
    assert!(
        said.contains("De nye svarene er publisert (versjon 2)"),
        "{said}"
    );
    let page = get_text(&admin, &server, "/admin/rounds/2025").await;
    assert!(!page.contains("Endringen kan ikke publiseres"), "{page}");
    let after = read().await;
    let unit_after = after["by_unit"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["name"] == name.as_str())
        .unwrap();
    assert_eq!(unit_after["respondents"].as_u64().unwrap(), n_before + 10);
    let log = env.ok(&["audit"]);
    assert!(
        log.contains("publiserte resultater\trunde 2025: versjon 2"),
        "{log}"
    );
}

/// A reopened round goes on showing leaders its published results, not
/// its live counts (which, set against the results, could pin a count the
/// results hide); its answers come in apart from what they read.
#[tokio::test]
async fn a_reopened_round_shows_leaders_its_published_results() {
    let env = TestEnv::new();
    env.ok(&["demo"]);
    let server = env.spawn_server();
    let password = env.add_user("leder", "leader", &["Solvik barneskole"]);
    let leader = client();
    login(&leader, &server, "leder", &password).await;
    let before = get_text(&leader, &server, "/rapporter/2025/json?kind=summary").await;
    env.ok(&["round", "open", "2025"]);
    let page = get_text(&leader, &server, "/rapporter").await;
    assert!(page.contains("/rapporter/2025?kind=summary"), "{page}");
    assert_eq!(
        get_text(&leader, &server, "/rapporter/2025/json?kind=summary").await,
        before,
        "the published results, while the round is open again"
    );
}

/// The two texts for the politicians (seed 004): an administrator writes
/// them on the round's page; a text too long or with control characters is
/// refused, naming the field, with what was typed kept and nothing stored;
/// the summary prints them whole on the screen and, where too long for two
/// pages, cut with a mark in print (issue 27).
#[tokio::test]
async fn the_politicians_texts_are_written_in_the_browser_and_printed_in_the_summary() {
    let env = TestEnv::new();
    env.ok(&["demo"]);
    let server = env.spawn_server();
    let admin = client();
    login_admin(&admin, &server).await;
    let page = get_text(&admin, &server, "/admin/rounds/2025/tekster").await;
    assert!(
        page.contains("Innbyggerpanelet i helse og omsorg"),
        "the demo's text: {page}"
    );
    let csrf = csrf_token(&admin, &server).await;
    let url = server.url("/admin/rounds/2025/tekster");
    let before = env.store().await.round_texts("2025").await.unwrap();
    // 100 KB: refused, named, kept.
    let long = "Lang historie. ".repeat(7000);
    let (status, _, page) = post_form(
        &admin,
        &url,
        &[
            ("_csrf", &csrf),
            ("achieved", &long),
            ("direction", "Mer måling."),
        ],
    )
    .await;
    assert_eq!(status, 400, "{page}");
    assert!(
        page.contains(
            "«Nyskapingshistorier – hva vi har fått til» er for lang (105000 tegn, høyst 4000)"
        ),
        "{page}"
    );
    assert!(page.contains("Mer måling."), "what was typed is kept");
    assert!(page.contains("aria-invalid=\"true\""), "{page}");
    let (status, _, page) = post_form(
        &admin,
        &url,
        &[
            ("_csrf", &csrf),
            ("achieved", "Bra."),
            ("direction", "Bjelle\u{7}"),
        ],
    )
    .await;
    assert_eq!(status, 400);
    assert!(page.contains("har ugyldige kontrolltegn"), "{page}");
    assert_eq!(env.store().await.round_texts("2025").await.unwrap(), before);
    // A text longer than the printed summary holds.
    let story = format!(
        "{} Slutten av historien.",
        "Vi fikk til mye i år. ".repeat(30)
    );
    let (status, location, _) = post_form(
        &admin,
        &url,
        &[
            ("_csrf", &csrf),
            ("achieved", &story),
            ("direction", "Trykket bør ligge på gevinster."),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let round_page = get_text(&admin, &server, location.as_deref().unwrap()).await;
    assert!(round_page.contains("Tekstene til politikerne for runde 2025 er lagret"));
    assert!(round_page.contains("har egne tekster"));
    assert!(env.ok(&["audit"]).contains("tekster til politikerne"));
    // The summary on the screen: whole. In print: cut, with the mark.
    env.ok(&[
        "report", "--round", "2025", "--kind", "summary", "--out", "s.html",
    ]);
    let summary = std::fs::read_to_string(env.path("s.html")).unwrap();
    assert!(summary.contains("Slutten av historien."));
    assert!(summary.contains("Trykket bør ligge på gevinster."));
    assert!(summary.contains("kortet ned – hele teksten står på nettsiden"));
    if std::path::Path::new("/usr/bin/chromium").exists() {
        env.ok(&[
            "report", "--round", "2025", "--kind", "summary", "--pdf", "--out", "s.pdf",
        ]);
        let text = std::process::Command::new("pdftotext")
            .arg(env.path("s.pdf"))
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&text.stdout).replace('\n', " ");
        assert!(text.contains("Nyskapingshistorier"), "{text}");
        assert!(text.contains("hele teksten står på nettsiden"), "{text}");
        assert!(!text.contains("Slutten av historien"), "cut in print");
        let info = std::process::Command::new("pdfinfo")
            .arg(env.path("s.pdf"))
            .output()
            .unwrap();
        let info = String::from_utf8_lossy(&info.stdout);
        assert!(info.contains("Pages:           2"), "{info}");
    }
}

/// The same texts from the command line: shown, refused with the reason
/// and nothing stored, or saved.
#[test]
fn the_politicians_texts_are_written_from_the_command_line() {
    let env = TestEnv::new();
    env.ok(&["demo"]);
    let shown = env.ok(&["round", "texts", "2025"]);
    assert!(
        shown.contains("Nyskapingshistorier – hva vi har fått til:"),
        "{shown}"
    );
    assert!(
        shown.contains("Innbyggerpanelet i helse og omsorg"),
        "{shown}"
    );
    std::fs::write(env.path("lang.txt"), "x".repeat(5000)).unwrap();
    let out = env.run(&["round", "texts", "2025", "--achieved", "lang.txt"]);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "«Nyskapingshistorier – hva vi har fått til» er for lang (5000 tegn, høyst 4000)"
        ),
        "{err}"
    );
    assert_eq!(env.ok(&["round", "texts", "2025"]), shown, "nothing stored");
    std::fs::write(
        env.path("ny.txt"),
        "Vi satser på gevinster.\r\nOg på læring.",
    )
    .unwrap();
    env.ok(&["round", "texts", "2025", "--direction", "ny.txt"]);
    let now = env.ok(&["round", "texts", "2025"]);
    assert!(
        now.contains("Vi satser på gevinster.\nOg på læring."),
        "{now}"
    );
    assert!(now.contains("Innbyggerpanelet"), "the other text stays");
    let missing = env.run(&["round", "texts", "2099"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("runden «2099» finnes ikke"));
}
