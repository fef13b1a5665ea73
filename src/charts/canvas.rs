//! A thin drawing layer over plotters' SVG backend: rectangles, lines,
//! circles and text in pixel coordinates, and the accessible wrapper
//! (`role="img"`, `<title>`, `<desc>`) every chart gets.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

pub const FONT: &str = "DejaVu Sans, Arial, sans-serif";
pub const INK: RGBColor = RGBColor(0x1a, 0x1a, 0x1a);
pub const MUTED: RGBColor = RGBColor(0x55, 0x55, 0x55);
pub const GRID: RGBColor = RGBColor(0xbb, 0xbb, 0xbb);

/// Horizontal text alignment.
#[derive(Clone, Copy)]
pub enum Align {
    Left,
    Center,
    Right,
}

pub struct Canvas<'a> {
    area: DrawingArea<SVGBackend<'a>, plotters::coord::Shift>,
}

/// Parses `#rrggbb`.
pub fn hex(c: &str) -> RGBColor {
    let v = u32::from_str_radix(c.trim_start_matches('#'), 16).unwrap_or(0);
    RGBColor((v >> 16) as u8, (v >> 8) as u8, v as u8)
}

impl<'a> Canvas<'a> {
    pub fn new(buf: &'a mut String, width: u32, height: u32) -> Canvas<'a> {
        let area = SVGBackend::with_string(buf, (width, height)).into_drawing_area();
        // Drawing into a String cannot fail.
        let _ = area.fill(&WHITE);
        Canvas { area }
    }

    pub fn rect(
        &self,
        x0: i32,
        y0: i32,
        x1: i32,
        y1: i32,
        fill: RGBColor,
        stroke: Option<RGBColor>,
    ) {
        let _ = self
            .area
            .draw(&Rectangle::new([(x0, y0), (x1, y1)], fill.filled()));
        if let Some(s) = stroke {
            let _ = self
                .area
                .draw(&Rectangle::new([(x0, y0), (x1, y1)], s.stroke_width(1)));
        }
    }

    pub fn line(&self, points: Vec<(i32, i32)>, color: RGBColor, width: u32) {
        let _ = self
            .area
            .draw(&PathElement::new(points, color.stroke_width(width)));
    }

    pub fn circle(&self, x: i32, y: i32, r: i32, fill: Option<RGBColor>, stroke: RGBColor) {
        if let Some(f) = fill {
            let _ = self.area.draw(&Circle::new((x, y), r, f.filled()));
        }
        let _ = self
            .area
            .draw(&Circle::new((x, y), r, stroke.stroke_width(2)));
    }

    // A drawing primitive: position, size, colour, alignment and weight are
    // all needed at every call, so they stay plain arguments.
    #[allow(clippy::too_many_arguments)]
    pub fn text(
        &self,
        s: &str,
        x: i32,
        y: i32,
        size: f64,
        color: RGBColor,
        align: Align,
        bold: bool,
    ) {
        let h = match align {
            Align::Left => HPos::Left,
            Align::Center => HPos::Center,
            Align::Right => HPos::Right,
        };
        let mut font = (FONT, size * 1.24).into_font();
        if bold {
            font = font.style(FontStyle::Bold);
        }
        let style = font.color(&color).pos(Pos::new(h, VPos::Center));
        let _ = self.area.draw(&Text::new(s.to_string(), (x, y), style));
    }

    pub fn finish(self) {
        let _ = self.area.present();
    }
}

/// Turns plotters' `<svg …>` into an accessible inline chart: scalable,
/// `role="img"`, with a title and a text description.
pub fn accessible(svg: String, id: &str, title: &str, description: &str) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let open_end = svg.find('>').unwrap_or(0);
    let open = &svg[..open_end];
    // Keep the viewBox, drop the fixed size so the chart scales with the page.
    let view_box = open
        .split("viewBox=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or("0 0 100 100")
        .to_string();
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"{view_box}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>{}",
        esc(title),
        esc(description),
        &svg[open_end + 1..]
    )
}
