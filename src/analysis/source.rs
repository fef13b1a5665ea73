//! Loading a dataset: straight from an exchange CSV file (no database), or
//! from the store for the rounds a report needs.

use std::io::Read;

use super::aggregate::Labels;
use super::dataset::{Dataset, ItemKind, ItemSpec};
use crate::store::Store;
use crate::survey::library::owner_in;
use crate::survey::tally::parse_pair_key;
use crate::survey::{Instrument, Library, QuestionKind, Round};

/// What a file or round column feeds.
#[derive(Debug, Clone, PartialEq)]
enum Slot {
    Item(usize),
    Text(Option<String>),
    Skip,
}

/// A free text found by the parsing thread: (row in batch, column, text).
type TextCell = (usize, usize, String);

/// Records per batch handed from the parsing thread to the counting one.
const BATCH: usize = 4096;

use crate::survey::definition::fill_municipality as wording;

/// The question text behind a scale or choice column, if it has one.
fn question_text(instruments: &[Instrument], column: &str, municipality: &str) -> Option<String> {
    let owner = owner_in(instruments, column)?;
    match &owner.question.kind {
        QuestionKind::Scale { text, .. } | QuestionKind::Choice { text, .. } => {
            Some(wording(text, municipality))
        }
        _ => None,
    }
}

/// Step names, scale labels and instrument titles behind `items`.
fn step_and_scale_names(instruments: &[Instrument], items: &[ItemSpec], labels: &mut Labels) {
    for item in items {
        let Some(owner) = owner_in(instruments, &item.column) else {
            continue;
        };
        labels
            .instruments
            .insert(item.column.clone(), owner.instrument.title.clone());
        if let Some(short) = &owner.question.short {
            labels.shorts.insert(item.column.clone(), short.clone());
        }
        match &owner.question.kind {
            QuestionKind::Stair(s) if labels.steps.is_empty() => {
                labels.steps = s.steps.iter().map(|st| st.name.clone()).collect();
            }
            QuestionKind::Scale { scale, .. } if labels.scale_labels.is_empty() => {
                labels.scale_labels = scale.labels.clone();
            }
            _ => {}
        }
    }
}

/// Maps column names to item specs and slots, using `instruments` to know
/// what each column is. Unknown columns are skipped.
fn plan(instruments: &[Instrument], columns: &[&str]) -> (Vec<ItemSpec>, Vec<Slot>) {
    let mut items = Vec::new();
    let slots = columns
        .iter()
        .map(|&name| {
            let Some(owner) = owner_in(instruments, name) else {
                return Slot::Skip;
            };
            let mut item = |kind: ItemKind, min: i64, max: i64| {
                items.push(ItemSpec {
                    column: name.to_string(),
                    kind,
                    min: min as i32,
                    max: max as i32,
                });
                Slot::Item(items.len() - 1)
            };
            match (&owner.question.kind, owner.part, owner.relation) {
                (QuestionKind::Stair(s), Some("now"), Some(relation)) => {
                    item(ItemKind::StairNow { relation }, 1, s.steps.len() as i64)
                }
                (QuestionKind::Stair(s), Some("goal"), Some(relation)) => {
                    item(ItemKind::StairGoal { relation }, 1, s.steps.len() as i64)
                }
                (QuestionKind::Stair(_), Some("note"), relation) => Slot::Text(relation),
                (QuestionKind::Scale { scale, .. }, _, _) => {
                    item(ItemKind::Scale, scale.min, scale.max)
                }
                (QuestionKind::Choice { options, .. }, _, _) => item(
                    ItemKind::Choice {
                        keys: options.iter().map(|o| o.key.clone()).collect(),
                        labels: options.iter().map(|o| o.label.clone()).collect(),
                    },
                    1,
                    options.len() as i64,
                ),
                (QuestionKind::Text { .. }, _, _) => Slot::Text(None),
                _ => Slot::Skip,
            }
        })
        .collect();
    (items, slots)
}

/// Reads an exchange CSV file. Columns are known from `library`; extra
/// columns are ignored; invalid numeric cells are counted and skipped.
pub fn from_csv(
    input: impl Read + Send,
    library: &Library,
    municipality: &str,
) -> Result<(Dataset, Labels), String> {
    let mut reader = crate::csvio::format::reader(input).map_err(|e| e.to_string())?;
    let found = crate::csvio::format::Header::read(&mut reader)
        .map_err(|e| format!("overskriften kan ikke leses: {e}"))?;
    let missing = |name: &str| format!("kolonnen «{name}» mangler");
    let round_col = found.round.ok_or_else(|| missing("round"))?;
    let unit_col = found.unit.ok_or_else(|| missing("unit"))?;
    let role_col = found.role.ok_or_else(|| missing("role"))?;
    let header = found.names;
    let names: Vec<&str> = header.iter().map(String::as_str).collect();
    let (items, slots) = plan(library.instruments(), &names);
    let mut data = Dataset::new(items);
    // Parsing CSV is most of the work: one thread parses records in batches
    // (and copies out the free texts) while this one counts them, so the two
    // cores share it.
    let text_columns: Vec<usize> = (0..slots.len())
        .filter(|&i| matches!(slots[i], Slot::Text(_)))
        .collect();
    let (full_tx, full_rx) =
        std::sync::mpsc::sync_channel::<Result<(Vec<csv::ByteRecord>, Vec<TextCell>), String>>(4);
    let (empty_tx, empty_rx) = std::sync::mpsc::channel::<Vec<csv::ByteRecord>>();
    std::thread::scope(|scope| -> Result<(), String> {
        let parser = scope.spawn(move || {
            let mut not_utf8 = false;
            let mut parsed = 0usize;
            loop {
                let mut batch = empty_rx.try_recv().unwrap_or_default();
                batch.resize_with(BATCH, csv::ByteRecord::new);
                let mut filled = 0;
                while filled < BATCH {
                    match reader.read_byte_record(&mut batch[filled]) {
                        Ok(true) => filled += 1,
                        Ok(false) => break,
                        Err(e) => {
                            let _ = full_tx.send(Err(format!(
                                "rad {} kan ikke leses: {e}",
                                parsed + filled + 2
                            )));
                            return not_utf8;
                        }
                    }
                }
                parsed += filled;
                batch.truncate(filled);
                let mut texts = Vec::new();
                for (row, record) in batch.iter().enumerate() {
                    for &c in &text_columns {
                        if let Some(cell) = record.get(c)
                            && !cell.trim_ascii().is_empty()
                        {
                            let cell = crate::csvio::format::unescape_bytes(cell);
                            let text = String::from_utf8_lossy(cell);
                            not_utf8 |= matches!(text, std::borrow::Cow::Owned(_));
                            texts.push((row, c, text.into_owned()));
                        }
                    }
                }
                let last = filled < BATCH;
                if (filled > 0 && full_tx.send(Ok((batch, texts))).is_err()) || last {
                    return not_utf8;
                }
            }
        });
        for message in full_rx {
            let (batch, texts) = message?;
            let mut texts = texts.into_iter().peekable();
            for (row, record) in batch.iter().enumerate() {
                if record.len() != header.len() {
                    return Err(format!(
                        "rad {} har {} felt, men overskriften har {}",
                        data.len() + 2,
                        record.len(),
                        header.len()
                    ));
                }
                let unescape = crate::csvio::format::unescape_bytes;
                let (r, u) = data.begin_row(
                    unescape(record[round_col].trim_ascii()),
                    unescape(record[unit_col].trim_ascii()),
                    unescape(record[role_col].trim_ascii()),
                );
                for (i, slot) in slots.iter().enumerate() {
                    if let Slot::Item(item) = slot {
                        data.push_cell(*item, &record[i]);
                    }
                }
                data.end_row();
                while let Some((_, column, text)) = texts.next_if(|t| t.0 == row) {
                    if let Slot::Text(relation) = &slots[column] {
                        data.push_text(r, u, relation.as_deref(), &text);
                    }
                }
            }
            // The parser may already have stopped; then the batch is dropped.
            let _ = empty_tx.send(batch);
        }
        // A parser that panicked has not read the whole file: no report.
        data.text_not_utf8 = parser
            .join()
            .map_err(|_| "filen kunne ikke leses helt (lesetråden stanset)".to_string())?;
        Ok(())
    })?;
    let mut labels = Labels {
        municipality: municipality.to_string(),
        ..Labels::default()
    };
    step_and_scale_names(library.instruments(), &data.items, &mut labels);
    for item in &data.items {
        if let Some(t) = question_text(library.instruments(), &item.column, municipality) {
            for round in &data.rounds.names {
                labels
                    .wording
                    .insert((item.column.clone(), round.clone()), t.clone());
            }
        }
    }
    Ok((data, labels))
}

/// Reads the kept counts and texts of `rounds` (the first one decides the
/// items; the others are matched by column name).
pub async fn from_store(store: &dyn Store, rounds: &[&Round]) -> anyhow::Result<(Dataset, Labels)> {
    let first = rounds
        .first()
        .ok_or_else(|| anyhow::anyhow!("ingen runde å lese"))?;
    let names: Vec<&str> = first.columns().iter().map(|c| c.name.as_str()).collect();
    let (items, _) = plan(&first.instruments, &names);
    let mut data = Dataset::new(items);
    let mut labels = Labels {
        municipality: first.municipality.clone(),
        ..Labels::default()
    };
    for r in &first.relations {
        labels.relations.insert(r.key.clone(), r.label.clone());
    }
    for u in &first.units {
        if let Some(i) = u.invited {
            labels.invited.insert(u.name.clone(), i);
        }
    }
    // R's units and roles, and every round, are listed whether or not
    // anyone answered: a list of only those with answers would tell.
    for u in &first.units {
        data.units.intern(u.name.as_bytes());
        labels.units.push(u.name.clone());
    }
    for r in &first.roles {
        data.roles.intern(r.key.as_bytes());
        labels.roles.push(r.key.clone());
    }
    for round in rounds {
        data.rounds.intern(round.id.as_bytes());
    }
    step_and_scale_names(&first.instruments, &data.items, &mut labels);
    for round in rounds {
        let columns = round.columns();
        let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
        let (_, own_slots) = plan(&round.instruments, &names);
        // Re-point this round's item slots at the first round's items by name.
        let slots: Vec<Slot> = own_slots
            .into_iter()
            .zip(columns)
            .map(|(slot, c)| match slot {
                Slot::Item(_) => data
                    .items
                    .iter()
                    .position(|it| it.column == c.name)
                    .map_or(Slot::Skip, Slot::Item),
                other => other,
            })
            .collect();
        for item in &data.items {
            if let Some(t) = question_text(&round.instruments, &item.column, &round.municipality) {
                labels
                    .wording
                    .insert((item.column.clone(), round.id.clone()), t);
            }
        }
        // The kept counts: their number does not grow with the responses.
        let item_of = |column: &str| match slots.get(round.column_index(column)?)? {
            Slot::Item(i) => Some(*i),
            _ => None,
        };
        for kept in store.tallies(&round.id).await? {
            let t = &kept.tally;
            data.begin_tally(
                round.id.as_bytes(),
                kept.unit.as_bytes(),
                kept.role.as_bytes(),
                t.responses,
            );
            for (column, values) in &t.answers {
                if let Some(i) = item_of(column) {
                    for (value, &n) in values {
                        data.add_stored(i, value, n);
                    }
                }
            }
            for (relation, joint) in &t.pairs {
                let Some(j) = data.pairs.iter().position(|p| &p.relation == relation) else {
                    continue;
                };
                for (key, &n) in joint {
                    if let Some((now, goal)) = parse_pair_key(key)
                        && let (Ok(now), Ok(goal)) = (i32::try_from(now), i32::try_from(goal))
                    {
                        data.add_joint(j, now, goal, n);
                    }
                }
            }
        }
        for kept in store.texts(&round.id).await? {
            let r = data.rounds.intern(round.id.as_bytes());
            let u = data.units.intern(kept.unit.as_bytes());
            data.push_text(r, u, kept.text.relation.as_deref(), &kept.text.text);
        }
    }
    Ok((data, labels))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_columns_become_items_texts_and_skips() {
        let csv = "round;unit;role;trapp.skole.now;trapp.skole.goal;trapp.skole.note;plakat.p01;ekstra;kommentar\n\
                   2026;A;ansatt;2;3;grunn;6;x;«hei»\n2025;A;leder;;;; 4;;  \n";
        let (d, labels) = from_csv(csv.as_bytes(), &Library::builtin(), "Solvik").unwrap();
        assert_eq!(d.items.len(), 3);
        assert_eq!(d.len(), 2);
        let p01: u64 = d.cells.iter().map(|c| d.levels(c, 2)[3]).sum();
        assert_eq!(p01, 1, "one 4 on statement 1; the 6 is invalid");
        assert_eq!(d.invalid_cells, 1);
        assert_eq!(d.texts.len(), 2);
        assert_eq!(d.texts[0].relation.as_deref(), Some("skole"));
        let w = &labels.wording[&("plakat.p01".to_string(), "2025".to_string())];
        assert!(w.starts_with("Vi i Solvik har positive"), "{w}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

        /// Arbitrary bytes, or a valid file with damage: data or a message.
        #[test]
        fn arbitrary_csv_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
            let _ = from_csv(bytes.as_slice(), &Library::builtin(), "X");
        }

        #[test]
        fn damaged_csv_never_panics(cut in 0usize..200, junk in "[;,\"\\n\\r0-9a-zæøå]{0,6}") {
            let csv = "round;unit;role;trapp.skole.now;trapp.skole.goal;plakat.p01;kommentar\n\
                       2026;A;ansatt;2;3;4;\"a;b\"\"c\"\n2026;B;leder;;;5;\n2025;A;ansatt;1;9;x;\n";
            let at = cut.min(csv.len());
            let damaged = format!("{}{junk}{}", &csv[..at], &csv[at..]);
            let _ = from_csv(damaged.as_bytes(), &Library::builtin(), "X");
        }
    }
}
