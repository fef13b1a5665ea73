//! Group-work sheets (issue 27.3, Oppsummeringsark 1–3): typed in by an
//! administrator or a unit's leader, reordered with buttons, a success or
//! improvement area made an area for follow-up in one step, refused input
//! named by field with what was typed kept, shown in the leader, learning
//! and staff pages, and moved by CSV on the command line.

use scraper::{Html, Selector};

use crate::helpers::*;

fn texts(page: &str, selector: &str) -> Vec<String> {
    Html::parse_document(page)
        .select(&Selector::parse(selector).unwrap())
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

#[tokio::test]
async fn a_leader_types_in_what_the_groups_wrote_and_orders_it() {
    let env = TestEnv::new();
    env.ok(&["demo"]);
    let password = env.add_user("leder", "leader", &["Kulturskolen"]);
    let server = env.spawn_server();
    let leader = client();
    login(&leader, &server, "leder", &password).await;
    let token = csrf_token(&leader, &server).await;

    // The list: the municipality's sheets and the leader's unit's; the
    // leader makes sheets for their own unit only.
    let list = get_text(&leader, &server, "/oppfolging/2025/ark").await;
    assert!(list.contains("Dialogkafé i kommunestyresalen"), "{list}");
    assert!(list.contains("Lærende møte i Kulturskolen"));
    let units = texts(&list, "#sheet-unit option");
    assert_eq!(units, ["Kulturskolen"]);

    let new = |title: &'static str, held_on: &'static str, unit: &'static str| {
        let token = token.clone();
        let leader = leader.clone();
        let url = server.url("/oppfolging/2025/ark");
        async move {
            post_form(
                &leader,
                &url,
                &[
                    ("_csrf", &token),
                    ("kind", "priorities"),
                    ("title", title),
                    ("held_on", held_on),
                    ("method", "learning_meeting"),
                    ("unit", unit),
                ],
            )
            .await
        }
    };
    // Refused, named by field, what was typed kept.
    let (status, _, page) = new("  ", "2026-03-14", "Kulturskolen").await;
    assert_eq!(status, 400);
    assert!(page.contains("Arket trenger en tittel."), "{page}");
    assert!(page.contains("value=\"2026-03-14\""));
    let (status, _, page) = new("Personalmøte", "14.03.2026", "Kulturskolen").await;
    assert_eq!(status, 400);
    assert!(
        page.contains("Datoen må være en dato skrevet ÅÅÅÅ-MM-DD"),
        "{page}"
    );
    assert!(page.contains("value=\"Personalmøte\"") && page.contains("aria-invalid=\"true\""));
    // Another unit's, or the municipality's: not a leader's to make.
    assert_eq!(new("X", "2026-03-14", "Teknisk drift").await.0, 403);
    assert_eq!(new("X", "2026-03-14", "").await.0, 403);

    let (status, location, _) = new("Personalmøte i mars", "2026-03-14", "Kulturskolen").await;
    assert_eq!(status, 303);
    let sheet = location.unwrap();
    let id = sheet.rsplit('/').next().unwrap().to_string();
    let add = |text: String| {
        let (leader, token, url) = (
            leader.clone(),
            token.clone(),
            server.url(&format!("{sheet}/punkt")),
        );
        async move {
            post_form(
                &leader,
                &url,
                &[("_csrf", &token), ("section", "list"), ("text", &text)],
            )
            .await
        }
    };
    for point in [
        "Felles planlegging med skolene",
        "Flere konserter ute",
        "Måle om elevene blir",
    ] {
        assert_eq!(add(point.to_string()).await.0, 303);
    }
    // 100 KB in one point: refused with its length, the text kept.
    let long = "a".repeat(100_000);
    let (status, _, page) = add(long.clone()).await;
    assert_eq!(status, 400);
    assert!(
        page.contains("Punktet er for langt (100000 tegn, høyst 1000)."),
        "{}",
        &page[..2000.min(page.len())]
    );
    assert!(page.contains(&long[..2000]));
    assert_eq!(add("   ".into()).await.0, 400);

    // The third point up twice: first.
    for _ in 0..2 {
        let page = get_text(&leader, &server, &sheet).await;
        let at = Html::parse_document(&page)
            .select(&Selector::parse("ol.points li").unwrap())
            .nth(
                texts(&page, "ol.points li .point")
                    .iter()
                    .position(|t| t == "Måle om elevene blir")
                    .unwrap(),
            )
            .unwrap()
            .select(&Selector::parse("input[name=at]").unwrap())
            .next()
            .unwrap()
            .value()
            .attr("value")
            .unwrap()
            .to_string();
        let (status, _, _) = post_form(
            &leader,
            &server.url(&format!("{sheet}/flytt")),
            &[
                ("_csrf", &token),
                ("at", &at),
                ("point", "Måle om elevene blir"),
                ("dir", "up"),
            ],
        )
        .await;
        assert_eq!(status, 303);
    }
    let page = get_text(&leader, &server, &sheet).await;
    assert_eq!(
        texts(&page, "ol.points li .point"),
        [
            "Måle om elevene blir",
            "Felles planlegging med skolene",
            "Flere konserter ute"
        ]
    );
    // Remove the last; the same click again names a place that no longer
    // holds that point, and is refused (nothing else is removed).
    let remove = [
        ("_csrf", token.as_str()),
        ("at", "2"),
        ("point", "Flere konserter ute"),
    ];
    let url = server.url(&format!("{sheet}/fjern-punkt"));
    assert_eq!(post_form(&leader, &url, &remove).await.0, 303);
    let (status, _, page) = post_form(&leader, &url, &remove).await;
    assert_eq!(status, 400);
    assert!(
        page.contains("Arket er endret siden siden ble lastet"),
        "{page}"
    );
    let wrong = [
        ("_csrf", token.as_str()),
        ("at", "0"),
        ("point", "Flere konserter ute"),
    ];
    assert_eq!(post_form(&leader, &url, &wrong).await.0, 400);
    let page = get_text(&leader, &server, &sheet).await;
    assert_eq!(texts(&page, "ol.points li .point").len(), 2);
    let audit = env.ok(&["audit"]);
    assert!(
        audit.contains("nytt gruppeark") && audit.contains("punkt flyttet opp"),
        "{audit}"
    );
    assert!(audit.contains("punkt fjernet") && audit.contains("av leder"));

    // The leader report and the learning report show it, and the
    // municipality's; the staff page the municipality's priorities only.
    let report = get_text(&leader, &server, "/rapporter/2025?kind=leader").await;
    assert!(
        report.contains("Personalmøte i mars") && report.contains("Dialogkafé i kommunestyresalen")
    );
    let learning = get_text(&leader, &server, "/rapporter/2025?kind=learning").await;
    assert!(learning.contains("Personalmøte i mars"));
    let staff = get_text(&client(), &server, "/resultater/2025").await;
    assert!(staff.contains("Dialogkafé i kommunestyresalen"), "{staff}");
    assert!(
        !staff.contains("Personalmøte i mars") && !staff.contains("Lærende møte i Kulturskolen")
    );

    // A point of sheet 3 becomes an improvement area in one step.
    let sheets = env.store().await.sheets("2025").await.unwrap();
    let three = sheets
        .iter()
        .find(|s| s.title == "Lærende møte i Kulturskolen")
        .unwrap();
    let improve = three
        .items
        .iter()
        .position(|i| i.text == "Vi måler ikke om tiltakene våre virker")
        .unwrap()
        .to_string();
    let url = server.url(&format!("/oppfolging/ark/{}/omrade", three.id));
    let point = "Vi måler ikke om tiltakene våre virker";
    let (status, _, page) = post_form(
        &leader,
        &url,
        &[
            ("_csrf", &token),
            ("at", &improve),
            ("point", point),
            ("target", ""),
        ],
    )
    .await;
    assert_eq!(status, 400);
    assert!(page.contains("Velg utsagnet eller partneren området gjelder."));
    let (status, location, _) = post_form(
        &leader,
        &url,
        &[
            ("_csrf", &token),
            ("at", &improve),
            ("point", point),
            ("target", "statement:plakat.p10"),
        ],
    )
    .await;
    assert_eq!(status, 303, "{location:?}");
    let areas = env.store().await.areas("2025").await.unwrap();
    let made = areas
        .iter()
        .find(|a| a.why == "Vi måler ikke om tiltakene våre virker")
        .expect("the area");
    assert_eq!(made.unit.as_deref(), Some("Kulturskolen"));
    assert_eq!(made.purpose, trappa::learning::Purpose::Improve);

    // Another unit's sheet is not the leader's to read; a reader has none.
    let other = env
        .store()
        .await
        .add_sheet(
            &trappa::sheets::NewSheet {
                round: "2025".into(),
                unit: Some("Teknisk drift".into()),
                kind: trappa::sheets::SheetKind::Priorities,
                title: "Teknisk".into(),
                held_on: "2026-03-01".into(),
                method: trappa::sheets::Method::DialogueCafe,
            },
            "test",
        )
        .await
        .unwrap();
    assert_eq!(
        get_status(&leader, &server, &format!("/oppfolging/ark/{other}")).await,
        403
    );
    assert!(
        !get_text(&leader, &server, "/rapporter/2025?kind=leader")
            .await
            .contains("Teknisk</h3>")
    );
    assert_eq!(
        get_status(&leader, &server, "/oppfolging/ark/999999").await,
        404
    );

    // Nynorsk and English.
    let nn = get_text(&leader, &server, &format!("/oppfolging/ark/{id}?lang=nn")).await;
    assert!(nn.contains("Prioritert av deltakarane"));
    let en = get_text(&leader, &server, &format!("/oppfolging/ark/{id}?lang=en")).await;
    assert!(en.contains("Prioritised by the participants") && en.contains("Move point 1 down"));
    // The whole sheet goes.
    let (status, _, _) = post_form(
        &leader,
        &server.url(&format!("{sheet}/fjern")),
        &[("_csrf", &token)],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(get_status(&leader, &server, &sheet).await, 404);
}

#[test]
fn sheets_travel_as_csv_all_or_nothing() {
    let env = TestEnv::new();
    env.ok(&["demo"]);
    let listed = env.ok(&["sheets", "list", "--round", "2025"]);
    assert!(
        listed.contains("list 1. Måle effekten av det vi setter i gang"),
        "{listed}"
    );
    env.ok(&["sheets", "export", "--round", "2025", "--out", "ark.csv"]);
    let file = std::fs::read_to_string(env.path("ark.csv")).unwrap();
    assert!(file.starts_with("round,unit,kind,title,held_on,method,section,text\n"));
    assert_eq!(file.lines().count(), 1 + 4 + 4 + 3);

    let fresh = TestEnv::new();
    fresh.ok(&["demo"]);
    std::fs::copy(env.path("ark.csv"), fresh.path("ark.csv")).unwrap();
    let out = fresh.ok(&["sheets", "import", "ark.csv"]);
    assert!(
        out.contains("Importerte 3 gruppeark med 11 punkter"),
        "{out}"
    );
    let listed = fresh.ok(&["sheets", "list", "--round", "2025"]);
    assert_eq!(
        listed
            .matches("Utsjekk på lærende rapportering fra 2024")
            .count(),
        2
    );

    // A bad date on one row: nothing stored, the row named.
    let bad = file.replacen("2026-02-26", "26.02.2026", 1);
    std::fs::write(fresh.path("bad.csv"), bad).unwrap();
    let out = fresh.run(&["sheets", "import", "bad.csv"]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("rad 10, held_on: Datoen må være en dato"),
        "{said}"
    );
    let after = fresh.ok(&["sheets", "list", "--round", "2025"]);
    assert_eq!(after, listed, "nothing half-done");
}
