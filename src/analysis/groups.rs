//! The one polars step: per (round, unit, role), the count, sum, sum of
//! squares and per-level counts of every scale item, and the same for the
//! stair gap (goal − now). Every other figure is an exact sum of these, so
//! the finest groups are computed once and totals are added up in Rust.

use polars::prelude::*;

use super::dataset::{Dataset, ItemKind};

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
}

impl GapSums {
    pub fn add(&mut self, other: &GapSums) {
        self.gap.add(&other.gap);
        self.up += other.up;
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
    /// Aligned with `stair_pairs`.
    pub gaps: Vec<GapSums>,
}

/// (relation, now item, goal item) for every relation with both columns.
pub fn stair_pairs(data: &Dataset) -> Vec<(String, usize, usize)> {
    data.items
        .iter()
        .enumerate()
        .filter_map(|(i, spec)| match &spec.kind {
            ItemKind::StairNow { relation } => data
                .items
                .iter()
                .position(
                    |s| matches!(&s.kind, ItemKind::StairGoal { relation: r } if r == relation),
                )
                .map(|g| (relation.clone(), i, g)),
            _ => None,
        })
        .collect()
}

fn item_col(i: usize) -> String {
    format!("i{i}")
}

fn f64_sum(e: Expr, name: String) -> Expr {
    e.sum().cast(DataType::Float64).alias(name)
}

/// Runs the group-by. An empty dataset gives no groups.
pub fn groups(data: &Dataset) -> PolarsResult<Vec<Group>> {
    if data.is_empty() {
        return Ok(Vec::new());
    }
    let mut columns = vec![
        Column::new("r".into(), data.round.clone()),
        Column::new("u".into(), data.unit.clone()),
        Column::new("o".into(), data.role.clone()),
    ];
    for (i, values) in data.values.iter().enumerate() {
        columns.push(Column::new(item_col(i).into(), values.clone()));
    }
    let frame = DataFrame::new_infer_height(columns)?;

    let mut aggs = vec![col("r").len().cast(DataType::Float64).alias("n")];
    for (i, spec) in data.items.iter().enumerate() {
        let c = item_col(i);
        aggs.push(
            col(&c)
                .count()
                .cast(DataType::Float64)
                .alias(format!("{c}_n")),
        );
        aggs.push(f64_sum(col(&c), format!("{c}_s")));
        aggs.push(f64_sum(col(&c) * col(&c), format!("{c}_q")));
        for level in spec.min..=spec.max {
            aggs.push(f64_sum(col(&c).eq(lit(level)), format!("{c}_l{level}")));
        }
    }
    let pairs = stair_pairs(data);
    for (j, (_, now, goal)) in pairs.iter().enumerate() {
        let gap = col(item_col(*goal)) - col(item_col(*now));
        aggs.push(
            gap.clone()
                .count()
                .cast(DataType::Float64)
                .alias(format!("g{j}_n")),
        );
        aggs.push(f64_sum(gap.clone(), format!("g{j}_s")));
        aggs.push(f64_sum(gap.clone() * gap, format!("g{j}_q")));
        aggs.push(f64_sum(
            col(item_col(*goal)).gt(col(item_col(*now))),
            format!("g{j}_up"),
        ));
    }
    let out = frame
        .lazy()
        .group_by([col("r"), col("u"), col("o")])
        .agg(aggs)
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
    let (rounds, units, roles, responses) = (key("r")?, key("u")?, key("o")?, num("n")?);
    let mut item_sums: Vec<Vec<Sums>> = vec![Vec::with_capacity(data.items.len()); out.height()];
    for (i, spec) in data.items.iter().enumerate() {
        let c = item_col(i);
        let (n, s, q) = (
            num(&format!("{c}_n"))?,
            num(&format!("{c}_s"))?,
            num(&format!("{c}_q"))?,
        );
        let levels: Vec<Vec<f64>> = (spec.min..=spec.max)
            .map(|l| num(&format!("{c}_l{l}")))
            .collect::<PolarsResult<_>>()?;
        for (row, sums) in item_sums.iter_mut().enumerate() {
            sums.push(Sums {
                n: n[row],
                sum: s[row],
                sumsq: q[row],
                levels: levels.iter().map(|l| l[row]).collect(),
            });
        }
    }
    let mut gap_sums: Vec<Vec<GapSums>> = vec![Vec::with_capacity(pairs.len()); out.height()];
    for j in 0..pairs.len() {
        let (n, s, q, up) = (
            num(&format!("g{j}_n"))?,
            num(&format!("g{j}_s"))?,
            num(&format!("g{j}_q"))?,
            num(&format!("g{j}_up"))?,
        );
        for (row, gaps) in gap_sums.iter_mut().enumerate() {
            gaps.push(GapSums {
                gap: Sums {
                    n: n[row],
                    sum: s[row],
                    sumsq: q[row],
                    levels: Vec::new(),
                },
                up: up[row],
            });
        }
    }
    Ok((0..out.height())
        .zip(item_sums)
        .zip(gap_sums)
        .map(|((row, items), gaps)| Group {
            round: rounds[row],
            unit: units[row],
            role: roles[row],
            responses: responses[row],
            items,
            gaps,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::dataset::ItemSpec;

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
            ("A", b"1", b"3"),
            ("A", b"2", b"2"),
            ("B", b"4", b" "),
            ("A", b"9", b"4"),
        ] {
            d.begin_row("2026", unit, "ansatt");
            d.push_cell(0, now);
            d.push_cell(1, goal);
        }
        assert_eq!(d.invalid_cells, 1);
        let mut g = groups(&d).unwrap();
        g.sort_by_key(|g| g.unit);
        assert_eq!(g.len(), 2);
        let a = &g[0];
        assert_eq!(a.responses, 3.0);
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
        assert_eq!(g[1].gaps[0].gap.n, 0.0);
    }
}
