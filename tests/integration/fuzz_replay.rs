//! Replays the fuzzers' kept corpora (tests/fuzz/corpus/TARGET/) through
//! the same surfaces the fuzz targets drive: every input that ever found a
//! new path still ends in an answer or an error, never a panic or a 500.

#[path = "../fuzz/surfaces.rs"]
mod surfaces;

use std::path::Path;

fn replay(target: &str, surface: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz/corpus")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no corpus for {target}");
    for file in &files {
        let data = std::fs::read(file).unwrap();
        let outcome = std::panic::catch_unwind(|| surface(&data));
        assert!(outcome.is_ok(), "{target}: {} panics", file.display());
    }
    eprintln!("fuzz corpus {target}: {} inputs replayed", files.len());
}

#[test]
fn survey_definitions() {
    replay("definition", surfaces::definition);
}

#[test]
fn round_files() {
    replay("round_file", surfaces::round_file);
}

#[test]
fn form_posts() {
    replay("form_post", surfaces::form_post);
}

#[test]
fn csv_imports() {
    replay("csv_import", surfaces::csv_import);
}

#[test]
fn csv_reports() {
    replay("csv_report", surfaces::csv_report);
}

#[test]
fn addresses_and_query_strings() {
    replay("http", surfaces::http);
}

#[test]
fn sheets_files() {
    replay("sheets_csv", surfaces::sheets_csv);
}
