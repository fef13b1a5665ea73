//! The stair picture, the product's signature: for each partner relation a
//! staircase of the four steps; each step carries the share of respondents
//! who place the collaboration there today, and markers show the mean step
//! now and the mean step they think can be reached.

use super::canvas::{Align, Canvas, GRID, INK, MUTED, accessible, hex};
use super::palette::{GOAL, NOW, STEPS};
use crate::analysis::aggregate::Relation;
use crate::i18n::{Lang, tr, tr_args};
use crate::numbers::{dec, pct};

const PANEL_W: i32 = 245;
const PANEL_H: i32 = 180;
const COLS: i32 = 3;

pub fn chart(id: &str, lang: Lang, relations: &[Relation], step_names: &[String]) -> String {
    let rows = (relations.len() as i32 + COLS - 1) / COLS;
    let w = PANEL_W * COLS + 20;
    let h = 34 + rows * PANEL_H;
    let mut buf = String::new();
    let c = Canvas::new(&mut buf, w as u32, h as u32);
    // Legend.
    c.line(vec![(10, 16), (30, 16)], hex(NOW), 3);
    c.text(
        &tr(lang, "chart-stair-now"),
        34,
        16,
        10.0,
        INK,
        Align::Left,
        false,
    );
    c.line(vec![(110, 16), (130, 16)], hex(GOAL), 3);
    c.text(
        &tr(lang, "chart-stair-goal"),
        134,
        16,
        10.0,
        INK,
        Align::Left,
        false,
    );
    let steps = step_names.len().max(1) as i32;
    for (i, rel) in relations.iter().enumerate() {
        let ox = 10 + (i as i32 % COLS) * PANEL_W;
        let oy = 40 + (i as i32 / COLS) * PANEL_H;
        let (x0, x1) = (ox + 10, ox + PANEL_W - 20);
        let base = oy + PANEL_H - 36;
        let step_w = (x1 - x0) / steps;
        let rise = 14; // each step is higher than the one before
        let Some(st) = rel.stats.shown() else {
            c.text(&rel.label, ox + 10, oy + 10, 11.0, INK, Align::Left, true);
            c.text(
                &tr(lang, "chart-too-few"),
                ox + 10,
                oy + 40,
                10.0,
                MUTED,
                Align::Left,
                false,
            );
            continue;
        };
        c.text(
            &format!("{} (n = {})", rel.label, st.n),
            ox + 10,
            oy + 6,
            11.0,
            INK,
            Align::Left,
            true,
        );
        for s in 0..steps {
            let sx = x0 + s * step_w;
            let top = base - rise * (s + 1);
            // The step itself, light, outlined.
            c.rect(sx, top, sx + step_w, base, hex("#f3f6f9"), Some(GRID));
            // The share standing on this step: a bar rising from the tread.
            let share = st.pct.get(s as usize).copied().unwrap_or(0.0);
            let bar_h = (share / 100.0 * 50.0).round() as i32;
            c.rect(
                sx + 8,
                top - bar_h,
                sx + step_w - 8,
                top,
                hex(STEPS[s as usize % STEPS.len()]),
                Some(INK),
            );
            c.text(
                &pct(lang, share),
                sx + step_w / 2,
                top - bar_h - 8,
                9.5,
                INK,
                Align::Center,
                true,
            );
            c.text(
                &format!("{}", s + 1),
                sx + step_w / 2,
                base + 10,
                9.5,
                MUTED,
                Align::Center,
                false,
            );
        }
        let x_of = |v: f64| x0 + ((v - 0.5) * step_w as f64) as i32;
        let xn = x_of(st.mean_now);
        let line_top = oy + 26;
        c.line(vec![(xn, base + 16), (xn, line_top)], hex(NOW), 3);
        c.text(
            &tr_args(
                lang,
                "chart-stair-now-at",
                &[("mean", dec(lang, st.mean_now, 1).into())],
            ),
            xn,
            base + 24,
            9.0,
            hex(NOW),
            Align::Center,
            true,
        );
        if let Some(goal) = st.mean_goal {
            let xg = x_of(goal);
            c.line(vec![(xg, base + 16), (xg, line_top)], hex(GOAL), 3);
            c.text(
                &tr_args(
                    lang,
                    "chart-stair-goal-at",
                    &[("mean", dec(lang, goal, 1).into())],
                ),
                xg,
                line_top - 6,
                9.0,
                hex(GOAL),
                Align::Center,
                true,
            );
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
