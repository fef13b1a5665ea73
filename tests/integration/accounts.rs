//! Accounts in the browser: an administrator adds, resets and removes
//! accounts without the command line, and a leader's units can only be
//! the rounds' own.

use super::helpers::*;

/// The password shown once on the page, if any.
fn shown_password(page: &str) -> Option<String> {
    let doc = html(page);
    select(&doc, "code.password")
        .first()
        .map(|e| e.text().collect::<String>())
}

#[tokio::test]
async fn an_administrator_manages_accounts_in_the_browser() {
    let env = TestEnv::new();
    env.ok(&["demo"]);
    let server = env.spawn_server();
    let admin = client();
    login_admin(&admin, &server).await;
    let token = csrf_token(&admin, &server).await;
    let page = get_text(&admin, &server, "/admin/brukere").await;
    let today = trappa::store::today();
    assert!(
        page.contains(&today),
        "the administrator's own last sign-in: {page}"
    );
    // The units offered are the rounds' own.
    let doc = html(&page);
    let offered: Vec<String> = select(&doc, "input[name=unit]")
        .iter()
        .map(|e| e.value().attr("value").unwrap().to_string())
        .collect();
    assert_eq!(offered.len(), 11, "{offered:?}");
    assert!(offered.contains(&"Kulturskolen".to_string()));
    let add = |fields: Vec<(&'static str, &'static str)>| {
        let (admin, server, token) = (&admin, &server, token.clone());
        async move {
            let mut all = vec![("_csrf", token.as_str())];
            all.extend(fields);
            post_form(admin, &server.url("/admin/brukere"), &all).await
        }
    };
    // A typo in a unit, a reader with units, a leader without: refused and named.
    for (fields, says) in [
        (
            vec![
                ("name", "kari"),
                ("role", "leader"),
                ("unit", "Kulturskole"),
            ],
            "Enheten «Kulturskole» finnes ikke i noen runde.",
        ),
        (
            vec![
                ("name", "kari"),
                ("role", "reader"),
                ("unit", "Kulturskolen"),
            ],
            "Bare ledere har enheter",
        ),
        (
            vec![("name", "kari"), ("role", "leader")],
            "Velg minst én enhet for lederen.",
        ),
        (
            vec![("name", "kari nordmann"), ("role", "reader")],
            "Brukernavnet må ha 1–64",
        ),
    ] {
        let (status, _, body) = add(fields).await;
        assert_eq!(status, 400, "{says}");
        assert!(body.contains(says), "{says}: {body}");
        assert!(shown_password(&body).is_none());
    }
    assert!(
        !env.ok(&["user", "list"]).contains("kari"),
        "nothing was added"
    );
    // A leader with two units: the password is shown once, and works.
    let (status, _, body) = add(vec![
        ("name", "kari"),
        ("role", "leader"),
        ("unit", "Kulturskolen"),
        ("unit", "Biblioteket"),
    ])
    .await;
    assert_eq!(status, 200, "{body}");
    let password = shown_password(&body).expect("shown once");
    let list = env.ok(&["user", "list"]);
    assert!(
        list.contains("kari\tleder\tBiblioteket, Kulturskolen")
            || list.contains("kari\tleder\tKulturskolen, Biblioteket"),
        "{list}"
    );
    let kari = client();
    login(&kari, &server, "kari", &password).await;
    assert_eq!(get_status(&kari, &server, "/admin/brukere").await, 403);
    let (status, _, _) = add(vec![("name", "kari"), ("role", "reader")]).await;
    assert_eq!(status, 400, "the name is taken");
    // A new password ends kari's session; the new one works.
    let (status, _, body) = post_form(
        &admin,
        &server.url("/admin/brukere/kari/passord"),
        &[("_csrf", &token)],
    )
    .await;
    assert_eq!(status, 200);
    let new_password = shown_password(&body).expect("shown once");
    assert_ne!(new_password, password);
    assert_eq!(
        get_status(&kari, &server, "/rapporter").await,
        303,
        "signed out"
    );
    login(&client(), &server, "kari", &new_password).await;
    let page = get_text(&admin, &server, "/admin/brukere").await;
    assert!(
        shown_password(&page).is_none(),
        "a password is never shown twice"
    );
    // Removing: never oneself; kari is gone for good.
    let (status, _, body) = post_form(
        &admin,
        &server.url("/admin/brukere/admin/fjern"),
        &[("_csrf", &token)],
    )
    .await;
    assert_eq!(status, 400);
    assert!(body.contains("Du kan ikke fjerne deg selv."), "{body}");
    let (status, _, _) = post_form(
        &admin,
        &server.url("/admin/brukere/kari/fjern"),
        &[("_csrf", &token)],
    )
    .await;
    assert_eq!(status, 200);
    assert!(!env.ok(&["user", "list"]).contains("kari"));
    let (status, _, _) = post_form(
        &admin,
        &server.url("/admin/brukere/kari/fjern"),
        &[("_csrf", &token)],
    )
    .await;
    assert_eq!(status, 404);
    // Without the form token, nothing happens.
    let (status, _, _) = post_form(
        &admin,
        &server.url("/admin/brukere"),
        &[("name", "ola"), ("role", "reader")],
    )
    .await;
    assert_eq!(status, 403);
    // In English, the page and its refusals are English.
    let page = get_text(&admin, &server, "/admin/brukere?lang=en").await;
    assert!(page.contains("Add an account"), "{page}");
    let (_, _, body) = add(vec![("name", "ola"), ("role", "leader")]).await;
    assert!(
        body.contains("Choose at least one unit for the leader."),
        "{body}"
    );
}

#[test]
fn the_command_line_refuses_a_unit_no_round_has() {
    let env = TestEnv::new();
    env.ok(&["demo"]);
    let out = env.run(&[
        "user",
        "add",
        "kari",
        "--role",
        "leader",
        "--unit",
        "Kulturskole",
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("enheten «Kulturskole» finnes ikke i noen runde"),
        "{err}"
    );
    assert!(
        err.contains("Kulturskolen"),
        "the units that exist are named: {err}"
    );
    assert!(!env.ok(&["user", "list"]).contains("kari"));
}
