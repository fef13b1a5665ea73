//! Responses in columnar form, the input to analysis: rounds, units and roles
//! dictionary-encoded, one nullable integer column per scale item, and the
//! free-text answers beside them.

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
}

/// One scale column: its name in the exchange CSV and its range.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemSpec {
    pub column: String,
    pub kind: ItemKind,
    pub min: i32,
    pub max: i32,
}

/// A free-text answer: a comment, or a note on a stair relation.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    pub round: u32,
    pub unit: u32,
    pub relation: Option<String>,
    pub text: String,
}

/// Interns strings to dense indices.
#[derive(Debug, Default, Clone)]
pub struct Dictionary {
    pub names: Vec<String>,
    index: HashMap<String, u32>,
}

impl Dictionary {
    pub fn intern(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(name.to_string());
        self.index.insert(name.to_string(), i);
        i
    }

    pub fn get(&self, name: &str) -> Option<u32> {
        self.index.get(name).copied()
    }
}

#[derive(Debug, Clone)]
pub struct Dataset {
    pub rounds: Dictionary,
    pub units: Dictionary,
    pub roles: Dictionary,
    pub round: Vec<u32>,
    pub unit: Vec<u32>,
    pub role: Vec<u32>,
    pub items: Vec<ItemSpec>,
    /// `values[i]` is the column of `items[i]`, one entry per response.
    pub values: Vec<Vec<Option<i32>>>,
    pub texts: Vec<Text>,
    /// Numeric cells that were not a whole number in range: counted, shown
    /// in the report header, and treated as not answered.
    pub invalid_cells: u64,
}

impl Dataset {
    pub fn new(items: Vec<ItemSpec>) -> Dataset {
        Dataset {
            rounds: Dictionary::default(),
            units: Dictionary::default(),
            roles: Dictionary::default(),
            round: Vec::new(),
            unit: Vec::new(),
            role: Vec::new(),
            values: vec![Vec::new(); items.len()],
            items,
            texts: Vec::new(),
            invalid_cells: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.round.len()
    }

    pub fn is_empty(&self) -> bool {
        self.round.is_empty()
    }

    /// Starts a response; push exactly one value per item after it.
    pub fn begin_row(&mut self, round: &str, unit: &str, role: &str) -> (u32, u32) {
        let r = self.rounds.intern(round);
        let u = self.units.intern(unit);
        let ro = self.roles.intern(role);
        self.round.push(r);
        self.unit.push(u);
        self.role.push(ro);
        (r, u)
    }

    /// A raw cell for item `i`: empty is "not answered", anything but a whole
    /// number in range is counted as invalid and treated as not answered.
    pub fn push_cell(&mut self, i: usize, cell: &[u8]) {
        let cell = cell.trim_ascii();
        let value = if cell.is_empty() {
            None
        } else {
            let spec = &self.items[i];
            match std::str::from_utf8(cell)
                .ok()
                .and_then(|s| s.parse::<i32>().ok())
            {
                Some(v) if (spec.min..=spec.max).contains(&v) => Some(v),
                _ => {
                    self.invalid_cells += 1;
                    None
                }
            }
        };
        self.values[i].push(value);
    }

    pub fn push_value(&mut self, i: usize, value: Option<i32>) {
        self.values[i].push(value);
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
