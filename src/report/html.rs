//! HTML reports from the templates in `reports/`: one self-contained,
//! print-ready page per report (inline CSS and SVG, no scripts).

use std::sync::OnceLock;

use minijinja::{Environment, Value, context};

use super::build::Built;
use super::localize::{TextTable, localize};
use super::{Kind, sentences};
use crate::charts;
use crate::i18n::{Lang, templates};

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../reports/base.html")),
    ("macros.html", include_str!("../../reports/macros.html")),
    ("leader.html", include_str!("../../reports/leader.html")),
    ("summary.html", include_str!("../../reports/summary.html")),
    ("unit.html", include_str!("../../reports/unit.html")),
];
const PRINT_CSS: &str = include_str!("../../reports/print.css");

/// Units per heat map, so a chart fits on a page.
const HEATMAP_UNITS: usize = 40;

fn environment() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| templates::environment(TEMPLATES))
}

/// Renders one report in `lang`.
pub fn render(built: &Built, kind: &Kind, lang: Lang) -> anyhow::Result<String> {
    let translations: Vec<_> = built.translations.iter().collect();
    let table = TextTable::new(lang, &translations, &built.analysis.municipality);
    let a = &localize(&built.analysis, &table);
    let meta = &built.meta;
    let labels: Vec<String> = if a.scale_labels.len() == 5 {
        a.scale_labels.clone()
    } else {
        (1..=5).map(|i| i.to_string()).collect()
    };
    let stair = charts::stair::chart("trapp", lang, &a.relations, &a.steps, a.k);
    let diverging = charts::diverging::chart("plakat", lang, &a.statements, &labels, a.k);
    let dumbbell = a
        .previous
        .as_ref()
        .map(|p| charts::dumbbell::chart("endring", lang, &a.statements, &a.round, p));
    let heatmaps: Vec<String> = a
        .by_unit
        .chunks(HEATMAP_UNITS)
        .enumerate()
        .map(|(i, chunk)| charts::heatmap::chart(&format!("varme{i}"), lang, &a.statements, chunk))
        .collect();
    let counts = charts::counts::chart("antall", lang, &a.by_unit, a.k);
    let unit = match kind {
        Kind::Unit(name) => a
            .by_unit
            .iter()
            .find(|b| b.name == *name)
            .map(Value::from_serialize),
        _ => None,
    };
    let template = match kind {
        Kind::Leader => "leader.html",
        Kind::Summary => "summary.html",
        Kind::Unit(_) => "unit.html",
    };
    let html = environment().get_template(template)?.render(context! {
        a => Value::from_serialize(a),
        meta => Value::from_serialize(meta),
        unit,
        css => Value::from_safe_string(PRINT_CSS.to_string()),
        steps_list => numbered(&a.steps),
        scale_list => numbered(&labels),
        sentences => sentences::summary(a, lang),
        lang => lang.code(),
        stair_chart => Value::from_safe_string(stair),
        diverging_chart => Value::from_safe_string(diverging),
        dumbbell_chart => dumbbell.map(Value::from_safe_string),
        heatmaps => heatmaps.into_iter().map(Value::from_safe_string).collect::<Vec<_>>(),
        counts_chart => Value::from_safe_string(counts),
    })?;
    Ok(html)
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
    #[test]
    fn report_templates_compile() {
        for (name, _) in super::TEMPLATES {
            super::environment().get_template(name).unwrap();
        }
    }
}
