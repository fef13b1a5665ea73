//! The municipality's focus areas (its innovation strategy's
//! "satsingsområder", seed 004) in figures: each is the mean of its
//! statements' means, taken from the figures the disclosure rule has shown
//! and hidden wherever one of them is hidden. It is a function of shown
//! figures only, so it tells nothing that the statements beside it do not.

use super::aggregate::{Analysis, FocusFigure, GroupBlock};
use super::disclosure::Cell;
use super::stats::ScaleStats;

/// A focus area as a definition names it: its name and its statements'
/// columns (`plakat.p03`).
#[derive(Debug, Clone, PartialEq)]
pub struct FocusDefinition {
    pub name: String,
    pub columns: Vec<String>,
}

/// The mean of the means of `cells`, shown only if every one is.
fn mean_of<'a>(cells: impl Iterator<Item = Option<&'a Cell<ScaleStats>>>) -> Cell<f64> {
    let mut sum = 0.0;
    let mut n = 0;
    for cell in cells {
        match cell.and_then(Cell::shown) {
            Some(stats) => {
                sum += stats.mean;
                n += 1;
            }
            None => return Cell::Hidden,
        }
    }
    if n == 0 {
        Cell::Hidden
    } else {
        Cell::Shown(sum / n as f64)
    }
}

/// Adds each focus area of `definitions` whose statements are all in the
/// report: the municipality's figure, and each unit's, service area's and
/// role's (`GroupBlock::focus`, aligned with `Analysis::focus_areas`).
pub fn apply(a: &mut Analysis, definitions: &[FocusDefinition]) {
    let mut figures = Vec::new();
    let mut indices = Vec::new();
    for d in definitions {
        let at: Option<Vec<usize>> = d
            .columns
            .iter()
            .map(|c| a.statements.iter().position(|s| s.column == *c))
            .collect();
        let Some(at) = at.filter(|at| !at.is_empty()) else {
            continue;
        };
        let statements = || at.iter().map(|&i| &a.statements[i]);
        let previous = a.previous.as_ref().map(|_| {
            if statements().any(|s| s.series_break) {
                Cell::Hidden
            } else {
                mean_of(statements().map(|s| s.previous.as_ref()))
            }
        });
        figures.push(FocusFigure {
            name: d.name.clone(),
            columns: d.columns.clone(),
            labels: statements().map(|s| s.label.clone()).collect(),
            mean: mean_of(statements().map(|s| Some(&s.stats))),
            previous,
        });
        indices.push(at);
    }
    let per_block = |b: &mut GroupBlock| {
        b.focus = indices
            .iter()
            .map(|at| mean_of(at.iter().map(|&i| b.statements.get(i))))
            .collect();
    };
    a.by_unit.iter_mut().for_each(per_block);
    a.by_area.iter_mut().for_each(per_block);
    a.by_role.iter_mut().for_each(per_block);
    a.focus_areas = figures;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(mean: f64) -> Cell<ScaleStats> {
        Cell::Shown(ScaleStats {
            n: 10,
            mean,
            std: None,
            counts: vec![],
            pct: vec![],
        })
    }

    #[test]
    fn a_focus_area_is_the_mean_of_shown_means_and_hidden_with_any_of_them() {
        assert_eq!(
            mean_of([Some(&stats(3.0)), Some(&stats(4.0)), Some(&stats(3.5))].into_iter()),
            Cell::Shown(3.5)
        );
        assert_eq!(
            mean_of([Some(&stats(3.0)), Some(&Cell::Hidden)].into_iter()),
            Cell::Hidden
        );
        assert_eq!(mean_of([Some(&stats(3.0)), None].into_iter()), Cell::Hidden);
        assert_eq!(mean_of(std::iter::empty()), Cell::Hidden);
    }
}
