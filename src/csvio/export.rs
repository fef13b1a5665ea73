//! CSV export in the exchange format: `round, unit, role`, then the answer
//! columns. Import of what this writes gives back exactly the same data.

use std::io::Write;

use crate::store::{Store, StoreError};
use crate::survey::answer::decode_answers;
use crate::survey::{Round, Value};

/// Writes the responses of `rounds` (in that order) to `out`; the header is
/// the union of the rounds' columns, in order of first appearance.
pub async fn export(
    store: &dyn Store,
    rounds: &[Round],
    out: impl Write + Send,
) -> Result<u64, StoreError> {
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
    let io = |e: csv::Error| StoreError::Corrupt(format!("kan ikke skrive CSV: {e}"));
    let mut header = vec!["round", "unit", "role"];
    header.extend(names.iter());
    writer.write_record(&header).map_err(io)?;
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
        store
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
                        None => {}
                    }
                }
                // Neutralised for spreadsheets; import takes it off again.
                for cell in cells.iter_mut() {
                    if let std::borrow::Cow::Owned(escaped) = super::format::escape(cell) {
                        *cell = escaped;
                    }
                }
                writer.write_record(&cells).map_err(io)?;
                written += 1;
                Ok(())
            })
            .await?;
    }
    writer
        .flush()
        .map_err(|e| StoreError::Corrupt(format!("kan ikke skrive CSV: {e}")))?;
    Ok(written)
}
