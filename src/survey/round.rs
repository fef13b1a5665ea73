//! Rounds: one run of one or more instruments for one municipality in one
//! period, with its units, partner relations and roles, and the answer
//! columns that follow from them.

use std::collections::HashSet;

use serde::Deserialize;

use super::answer::{Column, ColumnKind};
use super::definition::{Instrument, QuestionKind, is_simple_id};
use super::library::Library;
use super::problem::{Problem, line_of};
use crate::i18n::{Lang, tr};

/// The columns that say whose response a row is, before its answers (in
/// the exchange format and in `Round::columns`' namespace).
pub const KEY_COLUMNS: [&str; 3] = ["round", "unit", "role"];

#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub name: String,
    /// How many were invited, when known: gives the response rate.
    pub invited: Option<u32>,
    /// The partner relations this unit rates (keys), when the round names
    /// them: a kulturskole is not asked about the kulturskole. `None`: all.
    pub relations: Option<Vec<String>>,
    /// The service area (tjenesteområde) the unit belongs to, when the
    /// round groups its units: reports show each area between the units
    /// and the municipality.
    pub area: Option<String>,
}

impl Unit {
    /// A unit that rates every relation of its round.
    pub fn named(name: impl Into<String>, invited: Option<u32>) -> Unit {
        Unit {
            name: name.into(),
            invited,
            relations: None,
            area: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    /// Column key: `trapp.<key>.now`.
    pub key: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    pub key: String,
    pub label: String,
    /// Whether people in this role answer for a unit. A politician
    /// (folkevalgt) does not: the form does not ask, and the answer counts
    /// for the whole municipality (`Round::municipality_unit`).
    pub has_unit: bool,
}

impl Role {
    /// The label in `lang`: the built-in roles are translated; a role the
    /// round named itself keeps its own label.
    pub fn label_in(&self, lang: Lang) -> String {
        let built_in = default_roles()
            .iter()
            .any(|d| d.key == self.key && d.label == self.label);
        if built_in {
            tr(lang, &format!("role-{}", self.key))
        } else {
            self.label.clone()
        }
    }
}

/// Everything about a round except its responses.
#[derive(Debug, Clone, PartialEq)]
pub struct Round {
    pub id: String,
    pub title: String,
    pub municipality: String,
    pub period: String,
    pub open: bool,
    /// Every answer needs a one-time invitation code (`trappa invite`).
    pub requires_code: bool,
    pub units: Vec<Unit>,
    pub relations: Vec<Relation>,
    pub roles: Vec<Role>,
    pub instruments: Vec<Instrument>,
    /// The round's minimum group size, and the fewest respondents a unit
    /// needs for its free text to be shown.
    pub privacy: Privacy,
    /// Units that have been given invitation codes: they answer with a
    /// code, while the others may answer by the open link (set by the
    /// store; empty in a round just parsed).
    pub coded_units: Vec<String>,
    /// Leaders and readers may have read this round under the disclosure
    /// rule of before December 2026 (it was closed when trappa moved to the
    /// present rule): it goes on showing no more than that rule showed.
    /// Set by the store; false in a round just parsed.
    pub legacy_rule: bool,
    columns: Vec<Column>,
}

/// The disclosure settings of a round (round file: `k`, `k_comments`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Privacy {
    pub k: u64,
    pub k_comments: u64,
}

/// The least k a round may have.
pub const MIN_K: u64 = 3;

/// The largest k (and k_comments) a round may have: larger hides every
/// unit of any municipality, and the stores keep it as a signed integer.
pub const MAX_K: u64 = 1000;

impl Default for Privacy {
    fn default() -> Privacy {
        Privacy {
            k: 5,
            k_comments: 5,
        }
    }
}

impl Privacy {
    /// `k` at least 3 (default 5); `k_comments` at least `k` (default `k`).
    pub fn new(k: Option<u64>, k_comments: Option<u64>) -> Result<Privacy, String> {
        let k = k.unwrap_or(Privacy::default().k);
        if k < MIN_K {
            return Err(format!(
                "k = {k} er for lite: minste gruppestørrelse er minst {MIN_K}"
            ));
        }
        let k_comments = k_comments.unwrap_or(k);
        if k_comments < k {
            return Err(format!("k_comments = {k_comments} må være minst k = {k}"));
        }
        if k_comments > MAX_K {
            return Err(format!(
                "k = {k}, k_comments = {k_comments}: gruppestørrelsen kan være høyst {MAX_K}"
            ));
        }
        Ok(Privacy { k, k_comments })
    }
}

/// The usual roles, in the order reports list them.
const USUAL_ROLES: [(&str, &str, bool); 3] = [
    ("ansatt", "Ansatt", true),
    ("leder", "Leder", true),
    ("folkevalgt", "Folkevalgt", false),
];

/// Where a role stands in reports: the usual roles first, in their order,
/// then any other (a CSV file may name its own).
pub fn role_rank(key: &str) -> usize {
    USUAL_ROLES
        .iter()
        .position(|(k, _, _)| *k == key)
        .unwrap_or(USUAL_ROLES.len())
}

/// The roles a round gets when its file names none.
pub fn default_roles() -> Vec<Role> {
    USUAL_ROLES
        .into_iter()
        .map(|(key, label, has_unit)| Role {
            key: key.into(),
            label: label.into(),
            has_unit,
        })
        .collect()
}

/// The partner relations of the stair that trappa knows by name, in
/// exchange-format order (new rounds offer them; `relation_label` names them).
pub const USUAL_RELATIONS: [&str; 6] = [
    "barnehage",
    "skole",
    "sfo",
    "kulturskole",
    "frivillighet",
    "naeringsliv",
];

/// Whether a role met in a CSV file or an older database answers for a
/// unit: every role but the built-in folkevalgt does.
pub fn role_has_unit(key: &str) -> bool {
    USUAL_ROLES
        .iter()
        .find(|(k, _, _)| *k == key)
        .is_none_or(|(_, _, has_unit)| *has_unit)
}

/// A display label for a relation key met in a CSV file.
/// The relation label as it reads inside a sentence: "Barnehage" becomes
/// "barnehage", while an abbreviation such as "SFO" stays as it is.
pub fn partner_noun(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && b.is_uppercase() => label.to_string(),
        (Some(a), _) => a.to_lowercase().chain(label.chars().skip(1)).collect(),
        _ => String::new(),
    }
}

pub fn relation_label(key: &str) -> String {
    match key {
        "barnehage" => "Barnehage".into(),
        "skole" => "Skole".into(),
        "sfo" => "SFO".into(),
        "kulturskole" => "Kulturskole".into(),
        "frivillighet" => "Frivillighet".into(),
        "naeringsliv" => "Næringsliv".into(),
        other => {
            let mut chars = other.chars();
            match chars.next() {
                Some(first) => first
                    .to_uppercase()
                    .chain(chars)
                    .collect::<String>()
                    .replace('_', " "),
                None => String::new(),
            }
        }
    }
}

/// The parts a round is assembled from; `Round::assemble` checks them.
#[derive(Debug, Clone)]
pub struct RoundParts {
    pub id: String,
    pub title: String,
    pub municipality: String,
    pub period: String,
    pub open: bool,
    /// Answers need a one-time invitation code (`trappa invite`).
    pub requires_code: bool,
    pub units: Vec<Unit>,
    pub relations: Vec<Relation>,
    pub roles: Vec<Role>,
    pub instruments: Vec<Instrument>,
    pub privacy: Privacy,
}

impl Round {
    /// Checks the parts and derives the answer columns.
    pub fn assemble(p: RoundParts) -> Result<Round, String> {
        if !is_simple_id(&p.id) {
            return Err(format!(
                "ugyldig runde-id «{}»: bruk bare a–z, 0–9, _ og - (f.eks. 2026)",
                p.id
            ));
        }
        if p.municipality.trim().is_empty() {
            return Err("kommunenavnet mangler".into());
        }
        if p.instruments.is_empty() {
            return Err("runden har ingen instrumenter".into());
        }
        let mut seen = HashSet::new();
        for u in &p.units {
            check_unit_name(&u.name)?;
            if !seen.insert(u.name.as_str()) {
                return Err(format!("enheten «{}» står to ganger", u.name));
            }
        }
        let mut seen = HashSet::new();
        for r in &p.relations {
            if !is_simple_id(&r.key) || r.key.contains('-') {
                return Err(format!(
                    "ugyldig relasjonsnøkkel «{}»: bruk bare a–z, 0–9 og _",
                    r.key
                ));
            }
            if !seen.insert(r.key.as_str()) {
                return Err(format!("relasjonen «{}» står to ganger", r.key));
            }
        }
        for u in &p.units {
            if let Some(area) = &u.area {
                check_area_name(area)?;
            }
            for key in u.relations.iter().flatten() {
                if !p.relations.iter().any(|r| &r.key == key) {
                    return Err(format!(
                        "enheten «{}» skal vurdere relasjonen «{key}», som runden ikke har",
                        u.name
                    ));
                }
            }
        }
        let mut seen = HashSet::new();
        for r in &p.roles {
            if !is_simple_id(&r.key) {
                return Err(format!("ugyldig rolle «{}»", r.key));
            }
            if !seen.insert(r.key.as_str()) {
                return Err(format!("rollen «{}» står to ganger", r.key));
            }
        }
        if p.roles.is_empty() {
            return Err("runden har ingen roller".into());
        }
        let columns = derive_columns(&p.instruments, &p.relations)?;
        let mut units = p.units;
        // Where the answers of a role without a unit count: a unit of the
        // round from the start, so that nothing about it changes when the
        // first such answer comes.
        let whole = whole_municipality(&p.municipality);
        if p.roles.iter().any(|r| !r.has_unit) && !units.iter().any(|u| u.name == whole) {
            units.push(Unit::named(whole, None));
        }
        Ok(Round {
            id: p.id,
            title: p.title,
            municipality: p.municipality,
            period: p.period,
            open: p.open,
            requires_code: p.requires_code,
            units,
            relations: p.relations,
            roles: p.roles,
            instruments: p.instruments,
            privacy: Privacy::new(Some(p.privacy.k), Some(p.privacy.k_comments))?,
            coded_units: Vec::new(),
            legacy_rule: false,
            columns,
        })
    }

    pub fn into_parts(self) -> RoundParts {
        RoundParts {
            id: self.id,
            title: self.title,
            municipality: self.municipality,
            period: self.period,
            open: self.open,
            requires_code: self.requires_code,
            units: self.units,
            relations: self.relations,
            roles: self.roles,
            instruments: self.instruments,
            privacy: self.privacy,
        }
    }

    /// The answer columns, in exchange-format order.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    /// Whether an answer for `unit` needs an invitation code.
    pub fn needs_code(&self, unit: &str) -> bool {
        self.requires_code || self.coded_units.iter().any(|u| u == unit)
    }

    /// Whether anyone in the round answers with a code.
    pub fn has_codes(&self) -> bool {
        self.requires_code || !self.coded_units.is_empty()
    }

    pub fn has_unit(&self, name: &str) -> bool {
        self.units.iter().any(|u| u.name == name)
    }

    pub fn has_role(&self, key: &str) -> bool {
        self.roles.iter().any(|r| r.key == key)
    }

    /// Whether the form asks someone in `role` for their unit.
    pub fn role_has_unit(&self, role: &str) -> bool {
        self.roles
            .iter()
            .find(|r| r.key == role)
            .is_none_or(|r| r.has_unit)
    }

    /// The unit an answer from a role without a unit is counted under: the
    /// municipality as a whole ("Solvik kommune").
    pub fn municipality_unit(&self) -> String {
        whole_municipality(&self.municipality)
    }

    /// The partner relations someone in `unit` rates: those the round
    /// names for the unit, else all (also for the whole municipality).
    pub fn relations_for(&self, unit: &str) -> Vec<&Relation> {
        let chosen = self
            .units
            .iter()
            .find(|u| u.name == unit)
            .and_then(|u| u.relations.as_ref());
        match chosen {
            Some(keys) => self
                .relations
                .iter()
                .filter(|r| keys.contains(&r.key))
                .collect(),
            None => self.relations.iter().collect(),
        }
    }
}

/// The name of the unit the whole municipality counts as ("Solvik kommune").
pub fn whole_municipality(municipality: &str) -> String {
    let name = municipality.trim();
    if name.to_lowercase().ends_with("kommune") {
        name.to_string()
    } else {
        format!("{name} kommune")
    }
}

/// A unit name is shown on pages and written to CSV: printable, one line.
pub fn check_unit_name(name: &str) -> Result<(), String> {
    if name.trim().is_empty() {
        return Err("en enhet mangler navn".into());
    }
    if name.trim() != name {
        return Err(format!(
            "enhetsnavnet «{name}» har mellomrom først eller sist"
        ));
    }
    if name.chars().count() > 200 || name.chars().any(char::is_control) {
        return Err(format!(
            "enhetsnavnet «{name}» er for langt eller har kontrolltegn"
        ));
    }
    Ok(())
}

/// A service area's name follows the rules of a unit's name.
pub fn check_area_name(name: &str) -> Result<(), String> {
    if name.trim().is_empty() {
        return Err("et tjenesteområde mangler navn".into());
    }
    // No semicolon: it ends a unit's line on the round pages.
    if name.trim() != name
        || name.chars().count() > 200
        || name.chars().any(|c| c.is_control() || c == ';')
    {
        return Err(format!(
            "tjenesteområdet «{name}» har mellomrom først eller sist, er for langt, eller har semikolon eller kontrolltegn"
        ));
    }
    // A letter tells an area from a number invited where a line holds
    // both (the browser's list of units: "Kulturskolen; 11; Kultur").
    if !name.chars().any(char::is_alphabetic) {
        return Err(format!("tjenesteområdet «{name}» har ingen bokstaver"));
    }
    Ok(())
}

/// The service areas of a round, each with its units, in the order the
/// round first names them. A unit belongs to one area at most.
pub fn areas_of(units: &[Unit]) -> Vec<(String, Vec<String>)> {
    let mut areas: Vec<(String, Vec<String>)> = Vec::new();
    for u in units {
        let Some(area) = &u.area else { continue };
        match areas.iter_mut().find(|(name, _)| name == area) {
            Some((_, members)) => members.push(u.name.clone()),
            None => areas.push((area.clone(), vec![u.name.clone()])),
        }
    }
    areas
}

fn derive_columns(
    instruments: &[Instrument],
    relations: &[Relation],
) -> Result<Vec<Column>, String> {
    let mut columns = Vec::new();
    for inst in instruments {
        let name = |id: &str| inst.column(id);
        for q in &inst.questions {
            match &q.kind {
                QuestionKind::Scale { scale, .. } => columns.push(Column {
                    name: name(&q.id),
                    kind: ColumnKind::Scale {
                        min: scale.min,
                        max: scale.max,
                        dont_know: scale.dont_know.is_some(),
                        no_collaboration: false,
                    },
                }),
                QuestionKind::Choice { options, .. } => columns.push(Column {
                    name: name(&q.id),
                    kind: ColumnKind::Choice {
                        keys: options.iter().map(|o| o.key.clone()).collect(),
                    },
                }),
                QuestionKind::Text { max_length, .. } => columns.push(Column {
                    name: name(&q.id),
                    kind: ColumnKind::Text {
                        max_length: *max_length,
                    },
                }),
                QuestionKind::Stair(stair) => {
                    let prefix = inst.prefix.as_deref().unwrap_or(&q.id);
                    let steps = stair.steps.len() as i64;
                    let step = |no_collaboration| ColumnKind::Scale {
                        min: 1,
                        max: steps,
                        dont_know: stair.dont_know.is_some(),
                        no_collaboration,
                    };
                    for r in relations {
                        let base = format!("{prefix}.{}", r.key);
                        columns.push(Column {
                            name: format!("{base}.now"),
                            kind: step(stair.no_collaboration.is_some()),
                        });
                        columns.push(Column {
                            name: format!("{base}.goal"),
                            kind: step(false),
                        });
                        if stair.note.is_some() {
                            columns.push(Column {
                                name: format!("{base}.note"),
                                kind: ColumnKind::Text { max_length: 2000 },
                            });
                        }
                    }
                }
            }
        }
    }
    let mut seen = HashSet::new();
    for c in &columns {
        if KEY_COLUMNS.contains(&c.name.as_str()) || !seen.insert(c.name.as_str()) {
            return Err(format!(
                "kolonnen «{}» finnes i mer enn ett instrument",
                c.name
            ));
        }
    }
    Ok(columns)
}

/// A new round with the units, relations, roles and instruments of
/// `template` (instrument wording from `library`, so a revised definition
/// takes effect in the new round). It starts closed.
pub fn create_like(template: &Round, id: &str, library: &Library) -> Result<Round, String> {
    let instruments = template
        .instruments
        .iter()
        .map(|i| library.get(&i.id).unwrap_or(i).clone())
        .collect();
    let title = if template.title.contains(&template.id) {
        template.title.replace(&template.id, id)
    } else {
        format!("{} {id}", template.title)
    };
    Round::assemble(RoundParts {
        id: id.to_string(),
        title,
        municipality: template.municipality.clone(),
        period: id.to_string(),
        open: false,
        // A municipality that hands out codes wants next year's round closed
        // to open links too.
        requires_code: template.requires_code,
        units: template.units.clone(),
        relations: template.relations.clone(),
        roles: template.roles.clone(),
        instruments,
        privacy: template.privacy,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoundFile {
    id: Option<String>,
    title: Option<String>,
    municipality: String,
    period: Option<String>,
    instruments: Vec<String>,
    roles: Option<Vec<RoleEntry>>,
    units: Vec<UnitEntry>,
    #[serde(default)]
    relations: Vec<RelationEntry>,
    #[serde(default)]
    open: bool,
    #[serde(default)]
    requires_code: bool,
    /// Minimum group size (default 5, at least 3).
    k: Option<u64>,
    /// Fewest respondents for a unit's free text (default and least: k).
    k_comments: Option<u64>,
}

#[derive(Deserialize)]
#[serde(
    untagged,
    expecting = "en enhet: et navn i anførselstegn, eller { name = \"…\", invited = 12, relations = [\"skole\"], area = \"Oppvekst\" } uten andre felt"
)]
enum UnitEntry {
    Name(String),
    Full(FullUnitEntry),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FullUnitEntry {
    name: String,
    invited: Option<u32>,
    /// The relations this unit rates (keys); all when left out.
    relations: Option<Vec<String>>,
    /// The service area the unit belongs to, if any.
    area: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RelationEntry {
    key: String,
    label: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleEntry {
    key: String,
    label: String,
    /// `false` for a role that answers for the whole municipality.
    unit: Option<bool>,
}

/// Reads a round file (`trappa round create NAME --file ROUND.toml`); the
/// instruments it names come from `library`. `name`, when given, is the
/// round's id (the file's `id`, if any, must agree).
pub fn parse_round_file(
    file: &str,
    text: &str,
    library: &Library,
    name: Option<&str>,
) -> Result<Round, Problem> {
    let raw: RoundFile = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start));
        Problem::new(file, line, e.message().trim().to_string())
    })?;
    let id = match (name, raw.id.as_deref()) {
        (Some(n), Some(f)) if n != f => {
            return Err(Problem::new(
                file,
                None,
                format!("filen gjelder runde «{f}», ikke «{n}»"),
            ));
        }
        (Some(n), _) | (None, Some(n)) => n.to_string(),
        (None, None) => return Err(Problem::new(file, None, "runden mangler id".into())),
    };
    let mut instruments = Vec::new();
    for id in &raw.instruments {
        match library.get(id) {
            Some(i) => instruments.push(i.clone()),
            None => {
                let known: Vec<_> = library
                    .instruments()
                    .iter()
                    .map(|i| i.id.as_str())
                    .collect();
                return Err(Problem::new(
                    file,
                    None,
                    format!("ukjent instrument «{id}» (kjente: {})", known.join(", ")),
                ));
            }
        }
    }
    let title = raw
        .title
        .unwrap_or_else(|| format!("Samhandling og innovasjon {id}"));
    let privacy = Privacy::new(raw.k, raw.k_comments).map_err(|e| Problem::new(file, None, e))?;
    Round::assemble(RoundParts {
        privacy,
        period: raw.period.unwrap_or_else(|| id.clone()),
        id,
        title,
        municipality: raw.municipality,
        open: raw.open,
        requires_code: raw.requires_code,
        units: raw
            .units
            .into_iter()
            .map(|u| match u {
                UnitEntry::Name(name) => Unit::named(name, None),
                UnitEntry::Full(FullUnitEntry {
                    name,
                    invited,
                    relations,
                    area,
                }) => Unit {
                    name,
                    invited,
                    relations,
                    area,
                },
            })
            .collect(),
        relations: raw
            .relations
            .into_iter()
            .map(|r| Relation {
                key: r.key,
                label: r.label,
            })
            .collect(),
        roles: raw
            .roles
            .map(|rs| {
                rs.into_iter()
                    .map(|r| Role {
                        has_unit: r.unit.unwrap_or_else(|| role_has_unit(&r.key)),
                        key: r.key,
                        label: r.label,
                    })
                    .collect()
            })
            .unwrap_or_else(default_roles),
        instruments,
    })
    .map_err(|msg| Problem::new(file, None, msg))
}

/// An open round 2026 of Solvik with one unit, the partner "skole" and
/// the three built-in instruments: for unit tests.
#[cfg(test)]
pub(crate) fn test_round(unit: &str) -> Round {
    let lib = crate::survey::Library::builtin();
    Round::assemble(RoundParts {
        id: "2026".into(),
        title: "T".into(),
        municipality: "Solvik".into(),
        period: "2026".into(),
        open: true,
        requires_code: false,
        privacy: Privacy::default(),
        units: vec![Unit::named(unit, None)],
        relations: vec![Relation {
            key: "skole".into(),
            label: "Skole".into(),
        }],
        roles: default_roles(),
        instruments: ["samhandlingstrappa", "innovasjonsplakaten", "kommentar"]
            .iter()
            .map(|id| lib.get(id).unwrap().clone())
            .collect(),
    })
    .unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"
id = "2026"
municipality = "Solvik"
instruments = ["samhandlingstrappa", "innovasjonsplakaten", "kommentar"]
units = ["Kulturskolen", { name = "Plan, miljø og landbruk", invited = 12 }]
relations = [{ key = "skole", label = "Skole" }, { key = "sfo", label = "SFO" }]
"#;

    #[test]
    fn round_file_gives_exchange_columns_in_order() {
        let round = parse_round_file("r.toml", FILE, &Library::builtin(), None).unwrap();
        let names: Vec<_> = round.columns().iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            &names[..7],
            &[
                "trapp.skole.now",
                "trapp.skole.goal",
                "trapp.skole.note",
                "trapp.sfo.now",
                "trapp.sfo.goal",
                "trapp.sfo.note",
                "plakat.p01"
            ]
        );
        assert_eq!(names.last(), Some(&"kommentar"));
        assert_eq!(round.units[1].invited, Some(12));
        assert_eq!(round.roles.len(), 3);
    }

    #[test]
    fn units_are_grouped_into_service_areas_in_the_order_named() {
        let file = FILE.replace(
            r#"units = ["Kulturskolen", { name = "Plan, miljø og landbruk", invited = 12 }]"#,
            r#"units = [{ name = "Kulturskolen", area = "Kultur" }, "Rådhuset",
                     { name = "Plan, miljø og landbruk", invited = 12, area = "Teknikk" },
                     { name = "Biblioteket", area = "Kultur" }]"#,
        );
        let round = parse_round_file("r.toml", &file, &Library::builtin(), None).unwrap();
        assert_eq!(
            areas_of(&round.units),
            vec![
                (
                    "Kultur".to_string(),
                    vec!["Kulturskolen".into(), "Biblioteket".into()]
                ),
                (
                    "Teknikk".to_string(),
                    vec!["Plan, miljø og landbruk".into()]
                ),
            ]
        );
        let bad = file.replace(r#"area = "Teknikk""#, r#"area = " Teknikk""#);
        let e = parse_round_file("r.toml", &bad, &Library::builtin(), None).unwrap_err();
        assert!(e.to_string().contains("tjenesteområdet « Teknikk»"), "{e}");
        // A misspelt field is not quietly left out.
        let typo = file.replace(r#"area = "Teknikk""#, r#"omrade = "Teknikk""#);
        let e = parse_round_file("r.toml", &typo, &Library::builtin(), None).unwrap_err();
        assert!(e.to_string().contains("uten andre felt"), "{e}");
    }

    #[test]
    fn unknown_instrument_and_bad_unit_are_named() {
        let bad = FILE.replace("\"kommentar\"]", "\"kommentarer\"]");
        let e = parse_round_file("r.toml", &bad, &Library::builtin(), Some("2026")).unwrap_err();
        assert!(e.message.contains("kommentarer"), "{e}");
        let bad = FILE.replace("\"Kulturskolen\"", "\"Plan, miljø og landbruk\"");
        let e = parse_round_file("r.toml", &bad, &Library::builtin(), Some("2026")).unwrap_err();
        assert!(e.message.contains("to ganger"), "{e}");
    }

    #[test]
    fn a_round_keeps_its_own_k_and_never_below_three() {
        let round = parse_round_file("r.toml", FILE, &Library::builtin(), None).unwrap();
        assert_eq!(
            round.privacy,
            Privacy {
                k: 5,
                k_comments: 5
            }
        );
        let file = format!("{FILE}k = 7\nk_comments = 10\n");
        let round = parse_round_file("r.toml", &file, &Library::builtin(), None).unwrap();
        assert_eq!(
            round.privacy,
            Privacy {
                k: 7,
                k_comments: 10
            }
        );
        let e = parse_round_file(
            "r.toml",
            &format!("{FILE}k = 2\n"),
            &Library::builtin(),
            None,
        )
        .unwrap_err();
        assert!(e.message.contains("minst 3"), "{e}");
        let file = format!("{FILE}k = 6\nk_comments = 5\n");
        let e = parse_round_file("r.toml", &file, &Library::builtin(), None).unwrap_err();
        assert!(e.message.contains("k_comments"), "{e}");
    }
}
