//! Diverging stacked bars: the points below the middle of the scale left of
//! the centre line, those above it right, a middle point split across it;
//! the mean at the end of each bar. Any scale from 2 to 11 points.

use super::canvas::{Align, Canvas, GRID, INK, MUTED, accessible};
use super::palette::{agreement, halves};
use crate::analysis::aggregate::Statement;
use crate::i18n::{Lang, tr, tr_args};
use crate::numbers::{dec, pct};

/// The bars' width, whatever the names beside them.
const BARS: i32 = 614;
const ROW: i32 = 28;
const TOP: i32 = 46;
const RIGHT: i32 = 70;
/// Room for a statement's number alone, and at most for its short title.
const LEFT_MIN: i32 = 36;
const LEFT_MAX: i32 = 420;

/// What stands left of a statement's bar: its number, and its short title
/// where it has one ("1 Positive forventninger").
pub(super) fn name(s: &Statement) -> String {
    match &s.short {
        Some(short) => format!("{} {short}", s.label),
        None => s.label.clone(),
    }
}

/// Room left of the plot for the statements' names: about 6.5 px per
/// character of 11 px bold text, between a number alone and a long title.
pub(super) fn names_width(statements: &[Statement]) -> i32 {
    let longest = statements
        .iter()
        .map(|s| name(s).chars().count())
        .max()
        .unwrap_or(0);
    (16 + longest as i32 * 13 / 2).clamp(LEFT_MIN, LEFT_MAX)
}

pub fn chart(id: &str, lang: Lang, statements: &[Statement], labels: &[String]) -> String {
    let h = TOP + ROW * statements.len() as i32 + 30;
    let left = names_width(statements);
    let w = left + BARS + RIGHT;
    let mut buf = String::new();
    let c = Canvas::new(&mut buf, w as u32, h as u32);
    let centre = left + (w - left - RIGHT) / 2;
    let px = (w - left - RIGHT) as f64 / 200.0; // pixels per per cent
    // Legend.
    let mut x = left;
    for (i, label) in labels.iter().enumerate() {
        c.rect(x, 8, x + 14, 22, agreement(i, labels.len()), Some(MUTED));
        c.text(label, x + 18, 15, 10.0, INK, Align::Left, false);
        x += 22 + (label.chars().count() as i32) * 6;
    }
    for (row, s) in statements.iter().enumerate() {
        let y = TOP + row as i32 * ROW;
        c.text(
            &name(s),
            left - 8,
            y + ROW / 2,
            11.0,
            INK,
            Align::Right,
            true,
        );
        let Some(st) = s.stats.shown() else {
            c.text(
                &tr(lang, "chart-too-few"),
                centre,
                y + ROW / 2,
                10.0,
                MUTED,
                Align::Center,
                false,
            );
            continue;
        };
        let n = st.pct.len();
        let (below, middle, above) = halves(n);
        let neutral = middle.map_or(0.0, |m| st.pct[m] / 2.0);
        if let Some(m) = middle {
            let half = (neutral * px) as i32;
            let fill = agreement(m, n);
            c.rect(centre - half, y + 4, centre, y + ROW - 4, fill, Some(MUTED));
            c.rect(centre, y + 4, centre + half, y + ROW - 4, fill, Some(MUTED));
        }
        // Below the middle leftwards from it, above it rightwards.
        let mut left = centre as f64 - neutral * px;
        for i in below.rev() {
            let w = st.pct[i] * px;
            c.rect(
                (left - w) as i32,
                y + 4,
                left as i32,
                y + ROW - 4,
                agreement(i, n),
                Some(MUTED),
            );
            left -= w;
        }
        let mut right = centre as f64 + neutral * px;
        for i in above {
            let w = st.pct[i] * px;
            c.rect(
                right as i32,
                y + 4,
                (right + w) as i32,
                y + ROW - 4,
                agreement(i, n),
                Some(MUTED),
            );
            right += w;
        }
        c.text(
            &dec(lang, st.mean, 2),
            w - RIGHT + 8,
            y + ROW / 2,
            10.0,
            INK,
            Align::Left,
            false,
        );
    }
    let bottom = TOP + ROW * statements.len() as i32;
    c.line(vec![(centre, TOP - 4), (centre, bottom)], INK, 1);
    for p in [-100i32, -50, 50, 100] {
        let x = centre + (p as f64 * px) as i32;
        c.line(vec![(x, bottom), (x, bottom + 4)], GRID, 1);
        c.text(
            &pct(lang, p.abs() as f64),
            x,
            bottom + 14,
            9.0,
            MUTED,
            Align::Center,
            false,
        );
    }
    c.text(
        "Snitt",
        w - RIGHT + 8,
        TOP - 10,
        9.0,
        MUTED,
        Align::Left,
        true,
    );
    c.finish();
    let shown: Vec<String> = statements
        .iter()
        .filter_map(|s| {
            s.stats.shown().map(|st| {
                tr_args(
                    lang,
                    "chart-poster-line",
                    &[
                        ("label", name(s).into()),
                        ("agree", pct(lang, share(&st.pct, true)).into()),
                        ("disagree", pct(lang, share(&st.pct, false)).into()),
                    ],
                )
            })
        })
        .collect();
    accessible(
        buf,
        id,
        &tr(lang, "chart-poster-title"),
        &tr_args(
            lang,
            "chart-poster-desc",
            &[("figures", shown.join("; ").into())],
        ),
    )
}

/// The per cent above (or below) the middle of the scale.
fn share(pct: &[f64], above: bool) -> f64 {
    let (below, _, upper) = halves(pct.len());
    let range = if above { upper } else { below };
    pct[range].iter().sum()
}
