//! The staff form: a round's instruments turned into a page view, and a
//! posted form turned into a checked response or field errors. Pure: no I/O.

use std::collections::HashMap;

use serde::Serialize;

use super::steps::Screen;
use crate::i18n::{Lang, tr, tr_args};
use crate::store::NewResponse;
use crate::survey::answer::{CellError, encode_answers};
use crate::survey::round::partner_noun;
use crate::survey::{Instrument, QuestionKind, Round};

/// The value a "vet ikke" radio posts; stored as that answer, never a score.
pub const DONT_KNOW: &str = "vet_ikke";

/// The value the "vi samarbeider ikke med denne parten" radio posts.
pub const NO_COLLABORATION: &str = "samarbeider_ikke";

/// What the respondent posted, field by field (the last value wins).
#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
pub struct Posted(HashMap<String, String>);

/// Fields that steer the form rather than answer it: never kept.
const CONTROL_FIELDS: [&str; 6] = ["_token", "_kode", "_lang", "_step", "_go", "_ack"];

impl Posted {
    pub fn new(fields: Vec<(String, String)>) -> Posted {
        Posted(fields.into_iter().collect())
    }

    /// The longest value posted, in bytes: a draft keeps only what a form
    /// can hold.
    pub fn longest(&self) -> usize {
        self.0.values().map(String::len).max().unwrap_or(0)
    }

    /// The answers kept between the steps of a form, as JSON: only those
    /// that are valid for their question (a role and a unit the round has,
    /// an answer its column takes), so that a post full of junk keeps none.
    pub fn draft_json(&self, round: &Round) -> String {
        let valid = |name: &str, value: &str| match name {
            "role" => round.has_role(value),
            "unit" => round.has_unit(value),
            _ => round
                .columns()
                .iter()
                .find(|c| c.name == name)
                .is_some_and(|c| c.parse(value).is_ok()),
        };
        let answers: HashMap<&String, &String> = self
            .0
            .iter()
            .filter(|(k, v)| !v.is_empty() && valid(k, v))
            .collect();
        serde_json::to_string(&answers).unwrap_or_else(|_| "{}".into())
    }

    /// Answers kept as JSON; a damaged draft starts the form afresh.
    pub fn from_draft(json: &str) -> Posted {
        serde_json::from_str(json).unwrap_or_default()
    }

    /// Takes a screen's `fields` from `post`: what it posted replaces what
    /// was kept, and a field it left out (an unticked radio) is cleared.
    pub fn take_screen(&mut self, post: &Posted, fields: &[String]) {
        for f in fields {
            match post.0.get(f) {
                Some(v) if !v.is_empty() => {
                    self.0.insert(f.clone(), v.clone());
                }
                _ => {
                    self.0.remove(f);
                }
            }
        }
    }

    /// Only the answers to `fields` (and role and unit): answers to
    /// questions no longer asked (a unit changed) are not stored.
    pub fn only(&self, fields: &[String]) -> Posted {
        Posted(
            self.0
                .iter()
                .filter(|(k, _)| k.as_str() == "role" || k.as_str() == "unit" || fields.contains(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        )
    }

    /// Puts a value the server decides, e.g. the unit an invitation code gives.
    pub fn set(&mut self, name: &str, value: &str) {
        self.0.insert(name.to_string(), value.to_string());
    }

    pub fn get(&self, name: &str) -> &str {
        self.0.get(name).map(String::as_str).unwrap_or("")
    }

    /// Field names the form never has: a sign of a stale or forged post.
    pub fn unknown_fields<'a>(&'a self, round: &Round) -> Vec<&'a str> {
        self.0
            .keys()
            .map(String::as_str)
            .filter(|k| {
                !CONTROL_FIELDS.contains(k)
                    && !matches!(*k, "unit" | "role")
                    && round.column_index(k).is_none()
            })
            .collect()
    }
}

/// Field name → what is wrong with it, shown next to the field.
pub type FieldErrors = HashMap<String, FieldError>;

/// What is wrong with one field: a message key (see `i18n`), or why a
/// cell is not an answer.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldError {
    Key(&'static str),
    Cell(CellError),
}

/// The text of a field error in `lang`.
fn message(lang: Lang, error: &FieldError) -> String {
    match error {
        FieldError::Key(key) => tr(lang, key),
        FieldError::Cell(e) => tr_args(
            lang,
            "error-answer-invalid",
            &[("detail", e.words(lang).into())],
        ),
    }
}

/// Checks a posted form against the round.
pub fn validate(round: &Round, posted: &Posted) -> Result<NewResponse, FieldErrors> {
    let mut errors = FieldErrors::new();
    let role = posted.get("role");
    // A role without a unit answers for the whole municipality, whatever
    // the post says.
    let whole = round.municipality_unit();
    let unit = if round.has_role(role) && !round.role_has_unit(role) {
        whole.as_str()
    } else {
        posted.get("unit")
    };
    if unit.is_empty() {
        errors.insert("unit".into(), FieldError::Key("error-unit-missing"));
    } else if round.role_has_unit(role) && (unit == whole || !round.has_unit(unit)) {
        errors.insert("unit".into(), FieldError::Key("error-unit-unknown"));
    }
    if role.is_empty() {
        errors.insert("role".into(), FieldError::Key("error-role-missing"));
    } else if !round.has_role(role) {
        errors.insert("role".into(), FieldError::Key("error-role-unknown"));
    }
    let columns = round.columns();
    // The stair's partners the unit does not rate are never asked: an
    // answer to them (a forged or stale post) is not kept.
    let rated: Vec<&str> = round
        .relations_for(unit)
        .iter()
        .map(|r| r.key.as_str())
        .collect();
    let unasked = |name: &str| {
        let mut parts = name.split('.');
        match (parts.next(), parts.next(), parts.next(), parts.next()) {
            (Some(_), Some(rel), Some("now" | "goal" | "note"), None) => {
                round.relations.iter().any(|r| r.key == rel) && !rated.contains(&rel)
            }
            _ => false,
        }
    };
    let mut values = Vec::with_capacity(columns.len());
    for c in columns {
        if unasked(&c.name) {
            values.push(None);
            continue;
        }
        // "vet_ikke" and "samarbeider_ikke" are among the words the column
        // takes for those answers.
        match c.parse(posted.get(&c.name)) {
            Ok(v) => values.push(v),
            Err(reason) => {
                errors.insert(c.name.clone(), FieldError::Cell(reason));
                values.push(None);
            }
        }
    }
    if errors.is_empty() {
        Ok(NewResponse {
            unit: unit.to_string(),
            role: role.to_string(),
            answers: encode_answers(&values),
        })
    } else {
        Err(errors)
    }
}

/// Checks the answers of one screen, before the next is shown: a role and
/// a unit must be given (a response is counted under them); any other
/// question may be left open.
pub fn screen_errors(round: &Round, screen: &Screen, posted: &Posted) -> FieldErrors {
    let mut errors = FieldErrors::new();
    match screen {
        Screen::About { .. } => {
            let role = posted.get("role");
            if role.is_empty() {
                errors.insert("role".into(), FieldError::Key("error-role-missing"));
            } else if !round.has_role(role) {
                errors.insert("role".into(), FieldError::Key("error-role-unknown"));
            }
            // A unit is needed where the role has one (an invitation code
            // posts its own); with a role that has none, any choice is let be.
            if role.is_empty() || round.role_has_unit(role) {
                let unit = posted.get("unit");
                if unit.is_empty() {
                    errors.insert("unit".into(), FieldError::Key("error-unit-missing"));
                } else if !round.has_unit(unit) || unit == round.municipality_unit() {
                    errors.insert("unit".into(), FieldError::Key("error-unit-unknown"));
                }
            }
        }
        _ => {
            for name in screen.fields(round) {
                let Some(c) = round.columns().iter().find(|c| c.name == name) else {
                    continue;
                };
                if let Err(reason) = c.parse(posted.get(&name)) {
                    errors.insert(name, FieldError::Cell(reason));
                }
            }
        }
    }
    errors
}

#[derive(Debug, Serialize)]
pub struct FormView {
    round: RoundView,
    token: String,
    /// Where this screen stands: "Steg 2 av 6", its key, first and last.
    step: StepInfo,
    /// The unit question (the first screen, unless a code gives the unit).
    units: Option<Vec<Opt>>,
    /// Roles that answer for the whole municipality and choose no unit.
    roles_without_unit: Vec<String>,
    unit_error: Option<String>,
    /// The unit an invitation code gives (shown on the role screen).
    unit_given: Option<String>,
    /// The role question (the first screen only).
    role: Option<Item>,
    sections: Vec<Section>,
    error_count: usize,
    /// (field id, question, message) in page order, for the summary at the top.
    error_list: Vec<(String, String, String)>,
    /// Gentle questions about answers that may be slips (a goal below
    /// today's step): (field id, partner, message); the screen may be sent
    /// again unchanged.
    notices: Vec<(String, String, String)>,
    /// The partners whose notice was shown, posted back as `_ack`.
    ack: String,
    /// The invitation code, carried through the form; the unit is the code's.
    code: Option<String>,
    /// Units that answer with a code, so the open form points them there.
    coded_units: Vec<String>,
    /// The page's language, kept through the language switch and the post.
    lang: &'static str,
}

#[derive(Debug, Serialize)]
struct StepInfo {
    key: String,
    number: usize,
    total: usize,
    first: bool,
    last: bool,
}

#[derive(Debug, Serialize)]
struct RoundView {
    id: String,
    title: String,
    municipality: String,
}

#[derive(Debug, Serialize)]
struct Opt {
    value: String,
    /// The whole label, read by screen readers.
    label: String,
    /// What is shown, when the screen's key explains it (the number).
    short: Option<String>,
    checked: bool,
    /// An answer that is not a score ("vet ikke", "samarbeider ikke"),
    /// set apart below the scale.
    apart: bool,
}

#[derive(Debug, Serialize)]
struct Item {
    /// Field name (the CSV column).
    name: String,
    /// HTML id, derived from the name (dots are awkward in CSS selectors).
    id: String,
    kind: &'static str,
    text: String,
    options: Vec<Opt>,
    value: String,
    max_length: usize,
    error: Option<String>,
}

#[derive(Debug, Serialize)]
struct StepView {
    name: String,
    description: String,
}

#[derive(Debug, Serialize)]
struct StairGroup {
    label: String,
    now: Item,
    goal: Item,
    note: Option<Item>,
    /// A gentle question about this partner's answers.
    notice: Option<String>,
}

#[derive(Debug, Serialize)]
struct Section {
    title: String,
    intro: Option<String>,
    steps: Vec<StepView>,
    stair: Vec<StairGroup>,
    /// The scale's words, once for the screen, when its options show only
    /// numbers ("1 Helt uenig … 5 Helt enig").
    scale_key: Vec<String>,
    items: Vec<Item>,
}

fn html_id(name: &str) -> String {
    format!("f-{}", name.replace('.', "-"))
}

/// Fills `{kommune}` and `{relasjon}` in definition text.
fn fill(text: &str, round: &Round, relation: &str) -> String {
    crate::survey::definition::fill_municipality(text, &round.municipality)
        .replace("{relasjon}", relation)
}

struct Builder<'a> {
    posted: &'a Posted,
    errors: &'a FieldErrors,
    lang: Lang,
}

impl Builder<'_> {
    /// A radio question; with `numbered`, the options show their number
    /// and the screen's key gives the words. `apart` are the answers that
    /// are not a score, as (value, label), after the scale.
    fn radio(
        &self,
        name: String,
        text: String,
        points: Vec<(String, String)>,
        apart: &[(&str, &str)],
        numbered: bool,
    ) -> Item {
        let current = self.posted.get(&name).to_string();
        let mut options: Vec<Opt> = points
            .into_iter()
            .map(|(value, label)| Opt {
                checked: value == current,
                short: numbered.then(|| value.clone()),
                value,
                label,
                apart: false,
            })
            .collect();
        options.extend(apart.iter().map(|&(value, label)| Opt {
            checked: current == value,
            value: value.into(),
            label: label.into(),
            short: None,
            apart: true,
        }));
        Item {
            id: html_id(&name),
            error: self.errors.get(&name).map(|k| message(self.lang, k)),
            name,
            kind: "radio",
            text,
            options,
            value: String::new(),
            max_length: 0,
        }
    }

    fn text(&self, name: String, text: String, max_length: usize) -> Item {
        Item {
            id: html_id(&name),
            error: self.errors.get(&name).map(|k| message(self.lang, k)),
            value: self.posted.get(&name).to_string(),
            name,
            kind: "text",
            text,
            options: Vec::new(),
            max_length,
        }
    }

    /// An empty section for `inst`: its title, and its intro where the
    /// section `starts` the instrument.
    fn section(&self, round: &Round, inst: &Instrument, starts: bool) -> Section {
        let tx = |nb: &str| inst.translations.text(self.lang, nb).to_string();
        // Someone in a role without a unit answers for the whole
        // municipality, and is asked about it, not about "your unit".
        let role = self.posted.get("role");
        let for_municipality = round.has_role(role) && !round.role_has_unit(role);
        let intro = match &inst.intro_municipality {
            Some(text) if for_municipality => Some(text),
            _ => inst.intro.as_ref(),
        };
        Section {
            title: tx(&inst.title),
            intro: intro.filter(|_| starts).map(|t| fill(&tx(t), round, "")),
            steps: Vec::new(),
            stair: Vec::new(),
            scale_key: Vec::new(),
            items: Vec::new(),
        }
    }

    /// Questions of one instrument, as a section of a screen; `intro`
    /// when the section starts the instrument.
    fn questions(&self, round: &Round, inst: &Instrument, which: &[usize]) -> Section {
        let lang = self.lang;
        // The definition's own translation, or its bokmål.
        let tx = |nb: &str| inst.translations.text(lang, nb).to_string();
        let mut section = self.section(round, inst, which.first() == Some(&0));
        let column = |id: &str| inst.column(id);
        for q in which.iter().filter_map(|i| inst.questions.get(*i)) {
            match &q.kind {
                QuestionKind::Scale { text, scale } => {
                    let labelled: Vec<(String, String)> = (scale.min..=scale.max)
                        .zip(&scale.labels)
                        .map(|(v, l)| (v.to_string(), format!("{v} {}", tx(l))))
                        .collect();
                    if section.scale_key.is_empty() {
                        section.scale_key = labelled.iter().map(|(_, l)| l.clone()).collect();
                    }
                    section.items.push(
                        self.radio(
                            column(&q.id),
                            fill(&tx(text), round, ""),
                            labelled,
                            &scale
                                .dont_know
                                .as_deref()
                                .map(|d| (DONT_KNOW, inst.translations.text(lang, d)))
                                .into_iter()
                                .collect::<Vec<_>>(),
                            true,
                        ),
                    )
                }
                QuestionKind::Choice { text, options } => section.items.push(
                    self.radio(
                        column(&q.id),
                        fill(&tx(text), round, ""),
                        options
                            .iter()
                            .map(|o| (o.key.clone(), tx(&o.label)))
                            .collect(),
                        &[],
                        false,
                    ),
                ),
                QuestionKind::Text { text, max_length } => section.items.push(self.text(
                    column(&q.id),
                    fill(&tx(text), round, ""),
                    *max_length,
                )),
                QuestionKind::Stair(_) => {}
            }
        }
        section
    }

    /// A stair screen: the steps, and a now/goal pair (and note) for each
    /// of the screen's partners, each option with its step's name; `first`
    /// carries the intro.
    fn stair(
        &self,
        round: &Round,
        inst: &Instrument,
        partners: &[usize],
        first: bool,
        notices: &HashMap<String, String>,
    ) -> Section {
        let tx = |nb: &str| inst.translations.text(self.lang, nb).to_string();
        let mut section = self.section(round, inst, first);
        for q in &inst.questions {
            let QuestionKind::Stair(stair) = &q.kind else {
                continue;
            };
            let prefix = inst.prefix.as_deref().unwrap_or(&q.id);
            // The steps' descriptions on every stair screen, folded away
            // (the options carry the steps' names; a tap shows the rest).
            section.steps = stair
                .steps
                .iter()
                .map(|s| StepView {
                    name: tx(&s.name),
                    description: tx(&s.description),
                })
                .collect();
            let points: Vec<(String, String)> = stair
                .steps
                .iter()
                .enumerate()
                .map(|(i, s)| ((i + 1).to_string(), format!("{} {}", i + 1, tx(&s.name))))
                .collect();
            // "Samarbeider ikke" on the current step only: with no
            // collaboration there is still a step that could be reached.
            let dont_know: Vec<(&str, &str)> = stair
                .dont_know
                .as_deref()
                .map(|d| (DONT_KNOW, inst.translations.text(self.lang, d)))
                .into_iter()
                .collect();
            let now_apart: Vec<(&str, &str)> = stair
                .no_collaboration
                .as_deref()
                .map(|d| (NO_COLLABORATION, inst.translations.text(self.lang, d)))
                .into_iter()
                .chain(dont_know.iter().copied())
                .collect();
            for r in partners.iter().filter_map(|i| round.relations.get(*i)) {
                let partner = partner_noun(&r.label);
                let base = format!("{prefix}.{}", r.key);
                // The questions as the definition words them on a screen
                // (the partner names the group): "Hvor er samarbeidet i
                // dag?", and "Mulig å nå innen ett år", the time frame said.
                let asked = |full: &str, short: &Option<String>| match short {
                    Some(s) => tx(s),
                    None => fill(&tx(full), round, &partner),
                };
                section.stair.push(StairGroup {
                    label: r.label.clone(),
                    now: self.radio(
                        format!("{base}.now"),
                        asked(&stair.now, &stair.now_short),
                        points.clone(),
                        &now_apart,
                        false,
                    ),
                    goal: self.radio(
                        format!("{base}.goal"),
                        asked(&stair.goal, &stair.goal_short),
                        points.clone(),
                        &dont_know,
                        false,
                    ),
                    note: stair.note.as_ref().map(|n| {
                        self.text(format!("{base}.note"), fill(&tx(n), round, &partner), 2000)
                    }),
                    notice: notices.get(&r.key).cloned(),
                });
            }
        }
        section
    }
}

/// The errors at the top of the page, in the order of the form.
fn error_list(
    lang: Lang,
    errors: &FieldErrors,
    role: Option<&Item>,
    sections: &[Section],
) -> Vec<(String, String, String)> {
    let mut list = Vec::new();
    if let Some(e) = errors.get("unit") {
        list.push((
            "unit".to_string(),
            tr(lang, "form-unit-label"),
            message(lang, e),
        ));
    }
    let mut note = |item: &Item| {
        if let Some(e) = &item.error {
            list.push((item.id.clone(), item.text.clone(), e.clone()));
        }
    };
    if let Some(role) = role {
        note(role);
    }
    for section in sections {
        for g in &section.stair {
            note(&g.now);
            note(&g.goal);
            if let Some(n) = &g.note {
                note(n);
            }
        }
        section.items.iter().for_each(&mut note);
    }
    list
}

/// Partners (relation keys) on a stair screen whose goal is below today's
/// step, both answered with a step.
pub fn goals_below_now(round: &Round, screen: &Screen, posted: &Posted) -> Vec<String> {
    let Screen::Stair {
        inst, relations, ..
    } = screen
    else {
        return Vec::new();
    };
    let inst = &round.instruments[*inst];
    let mut out = Vec::new();
    for q in &inst.questions {
        if !matches!(q.kind, QuestionKind::Stair(_)) {
            continue;
        }
        let prefix = inst.prefix.as_deref().unwrap_or(&q.id);
        for r in relations.iter().filter_map(|i| round.relations.get(*i)) {
            let step = |end: &str| {
                posted
                    .get(&format!("{prefix}.{}.{end}", r.key))
                    .parse::<u32>()
                    .ok()
            };
            if let (Some(now), Some(goal)) = (step("now"), step("goal"))
                && goal < now
            {
                out.push(r.key.clone());
            }
        }
    }
    out
}

/// What a screen shows besides its questions.
pub struct ScreenState<'a> {
    pub screen: &'a Screen,
    /// 1-based place among `total` screens.
    pub number: usize,
    pub total: usize,
    /// Partners (relation keys) to ask gently about.
    pub notices: &'a [String],
    /// The unit an invitation code gives.
    pub unit_given: Option<&'a str>,
}

impl FormView {
    /// The page for one screen of `round`, showing what was `posted` so
    /// far and the screen's `errors`.
    pub fn build(
        round: &Round,
        token: &str,
        posted: &Posted,
        errors: &FieldErrors,
        lang: Lang,
        at: ScreenState<'_>,
    ) -> FormView {
        let b = Builder {
            posted,
            errors,
            lang,
        };
        let unit = posted.get("unit");
        let mut units = None;
        let mut roles_without_unit: Vec<String> = Vec::new();
        let mut role = None;
        let mut sections = Vec::new();
        let notices: HashMap<String, String> = at
            .notices
            .iter()
            .map(|k| (k.clone(), tr(lang, "form-goal-below-now")))
            .collect();
        match at.screen {
            Screen::About { unit: asks_unit } => {
                role = Some(
                    b.radio(
                        "role".into(),
                        tr(lang, "form-role"),
                        round
                            .roles
                            .iter()
                            .map(|r| (r.key.clone(), r.label_in(lang)))
                            .collect(),
                        &[],
                        false,
                    ),
                );
                if *asks_unit {
                    let whole = round.municipality_unit();
                    // Units with codes answer with their code (which sets the
                    // unit): on the open link they are not offered.
                    units = Some(
                        round
                            .units
                            .iter()
                            .filter(|u| u.name == unit || !round.coded_units.contains(&u.name))
                            // Where roles without a unit are counted.
                            .filter(|u| u.name != whole)
                            .map(|u| Opt {
                                value: u.name.clone(),
                                label: u.name.clone(),
                                short: None,
                                checked: u.name == unit,
                                apart: false,
                            })
                            .collect(),
                    );
                    roles_without_unit = round
                        .roles
                        .iter()
                        .filter(|r| !round.role_has_unit(&r.key))
                        .map(|r| r.label_in(lang))
                        .collect();
                }
            }
            Screen::Stair {
                inst,
                relations,
                first,
            } => sections.push(b.stair(
                round,
                &round.instruments[*inst],
                relations,
                *first,
                &notices,
            )),
            Screen::Questions { blocks } => {
                for (inst, questions) in blocks {
                    sections.push(b.questions(round, &round.instruments[*inst], questions));
                }
            }
        }
        let error_list = error_list(lang, errors, role.as_ref(), &sections);
        let notice_list = sections
            .iter()
            .flat_map(|s| &s.stair)
            .filter_map(|g| {
                g.notice
                    .as_ref()
                    .map(|n| (g.now.id.clone(), g.label.clone(), n.clone()))
            })
            .collect();
        FormView {
            error_list,
            notices: notice_list,
            ack: at.notices.join(","),
            round: RoundView {
                id: round.id.clone(),
                title: round.title.clone(),
                municipality: round.municipality.clone(),
            },
            token: token.to_string(),
            step: StepInfo {
                key: at.screen.key(round),
                number: at.number,
                total: at.total,
                first: at.number == 1,
                last: at.number == at.total,
            },
            units,
            roles_without_unit,
            unit_error: errors.get("unit").map(|k| message(lang, k)),
            unit_given: at.unit_given.map(str::to_string),
            lang: lang.code(),
            role,
            sections,
            error_count: errors.len(),
            code: None,
            coded_units: round.coded_units.clone(),
        }
    }

    /// The form for someone who came with an invitation code: the code goes
    /// along with the answers, and the unit is the one the code was made for.
    pub fn with_code(mut self, code: &str) -> FormView {
        self.code = Some(code.to_string());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round() -> Round {
        crate::survey::round::test_round("Kulturskolen")
    }

    fn posted(pairs: &[(&str, &str)]) -> Posted {
        Posted::new(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn partner_names_read_well_in_a_sentence() {
        assert_eq!(partner_noun("Barnehage"), "barnehage");
        assert_eq!(partner_noun("SFO"), "SFO");
        assert_eq!(partner_noun("Næringsliv"), "næringsliv");
    }

    #[test]
    fn valid_post_keeps_dont_know_apart_from_unanswered() {
        let r = validate(
            &round(),
            &posted(&[
                ("unit", "Kulturskolen"),
                ("role", "ansatt"),
                ("trapp.skole.now", "2"),
                ("trapp.skole.goal", DONT_KNOW),
                ("plakat.p01", "5"),
                ("kommentar", ""),
            ]),
        )
        .unwrap();
        // Columns: skole now, goal, note, then p01 …
        assert_eq!(r.answers, "[2,false,null,5]");
    }

    #[test]
    fn errors_name_the_fields_and_keep_answers() {
        let round = round();
        let p = posted(&[("role", "sjef"), ("plakat.p02", "9"), ("plakat.p03", "4")]);
        let errors = validate(&round, &p).unwrap_err();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(matches!(errors["plakat.p02"], FieldError::Cell(_)));
        assert!(message(Lang::Nb, &errors["plakat.p02"]).contains("utenfor skalaen"));
        assert!(message(Lang::En, &errors["plakat.p02"]).contains("outside the scale 1–5"));
        let screens = crate::web::steps::plan(&round, "ansatt", "Kulturskolen", false);
        let at = ScreenState {
            screen: &screens[2],
            number: 3,
            total: screens.len(),
            notices: &[],
            unit_given: None,
        };
        let view = FormView::build(&round, "t", &p, &errors, Lang::Nb, at);
        let json = serde_json::to_value(&view).unwrap();
        let p03 = &json["sections"][0]["items"][2];
        assert_eq!(p03["name"], "plakat.p03");
        assert_eq!(p03["options"][3]["checked"], true);
        assert!(p03["text"].as_str().unwrap().starts_with("Vi i Solvik "));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// Any posted fields: a response or field errors, and the page
        /// renders either way.
        #[test]
        fn arbitrary_posts_never_panic(
            fields in proptest::collection::vec(
                (proptest::sample::select(vec!["unit", "role", "plakat.p01", "trapp.skole.now", "trapp.skole.goal", "trapp.skole.note", "kommentar", "x"]), "\\PC{0,30}"),
                0..12,
            )
        ) {
            let round = round();
            let posted = Posted::new(fields.into_iter().map(|(k, v)| (k.to_string(), v)).collect());
            let errors = match validate(&round, &posted) {
                Ok(r) => {
                    proptest::prop_assert!(crate::survey::answer::decode_answers(round.columns(), &r.answers).is_ok());
                    FieldErrors::new()
                }
                Err(e) => e,
            };
            // Every screen renders, whatever was posted.
            let screens = crate::web::steps::plan(&round, posted.get("role"), posted.get("unit"), false);
            for (i, screen) in screens.iter().enumerate() {
                let at = ScreenState { screen, number: i + 1, total: screens.len(), notices: &[], unit_given: None };
                let view = FormView::build(&round, "t", &posted, &errors, Lang::Nb, at);
                proptest::prop_assert!(crate::web::render::render("form.html", view).is_ok());
            }
        }
    }
}
