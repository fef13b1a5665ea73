//! `trappa areas …`: the learning loop's areas and measures for an
//! administrator who prefers the command line or a spreadsheet: list them,
//! export them as CSV, and import new ones from CSV (all or nothing).

use std::path::PathBuf;

use anyhow::Context;
use clap::Subcommand;

use super::Exit;
use crate::config::Config;
use crate::csvio::areas::{self, AreasError};

#[derive(Debug, Subcommand)]
pub enum AreasCommand {
    /// Vis områdene som ble valgt etter en runde, med tiltakene
    List {
        /// Runden
        #[arg(long, value_name = "RUNDE")]
        round: String,
    },
    /// Skriv områder og tiltak som CSV (én rad per tiltak)
    Export {
        /// Bare områdene som ble valgt etter denne runden (standard: alle runder)
        #[arg(long, value_name = "RUNDE")]
        round: Option<String>,
        /// Filen det skrives til (uten --out: standard ut)
        #[arg(long, value_name = "FIL")]
        out: Option<PathBuf>,
    },
    /// Legg til nye områder og tiltak fra en CSV-fil (slik `export` skriver den)
    Import {
        /// CSV-filen
        #[arg(value_name = "FIL")]
        file: PathBuf,
    },
}

pub async fn run(config: &Config, command: AreasCommand) -> anyhow::Result<Exit> {
    let store = config.open_store().await?;
    match command {
        AreasCommand::List { round } => {
            if store.round(&round).await?.is_none() {
                anyhow::bail!("runden «{round}» finnes ikke");
            }
            let list = store.areas(&round).await?;
            if list.is_empty() {
                println!("Ingen områder er valgt etter runde {round}.");
            }
            for area in list {
                let purpose = match area.purpose {
                    crate::learning::Purpose::Improve => "forbedringsområde",
                    crate::learning::Purpose::Keep => "suksessområde",
                };
                println!(
                    "{} · {} · {}: {}",
                    area.unit.as_deref().unwrap_or("hele kommunen"),
                    purpose,
                    area.target.encode(),
                    area.why
                );
                for m in &area.measures {
                    println!(
                        "  - {} ({}, frist {}): {} {}",
                        m.what,
                        m.responsible,
                        m.deadline.as_deref().unwrap_or("–"),
                        m.status.key(),
                        m.status_on
                    );
                }
            }
            Ok(Exit::Ok)
        }
        AreasCommand::Export { round, out } => {
            let n = match &out {
                Some(path) => {
                    let file = std::fs::File::create(path)
                        .with_context(|| format!("kan ikke skrive {}", path.display()))?;
                    areas::export(
                        store.as_ref(),
                        round.as_deref(),
                        std::io::BufWriter::new(file),
                    )
                    .await?
                }
                None => areas::export(store.as_ref(), round.as_deref(), std::io::stdout()).await?,
            };
            if let Some(path) = out {
                eprintln!("Skrev {n} rader til {}.", path.display());
            }
            Ok(Exit::Ok)
        }
        AreasCommand::Import { file } => {
            let input = std::fs::File::open(&file)
                .with_context(|| format!("kan ikke åpne {}", file.display()))?;
            match areas::import(store.as_ref(), input, "kommandolinjen").await {
                Ok(done) => {
                    println!(
                        "Importerte {} områder med {} tiltak.",
                        done.areas, done.measures
                    );
                    Ok(Exit::Ok)
                }
                Err(e @ (AreasError::Invalid(_) | AreasError::Read(_))) => {
                    eprintln!("{}: {e}", file.display());
                    Ok(Exit::Invalid)
                }
                Err(e) => Err(e.into()),
            }
        }
    }
}
