//! An independent oracle for the report figures: the exchange CSV read
//! with the csv crate and every figure computed by plain arithmetic, with
//! nothing shared with `src/analysis` (no polars, no trappa types). The
//! result has the shape of the peer pipeline's dump, so one checker
//! compares trappa with either.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use statrs::distribution::{ContinuousCDF, StudentsT};

/// One answer column's values for one group.
#[derive(Default, Clone)]
struct Values(Vec<f64>);

impl Values {
    fn n(&self) -> f64 {
        self.0.len() as f64
    }

    fn mean(&self) -> f64 {
        self.0.iter().sum::<f64>() / self.n()
    }

    fn var(&self) -> Option<f64> {
        (self.0.len() >= 2).then(|| {
            let m = self.mean();
            self.0.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (self.n() - 1.0)
        })
    }

    fn pct(&self, level: f64) -> f64 {
        100.0 * self.0.iter().filter(|&&v| v == level).count() as f64 / self.n()
    }

    fn median(&self) -> f64 {
        let mut v = self.0.clone();
        v.sort_by(f64::total_cmp);
        let n = v.len();
        if n % 2 == 1 {
            v[n / 2]
        } else {
            (v[n / 2 - 1] + v[n / 2]) / 2.0
        }
    }
}

/// A row of the file: round, unit, role and the cells by column name.
struct Row {
    round: String,
    unit: String,
    role: String,
    cells: BTreeMap<String, String>,
}

fn read(bytes: &[u8]) -> (Vec<String>, Vec<Row>) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let semicolons = first_line.iter().filter(|&&b| b == b';').count();
    let commas = first_line.iter().filter(|&&b| b == b',').count();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(if semicolons > commas { b';' } else { b',' })
        .from_reader(bytes);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let cells: BTreeMap<String, String> = header
                .iter()
                .cloned()
                .zip(r.iter().map(|c| c.trim().to_string()))
                .collect();
            Row {
                round: cells["round"].clone(),
                unit: cells["unit"].clone(),
                role: cells["role"].clone(),
                cells,
            }
        })
        .collect();
    (header, rows)
}

fn number(cell: Option<&String>) -> Option<f64> {
    cell.filter(|c| !c.is_empty()).map(|c| {
        c.parse::<f64>()
            .expect("the generator writes whole numbers")
    })
}

fn likert(v: &Values) -> Value {
    let mut out = json!({ "n": v.n(), "mean": v.mean(), "std": v.var().map(f64::sqrt) });
    for level in 1..=5 {
        out[format!("pct{level}")] = json!(v.pct(level as f64));
    }
    out
}

/// now values of everyone who gave one, and (now, goal) of those who gave both.
fn stair(now: &Values, both: &[(f64, f64)]) -> Value {
    let gaps = Values(both.iter().map(|(n, g)| g - n).collect());
    let goals = Values(both.iter().map(|(_, g)| *g).collect());
    let up = both.iter().filter(|(n, g)| g > n).count() as f64;
    let mut out = json!({
        "n": now.n(), "mean": now.mean(), "median": now.median(),
        "n_goal": goals.n(), "mean_goal": (!both.is_empty()).then(|| goals.mean()),
        "n_gap": gaps.n(), "mean_gap": (!both.is_empty()).then(|| gaps.mean()),
        "pct_up": (!both.is_empty()).then(|| 100.0 * up / gaps.n()),
    });
    for step in 1..=4 {
        out[format!("pct{step}")] = json!(now.pct(step as f64));
    }
    out
}

/// Welch's interval for mean R − mean P.
fn welch(r: &Values, p: &Values) -> Value {
    let (vr, vp) = (r.var().unwrap(), p.var().unwrap());
    let delta = r.mean() - p.mean();
    let (ar, ap) = (vr / r.n(), vp / p.n());
    let se = (ar + ap).sqrt();
    let df = (ar + ap).powi(2) / (ar * ar / (r.n() - 1.0) + ap * ap / (p.n() - 1.0));
    let t = StudentsT::new(0.0, 1.0, df).unwrap().inverse_cdf(0.975);
    let (lo, hi) = (delta - t * se, delta + t * se);
    json!({ "delta": delta, "lo": lo, "hi": hi, "flag": lo > 0.0 || hi < 0.0 })
}

/// The figures of rounds `r` (compared with `p`) of an exchange file.
pub fn figures(bytes: &[u8], r: &str, p: &str) -> Value {
    let (header, rows) = read(bytes);
    let statements: Vec<&String> = header.iter().filter(|h| h.starts_with("plakat.")).collect();
    let relations: Vec<String> = header
        .iter()
        .filter_map(|h| {
            h.strip_prefix("trapp.")?
                .strip_suffix(".now")
                .map(String::from)
        })
        .collect();
    fn in_round<'a>(rows: &'a [Row], round: &'a str) -> impl Iterator<Item = &'a Row> {
        rows.iter().filter(move |row| row.round == round)
    }
    let values = |round: &str, unit: Option<&str>, column: &str| {
        Values(
            in_round(&rows, round)
                .filter(|row| unit.is_none_or(|u| row.unit == u))
                .filter_map(|row| number(row.cells.get(column)))
                .collect(),
        )
    };
    let both = |unit: Option<&str>, rel: &str| -> Vec<(f64, f64)> {
        in_round(&rows, r)
            .filter(|row| unit.is_none_or(|u| row.unit == u))
            .filter_map(|row| {
                let now = number(row.cells.get(&format!("trapp.{rel}.now")))?;
                let goal = number(row.cells.get(&format!("trapp.{rel}.goal")))?;
                Some((now, goal))
            })
            .collect()
    };
    let mut units: Vec<&str> = in_round(&rows, r).map(|row| row.unit.as_str()).collect();
    units.sort();
    units.dedup();
    let (mut items, mut items_unit, mut yoy, mut stairs, mut stair_unit) =
        (json!({}), json!({}), json!({}), json!({}), json!({}));
    for col in &statements {
        let now = values(r, None, col);
        items[format!("Alle|{col}")] = likert(&now);
        yoy[format!("Alle|{col}")] = welch(&now, &values(p, None, col));
        for u in &units {
            let v = values(r, Some(u), col);
            if v.n() > 0.0 {
                items_unit[format!("{u}|{col}")] = likert(&v);
            }
        }
    }
    for rel in &relations {
        let column = format!("trapp.{rel}.now");
        stairs[format!("Alle|{rel}")] = stair(&values(r, None, &column), &both(None, rel));
        for u in &units {
            let now = values(r, Some(u), &column);
            if now.n() > 0.0 {
                stair_unit[format!("{u}|{rel}")] = stair(&now, &both(Some(u), rel));
            }
        }
    }
    let mut roles = json!({});
    for row in &rows {
        let key = format!("{}|{}", row.role, row.round);
        roles[&key] = json!(roles[&key].as_u64().unwrap_or(0) + 1);
    }
    json!({
        "invalid_cells": 0,
        "items": items, "items_unit": items_unit, "yoy": yoy,
        "stair": stairs, "stair_unit": stair_unit, "n_role_round": roles,
    })
}
