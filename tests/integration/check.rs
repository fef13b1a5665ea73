//! `trappa check`: every problem with file and line.

use crate::helpers::*;

#[test]
fn shipped_definitions_pass() {
    let env = TestEnv::new();
    let out = env.ok(&["check", concat!(env!("CARGO_MANIFEST_DIR"), "/surveys")]);
    assert!(
        out.contains("OK") && out.contains("4 definisjoner"),
        "{out}"
    );
    // Without a path and without ./surveys: the built-in ones.
    assert!(env.ok(&["check"]).contains("innebygde"));
    // Every shipped text has its nynorsk and English.
    let run = env.run(&["check", concat!(env!("CARGO_MANIFEST_DIR"), "/surveys")]);
    let warnings = String::from_utf8_lossy(&run.stderr);
    assert!(!warnings.contains("advarsel"), "{warnings}");
}

#[test]
fn missing_translations_are_warnings_not_errors() {
    let env = TestEnv::new();
    let dir = env.path("defs");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("ny.toml"),
        "id = \"ny\"\ntitle = \"Ny\"\n\n[[question]]\nid = \"k\"\ntype = \"text\"\ntext = \"Hei?\"\n\n[en]\n\"Ny\" = \"New\"\n\"Borte\" = \"Gone\"\n",
    )
    .unwrap();
    let run = env.run(&["check", dir.to_str().unwrap()]);
    assert!(run.status.success());
    let warnings = String::from_utf8_lossy(&run.stderr);
    assert!(
        warnings.contains("2 av 2 tekster mangler på nynorsk"),
        "{warnings}"
    );
    assert!(
        warnings.contains("1 av 2 tekster mangler på engelsk"),
        "{warnings}"
    );
    assert!(warnings.contains("«Borte»"), "{warnings}");
}

#[test]
fn broken_definitions_are_named_with_file_and_line() {
    let env = TestEnv::new();
    let dir = env.path("surveys");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("a.toml"),
        r#"id = "a"
prefix = "a"
title = "A"

[scale.s]
min = 1
max = 5
labels = ["1", "2", "3"]

[[question]]
id = "q1"
type = "scale"
scale = "s"
text = "?"

[[question]]
id = "q1"
type = "choice"
text = "?"
options = [{ key = "ja", label = "Ja" }, { key = "nei", label = "Nei" }]
"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("b.toml"),
        "id = \"b\"\ntitle = \"B\"\n\n[[question]]\nid = \"x\"\ntype = \"text\"\ntekst = \"?\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("c.toml"), "id = \"c\"\ntitle = \"C\"\n[[question]]\nid = \"x\"\ntype = \"scale\"\nscale = \"ukjent\"\ntext = \"?\"\n").unwrap();
    let out = env.run(&["check"]);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8(out.stderr).unwrap();
    let has = |needle: &str| err.lines().any(|l| l.contains(needle));
    assert!(
        has("surveys/a.toml:8: skala «s» har 5 punkter (1–5) men 3 etiketter"),
        "{err}"
    );
    assert!(
        has("surveys/a.toml:17: spørsmåls-id «q1» er brukt før"),
        "{err}"
    );
    assert!(has("surveys/b.toml:7:") && has("tekst"), "{err}");
    assert!(
        has("surveys/c.toml:6:") && has("«ukjent» er ikke definert"),
        "{err}"
    );
    assert!(err.contains("4 feil"), "{err}");

    // A server or round command refuses to use broken definitions.
    let out = env.run(&["round", "list"]);
    assert!(out.status.success(), "listing does not need definitions");
    std::fs::write(env.path("r.toml"), ROUND_FILE).unwrap();
    let out = env.run(&["round", "create", "2026", "--file", "r.toml"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("trappa check"));
}

#[test]
fn round_file_problems_are_named() {
    let env = TestEnv::new();
    std::fs::write(
        env.path("r.toml"),
        ROUND_FILE.replace("relations", "relasjoner"),
    )
    .unwrap();
    let out = env.run(&["round", "create", "2026", "--file", "r.toml"]);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("r.toml:5:") && err.contains("relasjoner"),
        "{err}"
    );
    std::fs::write(env.path("r.toml"), ROUND_FILE).unwrap();
    env.ok(&["round", "create", "2026", "--file", "r.toml"]);
    let out = env.run(&["round", "create", "2026", "--file", "r.toml"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("finnes allerede"));
    let out = env.ok(&["round", "create", "2027", "--like", "2026"]);
    assert!(
        out.contains("Runde 2027 opprettet (3 enheter, 2 samarbeidspartnere, ikke åpnet ennå)"),
        "{out}"
    );
}
