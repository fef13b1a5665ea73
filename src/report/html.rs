//! HTML reports from the templates in `reports/`: one self-contained,
//! print-ready page per report (inline CSS and SVG, no scripts).

use std::sync::OnceLock;

use minijinja::{Environment, Value, context};

use super::build::Built;
use super::localize::{TextTable, localize};
use super::overview::{self, Sections, UnitOrder};
use super::{Kind, sentences};
use crate::analysis::Analysis;
use crate::analysis::aggregate::{GroupBlock, Relation, Statement, TrendPoint, Trends};
use crate::charts;
use crate::charts::diverging::Layout;
use crate::charts::trend::Series;
use crate::i18n::{Lang, tr, tr_args};
use crate::templates;

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../reports/base.html")),
    ("macros.html", include_str!("../../reports/macros.html")),
    ("leader.html", include_str!("../../reports/leader.html")),
    ("summary.html", include_str!("../../reports/summary.html")),
    ("unit.html", include_str!("../../reports/unit.html")),
    ("learning.html", include_str!("../../reports/learning.html")),
    ("meeting.html", include_str!("../../reports/meeting.html")),
    ("staff.html", include_str!("../../reports/staff.html")),
];
const PRINT_CSS: &str = include_str!("../../reports/print.css");

/// Units per heat map, so a chart fits on a page.
const HEATMAP_UNITS: usize = 40;

fn environment() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| templates::environment(TEMPLATES))
}

/// How a report page is shown: the order of the units' overview, and on
/// the web the query its sort links keep (a file or PDF has no links).
#[derive(Debug, Default)]
pub struct View {
    pub order: UnitOrder,
    pub sort_links: Option<String>,
    /// The date the results page for everyone was published.
    pub published_on: Option<String>,
}

/// Renders one report in `lang`, its units by name.
pub fn render(built: &Built, kind: &Kind, lang: Lang) -> anyhow::Result<String> {
    render_view(built, kind, lang, &View::default())
}

/// Renders one report in `lang` as `view` asks.
pub fn render_view(built: &Built, kind: &Kind, lang: Lang, view: &View) -> anyhow::Result<String> {
    let translations: Vec<_> = built.translations.iter().collect();
    let table = TextTable::new(lang, &translations, &built.analysis.municipality);
    let a = &localize(&built.analysis, &table);
    let meta = &built.meta;
    // The legend: the first scale's labels, or its points as numbers.
    let labels: Vec<String> = match a.statements.first() {
        Some(s) if a.scale_labels.len() != (s.max - s.min + 1) as usize => {
            (s.min..=s.max).map(|i| i.to_string()).collect()
        }
        _ => a.scale_labels.clone(),
    };
    let stair = charts::stair::chart("trapp", lang, &a.relations, &a.steps);
    let diverging = charts::diverging::chart("plakat", lang, &a.statements, &labels);
    // The same charts at a phone's width, shown there instead (print.css).
    let diverging_narrow =
        charts::diverging::draw("plakat-smal", lang, &a.statements, &labels, Layout::Narrow);
    let dumbbell = a
        .previous
        .as_ref()
        .map(|p| charts::dumbbell::chart("endring", lang, &a.statements, &a.round, p));
    let dumbbell_narrow = a.previous.as_ref().map(|p| {
        charts::dumbbell::draw(
            "endring-smal",
            lang,
            &a.statements,
            &a.round,
            p,
            Layout::Narrow,
        )
    });
    let heatmaps: Vec<String> = a
        .by_unit
        .chunks(HEATMAP_UNITS)
        .enumerate()
        .map(|(i, chunk)| charts::heatmap::chart(&format!("varme{i}"), lang, &a.statements, chunk))
        .collect();
    let counts = charts::counts::chart("antall", lang, &a.by_unit, a.k);
    let block = match kind {
        Kind::Unit(name) => a.by_unit.iter().find(|b| b.name == *name),
        _ => None,
    };
    let kits: Vec<Value> = match kind {
        Kind::Meeting(which) => a
            .by_unit
            .iter()
            .filter(|b| which.as_ref().is_none_or(|u| b.name == *u))
            .enumerate()
            .map(|(i, b)| kit(a, b, i, lang, &labels, &built.follow_up))
            .collect(),
        _ => Vec::new(),
    };
    // Series over every round: the unit's own in a unit report.
    let trends = match block {
        Some(b) => b.trends.as_ref(),
        None => Some(&a.trends),
    };
    let (trend_statements, trend_relations) = match trends {
        Some(t) => trend_charts(a, t, lang),
        None => (None, None),
    };
    let unit = block.map(Value::from_serialize);
    // The unit's service area, beside the unit and the municipality.
    let area = match kind {
        Kind::Unit(name) => a.by_area.iter().find(|b| b.members.contains(name)),
        _ => None,
    };
    let template = match kind {
        Kind::Leader => "leader.html",
        Kind::Summary => "summary.html",
        Kind::Unit(_) => "unit.html",
        Kind::Learning => "learning.html",
        Kind::Meeting(_) => "meeting.html",
        Kind::Staff => "staff.html",
    };
    // "Kort fortalt" per section: only the leader report has sections.
    let (unit_briefs, area_briefs) = match kind {
        Kind::Leader => (briefs(a, &a.by_unit, lang), briefs(a, &a.by_area, lang)),
        _ => Default::default(),
    };
    let mut follow_up = built.follow_up.clone();
    for r in follow_up
        .reviewed
        .iter_mut()
        .chain(follow_up.planned.iter_mut())
    {
        table.text(&mut r.text);
    }
    let html = environment().get_template(template)?.render(context! {
        a => Value::from_serialize(a),
        meta => Value::from_serialize(meta),
        unit,
        area => area.map(Value::from_serialize),
        f => Value::from_serialize(&follow_up),
        focus => Value::from_serialize(&built.focus),
        css => Value::from_safe_string(PRINT_CSS.to_string()),
        steps_list => numbered(&a.steps),
        scale_list => numbered(&labels),
        sentences => sentences::summary(a, lang),
        brief => block.map(|b| sentences::group(a, b, lang)),
        measures_named => measures_named(&follow_up, lang),
        texts => story(&built.texts),
        unit_briefs,
        area_briefs,
        kits,
        checklist => CHECKLIST,
        published_on => view.published_on.clone(),
        sheets => sheet_views(&built.sheets),
        lang => lang.code(),
        stair_chart => Value::from_safe_string(stair),
        overview => Value::from_serialize(overview::rows(&a.by_unit, view.order, Sections::Units)),
        areas => Value::from_serialize(overview::rows(&a.by_area, UnitOrder::Name, Sections::Areas)),
        references => Value::from_serialize(reference_sets(a, &built.references)),
        sort => view.order.key(),
        sort_links => view.sort_links.clone(),
        diverging_chart => Value::from_safe_string(diverging),
        diverging_narrow => Value::from_safe_string(diverging_narrow),
        dumbbell_chart => dumbbell.map(Value::from_safe_string),
        dumbbell_narrow => dumbbell_narrow.map(Value::from_safe_string),
        heatmaps => heatmaps.into_iter().map(Value::from_safe_string).collect::<Vec<_>>(),
        counts_chart => Value::from_safe_string(counts),
        trend_statements => trend_statements.map(Value::from_safe_string),
        trend_relations => trend_relations.map(Value::from_safe_string),
    })?;
    Ok(html)
}

/// The sheets with their points by part, in order, as the templates show
/// them.
fn sheet_views(sheets: &[crate::sheets::Sheet]) -> Vec<Value> {
    sheets
        .iter()
        .map(|s| {
            let sections: Vec<Value> = s
                .kind
                .sections()
                .iter()
                .map(|part| {
                    let items: Vec<&str> = s
                        .section(*part)
                        .into_iter()
                        .map(|(_, i)| i.text.as_str())
                        .collect();
                    context! { key => part.key(), items }
                })
                .collect();
            context! { sheet => Value::from_serialize(s), sections }
        })
        .collect()
}

/// The learning-meeting checklist of seed 002, as message keys.
const CHECKLIST: [&str; 9] = [
    "meeting-check-1",
    "meeting-check-2",
    "meeting-check-3",
    "meeting-check-4",
    "meeting-check-5",
    "meeting-check-6",
    "meeting-check-7",
    "meeting-check-8",
    "meeting-check-9",
];

/// One unit's part of the meeting kit: its block, its service area, its
/// "Kort fortalt" and its own poster and stair charts. The charts are drawn
/// from the unit's cells, which the disclosure rule has decided already
/// (a hidden cell is drawn as hidden); a partner the unit is not asked
/// about is left out of its stair.
fn kit(
    a: &Analysis,
    b: &GroupBlock,
    i: usize,
    lang: Lang,
    labels: &[String],
    follow_up: &crate::report::learning::FollowUp,
) -> Value {
    let statements: Vec<Statement> = a
        .statements
        .iter()
        .zip(&b.statements)
        .map(|(s, cell)| Statement {
            stats: cell.clone(),
            previous: None,
            change: None,
            ..s.clone()
        })
        .collect();
    let relations: Vec<Relation> = a
        .relations
        .iter()
        .enumerate()
        .filter(|(j, _)| !b.unasked.get(*j).copied().unwrap_or(false))
        .map(|(j, r)| Relation {
            stats: b.stair[j].clone(),
            apart: b.apart[j].clone(),
            previous: None,
            change: None,
            ..r.clone()
        })
        .collect();
    let area = a.by_area.iter().find(|x| x.members.contains(&b.name));
    let ours =
        |r: &crate::report::learning::Review| r.area.unit.as_ref().is_none_or(|u| *u == b.name);
    let has_areas = follow_up
        .reviewed
        .iter()
        .chain(&follow_up.planned)
        .any(ours);
    context! {
        unit => Value::from_serialize(b),
        area => area.map(Value::from_serialize),
        brief => sentences::group(a, b, lang),
        has_areas,
        poster_chart => Value::from_safe_string(charts::diverging::chart(&format!("plakat{i}"), lang, &statements, labels)),
        poster_narrow => Value::from_safe_string(charts::diverging::draw(&format!("plakat-smal{i}"), lang, &statements, labels, Layout::Narrow)),
        stair_chart => Value::from_safe_string(charts::stair::chart(&format!("trapp{i}"), lang, &relations, &a.steps)),
    }
}

/// The reviewed areas' measures as the summary names them: "«Felles
/// planleggingsdag med skolene» (gjennomført)", six at most, and how many
/// more.
fn measures_named(
    follow_up: &crate::report::learning::FollowUp,
    lang: Lang,
) -> (Vec<String>, usize) {
    let all: Vec<String> = follow_up
        .reviewed
        .iter()
        .flat_map(|r| &r.area.measures)
        .map(|m| {
            let status = tr(lang, &format!("status-{}", m.status.key()));
            // A long text is cut (the learning report has it whole), so
            // that six of them keep the summary on two pages.
            let what = match m.what.char_indices().nth(70) {
                Some((at, _)) => format!("{}…", m.what[..at].trim_end()),
                None => m.what.clone(),
            };
            match lang {
                Lang::En => format!("“{what}” ({status})"),
                Lang::Nb | Lang::Nn => format!("«{what}» ({status})"),
            }
        })
        .collect();
    let more = all.len().saturating_sub(6);
    (all.into_iter().take(6).collect(), more)
}

/// Most of a politicians' text the printed summary holds: beyond it the
/// text is cut at a word, with a mark, and read whole on the web.
const PRINTED_TEXT: usize = 300;

/// The round's two texts for the summary, each whole (for the screen) and
/// as printed (cut where too long), with their headings' keys.
fn story(texts: &crate::store::RoundTexts) -> Vec<(&'static str, String, Option<String>)> {
    [
        ("texts-achieved", &texts.achieved),
        ("texts-direction", &texts.direction),
    ]
    .into_iter()
    .filter(|(_, text)| !text.trim().is_empty())
    .map(|(key, text)| {
        let text = text.trim().to_string();
        let cut = text.char_indices().nth(PRINTED_TEXT).map(|(at, _)| {
            let head = &text[..at];
            let head = head.rfind(char::is_whitespace).map_or(head, |w| &head[..w]);
            format!("{}…", head.trim_end())
        });
        (key, text, cut)
    })
    .collect()
}

/// "Kort fortalt" for each group, by its name.
fn briefs(
    a: &Analysis,
    blocks: &[crate::analysis::aggregate::GroupBlock],
    lang: Lang,
) -> std::collections::BTreeMap<String, Vec<String>> {
    blocks
        .iter()
        .map(|b| (b.name.clone(), sentences::group(a, b, lang)))
        .collect()
}

/// One source's reference figures, aligned with the report's statements
/// and partners (the mean step today), labelled "source year".
#[derive(serde::Serialize)]
struct ReferenceSet {
    label: String,
    statements: Vec<Option<f64>>,
    relations: Vec<Option<f64>>,
}

fn reference_sets(a: &Analysis, figures: &[crate::store::ReferenceFigure]) -> Vec<ReferenceSet> {
    let mut sets: Vec<ReferenceSet> = Vec::new();
    for f in figures {
        let label = format!("{} {}", f.source, f.year);
        let at = match sets.iter().position(|s| s.label == label) {
            Some(i) => i,
            None => {
                sets.push(ReferenceSet {
                    label,
                    statements: vec![None; a.statements.len()],
                    relations: vec![None; a.relations.len()],
                });
                sets.len() - 1
            }
        };
        if let Some(i) = a.statements.iter().position(|s| s.column == f.column) {
            sets[at].statements[i] = Some(f.mean);
        }
        let now = |key: &str| f.column.ends_with(&format!(".{key}.now"));
        if let Some(i) = a.relations.iter().position(|r| now(&r.key)) {
            sets[at].relations[i] = Some(f.mean);
        }
    }
    sets
}

/// The small multiples of `trends`, when they span at least two rounds.
fn trend_charts(a: &Analysis, trends: &Trends, lang: Lang) -> (Option<String>, Option<String>) {
    let spans = |series: &[Vec<TrendPoint>]| series.first().is_some_and(|s| s.len() >= 2);
    let statements = spans(&trends.statements).then(|| {
        let series: Vec<Series> = a
            .statements
            .iter()
            .zip(&trends.statements)
            .map(|(s, points)| Series {
                // "8 Teknologi og digitalisering som mulighet"; "Utsagn 8"
                // where the statement has no short title.
                title: match &s.short {
                    Some(short) => format!("{} {short}", s.label),
                    None => tr_args(
                        lang,
                        "chart-trend-statement",
                        &[("no", s.label.clone().into())],
                    ),
                },
                points,
            })
            .collect();
        let lo = a.statements.iter().map(|s| s.min).min().unwrap_or(1) as f64;
        let hi = a.statements.iter().map(|s| s.max).max().unwrap_or(5) as f64;
        let title = tr(lang, "chart-trend-statements");
        charts::trend::chart("utvikling-utsagn", lang, &title, &series, lo, hi)
    });
    let relations = spans(&trends.relations).then(|| {
        let series: Vec<Series> = a
            .relations
            .iter()
            .zip(&trends.relations)
            .map(|(r, points)| Series {
                title: r.label.clone(),
                points,
            })
            .collect();
        let title = tr(lang, "chart-trend-relations");
        let steps = a.steps.len().max(2) as f64;
        charts::trend::chart("utvikling-trapp", lang, &title, &series, 1.0, steps)
    });
    (statements, relations)
}

/// "1 Name, 2 Name, …": a list of steps or scale points for a caption.
fn numbered(names: &[String]) -> String {
    names
        .iter()
        .enumerate()
        .map(|(i, n)| format!("{} {n}", i + 1))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use crate::report::Kind;
    use crate::report::build::{Request, from_csv};
    use crate::survey::Library;

    #[test]
    fn report_templates_compile() {
        for (name, _) in super::TEMPLATES {
            super::environment().get_template(name).unwrap();
        }
    }

    /// An instrument with one scale of `points` points from `min`, and
    /// `questions` questions on it.
    fn instrument(min: i32, points: i32, questions: usize) -> String {
        let labels: Vec<String> = (0..points).map(|i| format!("\"L{i}\"")).collect();
        let mut text = format!(
            "id = \"prop\"\nprefix = \"pr\"\ntitle = \"Prop\"\n\n[scale.s]\nmin = {min}\nmax = {}\nlabels = [{}]\n",
            min + points - 1,
            labels.join(", ")
        );
        for q in 0..questions {
            text.push_str(&format!(
                "\n[[question]]\nid = \"q{q}\"\ntype = \"scale\"\nscale = \"s\"\ntext = \"Spørsmål {q}\"\n"
            ));
        }
        text
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        /// Any scale that `check` accepts (2 to 11 points, from 0 or 1),
        /// any answers (blanks included), one or two rounds: every report
        /// kind renders in every language, and the JSON too.
        #[test]
        fn every_definition_and_answers_give_every_report(
            min in 0i32..=1,
            points in 2i32..=11,
            questions in 1usize..=3,
            rows in proptest::collection::vec((0usize..2, 0usize..3, proptest::collection::vec(proptest::option::of(0i32..11), 3)), 0..40),
        ) {
            let library = Library::from_files([("prop.toml".to_string(), instrument(min, points, questions))]).unwrap();
            let mut csv = String::from("round,unit,role");
            for q in 0..questions {
                csv.push_str(&format!(",pr.q{q}"));
            }
            csv.push('\n');
            for (round, unit, answers) in &rows {
                csv.push_str(&format!("{},E{unit},ansatt", 2025 + round));
                for a in answers.iter().take(questions) {
                    let v = a.map(|v| (min + v % points).to_string()).unwrap_or_default();
                    csv.push_str(&format!(",{v}"));
                }
                csv.push('\n');
            }
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("svar.csv");
            std::fs::write(&path, csv).unwrap();
            for kind in [Kind::Leader, Kind::Summary, Kind::Unit("E0".into()), Kind::Meeting(None)] {
                let request = Request {
                    round: None,
                    compare: None,
                    kind: kind.clone(),
                    k: Some(3),
                    min_change: crate::report::DEFAULT_MIN_CHANGE,
                    figures: crate::report::build::Figures::Live,
                };
                let built = match from_csv(&path, &library, "Prøvik", &request) {
                    Ok(b) => b,
                    // No rows, or no unit E0: a clear error, not a panic.
                    Err(e) => {
                        let message = e.to_string();
                        prop_assert!(message.contains("ingen") || message.contains("E0"), "{message}");
                        continue;
                    }
                };
                for lang in [crate::i18n::Lang::Nb, crate::i18n::Lang::Nn, crate::i18n::Lang::En] {
                    let html = super::render(&built, &kind, lang);
                    prop_assert!(html.is_ok(), "{:?}", html.err());
                }
                let json = crate::report::json(&built);
                prop_assert!(json.contains("\"statements\""));
            }
        }
    }
}
