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
