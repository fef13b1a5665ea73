//! `trappa reference …`: averages from outside the municipality (a region,
//! a network, a national survey) to show beside a round's own figures.

use std::path::PathBuf;

use anyhow::Context;
use clap::Subcommand;

use super::Exit;
use crate::config::Config;
use crate::csvio::areas::AreasError;
use crate::csvio::reference;

#[derive(Debug, Subcommand)]
pub enum ReferenceCommand {
    /// Les referansetall fra en CSV-fil (source;year;column;mean[;n]); en kilde og et år erstatter det runden hadde fra dem
    Import {
        /// CSV-filen
        #[arg(value_name = "FIL")]
        file: PathBuf,
        /// Runden tallene skal stå ved
        #[arg(long, value_name = "RUNDE")]
        round: String,
    },
    /// Vis rundens referansetall
    List {
        /// Runden
        #[arg(long, value_name = "RUNDE")]
        round: String,
    },
}

pub async fn run(config: &Config, command: ReferenceCommand) -> anyhow::Result<Exit> {
    let store = config.open_store().await?;
    match command {
        ReferenceCommand::Import { round, file } => {
            let Some(r) = store.round(&round).await? else {
                anyhow::bail!("runden «{round}» finnes ikke");
            };
            let input = std::fs::File::open(&file)
                .with_context(|| format!("kan ikke åpne {}", file.display()))?;
            match reference::import(store.as_ref(), &r, input).await {
                Ok(sets) => {
                    for (source, year, n) in sets {
                        println!("Runde {round}: {n} referansetall fra {source} {year}.");
                    }
                    Ok(Exit::Ok)
                }
                Err(e @ (AreasError::Invalid(_) | AreasError::Read(_))) => {
                    eprintln!("{}: {e}", file.display());
                    Ok(Exit::Invalid)
                }
                Err(e) => Err(e.into()),
            }
        }
        ReferenceCommand::List { round } => {
            let figures = store.references(&round).await?;
            if figures.is_empty() {
                println!("Runde {round} har ingen referansetall.");
            }
            for f in figures {
                let n = f.n.map(|n| format!(" (n = {n})")).unwrap_or_default();
                println!("{} {} · {}: {}{n}", f.source, f.year, f.column, f.mean);
            }
            Ok(Exit::Ok)
        }
    }
}
