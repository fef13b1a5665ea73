//! Parsed rounds, kept per process and checked against the round's version
//! column with one cheap query, so the form does not re-parse definitions
//! on every request. Shared by every backend, as is turning stored parts
//! back into a checked `Round`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::{Result, StoreError};
use crate::survey::{Instrument, Privacy, Relation, Role, Round, RoundParts, Unit};

/// A round's own row.
pub struct RoundHeader {
    pub id: String,
    pub title: String,
    pub municipality: String,
    pub period: String,
    pub open: bool,
    pub requires_code: bool,
    pub k: i64,
    pub k_comments: i64,
    /// Units that answer with invitation codes.
    pub coded_units: Vec<String>,
    pub legacy_rule: bool,
}

#[derive(Default)]
pub struct RoundCache(Mutex<HashMap<String, (i64, Arc<Round>)>>);

impl RoundCache {
    /// The cached round, if it was read at `version`.
    pub fn get(&self, id: &str, version: i64) -> Option<Arc<Round>> {
        let cache = self.0.lock().expect("round cache lock");
        cache
            .get(id)
            .filter(|(v, _)| *v == version)
            .map(|(_, round)| round.clone())
    }

    /// Checks the stored parts, keeps the round at `version`, returns it.
    pub fn assemble(
        &self,
        header: RoundHeader,
        version: i64,
        instruments: Vec<Instrument>,
        units: Vec<Unit>,
        relations: Vec<Relation>,
        roles: Vec<Role>,
    ) -> Result<Arc<Round>> {
        let coded_units = header.coded_units;
        let legacy_rule = header.legacy_rule;
        let mut round = Round::assemble(RoundParts {
            id: header.id,
            title: header.title,
            municipality: header.municipality,
            period: header.period,
            open: header.open,
            requires_code: header.requires_code,
            privacy: Privacy {
                k: header.k as u64,
                k_comments: header.k_comments as u64,
            },
            units,
            relations,
            roles,
            instruments,
        })
        .map_err(StoreError::Corrupt)?;
        round.coded_units = coded_units;
        round.legacy_rule = legacy_rule;
        let round = Arc::new(round);
        self.0
            .lock()
            .expect("round cache lock")
            .insert(round.id.clone(), (version, round.clone()));
        Ok(round)
    }
}

/// A stored definition, parsed again; stored text that no longer parses is
/// reported as a corrupt database, naming the round and instrument.
pub fn parse_instrument(round_id: &str, name: String, definition: &str) -> Result<Instrument> {
    Instrument::parse(&name, definition).map_err(|p| {
        StoreError::Corrupt(format!(
            "definisjonen av {name} i runde {round_id}: {}",
            p[0]
        ))
    })
}
