//! Plain-language sentences for the politicians' summary, made from shown
//! figures only, in the report's language (messages `sentence-*`).

use fluent_bundle::FluentValue;

use crate::analysis::Analysis;
use crate::i18n::{Lang, tr_args};
use crate::numbers::{dec, int};

fn quote(lang: Lang, text: &str) -> String {
    // "Vi i Solvik har …" reads better in a sentence without the full stop.
    let text = text.trim_end_matches('.');
    match lang {
        Lang::En => format!("“{text}”"),
        Lang::Nb | Lang::Nn => format!("«{text}»"),
    }
}

pub fn summary(a: &Analysis, lang: Lang) -> Vec<String> {
    let t = |key: &str, args: &[(&str, FluentValue<'_>)]| tr_args(lang, key, args);
    let one = |x: f64| dec(lang, x, 1);
    let mut out = Vec::new();
    let previous = a.respondents_previous.as_ref().and_then(|c| c.shown());
    match (a.respondents.shown(), a.previous.as_ref(), previous) {
        (None, _, _) => out.push(t("sentence-too-few", &[("round", a.round.as_str().into())])),
        (Some(&n), Some(p), Some(&n_p)) => out.push(t(
            "sentence-respondents-compared",
            &[
                ("count", int(lang, n).into()),
                ("round", a.round.as_str().into()),
                ("previous-count", int(lang, n_p).into()),
                ("previous", p.as_str().into()),
            ],
        )),
        (Some(&n), _, _) => out.push(t(
            "sentence-respondents",
            &[
                ("count", int(lang, n).into()),
                ("round", a.round.as_str().into()),
            ],
        )),
    }
    if let Some(&i) = a.strengths.first()
        && let Some(st) = a.statements[i].stats.shown()
    {
        out.push(t(
            "sentence-strongest",
            &[
                ("statement", quote(lang, &a.statements[i].text).into()),
                ("mean", one(st.mean).into()),
            ],
        ));
    }
    if let Some(&i) = a.weaknesses.first()
        && let Some(st) = a.statements[i].stats.shown()
    {
        out.push(t(
            "sentence-weakest",
            &[
                ("statement", quote(lang, &a.statements[i].text).into()),
                ("mean", one(st.mean).into()),
            ],
        ));
    }
    if let Some(p) = a.previous.as_deref() {
        let mut up = Vec::new();
        let mut down = Vec::new();
        for s in &a.statements {
            if let (Some(ch), Some(now), Some(prev)) = (
                &s.change,
                s.stats.shown(),
                s.previous.as_ref().and_then(|p| p.shown()),
            ) && ch.meaningful
            {
                // Named by its words where it has a short title.
                let name = match &s.short {
                    Some(short) => quote(lang, short),
                    None => t("report-statement-n", &[("label", s.label.as_str().into())]),
                };
                let line = t(
                    "sentence-change-item",
                    &[
                        ("label", name.into()),
                        ("from", one(prev.mean).into()),
                        ("to", one(now.mean).into()),
                    ],
                );
                if ch.delta > 0.0 {
                    up.push(line)
                } else {
                    down.push(line)
                }
            }
        }
        if up.is_empty() && down.is_empty() {
            out.push(t("sentence-no-change", &[("previous", p.into())]));
        }
        for (key, list) in [("sentence-better", up), ("sentence-worse", down)] {
            if !list.is_empty() {
                out.push(t(
                    key,
                    &[("previous", p.into()), ("items", list.join(", ").into())],
                ));
            }
        }
        let breaks: Vec<&str> = a
            .statements
            .iter()
            .filter(|s| s.series_break)
            .map(|s| s.label.as_str())
            .collect();
        if !breaks.is_empty() {
            out.push(t(
                "sentence-series-break",
                &[("labels", breaks.join(", ").into()), ("previous", p.into())],
            ));
        }
    }
    let mut rel: Vec<(&str, f64)> = a
        .relations
        .iter()
        .filter_map(|r| r.stats.shown().map(|s| (r.label.as_str(), s.mean_now)))
        .collect();
    rel.sort_by(|x, y| y.1.total_cmp(&x.1));
    if let (Some(best), Some(worst)) = (rel.first(), rel.last())
        && rel.len() > 1
    {
        out.push(t(
            "sentence-stair-range",
            &[
                ("best", best.0.to_lowercase().into()),
                ("best-mean", one(best.1).into()),
                ("worst", worst.0.to_lowercase().into()),
                ("worst-mean", one(worst.1).into()),
            ],
        ));
    }
    if let Some(&i) = a.largest_gaps.first()
        && let Some(st) = a.relations[i].stats.shown()
        && let Some(gap) = st.mean_gap
    {
        out.push(t(
            "sentence-largest-gap",
            &[
                ("partner", a.relations[i].label.to_lowercase().into()),
                ("gap", one(gap).into()),
            ],
        ));
    }
    out
}
