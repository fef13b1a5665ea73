//! Reports: aggregates + charts → print-ready HTML (minijinja templates in
//! `reports/`), the same aggregates as JSON, and PDF through Chromium.

/// What an account may get of a round's results.
pub mod access;
/// Picking rounds, loading and analysing.
pub mod build;
/// The HTML reports: leader, summary, unit.
pub mod html;
/// Definition texts and roles in the report's language.
pub mod localize;
/// Printing HTML to PDF with headless Chromium.
pub mod pdf;
/// Plain-language sentences for the politicians' summary.
pub mod sentences;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::analysis::Analysis;

/// Which report.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// Everything, per unit and role, with the notes.
    Leader,
    /// One or two A4 pages for politicians.
    Summary,
    /// One unit against the whole municipality.
    Unit(String),
}

impl Kind {
    pub fn name(&self) -> &'static str {
        match self {
            Kind::Leader => "leder",
            Kind::Summary => "sammendrag",
            Kind::Unit(_) => "enhet",
        }
    }
}

/// Facts about how a report was made, printed in its header.
#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    pub kind: &'static str,
    pub unit: Option<String>,
    /// Date the report was made (YYYY-MM-DD).
    pub generated: String,
    /// Short hash of the aggregated data, the texts and the wording it rests on.
    pub fingerprint: String,
    /// The exchange CSV file it was made from; `None` for the database.
    pub source_file: Option<String>,
}

/// A fingerprint of what the report shows: every figure, text and wording
/// of the aggregates after the disclosure rule, before a leader's scope is
/// applied (so everyone's copy of a report carries the same one). Made from
/// what is shown only, so that it cannot be used to test guesses about a
/// hidden figure; any change to the data that moves a shown figure moves it.
pub fn fingerprint(analysis: &Analysis) -> String {
    let bytes = serde_json::to_vec(analysis).expect("aggregates serialise");
    let digest = Sha256::digest(bytes);
    digest[..6].iter().map(|b| format!("{b:02x}")).collect()
}

/// The documented JSON shape: `{ "meta": …, "analysis": … }`.
pub fn json(analysis: &Analysis, meta: &Meta) -> String {
    #[derive(Serialize)]
    struct Out<'a> {
        meta: &'a Meta,
        analysis: &'a Analysis,
    }
    serde_json::to_string_pretty(&Out { meta, analysis }).expect("aggregates serialise")
}
