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

/// How the statements' names stand: left of the bars (paper and a wide
/// screen), or each on a line of its own above its bar, at a phone's width,
/// so that nothing is scaled down there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Wide,
    Narrow,
}

/// The narrow layout's width: a phone's (390 px less the page's margins).
const NARROW_W: i32 = 360;
/// A narrow row: the name's line, then the bar.
const NARROW_NAME: i32 = 18;
const NARROW_ROW: i32 = NARROW_NAME + 24;
const NARROW_RIGHT: i32 = 38;

/// The chart with the names left of the bars.
pub fn chart(id: &str, lang: Lang, statements: &[Statement], labels: &[String]) -> String {
    draw(id, lang, statements, labels, Layout::Wide)
}

/// The chart as `layout` lays it out.
pub fn draw(
    id: &str,
    lang: Lang,
    statements: &[Statement],
    labels: &[String],
    layout: Layout,
) -> String {
    let (w, left, mean_room, row_h, bar_top) = match layout {
        Layout::Wide => {
            let left = names_width(statements);
            (left + BARS + RIGHT, left, RIGHT, ROW, 0)
        }
        // Room left of the bars for the axis' "100 %" under them.
        Layout::Narrow => (NARROW_W, 20, NARROW_RIGHT, NARROW_ROW, NARROW_NAME),
    };
    // The legend, wrapped onto as many lines as the width needs.
    let mut lines = vec![Vec::new()];
    let mut x = left;
    for (i, label) in labels.iter().enumerate() {
        let item = 22 + (label.chars().count() as i32) * 6;
        if x + item > w && x > left {
            lines.push(Vec::new());
            x = left;
        }
        lines.last_mut().expect("a line").push((i, label, x));
        x += item;
    }
    let top = TOP + 20 * (lines.len() as i32 - 1);
    let h = top + row_h * statements.len() as i32 + 30;
    let mut buf = String::new();
    let c = Canvas::new(&mut buf, w as u32, h as u32);
    let centre = left + (w - left - mean_room) / 2;
    let px = (w - left - mean_room) as f64 / 200.0; // pixels per per cent
    for (line, items) in lines.iter().enumerate() {
        let y = 8 + 20 * line as i32;
        for &(i, label, x) in items {
            c.rect(
                x,
                y,
                x + 14,
                y + 14,
                agreement(i, labels.len()),
                Some(MUTED),
            );
            c.text(label, x + 18, y + 7, 10.0, INK, Align::Left, false);
        }
    }
    for (row, s) in statements.iter().enumerate() {
        let y0 = top + row as i32 * row_h;
        match layout {
            Layout::Wide => c.text(
                &name(s),
                left - 8,
                y0 + ROW / 2,
                11.0,
                INK,
                Align::Right,
                true,
            ),
            Layout::Narrow => c.text(
                &name(s),
                8,
                y0 + NARROW_NAME / 2 + 2,
                11.0,
                INK,
                Align::Left,
                true,
            ),
        }
        // The bar's own band below the name (the whole row when wide).
        let y = y0 + bar_top;
        let bar_h = row_h - bar_top;
        let Some(st) = s.stats.shown() else {
            c.text(
                &tr(lang, "chart-too-few"),
                centre,
                y + bar_h / 2,
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
            c.rect(
                centre - half,
                y + 4,
                centre,
                y + bar_h - 4,
                fill,
                Some(MUTED),
            );
            c.rect(
                centre,
                y + 4,
                centre + half,
                y + bar_h - 4,
                fill,
                Some(MUTED),
            );
        }
        // Below the middle leftwards from it, above it rightwards.
        let mut left = centre as f64 - neutral * px;
        for i in below.rev() {
            let w = st.pct[i] * px;
            c.rect(
                (left - w) as i32,
                y + 4,
                left as i32,
                y + bar_h - 4,
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
                y + bar_h - 4,
                agreement(i, n),
                Some(MUTED),
            );
            right += w;
        }
        c.text(
            &dec(lang, st.mean, 2),
            w - mean_room + 6,
            y + bar_h / 2,
            10.0,
            INK,
            Align::Left,
            false,
        );
    }
    let bottom = top + row_h * statements.len() as i32;
    match layout {
        Layout::Wide => c.line(vec![(centre, top - 4), (centre, bottom)], INK, 1),
        // Through each bar only: the names above them stay clear of it.
        Layout::Narrow => {
            for row in 0..statements.len() as i32 {
                let y = top + row * row_h + bar_top;
                c.line(vec![(centre, y), (centre, y + row_h - bar_top)], INK, 1);
            }
        }
    }
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
        &tr(lang, "report-col-mean"),
        w - mean_room + 6,
        top - 10,
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
