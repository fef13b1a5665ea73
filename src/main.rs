//! The `trappa` binary: parse the command line, run, map errors to exit codes.

use clap::Parser;

fn main() -> std::process::ExitCode {
    trappa::memory::return_large_blocks();
    let cli = trappa::cli::Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(trappa::logging::filter(
            std::env::var("TRAPPA_LOG").ok().as_deref(),
        ))
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("feil: kan ikke starte: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(trappa::cli::run(cli)) {
        Ok(code) => code.into(),
        Err(e) => {
            eprintln!("feil: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
