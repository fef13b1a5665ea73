//! Plain-language sentences for the politicians' summary, made from shown
//! figures only, in the report's language (messages `sentence-*`).

use fluent_bundle::FluentValue;

use crate::analysis::Analysis;
use crate::analysis::aggregate::GroupBlock;
use crate::i18n::{Lang, join_and, tr, tr_args};
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
    // A round with no answers (made for next year, say) has nothing to
    // tell, and no change to claim.
    if a.no_answers {
        out.push(t(
            "sentence-no-answers",
            &[("round", a.round.as_str().into())],
        ));
        return out;
    }
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
        // "No change" only where some statement could be compared at all.
        let compared = a.statements.iter().any(|s| s.change.is_some());
        if up.is_empty() && down.is_empty() && compared {
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

/// Where a mean step lies on the stair, in the steps' names: on one step
/// (within a quarter of it), or between two.
pub fn stair_place(lang: Lang, steps: &[String], mean: f64) -> Option<String> {
    let name = |i: f64| -> Option<String> {
        let i = i as usize;
        (i >= 1)
            .then(|| steps.get(i - 1))
            .flatten()
            .map(|s| quote(lang, s))
    };
    let nearest = mean.round();
    if (mean - nearest).abs() <= 0.25 {
        let step = name(nearest)?;
        return Some(tr_args(lang, "brief-stair-on", &[("step", step.into())]));
    }
    let (lower, upper) = (name(mean.floor())?, name(mean.ceil())?);
    Some(tr_args(
        lang,
        "brief-stair-between",
        &[("lower", lower.into()), ("upper", upper.into())],
    ))
}

/// "Kort fortalt" for one unit or service area: its highest and lowest
/// statements, where it stands on the stair with each partner in the
/// steps' names, and what changed since the previous round, named only
/// where the report's rule calls it meaningful; a small group is told how
/// large a change must be to be seen. Made from the block's shown figures
/// only (the same cells its tables show), so it tells nothing they do not.
pub fn group(a: &Analysis, b: &GroupBlock, lang: Lang) -> Vec<String> {
    let t = |key: &str, args: &[(&str, FluentValue<'_>)]| tr_args(lang, key, args);
    let one = |x: f64| dec(lang, x, 1);
    let Some(&respondents) = b.respondents.shown() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let name = |i: usize| -> String {
        let s = &a.statements[i];
        match &s.short {
            Some(short) => quote(lang, short),
            None => t("report-statement-n", &[("label", s.label.as_str().into())]),
        }
    };
    let mut shown: Vec<(usize, f64)> = b
        .statements
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.shown().map(|s| (i, s.mean)))
        .collect();
    shown.sort_by(|x, y| y.1.total_cmp(&x.1));
    if let (Some(&(hi, hi_mean)), Some(&(lo, lo_mean))) = (shown.first(), shown.last())
        && shown.len() > 1
        && hi_mean > lo_mean
    {
        let max = a.statements[hi].max;
        out.push(t(
            "brief-highest",
            &[
                ("statement", name(hi).into()),
                ("mean", one(hi_mean).into()),
                ("max", max.into()),
            ],
        ));
        out.push(t(
            "brief-lowest",
            &[
                ("statement", name(lo).into()),
                ("mean", one(lo_mean).into()),
                ("max", a.statements[lo].max.into()),
            ],
        ));
    }
    // Partners at the same place in one sentence, in the report's order.
    let and = tr(lang, "list-and");
    let mut places: Vec<(String, Vec<String>)> = Vec::new();
    let mut apart = Vec::new();
    for (j, rel) in a.relations.iter().enumerate() {
        let partner = crate::survey::round::partner_noun(&rel.label);
        if let Some(s) = b.stair.get(j).and_then(|c| c.shown())
            && let Some(place) = stair_place(lang, &a.steps, s.mean_now)
        {
            match places.iter_mut().find(|(p, _)| *p == place) {
                Some((_, partners)) => partners.push(partner.clone()),
                None => places.push((place, vec![partner.clone()])),
            }
        }
        if let Some(c) = b.apart.get(j).and_then(|c| c.shown())
            && c.n > 0
        {
            apart.push(t(
                "brief-apart-item",
                &[
                    ("partner", partner.into()),
                    ("count", c.n.into()),
                    ("total", c.of.into()),
                ],
            ));
        }
    }
    for (place, partners) in places {
        out.push(t(
            "brief-stair",
            &[
                ("partner", join_and(&partners, &and).into()),
                ("place", place.into()),
            ],
        ));
    }
    if !apart.is_empty() {
        out.push(t(
            "brief-apart",
            &[("items", join_and(&apart, &and).into())],
        ));
    }
    let Some(previous) = a.previous.as_deref() else {
        return out;
    };
    let (mut up, mut down) = (Vec::new(), Vec::new());
    let mut widths = Vec::new();
    let statement_changes = b.changes.iter().enumerate().map(|(i, c)| (name(i), c));
    let stair_changes = b.stair_changes.iter().zip(&a.relations).map(|(c, r)| {
        let partner = crate::survey::round::partner_noun(&r.label);
        (t("brief-stair-partner", &[("partner", partner.into())]), c)
    });
    for (label, change) in statement_changes.chain(stair_changes) {
        let Some(ch) = change else { continue };
        widths.push((ch.high - ch.low) / 2.0);
        if !ch.meaningful {
            continue;
        }
        let line = t(
            "brief-change-item",
            &[
                ("label", label.into()),
                ("delta", signed(lang, ch.delta).into()),
            ],
        );
        if ch.delta > 0.0 {
            up.push(line)
        } else {
            down.push(line)
        }
    }
    if widths.is_empty() {
        return out;
    }
    for (key, list) in [("brief-better", &up), ("brief-worse", &down)] {
        if !list.is_empty() {
            out.push(t(
                key,
                &[
                    ("previous", previous.into()),
                    ("items", list.join(", ").into()),
                ],
            ));
        }
    }
    if up.is_empty() && down.is_empty() {
        out.push(t("brief-no-change", &[("previous", previous.into())]));
    }
    // How large a change must be to be told from chance with this many
    // answers: the middle of the intervals the report computed.
    if respondents < 30 {
        widths.sort_by(f64::total_cmp);
        let size = widths[widths.len() / 2];
        out.push(t(
            "brief-detectable",
            &[("count", respondents.into()), ("size", one(size).into())],
        ));
    }
    out
}

/// A change with its sign: "+0,4", "−0,6".
fn signed(lang: Lang, x: f64) -> String {
    let text = dec(lang, x.abs(), 1);
    if x < 0.0 {
        format!("−{text}")
    } else {
        format!("+{text}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mean_step_is_said_in_the_steps_names() {
        let steps: Vec<String> = [
            "Dele informasjon",
            "Utvikle felles problemforståelse",
            "Styrke hverandres måloppnåelse",
            "Utvikle felles plan og tiltak",
        ]
        .map(String::from)
        .to_vec();
        let place = |m| stair_place(Lang::Nb, &steps, m).unwrap();
        assert_eq!(
            place(2.7),
            "mellom «Utvikle felles problemforståelse» og «Styrke hverandres måloppnåelse»"
        );
        assert_eq!(place(2.2), "på «Utvikle felles problemforståelse»");
        assert_eq!(place(1.0), "på «Dele informasjon»");
        assert_eq!(place(3.8), "på «Utvikle felles plan og tiltak»");
        assert_eq!(
            stair_place(Lang::En, &steps, 1.5).unwrap(),
            "between “Dele informasjon” and “Utvikle felles problemforståelse”"
        );
        assert_eq!(stair_place(Lang::Nb, &steps, 0.2), None);
    }
}
