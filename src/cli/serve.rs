//! `trappa serve`: the web server, and the first administrator's password
//! on a new database.

use std::io::Write;
use std::net::SocketAddr;

use super::{Exit, library, users};
use crate::config::{Config, DEFAULT_ADDR};
use crate::outreach::settings::key;

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Adressen og porten serveren lytter på
    #[arg(long, value_name = "ADRESSE", env = "TRAPPA_ADDR", default_value = DEFAULT_ADDR)]
    addr: SocketAddr,
    /// Innsendinger per minutt fra én adresse før den må vente (0: ingen grense)
    #[arg(long, value_name = "ANTALL", env = "TRAPPA_SUBMIT_LIMIT", default_value_t = crate::web::DEFAULT_SUBMITS_PER_MINUTE)]
    submit_limit: u32,
    /// Sekunder en klient kan bruke på å sende hodene, neste del av innholdet
    /// eller neste forespørsel, før forbindelsen lukkes
    #[arg(long, value_name = "SEKUNDER", env = "TRAPPA_CLIENT_TIMEOUT", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=600))]
    client_timeout: u64,
    /// Bak en omvendt proxy: ta klientens adresse fra X-Forwarded-For
    #[arg(long, env = "TRAPPA_TRUST_PROXY")]
    trust_proxy: bool,
    /// Adressen folk bruker, f.eks. https://trappa.kommune.no (med https blir
    /// informasjonskapslene Secure)
    #[arg(long, value_name = "ADRESSE", env = "TRAPPA_PUBLIC_URL")]
    public_url: Option<String>,
    /// Passordet til e-posttjeneren (overstyrer det som er satt i nettleseren)
    #[arg(
        long,
        value_name = "PASSORD",
        env = "TRAPPA_SMTP_PASSWORD",
        hide_env_values = true
    )]
    smtp_password: Option<String>,
    /// Klienthemmeligheten hos OpenID-leverandøren (overstyrer den som er satt i nettleseren)
    #[arg(
        long,
        value_name = "HEMMELIGHET",
        env = "TRAPPA_OIDC_CLIENT_SECRET",
        hide_env_values = true
    )]
    oidc_client_secret: Option<String>,
}

pub async fn run(config: &Config, args: ServeArgs) -> anyhow::Result<Exit> {
    let options = crate::web::Options {
        submits_per_minute: args.submit_limit,
        client_timeout: std::time::Duration::from_secs(args.client_timeout),
        trust_proxy: args.trust_proxy,
        public_url: args.public_url,
        overrides: [
            (key::SMTP_PASSWORD, args.smtp_password),
            (key::OIDC_CLIENT_SECRET, args.oidc_client_secret),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k.to_string(), v)))
        .collect(),
    };
    serve(config, args.addr, &options).await
}

async fn serve(
    config: &Config,
    addr: SocketAddr,
    options: &crate::web::Options,
) -> anyhow::Result<Exit> {
    let store = config.open_store().await?;
    let library = library(config)?;
    // Listen before making the first administrator: a start that fails on a
    // busy port must not make an account whose password nobody saw.
    let listener = crate::web::bind(addr).await?;
    let first_admin = users::ensure_administrator(store.as_ref()).await?;
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
