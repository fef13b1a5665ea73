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
use crate::analysis::groups::Group;

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

/// A fingerprint of what the report rests on: the group sums (which
/// determine every figure), the free texts and the question wording.
pub fn fingerprint(
    groups: &[Group],
    data: &crate::analysis::Dataset,
    labels: &crate::analysis::Labels,
) -> String {
    let mut sorted: Vec<&Group> = groups.iter().collect();
    let name = |dict: &crate::analysis::dataset::Dictionary, i: u32| dict.names[i as usize].clone();
    sorted.sort_by_key(|g| {
        (
            name(&data.rounds, g.round),
            name(&data.units, g.unit),
            name(&data.roles, g.role),
        )
    });
    let mut h = Sha256::new();
    for g in sorted {
        h.update(name(&data.rounds, g.round));
        h.update([0]);
        h.update(name(&data.units, g.unit));
        h.update([0]);
        h.update(name(&data.roles, g.role));
        h.update([0]);
        h.update(g.responses.to_le_bytes());
        for s in &g.items {
            for v in [s.n, s.sum, s.sumsq].iter().chain(&s.levels) {
                h.update(v.to_le_bytes());
            }
        }
        for s in &g.gaps {
            for v in [s.gap.n, s.gap.sum, s.gap.sumsq, s.up] {
                h.update(v.to_le_bytes());
            }
        }
    }
    for t in &data.texts {
        h.update(t.text.as_bytes());
        h.update([0]);
    }
    let mut wording: Vec<_> = labels.wording.iter().collect();
    wording.sort();
    for ((column, round), text) in wording {
        h.update(column.as_bytes());
        h.update(round.as_bytes());
        h.update(text.as_bytes());
    }
    h.update(labels.municipality.as_bytes());
    let digest = h.finalize();
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
