//! The unit's meeting kit (issue 27, seed 002): its results under the
//! disclosure rule, last year's measures with the overdue ones marked, the
//! preparation task, the stair questions, the learning-meeting checklist
//! and a blank action sheet; for one unit or all, on the command line and
//! the web, in three languages, at most four A4 pages a unit.

use std::process::Command;

use scraper::{Html, Selector};
use serde_json::Value;

use crate::helpers::*;

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn analysis(env: &TestEnv) -> Value {
    env.ok(&[
        "report", "--round", "2025", "--format", "json", "--out", "a.json",
    ]);
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(env.path("a.json")).unwrap()).unwrap();
    json["analysis"].clone()
}

/// "3,83": a mean as the reports print it, a half rounded up (3,125 is
/// "3,13").
fn dec(x: f64) -> String {
    format!("{:.2}", (x * 100.0).round() / 100.0).replace('.', ",")
}

fn kit(env: &TestEnv, unit: Option<&str>, lang: &str) -> Html {
    let mut args = vec![
        "report", "--round", "2025", "--kind", "meeting", "--lang", lang, "--out", "k.html",
    ];
    if let Some(unit) = unit {
        args.extend(["--unit", unit]);
    }
    env.ok(&args);
    Html::parse_document(&std::fs::read_to_string(env.path("k.html")).unwrap())
}

/// Measures chosen after `rounds` for `unit` or the whole municipality
/// that are past their deadline and neither done nor dropped, from the
/// areas' own export (the oracle of the overdue marks).
fn overdue_measures(env: &TestEnv, rounds: &[&str], unit: &str) -> usize {
    let today = time::OffsetDateTime::now_utc().date().to_string();
    let mut overdue = 0;
    for round in rounds {
        env.ok(&["areas", "export", "--round", round, "--out", "areas.csv"]);
        let mut file = csv::Reader::from_path(env.path("areas.csv")).unwrap();
        let headers = file.headers().unwrap().clone();
        let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
        for row in file.records() {
            let row = row.unwrap();
            let for_us = row[col("unit")].is_empty() || &row[col("unit")] == unit;
            let open = matches!(&row[col("status")], "planned" | "under_way");
            let deadline = &row[col("deadline")];
            if for_us && open && !deadline.is_empty() && deadline < today.as_str() {
                overdue += 1;
            }
        }
    }
    overdue
}

#[test]
fn a_units_meeting_kit_holds_its_results_its_measures_and_the_sheets() {
    let env = TestEnv::new();
    env.ok(&["demo"]);
    let a = analysis(&env);
    let blocks = a["by_unit"].as_array().unwrap();
    let shown = |v: &Value| v.is_object() && v.get("hidden").is_none();
    let unit = "Kulturskolen";
    let b = blocks.iter().find(|b| b["name"] == unit).unwrap();
    assert!(b["respondents"].is_u64(), "the demo shows {unit}");

    let page = kit(&env, Some(unit), "nb");
    let text: String = page.root_element().text().collect();
    let kits: Vec<_> = page.select(&sel("article.kit")).collect();
    assert_eq!(kits.len(), 1);
    assert!(text.contains(&format!("Resultatmøte i {unit} – 2025")));
    assert!(text.contains("Kort fortalt"));
    // The unit's own charts, and every shown mean of the unit in its table.
    assert!(
        page.select(&sel("svg[aria-labelledby^=plakat0]"))
            .next()
            .is_some(),
        "poster chart"
    );
    assert!(
        page.select(&sel("svg[aria-labelledby^=trapp0]"))
            .next()
            .is_some(),
        "stair chart"
    );
    let table: String = page
        .select(&sel("article.kit table"))
        .next()
        .unwrap()
        .text()
        .collect();
    for (i, c) in b["statements"].as_array().unwrap().iter().enumerate() {
        if shown(c) {
            let mean = dec(c["mean"].as_f64().unwrap());
            assert!(table.contains(&mean), "statement {i}: {mean} in {table}");
        }
    }
    // Last year's measures and this year's, the overdue ones marked.
    let marked = page.select(&sel("article.kit .overdue")).count();
    assert_eq!(marked, overdue_measures(&env, &["2024", "2025"], unit));
    assert!(marked > 0, "the demo has overdue measures");
    // The preparation task (seed 002) and the stair questions (seed 001).
    for words in [
        "Trekk fram to utsagn eller partnere",
        "Velg ut ett utsagn eller én partner som utfordrer oss",
        "Hvordan opplever jeg at vi plasserer oss i samhandlingstrappen, og hvilke kjennetegn baserer jeg det på?",
        "Hva skal til for at vi flytter oss ett trinn opp",
    ] {
        assert!(text.contains(words), "{words}");
    }
    // The checklist of seed 002, one box a question, and an empty
    // "Hvem gjør hva når?" sheet.
    let checklist: Vec<String> = page
        .select(&sel("ul.checklist li"))
        .map(|li| li.text().collect())
        .collect();
    assert_eq!(checklist.len(), 9);
    assert_eq!(checklist[0], "Hva er formålet med møtet?");
    assert!(checklist[7].contains("Hvem gjør hva når?"));
    assert!(text.contains("Hvem gjør hva når?"));
    let blank: Vec<String> = page
        .select(&sel("table.blank tbody td"))
        .map(|td| td.text().collect())
        .collect();
    assert!(blank.len() >= 12 && blank.iter().all(|c| c.trim().is_empty()));

    // A unit whose figures are hidden: the kit says so and shows none.
    if let Some(hidden) = blocks.iter().find(|b| !b["respondents"].is_u64()) {
        let name = hidden["name"].as_str().unwrap();
        let page = kit(&env, Some(name), "nb");
        let text: String = page.root_element().text().collect();
        assert!(text.contains(&format!("For få svarte i {name}")), "{text}");
        assert!(page.select(&sel("svg.chart")).next().is_none());
        assert!(page.select(&sel("ul.checklist li")).count() == 9);
    }

    // Every unit at once: one kit per unit, each on a page of its own.
    let all = kit(&env, None, "nb");
    let headings: Vec<String> = all
        .select(&sel("article.kit h1"))
        .map(|h| h.text().collect())
        .collect();
    assert_eq!(headings.len(), blocks.len(), "{headings:?}");
    for b in blocks {
        let want = format!("Resultatmøte i {} – 2025", b["name"].as_str().unwrap());
        assert!(headings.contains(&want), "{want}");
    }
    assert_eq!(
        all.select(&sel("article.kit.section")).count(),
        blocks.len() - 1
    );

    // Nynorsk and English.
    let nn: String = kit(&env, Some(unit), "nn").root_element().text().collect();
    assert!(nn.contains("Kven gjer kva når?") && nn.contains("Førebuing til møtet"));
    let en: String = kit(&env, Some(unit), "en").root_element().text().collect();
    assert!(en.contains("Who does what, when?") && en.contains("Preparing for the meeting"));
    assert!(!en.contains("Hvem gjør"));
}

#[test]
fn a_meeting_kit_prints_to_at_most_four_pages_a_unit() {
    if !pdf_tools() {
        return;
    }
    let env = TestEnv::new();
    env.ok(&["demo"]);
    let a = analysis(&env);
    let units = a["by_unit"].as_array().unwrap().len();
    // Every unit's kit in one PDF: the pages on which each kit starts.
    for (lang, heading) in [("nb", "Resultatmøte i "), ("en", "Results meeting at ")] {
        env.ok(&[
            "report", "--round", "2025", "--kind", "meeting", "--lang", lang, "--pdf", "--out",
            "k.pdf",
        ]);
        let text = Command::new("pdftotext")
            .arg(env.path("k.pdf"))
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&text.stdout);
        let pages: Vec<&str> = text
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .collect();
        let starts: Vec<usize> = pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.contains(heading))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(starts.len(), units, "{lang}: a kit per unit");
        let mut ends = starts[1..].to_vec();
        ends.push(pages.len());
        let lengths: Vec<usize> = starts.iter().zip(&ends).map(|(s, e)| e - s).collect();
        assert!(
            lengths.iter().all(|n| (1..=4).contains(n)),
            "{lang}: pages per unit {lengths:?}"
        );
        eprintln!("{lang}: {} pages, per unit {lengths:?}", pages.len());
    }
}
