//! Colour-blind-safe colours that still read in greyscale print: a diverging
//! brown–teal scale (ColorBrewer BrBG) for agreement, a sequential blue
//! scale for steps and means, and Okabe–Ito blue and vermillion for change.
//! Every filled shape also gets a dark outline (3:1 against white) and every
//! meaning also a text label, so colour never carries it alone.

pub const AGREEMENT: [&str; 5] = ["#a6611a", "#dfc27d", "#e0e0e0", "#80cdc1", "#018571"];
pub const STEPS: [&str; 4] = ["#c6dbef", "#6baed6", "#2171b5", "#08306b"];
pub const UP: &str = "#0072b2";
pub const DOWN: &str = "#d55e00";
pub const PREVIOUS: &str = "#767676";
pub const NOW: &str = "#0b3c6e";
pub const GOAL: &str = "#d55e00";

/// The colour of point `i` of an `n`-point agreement scale: the five
/// BrBG colours for five points, and for other scales the same ramp,
/// interpolated, so the middle stays grey and the ends stay brown and teal.
pub fn agreement(i: usize, n: usize) -> plotters::style::RGBColor {
    use super::canvas::hex;
    if n == AGREEMENT.len() {
        return hex(AGREEMENT[i]);
    }
    let t = if n > 1 {
        i as f64 / (n - 1) as f64
    } else {
        0.5
    };
    let pos = t * (AGREEMENT.len() - 1) as f64;
    let lo = (pos.floor() as usize).min(AGREEMENT.len() - 2);
    let f = pos - lo as f64;
    let (a, b) = (hex(AGREEMENT[lo]), hex(AGREEMENT[lo + 1]));
    let mix = |x: u8, y: u8| (x as f64 + (y as f64 - x as f64) * f).round() as u8;
    plotters::style::RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Which points of an `n`-point scale lie below the middle, on it, and above.
pub fn halves(
    n: usize,
) -> (
    std::ops::Range<usize>,
    Option<usize>,
    std::ops::Range<usize>,
) {
    let middle = (n % 2 == 1).then_some(n / 2);
    (0..n / 2, middle, n.div_ceil(2)..n)
}

/// A blue for a mean on a 1–5 scale (lighter is lower); with the text
/// colour that stays readable on it.
pub fn heat(mean: f64, min: f64, max: f64) -> (&'static str, &'static str) {
    const SCALE: [&str; 6] = [
        "#f1f6fb", "#d3e3f3", "#a9cce4", "#6baed6", "#2f7fbf", "#0b4f8a",
    ];
    let t = ((mean - min) / (max - min)).clamp(0.0, 1.0);
    let i = ((t * SCALE.len() as f64) as usize).min(SCALE.len() - 1);
    (SCALE[i], if i >= 4 { "#ffffff" } else { "#1a1a1a" })
}
