//! CSV export in the exchange format: `round, unit, role`, then the answer
//! columns. Import of what this writes gives back exactly the same data.

use std::io::Write;

use crate::store::{Store, StoreError};
use crate::survey::answer::{DONT_KNOW_CELL, NO_COLLABORATION_CELL, decode_answers};
use crate::survey::{Round, Value};

/// Why an export stopped: the store, or the file being written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("kan ikke skrive CSV: {0}")]
    Write(#[from] csv::Error),
}

/// Writes the responses of `rounds` (in that order) to `out`; the header is
/// the union of the rounds' columns, in order of first appearance.
pub async fn export(
    store: &dyn Store,
    rounds: &[Round],
    out: impl Write + Send,
) -> Result<u64, ExportError> {
    let mut names: Vec<&str> = Vec::new();
    for r in rounds {
        for c in r.columns() {
            if !names.contains(&c.name.as_str()) {
                names.push(&c.name);
            }
        }
    }
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out);
    let mut header = super::format::KEY_COLUMNS.to_vec();
    header.extend(names.iter());
    writer.write_record(&header)?;
    // A write failure inside the store's stream stops it; kept here so it
    // is reported as what it is.
    let mut write_failed: Option<csv::Error> = None;
    let mut written = 0u64;
    for round in rounds {
        let columns = round.columns();
        // Where each round column goes in the output row.
        let slots: Vec<usize> = columns
            .iter()
            .map(|c| {
                names
                    .iter()
                    .position(|n| *n == c.name)
                    .expect("in the union")
                    + 3
            })
            .collect();
        let mut cells = vec![String::new(); header.len()];
        let streamed = store
            .responses(&round.id, &mut |r| {
                let values = decode_answers(columns, &r.answers).map_err(StoreError::Corrupt)?;
                cells.iter_mut().for_each(String::clear);
                cells[0].push_str(&round.id);
                cells[1].push_str(&r.unit);
                cells[2].push_str(&r.role);
                for (value, slot) in values.iter().zip(&slots) {
                    match value {
                        Some(Value::Int(n)) => cells[*slot].push_str(&n.to_string()),
                        Some(Value::Text(s)) => cells[*slot].push_str(s),
                        Some(Value::DontKnow) => cells[*slot].push_str(DONT_KNOW_CELL),
                        Some(Value::NoCollaboration) => {
                            cells[*slot].push_str(NO_COLLABORATION_CELL)
                        }
                        None => {}
                    }
                }
                // Neutralised for spreadsheets; import takes it off again.
                for cell in cells.iter_mut() {
                    if let std::borrow::Cow::Owned(escaped) = super::format::escape(cell) {
                        *cell = escaped;
                    }
                }
                if let Err(e) = writer.write_record(&cells) {
                    write_failed = Some(e);
                    return Err(StoreError::Stopped);
                }
                written += 1;
                Ok(())
            })
            .await;
        if let Some(e) = write_failed.take() {
            return Err(ExportError::Write(e));
        }
        streamed?;
    }
    writer.flush().map_err(csv::Error::from)?;
    Ok(written)
}

/// What a column holds, in words for a person reading the Excel download:
/// the key columns' names, a question's short title, or a stair column's
/// partner and part. `None` for a column the round's instruments do not
/// know.
pub fn readable_header(round: &crate::survey::Round, column: &str) -> Option<String> {
    match column {
        "round" => return Some("Runde".into()),
        "unit" => return Some("Enhet".into()),
        "role" => return Some("Rolle".into()),
        _ => {}
    }
    let owner = crate::survey::library::owner_in(&round.instruments, column)?;
    let Some(relation) = &owner.relation else {
        // A question without a short title (a comment box) goes by its
        // instrument's title.
        return Some(
            owner
                .question
                .short
                .clone()
                .unwrap_or_else(|| owner.instrument.title.clone()),
        );
    };
    let partner = round
        .relations
        .iter()
        .find(|r| &r.key == relation)
        .map_or_else(
            || crate::survey::round::relation_label(relation),
            |r| r.label.clone(),
        );
    let crate::survey::QuestionKind::Stair(stair) = &owner.question.kind else {
        return None;
    };
    let part = match owner.part? {
        "now" => "I dag".into(),
        "goal" => stair
            .goal_short
            .clone()
            .unwrap_or_else(|| "Mulig å nå".into()),
        _ => "Kjennetegn".into(),
    };
    Some(format!("{partner} – {part}"))
}
