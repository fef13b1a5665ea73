//! Year over year: for each statement the previous mean (open circle) and
//! this year's (filled), joined by a line; a meaningful change is coloured
//! and labelled with an arrow, so colour is never the only sign.

use super::canvas::{Align, Canvas, GRID, INK, MUTED, accessible, hex};
use super::diverging::{Layout, name, names_width};
use super::palette::{DOWN, NOW, PREVIOUS, UP};
use crate::analysis::aggregate::Statement;
use crate::i18n::{Lang, tr, tr_args};
use crate::numbers::{dec, signed};

/// The width of the plot between the names and the changes.
const PLOT: i32 = 530;
const ROW: i32 = 26;
const TOP: i32 = 40;
const RIGHT: i32 = 150;

/// The narrow layout (see `diverging::Layout`): a phone's width, each
/// statement's name on a line above its row, the change at the right.
const NARROW_W: i32 = 360;
const NARROW_NAME: i32 = 15;
const NARROW_ROW: i32 = NARROW_NAME + 17;
const NARROW_RIGHT: i32 = 64;

/// The chart with the names left of the rows.
pub fn chart(
    id: &str,
    lang: Lang,
    statements: &[Statement],
    round: &str,
    previous: &str,
) -> String {
    draw(id, lang, statements, round, previous, Layout::Wide)
}

/// The chart as `layout` lays it out.
pub fn draw(
    id: &str,
    lang: Lang,
    statements: &[Statement],
    round: &str,
    previous: &str,
    layout: Layout,
) -> String {
    // Each statement by its number and short title, as in the poster chart.
    let (w, left, plot, right, row_h, name_h, top) = match layout {
        Layout::Wide => {
            let left = names_width(statements);
            (left + PLOT + RIGHT, left, PLOT, RIGHT, ROW, 0, TOP)
        }
        Layout::Narrow => {
            let left = 12;
            let plot = NARROW_W - left - NARROW_RIGHT - 8;
            (
                NARROW_W,
                left,
                plot,
                NARROW_RIGHT,
                NARROW_ROW,
                NARROW_NAME,
                TOP + 18,
            )
        }
    };
    let h = top + row_h * statements.len() as i32 + 30;
    let mut buf = String::new();
    let c = Canvas::new(&mut buf, w as u32, h as u32);
    // One axis for every statement: from the lowest scale point to the highest.
    let lo = statements.iter().map(|s| s.min).min().unwrap_or(1);
    let hi = statements
        .iter()
        .map(|s| s.max)
        .max()
        .unwrap_or(5)
        .max(lo + 1);
    let (lo, hi) = (lo as f64, hi as f64);
    let x_of = |v: f64| left + ((v - lo) / (hi - lo) * plot as f64) as i32;
    c.circle(left, 16, 5, Some(hex("#ffffff")), hex(PREVIOUS));
    c.text(previous, left + 10, 16, 10.0, INK, Align::Left, false);
    c.circle(left + 70, 16, 5, Some(hex(NOW)), hex(NOW));
    c.text(round, left + 80, 16, 10.0, INK, Align::Left, false);
    // The legend's words beside the marks, or on a line of their own.
    let (legend_x, legend_y) = match layout {
        Layout::Wide => (left + 150, 16),
        Layout::Narrow => (left - 6, 36),
    };
    c.text(
        &tr(lang, "chart-change-legend"),
        legend_x,
        legend_y,
        10.0,
        INK,
        Align::Left,
        false,
    );
    let bottom = top + row_h * statements.len() as i32;
    for v in lo as i32..=hi as i32 {
        let x = x_of(v as f64);
        match layout {
            Layout::Wide => c.line(vec![(x, top - 6), (x, bottom)], GRID, 1),
            // Beside each row's dots only: the names above stay clear.
            Layout::Narrow => {
                for row in 0..statements.len() as i32 {
                    let y = top + row * row_h + name_h;
                    c.line(vec![(x, y), (x, y + row_h - name_h)], GRID, 1);
                }
            }
        }
        c.text(
            &v.to_string(),
            x,
            bottom + 12,
            9.0,
            MUTED,
            Align::Center,
            false,
        );
    }
    let mut desc = Vec::new();
    for (row, s) in statements.iter().enumerate() {
        let y0 = top + row as i32 * row_h;
        let y = y0 + name_h + (row_h - name_h) / 2;
        match layout {
            Layout::Wide => c.text(&name(s), left - 10, y, 11.0, INK, Align::Right, true),
            Layout::Narrow => c.text(
                &name(s),
                left - 6,
                y0 + name_h / 2 + 2,
                11.0,
                INK,
                Align::Left,
                true,
            ),
        }
        if s.series_break {
            c.text(
                &tr(lang, "chart-change-break"),
                x_of(1.2),
                y,
                9.5,
                MUTED,
                Align::Left,
                false,
            );
            continue;
        }
        let (Some(now), Some(prev)) =
            (s.stats.shown(), s.previous.as_ref().and_then(|p| p.shown()))
        else {
            c.text(
                &tr(lang, "chart-change-too-few"),
                x_of(1.2),
                y,
                9.5,
                MUTED,
                Align::Left,
                false,
            );
            continue;
        };
        // Up, down, or nothing worth mentioning: colour and arrow together.
        let (colour, mark) = match s.change.as_ref().filter(|ch| ch.meaningful) {
            Some(ch) if ch.delta > 0.0 => (hex(UP), "▲ "),
            Some(_) => (hex(DOWN), "▼ "),
            None => (hex(PREVIOUS), ""),
        };
        let meaningful = !mark.is_empty();
        c.line(vec![(x_of(prev.mean), y), (x_of(now.mean), y)], colour, 3);
        c.circle(x_of(prev.mean), y, 5, Some(hex("#ffffff")), hex(PREVIOUS));
        c.circle(x_of(now.mean), y, 5, Some(hex(NOW)), hex(NOW));
        let delta = now.mean - prev.mean;
        c.text(
            &format!("{mark}{}", signed(lang, delta, 2)),
            w - right + 10,
            y,
            10.0,
            if meaningful { colour } else { INK },
            Align::Left,
            meaningful,
        );
        let line = format!(
            "{}: {} → {}",
            s.label,
            dec(lang, prev.mean, 2),
            dec(lang, now.mean, 2)
        );
        desc.push(if meaningful {
            tr_args(lang, "chart-change-meaningful", &[("line", line.into())])
        } else {
            line
        });
    }
    c.finish();
    accessible(
        buf,
        id,
        &tr_args(
            lang,
            "chart-change-title",
            &[("previous", previous.into()), ("round", round.into())],
        ),
        &tr_args(
            lang,
            "chart-change-desc",
            &[("figures", desc.join("; ").into())],
        ),
    )
}
