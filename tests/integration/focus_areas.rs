//! The municipality's focus areas (issue 27.6, seed 004): named in the
//! poster's definition and tied to its statements, checked by `trappa
//! check`, and shown in the leader report and the summary as the mean of
//! their statements' means, under the disclosure rule.

use std::collections::HashMap;

use serde_json::Value;

use crate::helpers::*;

/// Each statement's mean in `round` for `unit` (all units: `None`), from
/// the exported answers: the oracle, written plainly here.
fn means_from_export(env: &TestEnv, round: &str, unit: Option<&str>) -> HashMap<String, f64> {
    env.ok(&["export", "--round", round, "--out", "e.csv"]);
    let mut file = csv::Reader::from_path(env.path("e.csv")).unwrap();
    let headers = file.headers().unwrap().clone();
    let mut sums: HashMap<String, (f64, f64)> = HashMap::new();
    for row in file.records() {
        let row = row.unwrap();
        if unit.is_some_and(|u| &row[1] != u) {
            continue;
        }
        for (column, value) in headers.iter().zip(row.iter()) {
            if let (true, Ok(v)) = (column.starts_with("plakat."), value.parse::<f64>()) {
                let e = sums.entry(column.to_string()).or_default();
                e.0 += v;
                e.1 += 1.0;
            }
        }
    }
    sums.into_iter().map(|(c, (s, n))| (c, s / n)).collect()
}

fn report_json(env: &TestEnv, args: &[&str]) -> Value {
    let mut all = vec!["report", "--format", "json", "--out", "r.json"];
    all.extend_from_slice(args);
    env.ok(&all);
    serde_json::from_str(&std::fs::read_to_string(env.path("r.json")).unwrap()).unwrap()
}

#[test]
fn focus_areas_are_the_mean_of_their_statements_and_named_in_the_reports() {
    let env = TestEnv::new();
    env.ok(&["demo"]);
    let a = report_json(&env, &["--round", "2025", "--compare", "2024"])["analysis"].clone();
    let areas = a["focus_areas"]
        .as_array()
        .expect("the demo names focus areas");
    assert_eq!(areas.len(), 3);
    let all = means_from_export(&env, "2025", None);
    let before = means_from_export(&env, "2024", None);
    let mean_of = |means: &HashMap<String, f64>, columns: &Value| -> f64 {
        let columns = columns.as_array().unwrap();
        columns
            .iter()
            .map(|c| means[c.as_str().unwrap()])
            .sum::<f64>()
            / columns.len() as f64
    };
    for area in areas {
        let want = mean_of(&all, &area["columns"]);
        let got = area["mean"].as_f64().unwrap();
        assert!(
            (want - got).abs() < 1e-9,
            "{}: {got} vs {want}",
            area["name"]
        );
        let want = mean_of(&before, &area["columns"]);
        let got = area["previous"].as_f64().unwrap();
        assert!((want - got).abs() < 1e-9, "{} in 2024", area["name"]);
    }
    // Each unit's: shown only where each of its statements is, and then
    // the mean of the unit's own answers' means.
    let mut shown_units = 0;
    for b in a["by_unit"].as_array().unwrap() {
        let unit = b["name"].as_str().unwrap();
        let own = means_from_export(&env, "2025", Some(unit));
        for (f, area) in areas.iter().enumerate() {
            let cells: Vec<&Value> = area["columns"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| {
                    let i = a["statements"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .position(|s| s["column"] == *c)
                        .unwrap();
                    &b["statements"][i]
                })
                .collect();
            let all_shown = cells.iter().all(|c| c.get("mean").is_some());
            match b["focus"][f].as_f64() {
                Some(got) => {
                    assert!(all_shown, "{unit}: shown over a hidden statement");
                    let want = mean_of(&own, &area["columns"]);
                    assert!((want - got).abs() < 1e-9, "{unit}: {got} vs {want}");
                    shown_units += 1;
                }
                None => assert!(!all_shown, "{unit}: hidden though every statement is shown"),
            }
        }
    }
    assert!(shown_units > 5, "only {shown_units} unit figures shown");

    // The summary says them in a sentence, in each language; the leader
    // report has them per unit.
    env.ok(&[
        "report", "--round", "2025", "--kind", "summary", "--out", "s.html",
    ]);
    let page = std::fs::read_to_string(env.path("s.html")).unwrap();
    let first = &areas[0];
    let mean = format!("{:.2}", first["mean"].as_f64().unwrap()).replace('.', ",");
    assert!(page.contains("Satsingsområdene i innovasjonsstrategien"));
    assert!(
        page.contains(&format!("{} {mean}", first["name"].as_str().unwrap())),
        "{mean}"
    );
    env.ok(&[
        "report", "--round", "2025", "--kind", "summary", "--lang", "en", "--out", "en.html",
    ]);
    let en = std::fs::read_to_string(env.path("en.html")).unwrap();
    assert!(
        en.contains("Co-creation and involvement") && en.contains("Fact-based quality development")
    );
    env.ok(&[
        "report", "--round", "2025", "--kind", "leader", "--out", "l.html",
    ]);
    let leader = std::fs::read_to_string(env.path("l.html")).unwrap();
    assert!(leader.contains("Satsingsområdene per enhet 2025"));
    assert!(leader.contains("Utvikling og kompetansebygging"));
}

#[test]
fn check_names_a_focus_area_tied_to_a_statement_that_does_not_exist() {
    let env = TestEnv::new();
    let poster = trappa::survey::Library::builtin()
        .get("innovasjonsplakaten")
        .unwrap()
        .source
        .clone();
    let at = poster.find("\n[nn]").unwrap();
    let mut bad = poster.clone();
    bad.insert_str(
        at,
        "\n[[focus_area]]\nname = \"Digitalt førstevalg\"\nstatements = [\"p08\", \"p12\"]\n",
    );
    let dir = env.path("surveys");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("innovasjonsplakaten.toml"), &bad).unwrap();
    let out = env.run(&["check", dir.to_str().unwrap()]);
    assert!(!out.status.success());
    let said =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    let line = bad[..bad.find("statements = [\"p08\"").unwrap()]
        .lines()
        .count()
        + 1;
    assert!(
        said.contains(&format!("innovasjonsplakaten.toml:{line}"))
            && said.contains(
                "satsingsområdet «Digitalt førstevalg» viser til utsagnet «p12», som ikke finnes"
            ),
        "{said}"
    );
    // Right, it passes.
    let mut good = poster.clone();
    good.insert_str(
        at,
        "\n[[focus_area]]\nname = \"Digitalt førstevalg\"\nstatements = [\"p08\"]\n",
    );
    std::fs::write(dir.join("innovasjonsplakaten.toml"), &good).unwrap();
    let out = env.run(&["check", dir.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
