//! Units × statements: the mean in each cell on a blue scale with the number
//! printed in it; hidden cells stay blank and say so.

use super::canvas::{Align, Canvas, GRID, INK, MUTED, accessible, hex};
use super::palette::heat;
use crate::analysis::aggregate::{GroupBlock, Statement};
use crate::i18n::{Lang, tr, tr_args};
use crate::numbers::dec;

const CELL_W: i32 = 52;
const ROW: i32 = 22;
const LABEL_W: i32 = 230;
const TOP: i32 = 30;

/// One chart for up to 40 units.
pub fn chart(id: &str, lang: Lang, statements: &[Statement], units: &[GroupBlock]) -> String {
    let w = LABEL_W + CELL_W * statements.len() as i32 + 10;
    let h = TOP + ROW * units.len() as i32 + 10;
    let mut buf = String::new();
    let c = Canvas::new(&mut buf, w as u32, h as u32);
    for (j, s) in statements.iter().enumerate() {
        c.text(
            &s.label,
            LABEL_W + j as i32 * CELL_W + CELL_W / 2,
            TOP - 12,
            10.0,
            INK,
            Align::Center,
            true,
        );
    }
    let mut hidden = 0;
    for (i, u) in units.iter().enumerate() {
        let y = TOP + i as i32 * ROW;
        let name: String = if u.name.chars().count() > 34 {
            format!("{}…", u.name.chars().take(33).collect::<String>())
        } else {
            u.name.clone()
        };
        c.text(
            &name,
            LABEL_W - 8,
            y + ROW / 2,
            10.0,
            INK,
            Align::Right,
            false,
        );
        for (j, cell) in u.statements.iter().enumerate() {
            let x = LABEL_W + j as i32 * CELL_W;
            match cell.shown() {
                Some(st) => {
                    let scale = &statements[j];
                    let (fill, text) = heat(st.mean, scale.min as f64, scale.max as f64);
                    c.rect(x, y, x + CELL_W, y + ROW, hex(fill), Some(GRID));
                    c.text(
                        &dec(lang, st.mean, 1),
                        x + CELL_W / 2,
                        y + ROW / 2,
                        9.5,
                        hex(text),
                        Align::Center,
                        false,
                    );
                }
                None => {
                    hidden += 1;
                    c.rect(x, y, x + CELL_W, y + ROW, hex("#ffffff"), Some(GRID));
                    c.text(
                        "skjult",
                        x + CELL_W / 2,
                        y + ROW / 2,
                        8.0,
                        MUTED,
                        Align::Center,
                        false,
                    );
                }
            }
        }
    }
    c.finish();
    accessible(
        buf,
        id,
        &tr(lang, "chart-heat-title"),
        &tr_args(
            lang,
            "chart-heat-desc",
            &[
                ("units", units.len().into()),
                ("statements", statements.len().into()),
                ("hidden", hidden.into()),
            ],
        ),
    )
}
