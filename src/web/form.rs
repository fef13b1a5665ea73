//! The staff form: a round's instruments turned into a page view, and a
//! posted form turned into a checked response or field errors. Pure: no I/O.

use std::collections::HashMap;

use serde::Serialize;

use crate::i18n::{Lang, tr, tr_args};
use crate::store::NewResponse;
use crate::survey::answer::{CellError, encode_answers};
use crate::survey::definition::Stair;
use crate::survey::{Instrument, QuestionKind, Round};

/// The value a "vet ikke" radio posts; stored as that answer, never a score.
pub const DONT_KNOW: &str = "vet_ikke";

/// What the respondent posted, field by field (the last value wins).
#[derive(Debug, Clone, Default)]
pub struct Posted(HashMap<String, String>);

impl Posted {
    pub fn new(fields: Vec<(String, String)>) -> Posted {
        Posted(fields.into_iter().collect())
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
                !matches!(*k, "_token" | "_kode" | "_lang" | "unit" | "role")
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
    let unit = posted.get("unit");
    if unit.is_empty() {
        errors.insert("unit".into(), FieldError::Key("error-unit-missing"));
    } else if !round.has_unit(unit) {
        errors.insert("unit".into(), FieldError::Key("error-unit-unknown"));
    }
    let role = posted.get("role");
    if role.is_empty() {
        errors.insert("role".into(), FieldError::Key("error-role-missing"));
    } else if !round.has_role(role) {
        errors.insert("role".into(), FieldError::Key("error-role-unknown"));
    }
    let columns = round.columns();
    let mut values = Vec::with_capacity(columns.len());
    for c in columns {
        // "vet_ikke" is one of the words the column takes for "don't know".
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

#[derive(Debug, Serialize)]
pub struct FormView {
    round: RoundView,
    token: String,
    units: Vec<Opt>,
    unit_error: Option<String>,
    role: Item,
    sections: Vec<Section>,
    error_count: usize,
    /// (field id, question, message) in page order, for the summary at the top.
    error_list: Vec<(String, String, String)>,
    /// The invitation code, carried through the form; the unit is the code's.
    code: Option<String>,
    /// Units that answer with a code, so the open form points them there.
    coded_units: Vec<String>,
    /// The page's language, kept through the language switch and the post.
    lang: &'static str,
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
    label: String,
    checked: bool,
    dont_know: bool,
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
}

#[derive(Debug, Serialize)]
struct Section {
    title: String,
    intro: Option<String>,
    steps: Vec<StepView>,
    stair: Vec<StairGroup>,
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

/// The relation label as it reads inside a sentence: "Barnehage" becomes
/// "barnehage", while an abbreviation such as "SFO" stays as it is.
fn partner_noun(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && b.is_uppercase() => label.to_string(),
        (Some(a), _) => a.to_lowercase().chain(label.chars().skip(1)).collect(),
        _ => String::new(),
    }
}

struct Builder<'a> {
    posted: &'a Posted,
    errors: &'a FieldErrors,
    lang: Lang,
}

impl Builder<'_> {
    fn radio(
        &self,
        name: String,
        text: String,
        points: Vec<(String, String)>,
        dont_know: Option<&str>,
    ) -> Item {
        let current = self.posted.get(&name).to_string();
        let mut options: Vec<Opt> = points
            .into_iter()
            .map(|(value, label)| Opt {
                checked: value == current,
                value,
                label,
                dont_know: false,
            })
            .collect();
        if let Some(label) = dont_know {
            options.push(Opt {
                checked: current == DONT_KNOW,
                value: DONT_KNOW.into(),
                label: label.into(),
                dont_know: true,
            });
        }
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

    /// One instrument's part of the form.
    fn section(&self, round: &Round, inst: &Instrument) -> Section {
        let lang = self.lang;
        // The definition's own translation, or its bokmål.
        let tx = |nb: &str| inst.translations.text(lang, nb).to_string();
        let mut section = Section {
            title: tx(&inst.title),
            intro: inst.intro.as_ref().map(|t| fill(&tx(t), round, "")),
            steps: Vec::new(),
            stair: Vec::new(),
            items: Vec::new(),
        };
        let column = |id: &str| inst.column(id);
        for q in &inst.questions {
            match &q.kind {
                QuestionKind::Scale { text, scale } => section.items.push(
                    self.radio(
                        column(&q.id),
                        fill(&tx(text), round, ""),
                        (scale.min..=scale.max)
                            .zip(&scale.labels)
                            .map(|(v, l)| (v.to_string(), format!("{v} {}", tx(l))))
                            .collect(),
                        scale
                            .dont_know
                            .as_deref()
                            .map(|d| inst.translations.text(lang, d)),
                    ),
                ),
                QuestionKind::Choice { text, options } => section.items.push(
                    self.radio(
                        column(&q.id),
                        fill(&tx(text), round, ""),
                        options
                            .iter()
                            .map(|o| (o.key.clone(), tx(&o.label)))
                            .collect(),
                        None,
                    ),
                ),
                QuestionKind::Text { text, max_length } => section.items.push(self.text(
                    column(&q.id),
                    fill(&tx(text), round, ""),
                    *max_length,
                )),
                QuestionKind::Stair(stair) => {
                    let prefix = inst.prefix.as_deref().unwrap_or(&q.id);
                    (section.steps, section.stair) = self.stair(round, inst, prefix, stair);
                }
            }
        }
        section
    }

    /// The stair's steps, and a now/goal pair (and note) per partner.
    fn stair(
        &self,
        round: &Round,
        inst: &Instrument,
        prefix: &str,
        stair: &Stair,
    ) -> (Vec<StepView>, Vec<StairGroup>) {
        let tx = |nb: &str| inst.translations.text(self.lang, nb).to_string();
        let steps = stair
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
        let dont_know = || {
            stair
                .dont_know
                .as_deref()
                .map(|d| inst.translations.text(self.lang, d))
        };
        let groups = round
            .relations
            .iter()
            .map(|r| {
                let partner = partner_noun(&r.label);
                let base = format!("{prefix}.{}", r.key);
                let asked = |text: &str| fill(&tx(text), round, &partner);
                StairGroup {
                    label: r.label.clone(),
                    now: self.radio(
                        format!("{base}.now"),
                        asked(&stair.now),
                        points.clone(),
                        dont_know(),
                    ),
                    goal: self.radio(
                        format!("{base}.goal"),
                        asked(&stair.goal),
                        points.clone(),
                        dont_know(),
                    ),
                    note: stair
                        .note
                        .as_ref()
                        .map(|n| self.text(format!("{base}.note"), asked(n), 2000)),
                }
            })
            .collect();
        (steps, groups)
    }
}

/// The errors at the top of the page, in the order of the form.
fn error_list(
    lang: Lang,
    errors: &FieldErrors,
    role: &Item,
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
    note(role);
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

impl FormView {
    /// The page for `round`, showing what was `posted` and its `errors`.
    pub fn build(
        round: &Round,
        token: &str,
        posted: &Posted,
        errors: &FieldErrors,
        lang: Lang,
    ) -> FormView {
        let b = Builder {
            posted,
            errors,
            lang,
        };
        let unit = posted.get("unit");
        // Units with codes answer with their code (which sets the unit):
        // on the open link they are not offered.
        let units = round
            .units
            .iter()
            .filter(|u| u.name == unit || !round.coded_units.contains(&u.name))
            .map(|u| Opt {
                value: u.name.clone(),
                label: u.name.clone(),
                checked: u.name == unit,
                dont_know: false,
            })
            .collect();
        let role = b.radio(
            "role".into(),
            tr(lang, "form-role"),
            round
                .roles
                .iter()
                .map(|r| (r.key.clone(), r.label_in(lang)))
                .collect(),
            None,
        );
        let sections: Vec<Section> = round
            .instruments
            .iter()
            .map(|inst| b.section(round, inst))
            .collect();
        let error_list = error_list(lang, errors, &role, &sections);
        FormView {
            error_list,
            round: RoundView {
                id: round.id.clone(),
                title: round.title.clone(),
                municipality: round.municipality.clone(),
            },
            token: token.to_string(),
            units,
            unit_error: errors.get("unit").map(|k| message(lang, k)),
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
        let view = FormView::build(&round, "t", &p, &errors, Lang::Nb);
        let json = serde_json::to_value(&view).unwrap();
        let p03 = &json["sections"][1]["items"][2];
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
            let view = FormView::build(&round, "t", &posted, &errors, Lang::Nb);
            proptest::prop_assert!(crate::web::render::render("form.html", view).is_ok());
        }
    }
}
