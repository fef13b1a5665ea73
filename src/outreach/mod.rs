//! Reaching people (issue 28): the settings an administrator sets in the
//! browser, a round's schedule in the municipality's time, the addresses
//! an administrator gives, the e-mails trappa sends, and the worker that
//! opens and closes rounds on time and empties the outbox.
//! The store keeps the state (`store::outreach`); this is the rest.

pub mod addresses;
pub mod mail;
pub mod schedule;
pub mod settings;
pub mod worker;
