//! The set of instruments available for new rounds: the shipped ones, or
//! those in a directory (checked together, so ids and prefixes are unique).

use std::collections::HashMap;
use std::path::Path;

use super::builtin;
use super::definition::{Instrument, Question, QuestionKind, is_simple_id};
use super::problem::Problem;

#[derive(Debug, Clone)]
pub struct Library {
    instruments: Vec<Instrument>,
}

impl Library {
    /// The instruments compiled into the binary.
    pub fn builtin() -> Library {
        Library::from_files(
            builtin::FILES
                .iter()
                .map(|(name, text)| (name.to_string(), text.to_string())),
        )
        .expect("shipped survey definitions are valid (tested)")
    }

    /// Loads every `*.toml` in `dir`, or the one file `path` names.
    pub fn load(path: &Path) -> Result<Library, Vec<Problem>> {
        let display = path.display().to_string();
        let mut files = Vec::new();
        if path.is_dir() {
            let entries = std::fs::read_dir(path)
                .map_err(|e| vec![Problem::new(&display, None, format!("kan ikke leses: {e}"))])?;
            let mut paths: Vec<_> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect();
            paths.sort();
            if paths.is_empty() {
                return Err(vec![Problem::new(
                    &display,
                    None,
                    "ingen .toml-filer i mappen".into(),
                )]);
            }
            for p in paths {
                files.push(read(&p)?);
            }
        } else {
            files.push(read(path)?);
        }
        Library::from_files(files)
    }

    /// Parses (file name, text) pairs and checks them as one set.
    pub fn from_files(
        files: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Library, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut instruments: Vec<Instrument> = Vec::new();
        let mut ids: HashMap<String, String> = HashMap::new();
        let mut prefixes: HashMap<String, String> = HashMap::new();
        for (name, text) in files {
            match Instrument::parse(&name, &text) {
                Err(mut p) => problems.append(&mut p),
                Ok(inst) => {
                    if let Some(other) = ids.insert(inst.id.clone(), name.clone()) {
                        problems.push(Problem::new(
                            &name,
                            Some(1),
                            format!("id «{}» er også brukt i {other}", inst.id),
                        ));
                    }
                    let key = inst.prefix.clone().unwrap_or_default();
                    if let Some(other) = prefixes.insert(key.clone(), name.clone())
                        && !key.is_empty()
                    {
                        problems.push(Problem::new(
                            &name,
                            None,
                            format!("prefix «{key}» er også brukt i {other}"),
                        ));
                    }
                    instruments.push(inst);
                }
            }
        }
        if problems.is_empty() {
            Ok(Library { instruments })
        } else {
            Err(problems)
        }
    }

    pub fn get(&self, id: &str) -> Option<&Instrument> {
        self.instruments.iter().find(|i| i.id == id)
    }

    pub fn instruments(&self) -> &[Instrument] {
        &self.instruments
    }

    /// The instrument and question an exchange-CSV column belongs to, with
    /// the relation and part (`now`, `goal`, `note`) for stair columns.
    pub fn column_owner(&self, column: &str) -> Option<ColumnOwner<'_>> {
        owner_in(&self.instruments, column)
    }
}

/// Where a column comes from; see `Library::column_owner`.
#[derive(Debug, Clone)]
pub struct ColumnOwner<'a> {
    pub instrument: &'a Instrument,
    pub question: &'a Question,
    pub relation: Option<String>,
    pub part: Option<&'static str>,
}

/// The owner of `column` among `instruments`.
pub fn owner_in<'a>(instruments: &'a [Instrument], column: &str) -> Option<ColumnOwner<'a>> {
    for inst in instruments {
        let rest = match &inst.prefix {
            Some(p) => match column
                .strip_prefix(p.as_str())
                .and_then(|r| r.strip_prefix('.'))
            {
                Some(rest) => rest,
                None => continue,
            },
            None => column,
        };
        for q in &inst.questions {
            match &q.kind {
                QuestionKind::Stair(stair) => {
                    let Some((relation, part)) = rest.split_once('.') else {
                        continue;
                    };
                    let part = match part {
                        "now" => "now",
                        "goal" => "goal",
                        "note" if stair.note.is_some() => "note",
                        _ => continue,
                    };
                    if is_simple_id(relation) && !relation.contains('-') {
                        return Some(ColumnOwner {
                            instrument: inst,
                            question: q,
                            relation: Some(relation.to_string()),
                            part: Some(part),
                        });
                    }
                }
                _ if q.id == rest => {
                    return Some(ColumnOwner {
                        instrument: inst,
                        question: q,
                        relation: None,
                        part: None,
                    });
                }
                _ => {}
            }
        }
    }
    None
}

fn read(path: &Path) -> Result<(String, String), Vec<Problem>> {
    let display = path.display().to_string();
    std::fs::read_to_string(path)
        .map(|text| (display.clone(), text))
        .map_err(|e| vec![Problem::new(&display, None, format!("kan ikke leses: {e}"))])
}
