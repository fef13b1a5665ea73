//! CSV import: every row is checked against its round's definitions; the
//! rows go into one transaction that is committed only if no row was bad.

use std::collections::HashMap;
use std::fmt;
use std::io::Read;

use fluent_bundle::FluentValue;

use crate::i18n::{Lang, tr, tr_args};
use crate::store::{ImportTx, NewResponse, Store};
use crate::survey::answer::{CellError, encode_answers};
use crate::survey::definition::is_simple_id;
use crate::survey::round::{check_unit_name, default_roles, relation_label};
use crate::survey::{Library, Relation, Round, RoundParts, Unit};

use super::format;

#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Import only the rows of this round (or all rows, when the file has no
    /// `round` column).
    pub round: Option<String>,
    /// Create rounds, units and roles the file names but the database lacks.
    pub create: bool,
    /// Municipality for rounds made by `create`.
    pub municipality: Option<String>,
    /// Add the file's answers even if the same file was imported into the
    /// round before (asked, and answered yes).
    pub again: bool,
}

/// One bad cell or row. `row` counts as a spreadsheet does (header = 1);
/// `line` is the line in the file where the row starts.
#[derive(Debug, Clone, PartialEq)]
pub struct RowError {
    pub row: u64,
    pub line: u64,
    pub column: Option<String>,
    pub problem: ImportProblem,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "rad {} (linje {})", self.row, self.line)?;
        if let Some(c) = &self.column {
            write!(f, ", kolonne «{c}»")?;
        }
        write!(f, ": {}", self.problem)
    }
}

/// What is wrong with a row, a cell or the header. `Display` is the command
/// line's bokmål (with its flags); `words` gives the web's language.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ImportProblem {
    #[error("kolonnen «{column}» mangler")]
    MissingColumn { column: &'static str },
    #[error("kolonnen «round» mangler (eller oppgi --round)")]
    MissingRoundColumn,
    #[error("kolonnen står to ganger (nr. {first} og {second})")]
    ColumnTwice { first: usize, second: usize },
    #[error("raden kan ikke leses: {detail}")]
    Unreadable { detail: String },
    #[error("raden har {found} felt, men overskriften har {expected}")]
    FieldCount { found: usize, expected: usize },
    #[error("enheten «{unit}» finnes ikke i runde {round} (bruk --create for å opprette den)")]
    UnknownUnit { unit: String, round: String },
    #[error("{reason}")]
    BadUnitName { unit: String, reason: String },
    #[error("ukjent rolle «{role}» (kjente: {})", known.join(", "))]
    UnknownRole { role: String, known: Vec<String> },
    #[error(transparent)]
    Cell(#[from] CellError),
    #[error("ugyldig runde-id «{id}»: bruk bare a–z, 0–9, _ og - (f.eks. 2026)")]
    BadRoundId { id: String },
    #[error("runden «{id}» må opprettes, men kommunen er ukjent: oppgi --municipality NAVN")]
    MunicipalityUnknown { id: String },
    #[error("runden «{id}» finnes ikke (bruk --create for å opprette den)")]
    RoundNotFound { id: String },
    #[error("kolonnen hører ikke til spørsmålene i runde {round}")]
    ColumnNotInRound { round: String },
    #[error("ukjent kolonne: ingen definisjon i surveys/ har den")]
    UnknownColumn,
    #[error("{detail}")]
    RoundRefused { detail: String },
    /// A problem in a file of areas and measures, which only the command
    /// line imports (see `csvio::areas`): bokmål only.
    #[error("{text}")]
    Areas { text: String },
}

impl ImportProblem {
    /// The problem in `lang`, for a page (which has no command-line flags).
    pub fn words(&self, lang: Lang) -> String {
        let text = |v: &str| FluentValue::from(v.to_string());
        let say = |key: &str, args: &[(&str, FluentValue)]| tr_args(lang, key, args);
        match self {
            ImportProblem::MissingColumn { column } => {
                say("import-missing-column", &[("column", text(column))])
            }
            ImportProblem::MissingRoundColumn => {
                say("import-missing-column", &[("column", text("round"))])
            }
            ImportProblem::ColumnTwice { first, second } => say(
                "import-column-twice",
                &[("first", (*first).into()), ("second", (*second).into())],
            ),
            ImportProblem::Unreadable { detail } => {
                say("import-unreadable", &[("detail", text(detail))])
            }
            ImportProblem::FieldCount { found, expected } => say(
                "import-field-count",
                &[("found", (*found).into()), ("expected", (*expected).into())],
            ),
            ImportProblem::UnknownUnit { unit, round } => say(
                "import-unknown-unit",
                &[("unit", text(unit)), ("round", text(round))],
            ),
            ImportProblem::BadUnitName { unit, .. } => {
                say("import-bad-unit-name", &[("unit", text(unit))])
            }
            ImportProblem::UnknownRole { role, known } => say(
                "import-unknown-role",
                &[("role", text(role)), ("known", text(&known.join(", ")))],
            ),
            ImportProblem::Cell(e) => e.words(lang),
            ImportProblem::BadRoundId { id } => say("import-bad-round-id", &[("id", text(id))]),
            ImportProblem::MunicipalityUnknown { id } => {
                say("import-municipality-unknown", &[("id", text(id))])
            }
            ImportProblem::RoundNotFound { id } => say("round-not-found", &[("id", text(id))]),
            ImportProblem::ColumnNotInRound { round } => {
                say("import-column-not-in-round", &[("round", text(round))])
            }
            ImportProblem::UnknownColumn => tr(lang, "import-unknown-column"),
            ImportProblem::RoundRefused { detail } => {
                say("import-round-refused", &[("detail", text(detail))])
            }
            ImportProblem::Areas { text } => text.clone(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("filen kan ikke leses: {0}")]
    Io(#[from] std::io::Error),
    #[error("{}", list(.0))]
    Invalid(Vec<RowError>),
    /// The round holds every answer of the file already (it was imported
    /// before, most likely): nothing is added unless asked again (`again`).
    #[error(
        "alle de {rows} svarene i filen finnes allerede i runde {round}, så den er trolig lest inn før; ingenting er lagt til (vil du legge dem til en gang til, bruk --again)"
    )]
    AlreadyImported { round: String, rows: u64 },
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

fn list(errors: &[RowError]) -> String {
    let bad_rows = {
        let mut rows: Vec<u64> = errors.iter().map(|e| e.row).collect();
        rows.dedup();
        rows.len()
    };
    let mut s = format!(
        "ingenting ble importert: {} feil i {} rad(er)\n",
        errors.len(),
        bad_rows
    );
    for e in errors {
        s.push_str(&format!("  {e}\n"));
    }
    s.pop();
    s
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportSummary {
    /// Responses per round, in the order the rounds first appear.
    pub imported: Vec<(String, u64)>,
    pub skipped_other_rounds: u64,
    pub created_rounds: Vec<String>,
    pub created_units: u64,
    /// Units made because the file has answers in them (`--create`): a
    /// report's list of units then shows that someone in them answered.
    pub units_from_answers: Vec<String>,
    /// The file was not UTF-8 and was read as Windows-1252.
    pub from_windows_1252: bool,
}

/// Per-round state while the file is read.
struct RoundState {
    round: Round,
    /// For each file column, the round column it fills (None: round/unit/role).
    map: Vec<Option<usize>>,
    buffer: Vec<NewResponse>,
    count: u64,
    /// The file's rows for this round, to recognise a file imported before.
    file_rows: super::file_rows::FileRows,
}

/// Rows of a round held before they go to the store (about 5 MB): the
/// store inserts each batch in the order of its random ids, and a large
/// batch touches each page of the table once for many rows.
const FLUSH_ROWS: usize = 50_000;

/// Imports `input` (exchange CSV). All or nothing.
pub async fn import(
    store: &dyn Store,
    library: &Library,
    input: impl Read,
    options: &ImportOptions,
) -> Result<ImportSummary, ImportError> {
    let mut input = input;
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes)?;
    let (bytes, from_windows_1252) = format::to_utf8(bytes);
    let mut reader = format::reader(bytes.as_slice())?;
    let layout = Layout::read(&mut reader, options)?;
    let mut run = Run {
        store,
        library,
        options,
        layout: &layout,
        tx: store.begin_import().await?,
        rounds: HashMap::new(),
        summary: ImportSummary {
            from_windows_1252,
            ..ImportSummary::default()
        },
        errors: Vec::new(),
    };
    run.read_rows(&mut reader).await?;
    run.finish().await
}

/// The file's header, with where the key columns stand.
struct Layout {
    header: Vec<String>,
    round_col: Option<usize>,
    unit_col: usize,
    role_col: usize,
}

impl Layout {
    /// Reads and checks the header: key columns present, no column twice.
    fn read<R: Read>(
        reader: &mut csv::Reader<R>,
        options: &ImportOptions,
    ) -> Result<Layout, ImportError> {
        let found = format::Header::read(reader)
            .map_err(|e| ImportError::Io(std::io::Error::other(e.to_string())))?;
        let header_error = |column: Option<&str>, problem| RowError {
            row: 1,
            line: 1,
            column: column.map(String::from),
            problem,
        };
        let mut errors = Vec::new();
        if found.unit.is_none() {
            errors.push(header_error(
                None,
                ImportProblem::MissingColumn { column: "unit" },
            ));
        }
        if found.role.is_none() {
            errors.push(header_error(
                None,
                ImportProblem::MissingColumn { column: "role" },
            ));
        }
        if found.round.is_none() && options.round.is_none() {
            errors.push(header_error(None, ImportProblem::MissingRoundColumn));
        }
        let mut seen = HashMap::new();
        for (i, h) in found.names.iter().enumerate() {
            if let Some(j) = seen.insert(h.as_str(), i) {
                errors.push(header_error(
                    Some(h),
                    ImportProblem::ColumnTwice {
                        first: j + 1,
                        second: i + 1,
                    },
                ));
            }
        }
        match (found.unit, found.role) {
            (Some(unit_col), Some(role_col)) if errors.is_empty() => Ok(Layout {
                header: found.names,
                round_col: found.round,
                unit_col,
                role_col,
            }),
            _ => Err(ImportError::Invalid(errors)),
        }
    }

    /// The name of column `i`, for a problem found in it.
    fn name(&self, i: usize) -> Option<String> {
        Some(self.header[i].clone())
    }
}

/// One import under way: the transaction, the rounds met so far, and
/// every problem found (nothing is stored if there is one).
struct Run<'a> {
    store: &'a dyn Store,
    library: &'a Library,
    options: &'a ImportOptions,
    layout: &'a Layout,
    tx: Box<dyn ImportTx>,
    rounds: HashMap<String, RoundState>,
    summary: ImportSummary,
    errors: Vec<RowError>,
}

/// What one row said was wrong with it: (column, problem).
type RowProblems = Vec<(Option<String>, ImportProblem)>;

impl Run<'_> {
    async fn read_rows<R: Read>(&mut self, reader: &mut csv::Reader<R>) -> Result<(), ImportError> {
        let mut record = csv::StringRecord::new();
        let mut row = 1u64;
        // Counted here, because the csv crate's line numbers are off by one in
        // CRLF files: a row starts one line after the previous row's last line.
        let mut next_line = 2 + newlines(&self.layout.header);
        loop {
            let more = match reader.read_record(&mut record) {
                Ok(more) => more,
                Err(e) => {
                    self.errors.push(RowError {
                        row: row + 1,
                        line: next_line,
                        column: None,
                        problem: ImportProblem::Unreadable {
                            detail: e.to_string(),
                        },
                    });
                    return Ok(());
                }
            };
            if !more {
                return Ok(());
            }
            row += 1;
            let line = next_line;
            next_line += 1 + newlines(record.iter());
            let mut problems = RowProblems::new();
            let stop = self.row(&record, &mut problems).await?;
            self.errors
                .extend(problems.into_iter().map(|(column, problem)| RowError {
                    row,
                    line,
                    column,
                    problem,
                }));
            if stop {
                return Ok(());
            }
        }
    }

    /// Checks one row and keeps it if it is good; `true` when the file
    /// cannot be imported at all and reading should stop.
    async fn row(
        &mut self,
        record: &csv::StringRecord,
        problems: &mut RowProblems,
    ) -> Result<bool, ImportError> {
        let layout = self.layout;
        if record.len() != layout.header.len() {
            problems.push((
                None,
                ImportProblem::FieldCount {
                    found: record.len(),
                    expected: layout.header.len(),
                },
            ));
            return Ok(false);
        }
        let round_id = match (layout.round_col, &self.options.round) {
            (Some(c), wanted) => {
                let id = format::unescape(record[c].trim());
                if wanted.as_ref().is_some_and(|w| w != id) {
                    self.summary.skipped_other_rounds += 1;
                    return Ok(false);
                }
                id.to_string()
            }
            (None, Some(w)) => w.clone(),
            (None, None) => unreachable!("checked with the header"),
        };
        if !self.rounds.contains_key(&round_id) {
            let loaded = load_round(
                self.store,
                self.library,
                &mut *self.tx,
                &round_id,
                &layout.header,
                self.options,
            )
            .await;
            match loaded {
                Ok((state, created)) => {
                    if created {
                        self.summary.created_rounds.push(round_id.clone());
                    }
                    self.summary.imported.push((round_id.clone(), 0));
                    self.rounds.insert(round_id.clone(), state);
                }
                Err(RoundProblem::Row(problem)) => {
                    problems.push((layout.round_col.and_then(|c| layout.name(c)), problem));
                    return Ok(false);
                }
                Err(RoundProblem::Header(header_problems)) => {
                    for (c, problem) in header_problems {
                        self.errors.push(RowError {
                            row: 1,
                            line: 1,
                            column: Some(c),
                            problem,
                        });
                    }
                    // The file does not fit the round: nothing can be stored.
                    return Ok(true);
                }
                Err(RoundProblem::Store(e)) => return Err(e.into()),
            }
        }
        let state = self.rounds.get_mut(&round_id).expect("inserted above");
        let cells = Cells {
            layout,
            record,
            create: self.options.create,
        };
        check_row(&mut *self.tx, state, &cells, &mut self.summary, problems).await?;
        // Once any row is bad nothing will be stored: only keep checking.
        if !problems.is_empty() || !self.errors.is_empty() {
            state.buffer.clear();
        } else if state.buffer.len() >= FLUSH_ROWS {
            self.tx
                .insert(&state.round, std::mem::take(&mut state.buffer))
                .await?;
        }
        Ok(false)
    }

    /// Commits if no row was bad; dropping the transaction rolls it back.
    async fn finish(mut self) -> Result<ImportSummary, ImportError> {
        if !self.errors.is_empty() {
            return Err(ImportError::Invalid(self.errors));
        }
        for state in self.rounds.values_mut() {
            if !state.buffer.is_empty() {
                self.tx
                    .insert(&state.round, std::mem::take(&mut state.buffer))
                    .await?;
            }
        }
        // The same file a second time is asked about, not added: the round
        // (as it was before this import) holds every one of its responses.
        if !self.options.again {
            for (id, state) in &self.rounds {
                if state.file_rows.rows() == 0 {
                    continue;
                }
                let mut held = Vec::new();
                self.store
                    .responses(id, &mut |r| {
                        held.push(super::file_rows::hash_of(&r));
                        Ok(())
                    })
                    .await?;
                if state.file_rows.all_in(held) {
                    return Err(ImportError::AlreadyImported {
                        round: id.clone(),
                        rows: state.file_rows.rows(),
                    });
                }
            }
        }
        self.tx.commit().await?;
        for (id, n) in self.summary.imported.iter_mut() {
            *n = self.rounds[id].count;
        }
        Ok(self.summary)
    }
}

/// One row's cells, with the file's layout to name its columns.
struct Cells<'a> {
    layout: &'a Layout,
    record: &'a csv::StringRecord,
    /// Units and roles the round lacks may be made (`--create`).
    create: bool,
}

/// Checks one row against its round; a good row joins the round's buffer.
async fn check_row(
    tx: &mut dyn ImportTx,
    state: &mut RoundState,
    cells: &Cells<'_>,
    summary: &mut ImportSummary,
    problems: &mut RowProblems,
) -> Result<(), ImportError> {
    let (layout, record) = (cells.layout, cells.record);
    let round_id = state.round.id.clone();
    let unit = format::unescape(record[layout.unit_col].trim());
    let role = format::unescape(record[layout.role_col].trim());
    if !state.round.has_unit(unit) {
        match check_unit_name(unit) {
            Ok(()) if cells.create || unit == state.round.municipality_unit() => {
                let new = Unit::named(unit, None);
                tx.add_unit(&round_id, &new).await?;
                state.round.units.push(new);
                summary.created_units += 1;
                if unit != state.round.municipality_unit() {
                    summary.units_from_answers.push(unit.to_string());
                }
            }
            Ok(()) => problems.push((
                layout.name(layout.unit_col),
                ImportProblem::UnknownUnit {
                    unit: unit.to_string(),
                    round: round_id.clone(),
                },
            )),
            Err(reason) => problems.push((
                layout.name(layout.unit_col),
                ImportProblem::BadUnitName {
                    unit: unit.to_string(),
                    reason,
                },
            )),
        }
    }
    // Roles are never made from the answers, not even with `--create`: a
    // role listed only because someone in it answered would tell that
    // they did. A round's roles come from its definition (the usual three
    // for a round made here).
    if !state.round.has_role(role) {
        let known = state.round.roles.iter().map(|r| r.key.clone()).collect();
        problems.push((
            layout.name(layout.role_col),
            ImportProblem::UnknownRole {
                role: role.to_string(),
                known,
            },
        ));
    }
    let columns = state.round.columns();
    let mut values = vec![None; columns.len()];
    for (i, target) in state.map.iter().enumerate() {
        let Some(target) = target else { continue };
        match columns[*target].parse(format::unescape(&record[i])) {
            Ok(v) => values[*target] = v,
            Err(problem) => problems.push((layout.name(i), problem.into())),
        }
    }
    if problems.is_empty() {
        let response = NewResponse {
            unit: unit.to_string(),
            role: role.to_string(),
            answers: encode_answers(&values),
        };
        state.file_rows.add(&response);
        state.buffer.push(response);
        state.count += 1;
    }
    Ok(())
}

fn newlines<'a>(fields: impl IntoIterator<Item = &'a (impl AsRef<str> + 'a + ?Sized)>) -> u64 {
    fields
        .into_iter()
        .map(|f| f.as_ref().bytes().filter(|&b| b == b'\n').count() as u64)
        .sum()
}

enum RoundProblem {
    /// The row names a round that cannot be used.
    Row(ImportProblem),
    /// The file's columns do not fit the round: (column, problem).
    Header(Vec<(String, ImportProblem)>),
    Store(crate::store::StoreError),
}

/// Finds the round a row names, or creates it from the header with `--create`,
/// and maps the file's columns onto it.
async fn load_round(
    store: &dyn Store,
    library: &Library,
    tx: &mut dyn ImportTx,
    id: &str,
    header: &[String],
    options: &ImportOptions,
) -> Result<(RoundState, bool), RoundProblem> {
    let existing = store.round(id).await.map_err(RoundProblem::Store)?;
    let (round, created) = match existing {
        Some(r) => (Round::clone(&r), false),
        // A bad name is this row's fault, not the file's: each such row is
        // named, and the others go on being checked.
        None if options.create && !is_simple_id(id) => {
            return Err(RoundProblem::Row(ImportProblem::BadRoundId {
                id: id.to_string(),
            }));
        }
        None if options.create => {
            let municipality = match &options.municipality {
                Some(m) => m.clone(),
                None => match store.rounds().await.map_err(RoundProblem::Store)?.first() {
                    Some(r) => r.municipality.clone(),
                    None => {
                        return Err(RoundProblem::Row(ImportProblem::MunicipalityUnknown {
                            id: id.to_string(),
                        }));
                    }
                },
            };
            let mut round = round_from_header(library, id, &municipality, header)
                .map_err(RoundProblem::Header)?;
            // The municipality's units as its newest round names them, so
            // that the new round's list of units is not only those with
            // answers in the file.
            if let Some(newest) = store.rounds().await.map_err(RoundProblem::Store)?.first()
                && let Some(known) = store.round(&newest.id).await.map_err(RoundProblem::Store)?
            {
                for u in &known.units {
                    if !round.has_unit(&u.name) {
                        round.units.push(Unit::named(&u.name, None));
                    }
                }
            }
            tx.create_round(&round).await.map_err(RoundProblem::Store)?;
            (round, true)
        }
        None => {
            return Err(RoundProblem::Row(ImportProblem::RoundNotFound {
                id: id.to_string(),
            }));
        }
    };
    let mut map = Vec::with_capacity(header.len());
    let mut problems = Vec::new();
    for h in header {
        if format::is_key_column(h) {
            map.push(None);
            continue;
        }
        match round.column_index(h) {
            Some(i) => map.push(Some(i)),
            None => {
                problems.push((
                    h.clone(),
                    ImportProblem::ColumnNotInRound {
                        round: id.to_string(),
                    },
                ));
                map.push(None);
            }
        }
    }
    if !problems.is_empty() {
        return Err(RoundProblem::Header(problems));
    }
    Ok((
        RoundState {
            round,
            map,
            buffer: Vec::new(),
            count: 0,
            file_rows: Default::default(),
        },
        created,
    ))
}

/// Builds a new round whose instruments and relations are those the file's
/// columns name, in the order they appear.
fn round_from_header(
    library: &Library,
    id: &str,
    municipality: &str,
    header: &[String],
) -> Result<Round, Vec<(String, ImportProblem)>> {
    let mut instruments: Vec<crate::survey::Instrument> = Vec::new();
    let mut relations: Vec<Relation> = Vec::new();
    let mut problems = Vec::new();
    for h in header {
        if format::is_key_column(h) {
            continue;
        }
        match library.column_owner(h) {
            Some(owner) => {
                let (inst, relation) = (owner.instrument, owner.relation);
                if !instruments.iter().any(|i| i.id == inst.id) {
                    instruments.push(inst.clone());
                }
                if let Some(key) = relation
                    && !relations.iter().any(|r| r.key == key)
                {
                    relations.push(Relation {
                        label: relation_label(&key),
                        key,
                    });
                }
            }
            None => problems.push((h.clone(), ImportProblem::UnknownColumn)),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Round::assemble(RoundParts {
        id: id.to_string(),
        title: format!("Samhandling og innovasjon {id}"),
        municipality: municipality.to_string(),
        period: id.to_string(),
        open: false,
        requires_code: false,
        privacy: crate::survey::Privacy::default(),
        units: Vec::new(),
        relations,
        roles: default_roles(),
        instruments,
    })
    .map_err(|detail| vec![("round".to_string(), ImportProblem::RoundRefused { detail })])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::SqliteStore;

    const GOOD: &str = "round;unit;role;trapp.skole.now;trapp.skole.goal;plakat.p01;kommentar\n\
                        2026;A;ansatt;2;3;4;\"a;b\"\"c\"\n2026;B;leder;;;5;\n2025;A;ansatt;1;4;2;\n";

    /// Imports `csv` into a fresh database with --create; returns the outcome
    /// and how many responses the database then holds.
    fn import_into_fresh(csv: &[u8]) -> (Result<ImportSummary, ImportError>, i64) {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let dir = tempfile::tempdir().unwrap();
            let store = SqliteStore::open(&dir.path().join("t.db")).await.unwrap();
            let options = ImportOptions {
                create: true,
                municipality: Some("X".into()),
                ..ImportOptions::default()
            };
            let result = import(&store, &Library::builtin(), csv, &options).await;
            let mut n = 0;
            for r in store.rounds().await.unwrap() {
                n += r.responses as i64;
            }
            (result, n)
        })
    }

    #[test]
    fn the_good_file_imports_in_full() {
        let (result, n) = import_into_fresh(GOOD.as_bytes());
        assert_eq!(
            result.unwrap().imported,
            vec![("2026".to_string(), 2), ("2025".to_string(), 1)]
        );
        assert_eq!(n, 3);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(40))]

        /// Damaged files: everything or nothing is stored, never a panic,
        /// and a refusal always names at least one row.
        #[test]
        fn damaged_files_store_all_or_nothing(cut in 0usize..150, junk in "[;,\"\\n\\r0-9a-zæ]{0,6}") {
            let at = cut.min(GOOD.len());
            let damaged = format!("{}{junk}{}", &GOOD[..at], &GOOD[at..]);
            let (result, n) = import_into_fresh(damaged.as_bytes());
            match result {
                Ok(summary) => {
                    let total: u64 = summary.imported.iter().map(|(_, n)| n).sum();
                    proptest::prop_assert_eq!(total as i64, n);
                }
                Err(ImportError::Invalid(errors)) => {
                    proptest::prop_assert!(!errors.is_empty());
                    proptest::prop_assert_eq!(n, 0, "nothing half-done is stored");
                }
                Err(ImportError::Io(_)) => proptest::prop_assert_eq!(n, 0),
                Err(e) => proptest::prop_assert!(false, "unexpected error: {}", e),
            }
        }
    }
}
