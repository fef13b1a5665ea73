//! The stair picture, the product's signature. The steps are named in the
//! chart's key; each partner gets a row: the share who place the
//! collaboration on each step today (shaded boxes with their percentages),
//! and below them a track where a filled dot marks the mean step today and
//! an arrow leads to a ring at the mean step they think can be reached.
//! One column, drawn at a phone's width, so nothing is scaled down there.

use super::canvas::{Align, Canvas, GRID, INK, MUTED, accessible, hex};
use super::palette::{GOAL, NOW, STEPS};
use crate::analysis::aggregate::Relation;
use crate::i18n::{Lang, tr, tr_args};
use crate::numbers::{dec, pct};

/// The chart's width: drawn at the size a phone shows it (390 px less the
/// page's margins), so its text is never scaled down there.
const W: i32 = 360;
/// Left and right edge of the step columns.
const X0: i32 = 8;
const X1: i32 = W - 8;
/// One partner's row: its name, the four shares, the track with the marks
/// and their labels.
const ROW_H: i32 = 84;
/// Text sizes (plotters draws at 1.24 × these in pixels).
const LABEL: f64 = 10.0;
const SMALL: f64 = 8.5;

/// A text's width in pixels, a little generous (DejaVu Sans runs wide):
/// what keeps labels apart without a browser to measure them.
fn text_width(s: &str, size: f64) -> i32 {
    (s.chars().count() as f64 * size * 1.24 * 0.62).ceil() as i32
}

/// Left edges for two labels of widths `wa` and `wb` centred on `a` and
/// `b` (a ≤ b), pushed apart to leave `gap` between them and kept inside
/// the chart.
fn spread(a: i32, wa: i32, b: i32, wb: i32, gap: i32) -> (i32, i32) {
    let (mut la, mut lb) = (a - wa / 2, b - wb / 2);
    let overlap = la + wa + gap - lb;
    if overlap > 0 {
        la -= overlap / 2 + overlap % 2;
        lb += overlap / 2;
    }
    if la < X0 {
        lb += X0 - la;
        la = X0;
    }
    if lb + wb > X1 {
        la -= lb + wb - X1;
        lb = X1 - wb;
    }
    (la.max(X0), lb)
}

/// A light-to-mid blue for a share of 0–100 %: the darker, the more stand
/// on the step (dark text stays readable on every shade).
fn share_fill(share: f64) -> plotters::style::RGBColor {
    let to = hex(STEPS[1]);
    let t = (share / 100.0).clamp(0.0, 1.0) * 0.9;
    let mix = |a: u8| (255.0 + (a as f64 - 255.0) * t).round() as u8;
    plotters::style::RGBColor(mix(to.0), mix(to.1), mix(to.2))
}

pub fn chart(id: &str, lang: Lang, relations: &[Relation], step_names: &[String]) -> String {
    let steps = step_names.len().max(1) as i32;
    let col_w = (X1 - X0) / steps;
    let x_of = |v: f64| X0 + ((v - 0.5) * col_w as f64).round() as i32;
    // The key: the marks, then the steps by number and name.
    let key_h = 40 + 15 * steps + 20;
    let h = key_h + ROW_H * relations.len().max(1) as i32;
    let mut buf = String::new();
    let c = Canvas::new(&mut buf, W as u32, h as u32);
    let now_word = tr(lang, "chart-stair-key-now");
    let goal_word = tr(lang, "chart-stair-key-goal");
    c.circle(X0 + 6, 12, 5, Some(hex(NOW)), hex(NOW));
    c.text(&now_word, X0 + 16, 12, LABEL, INK, Align::Left, false);
    let gx = X0 + 16 + text_width(&now_word, LABEL) + 18;
    c.circle(gx, 12, 5, Some(hex("#ffffff")), hex(GOAL));
    c.text(&goal_word, gx + 10, 12, LABEL, INK, Align::Left, false);
    c.rect(X0, 26, X0 + 12, 36, share_fill(50.0), Some(GRID));
    c.text(
        &tr(lang, "chart-stair-key-share"),
        X0 + 18,
        31,
        SMALL,
        INK,
        Align::Left,
        false,
    );
    for (i, name) in step_names.iter().enumerate() {
        let y = 50 + 15 * i as i32;
        c.text(
            &format!("{}  {name}", i + 1),
            X0,
            y,
            SMALL,
            INK,
            Align::Left,
            false,
        );
    }
    // Column heads: the step numbers over the columns.
    let head_y = key_h - 8;
    for s in 0..steps {
        c.text(
            &tr_args(lang, "chart-stair-step", &[("step", (s + 1).into())]),
            X0 + s * col_w + col_w / 2,
            head_y,
            SMALL,
            MUTED,
            Align::Center,
            true,
        );
    }
    for (i, rel) in relations.iter().enumerate() {
        let top = key_h + ROW_H * i as i32;
        let Some(st) = rel.stats.shown() else {
            c.text(&rel.label, X0, top + 10, LABEL, INK, Align::Left, true);
            c.text(
                &tr(lang, "chart-too-few"),
                X0,
                top + 32,
                SMALL,
                MUTED,
                Align::Left,
                false,
            );
            continue;
        };
        c.text(
            &format!("{} (n = {})", rel.label, st.n),
            X0,
            top + 10,
            LABEL,
            INK,
            Align::Left,
            true,
        );
        // Today's shares: one box a step, shaded by its share.
        for s in 0..steps {
            let share = st.pct.get(s as usize).copied().unwrap_or(0.0);
            let (bx0, bx1) = (X0 + s * col_w + 1, X0 + (s + 1) * col_w - 1);
            c.rect(bx0, top + 20, bx1, top + 42, share_fill(share), Some(GRID));
            c.text(
                &pct(lang, share),
                (bx0 + bx1) / 2,
                top + 31,
                SMALL,
                INK,
                Align::Center,
                false,
            );
        }
        // The track: where the mean is today, and the arrow to the goal.
        let track = top + 55;
        c.line(
            vec![(x_of(1.0), track), (x_of(steps as f64), track)],
            GRID,
            1,
        );
        let xn = x_of(st.mean_now);
        let now_text = tr_args(
            lang,
            "chart-stair-now-at",
            &[("mean", dec(lang, st.mean_now, 1).into())],
        );
        let label_y = top + 73;
        match st.mean_goal {
            Some(goal) => {
                let xg = x_of(goal);
                let goal_text = tr_args(
                    lang,
                    "chart-stair-goal-at",
                    &[("mean", dec(lang, goal, 1).into())],
                );
                if (xg - xn).abs() > 12 {
                    // The arrow ends at the ring's edge.
                    let dir = if xg > xn { 1 } else { -1 };
                    let tip = xg - dir * 7;
                    c.line(vec![(xn, track), (tip, track)], hex(GOAL), 2);
                    c.line(vec![(tip - dir * 5, track - 4), (tip, track)], hex(GOAL), 2);
                    c.line(vec![(tip - dir * 5, track + 4), (tip, track)], hex(GOAL), 2);
                }
                c.circle(xn, track, 5, Some(hex(NOW)), hex(NOW));
                c.circle(xg, track, 6, None, hex(GOAL));
                let (wn, wg) = (text_width(&now_text, SMALL), text_width(&goal_text, SMALL));
                let (ln, lg) = if xn <= xg {
                    spread(xn, wn, xg, wg, 8)
                } else {
                    let (lg, ln) = spread(xg, wg, xn, wn, 8);
                    (ln, lg)
                };
                c.text(&now_text, ln, label_y, SMALL, hex(NOW), Align::Left, true);
                c.text(&goal_text, lg, label_y, SMALL, hex(GOAL), Align::Left, true);
            }
            None => {
                c.circle(xn, track, 5, Some(hex(NOW)), hex(NOW));
                let wn = text_width(&now_text, SMALL);
                let ln = (xn - wn / 2).clamp(X0, X1 - wn);
                c.text(&now_text, ln, label_y, SMALL, hex(NOW), Align::Left, true);
            }
        }
    }
    c.finish();
    let desc: Vec<String> = relations
        .iter()
        .filter_map(|r| {
            r.stats.shown().map(|s| {
                let dist: Vec<String> = s
                    .pct
                    .iter()
                    .enumerate()
                    .map(|(i, p)| {
                        tr_args(
                            lang,
                            "chart-stair-step-share",
                            &[("step", (i + 1).into()), ("share", pct(lang, *p).into())],
                        )
                    })
                    .collect();
                tr_args(
                    lang,
                    "chart-stair-line",
                    &[
                        ("label", r.label.as_str().into()),
                        ("shares", dist.join(", ").into()),
                        ("now", dec(lang, s.mean_now, 1).into()),
                        (
                            "goal",
                            s.mean_goal
                                .map(|g| dec(lang, g, 1))
                                .unwrap_or_else(|| "–".into())
                                .into(),
                        ),
                    ],
                )
            })
        })
        .collect();
    accessible(
        buf,
        id,
        &tr(lang, "chart-stair-title"),
        &tr_args(
            lang,
            "chart-stair-desc",
            &[
                ("steps", step_names.join(", ").into()),
                ("figures", desc.join(". ").into()),
            ],
        ),
    )
}
