//! The stepped staff form over real HTTP: one screen at a time, answers in
//! progress kept on the server under the form's token (never in a cookie,
//! never in an address), the response stored once at the end; only what
//! fits the person is asked.

use crate::helpers::*;

/// Posts one screen of the stepped form; returns (status, body).
async fn screen(
    client: &reqwest::Client,
    server: &Server,
    token: &str,
    step: &str,
    fields: &[(&str, &str)],
) -> (u16, String) {
    let mut all = vec![("_token", token), ("_step", step)];
    all.extend_from_slice(fields);
    post_screen(client, &server.url("/s/2026"), &all).await
}

/// Posts the first screen: the role and the unit.
async fn first_screen(
    client: &reqwest::Client,
    server: &Server,
    token: &str,
    role: &str,
    unit: &str,
) -> (u16, String) {
    screen(
        client,
        server,
        token,
        "rolle",
        &[("role", role), ("unit", unit)],
    )
    .await
}

/// The screen a page shows (its `_step`).
fn step_of(page: &str) -> String {
    input_value(page, "_step")
}

#[tokio::test]
async fn the_response_is_stored_once_at_the_end_and_nothing_is_kept_beside_it() {
    let (env, server, client) = TestEnv::with_open_survey();
    // A new visit: the form's token goes into a cookie for this round's
    // form only, which no script reads and which lasts for the browser
    // session at most; the address it is sent on to holds no token.
    let first = client.get(server.url("/s/2026")).send().await.unwrap();
    assert_eq!(first.status(), 303);
    let cookies: Vec<String> = first
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    assert_eq!(cookies.len(), 1, "{cookies:?}");
    let cookie = &cookies[0];
    for attribute in [
        "trappa_skjema_2026=",
        "Path=/s/2026",
        "HttpOnly",
        "SameSite=Lax",
        // An hour after the last screen at most: a form left on a shared
        // tablet does not wait for the next person.
        "Max-Age=3600",
    ] {
        assert!(cookie.contains(attribute), "{attribute}: {cookie}");
    }
    assert!(!cookie.contains("Expires"), "{cookie}");
    let first_address = first.headers()["location"].to_str().unwrap().to_string();
    // The screen's number, not its name (a stair screen's name would tell
    // a proxy's log which partners, and so which unit, were asked about).
    assert_eq!(first_address, "/s/2026?steg=1&lang=nb");
    let body = form_page_at(&client, &server.url(&first_address)).await;
    assert!(body.contains("Steg 1 av 4"), "{body}");
    let token = input_value(&body, "_token");
    assert!(cookie.contains(&token), "the page's token is the cookie's");
    let steps = [
        (
            "rolle",
            vec![("role", "ansatt"), ("unit", "Kulturskolen")],
            "samhandlingstrappa:skole",
        ),
        (
            "samhandlingstrappa:skole",
            vec![("trapp.skole.now", "2"), ("trapp.skole.goal", "3")],
            "innovasjonsplakaten-p01",
        ),
        (
            "innovasjonsplakaten-p01",
            vec![("plakat.p01", "4")],
            "innovasjonsplakaten-p06",
        ),
    ];
    let mut addresses = vec![first_address];
    for (step, fields, next) in steps {
        let mut form = vec![("_token", token.as_str()), ("_step", step)];
        form.extend(fields.iter().copied());
        let resp = client
            .post(server.url("/s/2026"))
            .form(&form)
            .send()
            .await
            .unwrap();
        // Post, redirect, get: each screen has an address, with no token.
        assert_eq!(resp.status(), 303, "{step}");
        let location = resp.headers()["location"].to_str().unwrap().to_string();
        assert!(!location.contains(&token), "no address carries the token");
        assert!(location.contains("steg="), "{location}");
        assert!(
            !location.contains("trapp") && !location.contains("plakat"),
            "{location}"
        );
        let body = form_page_at(&client, &server.url(&location)).await;
        assert_eq!(step_of(&body), next);
        assert_eq!(input_value(&body, "_token"), token);
        addresses.push(location);
        assert_eq!(
            env.export_rows("2026").len(),
            0,
            "nothing stored before the end"
        );
    }
    // The back button: the screen before, with its answers, from its own
    // address (no form sent again).
    let back = form_page_at(&client, &server.url(&addresses[1])).await;
    assert_eq!(step_of(&back), "samhandlingstrappa:skole");
    assert_eq!(
        select(
            &html(&back),
            "input[name='trapp.skole.now'][value='2'][checked]"
        )
        .len(),
        1
    );
    // The same address on another device (no cookie): a fresh form.
    let elsewhere = client_without_cookies()
        .get(server.url(&addresses[1]))
        .send()
        .await
        .unwrap();
    let elsewhere = elsewhere.text().await.unwrap();
    assert_ne!(input_value(&elsewhere, "_token"), token);
    assert!(!elsewhere.contains("checked"), "{elsewhere}");
    assert_eq!(env.count_rows("drafts").await, 1, "the answers in progress");
    let (status, location) = screen(
        &client,
        &server,
        &token,
        "innovasjonsplakaten-p06",
        &[("plakat.p10", "vet_ikke"), ("kommentar", "Bra.")],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(location, "/s/2026/takk?lang=nb");
    // Sent: the form's cookie is gone, and its addresses show a fresh form.
    let again = form_page_at(&client, &server.url(&addresses[2])).await;
    assert_ne!(
        input_value(&again, "_token"),
        token,
        "the cookie was removed"
    );
    let rows = env.export_rows("2026");
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(cell(row, "unit"), "Kulturskolen");
    assert_eq!(cell(row, "role"), "ansatt");
    assert_eq!(cell(row, "trapp.skole.now"), "2");
    assert_eq!(cell(row, "trapp.skole.goal"), "3");
    assert_eq!(cell(row, "plakat.p01"), "4");
    assert_eq!(cell(row, "kommentar"), "Bra.");
    assert_eq!(
        env.count_rows("drafts").await,
        0,
        "the draft goes with the store"
    );
    // A step posted after the end keeps no copy of the answers.
    let (status, _) = screen(&client, &server, &token, "rolle", &[("role", "leder")]).await;
    assert_eq!(status, 303);
    assert_eq!(env.count_rows("drafts").await, 0);
    // A second click on the last screen stores nothing twice.
    let (status, _) = screen(&client, &server, &token, "innovasjonsplakaten-p06", &[]).await;
    assert_eq!(status, 303);
    assert_eq!(env.export_rows("2026").len(), 1);
}

#[tokio::test]
async fn no_address_shows_a_form_in_progress() {
    let (env, server, client) = TestEnv::with_open_survey();
    let token = form_token(&client, &server, "2026").await;
    screen(&client, &server, &token, "rolle", &[("role", "leder")]).await;
    // Someone who got hold of the token (a copied link, a log) and asks
    // for the form by address, from another device, gets a fresh, empty one.
    let body = get_text(
        &client_without_cookies(),
        &server,
        &format!("/s/2026?t={token}&steg=samhandlingstrappa:skole"),
    )
    .await;
    assert_ne!(input_value(&body, "_token"), token);
    assert_eq!(step_of(&body), "rolle");
    assert!(!body.contains("value=\"leder\" checked"), "{body}");
    // Closing the round clears what was never sent.
    assert_eq!(env.count_rows("drafts").await, 1);
    env.ok(&["round", "close", "2026"]);
    assert_eq!(env.count_rows("drafts").await, 0);
}

#[tokio::test]
async fn going_back_keeps_every_answer() {
    let (env, server, client) = TestEnv::with_open_survey();
    let token = form_token(&client, &server, "2026").await;
    first_screen(&client, &server, &token, "leder", "Solvik barneskole").await;
    let stair = [
        ("trapp.skole.now", "2"),
        ("trapp.skole.goal", "4"),
        ("trapp.frivillighet.now", "vet_ikke"),
    ];
    screen(&client, &server, &token, "samhandlingstrappa:skole", &stair).await;
    let (status, body) = screen(
        &client,
        &server,
        &token,
        "innovasjonsplakaten-p01",
        &[("plakat.p03", "5"), ("_go", "back")],
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(step_of(&body), "samhandlingstrappa:skole");
    let doc = html(&body);
    for (name, value) in stair {
        let found = select(
            &doc,
            &format!("input[name='{name}'][value='{value}'][checked]"),
        );
        assert_eq!(found.len(), 1, "{name} kept");
    }
    assert!(body.contains("Steg 2 av 4"));
    // On again: the screen left by going back kept what it had.
    let (_, body) = screen(&client, &server, &token, "samhandlingstrappa:skole", &stair).await;
    assert_eq!(
        select(&html(&body), "input[name='plakat.p03'][value='5'][checked]").len(),
        1
    );
    // Back once more: the unit and the role are still chosen.
    let (_, body) = screen(
        &client,
        &server,
        &token,
        "samhandlingstrappa:skole",
        &[("_go", "back")],
    )
    .await;
    assert!(
        body.contains("<option value=\"Solvik barneskole\" selected>"),
        "{body}"
    );
    assert_eq!(
        select(&html(&body), "input[name=role][value=leder][checked]").len(),
        1
    );
    assert_eq!(env.export_rows("2026").len(), 0);
}

#[tokio::test]
async fn a_politician_is_not_asked_for_a_unit_and_counts_for_the_municipality() {
    let (env, server, client) = TestEnv::with_open_survey();
    // The municipality is a unit of the round from the start, whether or
    // not a politician has answered.
    let round = env.store().await.round("2026").await.unwrap().unwrap();
    assert!(round.has_unit("Solvik kommune"));
    let token = form_token(&client, &server, "2026").await;
    let (status, body) = screen(&client, &server, &token, "rolle", &[("role", "folkevalgt")]).await;
    assert_eq!(status, 200);
    assert_eq!(step_of(&body), "samhandlingstrappa:skole", "no unit screen");
    assert!(body.contains("Steg 2 av 4"), "{body}");
    screen(
        &client,
        &server,
        &token,
        "samhandlingstrappa:skole",
        &[("trapp.skole.now", "1")],
    )
    .await;
    screen(&client, &server, &token, "innovasjonsplakaten-p01", &[]).await;
    // A unit slipped into the post is not taken.
    let (status, _) = screen(
        &client,
        &server,
        &token,
        "innovasjonsplakaten-p06",
        &[("unit", "Kulturskolen")],
    )
    .await;
    assert_eq!(status, 303);
    let rows = env.export_rows("2026");
    assert_eq!(rows.len(), 1);
    assert_eq!(cell(&rows[0], "unit"), "Solvik kommune");
    assert_eq!(cell(&rows[0], "role"), "folkevalgt");
    // Staff cannot choose the municipality as their unit.
    let other = form_token(&client, &server, "2026").await;
    let (status, body) = first_screen(&client, &server, &other, "ansatt", "Solvik kommune").await;
    assert_eq!(status, 422);
    assert!(body.contains("Enheten finnes ikke"), "{body}");
    // The export reads back into the round.
    std::fs::write(env.path("back.csv"), env.ok(&["export", "--round", "2026"])).unwrap();
    // (Every row is in the round already: the import asks for --again.)
    env.ok(&["import", "back.csv", "--again"]);
    assert_eq!(env.export_rows("2026").len(), 2);
}

#[tokio::test]
async fn a_politician_with_a_code_answers_for_the_codes_unit() {
    let (env, _server, _client) = TestEnv::with_open_survey();
    let codes = env.invite("2026", "Solvik kommune", 1);
    let server = env.spawn_server();
    let client = client();
    let body = get_text(&client, &server, &format!("/s/2026?kode={}", codes[0])).await;
    let token = input_value(&body, "_token");
    let kode = input_value(&body, "_kode");
    let with = |extra: &[(&'static str, &'static str)]| {
        let mut v = vec![
            ("_kode", kode.clone()),
            ("unit", "Solvik kommune".to_string()),
        ];
        v.extend(extra.iter().map(|(k, v)| (*k, v.to_string())));
        v
    };
    let post = |step: &'static str, fields: Vec<(&'static str, String)>| {
        let client = client.clone();
        let url = server.url("/s/2026");
        let token = token.clone();
        async move {
            let mut form = vec![("_token", token), ("_step", step.to_string())];
            form.extend(fields);
            client.post(url).form(&form).send().await.unwrap()
        }
    };
    // On to the next screen's address (post, redirect, get).
    assert_eq!(
        post("rolle", with(&[("role", "folkevalgt")]))
            .await
            .status(),
        303
    );
    post("samhandlingstrappa:skole", with(&[])).await;
    post("innovasjonsplakaten-p01", with(&[])).await;
    let last = post("innovasjonsplakaten-p06", with(&[])).await;
    assert_eq!(last.status(), 303, "{}", last.text().await.unwrap());
    let rows = env.export_rows("2026");
    assert_eq!(cell(&rows[0], "unit"), "Solvik kommune");
}

#[tokio::test]
async fn a_unit_is_asked_only_about_the_partners_it_rates() {
    let env = TestEnv::new();
    std::fs::write(
        env.path("round.toml"),
        r#"
municipality = "Solvik"
instruments = ["samhandlingstrappa", "innovasjonsplakaten", "kommentar"]
units = [{ name = "Kulturskolen", relations = ["skole"] }, "Solvik barneskole"]
relations = [{ key = "skole", label = "Skole" }, { key = "kulturskole", label = "Kulturskole" }]
"#,
    )
    .unwrap();
    env.ok(&["round", "create", "2026", "--file", "round.toml"]);
    env.ok(&["round", "open", "2026"]);
    let server = env.spawn_server();
    let client = client();
    let token = form_token(&client, &server, "2026").await;
    let (_, body) = first_screen(&client, &server, &token, "ansatt", "Kulturskolen").await;
    assert!(body.contains("name=\"trapp.skole.now\""));
    assert!(
        !body.contains("trapp.kulturskole"),
        "Kulturskolen is not asked about itself"
    );
    // Another unit is asked about both.
    let other = form_token(&client, &server, "2026").await;
    let (_, body) = first_screen(&client, &server, &other, "ansatt", "Solvik barneskole").await;
    assert!(body.contains("name=\"trapp.kulturskole.now\""));
    // A whole-form post that answers it anyway keeps only what is asked.
    let whole = form_token(&client, &server, "2026").await;
    let (status, _, _) = post_form(
        &client,
        &server.url("/s/2026"),
        &[
            ("_token", &whole),
            ("unit", "Kulturskolen"),
            ("role", "ansatt"),
            ("trapp.skole.now", "2"),
            ("trapp.kulturskole.now", "4"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    let rows = env.export_rows("2026");
    assert_eq!(cell(&rows[0], "trapp.skole.now"), "2");
    assert_eq!(cell(&rows[0], "trapp.kulturskole.now"), "");
    // A round naming a partner it does not have is refused, named.
    std::fs::write(
        env.path("bad.toml"),
        "municipality = \"Solvik\"\ninstruments = [\"samhandlingstrappa\"]\nunits = [{ name = \"Kulturskolen\", relations = [\"sfo\"] }]\nrelations = [{ key = \"skole\", label = \"Skole\" }]\n",
    )
    .unwrap();
    let out = env.run(&["round", "create", "2027", "--file", "bad.toml"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("«Kulturskolen»") && err.contains("«sfo»"),
        "{err}"
    );
}

#[tokio::test]
async fn a_goal_below_today_gets_a_gentle_question_once() {
    let (env, server, client) = TestEnv::with_open_survey();
    let token = form_token(&client, &server, "2026").await;
    first_screen(&client, &server, &token, "ansatt", "Kulturskolen").await;
    let answers = [("trapp.skole.now", "3"), ("trapp.skole.goal", "1")];
    let (status, body) = screen(
        &client,
        &server,
        &token,
        "samhandlingstrappa:skole",
        &answers,
    )
    .await;
    assert_eq!(status, 200, "asked, not refused");
    assert_eq!(
        step_of(&body),
        "samhandlingstrappa:skole",
        "the same screen"
    );
    assert!(body.contains("lavere enn der dere er i dag"), "{body}");
    let doc = html(&body);
    assert_eq!(
        select(&doc, ".notice[role=status] a[href='#f-trapp-skole-now']").len(),
        1
    );
    assert_eq!(select(&doc, ".err").len(), 0, "not an error");
    assert_eq!(
        select(&doc, "input[name='trapp.skole.goal'][value='1'][checked]").len(),
        1,
        "the answer is kept"
    );
    let ack = input_value(&body, "_ack");
    assert_eq!(ack, "skole");
    // Sent again as it stands: on to the next screen, and it is stored so.
    let mut again = answers.to_vec();
    again.push(("_ack", &ack));
    let (status, body) = screen(&client, &server, &token, "samhandlingstrappa:skole", &again).await;
    assert_eq!(status, 200);
    assert_eq!(step_of(&body), "innovasjonsplakaten-p01");
    screen(&client, &server, &token, "innovasjonsplakaten-p01", &[]).await;
    screen(&client, &server, &token, "innovasjonsplakaten-p06", &[]).await;
    let rows = env.export_rows("2026");
    assert_eq!(cell(&rows[0], "trapp.skole.goal"), "1");
}

#[tokio::test]
async fn a_screen_from_an_old_tab_starts_again_without_taking_anything() {
    let (env, server, client) = TestEnv::with_open_survey();
    let token = form_token(&client, &server, "2026").await;
    let (status, body) = screen(
        &client,
        &server,
        &token,
        "innovasjonsplakaten-p99",
        &[("plakat.p01", "3")],
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(step_of(&body), "rolle");
    assert_eq!(env.count_rows("drafts").await, 0);
    // A value longer than any field holds is refused, not kept.
    let long = "x".repeat(9000);
    let (status, _) = screen(&client, &server, &token, "rolle", &[("role", &long)]).await;
    assert_eq!(status, 413);
    assert_eq!(env.count_rows("drafts").await, 0);
}

/// The stair on a phone: every option carries its step's name (a bare
/// digit meant scrolling up to a list), every stair screen has the steps'
/// descriptions at hand, and the question itself is asked, with the time
/// frame "mulig å nå" means.
#[tokio::test]
async fn every_stair_screen_names_the_steps_and_asks_the_whole_question() {
    let env = TestEnv::new();
    env.ok(&["demo"]);
    env.ok(&["round", "create", "2027", "--like", "2025"]);
    env.ok(&["round", "open", "2027"]);
    let server = env.spawn_server();
    let client = client();
    let mut page = get_text(&client, &server, "/s/2027").await;
    let token = input_value(&page, "_token");
    let mut stair_screens = 0;
    for _ in 0..12 {
        let step = step_of(&page);
        let doc = html(&page);
        let mut fields: Vec<(String, String)> = Vec::new();
        if step.starts_with("samhandlingstrappa") {
            stair_screens += 1;
            for (i, st) in ["Dele informasjon", "Utvikle felles problemforståelse"]
                .iter()
                .enumerate()
            {
                let input = scraper::Selector::parse(&format!(
                    "input[value=\"{}\"][name$=\".now\"]",
                    i + 1
                ))
                .unwrap();
                let labels: Vec<_> = select(&doc, "label.opt")
                    .into_iter()
                    .filter(|l| l.select(&input).next().is_some())
                    .collect();
                assert!(!labels.is_empty(), "{step}: {page}");
                for label in labels {
                    let text: String = label.text().collect();
                    assert!(text.contains(&format!("{} {st}", i + 1)), "{step}: {text}");
                    assert!(
                        select(&doc, "label.opt .vh").is_empty(),
                        "{step}: the name is shown, not only read out"
                    );
                }
            }
            assert!(
                page.contains("Gjensidig informasjons- og kunnskapsdeling"),
                "{step}: the steps' descriptions at hand"
            );
            assert!(
                page.contains("Hvor er samarbeidet i dag?"),
                "{step}: the question"
            );
            assert!(
                page.contains("Mulig å nå innen ett år"),
                "{step}: the time frame"
            );
            for input in select(&doc, "input[type=radio]") {
                let name = input.value().attr("name").unwrap().to_string();
                if fields.iter().any(|(n, _)| *n == name) {
                    continue;
                }
                let value = if name.ends_with(".now") { "2" } else { "3" };
                fields.push((name, value.to_string()));
            }
        } else if step == "rolle" {
            fields.push(("role".into(), "ansatt".into()));
            let unit = select(&doc, "#unit option")[1]
                .value()
                .attr("value")
                .unwrap()
                .to_string();
            fields.push(("unit".into(), unit));
        } else {
            break;
        }
        let mut form = vec![("_token", token.as_str()), ("_step", step.as_str())];
        form.extend(fields.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        let (status, body) = post_screen(&client, &server.url("/s/2027"), &form).await;
        assert_eq!(status, 200, "{step}: {body}");
        page = body;
    }
    assert!(
        stair_screens >= 2,
        "the demo's six partners take two screens"
    );
}

/// Politicians have no unit: the stair asks them about the municipality,
/// not about "din enhet".
#[tokio::test]
async fn politicians_are_asked_about_the_whole_municipality() {
    let (_env, server, client) = TestEnv::with_open_survey();
    let token = form_token(&client, &server, "2026").await;
    let (status, page) = screen(&client, &server, &token, "rolle", &[("role", "folkevalgt")]).await;
    assert_eq!(status, 200, "{page}");
    assert!(step_of(&page).starts_with("samhandlingstrappa"), "{page}");
    assert!(
        page.contains("mellom kommunen og hver samarbeidspartner"),
        "{page}"
    );
    assert!(!page.contains("din enhet"), "{page}");
    let token = form_token(&client, &server, "2026").await;
    let (_, stair) = first_screen(&client, &server, &token, "ansatt", "Kulturskolen").await;
    assert!(stair.contains("mellom din enhet og hver"), "{stair}");
}

/// A browser that keeps no cookie still goes through the whole form: each
/// post is answered with the next screen itself. A form left for a day
/// (its draft gone) starts afresh and its cookie goes; a forged code in a
/// post never reaches a header.
#[tokio::test]
async fn the_form_works_without_cookies_and_a_stale_cookie_starts_afresh() {
    let (env, server, client) = TestEnv::with_open_survey();
    let bare = client_without_cookies();
    let token = form_token(&bare, &server, "2026").await;
    let url = server.url("/s/2026");
    let (status, _, page) = post_form(
        &bare,
        &url,
        &[
            ("_token", &token),
            ("_step", "rolle"),
            ("role", "ansatt"),
            ("unit", "Kulturskolen"),
        ],
    )
    .await;
    assert_eq!(
        status, 200,
        "the next screen itself, not an address: {page}"
    );
    assert_eq!(step_of(&page), "samhandlingstrappa:skole");
    let mut step = step_of(&page);
    for _ in 0..5 {
        let (status, location, page) =
            post_form(&bare, &url, &[("_token", &token), ("_step", &step)]).await;
        if status == 303 {
            assert_eq!(location.as_deref(), Some("/s/2026/takk?lang=nb"));
            break;
        }
        assert_eq!(status, 200, "{page}");
        step = step_of(&page);
    }
    assert_eq!(
        env.export_rows("2026").len(),
        1,
        "answered without a cookie"
    );

    // With the cookie: on to screen 2; then the draft goes (a day passed).
    let token = form_token(&client, &server, "2026").await;
    let (status, page) = first_screen(&client, &server, &token, "ansatt", "Kulturskolen").await;
    assert_eq!(status, 200);
    assert_eq!(step_of(&page), "samhandlingstrappa:skole");
    env.execute_sql("DELETE FROM drafts").await;
    let stale = client
        .get(server.url("/s/2026?steg=2&lang=nb"))
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), 303);
    let cleared = stale.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    let fresh = get_text(&client, &server, "/s/2026?steg=2&lang=nb").await;
    assert_ne!(input_value(&fresh, "_token"), token);
    assert_eq!(step_of(&fresh), "rolle");

    // A forged code in a post: no header broken, no server error.
    let token = form_token(&client, &server, "2026").await;
    for forged in ["\n", "x; Max-Age=99999999"] {
        let (status, _, _) = post_form(
            &client,
            &url,
            &[
                ("_token", &token),
                ("_step", "rolle"),
                ("_kode", forged),
                ("role", "ansatt"),
            ],
        )
        .await;
        assert!(status < 500, "{forged:?}: {status}");
    }
}

#[tokio::test]
async fn a_draft_left_more_than_a_day_is_cleared_when_anyone_answers_a_screen() {
    let (env, server, client) = TestEnv::with_open_survey();
    // Two forms left behind: one the day before yesterday, one yesterday.
    let day = |back: i64| {
        let d = time::OffsetDateTime::now_utc().date() - time::Duration::days(back);
        format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
    };
    env.execute_sql(&format!(
        "INSERT INTO drafts (token, round_id, fields, saved_on) VALUES
         ('{}', '2026', '{{}}', '{}'), ('{}', '2026', '{{}}', '{}')",
        "a".repeat(32),
        day(2),
        "b".repeat(32),
        day(1),
    ))
    .await;
    // Someone answers a screen: the drafts are written in the group
    // commit, which clears the stale one and keeps yesterday's.
    let token = form_token(&client, &server, "2026").await;
    let (status, _) = first_screen(&client, &server, &token, "leder", "Solvik barneskole").await;
    assert_eq!(status, 200);
    assert_eq!(env.count_rows("drafts").await, 2);
    let store = env.store().await;
    let draft = async |t: &str| match store.progress("2026", t).await.unwrap() {
        trappa::store::Progress::Draft(d) => d.is_some(),
        trappa::store::Progress::Stored => panic!("nothing was sent"),
    };
    assert!(!draft(&"a".repeat(32)).await, "the stale draft is cleared");
    assert!(draft(&"b".repeat(32)).await, "yesterday's draft is kept");
    assert!(draft(&token).await, "the new draft is kept");
}
