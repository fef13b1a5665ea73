//! Responses reduced to what every figure rests on: for each (round, unit,
//! role) the number of responses, the count of answers at each level of each
//! scale item, and for each stair relation the joint count of (now, goal)
//! and the number who said they do not collaborate with the partner.
//! This frequency table is the sufficient statistic of the data: a million
//! responses become a few thousand counts, read in one streaming pass.

use std::collections::HashMap;

/// What a scale column measures.
#[derive(Debug, Clone, PartialEq)]
pub enum ItemKind {
    /// A statement or other scale question (the poster's `plakat.p01` …).
    Scale,
    /// The current step on the stair for a relation.
    StairNow { relation: String },
    /// The step the respondent thinks can be reached.
    StairGoal { relation: String },
    /// A single-choice question: level i is the option `keys[i − 1]`.
    Choice {
        keys: Vec<String>,
        labels: Vec<String>,
    },
}

/// One scale column: its name in the exchange CSV and its range.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemSpec {
    pub column: String,
    pub kind: ItemKind,
    pub min: i32,
    pub max: i32,
}

impl ItemSpec {
    pub fn levels(&self) -> usize {
        (self.max - self.min + 1) as usize
    }
}

/// A free-text answer: a comment, or a note on a stair relation.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    pub round: u32,
    pub unit: u32,
    pub relation: Option<String>,
    pub text: String,
}

type Hasher = foldhash::fast::RandomState;

/// Interns names to dense indices; looks up by bytes, so a CSV row needs no
/// allocation once its names have been seen.
#[derive(Debug, Default, Clone)]
pub struct Dictionary {
    pub names: Vec<String>,
    index: HashMap<Vec<u8>, u32, Hasher>,
    /// A name that was not UTF-8 (and was read with U+FFFD in it).
    pub not_utf8: bool,
}

impl Dictionary {
    pub fn intern(&mut self, name: &[u8]) -> u32 {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        let i = self.names.len() as u32;
        let text = String::from_utf8_lossy(name);
        self.not_utf8 |= matches!(text, std::borrow::Cow::Owned(_));
        self.names.push(text.into_owned());
        self.index.insert(name.to_vec(), i);
        i
    }

    pub fn get(&self, name: &str) -> Option<u32> {
        self.index.get(name.as_bytes()).copied()
    }
}

/// The counts of one (round, unit, role), in one flat vector laid out by
/// `Layout`: first the levels of every item, then every pair's joint table.
#[derive(Debug, Clone, PartialEq)]
pub struct CellCounts {
    pub round: u32,
    pub unit: u32,
    pub role: u32,
    pub responses: u64,
    counts: Vec<u64>,
}

/// Where each item's levels, each pair's joint table and each pair's
/// "samarbeider ikke" count sit in a cell.
#[derive(Debug, Clone, Default)]
struct Layout {
    item_offset: Vec<usize>,
    pair_offset: Vec<usize>,
    apart_offset: Vec<usize>,
    /// Per item: the pair whose current step it is.
    now_of: Vec<Option<usize>>,
    len: usize,
}

/// A row's code for "samarbeider ikke" on a current step (0 is no answer,
/// and a level is its index + 1; no item has 255 levels).
const APART: u8 = u8::MAX;

/// A stair relation with both its columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub relation: String,
    pub now: usize,
    pub goal: usize,
}

#[derive(Debug, Clone)]
pub struct Dataset {
    pub rounds: Dictionary,
    pub units: Dictionary,
    pub roles: Dictionary,
    pub items: Vec<ItemSpec>,
    pub pairs: Vec<Pair>,
    pub cells: Vec<CellCounts>,
    pub texts: Vec<Text>,
    /// Numeric cells that were not a whole number in range: counted, shown
    /// in the report header, and treated as not answered.
    pub invalid_cells: u64,
    /// A free text that was not UTF-8 (see `not_utf8`).
    pub text_not_utf8: bool,
    rows: usize,
    layout: Layout,
    /// Cell by the row's "round\0unit\0role" bytes: one lookup per row.
    cell_index: HashMap<Vec<u8>, usize, Hasher>,
    key: Vec<u8>,
    /// The row being read: its cell, and per item 0 (no answer) or level + 1.
    current: usize,
    row: Vec<u8>,
}

impl Dataset {
    /// Whether any name or text was not UTF-8: the file is then probably
    /// Windows-1252 (see `csvio::format::to_utf8`) and worth reading again.
    pub fn not_utf8(&self) -> bool {
        self.rounds.not_utf8 || self.units.not_utf8 || self.roles.not_utf8 || self.text_not_utf8
    }

    pub fn new(items: Vec<ItemSpec>) -> Dataset {
        let pairs: Vec<Pair> = items
            .iter()
            .enumerate()
            .filter_map(|(now, spec)| match &spec.kind {
                ItemKind::StairNow { relation } => items
                    .iter()
                    .position(
                        |s| matches!(&s.kind, ItemKind::StairGoal { relation: r } if r == relation),
                    )
                    .map(|goal| Pair {
                        relation: relation.clone(),
                        now,
                        goal,
                    }),
                _ => None,
            })
            .collect();
        let mut layout = Layout::default();
        for spec in &items {
            layout.item_offset.push(layout.len);
            layout.len += spec.levels();
        }
        for p in &pairs {
            layout.pair_offset.push(layout.len);
            layout.len += items[p.now].levels() * items[p.goal].levels();
        }
        layout.now_of = vec![None; items.len()];
        for (j, p) in pairs.iter().enumerate() {
            layout.apart_offset.push(layout.len);
            layout.len += 1;
            layout.now_of[p.now] = Some(j);
        }
        Dataset {
            rounds: Dictionary::default(),
            units: Dictionary::default(),
            roles: Dictionary::default(),
            row: vec![0; items.len()],
            items,
            pairs,
            cells: Vec::new(),
            texts: Vec::new(),
            invalid_cells: 0,
            text_not_utf8: false,
            rows: 0,
            layout,
            cell_index: HashMap::default(),
            key: Vec::new(),
            current: 0,
        }
    }

    /// Answers per level of item `i` in `cell`.
    pub fn levels<'a>(&self, cell: &'a CellCounts, i: usize) -> &'a [u64] {
        let start = self.layout.item_offset[i];
        &cell.counts[start..start + self.items[i].levels()]
    }

    /// The joint (now, goal) counts of pair `j` in `cell`, indexed
    /// `(now − min) × goal levels + (goal − min)`.
    pub fn joint<'a>(&self, cell: &'a CellCounts, j: usize) -> &'a [u64] {
        let p = &self.pairs[j];
        let start = self.layout.pair_offset[j];
        &cell.counts[start..start + self.items[p.now].levels() * self.items[p.goal].levels()]
    }

    /// How many in `cell` said they do not collaborate with the partner of
    /// pair `j` (on its current step).
    pub fn apart(&self, cell: &CellCounts, j: usize) -> u64 {
        cell.counts[self.layout.apart_offset[j]]
    }

    /// Responses read.
    pub fn len(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Starts a response; set its values with `push_*`, then `end_row`.
    pub fn begin_row(&mut self, round: &[u8], unit: &[u8], role: &[u8]) -> (u32, u32) {
        self.key.clear();
        for part in [round, unit, role] {
            self.key.extend_from_slice(part);
            self.key.push(0);
        }
        let cell = match self.cell_index.get(self.key.as_slice()) {
            Some(&c) => c,
            None => {
                self.cells.push(CellCounts {
                    round: self.rounds.intern(round),
                    unit: self.units.intern(unit),
                    role: self.roles.intern(role),
                    responses: 0,
                    counts: vec![0; self.layout.len],
                });
                self.cell_index
                    .insert(self.key.clone(), self.cells.len() - 1);
                self.cells.len() - 1
            }
        };
        self.current = cell;
        self.row.fill(0);
        (self.cells[cell].round, self.cells[cell].unit)
    }

    /// A raw cell for item `i`: empty is "not answered"; anything but a whole
    /// number in range is counted as invalid and treated as not answered.
    pub fn push_cell(&mut self, i: usize, cell: &[u8]) {
        let cell = cell.trim_ascii();
        if cell.is_empty() {
            return;
        }
        if let ItemKind::Choice { keys, .. } = &self.items[i].kind {
            let value = keys
                .iter()
                .position(|k| k.as_bytes() == cell)
                .map(|p| p as i32 + 1);
            match value {
                Some(v) => self.push_value(i, Some(v)),
                None => self.invalid_cells += 1,
            }
            return;
        }
        // "Vet ikke" is an answer but never a score: it counts like a blank.
        // (Only here: a choice may have an option of that name.)
        if cell[0].is_ascii_alphabetic() && is_dont_know_bytes(cell) {
            return;
        }
        // "Samarbeider ikke": counted apart, on a current step only.
        if cell[0].is_ascii_alphabetic() && is_no_collaboration_bytes(cell) {
            match self.layout.now_of[i] {
                Some(_) => self.row[i] = APART,
                None => self.invalid_cells += 1,
            }
            return;
        }
        let value = match cell {
            [d] if d.is_ascii_digit() => Some((d - b'0') as i32),
            _ => std::str::from_utf8(cell)
                .ok()
                .and_then(|s| s.parse::<i32>().ok()),
        };
        self.push_value(i, value);
    }

    /// A stored choice for item `i`, by its option key.
    pub fn push_choice(&mut self, i: usize, key: &str) {
        let value = match &self.items[i].kind {
            ItemKind::Choice { keys, .. } => {
                keys.iter().position(|k| k == key).map(|p| p as i32 + 1)
            }
            _ => None,
        };
        match value {
            Some(v) => self.push_value(i, Some(v)),
            None => self.invalid_cells += 1,
        }
    }

    /// A value for item `i`; out of range counts as invalid.
    pub fn push_value(&mut self, i: usize, value: Option<i32>) {
        let Some(v) = value else { return };
        let spec = &self.items[i];
        if (spec.min..=spec.max).contains(&v) {
            self.row[i] = (v - spec.min + 1) as u8;
        } else {
            self.invalid_cells += 1;
        }
    }

    /// Counts the row.
    pub fn end_row(&mut self) {
        self.rows += 1;
        let cell = &mut self.cells[self.current];
        cell.responses += 1;
        for (i, (&code, &offset)) in self.row.iter().zip(&self.layout.item_offset).enumerate() {
            if code == APART {
                if let Some(j) = self.layout.now_of[i] {
                    cell.counts[self.layout.apart_offset[j]] += 1;
                }
            } else if code > 0 {
                cell.counts[offset + code as usize - 1] += 1;
            }
        }
        for (p, &offset) in self.pairs.iter().zip(&self.layout.pair_offset) {
            let (now, goal) = (self.row[p.now], self.row[p.goal]);
            if now > 0 && goal > 0 && now != APART {
                let width = self.items[p.goal].levels();
                cell.counts[offset + (now as usize - 1) * width + goal as usize - 1] += 1;
            }
        }
    }

    /// Adds the kept counts of `responses` responses of one (round, unit,
    /// role); set their answers with `add_level` and `add_joint`.
    pub fn begin_tally(&mut self, round: &[u8], unit: &[u8], role: &[u8], responses: u64) {
        self.begin_row(round, unit, role);
        self.rows += responses as usize;
        self.cells[self.current].responses += responses;
    }

    /// `n` answers of `value` on item `i`, counted as `push_value` would
    /// count them one by one.
    pub fn add_level(&mut self, i: usize, value: i32, n: u64) {
        let spec = &self.items[i];
        if (spec.min..=spec.max).contains(&value) {
            let offset = self.layout.item_offset[i];
            self.cells[self.current].counts[offset + (value - spec.min) as usize] += n;
        } else {
            self.invalid_cells += n;
        }
    }

    /// `n` answers of a stored choice `key` (or number, or "samarbeider
    /// ikke" on a current step) on item `i`.
    pub fn add_stored(&mut self, i: usize, stored: &str, n: u64) {
        if stored == crate::survey::tally::NO_COLLABORATION_KEY
            && let Some(j) = self.layout.now_of[i]
        {
            self.cells[self.current].counts[self.layout.apart_offset[j]] += n;
            return;
        }
        let value = match &self.items[i].kind {
            ItemKind::Choice { keys, .. } => keys
                .iter()
                .position(|k| k == stored)
                .map(|p| p as i32 + 1)
                .or_else(|| stored.parse().ok()),
            _ => stored.parse().ok(),
        };
        match value {
            Some(v) => self.add_level(i, v, n),
            None => self.invalid_cells += n,
        }
    }

    /// `n` responses with steps (`now`, `goal`) on pair `j`; steps out of
    /// range were counted as invalid with their items.
    pub fn add_joint(&mut self, j: usize, now: i32, goal: i32, n: u64) {
        let p = &self.pairs[j];
        let (now_spec, goal_spec) = (&self.items[p.now], &self.items[p.goal]);
        if (now_spec.min..=now_spec.max).contains(&now)
            && (goal_spec.min..=goal_spec.max).contains(&goal)
        {
            let width = goal_spec.levels();
            let at = self.layout.pair_offset[j]
                + (now - now_spec.min) as usize * width
                + (goal - goal_spec.min) as usize;
            self.cells[self.current].counts[at] += n;
        }
    }

    /// Adds the counts and texts of `other` (read from a later part of the
    /// same file, with the same items) after this one's.
    pub fn append(&mut self, other: Dataset) {
        debug_assert_eq!(self.items, other.items);
        let name = |d: &Dictionary, i: u32| d.names[i as usize].clone();
        for cell in &other.cells {
            let (round, unit, role) = (
                name(&other.rounds, cell.round),
                name(&other.units, cell.unit),
                name(&other.roles, cell.role),
            );
            self.begin_row(round.as_bytes(), unit.as_bytes(), role.as_bytes());
            let ours = &mut self.cells[self.current];
            ours.responses += cell.responses;
            for (a, b) in ours.counts.iter_mut().zip(&cell.counts) {
                *a += b;
            }
        }
        for t in other.texts {
            let round = self
                .rounds
                .intern(other.rounds.names[t.round as usize].as_bytes());
            let unit = self
                .units
                .intern(other.units.names[t.unit as usize].as_bytes());
            self.texts.push(Text { round, unit, ..t });
        }
        self.rows += other.rows;
        self.invalid_cells += other.invalid_cells;
        self.text_not_utf8 |= other.text_not_utf8;
        for (ours, theirs) in [
            (&mut self.rounds, &other.rounds),
            (&mut self.units, &other.units),
            (&mut self.roles, &other.roles),
        ] {
            ours.not_utf8 |= theirs.not_utf8;
        }
    }

    /// Keeps a free text unless it is empty or only whitespace.
    pub fn push_text(&mut self, round: u32, unit: u32, relation: Option<&str>, text: &str) {
        if !text.trim().is_empty() {
            self.texts.push(Text {
                round,
                unit,
                relation: relation.map(String::from),
                text: text.to_string(),
            });
        }
    }
}

/// Whether a raw CSV cell is one of the words for "vet ikke".
fn is_dont_know_bytes(cell: &[u8]) -> bool {
    std::str::from_utf8(cell).is_ok_and(crate::survey::answer::is_dont_know)
}

/// Whether a raw CSV cell is one of the words for "samarbeider ikke".
fn is_no_collaboration_bytes(cell: &[u8]) -> bool {
    std::str::from_utf8(cell).is_ok_and(crate::survey::answer::is_no_collaboration)
}
