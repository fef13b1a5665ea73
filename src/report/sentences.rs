//! Plain-language sentences (bokmål) for the politicians' summary, made
//! from shown figures only.

use crate::analysis::Analysis;
use crate::numbers::{dec, int};

fn quote(text: &str) -> String {
    // "Vi i Solvik har …" reads better in a sentence without the full stop.
    format!("«{}»", text.trim_end_matches('.'))
}

pub fn summary(a: &Analysis) -> Vec<String> {
    let mut out = Vec::new();
    match (a.previous.as_ref(), a.respondents_previous) {
        (Some(p), Some(n_p)) => out.push(format!(
            "{} personer svarte i {}, mot {} i {p}.",
            int(a.respondents),
            a.round,
            int(n_p)
        )),
        _ => out.push(format!(
            "{} personer svarte i {}.",
            int(a.respondents),
            a.round
        )),
    }
    if let Some(&i) = a.strengths.first()
        && let Some(st) = a.statements[i].stats.shown()
    {
        out.push(format!(
            "Flest er enige i at {} (snitt {} av 5).",
            quote(&a.statements[i].text),
            dec(st.mean, 1)
        ));
    }
    if let Some(&i) = a.weaknesses.first()
        && let Some(st) = a.statements[i].stats.shown()
    {
        out.push(format!(
            "Minst enighet er det om at {} (snitt {} av 5).",
            quote(&a.statements[i].text),
            dec(st.mean, 1)
        ));
    }
    if a.previous.is_some() {
        let mut up = Vec::new();
        let mut down = Vec::new();
        for s in &a.statements {
            if let (Some(ch), Some(now), Some(prev)) = (
                &s.change,
                s.stats.shown(),
                s.previous.as_ref().and_then(|p| p.shown()),
            ) && ch.meaningful
            {
                let line = format!(
                    "{} (fra {} til {})",
                    s.label,
                    dec(prev.mean, 1),
                    dec(now.mean, 1)
                );
                if ch.delta > 0.0 {
                    up.push(line)
                } else {
                    down.push(line)
                }
            }
        }
        let p = a.previous.as_deref().unwrap_or("");
        match (up.is_empty(), down.is_empty()) {
            (true, true) => out.push(format!(
                "Ingen av utsagnene har endret seg meningsfullt siden {p}."
            )),
            _ => {
                if !up.is_empty() {
                    out.push(format!("Bedre enn i {p}: utsagn {}.", up.join(", ")));
                }
                if !down.is_empty() {
                    out.push(format!("Svakere enn i {p}: utsagn {}.", down.join(", ")));
                }
            }
        }
        let breaks: Vec<&str> = a
            .statements
            .iter()
            .filter(|s| s.series_break)
            .map(|s| s.label.as_str())
            .collect();
        if !breaks.is_empty() {
            out.push(format!(
                "Utsagn {} fikk ny ordlyd og kan ikke sammenlignes med {p}.",
                breaks.join(", ")
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
        out.push(format!(
            "Samarbeidet står sterkest med {} (trinn {} i snitt) og svakest med {} (trinn {}).",
            best.0.to_lowercase(),
            dec(best.1, 1),
            worst.0.to_lowercase(),
            dec(worst.1, 1)
        ));
    }
    if let Some(&i) = a.largest_gaps.first()
        && let Some(st) = a.relations[i].stats.shown()
        && let Some(gap) = st.mean_gap
    {
        out.push(format!(
            "Størst forskjell mellom hvor samarbeidet er og hva som er mulig å nå, ser de ansatte med {}: {} trinn i snitt.",
            a.relations[i].label.to_lowercase(),
            dec(gap, 1)
        ));
    }
    out
}
