//! The command line: the clap definitions and the dispatch; each command
//! with arguments of its own has a module (`serve`, `demo`, `rounds`,
//! `exchange`, `report`, `users`, `invite`). Output for people is bokmål;
//! exit codes are `Exit`.

mod areas;
mod demo;
mod exchange;
mod invite;
mod report;
mod rounds;
mod serve;
mod users;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::config::{Config, DEFAULT_DB};
use crate::i18n::Lang;
use crate::store::{self, StoreError};
use crate::survey::Library;

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

#[derive(Debug, Subcommand)]
enum Command {
    /// Start the web server
    Serve(serve::ServeArgs),
    /// Create a demo municipality with three yearly rounds of responses, or
    /// with --csv write synthetic responses of any size to an exchange file
    Demo(demo::DemoArgs),
    /// Check survey definitions (a file or a directory)
    Check { path: Option<PathBuf> },
    /// Create, open, close and list rounds
    Round {
        #[command(subcommand)]
        command: rounds::RoundCommand,
    },
    /// Import responses from an exchange CSV file (all or nothing)
    Import(exchange::ImportArgs),
    /// Export responses as exchange CSV
    Export(exchange::ExportArgs),
    /// Response counts per unit while a round runs
    Status {
        /// The round (default: every open round, or the newest)
        #[arg(long)]
        round: Option<String>,
    },
    /// Make a report (HTML, PDF or JSON) from the database or a CSV file
    Report(report::ReportArgs),
    /// Accounts for administrators, leaders and readers (politicians)
    User {
        #[command(subcommand)]
        command: users::UserCommand,
    },
    /// Make one-time invitation codes for a unit: a CSV and printable letters
    Invite(invite::InviteArgs),
    /// The learning loop's areas and measures: list, export or import as CSV
    Areas {
        #[command(subcommand)]
        command: areas::AreasCommand,
    },
    /// Show the audit log (deletions, follow-up changes), newest first
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
        Command::Serve(args) => serve::run(&config, args).await,
        Command::MigrateStore { to, to_schema } => {
            let from = config.open_store().await?;
            let target = store::open_tenant(&to, &to_schema).await?;
            let moved = store::migrate::migrate(from.as_ref(), target.as_ref()).await?;
            println!(
                "Flyttet {} runder, {} svar, {} invitasjonskoder, {} områder med {} tiltak, {} brukere og {} linjer revisjonslogg.",
                moved.rounds,
                moved.responses,
                moved.codes,
                moved.areas,
                moved.measures,
                moved.accounts,
                moved.audit_entries
            );
            println!("Kontroller med `trappa --db MÅL report …` før den gamle databasen tas bort.");
            Ok(Exit::Ok)
        }
        Command::User { command } => users::run(&config, command).await,
        Command::Invite(args) => invite::run(&config, args).await,
        Command::Demo(args) => demo::run(&config, args).await,
        Command::Round { command } => rounds::run(&config, command).await,
        Command::Import(args) => exchange::import(&config, args).await,
        Command::Export(args) => exchange::export(&config, args).await,
        Command::Status { round } => status(&config, round).await,
        Command::Report(args) => report::run(&config, args).await,
        Command::Areas { command } => areas::run(&config, command).await,
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
