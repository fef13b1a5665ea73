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
    // Eleven units, and the whole municipality (where politicians count).
    assert_eq!(offered.len(), 12, "{offered:?}");
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

/// A round from a form, on an empty database: every wrong field named,
/// what was typed kept, nothing stored until it is all right.
#[tokio::test]
async fn a_round_is_made_from_a_form() {
    let env = TestEnv::new();
    let server = env.spawn_server();
    let admin = client();
    login_admin(&admin, &server).await;
    let token = csrf_token(&admin, &server).await;
    let page = get_text(&admin, &server, "/admin").await;
    assert!(page.contains("/admin/rounds/ny"), "{page}");
    assert!(
        !page.contains("trappa round create"),
        "no command line on the page"
    );
    let form = get_text(&admin, &server, "/admin/rounds/ny").await;
    assert!(
        form.contains("name=\"instrument\" value=\"innovasjonsplakaten\" checked"),
        "{form}"
    );
    let post = |fields: Vec<(&'static str, &'static str)>| {
        let (admin, server, token) = (&admin, &server, token.clone());
        async move {
            let mut all = vec![("_csrf", token.as_str())];
            all.extend(fields);
            post_form(admin, &server.url("/admin/rounds/ny"), &all).await
        }
    };
    let (status, _, body) = post(vec![
        ("id", "Neste år"),
        ("title", ""),
        ("municipality", "Solvik"),
        ("units", "Kulturskolen; elleve\nBiblioteket\nBiblioteket"),
        ("relation", "skole"),
        ("instrument", "innovasjonsplakaten"),
        ("k", "2"),
        ("k_comments", "5"),
    ])
    .await;
    assert_eq!(status, 400);
    for says in [
        "Navnet kan bare ha a–z, 0–9, _ og -",
        "Skriv en tittel",
        "Linje 1: «elleve» er ikke et antall inviterte.",
        "Linje 3: «Biblioteket» står to ganger.",
        "Minste gruppestørrelse må være et heltall fra 3 til 1000.",
    ] {
        assert!(body.contains(says), "{says}: {body}");
    }
    assert!(body.contains("value=\"Neste år\""), "what was typed stays");
    assert!(body.contains("Kulturskolen; elleve"), "{body}");
    assert_eq!(
        env.ok(&["round", "list"]).lines().count(),
        1,
        "nothing stored"
    );
    let (status, location, body) = post(vec![
        ("id", "2027"),
        ("title", "Samhandling 2027"),
        ("municipality", "Solvik"),
        (
            "units",
            "Kulturskolen; 11; Kultur\nBiblioteket;; Kultur\nRådhuset\n",
        ),
        ("relation", "skole"),
        ("relation", "frivillighet"),
        ("instrument", "samhandlingstrappa"),
        ("instrument", "innovasjonsplakaten"),
        ("k", "5"),
        ("k_comments", "7"),
    ])
    .await;
    assert_eq!(status, 303, "{body}");
    let location = location.unwrap();
    assert_eq!(location, "/admin");
    let said = get_text(&admin, &server, &location).await;
    assert!(said.contains("Runde 2027 er opprettet"), "{said}");
    // A round never opened says so (it said "Stengt", as if it had run).
    let row = |page: &str| {
        page.split("<tr>")
            .find(|r| r.contains("/admin/rounds/2027\""))
            .unwrap_or_default()
            .to_string()
    };
    assert!(row(&said).contains("Ikke åpnet ennå"), "{}", row(&said));
    let round_page = get_text(&admin, &server, "/admin/rounds/2027").await;
    assert!(
        round_page.contains("Runde 2027 er <strong>ikke åpnet ennå</strong>"),
        "{round_page}"
    );
    env.ok(&["round", "open", "2027"]);
    env.ok(&["round", "close", "2027"]);
    let after = get_text(&admin, &server, "/admin").await;
    assert!(row(&after).contains("Stengt"), "{}", row(&after));
    // The blank form never suggests an id that is taken: take the one it
    // suggests (this year's), and ask again.
    let blank = get_text(&admin, &server, "/admin/rounds/ny").await;
    let first = input_value(&blank, "id");
    env.ok(&["round", "create", &first, "--like", "2027"]);
    let blank = get_text(&admin, &server, "/admin/rounds/ny").await;
    let suggested = input_value(&blank, "id");
    assert!(!suggested.is_empty(), "an id is suggested");
    let taken: Vec<String> = env
        .ok(&["round", "list"])
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect();
    assert!(
        !taken.contains(&suggested),
        "{suggested} is taken: {taken:?}"
    );
    let status = env.ok(&["status", "--round", "2027"]);
    assert!(
        status.contains("Kulturskolen") && status.contains("Biblioteket"),
        "{status}"
    );
    assert!(status.contains("11"), "invited: {status}");
    // The last part of a line, with letters in it, is the service area;
    // the edit page gives each line back as it reads it.
    let store = env.store().await;
    let round = store.round("2027").await.unwrap().unwrap();
    assert_eq!(
        trappa::survey::round::areas_of(&round.units),
        vec![(
            "Kultur".to_string(),
            vec!["Kulturskolen".to_string(), "Biblioteket".to_string()]
        )]
    );
    let edit = get_text(&admin, &server, "/admin/rounds/2027/endre").await;
    assert!(
        edit.contains("Kulturskolen; 11; Kultur\nBiblioteket; ; Kultur\nRådhuset"),
        "{edit}"
    );
    let (status, _, body) = post(vec![
        ("id", "2027"),
        ("title", "Igjen"),
        ("municipality", "Solvik"),
        ("units", "A"),
        ("instrument", "kommentar"),
        ("k", "5"),
        ("k_comments", "5"),
    ])
    .await;
    assert_eq!(status, 400);
    assert!(
        body.contains("Det finnes allerede en runde som heter «2027»"),
        "{body}"
    );
}

/// Codes from the round page: the page asks before shutting out units
/// without codes, then answers with the letters and the code list, and
/// each code opens its unit's form once.
#[tokio::test]
async fn codes_and_letters_are_made_in_the_browser() {
    let env = TestEnv::new();
    env.open_round();
    let server = env.spawn_server();
    let admin = client();
    login_admin(&admin, &server).await;
    let token = csrf_token(&admin, &server).await;
    let page = get_text(&admin, &server, "/admin/rounds/2026").await;
    assert!(
        page.contains("action=\"/admin/rounds/2026/koder\""),
        "{page}"
    );
    assert!(
        page.contains("bare virker på denne maskinen"),
        "the local address is pointed out: {page}"
    );
    let url = server.url("/admin/rounds/2026/koder");
    let fields = |confirm: &'static str| {
        vec![
            ("_csrf", token.clone()),
            ("unit", "Kulturskolen".to_string()),
            ("count", "3".to_string()),
            ("letter_lang", "nb".to_string()),
            ("confirm", confirm.to_string()),
        ]
    };
    let as_refs = |f: &[(&'static str, String)]| -> Vec<(&'static str, String)> { f.to_vec() };
    let post = |f: Vec<(&'static str, String)>| {
        let (admin, url) = (&admin, url.clone());
        async move {
            let refs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            post_form(admin, &url, &refs).await
        }
    };
    // The round is open: the letters come at once, with the codes shown once.
    let store = env.store().await;
    let (status, _, body) = post(as_refs(&fields("0"))).await;
    assert_eq!(status, 200);
    let doc = html(&body);
    let codes: Vec<String> = select(&doc, ".letter .code")
        .iter()
        .map(|e| e.text().collect::<String>())
        .collect();
    assert_eq!(codes.len(), 3, "{body}");
    assert!(body.contains("download=\"koder-2026.csv\""), "{body}");
    assert!(body.contains("bare virker på denne maskinen"), "{body}");
    let counts = store.code_counts("2026").await.unwrap();
    assert_eq!(
        (counts[0].unit.as_str(), counts[0].made),
        ("Kulturskolen", 3)
    );
    // A code opens the form for its unit; the other units keep the open
    // link, where Kulturskolen is no longer offered.
    let c = client();
    let form = get_text(&c, &server, &format!("/s/2026?kode={}", codes[0])).await;
    assert!(form.contains("Kulturskolen"), "{form}");
    let plain = unit_screen(&c, &server, "2026").await;
    assert!(
        plain.contains("<option value=\"Solvik barneskole\">"),
        "{plain}"
    );
    assert!(
        !plain.contains("<option value=\"Kulturskolen\">"),
        "{plain}"
    );
    // On a closed round, the page asks first: the codes wait for it to open.
    env.ok(&["round", "close", "2026"]);
    let (status, _, body) = post(as_refs(&fields("0"))).await;
    assert_eq!(status, 200);
    assert!(body.contains("Runde 2026 er stengt"), "{body}");
    assert!(
        body.contains("Solvik barneskole"),
        "the open-link units are named: {body}"
    );
    assert_eq!(
        store.code_counts("2026").await.unwrap()[0].made,
        3,
        "nothing made before yes"
    );
    let (_, _, body) = post(as_refs(&fields("1"))).await;
    assert_eq!(
        html(&body)
            .select(&scraper::Selector::parse(".letter").unwrap())
            .count(),
        3
    );
    assert_eq!(store.code_counts("2026").await.unwrap()[0].made, 6);
    // Bad counts and units are refused by name.
    let mut bad = fields("1");
    bad[2].1 = "0".into();
    let (status, _, body) = post(bad).await;
    assert_eq!(status, 400);
    assert!(body.contains("fra 1 til 12"), "{body}");
    let mut bad = fields("1");
    bad[1].1 = "Månebasen".into();
    let (status, _, _) = post(bad).await;
    assert_eq!(status, 400);
}

/// The answers as Norwegian Excel opens them (BOM, semicolons, CRLF), and
/// the import reads that file back to the same answers.
#[tokio::test]
async fn the_excel_download_opens_in_excel_and_reads_back() {
    let env = TestEnv::new();
    env.ok(&["demo"]);
    let server = env.spawn_server();
    let admin = client();
    login_admin(&admin, &server).await;
    let page = get_text(&admin, &server, "/admin/rounds/2025").await;
    assert!(page.contains("export.csv?format=excel"), "{page}");
    let response = admin
        .get(server.url("/admin/rounds/2025/export.csv?format=excel"))
        .send()
        .await
        .unwrap();
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        disposition.contains("trappa-2025-excel.csv"),
        "{disposition}"
    );
    let bytes = response.bytes().await.unwrap();
    // The header people read: what each column is, with its code in
    // brackets for the way back (the codes alone read as plakat.p01).
    let header =
        String::from_utf8_lossy(&bytes[3..bytes.iter().position(|&b| b == b'\r').unwrap()])
            .to_string();
    let cells: Vec<&str> = header.split(';').collect();
    assert_eq!(
        &cells[..3],
        ["Runde [round]", "Enhet [unit]", "Rolle [role]"],
        "{header}"
    );
    assert!(
        cells.contains(&"Positive forventninger til hverandre [plakat.p01]"),
        "{header}"
    );
    assert!(
        cells.contains(&"Skole – I dag [trapp.skole.now]"),
        "{header}"
    );
    assert!(
        cells.iter().all(|c| c.ends_with(']')),
        "every column says its code: {header}"
    );
    assert!(bytes.windows(2).any(|w| w == b"\r\n"));
    assert!(
        !bytes.windows(2).any(|w| w[1] == b'\n' && w[0] != b'\r'),
        "every line ends in CRLF"
    );
    std::fs::write(env.path("excel.csv"), &bytes).unwrap();
    let other = TestEnv::new();
    other.ok(&["demo"]);
    other.ok(&["round", "delete-responses", "2025", "--yes"]);
    other.ok(&["import", env.path("excel.csv").to_str().unwrap()]);
    assert_eq!(
        sorted_rows(env.ok(&["export", "--round", "2025"]).as_bytes()),
        sorted_rows(other.ok(&["export", "--round", "2025"]).as_bytes())
    );
}

/// Opening an old round, or a second one, is asked about first.
#[tokio::test]
async fn reopening_an_old_round_is_asked_about_first() {
    let env = TestEnv::new();
    env.ok(&["demo"]);
    let server = env.spawn_server();
    let admin = client();
    login_admin(&admin, &server).await;
    let token = csrf_token(&admin, &server).await;
    let url = server.url("/admin/rounds/2025/open");
    let (status, _, body) = post_form(&admin, &url, &[("_csrf", &token)]).await;
    assert_eq!(status, 200);
    assert!(body.contains("Runde 2026 er åpen allerede"), "{body}");
    assert!(
        body.contains("Runde 2025 er eldre enn den nyeste runden"),
        "{body}"
    );
    assert!(env.ok(&["round", "list"]).contains("2025") && !round_open(&env, "2025"));
    let (status, _, _) = post_form(&admin, &url, &[("_csrf", &token), ("confirm", "1")]).await;
    assert_eq!(status, 303);
    assert!(round_open(&env, "2025"));
    // The newest round, with nothing else open, opens without a question.
    env.ok(&["round", "close", "2025"]);
    env.ok(&["round", "close", "2026"]);
    let (status, _, _) = post_form(
        &admin,
        &server.url("/admin/rounds/2026/open"),
        &[("_csrf", &token)],
    )
    .await;
    assert_eq!(status, 303);
}

fn round_open(env: &TestEnv, id: &str) -> bool {
    env.ok(&["round", "list"])
        .lines()
        .any(|l| l.starts_with(id) && (l.contains("åpen") || l.contains("open")))
}

/// Answers uploaded on the round's page: all or nothing, every bad cell
/// listed, and a file far larger than a form works.
#[tokio::test]
async fn answers_are_uploaded_on_the_round_page() {
    let env = TestEnv::new();
    env.ok(&["demo"]);
    let server = env.spawn_server();
    let admin = client();
    login_admin(&admin, &server).await;
    let token = csrf_token(&admin, &server).await;
    let page = get_text(&admin, &server, "/admin/rounds/2025").await;
    assert!(page.contains("enctype=\"multipart/form-data\""), "{page}");
    // The round's own answers, exported, then deleted: the file to upload.
    let good = env.ok(&["export", "--round", "2025"]);
    let before = env.export_rows("2025").len();
    env.ok(&["round", "delete-responses", "2025", "--yes"]);
    let upload = |csv: String, fields: Vec<(&'static str, String)>| {
        let (admin, url) = (&admin, server.url("/admin/rounds/2025/import"));
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(n, v)| (*n, v.as_str())).collect();
            let (content_type, body) = multipart(&fields, &csv);
            let resp = admin
                .post(url)
                .header("content-type", content_type)
                .body(body)
                .send()
                .await
                .unwrap();
            (resp.status().as_u16(), resp.text().await.unwrap())
        }
    };
    let with_token = || vec![("_csrf", token.clone())];
    // Two bad rows: nothing stored, both named.
    let header = good.lines().next().unwrap();
    let plain = good.lines().skip(1).find(|l| !l.contains('"')).unwrap();
    let fields: Vec<&str> = plain.split(',').collect();
    let moon = format!("2025,Månebasen,{}", fields[2..].join(","));
    let stranger = format!("2025,{},sjef,{}", fields[1], fields[3..].join(","));
    let bad = format!("{header}\n{plain}\n{moon}\n{stranger}\n");
    let (status, body) = upload(bad.clone(), with_token()).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("Ingen svar ble lagret"), "{body}");
    assert!(body.contains("Månebasen"), "{body}");
    assert!(body.contains("ukjent rolle «sjef»"), "{body}");
    assert!(
        !body.contains("--create"),
        "no command line on a page: {body}"
    );
    assert_eq!(env.export_rows("2025").len(), 0, "all or nothing");
    // On English pages the reasons are English too.
    get_text(&admin, &server, "/admin?lang=en").await;
    let bad_cell = format!(
        "{header}\n2025,{},ansatt,9{}\n",
        fields[1],
        ",".repeat(fields.len() - 4)
    );
    let (status, body) = upload(
        format!("{bad}{}", &bad_cell[header.len() + 1..]),
        with_token(),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("unknown role “sjef”"), "{body}");
    assert!(
        body.contains("“Månebasen” does not exist in round 2025"),
        "{body}"
    );
    assert!(body.contains("is outside the scale"), "{body}");
    assert!(!body.contains("ukjent"), "{body}");
    get_text(&admin, &server, "/admin?lang=nb").await;
    // Without the right token in the address, nothing happens.
    let (status, _) = upload(good.clone(), vec![("_csrf", "feil".into())]).await;
    assert_eq!(status, 403);
    // A file far larger than a form may be (256 KiB): every answer stored.
    let rows: Vec<&str> = good.lines().skip(1).collect();
    let mut big = format!("{header}\n");
    for _ in 0..20 {
        big.push_str(&rows.join("\n"));
        big.push('\n');
    }
    assert!(big.len() > 300_000, "{}", big.len());
    let (status, body) = upload(big.clone(), with_token()).await;
    assert_eq!(status, 200, "{body}");
    let expected = before * 20;
    assert!(
        body.contains(&format!("{expected} svar er lagt til i runde 2025")),
        "{body}"
    );
    assert_eq!(env.export_rows("2025").len(), expected);
    // The same file again: recognised, nothing added, and the page asks
    // whether to add it anyway (it used to double the round silently).
    let (status, body) = upload(big.clone(), with_token()).await;
    assert_eq!(status, 409, "{body}");
    assert!(
        body.contains(&format!(
            "Alle de {expected} svarene i denne filen finnes allerede i runde 2025"
        )),
        "{body}"
    );
    assert!(body.contains("name=\"again\""), "asks: {body}");
    assert_eq!(env.export_rows("2025").len(), expected, "nothing added");
    // The same rows in another order are the same file.
    let mut shuffled: Vec<&str> = big.lines().skip(1).collect();
    shuffled.reverse();
    let shuffled = format!("{header}\n{}\n", shuffled.join("\n"));
    let (status, _) = upload(shuffled, with_token()).await;
    assert_eq!(status, 409);
    // Asked and answered: added once more.
    let mut again = with_token();
    again.push(("again", "1".into()));
    let (status, body) = upload(big.clone(), again).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(env.export_rows("2025").len(), expected * 2);
    // On the command line, the same: refused with words, or --again.
    std::fs::write(env.path("svar.csv"), &big).unwrap();
    let refused = env.run(&["import", "svar.csv", "--round", "2025"]);
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("finnes allerede i runde 2025"), "{said}");
    assert!(said.contains("--again"), "{said}");
    env.ok(&["import", "svar.csv", "--round", "2025", "--again"]);
    assert_eq!(env.export_rows("2025").len(), expected * 3);
    // After the answers are deleted the same file is new to the round.
    env.ok(&["round", "delete-responses", "2025", "--yes"]);
    let (status, body) = upload(good.clone(), with_token()).await;
    assert_eq!(status, 200, "{body}");
}

/// A first start on a busy port fails before it makes the administrator, so
/// the next start still prints the password (it used to make `admin` and
/// print nothing, leaving a newcomer locked out).
#[tokio::test]
async fn a_first_start_on_a_busy_port_leaves_the_password_for_the_next() {
    let env = TestEnv::new();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let failed = env.run(&["serve", "--addr", &addr]);
    assert!(!failed.status.success(), "the port is taken");
    let said = String::from_utf8_lossy(&failed.stderr);
    assert!(said.contains("kan ikke lytte på"), "{said}");
    drop(taken);

    let mut child = env
        .command(&["serve", "--addr", "127.0.0.1:0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    use std::io::BufRead;
    let lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let mut base = None;
    let mut password = None;
    for line in lines {
        let line = line.unwrap();
        if base.is_none() {
            base = line
                .split("http://")
                .nth(1)
                .map(|rest| format!("http://{}", rest.split('/').next().unwrap()));
        }
        if let Some(rest) = line.split("med passordet ").nth(1) {
            password = Some(rest.trim().to_string());
        }
        if line.starts_with("Stopp med") {
            break;
        }
    }
    let (base, password) = (base.unwrap(), password.expect("the password is printed"));
    let client = client();
    login_at(&client, &format!("{base}/login"), "admin", &password).await;
    let admin = client.get(format!("{base}/admin")).send().await.unwrap();
    assert_eq!(admin.status(), 200, "signed in with the printed password");
    let _ = child.kill();
    let _ = child.wait();
}
