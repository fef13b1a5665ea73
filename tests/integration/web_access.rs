//! Access: accounts with roles on every admin and report route, sessions,
//! CSRF (including a cross-site request), and the rate limits.

use crate::helpers::*;

/// A server on the demo data with an administrator, a leader of
/// Kulturskolen and a reader, each signed in on their own client.
struct Accounts {
    env: TestEnv,
    server: Server,
    admin: reqwest::Client,
    leader: reqwest::Client,
    reader: reqwest::Client,
}

async fn accounts() -> Accounts {
    let env = TestEnv::new();
    env.ok(&["demo"]);
    let leader_pw = env.add_user("leder", "leader", &["Kulturskolen"]);
    let reader_pw = env.add_user("politiker", "reader", &[]);
    let server = env.spawn_server();
    let (admin, leader, reader) = (client(), client(), client());
    login_admin(&admin, &server).await;
    login(&leader, &server, "leder", &leader_pw).await;
    login(&reader, &server, "politiker", &reader_pw).await;
    Accounts {
        env,
        server,
        admin,
        leader,
        reader,
    }
}

/// A leader's meeting kits are those of their own units: "every unit" is
/// every unit of theirs, and the list links to each.
#[tokio::test]
async fn a_leader_gets_the_meeting_kits_of_their_own_units() {
    let a = accounts().await;
    let page = get_text(&a.leader, &a.server, "/rapporter/2025?kind=meeting").await;
    let headings: Vec<&str> = page
        .split("<h1 id=\"kit")
        .skip(1)
        .map(|h| h.split('>').nth(1).unwrap().split('<').next().unwrap())
        .collect();
    assert_eq!(headings, ["Resultatmøte i Kulturskolen – 2025"]);
    let list = get_text(&a.leader, &a.server, "/rapporter").await;
    assert!(
        list.contains("kind=meeting&amp;unit=Kulturskolen"),
        "{list}"
    );
    assert!(list.contains("Møtepakke Kulturskolen"));
    let list = get_text(&a.admin, &a.server, "/rapporter").await;
    assert!(list.contains("Møtepakker for alle enhetene"));
    let all = get_text(&a.admin, &a.server, "/rapporter/2025?kind=meeting").await;
    assert!(all.matches("<article class=\"kit").count() > 5);
}

#[tokio::test]
async fn every_route_admits_the_right_roles_only() {
    let a = accounts().await;
    let anonymous = client();
    let unit_own = "/rapporter/2025?kind=unit&unit=Kulturskolen";
    let unit_other = "/rapporter/2025?kind=unit&unit=Teknisk%20drift";
    // (path, admin, leader, reader); anonymous is always sent to the login.
    // 2025 is closed; 2026 is open, and only an administrator reads its
    // results.
    let table: &[(&str, u16, u16, u16)] = &[
        ("/admin", 200, 403, 403),
        ("/admin/rounds/2026", 200, 403, 403),
        ("/admin/rounds/2026/export.csv", 200, 403, 403),
        ("/admin/innstillinger", 200, 403, 403),
        ("/rapporter", 200, 200, 200),
        ("/rapporter/2025?kind=leader", 200, 200, 403),
        ("/rapporter/2025?kind=summary", 200, 200, 200),
        (unit_own, 200, 200, 403),
        (unit_other, 200, 403, 403),
        (
            "/rapporter/2025?kind=meeting&unit=Kulturskolen",
            200,
            200,
            403,
        ),
        (
            "/rapporter/2025?kind=meeting&unit=Teknisk%20drift",
            200,
            403,
            403,
        ),
        ("/rapporter/2025?kind=meeting", 200, 200, 403),
        ("/rapporter/2025/json?kind=leader", 200, 200, 403),
        ("/rapporter/2025/json?kind=summary", 200, 200, 403),
        ("/rapporter/2026?kind=leader", 200, 403, 403),
        ("/rapporter/2026?kind=summary", 200, 403, 403),
        ("/rapporter/2026?kind=unit&unit=Kulturskolen", 200, 403, 403),
        ("/rapporter/2026/json?kind=leader", 200, 403, 403),
    ];
    for &(path, admin, leader, reader) in table {
        assert_eq!(
            get_status(&a.admin, &a.server, path).await,
            admin,
            "admin {path}"
        );
        assert_eq!(
            get_status(&a.leader, &a.server, path).await,
            leader,
            "leader {path}"
        );
        assert_eq!(
            get_status(&a.reader, &a.server, path).await,
            reader,
            "reader {path}"
        );
        let resp = anonymous.get(a.server.url(path)).send().await.unwrap();
        assert_eq!(resp.status(), 303, "anonymous {path}");
        let to = resp.headers()["location"].to_str().unwrap().to_string();
        assert!(to.starts_with("/login?next=%2F"), "{path} → {to}");
    }
    // PDF routes are guarded by the same rule (checked before Chromium runs).
    for c in [&a.leader, &a.reader] {
        assert_eq!(
            get_status(c, &a.server, "/rapporter/2026/pdf?kind=summary").await,
            403,
            "an open round's PDF"
        );
    }
    assert_eq!(
        get_status(&a.reader, &a.server, "/rapporter/2026/pdf?kind=leader").await,
        403
    );
    assert_eq!(
        get_status(
            &a.leader,
            &a.server,
            "/rapporter/2026/pdf?kind=unit&unit=Teknisk%20drift"
        )
        .await,
        403
    );

    // State-changing admin routes: a leader with a valid form token is refused.
    let token = csrf_token(&a.leader, &a.server).await;
    for path in [
        "/admin/rounds/2026/close",
        "/admin/rounds/2026/access",
        "/admin/rounds/2026/delete-responses",
        "/admin/rounds",
        "/admin/innstillinger",
        "/admin/rounds/2026/tidsplan",
        "/admin/rounds/2026/epost",
    ] {
        let fields = [
            ("_csrf", token.as_str()),
            ("confirm", "2026"),
            ("requires_code", "1"),
            ("name", "2099"),
            ("like", "2026"),
            ("part", "address"),
            ("public_url", "https://evil.example"),
            ("closes_at", "2026-01-01T00:00"),
        ];
        let (code, _, _) = post_form(&a.leader, &a.server.url(path), &fields).await;
        assert_eq!(code, 403, "leader POST {path}");
        let (code, location, _) = post_form(&anonymous, &a.server.url(path), &fields).await;
        assert_eq!(code, 303, "anonymous POST {path}");
        assert!(location.unwrap().starts_with("/login"));
    }
    let list = a.env.ok(&["round", "list"]);
    assert!(list.contains("2026\tåpen"), "{list}");
    assert!(!list.contains("2099"));
    assert!(a.env.export_rows("2026").len() > 100, "nothing was deleted");

    // The reports page offers each account only what it may read.
    let page = a
        .leader
        .get(a.server.url("/rapporter"))
        .send()
        .await
        .unwrap();
    let text = page.text().await.unwrap();
    assert!(text.contains("Enhetsrapport Kulturskolen"));
    assert!(!text.contains("Teknisk drift"));
    // The open round: counts for the leader's own unit, no reports.
    assert!(text.contains("Runden er åpen"), "{text}");
    assert!(
        !text.contains("/rapporter/2026?"),
        "no report links for an open round"
    );
    let text = a
        .reader
        .get(a.server.url("/rapporter"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(text.contains("Sammendrag") && !text.contains("Lederrapport"));
}

#[tokio::test]
async fn leaders_cannot_lower_the_group_size() {
    let a = accounts().await;
    let body = |c: &reqwest::Client, path: &'static str| {
        let url = a.server.url(path);
        let c = c.clone();
        async move { c.get(url).send().await.unwrap().text().await.unwrap() }
    };
    // A leader may not choose k at all: two values of k would hide
    // different cells of the same round.
    for min_n in [3, 7] {
        let path = format!("/rapporter/2025?kind=leader&min_n={min_n}");
        assert_eq!(get_status(&a.leader, &a.server, &path).await, 403, "{path}");
        let path = format!("/rapporter/2025/json?kind=leader&min_n={min_n}");
        assert_eq!(get_status(&a.leader, &a.server, &path).await, 403, "{path}");
    }
    let refused = body(&a.leader, "/rapporter/2025?kind=leader&min_n=7").await;
    assert!(
        refused.contains("Bare en administrator kan velge"),
        "{refused}"
    );
    // The round's own k is no choice.
    assert_eq!(
        get_status(&a.leader, &a.server, "/rapporter/2025?kind=leader&min_n=5").await,
        200
    );
    // An administrator may, under 3 never, and the report says so on every page.
    assert_eq!(
        get_status(&a.admin, &a.server, "/rapporter/2025?kind=leader&min_n=2").await,
        400
    );
    let admin_lowered = body(&a.admin, "/rapporter/2025?kind=leader&min_n=3").await;
    assert!(admin_lowered.contains("minst 3 svar"));
    assert!(admin_lowered.contains("Laget med minste gruppestørrelse 3, ikke rundens 5"));
    assert!(
        admin_lowered.contains("@top-center"),
        "marked on every printed page"
    );
    let own = body(&a.admin, "/rapporter/2025?kind=leader").await;
    assert!(!own.contains("Laget med minste gruppestørrelse"));
}

#[tokio::test]
async fn cross_site_and_tokenless_posts_are_refused() {
    let a = accounts().await;
    let url = a.server.url("/admin/rounds/2026/close");
    let token = csrf_token(&a.admin, &a.server).await;

    // A page on another site posting with the administrator's cookies.
    let post_with = |header: (&'static str, String)| {
        let (client, url, body) = (a.admin.clone(), url.clone(), format!("_csrf={token}"));
        async move {
            client
                .post(&url)
                .header(header.0, header.1)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(
        post_with(("origin", "https://evil.example".into())).await,
        403
    );
    assert_eq!(
        post_with(("sec-fetch-site", "cross-site".into())).await,
        403
    );
    // Same site, but without the token or with another session's token.
    assert_eq!(post_form(&a.admin, &url, &[]).await.0, 403);
    let other = csrf_token(&a.leader, &a.server).await;
    assert_eq!(post_form(&a.admin, &url, &[("_csrf", &other)]).await.0, 403);
    assert!(a.env.ok(&["round", "list"]).contains("2026\tåpen"));

    // The public form refuses a cross-site post too.
    let resp = client()
        .post(a.server.url("/s/2026"))
        .header("origin", "https://evil.example")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("_token=00000000000000000000000000000000&unit=Kulturskolen&role=ansatt")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 403);

    // The real thing, from our own page.
    let resp = a
        .admin
        .post(&url)
        .header("origin", &a.server.base)
        .header("sec-fetch-site", "same-origin")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("_csrf={token}&confirm=1"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    assert!(a.env.ok(&["round", "list"]).contains("2026\tstengt"));
}

#[tokio::test]
async fn sessions_end_on_logout_password_change_and_removal() {
    let a = accounts().await;
    // The session cookie's attributes.
    let fresh = client();
    let resp = fresh
        .post(a.server.url("/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("name=politiker&password=politiker-Fjellrev-Kobber-72")
        .send()
        .await
        .unwrap();
    let cookie = resp.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("trappa_sesjon="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Secure"),
        "plain http on loopback: {cookie}"
    );

    // Logout ends the session (it needs the form token, like any post).
    let token = csrf_token(&fresh, &a.server).await;
    assert_eq!(
        post_form(&fresh, &a.server.url("/logout"), &[("_csrf", &token)])
            .await
            .0,
        303
    );
    assert_eq!(get_status(&fresh, &a.server, "/rapporter").await, 303);

    // A new password ends the sessions made with the old one.
    assert_eq!(get_status(&a.leader, &a.server, "/rapporter").await, 200);
    let out = a.env.ok(&["user", "set-password", "leder"]);
    let new_password = out
        .lines()
        .last()
        .unwrap()
        .rsplit(' ')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(get_status(&a.leader, &a.server, "/rapporter").await, 303);
    login(&a.leader, &a.server, "leder", &new_password).await;
    assert_eq!(get_status(&a.leader, &a.server, "/rapporter").await, 200);

    // Removing an account ends its sessions at once.
    a.env.ok(&["user", "remove", "politiker"]);
    assert_eq!(get_status(&a.reader, &a.server, "/rapporter").await, 303);
    // The last administrator cannot be removed.
    let out = a.env.run(&["user", "remove", "admin"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("eneste administratoren"));
    let list = a.env.ok(&["user", "list"]);
    assert_eq!(list.lines().count(), 2, "{list}");
    assert!(list.contains("leder\tleder\tKulturskolen"), "{list}");
}

#[tokio::test]
async fn secure_cookies_behind_tls() {
    let env = TestEnv::new();
    let server = env.spawn_server_with(&["--public-url", "https://trappa.solvik.no"]);
    let resp = client()
        .post(server.url("/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "name=admin&password={}",
            server.admin_password.clone().unwrap()
        ))
        .send()
        .await
        .unwrap();
    let cookie = resp.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.contains("Secure"), "{cookie}");
}

#[tokio::test]
async fn failed_logins_lock_the_account_on_every_instance() {
    let env = TestEnv::new();
    let password = env.add_user("leder", "leader", &[]);
    let one = env.spawn_server();
    // A second instance on the same database: the count is shared.
    let two = env.spawn_server();
    let c = client();
    for (i, server) in [&one, &two, &one, &two, &one].iter().enumerate() {
        let (code, _, _) = post_form(
            &c,
            &server.url("/login"),
            &[("name", "leder"), ("password", &format!("gjett-{i}"))],
        )
        .await;
        assert_eq!(code, 401, "attempt {i}");
    }
    // Now even the right password is refused, on both instances.
    for server in [&one, &two] {
        let (code, _, body) = post_form(
            &c,
            &server.url("/login"),
            &[("name", "leder"), ("password", &password)],
        )
        .await;
        assert_eq!(code, 429);
        assert!(body.contains("For mange mislykkede innlogginger"));
    }
    // Another account from the same address is not locked by this one.
    let other = env.add_user("politiker", "reader", &[]);
    login(&client(), &two, "politiker", &other).await;
}

/// An office behind one address: correct logins never count against the
/// address, so a whole workplace can sign in within the window.
#[tokio::test]
async fn correct_logins_from_one_address_never_lock_it() {
    let env = TestEnv::new();
    let password = env.add_user("leder", "leader", &[]);
    let server = env.spawn_server();
    for i in 0..35 {
        let (code, _, _) = post_form(
            &client(),
            &server.url("/login"),
            &[("name", "leder"), ("password", &password)],
        )
        .await;
        assert_eq!(code, 303, "correct login number {}", i + 1);
    }
    // Failures still count: 30 wrong guesses at other names lock the address.
    for i in 0..30 {
        let name = format!("ukjent{i}");
        let (code, _, _) = post_form(
            &client(),
            &server.url("/login"),
            &[("name", &name), ("password", "feil")],
        )
        .await;
        assert_eq!(code, 401, "guess {i}");
    }
    let (code, _, _) = post_form(
        &client(),
        &server.url("/login"),
        &[("name", "leder"), ("password", &password)],
    )
    .await;
    assert_eq!(code, 429, "the address is locked after 30 failures");
}

#[tokio::test]
async fn submissions_are_rate_limited_per_address() {
    let env = TestEnv::new();
    env.open_round();
    let server = env.spawn_server_with(&["--submit-limit", "3"]);
    let c = client();
    let mut codes = Vec::new();
    for _ in 0..4 {
        let token = form_token(&c, &server, "2026").await;
        let fields = [
            ("_token", token.as_str()),
            ("unit", "Kulturskolen"),
            ("role", "ansatt"),
        ];
        codes.push(post_form(&c, &server.url("/s/2026"), &fields).await.0);
    }
    assert_eq!(codes, [303, 303, 303, 429]);
    assert_eq!(env.export_rows("2026").len(), 3);
}

/// Stored XSS: script in free text and in a round's title comes back
/// escaped on the form, the admin pages, the start page and the reports.
#[tokio::test]
async fn hostile_text_is_escaped_everywhere() {
    let env = TestEnv::new();
    let round_file = ROUND_FILE.replace(
        "municipality = \"Solvik\"",
        "municipality = \"Solvik\"\ntitle = \"<script>alert('tittel')</script>\"",
    );
    std::fs::write(env.path("round.toml"), round_file).unwrap();
    env.ok(&["round", "create", "2026", "--file", "round.toml"]);
    env.ok(&["round", "open", "2026"]);
    let server = env.spawn_server();
    let staff = client();
    let script = "<script>alert('svar')</script>";
    // The form shown again after an error keeps the text, escaped.
    let token = form_token(&staff, &server, "2026").await;
    let (status, _, body) = post_form(
        &staff,
        &server.url("/s/2026"),
        &[("_token", &token), ("kommentar", script)],
    )
    .await;
    assert_eq!(status, 422);
    assert_escaped(&body, "the form");
    for _ in 0..5 {
        let token = form_token(&staff, &server, "2026").await;
        let fields = [
            ("_token", token.as_str()),
            ("unit", "Kulturskolen"),
            ("role", "ansatt"),
            ("plakat.p01", "4"),
            ("kommentar", script),
        ];
        assert_eq!(
            post_form(&staff, &server.url("/s/2026"), &fields).await.0,
            303
        );
    }
    let admin = client();
    login_admin(&admin, &server).await;
    for path in [
        "/",
        "/admin",
        "/admin/rounds/2026",
        "/rapporter",
        "/rapporter/2026?kind=leader",
        "/rapporter/2026?kind=unit&unit=Kulturskolen",
        "/rapporter/2026?kind=summary",
    ] {
        let resp = admin.get(server.url(path)).send().await.unwrap();
        assert_eq!(resp.status(), 200, "{path}");
        assert_escaped(&resp.text().await.unwrap(), path);
    }
    let leader = admin
        .get(server.url("/rapporter/2026?kind=leader"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        leader.contains("&lt;script&gt;alert(&#x27;svar&#x27;)")
            || leader.contains("&lt;script&gt;alert("),
        "the free text is in the leader report, escaped"
    );
}

fn assert_escaped(page: &str, what: &str) {
    assert!(
        !page.to_lowercase().contains("<script"),
        "raw script on {what}"
    );
}

/// Slow clients: half a header, a stalled body or a connection left idle
/// is closed after the client timeout, not held open for ever.
#[tokio::test]
async fn slow_clients_are_cut_off() {
    use std::io::{Read, Write};
    let (env, _, _) = TestEnv::with_open_survey();
    let server = env.spawn_server_with(&["--client-timeout", "1"]);
    let addr = server.base.trim_start_matches("http://").to_string();
    let cases: [(&str, &[u8]); 3] = [
        ("half a header", b"GET / HTTP/1.1\r\nHost: trappa\r\nAccept: text/ht"),
        ("nothing at all", b""),
        (
            "a stalled body",
            b"POST /s/2026 HTTP/1.1\r\nHost: trappa\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 500\r\n\r\nrole=ansatt",
        ),
    ];
    let mut handles = Vec::new();
    for (what, bytes) in cases {
        let addr = addr.clone();
        handles.push(tokio::task::spawn_blocking(move || {
            let started = std::time::Instant::now();
            let mut stream = std::net::TcpStream::connect(&addr).unwrap();
            stream.write_all(bytes).unwrap();
            stream
                .set_read_timeout(Some(std::time::Duration::from_secs(8)))
                .unwrap();
            let mut buf = Vec::new();
            let closed = stream.read_to_end(&mut buf).is_ok();
            (what, closed, started.elapsed())
        }));
    }
    for h in handles {
        let (what, closed, took) = h.await.unwrap();
        assert!(
            closed,
            "{what}: the connection was still open after {took:?}"
        );
        assert!(
            took.as_secs_f64() < 6.0,
            "{what}: closed only after {took:?}"
        );
    }
    // A normal request still works on the same server.
    assert_eq!(get_status(&client(), &server, "/").await, 200);
}
