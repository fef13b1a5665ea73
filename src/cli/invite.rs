//! `trappa invite`: one-time codes for a unit of a round, written as a CSV
//! and as a sheet of printable letters. Codes are shown only here; the
//! database keeps their hashes.

use crate::i18n::Lang;
use std::path::PathBuf;

use anyhow::{Context, bail};

use super::Exit;
use crate::config::Config;
use crate::invite::{self, letters};

/// Most codes in one run: a large unit's letters in one print job.
const MAX_CODES: usize = 5_000;

#[derive(Debug, clap::Args)]
pub struct InviteArgs {
    /// Runden
    #[arg(long, value_name = "RUNDE")]
    round: String,
    /// Enheten
    #[arg(long, value_name = "ENHET")]
    unit: String,
    /// Hvor mange koder (én per person som inviteres)
    #[arg(long, value_name = "ANTALL")]
    count: usize,
    /// Mappen CSV-filen og brevene skrives til
    #[arg(long, value_name = "MAPPE", default_value = ".")]
    out: PathBuf,
    /// Adressen folk åpner, f.eks. https://trappa.kommune.no
    #[arg(
        long,
        value_name = "ADRESSE",
        env = "TRAPPA_PUBLIC_URL",
        default_value = "http://localhost:3000"
    )]
    public_url: String,
    /// Språket i brevene, og i skjemaet lenken åpner: nb, nn eller en
    #[arg(long, value_name = "SPRÅK", default_value = "nb", value_parser = super::parse_lang)]
    lang: Lang,
}

/// A file-name-safe form of a unit name.
fn slug(unit: &str) -> String {
    let mut out = String::new();
    for c in unit.to_lowercase().chars() {
        match c {
            'a'..='z' | '0'..='9' => out.push(c),
            'æ' => out.push_str("ae"),
            'ø' => out.push('o'),
            'å' => out.push_str("aa"),
            _ if !out.ends_with('-') => out.push('-'),
            _ => {}
        }
    }
    out.trim_matches('-').to_string()
}

pub async fn run(config: &Config, args: InviteArgs) -> anyhow::Result<Exit> {
    if args.count == 0 || args.count > MAX_CODES {
        bail!("--count må være mellom 1 og {MAX_CODES}");
    }
    let store = config.open_store().await?;
    let Some(round) = store.round(&args.round).await? else {
        bail!("runden «{}» finnes ikke", args.round);
    };
    if !round.has_unit(&args.unit) {
        let names: Vec<&str> = round.units.iter().map(|u| u.name.as_str()).collect();
        bail!(
            "runde {} har ingen enhet som heter «{}». Enhetene er: {}",
            round.id,
            args.unit,
            names.join(", ")
        );
    }
    let codes = invite::new_codes(args.count);
    // Files first: if they cannot be written, no code is stored that nobody has.
    let base = format!("invitasjoner-{}-{}", round.id, slug(&args.unit));
    let csv_path = args.out.join(format!("{base}.csv"));
    let html_path = args.out.join(format!("{base}.html"));
    let csv = letters::csv(&round, &args.unit, &args.public_url, &codes, args.lang)?;
    let settings = crate::outreach::settings::Settings::load(store.as_ref(), &[]).await?;
    let head = crate::outreach::letterhead(store.as_ref(), &settings, &round.id).await?;
    let html = letters::html(
        &round,
        &args.unit,
        &args.public_url,
        &codes,
        args.lang,
        &head,
    )?;
    // Never over earlier letters: their codes exist nowhere else.
    write_new(&csv_path, &csv)?;
    if let Err(e) = write_new(&html_path, html.as_bytes()) {
        let _ = std::fs::remove_file(&csv_path);
        return Err(e);
    }
    let hashes: Vec<String> = codes
        .iter()
        .filter_map(|c| invite::normalise(c))
        .map(|c| invite::hash(&c))
        .collect();
    if let Err(e) = store.add_codes(&round.id, &args.unit, &hashes).await {
        let _ = std::fs::remove_file(&csv_path);
        let _ = std::fs::remove_file(&html_path);
        return Err(e.into());
    }
    println!(
        "{} koder for {} i runde {}:\n  {}\n  {} (ett brev per side; skriv ut fra nettleseren)",
        codes.len(),
        args.unit,
        round.id,
        csv_path.display(),
        html_path.display()
    );
    println!(
        "Kodene vises bare i disse filene; databasen har bare en hash av dem. {} i runde {} krever nå kode; enheter uten koder svarer fortsatt med åpen lenke.",
        args.unit, round.id
    );
    Ok(Exit::Ok)
}

/// Writes a file that must not exist yet.
fn write_new(path: &std::path::Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| {
            format!(
                "kan ikke lage {} (finnes den fra før? Da er kodene i den ikke brukt opp: bruk --out til en annen mappe)",
                path.display()
            )
        })?;
    file.write_all(bytes)
        .with_context(|| format!("kan ikke skrive {}", path.display()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn unit_names_become_file_names() {
        assert_eq!(
            super::slug("Plan, miljø og landbruk"),
            "plan-miljo-og-landbruk"
        );
        assert_eq!(super::slug("Ås skole/SFO"), "aas-skole-sfo");
    }
}
