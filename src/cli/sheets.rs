//! `trappa sheets …`: the group-work sheets (Oppsummeringsark 1–3) on the
//! command line: list them, export them as CSV (one row per point), and
//! import sheets from such a file, all or nothing.

use std::path::PathBuf;

use anyhow::Context;
use clap::Subcommand;

use super::Exit;
use crate::config::Config;
use crate::i18n::Lang;
use crate::sheets::{Method, NewSheet, Section, Sheet, SheetItem, SheetKind, check_item};

#[derive(Debug, Subcommand)]
pub enum SheetsCommand {
    /// Vis gruppearkene for en runde, med punktene i rekkefølge
    List {
        /// Runden
        #[arg(long, value_name = "RUNDE")]
        round: String,
    },
    /// Skriv gruppearkene som CSV (én rad per punkt)
    Export {
        /// Runden
        #[arg(long, value_name = "RUNDE")]
        round: String,
        /// Filen det skrives til (uten --out: standard ut)
        #[arg(long, value_name = "FIL")]
        out: Option<PathBuf>,
    },
    /// Legg til gruppeark fra en CSV-fil (slik `export` skriver den), alt eller ingenting
    Import {
        /// CSV-filen
        #[arg(value_name = "FIL")]
        file: PathBuf,
    },
}

const HEADER: [&str; 8] = [
    "round", "unit", "kind", "title", "held_on", "method", "section", "text",
];

pub async fn run(config: &Config, command: SheetsCommand) -> anyhow::Result<Exit> {
    let store = config.open_store().await?;
    match command {
        SheetsCommand::List { round } => {
            if store.round(&round).await?.is_none() {
                anyhow::bail!("runden «{round}» finnes ikke");
            }
            let sheets = store.sheets(&round).await?;
            if sheets.is_empty() {
                println!("Ingen gruppeark er ført inn etter runde {round}.");
            }
            for s in sheets {
                println!(
                    "{} · {} · {} · {} {}",
                    s.title,
                    s.unit.as_deref().unwrap_or("hele kommunen"),
                    s.kind.key(),
                    s.method.key(),
                    s.held_on
                );
                for part in s.kind.sections() {
                    for (n, (_, item)) in s.section(*part).into_iter().enumerate() {
                        println!("  {} {}. {}", part.key(), n + 1, item.text);
                    }
                }
            }
            Ok(Exit::Ok)
        }
        SheetsCommand::Export { round, out } => {
            if store.round(&round).await?.is_none() {
                anyhow::bail!("runden «{round}» finnes ikke");
            }
            let sheets = store.sheets(&round).await?;
            let sink: Box<dyn std::io::Write> = match &out {
                Some(path) => Box::new(
                    std::fs::File::create(path)
                        .with_context(|| format!("kan ikke skrive {}", path.display()))?,
                ),
                None => Box::new(std::io::stdout()),
            };
            let mut w = csv::Writer::from_writer(sink);
            w.write_record(HEADER)?;
            let mut rows = 0;
            for s in &sheets {
                for part in s.kind.sections() {
                    for (_, item) in s.section(*part) {
                        w.write_record([
                            s.round.as_str(),
                            s.unit.as_deref().unwrap_or(""),
                            s.kind.key(),
                            &s.title,
                            &s.held_on,
                            s.method.key(),
                            part.key(),
                            &item.text,
                        ])?;
                        rows += 1;
                    }
                }
            }
            w.flush()?;
            if let Some(path) = out {
                eprintln!(
                    "Skrev {} gruppeark med {rows} punkter til {}.",
                    sheets.len(),
                    path.display()
                );
            }
            Ok(Exit::Ok)
        }
        SheetsCommand::Import { file } => {
            let input = std::fs::File::open(&file)
                .with_context(|| format!("kan ikke åpne {}", file.display()))?;
            let sheets = match read(input) {
                Ok(sheets) => sheets,
                Err(message) => {
                    eprintln!("{}: {message}", file.display());
                    println!("Ingenting er lagret.");
                    return Ok(Exit::Invalid);
                }
            };
            for s in &sheets {
                let Some(round) = store.round(&s.round).await? else {
                    eprintln!("{}: runden «{}» finnes ikke", file.display(), s.round);
                    println!("Ingenting er lagret.");
                    return Ok(Exit::Invalid);
                };
                if let Some(unit) = &s.unit
                    && !round.has_unit(unit)
                {
                    eprintln!(
                        "{}: runde {} har ingen enhet «{unit}»",
                        file.display(),
                        s.round
                    );
                    println!("Ingenting er lagret.");
                    return Ok(Exit::Invalid);
                }
            }
            let mut tx = store.begin_import().await?;
            let points: usize = sheets.iter().map(|s| s.items.len()).sum();
            for s in &sheets {
                tx.add_sheet(s).await?;
            }
            let detail = format!(
                "{} gruppeark med {points} punkter, fra kommandolinjen",
                sheets.len()
            );
            tx.add_audit(&crate::store::today(), "importerte gruppeark", &detail)
                .await?;
            tx.commit().await?;
            println!(
                "Importerte {} gruppeark med {points} punkter.",
                sheets.len()
            );
            Ok(Exit::Ok)
        }
    }
}

/// The sheets of a file as `export` writes it: consecutive rows with the
/// same round, unit, kind, title, date and method are one sheet. Every
/// problem names its row.
fn read(input: impl std::io::Read) -> Result<Vec<Sheet>, String> {
    let mut reader = csv::Reader::from_reader(input);
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    if headers.iter().collect::<Vec<_>>() != HEADER {
        return Err(format!(
            "overskriftene må være {} (har {})",
            HEADER.join(","),
            headers.iter().collect::<Vec<_>>().join(",")
        ));
    }
    let mut sheets: Vec<Sheet> = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let line = i + 2;
        let row = row.map_err(|e| format!("rad {line}: {e}"))?;
        let field = |n: usize| row.get(n).unwrap_or("").to_string();
        let kind = SheetKind::parse(&field(2))
            .ok_or_else(|| format!("rad {line}: ukjent arktype «{}»", field(2)))?;
        let method = Method::parse(&field(5))
            .ok_or_else(|| format!("rad {line}: ukjent metode «{}»", field(5)))?;
        let section = Section::parse(&field(6))
            .filter(|s| kind.sections().contains(s))
            .ok_or_else(|| {
                format!(
                    "rad {line}: «{}» er ikke en del av arket «{}»",
                    field(6),
                    kind.key()
                )
            })?;
        let new = NewSheet {
            round: field(0),
            unit: Some(field(1)).filter(|u| !u.is_empty()),
            kind,
            title: field(3).trim().to_string(),
            held_on: field(4).trim().to_string(),
            method,
        };
        if let Some((name, problem)) = new.problems().into_iter().next() {
            return Err(format!("rad {line}, {name}: {}", problem.words(Lang::Nb)));
        }
        let same = sheets.last().is_some_and(|s| {
            s.round == new.round
                && s.unit == new.unit
                && s.kind == new.kind
                && s.title == new.title
                && s.held_on == new.held_on
                && s.method == new.method
        });
        if !same {
            sheets.push(Sheet {
                id: 0,
                round: new.round,
                unit: new.unit,
                kind,
                title: new.title,
                held_on: new.held_on,
                method,
                items: Vec::new(),
            });
        }
        let sheet = sheets.last_mut().expect("a sheet");
        let text = check_item(&sheet.items, &field(7))
            .map_err(|p| format!("rad {line}, text: {}", p.words(Lang::Nb)))?;
        sheet.items.push(SheetItem { section, text });
    }
    Ok(sheets)
}
