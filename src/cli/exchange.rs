//! `trappa import` and `trappa export`: responses in the exchange CSV
//! format, all or nothing on the way in.

use std::path::PathBuf;

use anyhow::{Context, bail};

use super::{Exit, library};
use crate::config::Config;
use crate::csvio::{ImportError, ImportOptions};
use crate::survey::Round;

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Utvekslingsfilen (CSV)
    #[arg(value_name = "FIL")]
    file: PathBuf,
    /// Importer bare radene for denne runden (eller alle rader, om filen ikke har rundekolonne)
    #[arg(long, value_name = "RUNDE")]
    round: Option<String>,
    /// Opprett runder, enheter og roller som filen nevner, men som databasen mangler
    #[arg(long)]
    create: bool,
    /// Kommunen for runder som --create oppretter
    #[arg(long, value_name = "KOMMUNE")]
    municipality: Option<String>,
    /// Legg til svarene selv om den samme filen er lest inn i runden før
    #[arg(long)]
    again: bool,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Runden som skal eksporteres (standard: alle runder)
    #[arg(long, value_name = "RUNDE")]
    round: Option<String>,
    /// Filen det skrives til (uten --out: standard ut)
    #[arg(long, value_name = "FIL")]
    out: Option<PathBuf>,
}

pub async fn import(config: &Config, args: ImportArgs) -> anyhow::Result<Exit> {
    let options = ImportOptions {
        round: args.round,
        create: args.create,
        municipality: args.municipality,
        again: args.again,
    };
    import_file(config, &args.file, &options).await
}

pub async fn export(config: &Config, args: ExportArgs) -> anyhow::Result<Exit> {
    export_to(config, args.round, args.out).await
}

async fn import_file(
    config: &Config,
    file: &std::path::Path,
    options: &ImportOptions,
) -> anyhow::Result<Exit> {
    let store = config.open_store().await?;
    let library = library(config)?;
    let handle =
        std::fs::File::open(file).with_context(|| format!("kan ikke åpne {}", file.display()))?;
    let size = handle.metadata().map(|m| m.len()).unwrap_or(0);
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(size),
        indicatif::ProgressDrawTarget::stderr_with_hz(4),
    );
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} importerer {bar:30} {bytes}/{total_bytes} ({eta})",
        )
        .expect("valid template"),
    );
    let result =
        crate::csvio::import(store.as_ref(), &library, bar.wrap_read(handle), options).await;
    bar.finish_and_clear();
    match result {
        Ok(summary) => {
            for (round, n) in &summary.imported {
                println!("Importerte {n} svar til runde {round}.");
                // Into a closed round: published where the rule lets it
                // (the import stands either way).
                if let Some(outcome) =
                    crate::publication::after_import(store.as_ref(), round).await?
                {
                    super::rounds::say_outcome(round, &outcome);
                }
            }
            if summary.imported.is_empty() {
                println!("Filen hadde ingen svar å importere.");
            }
            if !summary.created_rounds.is_empty() {
                println!("Opprettet runde(r): {}", summary.created_rounds.join(", "));
            }
            if summary.from_windows_1252 {
                println!(
                    "Filen var ikke UTF-8 og ble lest som Windows-1252 (slik Excel lagrer «CSV (semikolondelt)»)."
                );
            }
            if summary.created_units > 0 {
                println!("Opprettet {} enhet(er).", summary.created_units);
            }
            if !summary.units_from_answers.is_empty() {
                println!(
                    "Merk: enhetene {} ble opprettet fordi filen har svar fra dem. Rapportene lister dem da fordi noen der har svart. Vil du unngå det, legg enhetene inn i en rundefil før importen (trappa round create --file).",
                    summary.units_from_answers.join(", ")
                );
            }
            if summary.skipped_other_rounds > 0 {
                println!(
                    "Hoppet over {} rader fra andre runder.",
                    summary.skipped_other_rounds
                );
            }
            Ok(Exit::Ok)
        }
        Err(ImportError::Invalid(_))
        | Err(ImportError::Io(_))
        | Err(ImportError::AlreadyImported { .. }) => {
            eprintln!("{}: {}", file.display(), result.unwrap_err());
            Ok(Exit::Invalid)
        }
        Err(e) => Err(e.into()),
    }
}

async fn export_to(
    config: &Config,
    round: Option<String>,
    out: Option<PathBuf>,
) -> anyhow::Result<Exit> {
    let store = config.open_store().await?;
    let ids: Vec<String> = match round {
        Some(r) => vec![r],
        None => {
            let mut all: Vec<_> = store.rounds().await?.into_iter().map(|r| r.id).collect();
            all.reverse(); // oldest first
            all
        }
    };
    let mut rounds = Vec::new();
    for id in &ids {
        match store.round(id).await? {
            Some(r) => rounds.push(Round::clone(&r)),
            None => bail!("runden «{id}» finnes ikke"),
        }
    }
    let written = match &out {
        Some(path) => {
            // Write to a temporary file first, so a failed export leaves no half file.
            let tmp = path.with_extension("csv.part");
            let file = std::fs::File::create(&tmp)
                .with_context(|| format!("kan ikke skrive {}", tmp.display()))?;
            let n = crate::csvio::export(store.as_ref(), &rounds, std::io::BufWriter::new(file))
                .await?;
            std::fs::rename(&tmp, path)?;
            n
        }
        None => {
            crate::csvio::export(
                store.as_ref(),
                &rounds,
                std::io::BufWriter::new(std::io::stdout()),
            )
            .await?
        }
    };
    if let Some(path) = out {
        eprintln!("Eksporterte {written} svar til {}.", path.display());
    }
    Ok(Exit::Ok)
}
