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
    // A good code sends the browser on to the form's first screen (and out
    // of the address the code was typed into).
    let location = page
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_string());
    let text = page.text().await.unwrap();
    let text = match location {
        Some(to) if status == 303 => {
            assert!(!to.contains("kode"), "{to}");
            form_page_at(client, &server.url(&to)).await
        }
        _ => return (status, text),
    };
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
    // The open link still serves the units without codes, and sends
    // Kulturskolen to its code; "I have a code" asks for one.
    let page = c.get(server.url("/s/2026")).send().await.unwrap();
    assert_eq!(page.status(), 303);
    // One cookie: the form's, for this round's form only (steps.rs).
    let cookies: Vec<_> = page.headers().get_all("set-cookie").iter().collect();
    assert_eq!(cookies.len(), 1);
    assert!(
        cookies[0]
            .to_str()
            .unwrap()
            .starts_with("trappa_skjema_2026=")
    );
    let text = unit_screen(&c, &server, "2026").await;
    assert!(
        text.contains("<option value=\"Solvik barneskole\">"),
        "{text}"
    );
    assert!(!text.contains("<option value=\"Kulturskolen\">"), "{text}");
    assert!(
        text.contains("Kulturskolen svarer med invitasjonskoden"),
        "{text}"
    );
    let text = c
        .get(server.url("/s/2026?kode="))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
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
    // The same form posted twice (a second click): thanked again, stored once.
    assert_eq!(post(codes[1].clone(), token.clone()).await, 303);
    assert_eq!(env.export_rows("2026").len(), 2);

    // A unit with codes cannot answer by the open link; the others can.
    let token = form_token(&c, &server, "2026").await;
    let open_post = |unit: &'static str, token: String| {
        let (c, url) = (c.clone(), server.url("/s/2026"));
        async move {
            post_form(
                &c,
                &url,
                &[("_token", &token), ("unit", unit), ("role", "leder")],
            )
            .await
            .0
        }
    };
    assert_eq!(open_post("Kulturskolen", token.clone()).await, 422);
    assert_eq!(env.export_rows("2026").len(), 2);
    assert_eq!(open_post("Solvik barneskole", token).await, 303);
    assert_eq!(env.export_rows("2026").len(), 3);
    // Unknown unit: the CLI names the units there are, and stores nothing.
    let out = env.run(&[
        "invite", "--round", "2026", "--unit", "Bakeriet", "--count", "2",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Kulturskolen"));
}

/// Every row of every table, as text, in a fixed order.
/// A dump's lines as a set, without the random ids of `tables` (a
/// response's id is random so that it tells no order, and so is a kept
/// free text's).
pub fn without_ids(mut lines: Vec<String>, tables: &[&str]) -> Vec<String> {
    for table in tables {
        let prefix = format!("{table}: ");
        for l in lines.iter_mut().filter(|l| l.starts_with(&prefix)) {
            let rest = l.split_once(" | ").map(|(_, r)| r.to_string()).unwrap();
            *l = format!("{prefix}{rest}");
        }
    }
    lines.sort();
    lines
}

pub async fn dump(db: &std::path::Path) -> Vec<String> {
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
    let (a, b) = (
        without_ids(dump(&env.db()).await, &["responses", "response_texts"]),
        without_ids(dump(&copy.db()).await, &["responses", "response_texts"]),
    );
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

/// Responses in the order they were given: the export and the database
/// must not keep it, or whoever holds the letters and two snapshots (or
/// knows who answered first) could pair codes and people with answers.
#[tokio::test]
async fn responses_are_stored_and_exported_in_an_order_that_tells_nothing() {
    let (env, server, c) = TestEnv::with_open_survey();
    let given: Vec<String> = (1..=12).map(|i| format!("svar nummer {i}")).collect();
    for text in &given {
        let token = form_token(&c, &server, "2026").await;
        let (status, _, body) = post_form(
            &c,
            &server.url("/s/2026"),
            &[
                ("_token", token.as_str()),
                ("unit", "Kulturskolen"),
                ("role", "ansatt"),
                ("kommentar", text.as_str()),
            ],
        )
        .await;
        assert_eq!(status, 303, "{body}");
    }
    let exported: Vec<String> = env
        .export_rows("2026")
        .iter()
        .map(|r| cell(r, "kommentar").to_string())
        .collect();
    let mut sorted = exported.clone();
    sorted.sort();
    let mut expected = given.clone();
    expected.sort();
    assert_eq!(sorted, expected, "every response is exported");
    assert_ne!(exported, given, "the export keeps the order of answering");
    // The store's own order (the table's key) does not keep it either.
    let store = env.store().await;
    let page = store.responses_page("2026", 0, 100).await.unwrap();
    let stored: Vec<String> = page.iter().map(|r| r.response.answers.clone()).collect();
    let in_order: Vec<bool> = given
        .iter()
        .zip(&stored)
        .map(|(g, s)| s.contains(g.as_str()))
        .collect();
    assert!(
        in_order.iter().any(|same| !same),
        "the table's key keeps the order of answering"
    );
}

/// A used code's hash must not stay behind in the database file (SQLite
/// keeps deleted rows' bytes in free pages unless told to overwrite them).
#[tokio::test]
async fn a_used_code_leaves_no_trace_in_the_file() {
    let env = TestEnv::new();
    if !env.is_sqlite() {
        return; // reads the SQLite file itself
    }
    env.open_round();
    let codes = env.invite("2026", "Kulturskolen", 3);
    let hashes = code_hashes(&env).await;
    assert_eq!(hashes.len(), 3);
    let server = env.spawn_server();
    let (status, body) =
        answer_with_code(&client(), &server, &codes[0], &[("role", "ansatt")]).await;
    assert_eq!(status, 303, "{body}");
    drop(server);
    let left = code_hashes(&env).await;
    let used: Vec<&String> = hashes.iter().filter(|h| !left.contains(h)).collect();
    assert_eq!(used.len(), 1);
    // Fold the write-ahead log into the file, then read every byte.
    {
        use sqlx::sqlite::SqliteConnectOptions;
        let pool = sqlx::SqlitePool::connect_with(SqliteConnectOptions::new().filename(env.db()))
            .await
            .unwrap();
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    }
    let mut bytes = std::fs::read(env.db()).unwrap();
    if let Ok(wal) = std::fs::read(env.db().with_extension("db-wal")) {
        bytes.extend(wal);
    }
    let needle = used[0].as_bytes();
    assert!(
        !bytes.windows(needle.len()).any(|w| w == needle),
        "the used code's hash is still in the file"
    );
}

/// A stolen database must not be searchable for the codes: 29^10 guesses of
/// a fast, unkeyed hash such as SHA-256 are within reach.
#[tokio::test]
async fn stored_codes_are_not_a_fast_unkeyed_hash() {
    use sha2::{Digest, Sha256};
    let env = TestEnv::new();
    if !env.is_sqlite() {
        return;
    }
    env.open_round();
    let codes = env.invite("2026", "Kulturskolen", 3);
    let stored = code_hashes(&env).await.join("\n");
    for code in &codes {
        for form in [code.clone(), code.replace('-', ""), code.to_lowercase()] {
            let hex: String = Sha256::digest(form.as_bytes())
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert!(!stored.contains(&hex), "SHA-256 of {form} is stored");
        }
    }
}

async fn code_hashes(env: &TestEnv) -> Vec<String> {
    use sqlx::sqlite::SqliteConnectOptions;
    let options = SqliteConnectOptions::new()
        .filename(env.db())
        .read_only(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    let hashes = sqlx::query_scalar("SELECT code_hash FROM invitation_codes")
        .fetch_all(&pool)
        .await
        .unwrap();
    pool.close().await;
    hashes
}

/// The form's ids are random within a region fixed by the round and the
/// date (so a day's inserts stay close together): a restart does not split
/// the day's responses into before and after it, and their ids are not in
/// the order they came in.
#[tokio::test]
async fn a_restart_does_not_split_the_responses_into_before_and_after() {
    let env = TestEnv::new();
    if !env.is_sqlite() {
        return;
    }
    env.open_round();
    let client = client();
    for _ in 0..2 {
        let mut server = env.spawn_process_with(&["--submit-limit", "0"]);
        submit_acknowledged(&client, &server, 6).await;
        server.kill();
    }
    let pool = sqlx::SqlitePool::connect(&format!("sqlite:{}", env.db().display()))
        .await
        .unwrap();
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM responses ORDER BY rowid")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(ids.len(), 12);
    let regions: std::collections::BTreeSet<i64> = ids.iter().map(|id| id >> 24).collect();
    assert_eq!(regions.len(), 1, "one region for the day: {ids:?}");
}
