//! `trappa round`: create, open, close, list rounds, switch their access,
//! delete their responses, and write their texts for the politicians.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Subcommand;

use super::{Exit, library};
use crate::config::Config;
use crate::survey::round::{create_like, parse_round_file};

#[derive(Debug, Subcommand)]
pub enum RoundCommand {
    /// Opprett en runde som en tidligere runde, eller fra en rundefil
    Create {
        /// Navnet på den nye runden, f.eks. 2026
        #[arg(value_name = "RUNDE")]
        name: String,
        /// Kopier enheter, samarbeidspartnere, roller og spørreskjemaer fra denne runden
        #[arg(
            long,
            value_name = "RUNDE",
            conflicts_with = "file",
            required_unless_present = "file"
        )]
        like: Option<String>,
        /// En rundefil (TOML) med kommune, spørreskjemaer, enheter og samarbeidspartnere
        #[arg(long, value_name = "FIL")]
        file: Option<PathBuf>,
    },
    /// Åpne en runde for svar
    Open {
        /// Runden
        #[arg(value_name = "RUNDE")]
        name: String,
    },
    /// Steng en runde og publiser resultatene for ledere og lesere
    Close {
        /// Runden
        #[arg(value_name = "RUNDE")]
        name: String,
    },
    /// Publiser svar som er kommet til etter at runden ble stengt (sene svar, ny import), der anonymitetsregelen tillater det
    Publish {
        /// Runden
        #[arg(value_name = "RUNDE")]
        name: String,
    },
    /// Slett alle svar i en runde for godt (føres i revisjonsloggen)
    DeleteResponses {
        /// Runden
        #[arg(value_name = "RUNDE")]
        name: String,
        /// Bekreft: uten dette vises bare hva som ville blitt slettet
        #[arg(long)]
        yes: bool,
    },
    /// Hvem som kan svare: alle med lenken, eller bare de som har invitasjonskode
    Access {
        /// Runden
        #[arg(value_name = "RUNDE")]
        name: String,
        /// Hvem som kan svare
        #[arg(value_enum, value_name = "TILGANG")]
        mode: AccessMode,
    },
    /// Tekstene til politikerne i sammendraget: uten filer vises de, med filer lagres de
    Texts {
        /// Runden
        #[arg(value_name = "RUNDE")]
        name: String,
        /// «Nyskapingshistorier – hva vi har fått til» fra en tekstfil (UTF-8)
        #[arg(long, value_name = "FIL")]
        achieved: Option<PathBuf>,
        /// «Hvor skal vi legge innovasjonstrykket?» fra en tekstfil (UTF-8)
        #[arg(long, value_name = "FIL")]
        direction: Option<PathBuf>,
    },
    /// Publiser resultatsiden for alle som ble spurt (/resultater/RUNDE, uten innlogging), eller trekk den tilbake
    StaffPage {
        /// Runden (stengt, med resultatene publisert for ledere)
        #[arg(value_name = "RUNDE")]
        name: String,
        /// Trekk siden tilbake
        #[arg(long)]
        withdraw: bool,
    },
    /// Vis alle runder
    List,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AccessMode {
    /// Alle med lenken kan svare
    OpenLink,
    /// Det trengs en invitasjonskode (trappa invite)
    Code,
}

pub async fn run(config: &Config, command: RoundCommand) -> anyhow::Result<Exit> {
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
                // The units the administrator named (not the whole
                // municipality, which a role without a unit adds).
                {
                    let whole = round.municipality_unit();
                    round.units.iter().filter(|u| u.name != whole).count()
                },
                round.relations.len(),
                if round.open {
                    "åpen"
                } else {
                    "ikke åpnet ennå"
                },
                round.id
            );
        }
        RoundCommand::Open { name } => {
            store.set_open(&name, true).await?;
            println!("Runde {name} er åpen. Skjemaet: /s/{name}");
        }
        RoundCommand::Close { name } => {
            let outcome = crate::publication::close(store.as_ref(), &name).await?;
            println!("Runde {name} er stengt.");
            return Ok(say_outcome(&name, &outcome));
        }
        RoundCommand::Publish { name } => {
            let Some(round) = store.round(&name).await? else {
                bail!("runden «{name}» finnes ikke");
            };
            if round.open {
                println!(
                    "Runde {name} er åpen. Resultatene publiseres når den stenges: trappa round close {name}"
                );
                return Ok(Exit::Invalid);
            }
            let outcome = crate::publication::publish(store.as_ref(), &round).await?;
            return Ok(say_outcome(&name, &outcome));
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
                "Slettet {deleted} svar fra runde {name}. Slettingen er ført i revisjonsloggen. Ledere og lesere ser ingen resultater fra runden før svarene er lagt inn igjen og publisert."
            );
        }
        RoundCommand::Texts {
            name,
            achieved,
            direction,
        } => {
            if store.round(&name).await?.is_none() {
                bail!("runden «{name}» finnes ikke");
            }
            let mut texts = store.round_texts(&name).await?;
            if achieved.is_none() && direction.is_none() {
                for (key, text) in [
                    ("achieved", &texts.achieved),
                    ("direction", &texts.direction),
                ] {
                    let heading = crate::i18n::tr(crate::i18n::Lang::Nb, &format!("texts-{key}"));
                    let text = if text.trim().is_empty() {
                        "(ingen tekst)"
                    } else {
                        text
                    };
                    println!("{heading}:\n{text}\n");
                }
                return Ok(Exit::Ok);
            }
            let read = |path: &PathBuf| -> anyhow::Result<String> {
                let bytes = std::fs::read(path)
                    .with_context(|| format!("kan ikke lese {}", path.display()))?;
                String::from_utf8(bytes)
                    .map(|t| t.replace("\r\n", "\n"))
                    .map_err(|_| anyhow::anyhow!("{} er ikke UTF-8-tekst", path.display()))
            };
            if let Some(path) = &achieved {
                texts.achieved = read(path)?;
            }
            if let Some(path) = &direction {
                texts.direction = read(path)?;
            }
            let problems = texts.problems();
            if !problems.is_empty() {
                for (field, problem) in problems {
                    eprintln!("{}", problem.words(crate::i18n::Lang::Nb, field));
                }
                println!("Ingenting er lagret.");
                return Ok(Exit::Invalid);
            }
            store.set_round_texts(&name, &texts).await?;
            println!(
                "Tekstene til politikerne for runde {name} er lagret; sammendraget trykker dem."
            );
        }
        RoundCommand::StaffPage { name, withdraw } => {
            let Some(round) = store.round(&name).await? else {
                bail!("runden «{name}» finnes ikke");
            };
            if !withdraw {
                crate::publication::ensure_published(store.as_ref(), &round).await?;
                let shown = store
                    .publication(&name)
                    .await?
                    .is_some_and(|(_, shown)| shown);
                if round.open || !shown {
                    eprintln!(
                        "Resultatsiden kan publiseres først når runden er stengt og resultatene er publisert for ledere (trappa round close {name})."
                    );
                    return Ok(Exit::Invalid);
                }
            }
            store
                .set_staff_page(&name, !withdraw, "kommandolinjen")
                .await?;
            if withdraw {
                println!("Resultatsiden for runde {name} er trukket tilbake.");
            } else {
                println!(
                    "Resultatsiden for runde {name} er publisert på /resultater/{name}; alle kan lese den uten innlogging."
                );
            }
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
                    match (r.open, r.was_opened) {
                        (true, _) => "åpen",
                        (false, true) => "stengt",
                        (false, false) => "ikke åpnet ennå",
                    },
                    r.municipality,
                    r.responses,
                    r.title
                );
            }
        }
    }
    Ok(Exit::Ok)
}

/// What came of publishing, in words; where it was refused, why, with
/// the exit code for input that was not accepted.
pub(super) fn say_outcome(name: &str, outcome: &crate::publication::Outcome) -> Exit {
    use crate::publication::Outcome;
    match outcome {
        Outcome::Published { version: 1 } => {
            println!("Resultatene er publisert: ledere og lesere kan nå lese rapportene.");
            Exit::Ok
        }
        Outcome::Published { version } => {
            println!(
                "De nye svarene er publisert (versjon {version}): ledere og lesere ser dem nå."
            );
            Exit::Ok
        }
        Outcome::Unchanged => {
            println!("Ingen endringer å publisere: ledere og lesere ser svarene slik de er.");
            Exit::Ok
        }
        Outcome::Refused(problems) => {
            println!(
                "Svarene som er kommet til i runde {name} publiseres ikke ennå: ledere og lesere ser fortsatt den publiserte versjonen. Hver endring av et tall som vises, må gjelde minst k svar, ellers kan to lesninger av rapporten avsløre en enkelt persons svar:"
            );
            for p in problems {
                let line = p.to_string();
                let mut chars = line.chars();
                let first: String = chars
                    .next()
                    .into_iter()
                    .flat_map(char::to_uppercase)
                    .collect();
                println!("- {first}{}", chars.as_str());
            }
            println!(
                "Samle flere sene svar og prøv igjen med trappa round publish {name}. Svarene er lagret og kommer med i eksporten."
            );
            Exit::Invalid
        }
    }
}
