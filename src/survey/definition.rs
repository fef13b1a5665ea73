//! Instrument definitions: TOML text parsed into validated types.
//!
//! "Parse, don't validate": `Instrument::parse` either returns a definition
//! that every later stage can trust, or every problem it found, each with
//! the line it is on.

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;
use toml::Spanned;

use super::problem::{Problem, line_of};
use crate::i18n::Lang;

/// One instrument: the stair, the poster, the checklist, a comment box …
#[derive(Debug, Clone, PartialEq)]
pub struct Instrument {
    pub id: String,
    /// Column prefix in the exchange CSV (`plakat` → `plakat.p01`); `None`
    /// means the question ids are the column names (`kommentar`).
    pub prefix: Option<String>,
    pub title: String,
    pub intro: Option<String>,
    /// The intro for those who answer for the whole municipality (a role
    /// without a unit, such as politicians), where `intro` speaks of "your
    /// unit".
    pub intro_municipality: Option<String>,
    pub questions: Vec<Question>,
    /// The municipality's own focus areas (its innovation strategy's
    /// "satsingsområder", seed 004), each tied to scale questions: reports
    /// show a mean over them.
    pub focus_areas: Vec<FocusArea>,
    /// Nynorsk and English for the bokmål texts above.
    pub translations: Translations,
    /// The TOML text it was parsed from, stored with each round so a round's
    /// wording never changes under it.
    pub source: String,
}

/// A definition's texts in nynorsk and English, keyed by the bokmål text
/// they translate (as gettext does): `[nn]` and `[en]` tables in the file.
/// A text without a translation is shown in bokmål.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Translations {
    pub nn: BTreeMap<String, String>,
    pub en: BTreeMap<String, String>,
}

impl Translations {
    /// `nb` in `lang`, or `nb` itself when there is no translation.
    pub fn text<'a>(&'a self, lang: Lang, nb: &'a str) -> &'a str {
        let table = match lang {
            Lang::Nb => return nb,
            Lang::Nn => &self.nn,
            Lang::En => &self.en,
        };
        table.get(nb).map(String::as_str).unwrap_or(nb)
    }
}

/// The longest short title a question may have, in characters.
pub const MAX_SHORT: usize = 40;

impl Instrument {
    /// The exchange-format column of question `id`: `plakat.p01` with a
    /// prefix, the id itself without one.
    pub fn column(&self, id: &str) -> String {
        match &self.prefix {
            Some(p) => format!("{p}.{id}"),
            None => id.to_string(),
        }
    }

    /// Every text a respondent sees, in bokmål, in page order.
    pub fn texts(&self) -> Vec<&str> {
        let mut out = vec![self.title.as_str()];
        out.extend(self.intro.as_deref());
        out.extend(self.intro_municipality.as_deref());
        for q in &self.questions {
            out.extend(q.short.as_deref());
            match &q.kind {
                QuestionKind::Scale { text, scale } => {
                    out.push(text);
                    out.extend(scale.labels.iter().map(String::as_str));
                    out.extend(scale.dont_know.as_deref());
                }
                QuestionKind::Stair(s) => {
                    out.extend([s.now.as_str(), s.goal.as_str()]);
                    out.extend(s.now_short.as_deref());
                    out.extend(s.goal_short.as_deref());
                    out.extend(s.note.as_deref());
                    out.extend(s.dont_know.as_deref());
                    out.extend(s.no_collaboration.as_deref());
                    for step in &s.steps {
                        out.extend([step.name.as_str(), step.description.as_str()]);
                    }
                }
                QuestionKind::Choice { text, options } => {
                    out.push(text);
                    out.extend(options.iter().map(|o| o.label.as_str()));
                }
                QuestionKind::Text { text, .. } => out.push(text),
            }
        }
        out.extend(self.focus_areas.iter().map(|f| f.name.as_str()));
        out.retain(|t| !t.trim().is_empty());
        out.dedup();
        out
    }

    /// Warnings for `trappa check`: texts without a nynorsk or English
    /// translation (they fall back to bokmål), and translations of texts the
    /// definition no longer has.
    pub fn translation_warnings(&self) -> Vec<String> {
        let texts = self.texts();
        let mut warnings = Vec::new();
        for (name, table) in [
            ("nynorsk [nn]", &self.translations.nn),
            ("engelsk [en]", &self.translations.en),
        ] {
            let missing: Vec<&&str> = texts.iter().filter(|t| !table.contains_key(**t)).collect();
            if let Some(first) = missing.first() {
                warnings.push(format!(
                    "{}: {} av {} tekster mangler på {name} og vises på bokmål (f.eks. «{first}»)",
                    self.id,
                    missing.len(),
                    texts.len()
                ));
            }
            for stale in table.keys().filter(|k| !texts.contains(&k.as_str())) {
                warnings.push(format!(
                    "{}: {name} har en oversettelse av en tekst definisjonen ikke har: «{stale}»",
                    self.id
                ));
            }
        }
        warnings
    }
}

/// A focus area of the municipality's strategy ("Faktabasert
/// kvalitetsutvikling, jfr. Innovasjonsplakaten 3 og 10").
#[derive(Debug, Clone, PartialEq)]
pub struct FocusArea {
    pub name: String,
    /// The ids of the scale questions it is tied to, as written.
    pub questions: Vec<String>,
}

/// The longest name a focus area may have, in characters.
pub const MAX_FOCUS_NAME: usize = 80;

#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub id: String,
    pub kind: QuestionKind,
    /// A few words that name the question where its whole text is too long:
    /// in charts and summaries ("Positive forventninger").
    pub short: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum QuestionKind {
    /// Agreement or frequency on labelled points, with an optional don't-know.
    Scale { text: String, scale: Scale },
    /// The collaboration stair, asked once per partner relation of the round.
    Stair(Stair),
    /// One of a few labelled options.
    Choice {
        text: String,
        options: Vec<ChoiceOption>,
    },
    /// Free text.
    Text { text: String, max_length: usize },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scale {
    pub min: i64,
    pub max: i64,
    /// One label per point, from `min` to `max`.
    pub labels: Vec<String>,
    pub dont_know: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stair {
    /// Question for the current step; `{relasjon}` is the partner.
    pub now: String,
    /// Question for the step the respondent thinks can be reached.
    pub goal: String,
    /// Short headings for the two questions under each partner ("I dag",
    /// "Mulig å nå"), when the stair's intro already asks them in full:
    /// the form on a phone then repeats two words, not two sentences.
    pub now_short: Option<String>,
    pub goal_short: Option<String>,
    /// Optional free-text prompt: what the placement is based on.
    pub note: Option<String>,
    pub dont_know: Option<String>,
    /// The option, on the current step only, for a partner the unit does
    /// not work with ("Vi samarbeider ikke med denne parten"): an answer,
    /// but not a step, counted apart from the steps and from "vet ikke".
    pub no_collaboration: Option<String>,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChoiceOption {
    pub key: String,
    pub label: String,
}

const MAX_SCALE_POINTS: i64 = 11;
const MAX_STAIR_STEPS: usize = 9;
const DEFAULT_TEXT_LENGTH: usize = 2000;
const MAX_TEXT_LENGTH: usize = 20_000;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInstrument {
    id: Spanned<String>,
    prefix: Option<Spanned<String>>,
    title: String,
    intro: Option<String>,
    intro_municipality: Option<String>,
    #[serde(default)]
    scale: BTreeMap<String, RawScale>,
    #[serde(default)]
    question: Vec<RawQuestion>,
    #[serde(default)]
    focus_area: Vec<RawFocusArea>,
    /// Translations: bokmål text → nynorsk / English.
    #[serde(default)]
    nn: BTreeMap<String, String>,
    #[serde(default)]
    en: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScale {
    min: Spanned<i64>,
    max: Spanned<i64>,
    labels: Spanned<Vec<String>>,
    dont_know: Option<String>,
}

/// A question as written: every field optional, so that a missing or
/// misplaced field becomes a precise problem instead of a serde error.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: Spanned<String>,
    #[serde(rename = "type")]
    kind: Spanned<String>,
    text: Option<Spanned<String>>,
    short: Option<Spanned<String>>,
    scale: Option<Spanned<String>>,
    now: Option<Spanned<String>>,
    goal: Option<Spanned<String>>,
    now_short: Option<Spanned<String>>,
    goal_short: Option<Spanned<String>>,
    note: Option<Spanned<String>>,
    dont_know: Option<Spanned<String>>,
    no_collaboration: Option<Spanned<String>>,
    steps: Option<Spanned<Vec<RawStep>>>,
    options: Option<Spanned<Vec<RawOption>>>,
    max_length: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFocusArea {
    name: Spanned<String>,
    statements: Spanned<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    name: String,
    #[serde(default)]
    description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOption {
    key: String,
    label: String,
}

/// Collects problems while a definition is checked.
struct Checker<'a> {
    file: &'a str,
    text: &'a str,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn at<T>(&mut self, spanned: &Spanned<T>, message: impl Into<String>) {
        let line = line_of(self.text, spanned.span().start);
        self.problems
            .push(Problem::new(self.file, Some(line), message.into()));
    }
}

/// Definition text with the municipality's name where it says `{kommune}`.
pub fn fill_municipality(text: &str, municipality: &str) -> String {
    text.replace("{kommune}", municipality)
}

/// True for ids that are safe in a CSV column name and a URL: a–z, 0–9, `_`, `-`.
pub fn is_simple_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

impl Instrument {
    /// Parses and validates one definition. `file` names it in problems.
    pub fn parse(file: &str, text: &str) -> Result<Instrument, Vec<Problem>> {
        let raw: RawInstrument = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start));
            vec![Problem::new(file, line, e.message().trim().to_string())]
        })?;
        let mut ck = Checker {
            file,
            text,
            problems: Vec::new(),
        };
        if !is_simple_id(raw.id.get_ref()) {
            ck.at(
                &raw.id,
                format!(
                    "ugyldig id «{}»: bruk bare a–z, 0–9, _ og -",
                    raw.id.get_ref()
                ),
            );
        }
        if let Some(prefix) = &raw.prefix
            && (!is_simple_id(prefix.get_ref()) || prefix.get_ref().contains('-'))
        {
            ck.at(
                prefix,
                format!(
                    "ugyldig prefix «{}»: bruk bare a–z, 0–9 og _",
                    prefix.get_ref()
                ),
            );
        }
        if raw.question.is_empty() {
            ck.problems.push(Problem::new(
                file,
                None,
                "definisjonen har ingen spørsmål ([[question]])".into(),
            ));
        }
        let scales: BTreeMap<String, Option<Scale>> = raw
            .scale
            .iter()
            .map(|(name, s)| (name.clone(), check_scale(&mut ck, name, s)))
            .collect();

        let mut seen = HashSet::new();
        let mut questions = Vec::new();
        let mut stairs = 0;
        for q in &raw.question {
            let id = q.id.get_ref();
            if !is_simple_id(id) || id.contains('-') {
                ck.at(
                    &q.id,
                    format!("ugyldig spørsmåls-id «{id}»: bruk bare a–z, 0–9 og _"),
                );
            } else if !seen.insert(id.clone()) {
                ck.at(&q.id, format!("spørsmåls-id «{id}» er brukt før"));
            }
            if q.kind.get_ref() == "stair" {
                stairs += 1;
                if stairs > 1 {
                    ck.at(&q.kind, "bare ett stair-spørsmål er tillatt per definisjon");
                }
                if raw.prefix.is_none() {
                    ck.at(
                        &q.kind,
                        "et stair-spørsmål krever prefix (kolonnene heter prefix.relasjon.now)",
                    );
                }
            }
            if let Some(short) = &q.short {
                let length = short.get_ref().trim().chars().count();
                if length == 0 || length > MAX_SHORT {
                    ck.at(
                        short,
                        format!(
                            "spørsmål «{id}»: «short» må ha 1 til {MAX_SHORT} tegn (har {length})"
                        ),
                    );
                }
            }
            if let Some(kind) = check_question(&mut ck, q, &scales) {
                questions.push(Question {
                    id: id.clone(),
                    kind,
                    short: q.short.as_ref().map(|s| s.get_ref().trim().to_string()),
                });
            }
        }
        let focus_areas = check_focus_areas(&mut ck, &raw.focus_area, &questions);
        if ck.problems.is_empty() {
            Ok(Instrument {
                id: raw.id.into_inner(),
                prefix: raw.prefix.map(Spanned::into_inner),
                title: raw.title,
                intro: raw.intro,
                intro_municipality: raw.intro_municipality,
                questions,
                focus_areas,
                translations: Translations {
                    nn: raw.nn,
                    en: raw.en,
                },
                source: text.to_string(),
            })
        } else {
            Err(ck.problems)
        }
    }
}

/// The focus areas as written, each named, unique, and tied to one or more
/// distinct scale questions of this definition.
fn check_focus_areas(
    ck: &mut Checker,
    raw: &[RawFocusArea],
    questions: &[Question],
) -> Vec<FocusArea> {
    let mut names = HashSet::new();
    let mut out = Vec::new();
    for area in raw {
        let name = area.name.get_ref().trim();
        let length = name.chars().count();
        if length == 0 || length > MAX_FOCUS_NAME {
            ck.at(
                &area.name,
                format!("satsingsområde: «name» må ha 1 til {MAX_FOCUS_NAME} tegn (har {length})"),
            );
        } else if !names.insert(name.to_string()) {
            ck.at(
                &area.name,
                format!("satsingsområdet «{name}» står to ganger"),
            );
        }
        let ids = area.statements.get_ref();
        if ids.is_empty() {
            ck.at(
                &area.statements,
                format!(
                    "satsingsområdet «{name}» er ikke knyttet til noe utsagn («statements» er tom)"
                ),
            );
        }
        let mut seen = HashSet::new();
        for id in ids {
            let scale = questions
                .iter()
                .any(|q| q.id == *id && matches!(q.kind, QuestionKind::Scale { .. }));
            if !scale {
                let known: Vec<&str> = questions
                    .iter()
                    .filter(|q| matches!(q.kind, QuestionKind::Scale { .. }))
                    .map(|q| q.id.as_str())
                    .collect();
                ck.at(
                    &area.statements,
                    format!(
                        "satsingsområdet «{name}» viser til utsagnet «{id}», som ikke finnes i definisjonen (utsagnene er {})",
                        known.join(", ")
                    ),
                );
            } else if !seen.insert(id.as_str()) {
                ck.at(
                    &area.statements,
                    format!("satsingsområdet «{name}» nevner utsagnet «{id}» to ganger"),
                );
            }
        }
        out.push(FocusArea {
            name: name.to_string(),
            questions: ids.clone(),
        });
    }
    out
}

fn check_scale(ck: &mut Checker, name: &str, s: &RawScale) -> Option<Scale> {
    let (min, max) = (*s.min.get_ref(), *s.max.get_ref());
    if min >= max {
        ck.at(
            &s.max,
            format!("skala «{name}»: max ({max}) må være større enn min ({min})"),
        );
        return None;
    }
    if min < 0 || max - min + 1 > MAX_SCALE_POINTS {
        ck.at(
            &s.max,
            format!(
                "skala «{name}»: {min}–{max} er utenfor det tillatte (0 eller mer, høyst {MAX_SCALE_POINTS} punkter)"
            ),
        );
        return None;
    }
    let points = (max - min + 1) as usize;
    let labels = s.labels.get_ref();
    if labels.len() != points {
        ck.at(
            &s.labels,
            format!(
                "skala «{name}» har {points} punkter ({min}–{max}) men {} etiketter",
                labels.len()
            ),
        );
        return None;
    }
    if let Some(i) = labels.iter().position(|l| l.trim().is_empty()) {
        ck.at(
            &s.labels,
            format!("skala «{name}»: etikett nr. {} er tom", i + 1),
        );
        return None;
    }
    Some(Scale {
        min,
        max,
        labels: labels.clone(),
        dont_know: s.dont_know.clone(),
    })
}

/// Checks one question against what its type needs and allows.
fn check_question(
    ck: &mut Checker,
    q: &RawQuestion,
    scales: &BTreeMap<String, Option<Scale>>,
) -> Option<QuestionKind> {
    let kind = q.kind.get_ref().as_str();
    let id = q.id.get_ref();
    let allowed: &[&str] = match kind {
        "scale" => &["text", "short", "scale"],
        "stair" => &[
            "now",
            "goal",
            "now_short",
            "goal_short",
            "note",
            "dont_know",
            "no_collaboration",
            "steps",
        ],
        "choice" => &["text", "short", "options"],
        "text" => &["text", "short", "max_length"],
        other => {
            ck.at(
                &q.kind,
                format!(
                    "spørsmål «{id}»: ukjent type «{other}» (kjente typer: scale, stair, choice, text)"
                ),
            );
            return None;
        }
    };
    let present: [(&str, Option<std::ops::Range<usize>>); 13] = [
        ("text", q.text.as_ref().map(|s| s.span())),
        ("short", q.short.as_ref().map(|s| s.span())),
        ("scale", q.scale.as_ref().map(|s| s.span())),
        ("now", q.now.as_ref().map(|s| s.span())),
        ("goal", q.goal.as_ref().map(|s| s.span())),
        ("now_short", q.now_short.as_ref().map(|s| s.span())),
        ("goal_short", q.goal_short.as_ref().map(|s| s.span())),
        ("note", q.note.as_ref().map(|s| s.span())),
        ("dont_know", q.dont_know.as_ref().map(|s| s.span())),
        (
            "no_collaboration",
            q.no_collaboration.as_ref().map(|s| s.span()),
        ),
        ("steps", q.steps.as_ref().map(|s| s.span())),
        ("options", q.options.as_ref().map(|s| s.span())),
        ("max_length", q.max_length.as_ref().map(|s| s.span())),
    ];
    let mut ok = true;
    for (field, span) in present {
        if let Some(span) = span
            && !allowed.contains(&field)
        {
            let line = line_of(ck.text, span.start);
            ck.problems.push(Problem::new(
                ck.file,
                Some(line),
                format!("spørsmål «{id}»: feltet «{field}» hører ikke til type {kind}"),
            ));
            ok = false;
        }
    }
    let question = match kind {
        "scale" => scale_question(ck, q, scales),
        "stair" => stair_question(ck, q),
        "choice" => choice_question(ck, q),
        _ => text_question(ck, q),
    };
    if ok { question } else { None }
}

/// A field the question's type needs, trimmed; a problem where it is
/// missing or empty.
fn required(
    ck: &mut Checker,
    q: &RawQuestion,
    v: &Option<Spanned<String>>,
    field: &str,
) -> Option<String> {
    let id = q.id.get_ref();
    match v.as_ref().map(|s| (s, s.get_ref().trim())) {
        Some((_, t)) if !t.is_empty() => Some(t.to_string()),
        Some((spanned, _)) => {
            ck.at(spanned, format!("spørsmål «{id}»: «{field}» er tom"));
            None
        }
        None => {
            ck.at(&q.id, format!("spørsmål «{id}» mangler feltet «{field}»"));
            None
        }
    }
}

fn scale_question(
    ck: &mut Checker,
    q: &RawQuestion,
    scales: &BTreeMap<String, Option<Scale>>,
) -> Option<QuestionKind> {
    let id = q.id.get_ref();
    let text = required(ck, q, &q.text, "text");
    let scale = match &q.scale {
        None => {
            ck.at(&q.id, format!("spørsmål «{id}» mangler feltet «scale»"));
            None
        }
        Some(name) => match scales.get(name.get_ref()) {
            Some(s) => s.clone(),
            None => {
                ck.at(
                    name,
                    format!(
                        "spørsmål «{id}»: skalaen «{}» er ikke definert ([scale.{}])",
                        name.get_ref(),
                        name.get_ref()
                    ),
                );
                None
            }
        },
    };
    Some(QuestionKind::Scale {
        text: text?,
        scale: scale?,
    })
}

fn stair_question(ck: &mut Checker, q: &RawQuestion) -> Option<QuestionKind> {
    let id = q.id.get_ref();
    let now = required(ck, q, &q.now, "now");
    let goal = required(ck, q, &q.goal, "goal");
    let steps = match &q.steps {
        None => {
            ck.at(
                &q.id,
                format!("spørsmål «{id}» mangler trinn ([[question.steps]])"),
            );
            None
        }
        Some(steps) => {
            let list = steps.get_ref();
            if list.len() < 2 || list.len() > MAX_STAIR_STEPS {
                ck.at(
                    steps,
                    format!(
                        "spørsmål «{id}»: trappa må ha 2–{MAX_STAIR_STEPS} trinn, ikke {}",
                        list.len()
                    ),
                );
                None
            } else if let Some(i) = list.iter().position(|s| s.name.trim().is_empty()) {
                ck.at(
                    steps,
                    format!("spørsmål «{id}»: trinn {} mangler navn", i + 1),
                );
                None
            } else {
                Some(
                    list.iter()
                        .map(|s| Step {
                            name: s.name.clone(),
                            description: s.description.clone(),
                        })
                        .collect(),
                )
            }
        }
    };
    Some(QuestionKind::Stair(Stair {
        now: now?,
        goal: goal?,
        now_short: q.now_short.as_ref().map(|s| s.get_ref().clone()),
        goal_short: q.goal_short.as_ref().map(|s| s.get_ref().clone()),
        note: q.note.as_ref().map(|s| s.get_ref().clone()),
        dont_know: q.dont_know.as_ref().map(|s| s.get_ref().clone()),
        no_collaboration: q.no_collaboration.as_ref().map(|s| s.get_ref().clone()),
        steps: steps?,
    }))
}

fn choice_question(ck: &mut Checker, q: &RawQuestion) -> Option<QuestionKind> {
    let id = q.id.get_ref();
    let text = required(ck, q, &q.text, "text");
    let options = match &q.options {
        None => {
            ck.at(&q.id, format!("spørsmål «{id}» mangler feltet «options»"));
            None
        }
        Some(opts) => {
            let list = opts.get_ref();
            let mut keys = HashSet::new();
            let mut bad = None;
            for o in list {
                if !is_simple_id(&o.key) {
                    bad = Some(format!("ugyldig valg-nøkkel «{}»", o.key));
                } else if !keys.insert(o.key.as_str()) {
                    bad = Some(format!("valg-nøkkelen «{}» er brukt før", o.key));
                } else if o.label.trim().is_empty() {
                    bad = Some(format!("valget «{}» mangler etikett", o.key));
                }
            }
            if list.len() < 2 {
                bad = Some("et valg-spørsmål må ha minst to valg".into());
            }
            match bad {
                Some(msg) => {
                    ck.at(opts, format!("spørsmål «{id}»: {msg}"));
                    None
                }
                None => Some(
                    list.iter()
                        .map(|o| ChoiceOption {
                            key: o.key.clone(),
                            label: o.label.clone(),
                        })
                        .collect(),
                ),
            }
        }
    };
    Some(QuestionKind::Choice {
        text: text?,
        options: options?,
    })
}

fn text_question(ck: &mut Checker, q: &RawQuestion) -> Option<QuestionKind> {
    let id = q.id.get_ref();
    let text = required(ck, q, &q.text, "text");
    let max_length = match &q.max_length {
        None => Some(DEFAULT_TEXT_LENGTH),
        Some(n) if (1..=MAX_TEXT_LENGTH as i64).contains(n.get_ref()) => {
            Some(*n.get_ref() as usize)
        }
        Some(n) => {
            ck.at(
                n,
                format!(
                    "spørsmål «{id}»: max_length må være 1–{MAX_TEXT_LENGTH}, ikke {}",
                    n.get_ref()
                ),
            );
            None
        }
    };
    Some(QuestionKind::Text {
        text: text?,
        max_length: max_length?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        Instrument::parse("t.toml", text)
            .unwrap_err()
            .iter()
            .map(|p| p.to_string())
            .collect()
    }

    /// A poster of two statements and a choice, with `focus` after it.
    fn with_focus(focus: &str) -> String {
        format!(
            r#"id = "p"
prefix = "p"
title = "P"

[scale.s]
min = 1
max = 5
labels = ["a", "b", "c", "d", "e"]

[[question]]
id = "p01"
type = "scale"
scale = "s"
text = "En"

[[question]]
id = "p02"
type = "scale"
scale = "s"
text = "To"

[[question]]
id = "c1"
type = "choice"
text = "?"
options = [{{ key = "a", label = "A" }}, {{ key = "b", label = "B" }}]
{focus}"#
        )
    }

    #[test]
    fn focus_areas_name_statements_of_the_definition() {
        let ok = Instrument::parse(
            "t.toml",
            &with_focus("[[focus_area]]\nname = \"Kunnskap\"\nstatements = [\"p01\", \"p02\"]\n"),
        )
        .unwrap();
        assert_eq!(
            ok.focus_areas,
            vec![FocusArea {
                name: "Kunnskap".into(),
                questions: vec!["p01".into(), "p02".into()]
            }]
        );
        assert!(ok.texts().contains(&"Kunnskap"), "its name is translated");
        for (focus, want) in [
            (
                "[[focus_area]]\nname = \"A\"\nstatements = [\"p01\", \"p12\"]\n",
                "t.toml:29: satsingsområdet «A» viser til utsagnet «p12», som ikke finnes i definisjonen (utsagnene er p01, p02)",
            ),
            (
                "[[focus_area]]\nname = \"A\"\nstatements = [\"c1\"]\n",
                "viser til utsagnet «c1», som ikke finnes",
            ),
            (
                "[[focus_area]]\nname = \"  \"\nstatements = [\"p01\"]\n",
                "satsingsområde: «name» må ha 1 til 80 tegn (har 0)",
            ),
            (
                "[[focus_area]]\nname = \"A\"\nstatements = []\n",
                "satsingsområdet «A» er ikke knyttet til noe utsagn",
            ),
            (
                "[[focus_area]]\nname = \"A\"\nstatements = [\"p01\", \"p01\"]\n",
                "satsingsområdet «A» nevner utsagnet «p01» to ganger",
            ),
            (
                "[[focus_area]]\nname = \"A\"\nstatements = [\"p01\"]\n[[focus_area]]\nname = \"A\"\nstatements = [\"p02\"]\n",
                "satsingsområdet «A» står to ganger",
            ),
            (
                "[[focus_area]]\nname = \"A\"\nstatement = [\"p01\"]\n",
                "unknown field `statement`",
            ),
        ] {
            let found = problems(&with_focus(focus));
            assert!(found.iter().any(|p| p.contains(want)), "{focus}: {found:?}");
        }
    }

    #[test]
    fn shipped_definitions_parse() {
        for (name, text) in crate::survey::builtin::FILES {
            let inst = Instrument::parse(name, text).unwrap_or_else(|p| panic!("{name}: {p:?}"));
            assert!(!inst.questions.is_empty());
        }
    }

    #[test]
    fn duplicate_ids_and_missing_labels_are_reported_with_lines() {
        let text = r#"id = "x"
prefix = "x"
title = "X"

[scale.s]
min = 1
max = 5
labels = ["a", "b", "c", "d"]

[[question]]
id = "q1"
type = "choice"
text = "?"
options = [{ key = "a", label = "A" }, { key = "b", label = "B" }]

[[question]]
id = "q1"
type = "scale"
scale = "s"
text = "?"
"#;
        let p = problems(text);
        assert!(
            p.iter()
                .any(|m| m.starts_with("t.toml:8:") && m.contains("5 punkter")),
            "{p:?}"
        );
        assert!(
            p.iter()
                .any(|m| m.starts_with("t.toml:17:") && m.contains("brukt før")),
            "{p:?}"
        );
    }

    #[test]
    fn unknown_keys_and_types_are_named() {
        let p = problems("id = \"x\"\ntitle = \"X\"\ncolour = 1\n");
        assert!(
            p[0].starts_with("t.toml:3:") && p[0].contains("colour"),
            "{p:?}"
        );
        let p = problems(
            "id = \"x\"\ntitle = \"X\"\n[[question]]\nid = \"a\"\ntype = \"slider\"\ntext = \"?\"\n",
        );
        assert!(
            p[0].starts_with("t.toml:5:") && p[0].contains("slider"),
            "{p:?}"
        );
    }

    #[test]
    fn field_of_another_type_is_rejected() {
        let p = problems(
            "id = \"x\"\ntitle = \"X\"\n[[question]]\nid = \"a\"\ntype = \"text\"\ntext = \"?\"\nscale = \"s\"\n",
        );
        assert!(
            p[0].starts_with("t.toml:7:") && p[0].contains("«scale»"),
            "{p:?}"
        );
    }

    #[test]
    fn a_short_title_is_short_and_only_where_it_fits() {
        let long = "x".repeat(MAX_SHORT + 1);
        let p = problems(&format!(
            "id = \"x\"\ntitle = \"X\"\n[[question]]\nid = \"a\"\ntype = \"text\"\ntext = \"?\"\nshort = \"{long}\"\n"
        ));
        assert!(
            p[0].starts_with("t.toml:7:") && p[0].contains("1 til 40 tegn (har 41)"),
            "{p:?}"
        );
        let p = problems(
            "id = \"x\"\ntitle = \"X\"\nprefix = \"t\"\n[[question]]\nid = \"a\"\ntype = \"stair\"\nnow = \"?\"\ngoal = \"?\"\nshort = \"Trapp\"\nsteps = [{ name = \"a\" }, { name = \"b\" }]\n",
        );
        assert!(p.iter().any(|p| p.contains("«short»")), "{p:?}");
        let ok = Instrument::parse(
            "t.toml",
            "id = \"x\"\ntitle = \"X\"\n[[question]]\nid = \"a\"\ntype = \"text\"\ntext = \"?\"\nshort = \" Kort \"\n",
        )
        .unwrap();
        assert_eq!(ok.questions[0].short.as_deref(), Some("Kort"));
    }

    #[test]
    fn scale_out_of_range_is_rejected() {
        let p = problems(
            "id = \"x\"\ntitle = \"X\"\n[scale.s]\nmin = 1\nmax = 40\nlabels = []\n[[question]]\nid = \"a\"\ntype = \"scale\"\nscale = \"s\"\ntext = \"?\"\n",
        );
        assert!(
            p[0].starts_with("t.toml:5:") && p[0].contains("1–40"),
            "{p:?}"
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

        /// Any text: a definition or problems, never a panic; every problem
        /// names a line that exists.
        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,300}") {
            if let Err(problems) = Instrument::parse("f.toml", &text) {
                let lines = text.lines().count().max(1);
                for p in problems {
                    proptest::prop_assert!(p.line.is_none_or(|l| l >= 1 && l <= lines + 1), "{p}");
                }
            }
        }

        /// A shipped definition with a few bytes cut out or changed.
        #[test]
        fn damaged_definitions_never_panic(cut in 0usize..4000, len in 0usize..40, junk in "\\PC{0,8}") {
            let source = crate::survey::builtin::FILES[1].1;
            let start = cut.min(source.len());
            let end = (start + len).min(source.len());
            if source.is_char_boundary(start) && source.is_char_boundary(end) {
                let damaged = format!("{}{junk}{}", &source[..start], &source[end..]);
                let _ = Instrument::parse("plakat.toml", &damaged);
            }
        }
    }
}
