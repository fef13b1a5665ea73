//! The staff's pages in bokmål, nynorsk and English: chosen by the browser
//! or by the page's switch, which keeps the answers already given.

use crate::helpers::*;

async fn get(client: &reqwest::Client, url: &str, accept: &str) -> (u16, String) {
    let resp = client
        .get(url)
        .header("accept-language", accept)
        .send()
        .await
        .unwrap();
    (resp.status().as_u16(), resp.text().await.unwrap())
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
    assert!(form.contains("Send your answer") && form.contains("Which unit do you work in?"));
    assert!(form.contains("Strongly agree") && form.contains("The collaboration stair"));
    assert!(form.contains("We in Solvik have positive expectations"));
    let doc = html(&form);
    assert_eq!(
        select(&doc, "form[method=post]")[0].value().attr("action"),
        Some("/s/2026?lang=en")
    );
    let token = input_value(&form, "_token");

    // Errors in English.
    let (status, _, body) = post_form(
        &client,
        &server.url("/s/2026?lang=en"),
        &[("_token", &token), ("plakat.p01", "4")],
    )
    .await;
    assert_eq!(status, 422);
    assert!(body.contains("The form has 2 errors"), "{body}");
    assert!(body.contains("Choose the unit you work in."));

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
    assert!(body.contains("Send svaret") && body.contains("Kva eining jobbar du i?"));
    // The questions too, from the definitions' own translations.
    assert!(
        body.contains("Kor einig er du i desse utsegnene?"),
        "{body}"
    );
    assert!(body.contains("Leiar") && body.contains("Heilt einig"));
    assert!(body.contains("Kvar er samarbeidet med skole i dag?"));
    let doc = html(&body);
    assert_eq!(
        select(&doc, "input[name='plakat.p01'][value='4'][checked]").len(),
        1
    );
    assert_eq!(
        select(&doc, "input[name=role][value=leder][checked]").len(),
        1
    );
    assert_eq!(
        select(&doc, "option[value=Kulturskolen][selected]").len(),
        1
    );
    assert!(body.contains("Godt &lt;arbeid&gt;"));
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
