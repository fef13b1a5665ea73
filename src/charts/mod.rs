//! Charts: aggregates → inline, accessible SVG (plotters). Pure: each
//! function takes shown figures and returns an `<svg>` string.

mod canvas;
/// Respondents per unit.
pub mod counts;
/// Diverging stacked bars of the poster statements.
pub mod diverging;
/// Year-over-year dumbbells of statement means.
pub mod dumbbell;
/// Units × statements heat map.
pub mod heatmap;
/// Colours.
pub mod palette;
/// The stair picture: distribution of "now" per step, with the goal marked.
pub mod stair;
/// Small multiples of means over every round.
pub mod trend;
