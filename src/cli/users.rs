//! `trappa user …`: accounts for administrators, leaders and readers, and
//! the first administrator made when `serve` starts on an empty database.

use std::io::BufRead;

use anyhow::bail;
use clap::Subcommand;

use super::Exit;
use crate::auth::{self, AccountRole};
use crate::config::Config;
use crate::store::{Account, Store};

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Legg til en konto; skriver ut et nytt passord om ikke --password-stdin er gitt
    Add {
        /// Brukernavnet
        #[arg(value_name = "NAVN")]
        name: String,
        /// administrator, leader (leder) eller reader (leser: folkevalgte, bare sammendraget)
        #[arg(long, value_name = "ROLLE", value_parser = parse_role)]
        role: AccountRole,
        /// En enhet som lederen kan lese rapportene til (gjenta for flere)
        #[arg(long = "unit", value_name = "ENHET")]
        units: Vec<String>,
        /// Les passordet fra første linje på standard inn
        #[arg(long)]
        password_stdin: bool,
    },
    /// Sett et nytt passord (skriver ut et nytt om ikke --password-stdin er gitt); kontoens innlogginger avsluttes
    SetPassword {
        /// Brukernavnet
        #[arg(value_name = "NAVN")]
        name: String,
        /// Les passordet fra første linje på standard inn
        #[arg(long)]
        password_stdin: bool,
    },
    /// Fjern en konto; innloggingene avsluttes med en gang
    Remove {
        /// Brukernavnet
        #[arg(value_name = "NAVN")]
        name: String,
    },
    /// Vis kontoene med roller og enheter
    List,
}

fn parse_role(s: &str) -> Result<AccountRole, String> {
    AccountRole::parse(s).ok_or_else(|| {
        format!("ukjent rolle «{s}»: bruk administrator, leader (leder) eller reader (leser)")
    })
}

/// The password to set: from standard input, or a new one to print.
fn password(from_stdin: bool, name: &str) -> anyhow::Result<(String, bool)> {
    if !from_stdin {
        return Ok((auth::new_password(), true));
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let password = line.trim_end_matches(['\r', '\n']).to_string();
    auth::check_password(&password, &[name])?;
    Ok((password, false))
}

pub async fn run(config: &Config, command: UserCommand) -> anyhow::Result<Exit> {
    let store = config.open_store().await?;
    match command {
        UserCommand::Add {
            name,
            role,
            units,
            password_stdin,
        } => {
            auth::check_name(&name).map_err(anyhow::Error::msg)?;
            if role != AccountRole::Leader && !units.is_empty() {
                bail!(
                    "bare ledere har enheter; en {} ser det rollen gir",
                    role.label()
                );
            }
            let known = crate::store::unit_names(store.as_ref()).await?;
            if let Some(unknown) = units.iter().find(|u| !known.contains(u)) {
                bail!(
                    "enheten «{unknown}» finnes ikke i noen runde (enhetene er: {})",
                    if known.is_empty() {
                        "ingen ennå".to_string()
                    } else {
                        known.join(", ")
                    }
                );
            }
            let (password, made) = password(password_stdin, &name)?;
            store
                .add_account(&Account {
                    name: name.clone(),
                    role,
                    units: units.clone(),
                    password_hash: auth::hash_password(&password),
                    generation: auth::new_generation(),
                    last_login: None,
                })
                .await?;
            println!("Brukeren «{name}» ({}) er lagt til.", role.label());
            if role == AccountRole::Leader && units.is_empty() {
                println!("Merk: uten --unit ser lederen bare rapportene for hele kommunen.");
            }
            if made {
                println!("Passord (vises bare nå): {password}");
            }
        }
        UserCommand::SetPassword {
            name,
            password_stdin,
        } => {
            let (password, made) = password(password_stdin, &name)?;
            store
                .set_password(&name, &auth::hash_password(&password))
                .await?;
            println!("Nytt passord for «{name}» er satt; innlogginger med det gamle er avsluttet.");
            if made {
                println!("Passord (vises bare nå): {password}");
            }
        }
        UserCommand::Remove { name } => {
            // The store refuses the last administrator in the same step as
            // the removal (its error says what to do instead).
            store.remove_account(&name).await?;
            println!("Brukeren «{name}» er fjernet.");
        }
        UserCommand::List => {
            for a in store.accounts().await? {
                println!("{}\t{}\t{}", a.name, a.role.label(), a.units.join(", "));
            }
        }
    }
    Ok(Exit::Ok)
}

/// On a database without an administrator, makes `admin` with a new
/// password and returns both, for `serve` to print once.
pub async fn ensure_administrator(store: &dyn Store) -> anyhow::Result<Option<(String, String)>> {
    let accounts = store.accounts().await?;
    if accounts
        .iter()
        .any(|a| a.role == AccountRole::Administrator)
    {
        return Ok(None);
    }
    let name = if accounts.iter().any(|a| a.name == "admin") {
        format!("admin-{}", accounts.len())
    } else {
        "admin".to_string()
    };
    let password = auth::new_password();
    store
        .add_account(&Account {
            name: name.clone(),
            role: AccountRole::Administrator,
            units: Vec::new(),
            password_hash: auth::hash_password(&password),
            generation: auth::new_generation(),
            last_login: None,
        })
        .await?;
    Ok(Some((name, password)))
}
