//! Publishing a closed round's later answers: each way a change could be
//! set against what leaders read before is refused, with its reason, and
//! what `trappa report` gives (the published copy) stays as it was. The
//! findings of the review of December 2026, each as the failing case.

use crate::helpers::*;

const ROUND: &str = r#"
municipality = "Prøvik"
instruments = ["samhandlingstrappa", "innovasjonsplakaten", "kommentar"]
units = [{ name = "Skole", invited = 60 }, { name = "Sykehjem", invited = 60 }]
relations = [{ key = "skole", label = "Skole" }]
"#;

const HEADER: &str = "round,unit,role,trapp.skole.now,trapp.skole.goal,plakat.p01,kommentar\n";

/// `n` rows of one unit and role: a current step, a goal where `goal`,
/// the first statement, and a comment where `comment` is given.
fn rows(unit: &str, role: &str, n: usize, goal: bool, comment: Option<&str>) -> String {
    (0..n)
        .map(|i| {
            format!(
                "2026,{unit},{role},{},{},{},{}\n",
                1 + i % 3,
                if goal { "4" } else { "" },
                1 + i % 5,
                comment.map(|c| format!("{c} {i}")).unwrap_or_default()
            )
        })
        .collect()
}

/// The base: 20 staff and 5 leaders in Skole (five with comments, five
/// with a step but no goal), 20 staff in Sykehjem, and in the
/// municipality's unit 6 politicians and 5 staff.
fn base() -> String {
    rows("Skole", "ansatt", 10, true, None)
        + &rows("Skole", "ansatt", 5, true, Some("Merknad"))
        + &rows("Skole", "ansatt", 5, false, None)
        + &rows("Skole", "leder", 5, true, None)
        + &rows("Sykehjem", "ansatt", 20, true, None)
        + &rows("Prøvik kommune", "folkevalgt", 6, true, None)
        + &rows("Prøvik kommune", "ansatt", 5, true, None)
}

/// A closed round with the base, published; returns the environment.
fn published() -> TestEnv {
    let env = TestEnv::new();
    std::fs::write(env.path("r.toml"), ROUND).unwrap();
    env.ok(&["round", "create", "2026", "--file", "r.toml"]);
    env.ok(&["round", "open", "2026"]);
    import(&env, &base());
    let out = env.ok(&["round", "close", "2026"]);
    assert!(out.contains("Resultatene er publisert"), "{out}");
    env
}

fn import(env: &TestEnv, rows: &str) {
    std::fs::write(env.path("svar.csv"), format!("{HEADER}{rows}")).unwrap();
    // Late answers alike, on purpose: added, not asked about.
    env.ok(&["import", "svar.csv", "--round", "2026", "--again"]);
}

/// What a leader for every unit reads of the round (`None`: nothing).
fn report(env: &TestEnv) -> Option<serde_json::Value> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let store = env.store().await;
        let units: Vec<String> = ["Prøvik kommune", "Skole", "Sykehjem"]
            .map(String::from)
            .to_vec();
        let viewer = trappa::report::access::Viewer {
            role: trappa::auth::AccountRole::Leader,
            units: &units,
        };
        let built = trappa::report::access::report_for(
            store.as_ref(),
            viewer,
            "2026",
            trappa::report::Kind::Leader,
            None,
        )
        .await
        .ok()?;
        let json: serde_json::Value = serde_json::from_str(&trappa::report::json(&built)).unwrap();
        Some(json["analysis"].clone())
    })
}

/// `trappa round publish`: (published, what it said).
fn publish(env: &TestEnv) -> (bool, String) {
    let out = env.run(&["round", "publish", "2026"]);
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    (out.status.success(), said)
}

/// Deletes the round's answers and imports `rows` instead.
fn replace(env: &TestEnv, rows: &str) {
    env.ok(&["round", "delete-responses", "2026", "--yes"]);
    import(env, rows);
}

#[test]
fn a_later_version_is_checked_against_every_version_ever_shown() {
    let env = published();
    // Ten late answers in Skole: every figure they touch changes by ten.
    let late = rows("Skole", "ansatt", 10, true, None);
    import(&env, &late);
    let (ok, said) = publish(&env);
    assert!(ok, "{said}");
    let v2 = report(&env);
    assert!(v2.is_some());
    // Six of them were doubles: the base and four late answers again.
    // Against version 2 that is six fewer; against version 1, four more.
    let four: String = late.lines().take(4).map(|l| format!("{l}\n")).collect();
    replace(&env, &(base() + &four));
    let (ok, said) = publish(&env);
    assert!(!ok, "{said}");
    assert!(
        said.contains("enheten «Skole»: endres med 4 svar"),
        "{said}"
    );
    assert_eq!(
        report(&env),
        None,
        "leaders read nothing of answers deleted"
    );
}

#[test]
fn those_who_gave_a_step_but_no_goal_are_checked_too() {
    let env = published();
    let before = report(&env);
    // Ten give a step, six of them a goal: both figures change by six or
    // more, but those with a step and no goal (five before, nine after) by
    // four.
    import(
        &env,
        &(rows("Skole", "ansatt", 6, true, None) + &rows("Skole", "ansatt", 4, false, None)),
    );
    let (ok, said) = publish(&env);
    assert!(!ok, "{said}");
    let line = said
        .lines()
        .find(|l| {
            l.to_lowercase()
                .contains("målet i samhandlingstrappa (skole)")
        })
        .unwrap_or_default();
    assert!(
        line.contains("enheten «Skole»") && line.contains("endres med 4 svar"),
        "{said}"
    );
    assert_eq!(report(&env), before);
}

#[test]
fn a_change_set_units_against_roles_is_checked() {
    let env = published();
    let before = report(&env);
    // The municipality's unit +10 (6 politicians, 4 staff), Skole +6 (1
    // staff, 5 leaders): every unit and role changes by five or more, and
    // the new answers are safe on their own, but the change of the
    // municipality's unit less that of the politicians is the 4 staff.
    import(
        &env,
        &(rows("Prøvik kommune", "folkevalgt", 6, true, None)
            + &rows("Prøvik kommune", "ansatt", 4, true, None)
            + &rows("Skole", "ansatt", 1, true, None)
            + &rows("Skole", "leder", 5, true, None)),
    );
    let (ok, said) = publish(&env);
    assert!(!ok, "{said}");
    assert!(said.contains("enheter satt mot roller"), "{said}");
    assert_eq!(report(&env), before);
}

#[test]
fn a_change_that_adds_and_takes_away_is_refused() {
    let env = published();
    let before = report(&env);
    // One Skole answer less, six more in Sykehjem.
    let less_one: String = base().lines().skip(1).map(|l| format!("{l}\n")).collect();
    replace(
        &env,
        &(less_one + &rows("Sykehjem", "ansatt", 6, true, None)),
    );
    let (ok, said) = publish(&env);
    assert!(!ok, "{said}");
    assert!(said.contains("både legger til og tar bort svar"), "{said}");
    assert_eq!(report(&env), None);
    // The same answers again: shown again, as they were.
    replace(&env, &base());
    let (ok, said) = publish(&env);
    assert!(ok, "{said}");
    assert_eq!(report(&env), before);
}

#[test]
fn a_comment_taken_away_with_answers_added_is_refused() {
    let env = published();
    let before = report(&env);
    // The row of one who wrote a comment goes (they asked); eight come,
    // without comments, in the same unit and role with the same answers.
    let base = base();
    let commented = base
        .lines()
        .find(|l| l.contains("Merknad"))
        .unwrap()
        .to_string();
    let without: String = base
        .lines()
        .filter(|l| **l != commented)
        .map(|l| format!("{l}\n"))
        .collect();
    let same: String = std::iter::repeat_n(
        format!(
            "{}\n",
            commented.rsplit_once(',').unwrap().0.to_string() + ","
        ),
        8,
    )
    .collect();
    replace(&env, &(without + &same));
    let (ok, said) = publish(&env);
    assert!(!ok, "{said}");
    assert!(said.contains("ommentarene fra «Skole»"), "{said}");
    assert_eq!(report(&env), None);
    // The same answers again, as they were: shown again, nothing changed.
    replace(&env, &base);
    let (ok, said) = publish(&env);
    assert!(ok, "{said}");
    assert_eq!(report(&env), before);
}

/// `trappa report`, with which an administrator makes the summary that
/// goes to the politicians, gives the published copy; the answers as they
/// stand only with `--live`, marked on every page as not for sharing.
#[test]
fn the_command_line_report_gives_the_published_copy_unless_asked() {
    let env = published();
    let json = |args: &[&str]| -> serde_json::Value {
        let mut all = vec![
            "report", "--round", "2026", "--format", "json", "--out", "r.json",
        ];
        all.extend_from_slice(args);
        env.ok(&all);
        serde_json::from_str(&std::fs::read_to_string(env.path("r.json")).unwrap()).unwrap()
    };
    let before = json(&[])["analysis"].clone();
    assert_eq!(before["respondents"], 56);
    assert_eq!(before["unpublished"], false);
    import(&env, &rows("Sykehjem", "ansatt", 1, true, None));
    assert_eq!(
        json(&[])["analysis"],
        before,
        "one late answer changes no report"
    );
    let live = json(&["--live"])["analysis"].clone();
    assert_eq!(live["respondents"], 57);
    assert_eq!(live["unpublished"], true);
    env.ok(&["report", "--round", "2026", "--live", "--out", "r.html"]);
    let html = std::fs::read_to_string(env.path("r.html")).unwrap();
    assert!(html.contains("ikke for deling"), "marked on the page");
    env.ok(&["report", "--round", "2026", "--out", "r.html"]);
    let html = std::fs::read_to_string(env.path("r.html")).unwrap();
    assert!(
        !html.contains("ikke det som er publisert"),
        "the copy is not marked"
    );
}

/// A round closed before trappa took complements in a public order may
/// have been read under the earlier rule: it shows only what both rules
/// show, so no figure the earlier reports hid appears now.
#[test]
fn a_round_read_under_the_earlier_rule_shows_only_what_both_rules_show() {
    let env = TestEnv::new();
    // A (12 of 12), B (6 of 30), C (3 of 3): C is too small. The earlier
    // rule hid the smallest shown unit with it (B); the present rule hides
    // the first in its order, smallest number invited first (A).
    std::fs::write(
        env.path("r.toml"),
        ROUND.replace(
            r#"units = [{ name = "Skole", invited = 60 }, { name = "Sykehjem", invited = 60 }]"#,
            r#"units = [{ name = "A", invited = 12 }, { name = "B", invited = 30 }, { name = "C", invited = 3 }]"#,
        ),
    )
    .unwrap();
    env.ok(&["round", "create", "2026", "--file", "r.toml"]);
    import(
        &env,
        &(rows("A", "ansatt", 12, true, None)
            + &rows("B", "ansatt", 6, true, None)
            + &rows("C", "ansatt", 3, true, None)),
    );
    let shown = |env: &TestEnv| -> Vec<String> {
        env.ok(&[
            "report", "--round", "2026", "--format", "json", "--out", "r.json",
        ]);
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(env.path("r.json")).unwrap()).unwrap();
        json["analysis"]["by_unit"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|b| b["respondents"].get("hidden").is_none())
            .map(|b| b["name"].as_str().unwrap().to_string())
            .collect()
    };
    env.ok(&["round", "close", "2026"]);
    assert_eq!(shown(&env), ["B"], "the present rule hides A with C");
    // The same round, read before December 2026 (as the upgrade marks it).
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(env.execute_sql("UPDATE rounds SET legacy_rule = TRUE"));
    assert!(shown(&env).is_empty(), "A was shown then, B now: neither");
}
