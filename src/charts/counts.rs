//! Respondents per unit in this round, as horizontal bars; hidden units are
//! listed without a bar.

use super::canvas::{Align, Canvas, INK, MUTED, accessible, hex};
use super::palette::STEPS;
use crate::analysis::aggregate::GroupBlock;
use crate::i18n::{Lang, tr, tr_args};
use crate::numbers::int;

const W: i32 = 720;
const ROW: i32 = 20;
const LABEL_W: i32 = 240;

pub fn chart(id: &str, lang: Lang, units: &[GroupBlock], k: u64) -> String {
    let h = 10 + ROW * units.len() as i32 + 10;
    let mut buf = String::new();
    let c = Canvas::new(&mut buf, W as u32, h as u32);
    let max = units
        .iter()
        .filter_map(|u| u.respondents.shown().copied())
        .max()
        .unwrap_or(1)
        .max(1);
    let px = (W - LABEL_W - 60) as f64 / max as f64;
    for (i, u) in units.iter().enumerate() {
        let y = 10 + i as i32 * ROW;
        c.text(
            &u.name,
            LABEL_W - 8,
            y + ROW / 2,
            10.0,
            INK,
            Align::Right,
            false,
        );
        match u.respondents.shown() {
            Some(n) => {
                let x1 = LABEL_W + (*n as f64 * px) as i32;
                c.rect(
                    LABEL_W,
                    y + 3,
                    x1.max(LABEL_W + 1),
                    y + ROW - 3,
                    hex(STEPS[2]),
                    Some(INK),
                );
                c.text(
                    &int(lang, *n),
                    x1 + 6,
                    y + ROW / 2,
                    9.5,
                    INK,
                    Align::Left,
                    false,
                );
            }
            None => c.text(
                &tr_args(lang, "chart-count-hidden", &[("k", k.into())]),
                LABEL_W + 4,
                y + ROW / 2,
                9.0,
                MUTED,
                Align::Left,
                false,
            ),
        }
    }
    c.finish();
    let shown = units
        .iter()
        .filter(|u| u.respondents.shown().is_some())
        .count();
    accessible(
        buf,
        id,
        &tr(lang, "chart-count-title"),
        &tr_args(
            lang,
            "chart-count-desc",
            &[("units", units.len().into()), ("shown", shown.into())],
        ),
    )
}
