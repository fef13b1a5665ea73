//! Trends over every round: small multiples, one panel per statement or
//! stair relation, the mean of each round as a dot joined to the round
//! before. A change of wording breaks the line (a new series starts, with
//! a mark), and a round whose figure is not shown leaves a gap with a dash.

use super::canvas::{Align, Canvas, GRID, INK, MUTED, accessible, hex};
use super::palette::NOW;
use crate::analysis::aggregate::TrendPoint;
use crate::i18n::{Lang, tr, tr_args};
use crate::numbers::dec;

const W: i32 = 720;
const COLUMNS: i32 = 4;
const PANEL_H: i32 = 96;
const PAD: i32 = 14;
/// A panel title's line: its height, and the characters that fit in a
/// panel (at 9.5 px, bold).
const TITLE_LINE: i32 = 13;
const TITLE_CHARS: usize = 28;

/// A panel title in lines of at most `TITLE_CHARS`, broken between words;
/// three lines at most, the last cut with "…".
fn wrap(title: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in title.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= TITLE_CHARS => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    if lines.len() > 3 {
        lines.truncate(3);
        let last = &mut lines[2];
        let keep: String = last.chars().take(TITLE_CHARS - 1).collect();
        *last = format!("{keep}…");
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// One panel: its title, and its points oldest first.
pub struct Series<'a> {
    pub title: String,
    pub points: &'a [TrendPoint],
}

/// The panels on one shared scale from `lo` to `hi` (the scale's ends, or
/// the stair's first and last step), titled `title`.
pub fn chart(id: &str, lang: Lang, title: &str, series: &[Series], lo: f64, hi: f64) -> String {
    let rows = (series.len() as i32 + COLUMNS - 1) / COLUMNS;
    // Titles such as "8 Teknologi og digitalisering som mulighet" wrap
    // onto up to three lines; every panel makes room for the longest.
    let titles: Vec<Vec<String>> = series.iter().map(|s| wrap(&s.title)).collect();
    let extra = (titles.iter().map(Vec::len).max().unwrap_or(1) as i32 - 1) * TITLE_LINE;
    let panel_h = PANEL_H + extra;
    let h = rows * panel_h + 8;
    let panel_w = W / COLUMNS;
    let mut buf = String::new();
    let c = Canvas::new(&mut buf, W as u32, h as u32);
    let hi = if hi > lo { hi } else { lo + 1.0 };
    let mut desc = Vec::new();
    for (n, s) in series.iter().enumerate() {
        let (col, row) = (n as i32 % COLUMNS, n as i32 / COLUMNS);
        let (x0, y0) = (col * panel_w, row * panel_h);
        let (left, right) = (x0 + PAD + 16, x0 + panel_w - PAD);
        let (top, bottom) = (y0 + 24 + extra, y0 + panel_h - 22);
        for (i, line) in titles[n].iter().enumerate() {
            let y = y0 + 10 + i as i32 * TITLE_LINE;
            c.text(line, x0 + PAD, y, 9.5, INK, Align::Left, true);
        }
        // The scale's ends, faint, so the panels compare at a glance.
        for (v, y) in [(lo, bottom), (hi, top)] {
            c.line(vec![(left, y), (right, y)], GRID, 1);
            c.text(
                &dec(lang, v, 0),
                left - 4,
                y,
                8.5,
                MUTED,
                Align::Right,
                false,
            );
        }
        let count = s.points.len().max(1) as i32;
        let step = if count > 1 {
            (right - left) / (count - 1)
        } else {
            0
        };
        let x_of =
            |i: usize| left + i as i32 * step + if count == 1 { (right - left) / 2 } else { 0 };
        let y_of = |v: f64| bottom - ((v - lo) / (hi - lo) * (bottom - top) as f64) as i32;
        let mut before: Option<(i32, i32)> = None;
        let mut said = Vec::new();
        for (i, p) in s.points.iter().enumerate() {
            let x = x_of(i);
            if p.series_break {
                // A new wording: the line does not cross it.
                c.line(
                    vec![(x - step / 2, top - 4), (x - step / 2, bottom + 2)],
                    MUTED,
                    1,
                );
                c.text("≠", x - step / 2, top - 8, 9.0, MUTED, Align::Center, true);
                before = None;
                said.push(tr(lang, "chart-trend-break"));
            }
            c.text(
                &short_round(&p.round),
                x,
                bottom + 12,
                8.5,
                MUTED,
                Align::Center,
                false,
            );
            match p.mean.shown() {
                Some(&mean) => {
                    let y = y_of(mean);
                    if let Some(prev) = before {
                        c.line(vec![prev, (x, y)], hex(NOW), 2);
                    }
                    c.circle(x, y, 3, Some(hex(NOW)), hex(NOW));
                    before = Some((x, y));
                    said.push(format!("{} {}", p.round, dec(lang, mean, 2)));
                }
                None => {
                    c.text(
                        "–",
                        x,
                        (top + bottom) / 2,
                        10.0,
                        MUTED,
                        Align::Center,
                        false,
                    );
                    before = None;
                    said.push(tr_args(
                        lang,
                        "chart-trend-hidden",
                        &[("round", p.round.clone().into())],
                    ));
                }
            }
        }
        desc.push(format!("{}: {}", s.title, said.join(", ")));
    }
    c.finish();
    accessible(
        buf,
        id,
        title,
        &tr_args(
            lang,
            "chart-trend-desc",
            &[("figures", desc.join("; ").into())],
        ),
    )
}

/// "2026" stays; a longer round id is cut to its last four characters so
/// that the axis labels do not run into each other.
fn short_round(round: &str) -> String {
    let chars: Vec<char> = round.chars().collect();
    chars[chars.len().saturating_sub(4)..].iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::disclosure::Cell;

    fn point(round: &str, mean: Option<f64>, series_break: bool) -> TrendPoint {
        TrendPoint {
            round: round.into(),
            mean: Cell::when(true, mean),
            series_break,
        }
    }

    #[test]
    fn hidden_points_and_breaks_are_said_in_the_text_alternative() {
        let points = vec![
            point("2024", Some(3.25), false),
            point("2025", None, false),
            point("2026", Some(3.5), true),
        ];
        let series = [Series {
            title: "Utsagn 1".into(),
            points: &points,
        }];
        let svg = chart("t", Lang::Nb, "Utvikling", &series, 1.0, 5.0);
        assert!(svg.contains("2024 3,25"), "{svg}");
        assert!(svg.contains(&tr_args(
            Lang::Nb,
            "chart-trend-hidden",
            &[("round", "2025".into())]
        )));
        assert!(svg.contains(&tr(Lang::Nb, "chart-trend-break")));
        // No line is drawn to or from a hidden point, nor across a break.
        let joins = |svg: &str| svg.matches("stroke=\"#0B3C6E\" stroke-width=\"2\"").count();
        let circles = svg.matches("<circle").count();
        assert_eq!(joins(&svg), circles / 2, "only the dots' outlines: {svg}");
        let joined = vec![
            point("2025", Some(3.0), false),
            point("2026", Some(4.0), false),
        ];
        let series = [Series {
            title: "Utsagn 1".into(),
            points: &joined,
        }];
        let svg = chart("t", Lang::Nb, "Utvikling", &series, 1.0, 5.0);
        let circles = svg.matches("<circle").count();
        assert_eq!(joins(&svg), circles / 2 + 1, "{svg}");
    }

    #[test]
    fn long_titles_wrap_between_words_into_three_lines_at_most() {
        assert_eq!(
            wrap("8 Teknologi og digitalisering som mulighet"),
            ["8 Teknologi og", "digitalisering som mulighet"]
        );
        assert_eq!(wrap("Skole"), ["Skole"]);
        let long = wrap(&"ord ".repeat(40));
        assert_eq!(long.len(), 3);
        assert!(long[2].ends_with('…') && long[2].chars().count() <= TITLE_CHARS);
    }
}
