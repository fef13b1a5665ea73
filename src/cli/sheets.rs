//! `trappa sheets …`: the group-work sheets (Oppsummeringsark 1–3) on the
//! command line: list them, export them as CSV (one row per point), and
//! import sheets from such a file, all or nothing.

use std::path::PathBuf;

use anyhow::Context;
use clap::Subcommand;

use super::Exit;
use crate::config::Config;

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
            w.write_record(crate::sheets::CSV_HEADER)?;
            let mut rows = 0;
            for s in &sheets {
                for part in s.kind.sections() {
                    for (_, item) in s.section(*part) {
                        // A point typed as "=…" or "- …" must not run as
                        // a formula when the file is opened in a spreadsheet.
                        let cell = |c: &str| crate::csvio::format::escape(c).into_owned();
                        w.write_record([
                            s.round.as_str(),
                            &cell(s.unit.as_deref().unwrap_or("")),
                            s.kind.key(),
                            &cell(&s.title),
                            &s.held_on,
                            s.method.key(),
                            part.key(),
                            &cell(&item.text),
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
            let sheets = match crate::sheets::from_csv(input) {
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
