//! The command line: clap definitions, and one function per command. Output
//! for people is Norwegian; exit codes are `Exit`. Accounts and invitation
//! codes have their own modules.

mod invite;
mod users;

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};

use crate::config::{Config, DEFAULT_ADDR, DEFAULT_DB};
use crate::csvio::{ImportError, ImportOptions};
use crate::i18n::Lang;
use crate::report;
use crate::store::{self, StoreError};
use crate::survey::round::{create_like, parse_round_file};
use crate::survey::{Library, Round};

#[derive(Debug, Parser)]
#[command(
    name = "trappa",
    version,
    about = "Selvvurdering og spørreundersøkelser for kommuner: samhandlingstrappa og innovasjonsplakaten"
)]
pub struct Cli {
    /// Database: a SQLite file (created on first use) or postgres://USER@HOST/DB
    #[arg(long, global = true, env = "TRAPPA_DB", default_value = DEFAULT_DB)]
    db: String,
    /// PostgreSQL only: the tenant's schema (one per municipality)
    #[arg(long, global = true, env = "TRAPPA_SCHEMA", default_value = crate::store::DEFAULT_SCHEMA)]
    schema: String,
    /// Directory of survey definitions (default: ./surveys if present, else the built-in ones)
    #[arg(long, global = true, env = "TRAPPA_SURVEYS")]
    surveys: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

/// `trappa demo`: the demo municipality in the database, or a synthetic
/// exchange file with `--csv`.
#[derive(Debug, clap::Args)]
struct DemoArgs {
    /// Write synthetic responses to this exchange CSV file instead (the
    /// database is not touched)
    #[arg(long)]
    csv: Option<PathBuf>,
    /// Number of responses in the file, over all rounds
    #[arg(long, default_value_t = 10_000, requires = "csv")]
    responses: usize,
    /// The same seed gives the same file
    #[arg(long, default_value_t = 1, requires = "csv")]
    seed: u64,
    /// Number of units
    #[arg(long, default_value_t = 40, value_parser = clap::value_parser!(u64).range(1..=10_000), requires = "csv")]
    units: u64,
    /// Rounds, oldest first
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "2024,2025,2026",
        requires = "csv"
    )]
    rounds: Vec<String>,
    /// Field separator: , or ; (what Norwegian Excel writes)
    #[arg(long, default_value = ",", requires = "csv")]
    sep: String,
    /// Start with a UTF-8 byte order mark, as Excel does
    #[arg(long, requires = "csv")]
    bom: bool,
    /// End lines with CRLF, as Excel does
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

#[derive(Debug, Subcommand)]
enum Command {
    /// Start the web server
    Serve {
        #[arg(long, env = "TRAPPA_ADDR", default_value = DEFAULT_ADDR)]
        addr: SocketAddr,
        /// Submissions per minute from one address before it must wait (0: no limit)
        #[arg(long, env = "TRAPPA_SUBMIT_LIMIT", default_value_t = crate::web::DEFAULT_SUBMITS_PER_MINUTE)]
        submit_limit: u32,
        /// Seconds a client may take to send its headers, the next piece of
        /// a body, or its next request, before the connection is closed
        #[arg(long, env = "TRAPPA_CLIENT_TIMEOUT", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=600))]
        client_timeout: u64,
        /// Behind a reverse proxy: take the client address from X-Forwarded-For
        #[arg(long, env = "TRAPPA_TRUST_PROXY")]
        trust_proxy: bool,
        /// The address people use, e.g. https://trappa.kommune.no (https makes cookies Secure)
        #[arg(long, env = "TRAPPA_PUBLIC_URL")]
        public_url: Option<String>,
    },
    /// Create a demo municipality with three yearly rounds of responses, or
    /// with --csv write synthetic responses of any size to an exchange file
    Demo(DemoArgs),
    /// Check survey definitions (a file or a directory)
    Check { path: Option<PathBuf> },
    /// Create, open, close and list rounds
    Round {
        #[command(subcommand)]
        command: RoundCommand,
    },
    /// Import responses from an exchange CSV file (all or nothing)
    Import {
        file: PathBuf,
        /// Import only this round's rows (or all rows, if the file has no round column)
        #[arg(long)]
        round: Option<String>,
        /// Create rounds, units and roles that the file names but the database lacks
        #[arg(long)]
        create: bool,
        /// Municipality for rounds made by --create
        #[arg(long)]
        municipality: Option<String>,
    },
    /// Export responses as exchange CSV
    Export {
        /// The round to export (default: all rounds)
        #[arg(long)]
        round: Option<String>,
        /// Output file (default: standard output)
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Response counts per unit while a round runs
    Status {
        /// The round (default: every open round, or the newest)
        #[arg(long)]
        round: Option<String>,
    },
    /// Make a report (HTML, PDF or JSON) from the database or a CSV file
    Report {
        /// Round R (default: the newest)
        #[arg(long)]
        round: Option<String>,
        /// Round to compare with (default: the newest before R)
        #[arg(long)]
        compare: Option<String>,
        #[arg(long, value_enum, default_value = "leader")]
        kind: ReportKind,
        /// The unit, for --kind unit
        #[arg(long, required_if_eq("kind", "unit"))]
        unit: Option<String>,
        /// Minimum group size (at least 3; default: the round's own k, or 5
        /// for --csv); another value than the round's is marked on every page
        #[arg(long = "min-n", value_parser = clap::value_parser!(u64).range(3..))]
        min_n: Option<u64>,
        /// Smallest change worth calling meaningful (scale points)
        #[arg(long, default_value_t = 0.1)]
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
    },
    /// Accounts for administrators, leaders and readers (politicians)
    User {
        #[command(subcommand)]
        command: users::UserCommand,
    },
    /// Make one-time invitation codes for a unit: a CSV and printable letters
    Invite(invite::InviteArgs),
    /// Show the audit log (deletions), newest first
    Audit,
    /// Move everything to another (empty) database, e.g. from SQLite to PostgreSQL
    MigrateStore {
        /// The target: postgres://USER@HOST/DB or a SQLite file
        #[arg(long)]
        to: String,
        /// PostgreSQL only: the target tenant's schema
        #[arg(long, default_value = crate::store::DEFAULT_SCHEMA)]
        to_schema: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ReportKind {
    Leader,
    Summary,
    Unit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ReportFormat {
    Html,
    Json,
}

#[derive(Debug, Subcommand)]
enum RoundCommand {
    /// Create a round like an earlier one, or from a round file
    Create {
        name: String,
        /// Copy units, relations, roles and instruments from this round
        #[arg(long, conflicts_with = "file", required_unless_present = "file")]
        like: Option<String>,
        /// A round file (TOML) with municipality, instruments, units and relations
        #[arg(long)]
        file: Option<PathBuf>,
    },
    /// Open a round for responses
    Open { name: String },
    /// Close a round
    Close { name: String },
    /// Delete every response of a round, for good (noted in the audit log)
    DeleteResponses {
        name: String,
        /// Confirm: without it, only says what would be deleted
        #[arg(long)]
        yes: bool,
    },
    /// Who may answer: anyone with the link, or only with an invitation code
    Access {
        name: String,
        #[arg(value_enum)]
        mode: AccessMode,
    },
    /// List rounds
    List,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum AccessMode {
    /// Anyone with the link may answer
    OpenLink,
    /// An invitation code is needed (trappa invite)
    Code,
}

/// Exit codes: 0 success, 1 failure, 3 invalid input (definitions, CSV rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Ok = 0,
    Invalid = 3,
}

impl From<Exit> for std::process::ExitCode {
    fn from(e: Exit) -> Self {
        std::process::ExitCode::from(e as u8)
    }
}

pub async fn run(cli: Cli) -> anyhow::Result<Exit> {
    let config = Config {
        db: cli.db,
        schema: cli.schema,
        surveys: cli.surveys,
    };
    match cli.command {
        Command::Check { path } => Ok(check(&config, path)),
        Command::Serve {
            addr,
            submit_limit,
            client_timeout,
            trust_proxy,
            public_url,
        } => {
            let options = crate::web::Options {
                submits_per_minute: submit_limit,
                client_timeout: std::time::Duration::from_secs(client_timeout),
                trust_proxy,
                public_url,
            };
            serve(&config, addr, &options).await
        }
        Command::MigrateStore { to, to_schema } => {
            let from = config.open_store().await?;
            let target = store::open_tenant(&to, &to_schema).await?;
            let moved = store::migrate::migrate(from.as_ref(), target.as_ref()).await?;
            println!(
                "Flyttet {} runder, {} svar, {} invitasjonskoder, {} brukere og {} linjer revisjonslogg.",
                moved.rounds, moved.responses, moved.codes, moved.accounts, moved.audit_entries
            );
            println!("Kontroller med `trappa --db MÅL report …` før den gamle databasen tas bort.");
            Ok(Exit::Ok)
        }
        Command::User { command } => users::run(&config, command).await,
        Command::Invite(args) => invite::run(&config, args).await,
        Command::Demo(args) => match &args.csv {
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
        },
        Command::Round { command } => round(&config, command).await,
        Command::Import {
            file,
            round,
            create,
            municipality,
        } => {
            let options = ImportOptions {
                round,
                create,
                municipality,
            };
            import(&config, &file, &options).await
        }
        Command::Export { round, out } => export(&config, round, out).await,
        Command::Status { round } => status(&config, round).await,
        Command::Report {
            round,
            compare,
            kind,
            unit,
            min_n,
            min_change,
            out,
            pdf,
            csv,
            format,
            municipality,
            lang,
        } => {
            let kind = match kind {
                ReportKind::Leader => report::Kind::Leader,
                ReportKind::Summary => report::Kind::Summary,
                ReportKind::Unit => report::Kind::Unit(unit.unwrap_or_default()),
            };
            let request = report::build::Request {
                round,
                compare,
                kind,
                k: min_n,
                min_change,
                // The command line is the administrator's own tool.
                closed_only: false,
            };
            let built = match csv {
                Some(path) => {
                    report::build::from_csv(&path, &library(&config)?, &municipality, &request)?
                }
                None => {
                    let store = config.open_store().await?;
                    report::build::from_store(store.as_ref(), &request).await?
                }
            };
            write_report(&built, &request.kind, lang, format, pdf, &out)?;
            Ok(Exit::Ok)
        }
        Command::Audit => {
            let store = config.open_store().await?;
            let log = store.audit_log().await?;
            if log.is_empty() {
                println!("Revisjonsloggen er tom.");
            }
            for entry in log {
                println!("{}\t{}\t{}", entry.date, entry.action, entry.detail);
            }
            Ok(Exit::Ok)
        }
    }
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
        ReportFormat::Json => report::json(&built.analysis, &built.meta),
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

fn library(config: &Config) -> anyhow::Result<Library> {
    config.library().map_err(|problems| {
        let list: Vec<String> = problems.iter().map(|p| format!("  {p}")).collect();
        anyhow::anyhow!(
            "survey-definisjonene har feil (kjør trappa check):\n{}",
            list.join("\n")
        )
    })
}

fn check(config: &Config, path: Option<PathBuf>) -> Exit {
    let (label, result) = match path.or_else(|| config.survey_dir()) {
        Some(p) => (p.display().to_string(), Library::load(&p)),
        None => (
            "de innebygde definisjonene".to_string(),
            Ok(Library::builtin()),
        ),
    };
    match result {
        Ok(lib) => {
            let ids: Vec<_> = lib.instruments().iter().map(|i| i.id.as_str()).collect();
            println!(
                "OK: {label}: {} definisjoner ({})",
                ids.len(),
                ids.join(", ")
            );
            // Missing translations fall back to bokmål: worth knowing, not an error.
            for warning in lib
                .instruments()
                .iter()
                .flat_map(|i| i.translation_warnings())
            {
                eprintln!("advarsel: {warning}");
            }
            Exit::Ok
        }
        Err(problems) => {
            for p in &problems {
                eprintln!("{p}");
            }
            eprintln!("{} feil i {label}", problems.len());
            Exit::Invalid
        }
    }
}

async fn serve(
    config: &Config,
    addr: SocketAddr,
    options: &crate::web::Options,
) -> anyhow::Result<Exit> {
    let store = config.open_store().await?;
    let library = library(config)?;
    let first_admin = users::ensure_administrator(store.as_ref()).await?;
    let listener = crate::web::bind(addr).await?;
    let bound = listener.local_addr()?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "trappa kjører på http://{bound}/  (database: {})",
        config.db
    )?;
    if let Some((name, password)) = first_admin {
        writeln!(
            out,
            "Første start: logg inn på http://{bound}/login som «{name}» med passordet {password}"
        )?;
        writeln!(
            out,
            "(Passordet vises bare nå. Bytt det med `trappa user set-password {name}`.)"
        )?;
    }
    writeln!(out, "Stopp med Ctrl+C.")?;
    out.flush()?;
    drop(out);
    let state = crate::web::AppState::new(store, library, options);
    crate::web::serve(listener, state, shutdown_signal()).await?;
    Ok(Exit::Ok)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

async fn round(config: &Config, command: RoundCommand) -> anyhow::Result<Exit> {
    let store = config.open_store().await?;
    match command {
        RoundCommand::Create { name, like, file } => {
            let library = library(config)?;
            let round = match (like, file) {
                (Some(like), _) => {
                    let Some(template) = store.round(&like).await? else {
                        bail!("runden «{like}» finnes ikke");
                    };
                    create_like(&template, &name, &library).map_err(anyhow::Error::msg)?
                }
                (None, Some(file)) => {
                    let text = std::fs::read_to_string(&file)
                        .with_context(|| format!("kan ikke lese {}", file.display()))?;
                    match parse_round_file(
                        &file.display().to_string(),
                        &text,
                        &library,
                        Some(&name),
                    ) {
                        Ok(r) => r,
                        Err(problem) => {
                            eprintln!("{problem}");
                            return Ok(Exit::Invalid);
                        }
                    }
                }
                (None, None) => bail!("oppgi --like RUNDE eller --file RUNDE.toml"),
            };
            store.create_round(&round).await?;
            println!(
                "Runde {} opprettet ({} enheter, {} samarbeidspartnere, {}). Åpne den med: trappa round open {}",
                round.id,
                round.units.len(),
                round.relations.len(),
                if round.open { "åpen" } else { "stengt" },
                round.id
            );
        }
        RoundCommand::Open { name } => {
            store.set_open(&name, true).await?;
            println!("Runde {name} er åpen. Skjemaet: /s/{name}");
        }
        RoundCommand::Close { name } => {
            store.set_open(&name, false).await?;
            println!("Runde {name} er stengt.");
        }
        RoundCommand::Access { name, mode } => {
            store
                .set_requires_code(&name, mode == AccessMode::Code)
                .await?;
            match mode {
                AccessMode::Code => println!(
                    "Runde {name} krever nå invitasjonskode. Lag koder med: trappa invite --round {name} --unit ENHET --count N"
                ),
                AccessMode::OpenLink => {
                    println!("Runde {name} tar nå imot svar fra alle med lenken /s/{name}.")
                }
            }
        }
        RoundCommand::DeleteResponses { name, yes } => {
            let Some(summary) = store.rounds().await?.into_iter().find(|r| r.id == name) else {
                bail!("runden «{name}» finnes ikke");
            };
            if !yes {
                println!(
                    "Runde {name} har {} svar. De slettes for godt og kan ikke hentes tilbake (ta en eksport først: trappa export --round {name}). Kjør igjen med --yes for å slette.",
                    summary.responses
                );
                return Ok(Exit::Invalid);
            }
            let deleted = store.delete_responses(&name).await?;
            println!(
                "Slettet {deleted} svar fra runde {name}. Slettingen er ført i revisjonsloggen."
            );
        }
        RoundCommand::List => {
            let rounds = store.rounds().await?;
            if rounds.is_empty() {
                println!(
                    "Ingen runder ennå. Opprett en med trappa round create, eller prøv trappa demo."
                );
            }
            for r in rounds {
                println!(
                    "{}\t{}\t{}\t{} svar\t{}",
                    r.id,
                    if r.open { "åpen" } else { "stengt" },
                    r.municipality,
                    r.responses,
                    r.title
                );
            }
        }
    }
    Ok(Exit::Ok)
}

async fn import(
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
            if summary.skipped_other_rounds > 0 {
                println!(
                    "Hoppet over {} rader fra andre runder.",
                    summary.skipped_other_rounds
                );
            }
            Ok(Exit::Ok)
        }
        Err(ImportError::Invalid(_)) | Err(ImportError::Io(_)) => {
            eprintln!("{}: {}", file.display(), result.unwrap_err());
            Ok(Exit::Invalid)
        }
        Err(e) => Err(e.into()),
    }
}

async fn export(
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

async fn status(config: &Config, round: Option<String>) -> anyhow::Result<Exit> {
    let store = config.open_store().await?;
    let ids: Vec<String> = match round {
        Some(r) => vec![r],
        None => {
            let rounds = store.rounds().await?;
            let open: Vec<String> = rounds
                .iter()
                .filter(|r| r.open)
                .map(|r| r.id.clone())
                .collect();
            if open.is_empty() {
                rounds.into_iter().take(1).map(|r| r.id).collect()
            } else {
                open
            }
        }
    };
    if ids.is_empty() {
        println!("Ingen runder ennå.");
    }
    for id in ids {
        let round = store
            .round(&id)
            .await?
            .ok_or_else(|| StoreError::RoundNotFound { id: id.clone() })?;
        let counts = store.counts(&id).await?;
        print!("{}", crate::status::status(&round, &counts).to_text());
    }
    Ok(Exit::Ok)
}

/// `--lang`: nb, nn or en.
pub(crate) fn parse_lang(code: &str) -> Result<Lang, String> {
    Lang::parse(code).ok_or_else(|| format!("ukjent språk «{code}»: bruk nb, nn eller en"))
}
