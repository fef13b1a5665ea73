//! Results back to staff (issue 27.4): a closed round's page for everyone,
//! without login, published and withdrawn by an administrator (web and
//! command line), linked from the start page and the closed survey, in
//! three languages; its figures are those of a reader's summary.

use scraper::{Html, Selector};
use serde_json::Value;

use crate::helpers::*;

fn items(page: &str, selector: &str) -> Vec<String> {
    let html = Html::parse_document(page);
    html.select(&Selector::parse(selector).unwrap())
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

#[tokio::test]
async fn staff_read_a_closed_rounds_results_without_signing_in() {
    let env = TestEnv::new();
    env.ok(&["demo"]);
    // The oracle: what a reader's summary of 2025 shows (the published
    // copy), and the areas chosen after 2025 with their measures.
    env.ok(&[
        "report", "--round", "2025", "--kind", "summary", "--format", "json", "--out", "s.json",
    ]);
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(env.path("s.json")).unwrap()).unwrap();
    let respondents = summary["analysis"]["respondents"].as_u64().unwrap();
    env.ok(&[
        "report", "--round", "2025", "--kind", "summary", "--out", "s.html",
    ]);
    let summary_sentences = items(
        &std::fs::read_to_string(env.path("s.html")).unwrap(),
        "ul.sentences li",
    );
    env.ok(&["areas", "export", "--round", "2025", "--out", "areas.csv"]);
    let mut areas = csv::Reader::from_path(env.path("areas.csv")).unwrap();
    let headers = areas.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    // The municipality's own measures are shown; a unit's are not (they
    // are that unit's leader's to read).
    let (mut measures, mut units_measures) = (Vec::new(), Vec::new());
    for r in areas.records() {
        let r = r.unwrap();
        let measure = r[col("measure")].to_string();
        if measure.is_empty() {
            continue;
        }
        if r[col("unit")].is_empty() {
            measures.push(measure);
        } else {
            units_measures.push(measure);
        }
    }
    assert!(
        !measures.is_empty() && !units_measures.is_empty(),
        "the demo chose both"
    );

    let server = env.spawn_server();
    let anyone = client();
    // The start page links to it.
    let start = get_text(&anyone, &server, "/?lang=nb").await;
    assert!(
        start.contains("href=\"/resultater/2025?lang=nb\""),
        "{start}"
    );
    let (status, page) = {
        let r = anyone
            .get(server.url("/resultater/2025?lang=nb"))
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    };
    assert_eq!(status, 200);
    let text: String = Html::parse_document(&page).root_element().text().collect();
    assert!(text.contains("Dette svarte vi"), "{text}");
    assert!(text.contains(&format!(
        "Publisert {}.",
        time::OffsetDateTime::now_utc().date()
    )));
    let keys = items(&page, ".key strong");
    assert_eq!(keys[0], respondents.to_string());
    // Every sentence is one the summary says, and so are the figures.
    let sentences = items(&page, "ul.sentences li");
    assert!(sentences.len() >= 3);
    for s in &sentences {
        assert!(summary_sentences.contains(s), "«{s}» is not in the summary");
    }
    for m in &measures {
        assert!(text.contains(m.as_str()), "measure «{m}»");
    }
    for m in &units_measures {
        assert!(
            !text.contains(m.as_str()),
            "a unit's measure «{m}» on the public page"
        );
    }
    assert!(text.contains("Svarene er anonyme"));
    // Not a word of a unit's own figures: no unit's row, no unit report.
    assert!(!page.contains("kind=unit"));

    // A round with no page: not found, in words; the closed survey says
    // where the results will come, or that they are there.
    let r = anyone
        .get(server.url("/resultater/2024?lang=nb"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 404);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Resultatene fra runde 2024 er ikke publisert her.")
    );
    let text_of =
        |page: String| -> String { Html::parse_document(&page).root_element().text().collect() };
    let closed = text_of(get_text(&anyone, &server, "/s/2024?lang=nb").await);
    assert!(
        closed.contains("Resultatene er ikke publisert ennå"),
        "{closed}"
    );
    assert!(closed.contains("/resultater/2024"));
    let closed = text_of(get_text(&anyone, &server, "/s/2025?lang=nb").await);
    assert!(closed.contains("Resultatene er publisert:"), "{closed}");
    assert!(closed.contains("/resultater/2025"));

    // Nynorsk and English.
    let nn = get_text(&anyone, &server, "/resultater/2025?lang=nn").await;
    assert!(nn.contains("Dette skal vi arbeide med"));
    let en = get_text(&anyone, &server, "/resultater/2025?lang=en").await;
    assert!(en.contains("What we will work on") && !en.contains("Dette skal vi"));

    // The administrator withdraws it: gone from the start page and the
    // address, in the audit log; publishing an open round is refused.
    let admin = client();
    login_admin(&admin, &server).await;
    let token = csrf_token(&admin, &server).await;
    let round_page = get_text(&admin, &server, "/admin/rounds/2025").await;
    assert!(
        round_page.contains("Trekk tilbake resultatsiden"),
        "{round_page}"
    );
    let (status, _, _) = post_form(
        &admin,
        &server.url("/admin/rounds/2025/resultatside"),
        &[("_csrf", &token), ("publish", "0")],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(get_status(&anyone, &server, "/resultater/2025").await, 404);
    assert!(
        !get_text(&anyone, &server, "/")
            .await
            .contains("/resultater/2025")
    );
    assert!(
        env.ok(&["audit"])
            .contains("resultatside for ansatte trukket tilbake\trunde 2025, av admin")
    );
    let (status, location, _) = post_form(
        &admin,
        &server.url("/admin/rounds/2026/resultatside"),
        &[("_csrf", &token), ("publish", "1")],
    )
    .await;
    assert_eq!(status, 303);
    let said = get_text(&admin, &server, &location.unwrap()).await;
    assert!(
        said.contains("kan publiseres først når runden er stengt"),
        "{said}"
    );
    assert_eq!(get_status(&anyone, &server, "/resultater/2026").await, 404);
    // And publishes it again from the round's page.
    let round_page = get_text(&admin, &server, "/admin/rounds/2025").await;
    assert!(round_page.contains("Publiser resultatsiden"));
    let (status, _, _) = post_form(
        &admin,
        &server.url("/admin/rounds/2025/resultatside"),
        &[("_csrf", &token), ("publish", "1")],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(get_status(&anyone, &server, "/resultater/2025").await, 200);
    // A leader's form token does not publish (administrators only).
    let password = env.add_user("leder", "leader", &["Kulturskolen"]);
    let leader = client();
    login(&leader, &server, "leder", &password).await;
    let token = csrf_token(&leader, &server).await;
    let (status, _, _) = post_form(
        &leader,
        &server.url("/admin/rounds/2025/resultatside"),
        &[("_csrf", &token), ("publish", "0")],
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(get_status(&anyone, &server, "/resultater/2025").await, 200);
}

#[test]
fn the_command_line_publishes_and_withdraws_the_results_page() {
    let env = TestEnv::new();
    env.ok(&["demo"]);
    let out = env.run(&["round", "staff-page", "2026"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("først når runden er stengt"));
    let out = env.ok(&["round", "staff-page", "2025", "--withdraw"]);
    assert!(out.contains("trukket tilbake"), "{out}");
    let out = env.ok(&["round", "staff-page", "2024"]);
    assert!(out.contains("/resultater/2024"), "{out}");
    let audit = env.ok(&["audit"]);
    assert!(
        audit.contains("resultatside for ansatte publisert"),
        "{audit}"
    );
    let out = env.run(&["round", "staff-page", "1999"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("runden «1999» finnes ikke"));
}
