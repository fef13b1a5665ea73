//! The staff's pages in bokmål, nynorsk and English: chosen by the browser
//! or by the page's switch, which keeps the answers already given.

use crate::helpers::*;

async fn get(client: &reqwest::Client, url: &str, accept: &str) -> (u16, String) {
    let mut url = url.to_string();
    loop {
        let resp = client
            .get(&url)
            .header("accept-language", accept)
            .send()
            .await
            .unwrap();
        // A new visit to a form goes on to its first screen's address.
        match resp.headers().get("location").and_then(|l| l.to_str().ok()) {
            Some(to) if resp.status() == 303 && to.contains("steg=") => {
                url = absolute(&url, to);
            }
            _ => return (resp.status().as_u16(), resp.text().await.unwrap()),
        }
    }
}

fn lang_of(page: &str) -> String {
    let doc = html(page);
    select(&doc, "html")[0]
        .value()
        .attr("lang")
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn pages_follow_the_browser_and_the_switch() {
    let (env, server, client) = TestEnv::with_open_survey();
    let (_, start) = get(&client, &server.url("/"), "nn-NO,nn;q=0.9").await;
    assert_eq!(lang_of(&start), "nn");
    assert!(start.contains("Undersøkingar") && start.contains("Solvik kommune"));
    let (_, start) = get(&client, &server.url("/"), "en-GB,en;q=0.8").await;
    assert_eq!(lang_of(&start), "en");
    assert!(start.contains("Solvik municipality"));
    let (_, start) = get(&client, &server.url("/"), "nb").await;
    assert!(start.contains("Undersøkelser"));

    // The form in English, by its switch link, posts back in English.
    let (_, form) = get(&client, &server.url("/s/2026?lang=en"), "nb").await;
    assert_eq!(lang_of(&form), "en");
    assert!(form.contains("Step 1 of 4") && form.contains("What is your role?"));
    assert!(form.contains(">Next</button>"), "{form}");
    let doc = html(&form);
    assert_eq!(
        select(&doc, "form[method=post]")[0].value().attr("action"),
        Some("/s/2026?lang=en")
    );
    let token = input_value(&form, "_token");

    // Errors in English: the screen at fault, with its own error.
    let (status, _, body) = post_form(
        &client,
        &server.url("/s/2026?lang=en"),
        &[("_token", &token), ("plakat.p01", "4")],
    )
    .await;
    assert_eq!(status, 422);
    // Role and unit share the first screen: both are asked for.
    assert!(body.contains("The form has 2 errors"), "{body}");
    assert!(body.contains("Choose your role."), "{body}");

    // Switching to nynorsk keeps the answers and stores nothing.
    let fields = [
        ("_token", token.as_str()),
        ("unit", "Kulturskolen"),
        ("role", "leder"),
        ("plakat.p01", "4"),
        ("kommentar", "Godt <arbeid>"),
        ("_lang", "nn"),
    ];
    let (status, _, body) = post_form(&client, &server.url("/s/2026?lang=en"), &fields).await;
    assert_eq!(status, 200);
    assert_eq!(lang_of(&body), "nn");
    assert!(body.contains("Kva rolle har du?") && body.contains("Leiar"));
    assert!(
        body.contains("Kva eining jobbar du i?"),
        "role and unit on one screen"
    );
    let doc = html(&body);
    assert_eq!(
        select(&doc, "option[value=Kulturskolen][selected]").len(),
        1
    );
    assert_eq!(
        select(&doc, "input[name=role][value=leder][checked]").len(),
        1
    );
    // The language switch posts the screen along (no address carries the
    // form's token).
    assert_eq!(
        select(
            &doc,
            "nav.langs button[lang=en][form=survey][name=_lang][value=en]"
        )
        .len(),
        1
    );
    // Every screen, in nynorsk, with what was answered: the questions from
    // the definitions' own translations.
    let url = server.url("/s/2026?lang=nn");
    let step = |step: &'static str, fields: &'static [(&'static str, &'static str)]| {
        let mut all = vec![("_token", token.clone()), ("_step", step.to_string())];
        all.extend(fields.iter().map(|(k, v)| (*k, v.to_string())));
        let client = client.clone();
        let url = url.clone();
        async move {
            let fields: Vec<(&str, &str)> = all.iter().map(|(k, v)| (*k, v.as_str())).collect();
            post_screen(&client, &url, &fields).await.1
        }
    };
    let body = step("rolle", &[("role", "leder"), ("unit", "Kulturskolen")]).await;
    assert!(
        body.contains("Mogleg å nå innan eitt år")
            && body.contains("Utvikle felles problemforståing")
    );
    let body = step("samhandlingstrappa:skole", &[]).await;
    assert!(
        body.contains("Kor einig er du i desse utsegnene?") && body.contains("Heilt einig"),
        "{body}"
    );
    assert_eq!(
        select(&html(&body), "input[name='plakat.p01'][value='4'][checked]").len(),
        1
    );
    let body = step("innovasjonsplakaten-p01", &[("plakat.p01", "4")]).await;
    assert!(body.contains("Godt &lt;arbeid&gt;") && body.contains("Send svaret"));
    assert_eq!(env.export_rows("2026").len(), 0, "switching stores nothing");

    // Sending from the nynorsk page thanks in nynorsk.
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .copied()
        .filter(|(k, _)| *k != "_lang")
        .collect();
    let (status, location, _) = post_form(&client, &server.url("/s/2026?lang=nn"), &fields).await;
    assert_eq!(status, 303);
    let location = location.unwrap();
    assert_eq!(location, "/s/2026/takk?lang=nn");
    let (_, thanks) = get(&client, &server.url(&location), "en").await;
    assert!(thanks.contains("Takk for svaret!") && thanks.contains("kan ikkje knytast"));
    assert_eq!(env.export_rows("2026").len(), 1);

    // Error pages speak the language too.
    env.ok(&["round", "close", "2026"]);
    let (status, closed) = get(&client, &server.url("/s/2026"), "en").await;
    assert_eq!(status, 403);
    assert!(closed.contains("The survey is closed"));
    let (status, missing) = get(&client, &server.url("/s/1999?lang=nn"), "en").await;
    assert_eq!(status, 404);
    assert!(missing.contains("Det finst inga undersøking"));
}

#[tokio::test]
async fn login_and_refusals_speak_the_language_too() {
    let (_env, server, client) = TestEnv::with_open_survey();
    let (_, page) = get(&client, &server.url("/login"), "en").await;
    assert_eq!(lang_of(&page), "en");
    assert!(page.contains("User name") && page.contains("Log in"));
    let (status, _, body) = post_form(
        &client,
        &server.url("/login?lang=nn"),
        &[("name", "ingen"), ("password", "feil-passord")],
    )
    .await;
    assert_eq!(status, 401);
    assert!(body.contains("Feil brukarnamn eller passord."), "{body}");
    // A forged post from another site is refused in the browser's language.
    let resp = client
        .post(server.url("/s/2026"))
        .header("origin", "https://evil.example")
        .header("accept-language", "en")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("role=ansatt")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 403);
    assert!(
        resp.text()
            .await
            .unwrap()
            .contains("from a page other than trappa")
    );
}

/// Every bokmål message of at least three words that reads differently in
/// `lang` and holds no variable or markup: none of them may show up in a
/// page that is meant to be in `lang`.
fn bokmal_leaks(page: &str, lang: trappa::i18n::Lang) -> Vec<String> {
    use trappa::i18n::{Lang, keys, tr};
    keys(Lang::Nb)
        .into_iter()
        .map(|k| (tr(Lang::Nb, &k), tr(lang, &k)))
        .filter(|(nb, other)| {
            nb != other && nb.split(' ').count() >= 3 && !nb.contains('<') && !nb.contains('{')
        })
        .filter(|(nb, _)| page.contains(nb.as_str()))
        .map(|(nb, _)| nb)
        .collect()
}

/// The visible text of a page (what a reader sees; SVG text included).
fn text_of(page: &str) -> String {
    html(page)
        .root_element()
        .text()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn reports_are_written_in_the_language_asked_for() {
    use trappa::i18n::{Lang, tr};
    let env = TestEnv::new();
    env.ok(&["demo"]);
    for (code, lang) in [("nb", Lang::Nb), ("nn", Lang::Nn), ("en", Lang::En)] {
        for kind in ["leader", "summary"] {
            let out = env.path(&format!("{kind}-{code}.html"));
            env.ok(&[
                "report",
                "--kind",
                kind,
                "--lang",
                code,
                "--out",
                out.to_str().unwrap(),
            ]);
            let page = std::fs::read_to_string(&out).unwrap();
            assert_eq!(lang_of(&page), code);
            let title = tr(lang, &format!("report-{kind}-title"));
            assert!(page.contains(&title), "{kind} {code}: {title}");
            if lang != Lang::Nb {
                let leaks = bokmal_leaks(&page, lang);
                assert!(leaks.is_empty(), "{kind} {code}: bokmål left: {leaks:?}");
            }
        }
    }
    let summary = |code: &str| {
        text_of(&std::fs::read_to_string(env.path(&format!("summary-{code}.html"))).unwrap())
    };
    let (nb, nn, en) = (summary("nb"), summary("nn"), summary("en"));
    // The same figures, written each language's way: decimal comma in
    // Norwegian, decimal point in English.
    assert!(nb.contains("Samhandlingstrappa") && nb.contains("personer svarte"));
    assert!(nn.contains("Kort fortalt") && nn.contains("Vi i Solvik"));
    assert!(
        en.contains("We in Solvik"),
        "the statements come from the definitions' translations"
    );
    let decimals = |text: &str, sep: char| {
        text.as_bytes()
            .windows(3)
            .filter(|w| w[0].is_ascii_digit() && w[1] == sep as u8 && w[2].is_ascii_digit())
            .count()
    };
    assert!(decimals(&nb, ',') > 10 && decimals(&nn, ',') > 10);
    assert!(decimals(&en, '.') > 10, "English uses decimal points");
    assert!(!en.contains("snitt") && !en.contains(" av 5"), "{en}");
    // The printed pages are numbered in the report's language.
    let raw = std::fs::read_to_string(env.path("summary-en.html")).unwrap();
    assert!(raw.contains(r#"content: "Page " counter(page) " of " counter(pages)"#));
    // A language trappa does not speak is refused by name.
    let bad = env.run(&["report", "--lang", "se", "--out", "x.html"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("ukjent språk «se»"));
}

#[tokio::test]
async fn signed_in_pages_keep_the_language_chosen_with_the_switch() {
    use trappa::i18n::{Lang, tr};
    let env = TestEnv::new();
    env.ok(&["demo"]);
    let server = env.spawn_server();
    let admin = client();
    login_admin(&admin, &server).await;
    // The browser says bokmål; the administrator picks English once.
    let (status, rounds) = get(&admin, &server.url("/admin?lang=en"), "nb").await;
    assert_eq!(status, 200);
    assert_eq!(lang_of(&rounds), "en");
    assert!(rounds.contains(&tr(Lang::En, "admin-rounds-caption")));
    assert!(bokmal_leaks(&rounds, Lang::En).is_empty(), "{rounds}");
    // Every page after that is in English, reports and errors too.
    for path in [
        "/admin/rounds/2026",
        "/rapporter",
        "/rapporter/2026?kind=summary",
        "/rapporter/2026?kind=unit&unit=Kulturskolen",
        "/rapporter/2026?kind=meeting&unit=Kulturskolen",
        "/resultater/2025",
        "/resultater",
    ] {
        let (status, page) = get(&admin, &server.url(path), "nb").await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(lang_of(&page), "en", "{path}");
        let leaks = bokmal_leaks(&page, Lang::En);
        assert!(leaks.is_empty(), "{path}: {leaks:?}");
    }
    let (status, page) = get(&admin, &server.url("/admin/rounds/1999"), "nb").await;
    assert_eq!(status, 404);
    assert!(page.contains(&tr(Lang::En, "page-not-found")), "{page}");
    // A message after an action, in the same language.
    let token = csrf_token(&admin, &server).await;
    let (status, location, _) = post_form(
        &admin,
        &server.url("/admin/rounds/2026/close"),
        &[("_csrf", &token), ("confirm", "1")],
    )
    .await;
    assert_eq!(status, 303);
    let (_, page) = get(&admin, &server.url(&location.unwrap()), "nb").await;
    assert!(page.contains("Round 2026"), "{page}");
    // The create form's refusals too (a taken name is named; a name that
    // is not a round id is not repeated, since it came from the address).
    for (name, expected) in [
        ("2026", "There is already a round called “2026”"),
        ("Neste år", "That name cannot be used for a round"),
    ] {
        let (status, location, _) = post_form(
            &admin,
            &server.url("/admin/rounds"),
            &[("_csrf", &token), ("name", name), ("like", "2026")],
        )
        .await;
        assert_eq!(status, 303);
        let (_, page) = get(&admin, &server.url(&location.unwrap()), "nb").await;
        assert!(page.contains(expected), "{name}: {page}");
    }
    assert_eq!(
        env.ok(&["round", "list"]).lines().count(),
        3,
        "nothing created"
    );
    // Switching again, to nynorsk, holds as well.
    let (_, page) = get(&admin, &server.url("/rapporter?lang=nn"), "nb").await;
    assert_eq!(lang_of(&page), "nn");
    let (_, page) = get(&admin, &server.url("/rapporter/2026?kind=leader"), "nb").await;
    assert_eq!(lang_of(&page), "nn");
    assert!(page.contains(&tr(Lang::Nn, "report-leader-title")));
    // Someone not signed in gets no remembered language.
    let (_, page) = get(&client(), &server.url("/login"), "nb").await;
    assert_eq!(lang_of(&page), "nb");
    // Signing in on the login page in nynorsk keeps nynorsk afterwards.
    let reader_pw = env.add_user("politikar", "reader", &[]);
    let reader = client();
    login_at(
        &reader,
        &server.url("/login?lang=nn"),
        "politikar",
        &reader_pw,
    )
    .await;
    let (_, page) = get(&reader, &server.url("/rapporter"), "en").await;
    assert_eq!(lang_of(&page), "nn");
}

/// What the store refuses reaches an English page in English: the store
/// hands over what went wrong (a round that does not exist), never its
/// own bokmål sentence.
#[tokio::test]
async fn store_refusals_on_admin_pages_are_in_the_page_language() {
    use trappa::i18n::{Lang, tr_args};
    let env = TestEnv::new();
    env.ok(&["demo"]);
    let server = env.spawn_server();
    let admin = client();
    login_admin(&admin, &server).await;
    get(&admin, &server.url("/admin?lang=en"), "nb").await;
    let token = csrf_token(&admin, &server).await;
    for action in ["open", "close", "access"] {
        let (status, _, page) = post_form(
            &admin,
            &server.url(&format!("/admin/rounds/1999/{action}")),
            &[("_csrf", &token), ("requires_code", "1")],
        )
        .await;
        assert_eq!(status, 404, "{action}");
        assert_eq!(lang_of(&page), "en", "{action}");
        let expected = tr_args(Lang::En, "round-not-found", &[("id", "1999".into())]);
        assert!(page.contains(&expected), "{action}: {page}");
        assert!(!page.contains("finnes ikke"), "{action}: {page}");
    }
}
