//! The learning loop's areas and measures as CSV, for administrators who
//! keep them in a spreadsheet: one row per measure (an area without
//! measures has one row with the measure columns empty). The import adds
//! new areas, all or nothing, and names every bad cell; an area that
//! already exists (the same round, unit and target) is refused, so a file
//! cannot quietly overwrite what leaders wrote in the browser.

use std::collections::HashMap;
use std::io::{Read, Write};

use super::format;
use super::import::{ImportProblem, RowError};
use crate::learning::{
    Area, Measure, Purpose, Reflection, Status, Target, checked_date, checked_text, targets_of,
};
use crate::store::{Store, StoreError, today};

/// The columns, in order.
pub const COLUMNS: [&str; 15] = [
    "round",
    "unit",
    "target",
    "purpose",
    "why",
    "did",
    "learned",
    "success_criteria",
    "causes",
    "measure",
    "responsible",
    "deadline",
    "status",
    "status_on",
    "notes",
];

#[derive(Debug, thiserror::Error)]
pub enum AreasError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("kan ikke skrive CSV: {0}")]
    Write(#[from] csv::Error),
    #[error("filen kan ikke leses: {0}")]
    Read(#[from] std::io::Error),
    #[error("{}", list(.0))]
    Invalid(Vec<RowError>),
}

fn row_error(row: u64, line: u64, column: &str, message: String) -> RowError {
    RowError {
        row,
        line,
        column: Some(column.to_string()),
        problem: ImportProblem::Areas { text: message },
    }
}

fn list(errors: &[RowError]) -> String {
    let mut s = format!("ingenting ble importert: {} feil\n", errors.len());
    for e in errors {
        s.push_str(&format!("  {e}\n"));
    }
    s.pop();
    s
}

/// Writes the areas chosen after `round` (every round when `None`).
pub async fn export(
    store: &dyn Store,
    round: Option<&str>,
    out: impl Write,
) -> Result<u64, AreasError> {
    let rounds: Vec<String> = match round {
        Some(r) => vec![r.to_string()],
        None => {
            let mut all: Vec<String> = store.rounds().await?.into_iter().map(|r| r.id).collect();
            all.reverse();
            all
        }
    };
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out);
    writer.write_record(COLUMNS)?;
    let mut rows = 0;
    for id in rounds {
        for area in store.areas(&id).await? {
            let head = [
                area.round.clone(),
                area.unit.clone().unwrap_or_default(),
                area.target.encode(),
                area.purpose.key().to_string(),
                area.why.clone(),
                area.reflection.did.clone(),
                area.reflection.learned.clone(),
                area.reflection.success_criteria.clone(),
                area.reflection.causes.clone(),
            ];
            let measures: Vec<[String; 6]> = area
                .measures
                .iter()
                .map(|m| {
                    [
                        m.what.clone(),
                        m.responsible.clone(),
                        m.deadline.clone().unwrap_or_default(),
                        m.status.key().to_string(),
                        m.status_on.clone(),
                        m.notes.clone(),
                    ]
                })
                .collect();
            let empty = [const { String::new() }; 6];
            for tail in measures.iter().chain(measures.is_empty().then_some(&empty)) {
                // Neutralised for spreadsheets; the import takes it off again.
                let cells: Vec<String> = head
                    .iter()
                    .chain(tail)
                    .map(|c| format::escape(c).into_owned())
                    .collect();
                writer.write_record(&cells)?;
                rows += 1;
            }
        }
    }
    writer.flush().map_err(csv::Error::from)?;
    Ok(rows)
}

/// What an import added.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Imported {
    pub areas: u64,
    pub measures: u64,
}

/// Reads areas and measures from `input` and adds them in one transaction.
pub async fn import(store: &dyn Store, input: impl Read, by: &str) -> Result<Imported, AreasError> {
    let mut input = input;
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes)?;
    let (bytes, _) = format::to_utf8(bytes);
    let mut reader = format::reader(bytes.as_slice())?;
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| std::io::Error::other(e.to_string()))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let missing: Vec<RowError> = COLUMNS
        .iter()
        .filter(|c| !header.iter().any(|h| h == *c))
        .map(|c| RowError {
            row: 1,
            line: 1,
            column: None,
            problem: ImportProblem::Areas {
                text: format!("kolonnen «{c}» mangler"),
            },
        })
        .collect();
    if !missing.is_empty() {
        return Err(AreasError::Invalid(missing));
    }
    let col = |name: &str| header.iter().position(|h| h == name).expect("checked");
    let mut errors = Vec::new();
    // Areas in the order the file first names them, with their measures.
    let mut areas: Vec<Area> = Vec::new();
    // Where each area is first named: (row, line).
    let mut first_row_of: Vec<(u64, u64)> = Vec::new();
    let mut index: HashMap<(String, Option<String>, Target), usize> = HashMap::new();
    let mut rounds = HashMap::new();
    let mut record = csv::StringRecord::new();
    let mut row = 1u64;
    while reader
        .read_record(&mut record)
        .map_err(|e| std::io::Error::other(e.to_string()))?
    {
        row += 1;
        let line = record.position().map_or(row, |p| p.line());
        let cell =
            |name: &str| format::unescape(record.get(col(name)).unwrap_or("").trim()).to_string();
        let mut problems: Vec<(&str, String)> = Vec::new();
        let round_id = cell("round");
        if !rounds.contains_key(&round_id) {
            rounds.insert(round_id.clone(), store.round(&round_id).await?);
        }
        let Some(round) = rounds[&round_id].clone() else {
            errors.push(row_error(
                row,
                line,
                "round",
                format!("runden «{round_id}» finnes ikke"),
            ));
            continue;
        };
        let unit = Some(cell("unit")).filter(|u| !u.is_empty());
        if let Some(u) = &unit
            && !round.has_unit(u)
        {
            problems.push((
                "unit",
                format!("enheten «{u}» finnes ikke i runde {round_id}"),
            ));
        }
        let target = Target::parse(&cell("target"))
            .filter(|t| targets_of(&round).iter().any(|(known, _)| known == t));
        if target.is_none() {
            problems.push((
                "target",
                format!(
                    "«{}» er ikke et utsagn (statement:plakat.p01) eller en samarbeidspart (relation:skole) i runde {round_id}",
                    cell("target")
                ),
            ));
        }
        let purpose = Purpose::parse(&cell("purpose"));
        if purpose.is_none() {
            problems.push(("purpose", "skriv improve eller keep".into()));
        }
        let mut text = |name: &'static str, required: bool| {
            checked_text(name, &cell(name), required).unwrap_or_else(|e| {
                problems.push((name, e.to_string()));
                String::new()
            })
        };
        let why = text("why", true);
        let reflection = Reflection {
            did: text("did", false),
            learned: text("learned", false),
            success_criteria: text("success_criteria", false),
            causes: text("causes", false),
        };
        let measure = if cell("measure").is_empty() {
            // Measure cells without a measure would be lost: say so.
            for column in ["responsible", "deadline", "status", "status_on", "notes"] {
                if !cell(column).is_empty() {
                    problems.push((
                        column,
                        "cellen hører til et tiltak, men kolonnen «measure» er tom".into(),
                    ));
                }
            }
            None
        } else {
            let what = text("measure", true);
            let responsible = text("responsible", true);
            let notes = text("notes", false);
            let status = Status::parse(&cell("status"));
            if status.is_none() {
                problems.push((
                    "status",
                    "skriv planned, under_way, done eller dropped".into(),
                ));
            }
            let deadline = checked_date(&cell("deadline")).unwrap_or_else(|e| {
                problems.push(("deadline", e.to_string()));
                None
            });
            let status_on = checked_date(&cell("status_on")).unwrap_or_else(|e| {
                problems.push(("status_on", e.to_string()));
                None
            });
            Some(Measure {
                id: 0,
                what,
                responsible,
                deadline,
                status: status.unwrap_or(Status::Planned),
                status_on: status_on.unwrap_or_else(today),
                notes,
            })
        };
        let bad_row = !problems.is_empty();
        errors.extend(
            problems
                .into_iter()
                .map(|(column, message)| row_error(row, line, column, message)),
        );
        let (Some(target), Some(purpose), false) = (target, purpose, bad_row) else {
            continue;
        };
        let key = (round_id.clone(), unit.clone(), target.clone());
        // Later rows of the same area must say the same of it as the first.
        if let Some(&at) = index.get(&key) {
            let first = &areas[at];
            let said = [
                ("purpose", first.purpose.key() == purpose.key()),
                ("why", first.why == why),
                ("did", first.reflection.did == reflection.did),
                ("learned", first.reflection.learned == reflection.learned),
                (
                    "success_criteria",
                    first.reflection.success_criteria == reflection.success_criteria,
                ),
                ("causes", first.reflection.causes == reflection.causes),
            ];
            let (first_row, _) = first_row_of[at];
            let differs: Vec<RowError> = said
                .iter()
                .filter(|(_, same)| !same)
                .map(|(column, _)| {
                    row_error(
                        row,
                        line,
                        column,
                        format!("området står også i rad {first_row}, med noe annet her"),
                    )
                })
                .collect();
            if !differs.is_empty() {
                errors.extend(differs);
                continue;
            }
        }
        let at = *index.entry(key).or_insert_with(|| {
            first_row_of.push((row, line));
            areas.push(Area {
                id: 0,
                round: round_id.clone(),
                unit: unit.clone(),
                target,
                purpose,
                why,
                reflection,
                measures: Vec::new(),
            });
            areas.len() - 1
        });
        areas[at].measures.extend(measure);
    }
    if !errors.is_empty() {
        return Err(AreasError::Invalid(errors));
    }
    let mut tx = store.begin_import().await?;
    let mut imported = Imported::default();
    for (area, &(row, line)) in areas.iter().zip(&first_row_of) {
        match tx.add_area(area).await {
            Err(StoreError::AreaExists { round }) => {
                errors.push(RowError {
                    row,
                    line,
                    column: Some("target".into()),
                    problem: ImportProblem::Areas {
                        text: format!(
                            "{} for {} er allerede valgt etter runde {round}",
                            area.target.encode(),
                            area.unit.as_deref().unwrap_or("hele kommunen")
                        ),
                    },
                });
                continue;
            }
            other => other?,
        }
        imported.areas += 1;
        imported.measures += area.measures.len() as u64;
    }
    if !errors.is_empty() {
        return Err(AreasError::Invalid(errors));
    }
    let detail = format!(
        "{} områder og {} tiltak fra fil, av {by}",
        imported.areas, imported.measures
    );
    tx.add_audit(&today(), "importerte områder", &detail)
        .await?;
    tx.commit().await?;
    Ok(imported)
}
