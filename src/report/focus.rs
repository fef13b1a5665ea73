//! Focus suggestions: which poster statements go together with a higher
//! step on the collaboration stair, across the units of one round. Each is
//! the Pearson correlation between the units' mean on the statement and
//! their mean current step, with a 95 % interval (Fisher's z), over the
//! units whose figures the disclosure rule shows, and only those: it is
//! computed from shown figures alone. A candidate for an improvement area,
//! not a cause; the report says so in plain words. It is computed before a
//! leader's unit scope is applied: one coefficient over at least
//! `MIN_UNITS` shown units' means says nothing about any one of them, and
//! it is the same figure for every reader of the round.

use serde::Serialize;

use crate::analysis::Analysis;

/// Fewest units a correlation is computed over.
pub const MIN_UNITS: usize = 6;

/// Most suggestions a report shows.
pub const MAX_SUGGESTIONS: usize = 3;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Focus {
    /// Index into `Analysis::statements`.
    pub statement: usize,
    pub r: f64,
    pub low: f64,
    pub high: f64,
    /// Units it rests on.
    pub units: usize,
}

/// A unit's mean current step over the relations shown for it, weighted by
/// the answers each rests on.
fn stair_level(a: &Analysis, unit: usize) -> Option<f64> {
    let (mut sum, mut n) = (0.0, 0.0);
    for s in a.by_unit[unit].stair.iter().filter_map(|c| c.shown()) {
        sum += s.mean_now * s.n as f64;
        n += s.n as f64;
    }
    (n > 0.0).then(|| sum / n)
}

fn pearson(pairs: &[(f64, f64)]) -> Option<f64> {
    let n = pairs.len() as f64;
    let (mx, my) = (
        pairs.iter().map(|p| p.0).sum::<f64>() / n,
        pairs.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in pairs {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx).powi(2);
        syy += (y - my).powi(2);
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}

/// The statements whose units' means rise with the stair, most clearly
/// first: those whose whole 95 % interval is above 0.
pub fn suggest(a: &Analysis) -> Vec<Focus> {
    let levels: Vec<Option<f64>> = (0..a.by_unit.len()).map(|u| stair_level(a, u)).collect();
    let mut found: Vec<Focus> = (0..a.statements.len())
        .filter_map(|i| {
            let pairs: Vec<(f64, f64)> = a
                .by_unit
                .iter()
                .zip(&levels)
                .filter_map(|(b, level)| Some((b.statements[i].shown()?.mean, (*level)?)))
                .collect();
            if pairs.len() < MIN_UNITS {
                return None;
            }
            let r = pearson(&pairs)?.clamp(-0.999_999, 0.999_999);
            let se = 1.0 / (pairs.len() as f64 - 3.0).sqrt();
            let z = r.atanh();
            Some(Focus {
                statement: i,
                r,
                low: (z - 1.96 * se).tanh(),
                high: (z + 1.96 * se).tanh(),
                units: pairs.len(),
            })
        })
        .filter(|f| f.low > 0.0)
        .collect();
    found.sort_by(|a, b| b.r.total_cmp(&a.r).then(a.statement.cmp(&b.statement)));
    found.truncate(MAX_SUGGESTIONS);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pearson_by_hand() {
        // x and y rise together exactly; then not at all.
        let line: Vec<(f64, f64)> = (0..5).map(|i| (i as f64, 2.0 * i as f64 + 1.0)).collect();
        assert!((pearson(&line).unwrap() - 1.0).abs() < 1e-12);
        let flat = [(1.0, 2.0), (2.0, 2.0), (3.0, 2.0)];
        assert_eq!(pearson(&flat), None);
        // r for (1,2),(2,1),(3,4),(4,3): sxy = 3, sxx = syy = 5 → 0.6.
        let some = [(1.0, 2.0), (2.0, 1.0), (3.0, 4.0), (4.0, 3.0)];
        assert!((pearson(&some).unwrap() - 0.6).abs() < 1e-12);
    }
}
