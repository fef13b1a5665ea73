//! Integration tests: the real binary, the real server on a free port, a real
//! SQLite file per test. One test binary, one module per area.

mod helpers;

mod accounts;
mod anonymity;
mod browser;
mod check;
mod cli_help;
mod counts;
mod csv_exchange;
mod durability;
mod focus_areas;
mod fuzz_replay;
mod hardening;
mod invitations;
mod languages;
mod learning;
mod meeting;
mod oracle;
mod outreach;
mod outside;
mod postgres;
mod power_cut;
mod publication;
mod reports;
mod sheets;
mod staff_results;
mod steps;
mod web_access;
mod web_admin;
mod web_form;
