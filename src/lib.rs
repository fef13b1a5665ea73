//! trappa: a self-assessment and survey engine with reporting for Norwegian
//! municipalities. The binary in `main.rs` is a thin shell around this library.

/// Analysis: responses → suppressed aggregates (polars).
pub mod analysis;
/// Accounts: roles, password hashing, and who may read which report.
pub mod auth;
/// Plotters: aggregates → accessible SVG charts.
pub mod charts;
/// Command-line interface: clap definitions and the commands they run.
pub mod cli;
/// The service's clock (moved only by tests).
pub mod clock;
/// Settings: defaults, then environment, then flags.
pub mod config;
/// CSV exchange format: reading (import) and writing (export).
pub mod csvio;
/// `trappa demo`: a fictional municipality with three years of responses.
pub mod demo;
/// Synthetic responses in the exchange format, of any size.
pub mod generate;
/// Languages: bokmål, nynorsk and English, with Fluent message files.
pub mod i18n;
/// One-time invitation codes and the letters that carry them.
pub mod invite;
/// The learning loop: improvement and success areas, measures, reflections.
pub mod learning;
/// The log filter: libraries never log addresses or statements.
pub mod logging;
/// Large blocks of memory go back to the system when freed.
pub mod memory;
/// Norwegian number formatting.
pub mod numbers;
/// Reaching people: settings, schedules, e-mail, the background worker.
pub mod outreach;
/// What leaders and readers are shown of a closed round: its published copy.
pub mod publication;
/// Reports: HTML, JSON and PDF from aggregates.
pub mod report;
/// Group-work sheets: what the groups wrote in a dialogue café or meeting.
pub mod sheets;
/// Response counts per unit and role while a round runs.
pub mod status;
/// Storage behind the `Store` trait; SQLite is the embedded default.
pub mod store;
/// Survey definitions and rounds, parsed into validated types.
pub mod survey;
/// The one minijinja environment builder, with `t` and the number filters.
pub mod templates;
/// The web server: staff form, start page and admin pages.
pub mod web;
