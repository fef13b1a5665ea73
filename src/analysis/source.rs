//! Loading a dataset: straight from an exchange CSV file (no database), or
//! from the store for the rounds a report needs.

use super::aggregate::Labels;
use super::dataset::{Dataset, ItemKind, ItemSpec};
use crate::store::{Snapshot, Store};
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

/// Files smaller than this are read on one thread: splitting costs more.
const PARALLEL_FROM: usize = 4 << 20;

/// Reads an exchange CSV file held in memory (mapped, for a large file).
/// Columns are known from `library`; extra columns are ignored; invalid
/// numeric cells are counted and skipped.
///
/// Parsing is most of the work, so the body is split into one piece per
/// core at record boundaries, and each piece is parsed and counted on its
/// own thread into a dataset of its own; the datasets are then added
/// together in file order. A record boundary is a line end outside quotes:
/// in CSV a quote opens or closes a quoted field (a doubled quote inside
/// one does both), so an even number of quotes before a line end means
/// it ends a record.
pub fn from_csv(
    bytes: &[u8],
    library: &Library,
    municipality: &str,
) -> Result<(Dataset, Labels), String> {
    // `sniff` steps over a byte order mark: `rest` starts at the header.
    let mut rest = bytes;
    let delimiter = crate::csvio::format::sniff(&mut rest).map_err(|e| e.to_string())?;
    let mut reader = crate::csvio::format::reader(rest).map_err(|e| e.to_string())?;
    let found = crate::csvio::format::Header::read(&mut reader)
        .map_err(|e| format!("overskriften kan ikke leses: {e}"))?;
    let missing = |name: &str| format!("kolonnen «{name}» mangler");
    let keys = Keys {
        round: found.round.ok_or_else(|| missing("round"))?,
        unit: found.unit.ok_or_else(|| missing("unit"))?,
        role: found.role.ok_or_else(|| missing("role"))?,
        width: found.names.len(),
    };
    let names: Vec<&str> = found.names.iter().map(String::as_str).collect();
    let (items, slots) = plan(library.instruments(), &names);
    let body = &rest[(reader.position().byte() as usize).min(rest.len())..];
    let threads = if body.len() < PARALLEL_FROM {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    };
    let pieces = split_records(body, threads);
    let mut results: Vec<Result<Dataset, PieceError>> = std::thread::scope(|scope| {
        let workers: Vec<_> = pieces
            .iter()
            .map(|piece| {
                let (items, slots, keys) = (items.clone(), &slots, &keys);
                scope.spawn(move || count_piece(piece, delimiter, items, slots, keys))
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or(Err(PieceError::Stopped)))
            .collect()
    });
    // A stray quote inside an unquoted field (`ab"c`) breaks the quote
    // count, so a piece may start inside a record: when any piece fails,
    // the file is read again whole, on one thread, for the right message
    // (or the right figures).
    if pieces.len() > 1 && results.iter().any(Result::is_err) {
        results = vec![count_piece(body, delimiter, items.clone(), &slots, &keys)];
    }
    let mut data: Option<Dataset> = None;
    for result in results {
        // Rows are numbered from the header's row 1 across all pieces.
        let before = data.as_ref().map_or(0, Dataset::len);
        let piece = result.map_err(|e| e.words(before))?;
        match &mut data {
            None => data = Some(piece),
            Some(d) => d.append(piece),
        }
    }
    let mut data = data.unwrap_or_else(|| Dataset::new(items));
    let mut labels = Labels {
        municipality: municipality.to_string(),
        ..Labels::default()
    };
    // As in a round in the database: where a role without a unit
    // (folkevalgt) answers, the whole municipality is a unit, listed
    // whether or not anyone answered there.
    if data
        .roles
        .names
        .iter()
        .any(|r| !crate::survey::round::role_has_unit(r))
    {
        let whole = crate::survey::round::whole_municipality(municipality);
        data.units.intern(whole.as_bytes());
        labels.units.push(whole);
    }
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

/// Where the key columns stand, and how many fields a record has.
struct Keys {
    round: usize,
    unit: usize,
    role: usize,
    width: usize,
}

/// Why a piece could not be read; rows count from the piece's start.
enum PieceError {
    Unreadable {
        row: usize,
        reason: String,
    },
    Width {
        row: usize,
        fields: usize,
        width: usize,
    },
    Stopped,
}

impl PieceError {
    /// The message, with rows numbered in the whole file (`before` rows
    /// came in earlier pieces; the header is row 1).
    fn words(self, before: usize) -> String {
        match self {
            PieceError::Unreadable { row, reason } => {
                format!("rad {} kan ikke leses: {reason}", before + row + 2)
            }
            PieceError::Width { row, fields, width } => format!(
                "rad {} har {fields} felt, men overskriften har {width}",
                before + row + 2
            ),
            PieceError::Stopped => "filen kunne ikke leses helt (lesetråden stanset)".to_string(),
        }
    }
}

/// Splits `body` (whole records) into at most `n` pieces of whole records.
fn split_records(body: &[u8], n: usize) -> Vec<&[u8]> {
    let mut pieces = Vec::with_capacity(n);
    let mut start = 0;
    // Quotes seen before `start`: even, since `start` begins a record.
    for k in 1..n {
        let guess = (body.len() * k / n).max(start);
        if guess >= body.len() {
            break;
        }
        let quotes_before = memchr::memchr_iter(b'"', &body[start..guess]).count();
        let mut inside = quotes_before % 2 == 1;
        let mut end = None;
        for (i, &b) in body[guess..].iter().enumerate() {
            match b {
                b'"' => inside = !inside,
                b'\n' if !inside => {
                    end = Some(guess + i + 1);
                    break;
                }
                _ => {}
            }
        }
        let Some(end) = end else { break };
        pieces.push(&body[start..end]);
        start = end;
    }
    pieces.push(&body[start..]);
    pieces
}

/// Parses and counts one piece of whole records.
fn count_piece(
    piece: &[u8],
    delimiter: u8,
    items: Vec<ItemSpec>,
    slots: &[Slot],
    keys: &Keys,
) -> Result<Dataset, PieceError> {
    let unescape = crate::csvio::format::unescape_bytes;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(piece);
    let mut data = Dataset::new(items);
    let mut record = csv::ByteRecord::new();
    let mut row = 0;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return Ok(data),
            Err(e) => {
                return Err(PieceError::Unreadable {
                    row,
                    reason: e.to_string(),
                });
            }
        }
        if record.len() != keys.width {
            return Err(PieceError::Width {
                row,
                fields: record.len(),
                width: keys.width,
            });
        }
        let (r, u) = data.begin_row(
            unescape(record[keys.round].trim_ascii()),
            unescape(record[keys.unit].trim_ascii()),
            unescape(record[keys.role].trim_ascii()),
        );
        for (i, slot) in slots.iter().enumerate() {
            match slot {
                Slot::Item(item) => data.push_cell(*item, &record[i]),
                Slot::Text(relation) if !record[i].trim_ascii().is_empty() => {
                    let text = String::from_utf8_lossy(unescape(&record[i]));
                    data.text_not_utf8 |= matches!(text, std::borrow::Cow::Owned(_));
                    data.push_text(r, u, relation.as_deref(), &text);
                }
                _ => {}
            }
        }
        data.end_row();
        row += 1;
    }
}

/// Reads the kept counts of `rounds` from the store, and R's (the first's)
/// free texts, as they stand now.
pub async fn from_store(store: &dyn Store, rounds: &[&Round]) -> anyhow::Result<(Dataset, Labels)> {
    let mut snapshots = Vec::with_capacity(rounds.len());
    for (i, round) in rounds.iter().enumerate() {
        snapshots.push(Snapshot {
            tallies: store.tallies(&round.id).await?,
            // No report shows an earlier round's free texts.
            texts: if i == 0 {
                store.texts(&round.id).await?
            } else {
                Vec::new()
            },
        });
    }
    let parts: Vec<Part> = rounds
        .iter()
        .zip(&snapshots)
        .map(|(round, snapshot)| Part {
            round,
            name: &round.id,
            snapshot,
        })
        .collect();
    from_snapshots(&parts)
}

/// One round's counts and texts for a dataset, under the name the dataset
/// gives it (two versions of one round need two names).
pub struct Part<'a> {
    pub round: &'a Round,
    pub name: &'a str,
    pub snapshot: &'a Snapshot,
}

/// Builds a dataset from kept counts and texts (the first part decides the
/// items; the others are matched by column name).
pub fn from_snapshots(parts: &[Part]) -> anyhow::Result<(Dataset, Labels)> {
    let first = parts
        .first()
        .ok_or_else(|| anyhow::anyhow!("ingen runde å lese"))?
        .round;
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
        let asked = first.relations_for(&u.name);
        let unasked: Vec<String> = first
            .relations
            .iter()
            .filter(|r| !asked.iter().any(|a| a.key == r.key))
            .map(|r| r.key.clone())
            .collect();
        if !unasked.is_empty() {
            labels.unasked.insert(u.name.clone(), unasked);
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
    for part in parts {
        let (round, name) = (part.round, part.name.to_string());
        data.rounds.intern(name.as_bytes());
        if round.legacy_rule {
            labels.legacy_rounds.insert(name.clone());
        }
        labels.defined_by_round.insert(
            name.clone(),
            (
                round.units.iter().map(|u| u.name.clone()).collect(),
                round.roles.iter().map(|r| r.key.clone()).collect(),
            ),
        );
        labels.invited_by_round.insert(
            name.clone(),
            round
                .units
                .iter()
                .filter_map(|u| u.invited.map(|i| (u.name.clone(), i)))
                .collect(),
        );
        labels
            .areas
            .insert(name, crate::survey::round::areas_of(&round.units));
    }
    step_and_scale_names(&first.instruments, &data.items, &mut labels);
    for part in parts {
        let (round, name) = (part.round, part.name);
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
                    .insert((item.column.clone(), name.to_string()), t);
            }
        }
        // The kept counts: their number does not grow with the responses.
        let item_of = |column: &str| match slots.get(round.column_index(column)?)? {
            Slot::Item(i) => Some(*i),
            _ => None,
        };
        for kept in &part.snapshot.tallies {
            let t = &kept.tally;
            data.begin_tally(
                name.as_bytes(),
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
        let r = data.rounds.intern(name.as_bytes());
        for kept in &part.snapshot.texts {
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

    fn records(bytes: &[u8]) -> Vec<csv::ByteRecord> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(b';')
            .from_reader(bytes)
            .byte_records()
            .map(Result::unwrap)
            .collect()
    }

    #[test]
    fn pieces_end_at_line_ends_outside_quotes() {
        let body = b"1;\"a\nb\";x\n2;\"\"\"\n\";y\n3;c;z\n4;\"d;\n\n\";w\n5;e;v\n";
        for n in 1..=8 {
            let pieces = split_records(body, n);
            assert!(pieces.len() <= n);
            assert_eq!(pieces.concat(), body, "{n} pieces cover the body");
            let parsed: Vec<csv::ByteRecord> = pieces.iter().flat_map(|p| records(p)).collect();
            assert_eq!(parsed, records(body), "{n} pieces");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

        /// Any file of quoted and plain fields, cut into any number of
        /// pieces, gives the records of the whole file.
        #[test]
        fn pieces_give_the_records_of_the_whole(
            rows in proptest::collection::vec(proptest::collection::vec("[a;\"\n ]{0,5}", 1..4), 0..30),
            n in 1usize..6,
        ) {
            let mut body = Vec::new();
            for row in &rows {
                let cells: Vec<String> = row
                    .iter()
                    .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
                    .collect();
                body.extend_from_slice(cells.join(";").as_bytes());
                body.push(b'\n');
            }
            let pieces = split_records(&body, n);
            proptest::prop_assert_eq!(pieces.concat(), body.clone());
            let parsed: Vec<csv::ByteRecord> = pieces.iter().flat_map(|p| records(p)).collect();
            proptest::prop_assert_eq!(parsed, records(&body));
        }

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
