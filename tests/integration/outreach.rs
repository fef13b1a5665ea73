//! Reaching people (issue 28), against a real SMTP server and a real
//! OpenID provider (see `outside`): settings and a schedule set in the
//! browser's forms, invitations by e-mail that reach each address once,
//! reminders only for links not used, a round that closes itself and
//! forgets every address, a kill in the middle of sending, and sign-in
//! with the municipality's accounts, refused for every forged token.

use std::time::Duration;

use crate::helpers::*;
use crate::outside::{Mail, OidcProvider, SmtpServer, skip};

const DAY: i64 = 86_400;

/// Posts a form of a signed-in page (with its token) and returns
/// (status, location, body).
async fn post_signed_in(
    c: &reqwest::Client,
    server: &Server,
    path: &str,
    fields: &[(&str, &str)],
) -> (u16, Option<String>, String) {
    let csrf = csrf_token(c, server).await;
    let mut all = vec![("_csrf", csrf.as_str())];
    all.extend_from_slice(fields);
    post_form(c, &server.url(path), &all).await
}

/// Gives `addresses` for `unit` on the round page's e-mail form.
async fn invite_by_mail(
    c: &reqwest::Client,
    server: &Server,
    round: &str,
    unit: &str,
    addresses: &str,
) -> (u16, String) {
    let csrf = csrf_token(c, server).await;
    let form = reqwest::multipart::Form::new()
        .text("_csrf", csrf)
        .text("unit", unit.to_string())
        .text("letter_lang", "nb")
        .text("addresses", addresses.to_string());
    let resp = c
        .post(server.url(&format!("/admin/rounds/{round}/epost")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.text().await.unwrap())
}

/// Uploads `file` (as an HR system's CSV would be) on the e-mail form.
async fn invite_by_file(
    c: &reqwest::Client,
    server: &Server,
    unit: &str,
    file: Vec<u8>,
) -> (u16, String) {
    let csrf = csrf_token(c, server).await;
    let form = reqwest::multipart::Form::new()
        .text("_csrf", csrf)
        .text("unit", unit.to_string())
        .text("letter_lang", "nn")
        .text("addresses", "")
        .part(
            "file",
            reqwest::multipart::Part::bytes(file).file_name("ansatte.csv"),
        );
    let resp = c
        .post(server.url("/admin/rounds/2026/epost"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.text().await.unwrap())
}

/// Sets the address, the sender and a relay without TLS at `smtp`.
async fn set_up_mail(c: &reqwest::Client, server: &Server, smtp: &SmtpServer) {
    let (status, _, body) = post_signed_in(
        c,
        server,
        "/admin/innstillinger",
        &[
            ("part", "address"),
            ("public_url", &server.base),
            ("sender_name", "HR-avdelingen i Solvik kommune"),
            ("contact", "Kari Nordmann, tlf. 400 00 000"),
        ],
    )
    .await;
    assert_eq!(status, 303, "{body}");
    let port = smtp.port.to_string();
    let (status, _, body) = post_signed_in(
        c,
        server,
        "/admin/innstillinger",
        &[
            ("part", "smtp"),
            ("smtp_host", "127.0.0.1"),
            ("smtp_port", &port),
            ("smtp_security", "none"),
            ("smtp_user", "trappa"),
            ("smtp_password", "relay-passord"),
            ("smtp_from", "undersokelse@solvik.kommune.no"),
        ],
    )
    .await;
    assert_eq!(status, 303, "{body}");
}

fn relay() -> SmtpServer {
    SmtpServer::start(&[("SMTP_USER", "trappa"), ("SMTP_PASSWORD", "relay-passord")])
}

/// Answers the survey through a link from an e-mail, on a device of its
/// own; returns the status of the submission (303: stored).
async fn answer_through(link: &str) -> u16 {
    let c = client();
    let page = form_page_at(&c, link).await;
    let token = input_value(&page, "_token");
    let kode = input_value(&page, "_kode");
    let (status, _, _) = post_form(
        &c,
        &absolute(link, "/s/2026"),
        &[
            ("_token", token.as_str()),
            ("_kode", kode.as_str()),
            ("role", "ansatt"),
            ("plakat.p01", "4"),
        ],
    )
    .await;
    status
}

/// The round page's e-mail table: (invited, sent, refused, uncertain,
/// answered) for `unit`.
async fn mail_counts(c: &reqwest::Client, server: &Server, unit: &str) -> [u64; 5] {
    let page = get_text(c, server, "/admin/rounds/2026").await;
    let doc = html(&page);
    for row in select(&doc, "#epost ~ div.table-scroll table tbody tr") {
        let cells: Vec<String> = row
            .text()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect();
        if cells.first().map(String::as_str) == Some(unit) {
            let n: Vec<u64> = cells[1..6]
                .iter()
                .map(|c| c.replace(['\u{a0}', ' '], "").parse().unwrap())
                .collect();
            return [n[0], n[1], n[2], n[3], n[4]];
        }
    }
    panic!("no e-mail row for {unit} on the round page:\n{page}");
}

fn addresses(n: usize) -> Vec<String> {
    (1..=n)
        .map(|i| format!("ansatt{i:02}@solvik.kommune.no"))
        .collect()
}

fn recipients(mails: &[Mail]) -> Vec<String> {
    let mut to: Vec<String> = mails.iter().flat_map(|m| m.to.clone()).collect();
    to.sort();
    to
}

#[tokio::test]
async fn invitations_reach_each_address_once_and_reminders_only_those_who_have_not_answered() {
    if skip("smtp-server") {
        return;
    }
    let env = TestEnv::new();
    env.open_round();
    let server = env.spawn_server();
    let clock = server.clock.clone().unwrap();
    let smtp = relay();
    let c = client();
    login_admin(&c, &server).await;
    set_up_mail(&c, &server, &smtp).await;
    // The schedule, in Norwegian time: a deadline, the closing, and a
    // reminder day three days from now.
    let now = clock.now();
    let day = |at: i64| trappa::outreach::schedule::day_of(at);
    let local = |at: i64| {
        trappa::outreach::schedule::typed(&trappa::store::outreach::Schedule {
            opens_at: Some(at),
            ..Default::default()
        })
        .opens_at
    };
    let reminder_day = day(now + 3 * DAY);
    let (status, _, body) = post_signed_in(
        &c,
        &server,
        "/admin/rounds/2026/tidsplan",
        &[
            ("deadline", &day(now + 9 * DAY)),
            ("opens_at", ""),
            ("closes_at", &local(now + 10 * DAY)),
            ("reminder_days", &reminder_day),
        ],
    )
    .await;
    assert_eq!(status, 303, "{body}");

    let given = addresses(20);
    let (status, body) =
        invite_by_mail(&c, &server, "2026", "Kulturskolen", &given.join("\n")).await;
    assert_eq!(status, 303, "{body}");
    let invitations = smtp.wait_for(20).await;
    assert_eq!(recipients(&invitations), given, "each address once");
    let deadline = trappa::outreach::schedule::day_shown(&day(now + 9 * DAY));
    for m in &invitations {
        assert!(m.subject.contains("Spørreundersøkelse"), "{}", m.subject);
        assert!(
            m.from.contains("undersokelse@solvik.kommune.no"),
            "{}",
            m.from
        );
        for needle in [
            "HR-avdelingen i Solvik kommune",
            "Kari Nordmann, tlf. 400 00 000",
            deadline.as_str(),
            "anonymt",
            "Kulturskolen",
        ] {
            assert!(m.text.contains(needle), "«{needle}» in {}", m.text);
        }
        assert!(m.link().starts_with(&server.base), "{}", m.link());
    }
    let links: std::collections::BTreeSet<String> = invitations.iter().map(Mail::link).collect();
    assert_eq!(links.len(), 20, "a link of its own for each");
    assert_eq!(
        mail_counts(&c, &server, "Kulturskolen").await,
        [20, 20, 0, 0, 0]
    );

    // Giving the same addresses again sends nobody a second invitation.
    let (status, _) =
        invite_by_mail(&c, &server, "2026", "Kulturskolen", &given[..3].join("\n")).await;
    assert_eq!(status, 303);
    let page = get_text(&c, &server, "/admin/rounds/2026").await;
    assert!(
        page.contains("0 invitasjoner er lagt i kø. 3 adresser var gitt før"),
        "{page}"
    );

    // Five people answer through their links.
    let answered: Vec<&Mail> = invitations.iter().step_by(4).collect();
    assert_eq!(answered.len(), 5);
    for m in &answered {
        assert_eq!(answer_through(&m.link()).await, 303, "{}", m.link());
    }
    assert_eq!(
        mail_counts(&c, &server, "Kulturskolen").await,
        [20, 20, 0, 0, 5]
    );
    // A used link does not work again.
    let used = client().get(answered[0].link()).send().await.unwrap();
    assert_eq!(used.status(), 422);

    // The day before the reminder day nothing goes out; on it, the other
    // fifteen get their own link again, once however often the clock ticks.
    clock.set(now + 2 * DAY);
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(smtp.messages().len(), 20);
    clock.set(now + 3 * DAY + 3600);
    let all = smtp.wait_for(35).await;
    clock.set(now + 3 * DAY + 7200);
    tokio::time::sleep(Duration::from_millis(600)).await;
    let all_after = smtp.messages();
    assert_eq!(all_after.len(), 35, "reminded once");
    let reminders = &all[20..];
    let mut expected: Vec<String> = invitations
        .iter()
        .filter(|m| !answered.iter().any(|a| a.to == m.to))
        .flat_map(|m| m.to.clone())
        .collect();
    expected.sort();
    assert_eq!(
        recipients(reminders),
        expected,
        "exactly those who have not answered"
    );
    for r in reminders {
        assert!(r.subject.starts_with("Påminnelse"), "{}", r.subject);
        let first = invitations.iter().find(|m| m.to == r.to).unwrap();
        assert_eq!(r.link(), first.link(), "the same link");
    }

    // The closing time passes: the round closes itself, and every address
    // goes, with a line in the audit log saying how many.
    let store = env.store().await;
    clock.set(now + 10 * DAY + 60);
    let start = std::time::Instant::now();
    while store
        .rounds()
        .await
        .unwrap()
        .iter()
        .any(|r| r.id == "2026" && r.open)
    {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the round closed itself"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(env.count_rows("mail_invitations").await, 0);
    assert_eq!(env.count_rows("mail_invited").await, 0);
    let log = store.audit_log().await.unwrap();
    assert!(
        log.iter().any(|e| e.detail.contains("15 adresser slettet")),
        "{log:?}"
    );
    assert!(
        log.iter()
            .any(|e| e.action == "runde stengt etter tidsplan")
    );
    // Nothing in the store names an address any more.
    if env.is_sqlite() {
        for line in crate::invitations::dump(&env.db()).await {
            assert!(
                !line.contains("solvik.kommune.no") || line.starts_with("settings:"),
                "{line}"
            );
        }
    }
    assert_eq!(
        mail_counts(&c, &server, "Kulturskolen").await,
        [20, 20, 0, 0, 5]
    );
}

#[tokio::test]
async fn an_address_the_relay_refuses_is_shown_with_its_words() {
    if skip("smtp-server") {
        return;
    }
    let env = TestEnv::new();
    env.open_round();
    let server = env.spawn_server();
    let smtp = SmtpServer::start(&[
        ("SMTP_USER", "trappa"),
        ("SMTP_PASSWORD", "relay-passord"),
        ("SMTP_REFUSE", "sluttet"),
    ]);
    let c = client();
    login_admin(&c, &server).await;
    set_up_mail(&c, &server, &smtp).await;
    // A CSV from the HR system, as Excel saves it (Windows-1252, semicolons).
    let (file, _, _) = encoding_rs::WINDOWS_1252.encode(
        "Navn;E-post;Avdeling\nKari Bjørnstad;kari@solvik.kommune.no;Skole\nOla;ola.sluttet@solvik.kommune.no;Skole\nPer Ødegård;per@solvik.kommune.no;Skole\n",
    );
    let (status, body) = invite_by_file(&c, &server, "Solvik barneskole", file.into_owned()).await;
    assert_eq!(status, 303, "{body}");
    let mails = smtp.wait_for(2).await;
    assert!(
        mails[0].subject.starts_with("Spørjeundersøking"),
        "in nynorsk: {}",
        mails[0].subject
    );
    let start = std::time::Instant::now();
    loop {
        let counts = mail_counts(&c, &server, "Solvik barneskole").await;
        if counts[1] + counts[2] == 3 {
            assert_eq!(counts, [3, 2, 1, 0, 0]);
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(30), "{counts:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let page = get_text(&c, &server, "/admin/rounds/2026").await;
    assert!(page.contains("ola.sluttet@solvik.kommune.no"), "{page}");
    assert!(page.contains("mailbox unavailable"), "{page}");
    assert!(
        !page.contains("kari@solvik.kommune.no"),
        "only refusals are listed"
    );
}

#[tokio::test]
async fn bad_settings_schedules_and_address_lists_are_refused_naming_what_is_wrong() {
    let env = TestEnv::new();
    env.open_round();
    let server = env.spawn_server();
    let c = client();
    login_admin(&c, &server).await;
    let (status, _, page) = post_signed_in(
        &c,
        &server,
        "/admin/innstillinger",
        &[
            ("part", "address"),
            ("public_url", "trappa.solvik.no"),
            ("sender_name", "HR"),
            ("contact", ""),
        ],
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        page.contains("Undersøkelsens offentlige adresse: «trappa.solvik.no» er ikke en adresse"),
        "{page}"
    );
    assert!(page.contains("value=\"HR\""), "what was typed stays");
    let store = env.store().await;
    assert!(
        store.settings().await.unwrap().is_empty(),
        "nothing half-saved"
    );
    let (status, _, page) = post_signed_in(
        &c,
        &server,
        "/admin/innstillinger",
        &[
            ("part", "smtp"),
            ("smtp_host", "smtp.solvik.no"),
            ("smtp_port", "99999"),
            ("smtp_security", "none"),
            ("smtp_from", "ikke en adresse"),
        ],
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        page.contains("Port: «99999» er ikke et portnummer"),
        "{page}"
    );
    assert!(
        page.contains("Avsenderadresse: «ikke en adresse» er ikke en e-postadresse"),
        "{page}"
    );

    let (status, _, page) = post_signed_in(
        &c,
        &server,
        "/admin/rounds/2026/tidsplan",
        &[
            ("deadline", "14.03.2027"),
            ("opens_at", "2027-03-01T08:00"),
            ("closes_at", "2027-02-01T08:00"),
            ("reminder_days", ""),
        ],
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        page.contains("Svarfrist: «14.03.2027» er ikke en dato"),
        "{page}"
    );
    assert!(
        page.contains("Runden må stenge etter at den åpner"),
        "{page}"
    );
    assert!(
        page.contains("value=\"2027-02-01T08:00\""),
        "what was typed stays"
    );
    assert_eq!(
        store.schedule("2026").await.unwrap(),
        trappa::store::outreach::Schedule::default()
    );

    let (status, page) = invite_by_mail(
        &c,
        &server,
        "2026",
        "Kulturskolen",
        "kari@solvik.no\nola(at)solvik.no",
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        page.contains("Linje 2: «ola(at)solvik.no» er ikke en e-postadresse"),
        "{page}"
    );
    assert!(
        page.contains("kari@solvik.no\nola(at)solvik.no</textarea>"),
        "{page}"
    );
    assert_eq!(
        env.count_rows("mail_invitations").await,
        0,
        "all or nothing"
    );
    let (status, page) = invite_by_mail(&c, &server, "2026", "Finnes ikke", "kari@solvik.no").await;
    assert_eq!(status, 400);
    assert!(page.contains("Velg en enhet i runden"), "{page}");
}

#[tokio::test]
async fn a_kill_while_sending_sends_nobody_two_invitations() {
    if skip("smtp-server") {
        return;
    }
    let env = TestEnv::new();
    env.open_round();
    let password = env.add_user("hr", "administrator", &[]);
    // A slow relay: each message takes 80 ms to be taken.
    let smtp = SmtpServer::start(&[
        ("SMTP_USER", "trappa"),
        ("SMTP_PASSWORD", "relay-passord"),
        ("SMTP_DELAY_MS", "80"),
    ]);
    let mut server = env.spawn_process_with(&[]);
    let c = client();
    login(&c, &server, "hr", &password).await;
    set_up_mail(&c, &server, &smtp).await;
    let given = addresses(40);
    let (status, body) =
        invite_by_mail(&c, &server, "2026", "Kulturskolen", &given.join("\n")).await;
    assert_eq!(status, 303, "{body}");
    smtp.wait_for(8).await;
    server.kill(); // SIGKILL, in the middle of sending
    let at_kill = smtp.messages().len();
    assert!(at_kill < 40, "killed before the end ({at_kill})");
    let server = env.spawn_process_with(&[]);
    // The restarted service sends the rest. The one it was sending when
    // killed most likely reached the relay (which keeps what it got before
    // answering); either way it is never sent again: it waits as
    // "uncertain".
    let start = std::time::Instant::now();
    let got = loop {
        let got = smtp.messages();
        if got.len() >= 39 {
            tokio::time::sleep(Duration::from_millis(500)).await;
            break smtp.messages();
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{} arrived",
            got.len()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let to = recipients(&got);
    let mut unique = to.clone();
    unique.dedup();
    assert_eq!(to, unique, "nobody got two invitations");
    assert!(got.len() >= 39, "{} of 40", got.len());
    drop(server);
}

/// Follows a sign-in from trappa's button through the provider's login
/// form (as `name`) back to trappa's callback, whose address `edit` may
/// change; returns the callback's (status, location, body).
async fn sign_in_through_provider(
    c: &reqwest::Client,
    server: &Server,
    name: &str,
    edit: impl Fn(String) -> String,
) -> (u16, Option<String>, String) {
    let resp = c.get(server.url("/login/oidc")).send().await.unwrap();
    assert_eq!(resp.status(), 303, "{}", resp.text().await.unwrap());
    let mut url = resp.headers()["location"].to_str().unwrap().to_string();
    for _ in 0..10 {
        if url.starts_with(&server.base) {
            let callback = edit(url);
            let resp = c.get(&callback).send().await.unwrap();
            let status = resp.status().as_u16();
            let location = resp
                .headers()
                .get("location")
                .map(|l| l.to_str().unwrap().to_string());
            return (status, location, resp.text().await.unwrap());
        }
        let resp = c.get(&url).send().await.unwrap();
        if resp.status() == 303 || resp.status() == 302 {
            let to = resp.headers()["location"].to_str().unwrap().to_string();
            url = absolute(&url, &to);
            continue;
        }
        // The provider's own login form.
        let page = resp.text().await.unwrap();
        let doc = html(&page);
        let action = select(&doc, "form")
            .first()
            .and_then(|f| f.value().attr("action"))
            .unwrap_or_else(|| panic!("a login form at {url}:\n{page}"))
            .to_string();
        // Its hidden fields as they are, and a user name and password.
        let mut fields: Vec<(String, String)> = select(&doc, "form input[type=hidden]")
            .iter()
            .filter_map(|i| {
                Some((
                    i.value().attr("name")?.to_string(),
                    i.value().attr("value")?.to_string(),
                ))
            })
            .collect();
        fields.push(("login".into(), name.into()));
        fields.push(("password".into(), "hva som helst".into()));
        let resp = c
            .post(absolute(&url, &action))
            .form(&fields)
            .send()
            .await
            .unwrap();
        let Some(to) = resp.headers().get("location") else {
            panic!(
                "the provider's login at {action}: {}\n{page}",
                resp.status()
            );
        };
        url = absolute(&url, to.to_str().unwrap());
    }
    panic!("the sign-in never came back to trappa");
}

/// Where the signed-in page sends the browser on to.
fn goes_on_to(page: &str) -> String {
    let doc = html(page);
    let content = select(&doc, "meta[http-equiv=refresh]")
        .first()
        .and_then(|m| m.value().attr("content"))
        .unwrap_or_default()
        .to_string();
    content
        .split_once("url=")
        .map(|(_, u)| u.to_string())
        .unwrap_or_default()
}

/// A server with a leader and an OpenID provider connected to it.
async fn with_provider() -> Option<(TestEnv, Server, OidcProvider)> {
    if skip("oidc-provider") {
        return None;
    }
    let env = TestEnv::new();
    env.open_round();
    env.add_user("leder@solvik.kommune.no", "leader", &["Kulturskolen"]);
    let server = env.spawn_server();
    let provider = OidcProvider::start(&server.url("/login/oidc/callback"));
    let c = client();
    login_admin(&c, &server).await;
    let (status, _, body) = post_signed_in(
        &c,
        &server,
        "/admin/innstillinger",
        &[
            ("part", "address"),
            ("public_url", &server.base),
            ("sender_name", ""),
            ("contact", ""),
        ],
    )
    .await;
    assert_eq!(status, 303, "{body}");
    let (status, _, body) = post_signed_in(
        &c,
        &server,
        "/admin/innstillinger",
        &[
            ("part", "oidc"),
            ("oidc_issuer", &provider.issuer),
            ("oidc_client_id", "trappa"),
            ("oidc_client_secret", &provider.secret),
            ("oidc_claim", "email"),
            ("oidc_label", "Solvik-konto"),
        ],
    )
    .await;
    assert_eq!(status, 303, "{body}");
    Some((env, server, provider))
}

#[tokio::test]
async fn a_leader_signs_in_with_the_municipalitys_account_and_reads_the_reports() {
    let Some((env, server, provider)) = with_provider().await else {
        return;
    };
    let c = client();
    let login = get_text(&c, &server, "/login").await;
    assert!(login.contains("Logg inn med Solvik-konto"), "{login}");
    let (status, location, body) =
        sign_in_through_provider(&c, &server, "leder@solvik.kommune.no", |u| u).await;
    // A page that goes on to the reports (not a redirect; see oidc.rs).
    assert_eq!((status, location), (200, None), "{body}");
    assert_eq!(goes_on_to(&body), "/rapporter", "{body}");
    let page = get_text(&c, &server, "/rapporter").await;
    assert!(page.contains("leder@solvik.kommune.no"), "{page}");
    assert_eq!(
        get_status(&c, &server, "/admin").await,
        403,
        "a leader stays a leader"
    );
    // Signing out ends it as a password's session does.
    let csrf = csrf_token(&c, &server).await;
    post_form(&c, &server.url("/logout"), &[("_csrf", csrf.as_str())]).await;
    assert_eq!(get_status(&c, &server, "/rapporter").await, 303);

    // Someone the provider knows but trappa does not gets no account.
    let stranger = client();
    let (status, _, body) =
        sign_in_through_provider(&stranger, &server, "ukjent@solvik.kommune.no", |u| u).await;
    assert_eq!(status, 403);
    assert!(body.contains("finnes ikke i trappa"), "{body}");
    assert_eq!(get_status(&stranger, &server, "/rapporter").await, 303);

    // Removing the account ends its session, as for a password's.
    let (status, _, _) =
        sign_in_through_provider(&c, &server, "leder@solvik.kommune.no", |u| u).await;
    assert_eq!(status, 200);
    assert_eq!(get_status(&c, &server, "/rapporter").await, 200);
    env.ok(&["user", "remove", "leder@solvik.kommune.no"]);
    assert_eq!(get_status(&c, &server, "/rapporter").await, 303);

    // With the user name as the claim, the account is the provider's
    // preferred_username (here the part of the login before @).
    env.add_user("kari", "reader", &[]);
    let admin = client();
    login_admin(&admin, &server).await;
    let (status, _, body) = post_signed_in(
        &admin,
        &server,
        "/admin/innstillinger",
        &[
            ("part", "oidc"),
            ("oidc_issuer", &provider.issuer),
            ("oidc_client_id", "trappa"),
            ("oidc_client_secret", ""),
            ("oidc_claim", "preferred_username"),
            ("oidc_label", ""),
        ],
    )
    .await;
    assert_eq!(status, 303, "{body}");
    let kari = client();
    let login = get_text(&kari, &server, "/login").await;
    assert!(
        login.contains("Logg inn med kommunens konto"),
        "the default words: {login}"
    );
    let (status, _, body) =
        sign_in_through_provider(&kari, &server, "kari@et-annet-domene.no", |u| u).await;
    assert_eq!(status, 200);
    assert_eq!(goes_on_to(&body), "/rapporter", "{body}");
    assert!(
        get_text(&kari, &server, "/rapporter")
            .await
            .contains("kari")
    );
}

/// Signs in with the provider turned `mode`; the callback must refuse and
/// leave the browser signed out.
async fn refused_when(mode: &str, edit: impl Fn(String) -> String) {
    let Some((_env, server, provider)) = with_provider().await else {
        return;
    };
    provider.tamper(mode).await;
    let c = client();
    let (status, _, body) =
        sign_in_through_provider(&c, &server, "leder@solvik.kommune.no", edit).await;
    assert_eq!(status, 401, "{mode}: {body}");
    assert!(
        body.contains("Innloggingen med kommunens konto mislyktes"),
        "{body}"
    );
    assert_eq!(
        get_status(&c, &server, "/rapporter").await,
        303,
        "{mode}: still signed out"
    );
    // The same browser signs in once the provider behaves.
    provider.tamper("none").await;
    let (status, _, _) =
        sign_in_through_provider(&c, &server, "leder@solvik.kommune.no", |u| u).await;
    assert_eq!(status, 200, "{mode}: a good token afterwards is taken");
}

#[tokio::test]
async fn an_id_token_signed_with_another_key_is_refused() {
    refused_when("signature", |u| u).await;
}

#[tokio::test]
async fn an_id_token_for_another_audience_is_refused() {
    refused_when("audience", |u| u).await;
}

#[tokio::test]
async fn an_id_token_with_another_nonce_is_refused() {
    refused_when("nonce", |u| u).await;
}

#[tokio::test]
async fn a_callback_with_another_state_is_refused() {
    refused_when("none", |u| {
        let (head, query) = u.split_once('?').unwrap();
        let query: Vec<String> = query
            .split('&')
            .map(|p| {
                if p.starts_with("state=") {
                    "state=forfalsket".to_string()
                } else {
                    p.to_string()
                }
            })
            .collect();
        format!("{head}?{}", query.join("&"))
    })
    .await;
}

/// Every row of the store, as text, that contains `needle` (both stores):
/// what an attacker with a copy of the database could find.
async fn rows_mentioning(env: &TestEnv, needle: &str) -> Vec<String> {
    match &env.postgres {
        None => crate::invitations::dump(&env.db())
            .await
            .into_iter()
            .filter(|l| l.contains(needle))
            .collect(),
        Some((url, schema)) => {
            let pool = sqlx::PgPool::connect(url).await.unwrap();
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT table_name::text FROM information_schema.tables WHERE table_schema = $1",
            )
            .bind(schema)
            .fetch_all(&pool)
            .await
            .unwrap();
            let mut out = Vec::new();
            for table in tables {
                let rows: Vec<String> = sqlx::query_scalar(&format!(
                    "SELECT x::text FROM \"{schema}\".\"{table}\" AS x WHERE x::text LIKE $1"
                ))
                .bind(format!("%{needle}%"))
                .fetch_all(&pool)
                .await
                .unwrap();
                out.extend(rows.into_iter().map(|r| format!("{table}: {r}")));
            }
            pool.close().await;
            out
        }
    }
}

#[tokio::test]
async fn after_the_round_nothing_in_the_store_names_an_address() {
    if skip("smtp-server") {
        return;
    }
    let env = TestEnv::new();
    env.open_round();
    let server = env.spawn_server();
    let smtp = relay();
    let c = client();
    login_admin(&c, &server).await;
    set_up_mail(&c, &server, &smtp).await;
    let given = addresses(6);
    let (status, body) =
        invite_by_mail(&c, &server, "2026", "Kulturskolen", &given.join("\n")).await;
    assert_eq!(status, 303, "{body}");
    let mails = smtp.wait_for(6).await;
    for m in &mails[..3] {
        assert_eq!(answer_through(&m.link()).await, 303);
    }
    // While the round is open, the addresses whose links are unused are
    // kept (for the reminders); the three used ones are gone already.
    let open = rows_mentioning(&env, "@solvik.kommune.no").await;
    let kept: Vec<&String> = open
        .iter()
        .filter(|r| r.starts_with("mail_invitations"))
        .collect();
    assert_eq!(kept.len(), 3, "{open:#?}");
    for m in &mails[..3] {
        assert!(
            !open.iter().any(|r| r.contains(&m.to[0])),
            "{} still stored",
            m.to[0]
        );
        let code = m.link().split("kode=").nth(1).unwrap().to_string();
        assert!(
            rows_mentioning(&env, &code).await.is_empty(),
            "a used code is kept"
        );
    }
    // Closing by hand forgets them too.
    env.ok(&["round", "close", "2026"]);
    let after = rows_mentioning(&env, "solvik.kommune.no").await;
    assert!(
        after.iter().all(|r| r.starts_with("settings")),
        "only the sender's own address may stay: {after:#?}"
    );
    for m in &mails {
        let code = m.link().split("kode=").nth(1).unwrap().to_string();
        assert!(
            rows_mentioning(&env, &code).await.is_empty(),
            "a code in clear text is kept"
        );
    }
}

#[tokio::test]
async fn two_instances_open_close_and_remind_once() {
    let env = TestEnv::new();
    std::fs::write(env.path("round.toml"), ROUND_FILE).unwrap();
    env.ok(&["round", "create", "2026", "--file", "round.toml"]);
    let a = env.spawn_server();
    let b = env.spawn_server();
    let (ca, cb) = (a.clock.clone().unwrap(), b.clock.clone().unwrap());
    let store = env.store().await;
    let now = ca.now();
    let schedule = trappa::store::outreach::Schedule {
        deadline: None,
        opens_at: Some(now + DAY),
        closes_at: Some(now + 5 * DAY),
        reminder_days: vec![trappa::outreach::schedule::day_of(now + 2 * DAY)],
    };
    store.set_schedule("2026", &schedule, "test").await.unwrap();
    let is_open = || async { store.rounds().await.unwrap()[0].open };
    for (at, open) in [
        (now + DAY + 60, true),
        (now + 2 * DAY + 60, true),
        (now + 5 * DAY + 60, false),
    ] {
        ca.set(at);
        cb.set(at);
        let start = std::time::Instant::now();
        while is_open().await != open {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "open = {open} at {at}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let log = store.audit_log().await.unwrap();
    for action in [
        "runde åpnet etter tidsplan",
        "påminnelser lagt i kø",
        "runde stengt etter tidsplan",
    ] {
        assert_eq!(
            log.iter().filter(|e| e.action == action).count(),
            1,
            "{action}: {log:?}"
        );
    }
}

/// The attacker with the database after the round: the same answers given
/// through the same e-mailed links, paired with the addresses differently,
/// leave the store in the same state. So nothing stored (no column, no
/// order, no count) tells which address gave which answer.
#[tokio::test]
async fn nothing_in_the_store_ties_an_address_to_its_answer() {
    if skip("smtp-server") {
        return;
    }
    let env = TestEnv::new();
    if !env.is_sqlite() {
        return; // reads the SQLite file itself
    }
    env.open_round();
    let smtp = relay();
    let given = addresses(4);
    let links: Vec<String> = {
        let server = env.spawn_server();
        let c = client();
        login_admin(&c, &server).await;
        set_up_mail(&c, &server, &smtp).await;
        let (status, body) =
            invite_by_mail(&c, &server, "2026", "Kulturskolen", &given.join("\n")).await;
        assert_eq!(status, 303, "{body}");
        let mails = smtp.wait_for(4).await;
        given
            .iter()
            .map(|a| mails.iter().find(|m| &m.to[0] == a).unwrap().link())
            .collect()
    };
    let copy = TestEnv::new();
    std::fs::copy(env.db(), copy.db()).unwrap();
    let wal = |p: std::path::PathBuf| p.with_extension("db-wal");
    if wal(env.db()).exists() {
        std::fs::copy(wal(env.db()), wal(copy.db())).unwrap();
    }
    let answers = [("5", "Første"), ("2", "Andre"), ("3", "Tredje")];
    for (e, pairing) in [(&env, [0usize, 1, 2]), (&copy, [2, 0, 1])] {
        let server = e.spawn_server();
        for ((score, text), &who) in answers.iter().zip(&pairing) {
            // The link names the server that sent it; this copy's server
            // answers it the same.
            let link =
                links[who].replace(&links[who][..links[who].find("/s/").unwrap()], &server.base);
            let c = client();
            let page = form_page_at(&c, &link).await;
            let token = input_value(&page, "_token");
            let kode = input_value(&page, "_kode");
            let (status, _, body) = post_form(
                &c,
                &server.url("/s/2026"),
                &[
                    ("_token", &token),
                    ("_kode", &kode),
                    ("role", "ansatt"),
                    ("plakat.p01", score),
                    ("kommentar", text),
                ],
            )
            .await;
            assert_eq!(status, 303, "{body}");
        }
        drop(server);
        e.ok(&["round", "close", "2026"]);
    }
    use crate::invitations::{dump, without_ids};
    let random = ["responses", "response_texts", "published_texts"];
    let (a, b) = (
        without_ids(dump(&env.db()).await, &random),
        without_ids(dump(&copy.db()).await, &random),
    );
    assert_eq!(a.len(), b.len());
    let differ: Vec<(&String, &String)> = a
        .iter()
        .zip(&b)
        // Form tokens are random per page view and carry a date only;
        // sessions are each browser's own.
        .filter(|(x, y)| {
            x != y && !x.starts_with("submission_tokens") && !x.starts_with("tower_sessions")
        })
        .collect();
    assert!(differ.is_empty(), "the pairing shows in: {differ:#?}");
    assert!(
        !a.join("\n").contains("ansatt0"),
        "an address outlived the round"
    );
    assert!(
        a.iter()
            .any(|l| l.starts_with("mail_tallies") && l.contains("answered=Some(3)")),
        "{a:#?}"
    );
}

/// A reminder the relay refuses is counted, never listed by address: a
/// row by address that vanished when its code was spent would tell that
/// the address has answered.
#[tokio::test]
async fn a_refused_reminder_names_nobody_and_an_answer_changes_nothing_shown() {
    if skip("smtp-server") {
        return;
    }
    let env = TestEnv::new();
    env.open_round();
    let server = env.spawn_server();
    let clock = server.clock.clone().unwrap();
    let smtp = SmtpServer::start(&[
        ("SMTP_USER", "trappa"),
        ("SMTP_PASSWORD", "relay-passord"),
        ("SMTP_REFUSE", "ansatt01"),
        ("SMTP_REFUSE_AFTER", "1"),
    ]);
    let c = client();
    login_admin(&c, &server).await;
    set_up_mail(&c, &server, &smtp).await;
    let now = clock.now();
    let store = env.store().await;
    store
        .set_schedule(
            "2026",
            &trappa::store::outreach::Schedule {
                reminder_days: vec![trappa::outreach::schedule::day_of(now + 2 * DAY)],
                ..Default::default()
            },
            "test",
        )
        .await
        .unwrap();
    let given = addresses(3);
    invite_by_mail(&c, &server, "2026", "Kulturskolen", &given.join("\n")).await;
    let mails = smtp.wait_for(3).await;
    clock.set(now + 2 * DAY + 60);
    smtp.wait_for(5).await; // two reminders arrive, the third is refused
    let start = std::time::Instant::now();
    while mail_counts(&c, &server, "Kulturskolen").await[2] < 1 {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the refusal was counted"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let before = get_text(&c, &server, "/admin/rounds/2026").await;
    assert!(
        !before.contains("ansatt01@"),
        "a reminder's refusal is not listed by address"
    );
    let invitation = mails
        .iter()
        .find(|m| m.to[0].starts_with("ansatt01"))
        .unwrap();
    assert_eq!(answer_through(&invitation.link()).await, 303);
    let counts = mail_counts(&c, &server, "Kulturskolen").await;
    assert_eq!(counts, [3, 3, 1, 0, 1]);
}

/// A relay that refuses one address for now (mailbox full) holds up
/// nobody else; that address is tried again later, and after five tries
/// shown as refused.
#[tokio::test]
async fn an_address_refused_for_now_holds_up_nobody_and_is_given_up_after_five_tries() {
    if skip("smtp-server") {
        return;
    }
    let env = TestEnv::new();
    env.open_round();
    let server = env.spawn_server();
    let clock = server.clock.clone().unwrap();
    let smtp = SmtpServer::start(&[
        ("SMTP_USER", "trappa"),
        ("SMTP_PASSWORD", "relay-passord"),
        ("SMTP_TEMPFAIL", "full"),
    ]);
    let c = client();
    login_admin(&c, &server).await;
    set_up_mail(&c, &server, &smtp).await;
    let mut given = addresses(8);
    given.insert(0, "postkassen.er.full@solvik.kommune.no".into());
    invite_by_mail(&c, &server, "2026", "Kulturskolen", &given.join("\n")).await;
    smtp.wait_for(8).await;
    // Tried again as the waits pass: 1, 2, 4, 8 minutes.
    let now = clock.now();
    let mut at = now;
    for wait in [60, 120, 240, 480, 960] {
        at += wait + 1;
        clock.set(at);
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let start = std::time::Instant::now();
    loop {
        let page = get_text(&c, &server, "/admin/rounds/2026").await;
        if page.contains("postkassen.er.full@solvik.kommune.no") {
            assert!(page.contains("mailbox full"), "{page}");
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "given up and listed: {page}"
        );
        clock.set(clock.now() + 2000);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(
        mail_counts(&c, &server, "Kulturskolen").await,
        [9, 8, 1, 0, 0]
    );
    assert_eq!(smtp.messages().len(), 8);
}

#[tokio::test]
async fn addresses_are_not_taken_for_a_closed_round() {
    let env = TestEnv::new();
    std::fs::write(env.path("round.toml"), ROUND_FILE).unwrap();
    env.ok(&["round", "create", "2026", "--file", "round.toml"]);
    let store = env.store().await;
    let mail = trappa::store::outreach::NewMail {
        address: "kari@solvik.no".into(),
        code: "ABCDE-FGHJK".into(),
        code_hash: "a2:test".into(),
        lang: "nb".into(),
    };
    let refused = store
        .add_mails("2026", "Kulturskolen", &[mail], "test")
        .await;
    assert!(
        matches!(refused, Err(trappa::store::StoreError::RoundNotOpen { .. })),
        "{refused:?}"
    );
    assert_eq!(env.count_rows("mail_invitations").await, 0);
}
