//! The command line: the clap definitions and the dispatch; each command
//! with arguments of its own has a module (`serve`, `demo`, `rounds`,
//! `exchange`, `report`, `users`, `invite`), and `help` puts clap's own
//! words in the help in bokmål. Output for people is bokmål; exit codes
//! are `Exit`.

// The doc comments on clap items are the command line's help text, and are therefore bokmål.

mod areas;
mod demo;
mod exchange;
mod help;
mod invite;
mod reference;
mod report;
mod rounds;
mod serve;
mod sheets;
mod users;

use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand};

use crate::config::{Config, DEFAULT_DB};
use crate::i18n::Lang;
use crate::store::{self, StoreError};
use crate::survey::Library;

// `Args` rather than `Parser`: the `CommandFactory` below gives clap the
// commands with their help in bokmål, and `Cli::parse()` uses it.
#[derive(Debug, Args)]
pub struct Cli {
    /// Databasen: en SQLite-fil (lages første gang den brukes) eller postgres://BRUKER@VERT/DB
    #[arg(long, global = true, value_name = "DATABASE", env = "TRAPPA_DB", default_value = DEFAULT_DB)]
    db: String,
    /// Bare PostgreSQL: kommunens skjema i databasen (ett per kommune)
    #[arg(long, global = true, value_name = "SKJEMA", env = "TRAPPA_SCHEMA", default_value = crate::store::DEFAULT_SCHEMA)]
    schema: String,
    /// Mappe med survey-definisjoner (standard: ./surveys om den finnes, ellers de innebygde)
    #[arg(long, global = true, value_name = "MAPPE", env = "TRAPPA_SURVEYS")]
    surveys: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

/// What `trappa --help` says trappa is.
const ABOUT: &str =
    "Selvvurdering og spørreundersøkelser for kommuner: samhandlingstrappa og innovasjonsplakaten";

impl CommandFactory for Cli {
    fn command() -> clap::Command {
        help::bokmal(<Cli as Args>::augment_args(top_level()))
    }

    fn command_for_update() -> clap::Command {
        help::bokmal(<Cli as Args>::augment_args_for_update(top_level()))
    }
}

impl Parser for Cli {}

fn top_level() -> clap::Command {
    clap::Command::new("trappa")
        .version(env!("CARGO_PKG_VERSION"))
        .about(ABOUT)
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Start webserveren
    Serve(serve::ServeArgs),
    /// Lag en demokommune med tre årlige runder med svar, eller skriv med
    /// --csv syntetiske svar i ønsket antall til en utvekslingsfil
    Demo(demo::DemoArgs),
    /// Kontroller survey-definisjoner (en fil eller en mappe), eller med
    /// --counts databasens tellinger mot svarene
    Check {
        /// Filen eller mappen (standard: --surveys, ellers de innebygde definisjonene)
        #[arg(value_name = "STI", conflicts_with = "counts")]
        path: Option<PathBuf>,
        /// Tell svarene i databasen på nytt og sammenlign med tellingene
        /// rapportene leser; ulikheter rettes, og avslutningskoden er da 3
        #[arg(long)]
        counts: bool,
        /// Bare denne runden (med --counts)
        #[arg(long, value_name = "RUNDE", requires = "counts")]
        round: Option<String>,
    },
    /// Runder: opprett, åpne, steng, vis, velg tilgang og slett svar
    Round {
        #[command(subcommand)]
        command: rounds::RoundCommand,
    },
    /// Importer svar fra en utvekslingsfil (CSV), alt eller ingenting
    Import(exchange::ImportArgs),
    /// Eksporter svar som utvekslingsfil (CSV)
    Export(exchange::ExportArgs),
    /// Antall svar per enhet mens en runde pågår
    Status {
        /// Runden (standard: alle åpne runder, ellers den nyeste)
        #[arg(long, value_name = "RUNDE")]
        round: Option<String>,
    },
    /// Lag en rapport (HTML, PDF eller JSON) fra databasen eller fra en CSV-fil
    Report(report::ReportArgs),
    /// Brukerkontoer for administratorer, ledere og lesere (folkevalgte)
    User {
        #[command(subcommand)]
        command: users::UserCommand,
    },
    /// Lag engangskoder til invitasjon for en enhet: en CSV-fil og brev til utskrift
    Invite(invite::InviteArgs),
    /// Områdene og tiltakene fra lærende rapportering: vis, eksporter eller importer som CSV
    Areas {
        #[command(subcommand)]
        command: areas::AreasCommand,
    },
    /// Gruppeark (oppsummeringsark 1–3) fra dialogkafé og lærende møter: vis, eksporter eller importer som CSV
    Sheets {
        #[command(subcommand)]
        command: sheets::SheetsCommand,
    },
    /// Referansetall (snitt for en region, et nettverk eller landet) ved siden av rundens egne
    Reference {
        #[command(subcommand)]
        command: reference::ReferenceCommand,
    },
    /// Vis revisjonsloggen (slettinger, endringer i oppfølgingen), nyeste først
    Audit,
    /// Flytt alt til en annen (tom) database, f.eks. fra SQLite til PostgreSQL
    MigrateStore {
        /// Måldatabasen: postgres://BRUKER@VERT/DB eller en SQLite-fil
        #[arg(long, value_name = "DATABASE")]
        to: String,
        /// Bare PostgreSQL: kommunens skjema i måldatabasen
        #[arg(long, value_name = "SKJEMA", default_value = crate::store::DEFAULT_SCHEMA)]
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
        Command::Check {
            counts: true,
            round,
            ..
        } => check_counts(&config, round).await,
        Command::Check { path, .. } => Ok(check(&config, path)),
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
        Command::Sheets { command } => sheets::run(&config, command).await,
        Command::Reference { command } => reference::run(&config, command).await,
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

/// Counts every round's responses (or one round's) again and compares them
/// with the kept counts; the store rebuilds what differs.
async fn check_counts(config: &Config, round: Option<String>) -> anyhow::Result<Exit> {
    let store = config.open_store().await?;
    let ids: Vec<String> = match round {
        Some(r) => vec![r],
        None => store.rounds().await?.into_iter().map(|r| r.id).collect(),
    };
    let mut exit = Exit::Ok;
    for id in ids {
        let round = store
            .round(&id)
            .await?
            .ok_or(store::StoreError::RoundNotFound { id: id.clone() })?;
        let found = store.check_tallies(&round).await?;
        if found.agrees() {
            println!(
                "Runde {id}: {} svar, tellingene stemmer.",
                crate::numbers::int(crate::i18n::Lang::Nb, found.responses)
            );
            continue;
        }
        exit = Exit::Invalid;
        let groups: Vec<String> = found
            .differing
            .iter()
            .map(|(unit, role)| format!("{unit} ({role})"))
            .collect();
        let mut wrong = Vec::new();
        if !groups.is_empty() {
            wrong.push(format!("tellingene for {}", groups.join(", ")));
        }
        if found.texts_differ {
            wrong.push("fritekstene".to_string());
        }
        println!(
            "Runde {id}: {} svar; {} stemte ikke og er bygd opp på nytt fra svarene.",
            crate::numbers::int(crate::i18n::Lang::Nb, found.responses),
            wrong.join(" og ")
        );
    }
    Ok(exit)
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
