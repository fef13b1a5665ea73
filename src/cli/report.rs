//! `trappa report`: a report from the database or an exchange CSV file, as
//! HTML, PDF or JSON.

use std::path::PathBuf;

use anyhow::{Context, bail};

use super::{Exit, library, parse_lang};
use crate::config::Config;
use crate::i18n::Lang;
use crate::report;

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Runde R (standard: den nyeste)
    #[arg(long, value_name = "RUNDE")]
    round: Option<String>,
    /// Runden det sammenlignes med (standard: den nyeste før R)
    #[arg(long, value_name = "RUNDE")]
    compare: Option<String>,
    /// Rapporten: leader (lederrapport), summary (sammendrag for folkevalgte),
    /// unit (én enhet), learning (lærende rapportering) eller meeting
    /// (møtepakke til enhetens resultatmøte; for alle enhetene uten --unit)
    #[arg(long, value_name = "TYPE", default_value = "leader")]
    kind: report::KindName,
    /// Enheten, for --kind unit (og meeting)
    #[arg(long, value_name = "ENHET", required_if_eq("kind", "unit"))]
    unit: Option<String>,
    /// Minste gruppestørrelse (minst 3; standard: rundens egen k, eller 5 med
    /// --csv); en annen verdi enn rundens merkes på hver side
    #[arg(long = "min-n", value_name = "ANTALL")]
    min_n: Option<report::MinGroupSize>,
    /// Minste endring som regnes som meningsfull (skalapoeng)
    #[arg(long, value_name = "ENDRING", default_value_t = report::DEFAULT_MIN_CHANGE)]
    min_change: f64,
    /// Filen rapporten skrives til
    #[arg(long, value_name = "FIL")]
    out: PathBuf,
    /// Skriv også ut til PDF (krever Chromium); --out er da PDF-filen
    #[arg(long)]
    pdf: bool,
    /// Les en utvekslingsfil (CSV) i stedet for databasen
    #[arg(long, value_name = "FIL")]
    csv: Option<PathBuf>,
    /// Formatet (json: tallene rapporten bygger på)
    #[arg(long, value_enum, default_value = "html")]
    format: ReportFormat,
    /// Kommunenavnet i rapporter med --csv
    #[arg(long, value_name = "KOMMUNE", default_value = "kommunen")]
    municipality: String,
    /// Svarene slik de står nå, ikke den publiserte versjonen ledere og lesere ser (rapporten merkes «ikke for deling»)
    #[arg(long, conflicts_with = "csv")]
    live: bool,
    /// Språket i rapporten: nb (bokmål), nn (nynorsk) eller en (engelsk)
    #[arg(long, value_name = "SPRÅK", default_value = "nb", value_parser = parse_lang)]
    lang: Lang,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Html,
    Json,
}

pub async fn run(config: &Config, args: ReportArgs) -> anyhow::Result<Exit> {
    let kind = report::Kind::new(args.kind, args.unit.as_deref())?;
    let mut request = report::build::Request {
        round: args.round.clone(),
        compare: args.compare,
        kind,
        k: args.min_n.map(report::MinGroupSize::get),
        min_change: args.min_change,
        figures: report::build::Figures::Live,
    };
    let built = match &args.csv {
        Some(path) => {
            report::build::from_csv(path, &library(config)?, &args.municipality, &request)?
        }
        None => {
            let store = config.open_store().await?;
            // What may be shared: a closed round's published copy, unless
            // --live; the newest round when none is named.
            let id = match &args.round {
                Some(id) => Some(id.clone()),
                None => store.rounds().await?.first().map(|r| r.id.clone()),
            };
            if let Some(round) = match &id {
                Some(id) => store.round(id).await?,
                None => None,
            } {
                request.figures = crate::publication::figures_for_administrator(
                    store.as_ref(),
                    &round,
                    args.live,
                )
                .await?;
                request.round = Some(round.id.clone());
            }
            report::build::from_store(store.as_ref(), &request).await?
        }
    };
    write_report(
        &built,
        &request.kind,
        args.lang,
        args.format,
        args.pdf,
        &args.out,
    )?;
    Ok(Exit::Ok)
}

fn write_report(
    built: &report::build::Built,
    kind: &report::Kind,
    lang: Lang,
    format: ReportFormat,
    pdf: bool,
    out: &std::path::Path,
) -> anyhow::Result<()> {
    let t = std::time::Instant::now();
    let body = match format {
        ReportFormat::Json => report::json(built),
        ReportFormat::Html => report::html::render(built, kind, lang)?,
    };
    report::build::phase("render", t);
    if pdf {
        if format == ReportFormat::Json {
            bail!("--pdf gjelder HTML-rapporter, ikke --format json");
        }
        report::pdf::print(&body, out)?;
    } else {
        std::fs::write(out, body).with_context(|| format!("kan ikke skrive {}", out.display()))?;
    }
    Ok(())
}
