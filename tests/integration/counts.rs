//! The counts reports read are kept at write time; `trappa check --counts`
//! counts the responses again and compares. After any mix of submissions,
//! imports, deletions and SIGKILLs the two agree, on both stores; a count
//! damaged on purpose is found, named and repaired.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::helpers::*;

/// A small xorshift generator: the mix is random but repeatable.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const UNITS: [&str; 3] = [
    "Kulturskolen",
    "Plan, miljø og landbruk",
    "Solvik barneskole",
];

/// A form with random answers: units, roles, stair steps, statements and
/// sometimes a comment or a "vet ikke".
fn random_fields(dice: &mut Dice, token: &str) -> Vec<(String, String)> {
    let mut f = vec![
        ("_token".to_string(), token.to_string()),
        ("unit".into(), UNITS[dice.below(3) as usize].into()),
        (
            "role".into(),
            ["ansatt", "leder"][dice.below(2) as usize].into(),
        ),
    ];
    for relation in ["skole", "frivillighet"] {
        if dice.below(4) > 0 {
            // The stair has four steps.
            let now = 1 + dice.below(4);
            f.push((format!("trapp.{relation}.now"), now.to_string()));
            if dice.below(3) > 0 {
                f.push((
                    format!("trapp.{relation}.goal"),
                    (now + dice.below(5 - now)).to_string(),
                ));
            }
        }
    }
    for p in 1..=10 {
        match dice.below(8) {
            0 => {}
            1 => f.push((format!("plakat.p{p:02}"), "vet_ikke".into())),
            _ => f.push((format!("plakat.p{p:02}"), (1 + dice.below(5)).to_string())),
        }
    }
    if dice.below(3) == 0 {
        f.push(("kommentar".into(), format!("merknad {}", dice.below(1000))));
    }
    f
}

/// Sends random forms from four clients until `stop`; returns how many
/// were acknowledged.
async fn submit_until(server_url: String, seed: u64, stop: Arc<AtomicBool>) -> usize {
    let mut tasks = Vec::new();
    for c in 0..4u64 {
        let (url, stop) = (format!("{server_url}/s/2026"), stop.clone());
        tasks.push(tokio::spawn(async move {
            // No cookie: each form afresh, as from many devices.
            let client = client_without_cookies();
            let mut dice = Dice(seed ^ (c + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15));
            let mut acknowledged = 0;
            while !stop.load(Ordering::Relaxed) {
                let Ok(page) = client.get(format!("{url}?steg=1")).send().await else {
                    break;
                };
                // A page cut off by the kill has no token: the server is gone.
                let Ok(page) = page.text().await else { break };
                if !page.contains("name=\"_token\"") {
                    break;
                }
                let token = input_value(&page, "_token");
                let fields = random_fields(&mut dice, &token);
                let body: String = fields
                    .iter()
                    .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
                    .collect::<Vec<_>>()
                    .join("&");
                let sent = client
                    .post(&url)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(body)
                    .timeout(std::time::Duration::from_secs(2))
                    .send()
                    .await;
                match sent {
                    Ok(r) if r.status() == 303 => acknowledged += 1,
                    Ok(r) => {
                        let status = r.status();
                        let page = r.text().await.unwrap_or_default();
                        let errors: Vec<String> = select(&html(&page), "[role=alert], .error")
                            .iter()
                            .map(|e| e.text().collect::<String>())
                            .collect();
                        panic!("unexpected status {status} for {fields:?}: {errors:?}")
                    }
                    Err(_) => break,
                }
            }
            acknowledged
        }));
    }
    let mut total = 0;
    for t in tasks {
        total += t.await.unwrap();
    }
    total
}

/// `trappa check --counts` says every round's counts agree.
fn assert_counts_agree(env: &TestEnv, after: &str) {
    let out = env.run(&["check", "--counts"]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "after {after}: {said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("tellingene stemmer"), "after {after}: {said}");
}

/// Responses per (unit, role), counted plainly from the export.
fn exported_groups(env: &TestEnv, round: &str) -> BTreeMap<(String, String), u64> {
    let mut groups = BTreeMap::new();
    for row in env.export_rows(round) {
        *groups
            .entry((
                cell(&row, "unit").to_string(),
                cell(&row, "role").to_string(),
            ))
            .or_default() += 1;
    }
    groups
}

async fn mix_keeps_counts_right(env: TestEnv) {
    env.open_round();
    let mut dice = Dice(0x00c0_ffee_1234_5678);
    let mut acknowledged = 0;
    for step in 0..6 {
        // Submissions from several clients, cut by a SIGKILL mid-load.
        let mut server = env.spawn_process_with(&["--submit-limit", "0"]);
        let stop = Arc::new(AtomicBool::new(false));
        let load = tokio::spawn(submit_until(server.url(""), dice.next(), stop.clone()));
        tokio::time::sleep(std::time::Duration::from_millis(150 + dice.below(350))).await;
        server.kill();
        stop.store(true, Ordering::Relaxed);
        acknowledged += load.await.unwrap();
        // Then an import, a deletion or nothing.
        match dice.below(3) {
            0 => {
                let rows: String = (0..1 + dice.below(40))
                    .map(|i| {
                        format!(
                            "2026;{};ansatt;{};{};{}\n",
                            UNITS[dice.below(3) as usize],
                            1 + dice.below(4),
                            1 + dice.below(5),
                            if i % 4 == 0 { "fra fil" } else { "" }
                        )
                    })
                    .collect();
                let file = format!("round;unit;role;trapp.skole.now;plakat.p03;kommentar\n{rows}");
                std::fs::write(env.path("fil.csv"), file).unwrap();
                env.ok(&["import", "fil.csv"]);
            }
            1 => {
                generate(
                    &env.path("g.csv"),
                    &["--responses", "300", "--seed", &step.to_string()],
                );
                let exists = env.ok(&["round", "list"]).contains("2025");
                if exists {
                    env.ok(&["round", "delete-responses", "2025", "--yes"]);
                }
                let mut import = vec!["import", "g.csv", "--round", "2025"];
                if !exists {
                    import.push("--create");
                }
                env.ok(&import);
                if dice.below(2) == 0 {
                    env.ok(&["round", "delete-responses", "2025", "--yes"]);
                }
            }
            _ => {}
        }
        assert_counts_agree(&env, &format!("step {step}"));
    }
    assert!(acknowledged > 20, "only {acknowledged} acknowledged");
    // The kept counts per group against the export, counted plainly.
    let store = env.store().await;
    let kept: BTreeMap<(String, String), u64> = store
        .counts("2026")
        .await
        .unwrap()
        .into_iter()
        .map(|g| ((g.unit, g.role), g.n))
        .collect();
    assert_eq!(kept, exported_groups(&env, "2026"));
    eprintln!("counts: {acknowledged} forms acknowledged over 6 kills; counts agree");
}

#[tokio::test]
async fn counts_agree_after_submissions_imports_deletions_and_kills_on_sqlite() {
    mix_keeps_counts_right(TestEnv::on_sqlite()).await;
}

#[tokio::test]
async fn counts_agree_after_submissions_imports_deletions_and_kills_on_postgres() {
    let Some(url) = crate::postgres::postgres() else {
        return;
    };
    mix_keeps_counts_right(TestEnv::on_postgres(&url, &fresh_schema())).await;
}

async fn damage_is_found_named_and_repaired(env: TestEnv) {
    let (_env_server, client) = {
        env.open_round();
        (env.spawn_server(), client())
    };
    submit_acknowledged(&client, &_env_server, 12).await;
    let token = form_token(&client, &_env_server, "2026").await;
    let fields = [
        ("_token", token.as_str()),
        ("unit", "Solvik barneskole"),
        ("role", "leder"),
        ("kommentar", "en tekst"),
    ];
    assert_eq!(
        post_form(&client, &_env_server.url("/s/2026"), &fields)
            .await
            .0,
        303
    );
    drop(_env_server);
    assert_counts_agree(&env, "submissions");

    env.execute_sql(
        "UPDATE tallies SET responses = responses + 1 WHERE unit = 'Kulturskolen';
         DELETE FROM response_texts;",
    )
    .await;
    let out = env.run(&["check", "--counts"]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(3), "{said}");
    assert!(
        said.contains("tellingene for Kulturskolen (ansatt) og fritekstene stemte ikke"),
        "{said}"
    );
    assert_counts_agree(&env, "the repair");
    assert!(env.ok(&["audit"]).contains("rettet tellinger"));

    // An older database: no counts kept yet. Opening it counts them.
    env.execute_sql(
        "DELETE FROM tallies; DELETE FROM response_texts; UPDATE rounds SET tallied = FALSE;",
    )
    .await;
    assert_counts_agree(&env, "opening a database without counts");
    let kept: u64 = env
        .store()
        .await
        .counts("2026")
        .await
        .unwrap()
        .iter()
        .map(|g| g.n)
        .sum();
    assert_eq!(kept, 13);
}

#[tokio::test]
async fn damaged_counts_are_found_named_and_repaired_on_sqlite() {
    damage_is_found_named_and_repaired(TestEnv::on_sqlite()).await;
}

#[tokio::test]
async fn damaged_counts_are_found_named_and_repaired_on_postgres() {
    let Some(url) = crate::postgres::postgres() else {
        return;
    };
    damage_is_found_named_and_repaired(TestEnv::on_postgres(&url, &fresh_schema())).await;
}

/// A file large enough to be read in pieces on every core, and the same
/// file imported: the figures from the CSV (parsed in parallel) and from
/// the kept counts (written at import) are the same, to the last digit.
#[test]
fn a_large_file_read_in_pieces_gives_the_figures_of_the_kept_counts() {
    let env = TestEnv::on_sqlite();
    generate(
        &env.path("g.csv"),
        &["--responses", "60000", "--seed", "16"],
    );
    let size = std::fs::metadata(env.path("g.csv")).unwrap().len();
    assert!(size > 4 << 20, "{size} bytes: too small to be split");
    let from_csv = figures(
        &env,
        &[
            "--csv",
            "g.csv",
            "--round",
            "2026",
            "--municipality",
            "Solvik",
        ],
    );
    env.ok(&["import", "g.csv", "--create", "--municipality", "Solvik"]);
    env.ok(&["round", "close", "2026"]);
    let from_db = figures(&env, &["--round", "2026"]);
    let mut differences = Vec::new();
    differ("", &from_csv, &from_db, &mut differences);
    assert!(differences.is_empty(), "{differences:#?}");
}

/// The paths where two JSON values differ, with both values.
fn differ(path: &str, a: &serde_json::Value, b: &serde_json::Value, out: &mut Vec<String>) {
    use serde_json::Value;
    if out.len() >= 20 {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for key in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                let (va, vb) = (x.get(key), y.get(key));
                differ(
                    &format!("{path}.{key}"),
                    va.unwrap_or(&Value::Null),
                    vb.unwrap_or(&Value::Null),
                    out,
                );
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                differ(&format!("{path}[{i}]"), va, vb, out);
            }
        }
        _ if a != b => out.push(format!("{path}: {a} ≠ {b}")),
        _ => {}
    }
}

/// A report's JSON without what names its source.
fn figures(env: &TestEnv, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["report", "--format", "json", "--out", "r.json"];
    all.extend_from_slice(args);
    env.ok(&all);
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(env.path("r.json")).unwrap()).unwrap();
    // What names the source and the day (the CSV report names its file),
    // and the follow-up of the learning loop, which only a database has.
    json.as_object_mut().unwrap().remove("meta");
    json.as_object_mut().unwrap().remove("follow_up");
    json
}

/// A CSV report from a pipe, which cannot be mapped: it is read into
/// memory, and gives the figures the same file gives.
#[test]
fn a_csv_report_reads_from_a_pipe() {
    use std::io::Write;
    let env = TestEnv::on_sqlite();
    generate(&env.path("g.csv"), &["--responses", "400", "--seed", "3"]);
    let from_file = figures(&env, &["--csv", "g.csv", "--round", "2026"]);
    let mut child = env
        .command(&[
            "report",
            "--format",
            "json",
            "--out",
            "r.json",
            "--csv",
            "/dev/stdin",
            "--round",
            "2026",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let bytes = std::fs::read(env.path("g.csv")).unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(&bytes));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut from_pipe: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(env.path("r.json")).unwrap()).unwrap();
    from_pipe.as_object_mut().unwrap().remove("meta");
    from_pipe.as_object_mut().unwrap().remove("follow_up");
    assert_eq!(from_pipe, from_file);
}
