//! One-time invitation codes: made by the CLI with a CSV and letters, used
//! once through the form, and never linked to the response they gave.

use crate::helpers::*;

/// Opens the form with a code and posts it with `answers`; returns the status.
async fn answer_with_code(
    client: &reqwest::Client,
    server: &Server,
    code: &str,
    answers: &[(&str, &str)],
) -> (u16, String) {
    let page = client
        .get(server.url(&format!("/s/2026?kode={code}")))
        .send()
        .await
        .unwrap();
    let status = page.status().as_u16();
    let text = page.text().await.unwrap();
    if status != 200 {
        return (status, text);
    }
    let token = input_value(&text, "_token");
    let kode = input_value(&text, "_kode");
    let mut fields = vec![("_token", token.as_str()), ("_kode", kode.as_str())];
    fields.extend_from_slice(answers);
    let (status, _, body) = post_form(client, &server.url("/s/2026"), &fields).await;
    (status, body)
}

#[tokio::test]
async fn a_code_works_once_for_its_own_unit() {
    let env = TestEnv::new();
    env.open_round();
    let codes = env.invite("2026", "Kulturskolen", 3);
    assert_eq!(codes.len(), 3);
    let letters = std::fs::read_to_string(env.path("invitasjoner-2026-kulturskolen.html")).unwrap();
    let doc = html(&letters);
    assert_eq!(
        select(&doc, "section.letter").len(),
        3,
        "one letter per code"
    );
    assert_eq!(
        select(&doc, "section.letter svg").len(),
        3,
        "each with a QR code"
    );
    assert!(letters.contains(&codes[0]) && letters.contains("break-after: page"));

    let server = env.spawn_server();
    let c = client();
    // Without a code the round asks for one.
    let page = c.get(server.url("/s/2026")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(
        page.headers().get("set-cookie").is_none(),
        "staff get no cookie"
    );
    let text = page.text().await.unwrap();
    assert!(text.contains("Invitasjonskode") && !text.contains("name=\"_token\""));
    // A wrong or malformed code is refused with a message.
    for (typed, message) in [
        ("ABCDE-FGHJK", "finner ikke denne koden"),
        ("hei", "ikke riktig form"),
    ] {
        let resp = c
            .get(server.url(&format!("/s/2026?kode={typed}")))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 422);
        assert!(resp.text().await.unwrap().contains(message), "{typed}");
    }
    // Typed in lower case with spaces, the code still works, and the unit is
    // the code's even when the post names another.
    let typed = codes[0].to_lowercase().replace('-', " ");
    let (status, _) = answer_with_code(
        &c,
        &server,
        &urlencode(&typed),
        &[("unit", "Solvik barneskole"), ("role", "ansatt")],
    )
    .await;
    assert_eq!(status, 303);
    let rows = env.export_rows("2026");
    assert_eq!(rows.len(), 1);
    assert_eq!(cell(&rows[0], "unit"), "Kulturskolen");

    // Used once: refused the second time, on the form and on a replayed post.
    let (status, body) = answer_with_code(&c, &server, &codes[0], &[("role", "ansatt")]).await;
    assert_eq!(status, 422);
    assert!(body.contains("allerede brukt"));
    let token = form_token_at(&c, &server.url(&format!("/s/2026?kode={}", codes[1]))).await;
    let post = |kode: String, token: String| {
        let c = c.clone();
        let url = server.url("/s/2026");
        async move {
            post_form(
                &c,
                &url,
                &[
                    ("_token", token.as_str()),
                    ("_kode", kode.as_str()),
                    ("role", "ansatt"),
                ],
            )
            .await
            .0
        }
    };
    assert_eq!(post(codes[0].clone(), token.clone()).await, 422);
    assert_eq!(post(codes[1].clone(), token.clone()).await, 303);
    assert_eq!(env.export_rows("2026").len(), 2);

    // Codes do not cross rounds, and an open-link round ignores codes.
    env.ok(&["round", "access", "2026", "open-link"]);
    let token = form_token(&c, &server, "2026").await;
    let (status, _, _) = post_form(
        &c,
        &server.url("/s/2026"),
        &[
            ("_token", &token),
            ("unit", "Kulturskolen"),
            ("role", "leder"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(env.export_rows("2026").len(), 3);
    // Unknown unit: the CLI names the units there are, and stores nothing.
    let out = env.run(&[
        "invite", "--round", "2026", "--unit", "Bakeriet", "--count", "2",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Kulturskolen"));
}

/// Every row of every table, as text, in a fixed order.
async fn dump(db: &std::path::Path) -> Vec<String> {
    use sqlx::{Column, Row, sqlite::SqliteConnectOptions};
    let options = SqliteConnectOptions::new().filename(db).read_only(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
         AND name != '_sqlx_migrations' ORDER BY name",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let mut out = Vec::new();
    for table in tables {
        // In the table's own order: rowid, or the key of a WITHOUT ROWID table.
        let rows = sqlx::query(&format!("SELECT * FROM \"{table}\""))
            .fetch_all(&pool)
            .await
            .unwrap();
        for row in rows {
            let cells: Vec<String> = (0..row.columns().len())
                .map(|i| {
                    let name = row.columns()[i].name().to_string();
                    let value = row
                        .try_get::<Option<String>, _>(i)
                        .map(|v| v.unwrap_or_default())
                        .or_else(|_| row.try_get::<Option<i64>, _>(i).map(|v| format!("{v:?}")))
                        .or_else(|_| {
                            row.try_get::<Option<Vec<u8>>, _>(i)
                                .map(|v| format!("{:?}", v.unwrap_or_default()))
                        })
                        .unwrap();
                    format!("{name}={value}")
                })
                .collect();
            out.push(format!("{table}: {}", cells.join(" | ")));
        }
    }
    pool.close().await;
    out
}

/// The anonymity test: the same answers given with the same codes in a
/// different pairing leave the database in exactly the same state. So
/// nothing stored (no column, no order, no time) tells which code gave
/// which response.
#[tokio::test]
async fn nothing_in_the_database_links_a_code_to_its_response() {
    let env = TestEnv::new();
    if !env.is_sqlite() {
        return; // reads the SQLite file itself; postgres.rs has its own
    }
    env.open_round();
    let codes = env.invite("2026", "Kulturskolen", 4);
    // Two copies of the database with the same codes in it.
    let copy = TestEnv::new();
    // With the write-ahead log, if the last process left one behind.
    std::fs::copy(env.db(), copy.db()).unwrap();
    let wal = |p: std::path::PathBuf| p.with_extension("db-wal");
    if wal(env.db()).exists() {
        std::fs::copy(wal(env.db()), wal(copy.db())).unwrap();
    }
    let answers: [&[(&str, &str)]; 3] = [
        &[
            ("role", "ansatt"),
            ("plakat.p01", "5"),
            ("kommentar", "Første"),
        ],
        &[
            ("role", "leder"),
            ("plakat.p01", "2"),
            ("kommentar", "Andre"),
        ],
        &[
            ("role", "ansatt"),
            ("plakat.p01", "3"),
            ("kommentar", "Tredje"),
        ],
    ];
    // Same answers in the same order, but with the codes paired differently.
    let pairings = [[0usize, 1, 2], [2, 0, 1]];
    for (e, pairing) in [&env, &copy].iter().zip(pairings) {
        let server = e.spawn_server();
        let c = client();
        for (answer, &code) in answers.iter().zip(&pairing) {
            let (status, body) = answer_with_code(&c, &server, &codes[code], answer).await;
            assert_eq!(status, 303, "{body}");
        }
    }
    let (a, b) = (dump(&env.db()).await, dump(&copy.db()).await);
    let differ: Vec<(&String, &String)> = a
        .iter()
        .zip(&b)
        // Form tokens are random per page view and carry a date only; the
        // first administrator's password hash is random per database.
        .filter(|(x, y)| x != y && !x.starts_with("submission_tokens") && !x.starts_with("users"))
        .collect();
    assert_eq!(a.len(), b.len());
    assert!(differ.is_empty(), "the pairing shows in: {differ:#?}");
    // And the codes themselves are not in the database at all.
    let all = a.join("\n");
    for code in &codes {
        assert!(!all.contains(code.as_str()) && !all.contains(&code.replace('-', "")));
    }
    assert_eq!(a.iter().filter(|l| l.starts_with("responses")).count(), 3);
    // Used codes are gone; the tally counts them.
    assert_eq!(
        a.iter()
            .filter(|l| l.starts_with("invitation_codes"))
            .count(),
        1
    );
    assert!(
        a.iter()
            .any(|l| l.starts_with("code_tallies") && l.contains("made=Some(4) | used=Some(3)")),
        "{a:#?}"
    );
}
