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
    /// Round R (default: the newest)
    #[arg(long)]
    round: Option<String>,
    /// Round to compare with (default: the newest before R)
    #[arg(long)]
    compare: Option<String>,
    /// leader, summary or unit
    #[arg(long, default_value = "leader")]
    kind: report::KindName,
    /// The unit, for --kind unit
    #[arg(long, required_if_eq("kind", "unit"))]
    unit: Option<String>,
    /// Minimum group size (at least 3; default: the round's own k, or 5
    /// for --csv); another value than the round's is marked on every page
    #[arg(long = "min-n")]
    min_n: Option<report::MinGroupSize>,
    /// Smallest change worth calling meaningful (scale points)
    #[arg(long, default_value_t = report::DEFAULT_MIN_CHANGE)]
    min_change: f64,
    /// Output file
    #[arg(long)]
    out: PathBuf,
    /// Also print to PDF (needs Chromium); --out then names the PDF
    #[arg(long)]
    pdf: bool,
    /// Read an exchange CSV file instead of the database
    #[arg(long)]
    csv: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "html")]
    format: ReportFormat,
    /// Municipality name for --csv reports
    #[arg(long, default_value = "kommunen")]
    municipality: String,
    /// Language of the report: nb (bokmål), nn (nynorsk) or en (English)
    #[arg(long, default_value = "nb", value_parser = parse_lang)]
    lang: Lang,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Html,
    Json,
}

pub async fn run(config: &Config, args: ReportArgs) -> anyhow::Result<Exit> {
    let kind = report::Kind::new(args.kind, args.unit.as_deref())?;
    let request = report::build::Request {
        round: args.round,
        compare: args.compare,
        kind,
        k: args.min_n.map(report::MinGroupSize::get),
        min_change: args.min_change,
        // The command line is the administrator's own tool.
        closed_only: false,
    };
    let built = match &args.csv {
        Some(path) => {
            report::build::from_csv(path, &library(config)?, &args.municipality, &request)?
        }
        None => {
            let store = config.open_store().await?;
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
