//! `trappa demo`: the demo municipality in the database, or a synthetic
//! exchange file of any size with `--csv`.

use std::path::PathBuf;

use super::Exit;
use crate::config::Config;
use crate::survey::Library;

// `trappa demo`: the demo municipality in the database, or a synthetic
// exchange file with `--csv`. (The help text is the `Demo` variant's.)
#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Skriv syntetiske svar til denne utvekslingsfilen (CSV) i stedet
    /// (databasen røres ikke)
    #[arg(long, value_name = "FIL")]
    csv: Option<PathBuf>,
    /// Antall svar i filen, for alle rundene til sammen (med --csv)
    #[arg(
        long,
        value_name = "ANTALL",
        default_value_t = 10_000,
        requires = "csv"
    )]
    responses: usize,
    /// Samme frø gir samme fil (med --csv)
    #[arg(long, value_name = "FRØ", default_value_t = 1, requires = "csv")]
    seed: u64,
    /// Antall enheter (med --csv)
    #[arg(long, value_name = "ANTALL", default_value_t = 40, value_parser = clap::value_parser!(u64).range(1..=10_000), requires = "csv")]
    units: u64,
    /// Rundene, eldste først (med --csv)
    #[arg(
        long,
        value_name = "RUNDER",
        value_delimiter = ',',
        default_value = "2024,2025,2026",
        requires = "csv"
    )]
    rounds: Vec<String>,
    /// Skilletegnet i filen: , eller ; som norsk Excel skriver (med --csv)
    #[arg(long, value_name = "TEGN", default_value = ",", requires = "csv")]
    sep: String,
    /// Start filen med et UTF-8-byterekkefølgemerke (BOM), slik Excel gjør (med --csv)
    #[arg(long, requires = "csv")]
    bom: bool,
    /// Avslutt linjene med CRLF, slik Excel gjør (med --csv)
    #[arg(long, requires = "csv")]
    crlf: bool,
}

impl DemoArgs {
    fn generator(&self) -> anyhow::Result<crate::generate::Options> {
        let separator = match self.sep.as_str() {
            "," => b',',
            ";" => b';',
            other => anyhow::bail!("skilletegnet må være , eller ; (ikke «{other}»)"),
        };
        Ok(crate::generate::Options {
            responses: self.responses,
            seed: self.seed,
            units: self.units as usize,
            rounds: self.rounds.clone(),
            separator,
            bom: self.bom,
            crlf: self.crlf,
        })
    }
}

pub async fn run(config: &Config, args: DemoArgs) -> anyhow::Result<Exit> {
    match &args.csv {
        Some(path) => {
            let options = args.generator()?;
            let file = std::fs::File::create(path)
                .map_err(|e| anyhow::anyhow!("kan ikke skrive {}: {e}", path.display()))?;
            let mut out = std::io::BufWriter::new(file);
            crate::generate::write(&options, &mut out)
                .and_then(|()| std::io::Write::flush(&mut out))
                .map_err(|e| anyhow::anyhow!("kan ikke skrive {}: {e}", path.display()))?;
            println!(
                "Skrev {} svar i rundene {} til {}.",
                options.responses,
                options.rounds.join(", "),
                path.display()
            );
            Ok(Exit::Ok)
        }
        None => {
            let store = config.open_store().await?;
            crate::demo::run(store.as_ref(), &Library::builtin()).await?;
            Ok(Exit::Ok)
        }
    }
}
