//! The polars step: from the frequency table, per (round, unit, role) the
//! count, sum and sum of squares of every scale item, and of the stair gap
//! (goal − now) with the number who see a step up. Every other figure is an
//! exact sum of these, so the finest groups are computed once and totals are
//! added up from them.

use polars::prelude::*;

use super::dataset::Dataset;

/// Sufficient statistics of one item in one group.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sums {
    pub n: f64,
    pub sum: f64,
    pub sumsq: f64,
    /// Answers per level, `min..=max` of the item.
    pub levels: Vec<f64>,
}

impl Sums {
    pub fn add(&mut self, other: &Sums) {
        self.n += other.n;
        self.sum += other.sum;
        self.sumsq += other.sumsq;
        if self.levels.len() < other.levels.len() {
            self.levels.resize(other.levels.len(), 0.0);
        }
        for (a, b) in self.levels.iter_mut().zip(&other.levels) {
            *a += b;
        }
    }
}

/// The stair gap of one relation in one group.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GapSums {
    /// Respondents with both now and goal, and Σ, Σ² of goal − now.
    pub gap: Sums,
    /// How many of them see at least one step up (goal > now).
    pub up: f64,
    /// Σ goal over the same respondents: the goal figures rest on those
    /// who gave both, so that no figure is about the difference.
    pub goal: f64,
    /// How many said they do not collaborate with the partner: an answer
    /// to the current step, but no step.
    pub apart: f64,
}

impl GapSums {
    pub fn add(&mut self, other: &GapSums) {
        self.gap.add(&other.gap);
        self.up += other.up;
        self.goal += other.goal;
        self.apart += other.apart;
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub round: u32,
    pub unit: u32,
    pub role: u32,
    pub responses: f64,
    /// Aligned with `Dataset::items`.
    pub items: Vec<Sums>,
    /// Aligned with `Dataset::pairs`.
    pub gaps: Vec<GapSums>,
}

/// A long frequency table: one row per (cell, index, value) with its count.
#[derive(Default)]
struct Long {
    cell: Vec<u32>,
    index: Vec<u32>,
    value: Vec<f64>,
    up: Vec<f64>,
    count: Vec<f64>,
}

impl Long {
    fn push(&mut self, cell: usize, index: usize, value: i32, up: bool, count: u64) {
        self.cell.push(cell as u32);
        self.index.push(index as u32);
        self.value.push(value as f64);
        self.up.push(if up { 1.0 } else { 0.0 });
        self.count.push(count as f64);
    }

    /// Per (cell, index): Σ count, Σ count·value, Σ count·value², Σ count·up.
    fn sums(self) -> PolarsResult<Vec<(usize, usize, [f64; 4])>> {
        if self.cell.is_empty() {
            return Ok(Vec::new());
        }
        let frame = DataFrame::new_infer_height(vec![
            Column::new("cell".into(), self.cell),
            Column::new("index".into(), self.index),
            Column::new("value".into(), self.value),
            Column::new("up".into(), self.up),
            Column::new("count".into(), self.count),
        ])?;
        let out = frame
            .lazy()
            .group_by([col("cell"), col("index")])
            .agg([
                col("count").sum().alias("n"),
                (col("count") * col("value")).sum().alias("s"),
                (col("count") * col("value") * col("value"))
                    .sum()
                    .alias("q"),
                (col("count") * col("up")).sum().alias("u"),
            ])
            .collect()?;
        let key = |name: &str| -> PolarsResult<Vec<u32>> {
            Ok(out
                .column(name)?
                .u32()?
                .iter()
                .map(|v| v.unwrap_or(0))
                .collect())
        };
        let num = |name: &str| -> PolarsResult<Vec<f64>> {
            Ok(out
                .column(name)?
                .f64()?
                .iter()
                .map(|v| v.unwrap_or(0.0))
                .collect())
        };
        let (cells, indices) = (key("cell")?, key("index")?);
        let (n, s, q, u) = (num("n")?, num("s")?, num("q")?, num("u")?);
        Ok((0..out.height())
            .map(|i| {
                (
                    cells[i] as usize,
                    indices[i] as usize,
                    [n[i], s[i], q[i], u[i]],
                )
            })
            .collect())
    }
}

/// Runs the aggregation. An empty dataset gives no groups.
pub fn groups(data: &Dataset) -> PolarsResult<Vec<Group>> {
    let mut items = Long::default();
    let mut gaps = Long::default();
    let mut goal_sums = vec![vec![0.0; data.pairs.len()]; data.cells.len()];
    for (c, cell) in data.cells.iter().enumerate() {
        for i in 0..data.items.len() {
            for (l, &count) in data.levels(cell, i).iter().enumerate() {
                if count > 0 {
                    items.push(c, i, data.items[i].min + l as i32, false, count);
                }
            }
        }
        for (j, p) in data.pairs.iter().enumerate() {
            let joint = data.joint(cell, j);
            let (a, b) = (&data.items[p.now], &data.items[p.goal]);
            for (k, &count) in joint.iter().enumerate() {
                if count > 0 {
                    let now = a.min + (k / b.levels()) as i32;
                    let goal = b.min + (k % b.levels()) as i32;
                    gaps.push(c, j, goal - now, goal > now, count);
                    goal_sums[c][j] += f64::from(goal) * count as f64;
                }
            }
        }
    }
    let mut out: Vec<Group> = data
        .cells
        .iter()
        .map(|cell| Group {
            round: cell.round,
            unit: cell.unit,
            role: cell.role,
            responses: cell.responses as f64,
            items: (0..data.items.len())
                .map(|i| Sums {
                    levels: data.levels(cell, i).iter().map(|&c| c as f64).collect(),
                    ..Sums::default()
                })
                .collect(),
            gaps: (0..data.pairs.len())
                .map(|j| GapSums {
                    apart: data.apart(cell, j) as f64,
                    ..GapSums::default()
                })
                .collect(),
        })
        .collect();
    for (c, i, [n, s, q, _]) in items.sums()? {
        let sums = &mut out[c].items[i];
        (sums.n, sums.sum, sums.sumsq) = (n, s, q);
    }
    for (c, j, [n, s, q, u]) in gaps.sums()? {
        let sums = &mut out[c].gaps[j];
        sums.gap = Sums {
            n,
            sum: s,
            sumsq: q,
            levels: Vec::new(),
        };
        sums.up = u;
        sums.goal = goal_sums[c][j];
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::dataset::{ItemKind, ItemSpec};

    #[test]
    fn sums_per_group_and_gap() {
        let mut d = Dataset::new(vec![
            ItemSpec {
                column: "trapp.skole.now".into(),
                kind: ItemKind::StairNow {
                    relation: "skole".into(),
                },
                min: 1,
                max: 4,
            },
            ItemSpec {
                column: "trapp.skole.goal".into(),
                kind: ItemKind::StairGoal {
                    relation: "skole".into(),
                },
                min: 1,
                max: 4,
            },
        ]);
        for (unit, now, goal) in [
            ("A", "1", "3"),
            ("A", "2", "2"),
            ("B", "4", " "),
            ("A", "9", "4"),
            ("B", "Samarbeider ikke", "2"),
        ] {
            d.begin_row(b"2026", unit.as_bytes(), b"ansatt");
            d.push_cell(0, now.as_bytes());
            d.push_cell(1, goal.as_bytes());
            d.end_row();
        }
        assert_eq!(d.invalid_cells, 1);
        let mut g = groups(&d).unwrap();
        g.sort_by_key(|g| g.unit);
        assert_eq!(g.len(), 2);
        let a = &g[0];
        assert_eq!(a.responses, 3.0);
        assert_eq!((a.gaps[0].apart, g[1].gaps[0].apart), (0.0, 1.0));
        assert_eq!(
            a.items[0],
            Sums {
                n: 2.0,
                sum: 3.0,
                sumsq: 5.0,
                levels: vec![1.0, 1.0, 0.0, 0.0]
            }
        );
        assert_eq!(a.items[1].n, 3.0);
        assert_eq!(a.gaps[0].gap.n, 2.0);
        assert_eq!(a.gaps[0].gap.sum, 2.0);
        assert_eq!(a.gaps[0].gap.sumsq, 4.0);
        assert_eq!(a.gaps[0].up, 1.0);
        assert_eq!(a.gaps[0].goal, 5.0);
        // The goal given beside "samarbeider ikke" is no pair, and no step.
        assert_eq!(g[1].gaps[0].gap.n, 0.0);
        assert_eq!(g[1].items[0].levels, vec![0.0, 0.0, 0.0, 1.0]);
        assert_eq!(g[1].items[1].levels, vec![0.0, 1.0, 0.0, 0.0]);
    }
}
