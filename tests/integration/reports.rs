//! Reports: figures against an independent oracle, the disclosure rule,
//! series breaks, PDF, and the edge cases.

use std::process::Command;

use serde_json::Value;

use crate::helpers::*;

fn report_json(env: &TestEnv, args: &[&str]) -> Value {
    let mut all = vec!["report", "--format", "json", "--out", "r.json"];
    all.extend_from_slice(args);
    env.ok(&all);
    serde_json::from_str(&std::fs::read_to_string(env.path("r.json")).unwrap()).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

struct Checker {
    compared: usize,
}

impl Checker {
    fn eq(&mut self, what: &str, ours: &Value, theirs: &Value) {
        let (Some(a), Some(b)) = (ours.as_f64(), theirs.as_f64()) else {
            assert!(
                ours.is_null() && theirs.is_null(),
                "{what}: {ours} vs {theirs}"
            );
            return;
        };
        assert!(close(a, b), "{what}: trappa {a} vs peer {b}");
        self.compared += 1;
    }

    fn likert(&mut self, what: &str, ours: &Value, theirs: &Value) {
        self.eq(&format!("{what} n"), &ours["n"], &theirs["n"]);
        self.eq(&format!("{what} mean"), &ours["mean"], &theirs["mean"]);
        self.eq(&format!("{what} std"), &ours["std"], &theirs["std"]);
        for i in 0..5 {
            self.eq(
                &format!("{what} pct{}", i + 1),
                &ours["pct"][i],
                &theirs[&format!("pct{}", i + 1)],
            );
        }
    }

    fn stair(&mut self, what: &str, ours: &Value, theirs: &Value) {
        self.eq(&format!("{what} n"), &ours["n"], &theirs["n"]);
        self.eq(
            &format!("{what} mean now"),
            &ours["mean_now"],
            &theirs["mean"],
        );
        self.eq(
            &format!("{what} median"),
            &ours["median_now"],
            &theirs["median"],
        );
        // The goal figures rest on those who gave both a current step and a
        // goal; where the disclosure rule hides them, nothing to compare.
        if ours["n_gap"].is_null() {
            return;
        }
        self.eq(
            &format!("{what} n goal"),
            &ours["n_goal"],
            &theirs["n_goal"],
        );
        self.eq(
            &format!("{what} mean goal"),
            &ours["mean_goal"],
            &theirs["mean_goal"],
        );
        self.eq(
            &format!("{what} share up"),
            &ours["pct_up"],
            &theirs["pct_up"],
        );
        self.eq(&format!("{what} n gap"), &ours["n_gap"], &theirs["n_gap"]);
        self.eq(
            &format!("{what} mean gap"),
            &ours["mean_gap"],
            &theirs["mean_gap"],
        );
        for i in 0..4 {
            self.eq(
                &format!("{what} pct{}", i + 1),
                &ours["pct"][i],
                &theirs[&format!("pct{}", i + 1)],
            );
        }
    }
}

/// Every figure of a report from a generated file, against the oracle in
/// `oracle.rs` (the pandas peer in shared/bench does the same check as an
/// opt-in benchmark: `cargo bench --bench peer_check`).
#[test]
fn every_figure_agrees_with_an_independent_oracle() {
    let env = TestEnv::new();
    let csv = env.path("g.csv");
    generate(
        &csv,
        &[
            "--responses",
            "20000",
            "--seed",
            "11",
            "--sep",
            ";",
            "--bom",
            "--crlf",
        ],
    );
    let a = &report_json(
        &env,
        &[
            "--csv",
            csv.to_str().unwrap(),
            "--round",
            "2026",
            "--compare",
            "2025",
            "--min-n",
            "3",
        ],
    )["analysis"];
    let peer = crate::oracle::figures(&std::fs::read(&csv).unwrap(), "2026", "2025");
    let mut ck = Checker { compared: 0 };

    assert_eq!(a["invalid_cells"], peer["invalid_cells"]);
    for s in a["statements"].as_array().unwrap() {
        let col = s["column"].as_str().unwrap();
        ck.likert(col, &s["stats"], &peer["items"][&format!("Alle|{col}")]);
        let yoy = &peer["yoy"][&format!("Alle|{col}")];
        ck.eq(
            &format!("{col} delta"),
            &s["change"]["delta"],
            &yoy["delta"],
        );
        ck.eq(&format!("{col} low"), &s["change"]["low"], &yoy["lo"]);
        ck.eq(&format!("{col} high"), &s["change"]["high"], &yoy["hi"]);
        assert_eq!(s["change"]["significant"], yoy["flag"], "{col} flag");
    }
    for r in a["relations"].as_array().unwrap() {
        let key = r["key"].as_str().unwrap();
        ck.stair(key, &r["stats"], &peer["stair"][&format!("Alle|{key}")]);
    }
    let statements = a["statements"].as_array().unwrap();
    let relations = a["relations"].as_array().unwrap();
    let mut hidden = 0;
    for b in a["by_unit"].as_array().unwrap() {
        let unit = b["name"].as_str().unwrap();
        for (s, cell) in statements.iter().zip(b["statements"].as_array().unwrap()) {
            let col = s["column"].as_str().unwrap();
            if cell.get("hidden").is_some() {
                hidden += 1;
                continue;
            }
            ck.likert(
                &format!("{unit} {col}"),
                cell,
                &peer["items_unit"][&format!("{unit}|{col}")],
            );
        }
        for (r, cell) in relations.iter().zip(b["stair"].as_array().unwrap()) {
            let key = r["key"].as_str().unwrap();
            if cell.get("hidden").is_none() {
                ck.stair(
                    &format!("{unit} {key}"),
                    cell,
                    &peer["stair_unit"][&format!("{unit}|{key}")],
                );
            }
        }
    }
    for rc in a["counts_by_round"].as_array().unwrap() {
        let round = rc["round"].as_str().unwrap();
        for (role, cell) in a["roles"]
            .as_array()
            .unwrap()
            .iter()
            .zip(rc["by_role"].as_array().unwrap())
        {
            if cell.is_number() {
                ck.eq(
                    &format!("{round} {role}"),
                    cell,
                    &peer["n_role_round"][&format!("{}|{round}", role.as_str().unwrap())],
                );
            }
        }
    }
    eprintln!(
        "oracle: {} figures compared, {hidden} unit cells hidden",
        ck.compared
    );
    assert!(ck.compared > 2000, "only {} figures compared", ck.compared);
    assert!(hidden < 150, "{hidden} unit cells hidden at k = 3");
}

/// In a family of cells that adds up to a shown total, what the hidden
/// cells hold together (the total minus every shown cell) is 0 or at least
/// k: otherwise the subtraction gives a small group. `n` reads a cell's size.
fn assert_remainder(
    what: &str,
    total: &Value,
    cells: &[&Value],
    k: u64,
    n: impl Fn(&Value) -> Option<u64>,
) {
    let Some(total) = n(total) else {
        assert!(
            cells.iter().all(|c| c.get("hidden").is_some()),
            "{what}: cells shown under a hidden total"
        );
        return;
    };
    let shown: u64 = cells.iter().filter_map(|c| n(c)).sum();
    let rest = total - shown;
    assert!(
        rest == 0 || rest >= k,
        "{what}: the hidden cells hold {rest} < k = {k}"
    );
    for c in cells {
        if let Some(v) = n(c) {
            assert!(v >= k, "{what}: a shown cell of {v} < k = {k}");
        }
    }
}

#[test]
fn hidden_groups_cannot_be_derived_from_what_is_shown() {
    let env = TestEnv::new();
    let csv = env.path("g.csv");
    generate(
        &csv,
        &["--responses", "6000", "--seed", "4", "--units", "30"],
    );
    for k in ["5", "10"] {
        let a = &report_json(&env, &["--csv", csv.to_str().unwrap(), "--min-n", k])["analysis"];
        let k: u64 = k.parse().unwrap();
        let units = a["by_unit"].as_array().unwrap();
        let mut hidden_units = 0;
        let count = |v: &Value| v.as_u64();
        let n = |v: &Value| v.get("n").and_then(Value::as_u64);
        for (j, rc) in a["counts_by_round"].as_array().unwrap().iter().enumerate() {
            let roles: Vec<&Value> = rc["by_role"].as_array().unwrap().iter().collect();
            assert_remainder("roles", &rc["total"], &roles, k, count);
            let by_unit: Vec<&Value> = a["units"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| &u["by_round"][j])
                .collect();
            assert_remainder("unit counts", &rc["total"], &by_unit, k, count);
            hidden_units += by_unit.iter().filter(|c| c.get("hidden").is_some()).count();
            // Shown counts are at least k (or zero).
            for c in by_unit.iter().chain(&roles) {
                if let Some(n) = c.as_u64() {
                    assert!(n == 0 || n >= k, "a shown count of {n} is under k = {k}");
                }
            }
        }
        assert!(
            hidden_units >= 2,
            "the generator makes tiny units; some must be hidden"
        );
        for i in 0..a["statements"].as_array().unwrap().len() {
            let cells: Vec<&Value> = units.iter().map(|b| &b["statements"][i]).collect();
            let total = &a["statements"][i]["stats"];
            assert_remainder("statement by unit", total, &cells, k, n);
            for c in &cells {
                if let Some(n) = c.get("n").and_then(Value::as_u64) {
                    assert!(n >= k);
                }
            }
            let roles: Vec<&Value> = a["by_role"]
                .as_array()
                .unwrap()
                .iter()
                .map(|b| &b["statements"][i])
                .collect();
            assert_remainder("statement by role", total, &roles, k, n);
        }
        for j in 0..a["relations"].as_array().unwrap().len() {
            let cells: Vec<&Value> = units.iter().map(|b| &b["stair"][j]).collect();
            let total = &a["relations"][j]["stats"];
            assert_remainder("stair by unit", total, &cells, k, n);
            let both = |v: &Value| v.get("n_gap").and_then(Value::as_u64);
            let shown_goal: Vec<&Value> = cells
                .iter()
                .copied()
                .filter(|c| both(c).is_some())
                .collect();
            if both(total).is_some() {
                assert_remainder("stair goals by unit", total, &shown_goal, k, both);
            }
        }
        // A unit hidden as a whole shows no figures; a unit under k no notes.
        for b in units {
            if b["respondents"].get("hidden").is_some() {
                assert!(
                    b["statements"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .all(|c| c.get("hidden").is_some())
                );
                assert!(
                    b["stair"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .all(|c| c.get("hidden").is_some())
                );
                {
                    let name = &b["name"];
                    assert!(
                        !a["notes"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .any(|n| &n["unit"] == name)
                    );
                }
            }
        }
    }
}

#[test]
fn a_changed_wording_breaks_the_series() {
    let env = TestEnv::new();
    env.open_round();
    env.ok(&["round", "close", "2026"]);
    // Next year's poster has a new wording of statement 3.
    let dir = env.path("surveys");
    std::fs::create_dir(&dir).unwrap();
    for name in [
        "samhandlingstrappa.toml",
        "kommentar.toml",
        "laerende-mote.toml",
    ] {
        std::fs::copy(
            format!("{}/surveys/{name}", env!("CARGO_MANIFEST_DIR")),
            dir.join(name),
        )
        .unwrap();
    }
    let poster = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/surveys/innovasjonsplakaten.toml"
    ))
    .unwrap();
    let changed = poster.replace(
        "bruker erfaring og kunnskap til å skape ny praksis",
        "lærer av erfaring og skaper ny praksis sammen",
    );
    assert_ne!(poster, changed);
    std::fs::write(dir.join("innovasjonsplakaten.toml"), changed).unwrap();
    env.ok(&["round", "create", "2027", "--like", "2026"]);

    let mut rows = String::from("round,unit,role,plakat.p01,plakat.p03\n");
    for (i, round) in ["2026", "2027"].iter().enumerate() {
        for j in 0..30 {
            let v = 1 + (j + i * 2) % 5;
            rows.push_str(&format!("{round},Kulturskolen,ansatt,{v},{v}\n"));
        }
    }
    std::fs::write(env.path("d.csv"), rows).unwrap();
    env.ok(&["import", "d.csv"]);
    let a = &report_json(&env, &["--round", "2027"])["analysis"];
    assert_eq!(a["previous"], "2026");
    let s = a["statements"].as_array().unwrap();
    assert_eq!(s[0]["series_break"], false);
    assert!(s[0]["change"]["delta"].is_number());
    assert_eq!(s[2]["series_break"], true);
    assert!(s[2]["change"].is_null());
    assert!(s[2]["text"].as_str().unwrap().contains("lærer av erfaring"));
    env.ok(&["report", "--round", "2027", "--out", "l.html"]);
    let html = std::fs::read_to_string(env.path("l.html")).unwrap();
    assert!(html.contains("endret ordlyd – brudd i serien"));
}

#[test]
fn reports_render_for_edge_cases() {
    let env = TestEnv::new();
    env.open_round();
    // A round with no responses, and no previous round.
    for kind in ["leader", "summary"] {
        env.ok(&["report", "--kind", kind, "--out", "e.html"]);
        let html = std::fs::read_to_string(env.path("e.html")).unwrap();
        // No total under k is shown, 0 included: the round has no
        // answers yet, and says so (that nobody answered is no one's answer).
        assert!(html.contains("Runden 2026 har ingen svar ennå"), "{kind}");
        assert!(!html.contains("<strong>0</strong>"), "{kind}");
    }
    // Three responses from one unit: under k everywhere.
    let mut rows =
        String::from("round,unit,role,plakat.p01,trapp.skole.now,trapp.skole.goal,kommentar\n");
    for v in 1..=3 {
        rows.push_str(&format!(
            "2026,Kulturskolen,ansatt,{v},{v},4,hemmelig {v}\n"
        ));
    }
    for v in 0..12 {
        rows.push_str(&format!(
            "2026,Solvik barneskole,ansatt,{},2,3,åpen kommentar\n",
            1 + v % 5
        ));
    }
    // A third unit, so that the small one has a partner to hide with.
    for v in 0..6 {
        rows.push_str(&format!(
            "2026,\"Plan, miljø og landbruk\",ansatt,{},2,3,\n",
            1 + v % 5
        ));
    }
    std::fs::write(env.path("d.csv"), rows).unwrap();
    env.ok(&["import", "d.csv"]);
    env.ok(&[
        "report",
        "--kind",
        "unit",
        "--unit",
        "Kulturskolen",
        "--out",
        "u.html",
    ]);
    let html = std::fs::read_to_string(env.path("u.html")).unwrap();
    assert!(
        html.contains("Tallene for Kulturskolen i 2026 vises ikke"),
        "{html}"
    );
    assert!(!html.contains("hemmelig"));
    env.ok(&["report", "--out", "l.html"]);
    let html = std::fs::read_to_string(env.path("l.html")).unwrap();
    assert!(
        !html.contains("hemmelig"),
        "notes of a unit under k never appear"
    );
    assert!(html.contains("åpen kommentar"));
    // Unknown unit and round are named.
    let out = env.run(&[
        "report", "--kind", "unit", "--unit", "Borte", "--out", "x.html",
    ]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("«Borte»"));
    let out = env.run(&["report", "--round", "1999", "--out", "x.html"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("runden «1999» finnes ikke"));
}

#[test]
fn free_text_is_escaped_in_reports() {
    let env = TestEnv::new();
    env.open_round();
    let mut rows = String::from("round,unit,role,plakat.p01,kommentar\n");
    for v in 0..6 {
        rows.push_str(&format!(
            "2026,Kulturskolen,ansatt,{},\"<script>alert({v})</script>\"\n",
            1 + v % 5
        ));
    }
    std::fs::write(env.path("d.csv"), rows).unwrap();
    env.ok(&["import", "d.csv"]);
    env.ok(&["report", "--out", "l.html"]);
    let html = std::fs::read_to_string(env.path("l.html")).unwrap();
    assert!(!html.contains("<script>"));
    assert!(
        html.contains("&lt;script&gt;alert(0)"),
        "the note is shown, escaped"
    );
}

#[test]
fn summary_prints_to_at_most_two_pages_with_the_key_figures() {
    if !pdf_tools() {
        return;
    }
    let env = TestEnv::new();
    env.ok(&["demo"]);
    env.ok(&["report", "--kind", "summary", "--pdf", "--out", "s.pdf"]);
    let info = Command::new("pdfinfo")
        .arg(env.path("s.pdf"))
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    let pages: u32 = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&pages), "{pages} pages");
    assert!(info.contains("A4") || info.contains("595"), "{info}");
    let text = Command::new("pdftotext")
        .arg(env.path("s.pdf"))
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    let a = &report_json(&env, &["--kind", "summary"])["analysis"];
    let n = a["respondents"].as_u64().unwrap().to_string();
    assert!(
        text.contains(&format!("{n} personer svarte i 2026")),
        "{text}"
    );
    // The response rate beside it, from the invited counts `status` shows.
    let status = env.ok(&["status", "--round", "2026"]);
    let total: Vec<u64> = status
        .lines()
        .find(|l| l.starts_with("Totalt"))
        .unwrap()
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    let (answered, invited) = (total[0], total[1]);
    assert_eq!(a["response_rate"]["invited"].as_u64(), Some(invited));
    let percent = (100.0 * answered as f64 / invited as f64).round() as u64;
    assert!(
        text.contains(&format!("{percent} %")) || text.contains(&format!("{percent}\u{a0}%")),
        "{percent} % in {text}"
    );
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(&format!("av de {invited} inviterte svarte")),
        "{text}"
    );
    assert!(text.contains("Samhandlingstrappa"));
    assert!(text.contains("Sterkest") && text.contains("Svakest"));
    assert!(text.contains("Side 1 av"), "page numbers: {text}");

    let out = env
        .command(&["report", "--kind", "summary", "--pdf", "--out", "t.pdf"])
        .env("TRAPPA_CHROMIUM", "/nowhere/chromium")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("PDF krever Chromium"));
}

#[test]
fn the_checklist_is_reported_as_shares_per_option() {
    let env = TestEnv::new();
    let round = ROUND_FILE.replace("\"kommentar\"]", "\"kommentar\", \"laerende-mote\"]");
    std::fs::write(env.path("round.toml"), round).unwrap();
    env.ok(&["round", "create", "2026", "--file", "round.toml"]);
    let mut rows = String::from("round,unit,role,mote.q1,mote.q2\n");
    let q1 = [
        "ja", "ja", "ja", "ja", "ja", "ja", "delvis", "delvis", "delvis", "nei",
    ];
    for (i, a) in q1.iter().enumerate() {
        let q2 = if i < 3 { "ja" } else { "" };
        rows.push_str(&format!("2026,Kulturskolen,ansatt,{a},{q2}\n"));
    }
    std::fs::write(env.path("d.csv"), &rows).unwrap();
    env.ok(&["import", "d.csv"]);
    // From the database all nine questions of the round; from the CSV file
    // the two columns it has.
    for (source, questions) in [
        (vec![], 9),
        (vec!["--csv", "d.csv", "--municipality", "Solvik"], 2),
    ] {
        let a = &report_json(&env, &source)["analysis"];
        let c = a["choices"].as_array().unwrap();
        assert_eq!(c.len(), questions, "{source:?}");
        assert_eq!(c[0]["instrument"], "Sjekkliste lærende møte");
        assert_eq!(c[0]["options"], serde_json::json!(["Ja", "Delvis", "Nei"]));
        assert_eq!(c[0]["stats"]["counts"], serde_json::json!([6, 3, 1]));
        assert_eq!(c[0]["stats"]["pct"], serde_json::json!([60.0, 30.0, 10.0]));
        // Hidden cells look alike, whatever the reason.
        assert_eq!(c[1]["stats"]["hidden"], true, "3 answers are under k");
        if questions == 9 {
            assert_eq!(c[2]["stats"]["hidden"], true, "no answers");
        }
    }
    env.ok(&["report", "--out", "l.html"]);
    let html = std::fs::read_to_string(env.path("l.html")).unwrap();
    assert!(html.contains("<h2>Sjekkliste lærende møte</h2>"));
    // A key that is not an option is invalid in a CSV report, and counted.
    std::fs::write(env.path("bad.csv"), rows.replace("nei,", "kanskje,")).unwrap();
    let a = &report_json(&env, &["--csv", "bad.csv"])["analysis"];
    assert_eq!(a["invalid_cells"], 1);
}

/// A previous round without answers (deleted, or fewer than k): every report
/// renders without the comparison and says why, in the CLI and on the web.
#[tokio::test]
async fn an_empty_previous_round_gives_reports_without_comparison() {
    let env = TestEnv::new();
    env.ok(&["demo"]);
    env.ok(&["round", "delete-responses", "2025", "--yes"]);
    env.ok(&["round", "close", "2026"]);
    for kind in ["leader", "summary"] {
        env.ok(&[
            "report", "--round", "2026", "--kind", kind, "--out", "r.html",
        ]);
        let html = std::fs::read_to_string(env.path("r.html")).unwrap();
        assert!(html.contains("Ingen sammenligning med 2025"), "{kind}");
        assert!(!html.contains("sammenlignet med 2025"), "{kind}");
    }
    let a = &report_json(&env, &["--round", "2026"])["analysis"];
    assert!(a["previous"].is_null());
    assert_eq!(a["previous_without_figures"], "2025");
    let server = env.spawn_server();
    let c = client();
    login_admin(&c, &server).await;
    for kind in ["leader", "summary", "unit&unit=Kulturskolen"] {
        let url = server.url(&format!("/rapporter/2026?kind={kind}"));
        let resp = c.get(url).send().await.unwrap();
        assert_eq!(resp.status(), 200, "{kind}");
        assert!(
            resp.text()
                .await
                .unwrap()
                .contains("Ingen sammenligning med 2025")
        );
    }
}

/// A survey definition that `trappa check` accepts with 2-, 3-, 4- and
/// 11-point scales (0–10): every report renders, in the CLI and on the web.
#[tokio::test]
async fn every_scale_that_check_accepts_gives_reports() {
    let env = TestEnv::new();
    let dir = env.path("surveys");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("skalaer.toml"),
        r#"id = "skalaer"
prefix = "sk"
title = "Skalaer"

[scale.to]
min = 1
max = 2
labels = ["Nei", "Ja"]

[scale.tre]
min = 1
max = 3
labels = ["Lite", "Noe", "Mye"]

[scale.fire]
min = 1
max = 4
labels = ["Aldri", "Sjelden", "Ofte", "Alltid"]

[scale.elleve]
min = 0
max = 10
labels = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]

[[question]]
id = "a"
type = "scale"
scale = "to"
text = "Har du vært med på et lærende møte?"

[[question]]
id = "b"
type = "scale"
scale = "tre"
text = "Hvor mye lærte du?"

[[question]]
id = "c"
type = "scale"
scale = "fire"
text = "Hvor ofte deler dere erfaringer?"

[[question]]
id = "d"
type = "scale"
scale = "elleve"
text = "Hvor sannsynlig er det at du anbefaler arbeidsplassen?"
"#,
    )
    .unwrap();
    env.ok(&["check", "surveys"]);
    std::fs::write(
        env.path("runde.toml"),
        "municipality = \"Solvik\"\ninstruments = [\"skalaer\"]\nunits = [\"A\", \"B\"]\n",
    )
    .unwrap();
    env.ok(&["round", "create", "2026", "--file", "runde.toml"]);
    let mut rows = String::from("round,unit,role,sk.a,sk.b,sk.c,sk.d\n");
    for i in 0..14 {
        let unit = if i % 2 == 0 { "A" } else { "B" };
        rows.push_str(&format!(
            "2026,{unit},ansatt,{},{},{},{}\n",
            1 + i % 2,
            1 + i % 3,
            1 + i % 4,
            i % 11
        ));
    }
    std::fs::write(env.path("d.csv"), rows).unwrap();
    env.ok(&["import", "d.csv"]);
    for kind in [
        &["--kind", "leader"][..],
        &["--kind", "summary"],
        &["--kind", "unit", "--unit", "A"],
    ] {
        let mut args = vec!["report", "--round", "2026", "--out", "r.html"];
        args.extend_from_slice(kind);
        env.ok(&args);
        let html = std::fs::read_to_string(env.path("r.html")).unwrap();
        assert!(html.contains("Hvor sannsynlig er det"), "{kind:?}");
    }
    let a = &report_json(&env, &["--round", "2026"])["analysis"];
    let pct = |i: usize| a["statements"][i]["stats"]["pct"].as_array().unwrap().len();
    assert_eq!([pct(0), pct(1), pct(2), pct(3)], [2, 3, 4, 11]);
    let server = env.spawn_server();
    let c = client();
    login_admin(&c, &server).await;
    for kind in ["leader", "summary", "unit&unit=A"] {
        let resp = c
            .get(server.url(&format!("/rapporter/2026?kind={kind}")))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200, "{kind}");
    }
}

/// A unit report for a unit the round does not have is 404, in HTML and
/// JSON; for a unit without answers, a page that says in plain words why
/// its figures are not shown; a round without any answers still gives its
/// reports. (The fuzzer found the first one as a 500.)
#[tokio::test]
async fn unit_reports_for_unknown_or_silent_units_say_so() {
    let env = TestEnv::new();
    env.ok(&["demo"]);
    env.ok(&["round", "create", "2027", "--like", "2026"]);
    let server = env.spawn_server();
    let admin = client();
    login_admin(&admin, &server).await;
    let get = |path: &'static str| {
        let (admin, server) = (&admin, &server);
        async move {
            let r = admin.get(server.url(path)).send().await.unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    for path in [
        "/rapporter/2025?kind=unit&unit=Kultursk444olen",
        "/rapporter/2025/json?kind=unit&unit=Kultursk444olen",
    ] {
        let (status, body) = get(path).await;
        assert_eq!(status, 404, "{path}: {body}");
        assert!(
            body.contains("har ingen enhet som heter «Kultursk444olen»"),
            "{path}: {body}"
        );
    }
    let (status, body) = get("/rapporter/2027?kind=unit&unit=Kulturskolen").await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains("Tallene for Kulturskolen i 2027 vises ikke"),
        "{body}"
    );
    for path in [
        "/rapporter/2027?kind=leader",
        "/rapporter/2027?kind=summary",
    ] {
        let (status, body) = get(path).await;
        assert_ne!(status, 500, "{path}: {body}");
    }
}

/// The politicians' summary keeps jargon out of its body: "Welch" and the
/// data fingerprint stand only in the colophon at its end.
#[test]
fn the_summary_keeps_jargon_in_its_colophon() {
    let env = TestEnv::new();
    env.ok(&["demo"]);
    for lang in ["nb", "nn", "en"] {
        env.ok(&[
            "report", "--kind", "summary", "--lang", lang, "--out", "s.html",
        ]);
        let page = std::fs::read_to_string(env.path("s.html")).unwrap();
        let fingerprint = report_json(&env, &["--kind", "summary"])["meta"]["fingerprint"]
            .as_str()
            .unwrap()
            .to_string();
        let (body, colophon) = page
            .split_once("<footer class=\"colophon\">")
            .unwrap_or_else(|| panic!("{lang}: no colophon"));
        assert!(!body.contains("Welch"), "{lang}: Welch in the body");
        assert!(
            !body.contains(&fingerprint),
            "{lang}: fingerprint in the body"
        );
        assert!(colophon.contains("Welch"), "{lang}: {colophon}");
        assert!(colophon.contains(&fingerprint), "{lang}: {colophon}");
    }
}

/// Statements are named by their words, not only by a number: the short
/// titles from the definitions stand in the summary's key figures and
/// tables and in the leader report's chart, in the report's language.
#[test]
fn statements_are_named_by_their_short_titles() {
    let env = TestEnv::new();
    env.ok(&["demo"]);
    let a = &report_json(&env, &["--kind", "summary"])["analysis"];
    let statements = a["statements"].as_array().unwrap();
    assert_eq!(statements.len(), 10);
    assert!(
        statements.iter().all(|s| s["short"].is_string()),
        "{statements:?}"
    );
    let top = a["strengths"][0].as_u64().unwrap() as usize;
    let short = statements[top]["short"].as_str().unwrap();
    env.ok(&["report", "--kind", "summary", "--out", "s.html"]);
    let summary = std::fs::read_to_string(env.path("s.html")).unwrap();
    assert!(
        summary.contains(&format!("høyeste snitt: {short} (skala 1–5)")),
        "{summary}"
    );
    assert!(
        summary.contains(&format!("<strong>{short}</strong>")),
        "{summary}"
    );
    env.ok(&["report", "--kind", "leader", "--out", "l.html"]);
    let leader = std::fs::read_to_string(env.path("l.html")).unwrap();
    assert!(
        leader.contains("1 Positive forventninger til hverandre"),
        "chart"
    );
    env.ok(&[
        "report",
        "--kind",
        "leader",
        "--lang",
        "en",
        "--out",
        "l-en.html",
    ]);
    let leader = std::fs::read_to_string(env.path("l-en.html")).unwrap();
    assert!(
        leader.contains("1 Positive expectations of each other"),
        "English chart"
    );
    assert!(
        leader.contains("10 Measuring effects and benefits"),
        "English chart"
    );
}

/// A hidden figure carries the same words whatever hid it. "Fewer than k
/// answers" would tell a figure hidden for its own few answers from one
/// hidden to protect another, and would be untrue of the second kind.
#[test]
fn hidden_figures_never_say_why() {
    let env = TestEnv::new();
    env.ok(&["demo"]);
    let status = env.ok(&["status", "--round", "2025"]);
    let units: Vec<String> = status
        .lines()
        .filter_map(|l| l.split("  ").next())
        .map(|u| u.trim().to_string())
        .filter(|u| !u.is_empty() && !u.starts_with("Totalt") && !u.starts_with("Runde"))
        .collect();
    let mut pages = 0;
    let mut hidden = 0;
    for unit in &units {
        for lang in ["nb", "nn", "en"] {
            let out = env.run(&[
                "report", "--round", "2025", "--kind", "unit", "--unit", unit, "--lang", lang,
                "--out", "u.html",
            ]);
            if !out.status.success() {
                continue; // a unit with no figures shown has no report
            }
            pages += 1;
            let page = std::fs::read_to_string(env.path("u.html")).unwrap();
            for reason in ["færre enn", "for få svar", "fewer than", "too few answers"] {
                assert!(
                    !page.contains(reason),
                    "{unit} ({lang}) says why: «{reason}»"
                );
            }
            // The hidden mark of a table cell, or a chart's words for it.
            hidden += page.matches("class=\"hid\"").count()
                + page.matches("verne enkeltperson").count()
                + page.matches("protect individuals").count();
        }
    }
    assert!(pages > 10, "only {pages} unit reports from {units:?}");
    assert!(hidden > 0, "no hidden figure in {pages} unit reports");
}

/// The leader report's overview of units on the web: one row a unit,
/// ordered as asked (here by the poster's mean, highest first), hidden
/// units with no figure, and links that sort by the other columns.
#[tokio::test]
async fn the_leader_report_has_an_overview_of_units_in_the_order_asked_for() {
    let env = TestEnv::new();
    env.ok(&["demo"]);
    let server = env.spawn_server();
    let c = client();
    login_admin(&c, &server).await;
    let body = get_text(&c, &server, "/rapporter/2025?kind=leader&sort=plakat").await;
    let doc = html(&body);
    let rows = select(&doc, "table.overview.units tbody tr");
    // Eleven units and the whole municipality, where politicians count.
    assert_eq!(rows.len(), 12, "one row a unit");
    let mut means = Vec::new();
    let mut hidden_seen = false;
    for row in &rows {
        let cells: Vec<String> = row
            .children()
            .filter_map(scraper::ElementRef::wrap)
            .map(|c| c.text().collect::<String>().trim().to_string())
            .collect();
        if cells.len() == 2 {
            // A hidden unit: its name and the hidden mark, nothing else.
            assert_eq!(cells[1], "skjult", "{cells:?}");
            hidden_seen = true;
            continue;
        }
        assert!(
            !hidden_seen,
            "hidden units come last when sorted by a figure"
        );
        means.push(cells[2].replace(',', ".").parse::<f64>().unwrap());
    }
    assert!(hidden_seen, "the demo has units too small to show");
    assert!(means.windows(2).all(|w| w[0] >= w[1]), "{means:?}");
    // The other columns sort by a link; the one in use says so.
    let links: Vec<&str> = select(&doc, "table.overview.units thead a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(links.iter().any(|l| l.contains("sort=fall")), "{links:?}");
    assert!(
        !links.iter().any(|l| l.contains("sort=plakat")),
        "{links:?}"
    );
    assert_eq!(select(&doc, "th[aria-sort=descending]").len(), 1);
    // Each name leads to the unit's own section.
    let first = select(&doc, "table.overview.units tbody th a")[0]
        .value()
        .attr("href")
        .unwrap();
    assert_eq!(select(&doc, &format!("section{first}")).len(), 1, "{first}");
}

/// Reference figures from a file: shown beside the round's own means in
/// the leader report and the summary, named by source and year; a bad
/// file is refused whole, every bad cell named, and nothing is kept.
#[test]
fn reference_figures_from_a_file_stand_beside_the_rounds_own() {
    let env = TestEnv::new();
    env.ok(&["demo"]);
    std::fs::write(
        env.path("bad.csv"),
        "source;year;column;mean\nKS Vest;2025;plakat.p01;3,4\nKS Vest;2025;plakat.p42;3\nKS Vest;2025;trapp.skole.now;7\n",
    )
    .unwrap();
    let out = env.run(&["reference", "import", "--round", "2025", "bad.csv"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("rad 3") && err.contains("«plakat.p42»"),
        "{err}"
    );
    assert!(
        err.contains("rad 4") && err.contains("«7» er ikke et snitt mellom 1 og 4"),
        "{err}"
    );
    assert!(
        env.ok(&["reference", "list", "--round", "2025"])
            .contains("ingen referansetall")
    );
    std::fs::write(
        env.path("ref.csv"),
        "source;year;column;mean;n\nKS Vest;2025;plakat.p01;3,4;812\nKS Vest;2025;plakat.p10;2,95;812\nKS Vest;2025;trapp.skole.now;2,25;\n",
    )
    .unwrap();
    let said = env.ok(&["reference", "import", "--round", "2025", "ref.csv"]);
    assert!(said.contains("3 referansetall fra KS Vest 2025"), "{said}");
    env.ok(&[
        "report",
        "--round",
        "2025",
        "--kind",
        "leader",
        "--out",
        "leader.html",
    ]);
    let leader = std::fs::read_to_string(env.path("leader.html")).unwrap();
    let doc = html(&leader);
    let heads: Vec<String> = select(&doc, "th.ref")
        .iter()
        .map(|h| h.text().collect::<String>())
        .collect();
    assert!(
        heads.contains(&"Snitt KS Vest 2025".to_string()),
        "{heads:?}"
    );
    assert!(
        heads.contains(&"Snitt nå, KS Vest 2025".to_string()),
        "{heads:?}"
    );
    let cells: Vec<String> = select(&doc, "td.ref")
        .iter()
        .map(|c| c.text().collect::<String>())
        .collect();
    for value in ["3,40", "2,95", "2,25"] {
        assert!(cells.contains(&value.to_string()), "{value} in {cells:?}");
    }
    assert!(leader.contains("de bygger ikke på svarene her"));
    env.ok(&[
        "report",
        "--round",
        "2025",
        "--kind",
        "summary",
        "--out",
        "summary.html",
    ]);
    let summary = std::fs::read_to_string(env.path("summary.html")).unwrap();
    assert!(
        summary.contains("Snitt KS Vest 2025"),
        "the summary names the source"
    );
    // A new file from the same source and year replaces it.
    std::fs::write(
        env.path("ref2.csv"),
        "source,year,column,mean\nKS Vest,2025,plakat.p01,3.1\n",
    )
    .unwrap();
    env.ok(&["reference", "import", "--round", "2025", "ref2.csv"]);
    let listed = env.ok(&["reference", "list", "--round", "2025"]);
    assert_eq!(listed.lines().count(), 1, "{listed}");
    assert!(listed.contains("plakat.p01: 3.1"), "{listed}");
}

/// Service areas stand between the units and the municipality. Seven units
/// in three areas, k = 5: D (3), F (3) and G (4) are hidden, 10 together.
/// Oppvekst (A 8, B 9) hides nothing and is shown; Kultur (C 7, D 3, F 3)
/// hides 6, but showing it would leave G's 4 alone as the rest of the
/// hidden units, so it is hidden too; Helse (G 4, H 6) would give G.
#[test]
fn service_areas_are_shown_only_where_no_small_group_can_be_derived() {
    let env = TestEnv::new();
    let round = ROUND_FILE.replace(
        r#"units = ["Kulturskolen", { name = "Plan, miljø og landbruk", invited = 12 }, "Solvik barneskole"]"#,
        r#"units = [
  { name = "A", area = "Oppvekst" }, { name = "B", area = "Oppvekst" },
  { name = "C", area = "Kultur" }, { name = "D", area = "Kultur" },
  { name = "G", area = "Helse" }, { name = "H", area = "Helse" },
]"#,
    );
    std::fs::write(env.path("round.toml"), round).unwrap();
    env.ok(&["round", "create", "2026", "--file", "round.toml"]);
    let sizes = [("A", 8), ("B", 9), ("C", 2), ("D", 1), ("G", 4), ("H", 6)];
    let mut rows = String::from("round,unit,role,plakat.p01\n");
    // The oracle: the plain mean of Oppvekst's answers.
    let (mut sum, mut n) = (0, 0);
    for (u, size) in sizes {
        for i in 0..size {
            let answer = (i * 7 + u.len() + u.as_bytes()[0] as usize) % 5 + 1;
            rows.push_str(&format!("2026,{u},ansatt,{answer}\n"));
            if u == "A" || u == "B" {
                sum += answer;
                n += 1;
            }
        }
    }
    std::fs::write(env.path("d.csv"), &rows).unwrap();
    env.ok(&["import", "d.csv"]);
    let a = &report_json(&env, &[])["analysis"];
    let areas = a["by_area"].as_array().unwrap();
    let names: Vec<&str> = areas.iter().map(|b| b["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Helse", "Kultur", "Oppvekst"]);
    let oppvekst = &areas[2];
    assert_eq!(oppvekst["members"], serde_json::json!(["A", "B"]));
    assert_eq!(oppvekst["respondents"], 17);
    let p01 = &oppvekst["statements"][0];
    assert_eq!(p01["n"], n);
    let mean = p01["mean"].as_f64().unwrap();
    assert!((mean - sum as f64 / n as f64).abs() < 1e-9, "{mean}");
    // Kultur holds 3: too few. Helse (10) is hidden with it, as the first
    // in the round's order (no number invited is known, so by name), not
    // as the smallest; under Oppvekst, A and B are both shown.
    for hidden in &areas[..2] {
        assert_eq!(hidden["respondents"]["hidden"], true, "{}", hidden["name"]);
        assert_eq!(hidden["statements"][0]["hidden"], true);
    }
    // The leader report has an overview and a section per area; a hidden
    // area says in words why; the summary has the areas' table.
    env.ok(&["report", "--out", "leader.html"]);
    let leader = std::fs::read_to_string(env.path("leader.html")).unwrap();
    let doc = html(&leader);
    let text = |r: &scraper::ElementRef| r.text().collect::<String>().replace('\n', "");
    let overview: Vec<String> = select(&doc, "table.overview.areas tbody tr")
        .iter()
        .map(text)
        .collect();
    assert_eq!(overview.len(), 3, "{overview:?}");
    assert!(overview[2].starts_with("Oppvekst17"), "{overview:?}");
    assert_eq!(overview[0], "Helseskjult", "{overview:?}");
    let kultur: String = select(&doc, "#omrade-2")
        .iter()
        .flat_map(|s| s.text())
        .collect();
    assert!(
        kultur.contains("Enheter: C, D.")
            && kultur.contains("kunne de avsløre svarene i en liten gruppe"),
        "{kultur}"
    );
    env.ok(&["report", "--kind", "summary", "--out", "summary.html"]);
    let summary = std::fs::read_to_string(env.path("summary.html")).unwrap();
    let doc = html(&summary);
    let rows: Vec<String> = select(&doc, "table.areas tbody tr")
        .iter()
        .map(text)
        .collect();
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert!(rows[2].starts_with("Oppvekst17"), "{rows:?}");
    // A unit's report sets the unit beside its area and the municipality.
    env.ok(&[
        "report",
        "--kind",
        "unit",
        "--unit",
        "A",
        "--out",
        "unit.html",
    ]);
    let unit = std::fs::read_to_string(env.path("unit.html")).unwrap();
    assert!(
        unit.contains("A hører til tjenesteområdet Oppvekst"),
        "{unit}"
    );
    let doc = html(&unit);
    let heads: Vec<String> = select(&doc, "thead th")
        .iter()
        .map(|h| h.text().collect())
        .collect();
    assert!(heads.contains(&"Oppvekst".to_string()), "{heads:?}");
    let area_mean = format!("{:.2}", sum as f64 / n as f64).replace('.', ",");
    let first_row: String = select(&doc, "tbody tr")[0].text().collect();
    assert!(first_row.contains(&area_mean), "{area_mean} in {first_row}");
}

/// "Vi samarbeider ikke med denne parten" is an answer of its own: kept
/// apart from the steps, from "vet ikke" and from a blank. It is in no n,
/// step share or mean; it is counted as a share of the respondents,
/// wherever they are shown (and hidden with them); from the store's kept
/// counts and from a file alike; and a goal cannot be given it.
#[test]
fn no_collaboration_is_counted_apart_from_the_steps() {
    const APART: &str = "samarbeider ikke";
    // (unit, skole now) per respondent; "" is a blank.
    let people: Vec<(&str, &str)> = [
        (
            "Kulturskolen",
            ["2", "3", APART, "Samarbeider ikkje", "vet ikke", "", "4"].as_slice(),
        ),
        (
            "Plan, miljø og landbruk",
            ["1", "1", "2", APART, "4"].as_slice(),
        ),
        (
            "Solvik barneskole",
            [APART, APART, APART, APART, "3"].as_slice(),
        ),
    ]
    .iter()
    .flat_map(|(unit, nows)| nows.iter().map(move |now| (*unit, *now)))
    .collect();
    // The oracle, plainly: per unit, respondents, "samarbeider ikke", and
    // the steps given.
    let oracle = |unit: Option<&str>| {
        let mine: Vec<&str> = people
            .iter()
            .filter(|(u, _)| unit.is_none_or(|x| x == *u))
            .map(|(_, now)| *now)
            .collect();
        let apart = mine
            .iter()
            .filter(|n| n.to_lowercase().starts_with("samarbeider"))
            .count() as u64;
        let steps: Vec<f64> = mine.iter().filter_map(|n| n.parse().ok()).collect();
        let mean = steps.iter().sum::<f64>() / steps.len() as f64;
        (mine.len() as u64, apart, steps.len() as u64, mean)
    };
    let mut csv = String::from("round,unit,role,trapp.skole.now,trapp.skole.goal\n");
    for (unit, now) in &people {
        csv.push_str(&format!("2026,\"{unit}\",ansatt,{now},3\n"));
    }
    let env = TestEnv::new();
    env.open_round();
    std::fs::write(env.path("svar.csv"), &csv).unwrap();
    env.ok(&["import", "svar.csv"]);
    env.ok(&["round", "close", "2026"]);
    std::fs::write(env.path("svar-fil.csv"), &csv).unwrap();

    let check = |a: &Value, source: &str| {
        let (n, apart, steps, mean) = oracle(None);
        let r = &a["relations"][0];
        assert_eq!(r["key"], "skole");
        assert_eq!(r["apart"]["n"], apart, "{source}: {r}");
        assert_eq!(r["apart"]["of"], n, "{source}");
        assert!(close(
            r["apart"]["pct"].as_f64().unwrap(),
            100.0 * apart as f64 / n as f64
        ));
        assert_eq!(r["stats"]["n"], steps, "{source}: not in n");
        assert!(
            close(r["stats"]["mean_now"].as_f64().unwrap(), mean),
            "{source}"
        );
        assert_eq!(a["any_apart"], true);
        for b in a["by_unit"].as_array().unwrap() {
            let unit = b["name"].as_str().unwrap();
            let (n, apart, steps, mean) = oracle(Some(unit));
            let (cell, stair) = (&b["apart"][0], &b["stair"][0]);
            if b["respondents"].get("hidden").is_some() {
                assert!(cell.get("hidden").is_some(), "{source} {unit}: {cell}");
                continue;
            }
            assert_eq!(cell["n"], apart, "{source} {unit}");
            assert_eq!(cell["of"], n, "{source} {unit}");
            if stair.get("hidden").is_none() {
                assert_eq!(stair["n"], steps, "{source} {unit}");
                assert!(close(stair["mean_now"].as_f64().unwrap(), mean));
                let counted: u64 = stair["counts"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c.as_u64().unwrap())
                    .sum();
                assert_eq!(counted, steps, "{source} {unit}: in no step");
            }
        }
    };
    let from_store = report_json(&env, &["--round", "2026"]);
    check(&from_store["analysis"], "store");
    let from_file = report_json(&env, &["--csv", "svar-fil.csv", "--round", "2026"]);
    check(&from_file["analysis"], "file");
    // Solvik barneskole: 4 of 5 do not work with the school. Its current
    // step rests on one answer and is hidden, but the count is shown
    // with its respondents.
    let school = &from_store["analysis"]["by_unit"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["name"] == "Solvik barneskole")
        .unwrap()
        .clone();
    assert_eq!(school["apart"][0]["n"], 4, "{school}");
    assert!(school["stair"][0].get("hidden").is_some(), "{school}");

    // With a k above a unit's respondents, its count goes with them.
    let strict = report_json(&env, &["--round", "2026", "--min-n", "6"]);
    check(&strict["analysis"], "k = 6");
    let hidden = strict["analysis"]["by_unit"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["apart"][0].get("hidden").is_some())
        .count();
    assert!(hidden >= 2, "{}", strict["analysis"]["by_unit"]);

    // The page says it in words, apart from n.
    env.ok(&["report", "--round", "2026", "--out", "r.html"]);
    let page = std::fs::read_to_string(env.path("r.html")).unwrap();
    assert!(page.contains(">Samarbeider ikke</th>"), "column");
    assert!(page.contains("4 (80 %)"), "Solvik barneskole's share");
    assert!(page.contains("De er ikke med i n"), "the note");

    // The export writes it back as the word, and only the current step
    // takes it.
    let rows = env.export_rows("2026");
    let apart_rows = rows
        .iter()
        .filter(|r| cell(r, "trapp.skole.now") == APART)
        .count();
    assert_eq!(apart_rows as u64, oracle(None).1);
    std::fs::write(
        env.path("feil.csv"),
        "round,unit,role,trapp.skole.now,trapp.skole.goal\n2026,Kulturskolen,ansatt,2,samarbeider ikke\n",
    )
    .unwrap();
    let out = env.run(&["import", "feil.csv"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("trapp.skole.goal") && err.contains("ikke har «samarbeider ikke»"),
        "{err}"
    );
}

/// Every unit report opens with "Kort fortalt": the unit's highest and
/// lowest statements by their short titles, where it stands with each
/// partner in the steps' names, and what changed, named only where the
/// change is meaningful; a small unit is told how large a change must be
/// to be seen. Checked against the figures of the report's own JSON,
/// worked out plainly here.
#[test]
fn a_unit_report_says_in_plain_words_what_its_figures_show() {
    let env = TestEnv::new();
    env.ok(&["demo"]);
    let a = report_json(&env, &["--round", "2025", "--compare", "2024"])["analysis"].clone();
    let steps: Vec<String> = a["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    let place = |mean: f64| -> String {
        let near = mean.round();
        if (mean - near).abs() <= 0.25 {
            format!("på «{}»", steps[near as usize - 1])
        } else {
            format!(
                "mellom «{}» og «{}»",
                steps[mean.floor() as usize - 1],
                steps[mean.ceil() as usize - 1]
            )
        }
    };
    let shown = |v: &Value| v.is_object() && v.get("hidden").is_none();
    let mut checked = 0;
    for b in a["by_unit"].as_array().unwrap() {
        let unit = b["name"].as_str().unwrap();
        if !b["respondents"].is_u64() {
            continue;
        }
        env.ok(&[
            "report",
            "--round",
            "2025",
            "--compare",
            "2024",
            "--kind",
            "unit",
            "--unit",
            unit,
            "--out",
            "u.html",
        ]);
        let page = std::fs::read_to_string(env.path("u.html")).unwrap();
        let brief = page
            .split("<h2>Kort fortalt</h2>")
            .nth(1)
            .and_then(|rest| rest.split("</ul>").next())
            .unwrap_or_else(|| panic!("{unit}: no «Kort fortalt»"));
        // Highest and lowest mean, by short title.
        let means: Vec<(f64, &str)> = b["statements"]
            .as_array()
            .unwrap()
            .iter()
            .zip(a["statements"].as_array().unwrap())
            .filter(|(c, _)| shown(c))
            .map(|(c, s)| (c["mean"].as_f64().unwrap(), s["short"].as_str().unwrap()))
            .collect();
        let top = means.iter().map(|m| m.0).fold(f64::MIN, f64::max);
        let bottom = means.iter().map(|m| m.0).fold(f64::MAX, f64::min);
        if means.len() > 1 && top > bottom {
            let line = brief.split("Høyest gjennomsnitt: «").nth(1).unwrap();
            let named = line.split('»').next().unwrap();
            assert!(
                means.iter().any(|(m, s)| *m == top && *s == named),
                "{unit}: «{named}» is not the highest ({means:?})"
            );
            let line = brief.split("Lavest gjennomsnitt: «").nth(1).unwrap();
            let named = line.split('»').next().unwrap();
            assert!(
                means.iter().any(|(m, s)| *m == bottom && *s == named),
                "{unit}: «{named}» is not the lowest"
            );
        }
        // Each partner whose step is shown, in the steps' names.
        for (c, r) in b["stair"]
            .as_array()
            .unwrap()
            .iter()
            .zip(a["relations"].as_array().unwrap())
        {
            if shown(c) {
                let label = r["label"].as_str().unwrap().to_string();
                let partner = if label.chars().nth(1).is_some_and(char::is_uppercase) {
                    label
                } else {
                    label.to_lowercase()
                };
                // "Samarbeidet med skole og SFO ligger på «…»."
                let tail = format!("ligger {}.", place(c["mean_now"].as_f64().unwrap()));
                let named = brief
                    .split("<li>")
                    .filter(|li| li.starts_with("Samarbeidet med") && li.contains(&tail))
                    .any(|li| {
                        li.split(" ligger").next().unwrap()["Samarbeidet med ".len()..]
                            .split([',', ' '])
                            .any(|w| w == partner)
                    });
                assert!(named, "{unit}: {partner} {tail} in {brief}");
            }
        }
        // Changes: named only where meaningful; if none, it says so.
        let changes: Vec<&Value> = b["changes"]
            .as_array()
            .unwrap()
            .iter()
            .chain(b["stair_changes"].as_array().unwrap())
            .filter(|c| c.is_object())
            .collect();
        let meaningful = changes.iter().filter(|c| c["meaningful"] == true).count();
        assert_eq!(
            brief.contains("Ingen endring siden 2024"),
            !changes.is_empty() && meaningful == 0,
            "{unit}: {brief}"
        );
        let n = b["respondents"].as_u64().unwrap();
        if !changes.is_empty() && n < 30 {
            let mut widths: Vec<f64> = changes
                .iter()
                .map(|c| (c["high"].as_f64().unwrap() - c["low"].as_f64().unwrap()) / 2.0)
                .collect();
            widths.sort_by(f64::total_cmp);
            let size = format!("{:.1}", widths[widths.len() / 2]).replace('.', ",");
            let want = format!("Med {n} svar må en endring være større enn omtrent {size}");
            assert!(brief.contains(&want), "{unit}: {want} in {brief}");
        }
        // No jargon in the brief.
        for word in ["KI", "Welch", "Std", "trinn 2,", "trinn 3,"] {
            assert!(!brief.contains(word), "{unit}: «{word}» in {brief}");
        }
        // Nor in the report's body: intervals and method stay in the
        // colophon; a change too small to tell from chance says so.
        let body = page.split("class=\"method\"").next().unwrap();
        for word in ["KI", "Welch", "Std.avv", "[+", "[−", "[-"] {
            assert!(!body.contains(word), "{unit}: «{word}» in the body");
        }
        let uncertain = changes.iter().filter(|c| c["meaningful"] == false).count();
        assert!(
            uncertain == 0 || body.contains("kan være tilfeldig"),
            "{unit}: {uncertain} changes not marked"
        );
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} unit reports");
}

/// Words that tell the truth (issue 27): a partner a unit is never asked
/// about is "not asked", not hidden; the lowest mean is named as such, not
/// as the least agreement; nynorsk counts agree with any number.
#[test]
fn reports_say_what_is_so_in_plain_words() {
    let env = TestEnv::new();
    env.ok(&["demo"]);
    // Kulturskolen does not rate the culture school: it was not asked.
    env.ok(&[
        "report",
        "--round",
        "2025",
        "--kind",
        "unit",
        "--unit",
        "Kulturskolen",
        "--out",
        "u.html",
    ]);
    let page = std::fs::read_to_string(env.path("u.html")).unwrap();
    let row = page
        .split("<tr>")
        .find(|r| r.contains("<th scope=\"row\">Kulturskole</th>"))
        .expect("the culture school's row");
    assert!(row.contains("Ikke spurt"), "{row}");
    assert!(!row.contains("class=\"hid\""), "{row}");
    env.ok(&["report", "--round", "2025", "--out", "l.html"]);
    let leader = std::fs::read_to_string(env.path("l.html")).unwrap();
    let section = leader
        .split("<section class=\"unit\"")
        .find(|s| s.contains("<h3>Kulturskolen</h3>"))
        .unwrap();
    assert!(
        section.contains("Ikke spurt"),
        "the leader report's section too"
    );
    // The lowest mean is not "the least agreement".
    env.ok(&[
        "report", "--round", "2025", "--kind", "summary", "--out", "s.html",
    ]);
    let summary = std::fs::read_to_string(env.path("s.html")).unwrap();
    assert!(!summary.contains("Minst enighet"), "{summary}");
    assert!(summary.contains("Lavest gjennomsnitt"), "{summary}");
    // Nynorsk: "1 planlagde" does not agree; a form for any number does.
    env.ok(&[
        "report", "--round", "2025", "--kind", "learning", "--lang", "nn", "--out", "n.html",
    ]);
    let learning = std::fs::read_to_string(env.path("n.html")).unwrap();
    assert!(learning.contains(" tiltak: "), "the counts are there");
    for word in ["planlagde", "gjennomførte"] {
        assert!(!learning.contains(word), "«{word}» in the nynorsk counts");
    }
}

/// A round made for next year and never opened is no reading for a leader:
/// not listed among the reports, and its report says it has no answers
/// yet, with no claim of change (issue 27).
#[tokio::test]
async fn a_round_without_answers_is_said_to_have_none_and_claims_no_change() {
    let env = TestEnv::new();
    env.ok(&["demo"]);
    std::fs::write(env.path("r.toml"), ROUND_FILE).unwrap();
    env.ok(&["round", "create", "2027", "--file", "r.toml"]);
    env.ok(&[
        "report",
        "--round",
        "2027",
        "--compare",
        "2026",
        "--kind",
        "summary",
        "--live",
        "--out",
        "s.html",
    ]);
    let page = std::fs::read_to_string(env.path("s.html")).unwrap();
    assert!(page.contains("Runden 2027 har ingen svar ennå"), "{page}");
    for claim in ["For få svarte", "Ingen av utsagnene har endret seg"] {
        assert!(!page.contains(claim), "«{claim}» in {page}");
    }
    let server = env.spawn_server();
    let leader = client();
    let password = env.add_user("leder", "leader", &["Kulturskolen"]);
    login(&leader, &server, "leder", &password).await;
    let list = get_text(&leader, &server, "/rapporter").await;
    assert!(list.contains("2025"), "{list}");
    assert!(!list.contains("2027"), "a round never opened: {list}");
    let admin = client();
    login_admin(&admin, &server).await;
    let list = get_text(&admin, &server, "/rapporter").await;
    assert!(list.contains("2027"), "the administrator sees every round");
}

/// The summary names the measures it counts, with where each stands, so a
/// politician reads what was done, not only how many (issue 27).
#[test]
fn the_summary_names_the_measures_it_counts() {
    let env = TestEnv::new();
    env.ok(&["demo"]);
    let json = report_json(&env, &["--round", "2025", "--kind", "summary"]);
    let mut measures: Vec<(String, String)> = Vec::new();
    for r in json["follow_up"]["reviewed"].as_array().unwrap() {
        for x in r["area"]["measures"].as_array().unwrap() {
            measures.push((
                x["what"].as_str().unwrap().to_string(),
                x["status"].as_str().unwrap().to_string(),
            ));
        }
    }
    assert!(!measures.is_empty(), "the demo reviews measures in 2025");
    env.ok(&[
        "report", "--round", "2025", "--kind", "summary", "--out", "s.html",
    ]);
    let page = std::fs::read_to_string(env.path("s.html")).unwrap();
    let word = |status: &str| match status {
        "done" => "gjennomført",
        "under_way" => "i gang",
        "planned" => "planlagt",
        _ => "droppet",
    };
    for (what, status) in measures.iter().take(6) {
        let named = format!("«{what}» ({})", word(status));
        assert!(page.contains(&named), "{named} in the summary");
    }
}
