//! The attacker. Random small-unit data sets go into a real store; every
//! output that an administrator, a leader for all units, a leader for some
//! units and a reader can get is collected as JSON (the aggregates every
//! page, chart and PDF is drawn from); then every derivation we know of is
//! tried on the union of those outputs, and each derived value is checked
//! against the data. Plain Rust, written without the report code: it reads
//! the outputs as untyped JSON and knows the data only from generating it.
//!
//! Derivations tried (per round, over all outputs together):
//! - a shown figure about 1..k−1 answers (totals and counts included);
//! - subtraction: a total minus every shown member of a family (roles),
//!   per measure (respondents, each statement, stair now, goal, gap); and
//!   over the units, every set of units whose figure is a linear
//!   combination of the shown figures of the municipality, the units and
//!   the service areas (which group units; the two years may group them
//!   differently);
//! - the stair's nested populations: now, goal and gap answers of one group
//!   (or of a family's hidden remainder) whose sizes differ by 1..k−1;
//! - the previous round's unit figures recovered from a shown change
//!   (Welch's delta, standard error and degrees of freedom), then
//!   subtraction in that round;
//! - the reason for hiding (different hidden markers) and presence: a role
//!   or unit that is listed only when someone in it answered;
//! - free text from a unit under k, or from a unit whose size is hidden;
//! - a mean without its n (the series over every round, the learning
//!   report's figure for each area, and the previous round's figure given
//!   back by a shown change) about a group under k;
//! - two snapshots of an open round, and two values of k.

use std::collections::{BTreeMap, BTreeSet};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::Value;
use trappa::auth::AccountRole;
use trappa::report::Kind;
use trappa::report::access::{Viewer, report_for};
use trappa::store::Store;

use super::helpers::TestEnv;

mod changes;
mod replay;

const STATEMENTS: usize = 10;
const RELATIONS: [&str; 2] = ["skole", "frivillighet"];
const ROLES: [&str; 3] = ["ansatt", "leder", "folkevalgt"];

#[derive(Clone)]
struct Person {
    unit: usize,
    role: usize,
    statements: [Option<u8>; STATEMENTS],
    now: [Option<u8>; 2],
    goal: [Option<u8>; 2],
    /// Said "vi samarbeider ikke med denne parten" (and gave no step).
    apart: [bool; 2],
    comment: bool,
}

struct Year {
    id: String,
    /// Units defined in the round (indices into `DataSet::units`).
    units: Vec<usize>,
    /// The service area of each unit of `DataSet::units`, if it has one.
    areas: Vec<Option<usize>>,
    /// The number invited to each unit of `DataSet::units`, where the
    /// round file says: a public bound on its respondents.
    invited: Vec<Option<u64>>,
    people: Vec<Person>,
}

impl Year {
    fn area_name(a: usize) -> String {
        format!("Område {}", a + 1)
    }

    /// The units (indices) of the area called `name` in this year.
    fn area_units(&self, name: &str) -> Vec<usize> {
        self.units
            .iter()
            .copied()
            .filter(|&u| self.areas[u].is_some_and(|a| Year::area_name(a) == name))
            .collect()
    }
}

struct DataSet {
    k: u64,
    k_comments: u64,
    units: Vec<String>,
    /// The previous round, then the current one.
    years: [Year; 2],
}

/// Someone in `unit`, or, as a politician (folkevalgt, a role without a
/// unit), in the whole municipality's unit `whole`, as the form puts them.
fn person(
    rng: &mut StdRng,
    unit: usize,
    whole: usize,
    politicians: u32,
    blank: f64,
    blank_goal: f64,
) -> Person {
    let role = match rng.random_range(0..100) {
        r if r < politicians => 2,
        r if r < politicians + 15 => 1,
        _ => 0,
    };
    let unit = if role == 2 { whole } else { unit };
    let mut answer =
        |max: u8, p_blank: f64| (!rng.random_bool(p_blank)).then(|| rng.random_range(1..=max));
    let statements = std::array::from_fn(|_| answer(5, blank));
    let now = std::array::from_fn(|_| answer(4, blank));
    let goal = std::array::from_fn(|_| answer(4, blank_goal));
    Person {
        unit,
        role,
        statements,
        now,
        goal,
        apart: [false; 2],
        comment: rng.random_bool(0.3),
    }
}

/// Some people say they do not work with a partner (their current step
/// becomes that answer; a goal may stay): drawn from a stream of its own,
/// so the data sets are otherwise those of before the answer existed.
fn mark_apart(seed: u64, years: &mut [Year; 2]) {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x5a3b_a7d1);
    let share = rng.random_range(0.0..0.4);
    for p in years.iter_mut().flat_map(|y| y.people.iter_mut()) {
        for j in 0..RELATIONS.len() {
            if rng.random_bool(share) {
                p.apart[j] = true;
                p.now[j] = None;
            }
        }
    }
}

/// 2–8 units of 0–15 people; the two years differ by ±1 per unit, and a
/// unit may exist in one year only; rare roles; 0–50 % blank answers and
/// up to 90 % blank goals.
fn generate(seed: u64, prefix: &str) -> DataSet {
    let mut rng = StdRng::seed_from_u64(seed);
    let n_units = rng.random_range(2..=8);
    let mut units: Vec<String> = (0..n_units).map(|i| format!("E{}", i + 1)).collect();
    // The whole municipality's unit, last, where politicians count.
    let whole = n_units;
    units.push("Prøvik kommune".to_string());
    let politicians = rng.random_range(0..=25);
    let blank = rng.random_range(0.0..0.5);
    let blank_goal = rng.random_range(0.0..0.9);
    let mut sizes = [Vec::new(), Vec::new()];
    for _ in 0..n_units {
        let now: i64 = rng.random_range(0..=15);
        let before = (now + rng.random_range(-1..=1)).clamp(0, 15);
        let (in_before, in_now) = match rng.random_range(0..10) {
            0 => (false, true),
            1 => (true, false),
            _ => (true, true),
        };
        sizes[0].push(in_before.then_some(before));
        sizes[1].push(in_now.then_some(now));
    }
    // Service areas: most years group their units into 1–3 areas (some
    // units in none); the second year often keeps the first one's.
    let mut areas: [Vec<Option<usize>>; 2] = [vec![None; n_units + 1], vec![None; n_units + 1]];
    for y in 0..2 {
        if y == 1 && rng.random_bool(0.6) {
            areas[1] = areas[0].clone();
            continue;
        }
        if rng.random_bool(0.85) {
            let n_areas = rng.random_range(1..=3);
            for area in areas[y].iter_mut().take(n_units) {
                *area = (!rng.random_bool(0.2)).then(|| rng.random_range(0..n_areas));
            }
        }
    }
    // Most units say how many were invited: some exactly as many as
    // answered (everyone did), some a few more; the municipality's unit,
    // where politicians answer, never.
    let mut invited: [Vec<Option<u64>>; 2] = [vec![None; n_units + 1], vec![None; n_units + 1]];
    for y in 0..2 {
        for u in 0..n_units {
            if let (Some(n), true) = (sizes[y][u], rng.random_bool(0.8)) {
                invited[y][u] = Some(n as u64 + rng.random_range(0..=2) * rng.random_range(0..=1));
            }
        }
    }
    let mut years = [0, 1].map(|y| {
        let mut people = Vec::new();
        let mut defined = Vec::new();
        for (u, size) in sizes[y].iter().enumerate() {
            if let Some(n) = size {
                defined.push(u);
                for _ in 0..*n {
                    people.push(person(&mut rng, u, whole, politicians, blank, blank_goal));
                }
            }
        }
        Year {
            id: format!("{prefix}-{}", y + 1),
            units: defined,
            areas: areas[y].clone(),
            invited: invited[y].clone(),
            people,
        }
    });
    let k = rng.random_range(3..=6);
    mark_apart(seed, &mut years);
    DataSet {
        k,
        k_comments: k + rng.random_range(0..=2),
        units,
        years,
    }
}

fn round_file(data: &DataSet, year: &Year) -> String {
    let units: Vec<String> = year
        .units
        .iter()
        .map(|&u| {
            let mut fields = vec![format!("name = \"{}\"", data.units[u])];
            if let Some(i) = year.invited[u] {
                fields.push(format!("invited = {i}"));
            }
            if let Some(a) = year.areas[u] {
                fields.push(format!("area = \"{}\"", Year::area_name(a)));
            }
            format!("{{ {} }}", fields.join(", "))
        })
        .collect();
    format!(
        "municipality = \"Prøvik\"\n\
         instruments = [\"samhandlingstrappa\", \"innovasjonsplakaten\", \"kommentar\"]\n\
         units = [{}]\n\
         relations = [{{ key = \"skole\", label = \"Skole\" }}, {{ key = \"frivillighet\", label = \"Frivillighet\" }}]\n\
         k = {}\nk_comments = {}\n",
        units.join(", "),
        data.k,
        data.k_comments
    )
}

fn csv(data: &DataSet, year: &Year, people: &[Person]) -> String {
    let mut out = String::from("round,unit,role");
    for r in RELATIONS {
        out.push_str(&format!(",trapp.{r}.now,trapp.{r}.goal"));
    }
    for s in 1..=STATEMENTS {
        out.push_str(&format!(",plakat.p{s:02}"));
    }
    out.push_str(",kommentar\n");
    let cell = |v: Option<u8>| v.map(|v| v.to_string()).unwrap_or_default();
    for p in people {
        out.push_str(&format!(
            "{},{},{}",
            year.id, data.units[p.unit], ROLES[p.role]
        ));
        for j in 0..RELATIONS.len() {
            let now = match p.apart[j] {
                true => "samarbeider ikke".to_string(),
                false => cell(p.now[j]),
            };
            out.push_str(&format!(",{now},{}", cell(p.goal[j])));
        }
        for s in 0..STATEMENTS {
            out.push_str(&format!(",{}", cell(p.statements[s])));
        }
        out.push_str(if p.comment { ",en merknad\n" } else { ",\n" });
    }
    out
}

/// Two focus areas of the municipality's strategy, written into the
/// poster's definition (before its `[nn]` table): the attacker reads their
/// figures in every output too.
const FOCUS_AREAS: &str = "
[[focus_area]]
name = \"Samskaping\"
statements = [\"p07\", \"p09\"]

[[focus_area]]
name = \"Kunnskap\"
statements = [\"p03\", \"p05\", \"p10\"]
";

/// The built-in definitions, the poster with `FOCUS_AREAS`.
fn library() -> trappa::survey::Library {
    let builtin = trappa::survey::Library::builtin();
    trappa::survey::Library::from_files(builtin.instruments().iter().map(|i| {
        let mut text = i.source.clone();
        if i.id == "innovasjonsplakaten" {
            let at = text.find("\n[nn]").unwrap_or(text.len());
            text.insert_str(at, FOCUS_AREAS);
        }
        (format!("{}.toml", i.id), text)
    }))
    .expect("the poster with focus areas")
}

async fn load(store: &dyn Store, data: &DataSet, year: &Year, people: &[Person], create: bool) {
    let library = library();
    if create {
        let round = trappa::survey::round::parse_round_file(
            "runde.toml",
            &round_file(data, year),
            &library,
            Some(&year.id),
        )
        .expect("round file");
        store.create_round(&round).await.expect("create round");
    }
    if people.is_empty() {
        return;
    }
    let options = trappa::csvio::import::ImportOptions {
        round: Some(year.id.clone()),
        ..Default::default()
    };
    trappa::csvio::import::import(
        store,
        &library,
        csv(data, year, people).as_bytes(),
        &options,
    )
    .await
    .expect("import");
}

/// What one group's answers are, for checking derived values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Measure {
    Respondents,
    Statement(usize),
    Now(usize),
    Goal(usize),
    Gap(usize),
    /// "Samarbeider ikke": over all respondents, the sum is how many.
    Apart(usize),
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Group {
    Total,
    Unit(String),
    Role(String),
    Area(String),
}

/// A shown (or derived) figure: how many answers, and their sum if known.
#[derive(Debug, Clone, Copy)]
struct Fig {
    n: i64,
    sum: Option<f64>,
}

/// Everything the attacker has learnt about one round.
#[derive(Default)]
struct Facts {
    figs: BTreeMap<(Group, Measure), Fig>,
    /// Units and roles that some output lists for this round.
    listed_units: BTreeSet<String>,
    listed_roles: BTreeSet<String>,
    /// Units whose free text some output shows, and whether that output
    /// also showed the unit's size.
    notes: Vec<(String, bool)>,
    /// Means shown (or derived) without their number of answers.
    means: BTreeMap<(Group, Measure), f64>,
}

#[derive(Default)]
struct Attacker {
    rounds: BTreeMap<String, Facts>,
    /// Service areas read with their size shown, so that a run that never
    /// saw one cannot pass for a test of them.
    areas_shown: usize,
    /// Focus areas read (each checked against its statements).
    focus_areas_read: usize,
    hidden_markers: BTreeSet<String>,
    findings: Vec<String>,
}

fn num(v: &Value) -> Option<f64> {
    v.as_f64()
}

fn is_hidden(v: &Value) -> bool {
    v.get("hidden").is_some()
}

impl Attacker {
    fn note_hidden(&mut self, v: &Value) {
        if let Some(h) = v.get("hidden") {
            self.hidden_markers.insert(h.to_string());
        }
    }

    fn learn(&mut self, round: &str, group: Group, measure: Measure, fig: Fig, origin: &str) {
        let facts = self.rounds.entry(round.to_string()).or_default();
        if let Some(old) = facts.figs.get(&(group.clone(), measure)) {
            if old.n != fig.n {
                self.findings.push(format!(
                    "{origin}: round {round} {group:?} {measure:?} shown as n = {} and n = {}",
                    old.n, fig.n
                ));
            }
            if old.sum.is_some() {
                return;
            }
        }
        facts.figs.insert((group, measure), fig);
    }

    fn count(&mut self, round: &str, group: Group, v: &Value, origin: &str) {
        self.note_hidden(v);
        if let Some(n) = num(v) {
            self.learn(
                round,
                group,
                Measure::Respondents,
                Fig {
                    n: n as i64,
                    sum: None,
                },
                origin,
            );
        }
    }

    fn scale(&mut self, round: &str, group: Group, i: usize, v: &Value, origin: &str) {
        self.note_hidden(v);
        if let (Some(n), Some(mean)) = (v.get("n").and_then(num), v.get("mean").and_then(num)) {
            let fig = Fig {
                n: n as i64,
                sum: Some(mean * n),
            };
            self.learn(round, group, Measure::Statement(i), fig, origin);
        }
    }

    fn stair(&mut self, round: &str, group: Group, j: usize, v: &Value, origin: &str) {
        self.note_hidden(v);
        let pairs = [
            (Measure::Now(j), "n", "mean_now"),
            (Measure::Goal(j), "n_goal", "mean_goal"),
            (Measure::Gap(j), "n_gap", "mean_gap"),
        ];
        for (measure, n_key, mean_key) in pairs {
            if let Some(n) = v.get(n_key).and_then(num) {
                let sum = v.get(mean_key).and_then(num).map(|m| m * n);
                self.learn(
                    round,
                    group.clone(),
                    measure,
                    Fig { n: n as i64, sum },
                    origin,
                );
            }
        }
    }

    /// "Samarbeider ikke" of a group: a count over its respondents.
    fn apart(&mut self, round: &str, group: Group, j: usize, v: &Value, origin: &str) {
        self.note_hidden(v);
        if let (Some(n), Some(of)) = (v.get("n").and_then(num), v.get("of").and_then(num)) {
            let fig = Fig {
                n: of as i64,
                sum: Some(n),
            };
            self.learn(round, group, Measure::Apart(j), fig, origin);
        }
    }

    fn mean(&mut self, round: &str, group: Group, measure: Measure, v: &Value) {
        self.note_hidden(v);
        if let Some(m) = num(v) {
            let facts = self.rounds.entry(round.to_string()).or_default();
            facts.means.insert((group, measure), m);
        }
    }

    /// The series over every round: each point a mean of its own round.
    fn trends(&mut self, t: &Value, g: &Group, index: &[usize], rel_index: &[usize]) {
        for (s, series) in t["statements"].as_array().unwrap().iter().enumerate() {
            for p in series.as_array().unwrap() {
                let round = p["round"].as_str().unwrap();
                self.mean(round, g.clone(), Measure::Statement(index[s]), &p["mean"]);
            }
        }
        for (j, series) in t["relations"].as_array().unwrap().iter().enumerate() {
            for p in series.as_array().unwrap() {
                let round = p["round"].as_str().unwrap();
                self.mean(round, g.clone(), Measure::Now(rel_index[j]), &p["mean"]);
            }
        }
    }

    /// One unit's or area's block of round `r`: its figures, the previous
    /// round's given back by each shown change, and its series.
    fn block(
        &mut self,
        r: &str,
        p: Option<&str>,
        g: &Group,
        b: &Value,
        (index, rel_index): (&[usize], &[usize]),
        origin: &str,
    ) {
        self.count(r, g.clone(), &b["respondents"], origin);
        for (s, c) in b["statements"].as_array().unwrap().iter().enumerate() {
            self.scale(r, g.clone(), index[s], c, origin);
            // A shown change gives the previous round's figure back.
            let change = &b["changes"][s];
            if let (Some(p), false) = (p, change.is_null())
                && let Some(fig) = welch_inverse(c, change)
            {
                self.learn(p, g.clone(), Measure::Statement(index[s]), fig, origin);
            }
        }
        for (j, c) in b["apart"].as_array().unwrap().iter().enumerate() {
            self.apart(r, g.clone(), rel_index[j], c, origin);
        }
        for (j, c) in b["stair"].as_array().unwrap().iter().enumerate() {
            self.stair(r, g.clone(), rel_index[j], c, origin);
            // A shown change of the current step gives P's mean back.
            let change = &b["stair_changes"][j];
            if let (Some(p), Some(now), Some(delta)) = (
                p,
                c.get("mean_now").and_then(num),
                change.get("delta").and_then(num),
            ) {
                let back = Value::from(now - delta);
                self.mean(p, g.clone(), Measure::Now(rel_index[j]), &back);
            }
        }
        self.trends(&b["trends"], g, index, rel_index);
    }

    /// A focus area's figures must be the mean of its statements' shown
    /// means, and shown only where every one of them is: anything else
    /// would be a figure the rule never decided.
    fn focus_areas(&mut self, a: &Value, origin: &str) {
        let Some(areas) = a["focus_areas"].as_array() else {
            return;
        };
        self.focus_areas_read += areas.len();
        let statements = a["statements"].as_array().unwrap();
        let mut check = |what: String, figure: &Value, means: Vec<Option<f64>>| {
            let Some(figure) = figure.as_f64() else {
                return; // hidden (or not compared): nothing to learn
            };
            let shown: Option<Vec<f64>> = means.into_iter().collect();
            match shown {
                Some(m) if !m.is_empty() => {
                    let mean = m.iter().sum::<f64>() / m.len() as f64;
                    if (mean - figure).abs() > 1e-9 {
                        self.findings.push(format!(
                            "{origin}: focus area {what} is {figure}, not the mean {mean} of its statements"
                        ));
                    }
                }
                _ => self.findings.push(format!(
                    "{origin}: focus area {what} is shown ({figure}) while one of its statements is hidden"
                )),
            }
        };
        for (f, area) in areas.iter().enumerate() {
            let at: Vec<usize> = area["columns"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| {
                    statements
                        .iter()
                        .position(|s| s["column"] == *c)
                        .expect("a focus area's statement is in the report")
                })
                .collect();
            let name = area["name"].as_str().unwrap_or("?");
            check(
                format!("«{name}»"),
                &area["mean"],
                at.iter()
                    .map(|&i| statements[i]["stats"].get("mean").and_then(Value::as_f64))
                    .collect(),
            );
            check(
                format!("«{name}» in P"),
                &area["previous"],
                at.iter()
                    .map(|&i| {
                        statements[i]["previous"]
                            .get("mean")
                            .and_then(Value::as_f64)
                    })
                    .collect(),
            );
            for group in ["by_unit", "by_area", "by_role"] {
                for b in a[group].as_array().unwrap() {
                    check(
                        format!("«{name}» of {}", b["name"]),
                        &b["focus"][f],
                        at.iter()
                            .map(|&i| b["statements"][i].get("mean").and_then(Value::as_f64))
                            .collect(),
                    );
                }
            }
        }
    }

    /// Reads one output (the JSON of a report) into the facts.
    fn read(&mut self, out: &Value, origin: &str) {
        let a = &out["analysis"];
        self.focus_areas(a, origin);
        let r = a["round"].as_str().expect("round").to_string();
        let p = a["previous"].as_str().map(String::from);
        let column_index = |c: &str| -> usize {
            c.trim_start_matches("plakat.p")
                .parse::<usize>()
                .expect("statement")
                - 1
        };
        self.count(&r, Group::Total, &a["respondents"], origin);
        if let Some(p) = &p {
            self.count(p, Group::Total, &a["respondents_previous"], origin);
        }
        let rounds: Vec<String> = a["rounds"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        let roles: Vec<String> = a["roles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        for rc in a["counts_by_round"].as_array().unwrap() {
            let round = rc["round"].as_str().unwrap().to_string();
            self.count(&round, Group::Total, &rc["total"], origin);
            let facts = self.rounds.entry(round.clone()).or_default();
            facts.listed_roles.extend(roles.iter().cloned());
            for (i, c) in rc["by_role"].as_array().unwrap().iter().enumerate() {
                self.count(&round, Group::Role(roles[i].clone()), c, origin);
            }
        }
        for u in a["units"].as_array().unwrap() {
            let name = u["unit"].as_str().unwrap().to_string();
            for (i, c) in u["by_round"].as_array().unwrap().iter().enumerate() {
                self.count(&rounds[i], Group::Unit(name.clone()), c, origin);
            }
        }
        let statements = a["statements"].as_array().unwrap();
        let index: Vec<usize> = statements
            .iter()
            .map(|s| column_index(s["column"].as_str().unwrap()))
            .collect();
        for (s, st) in statements.iter().enumerate() {
            self.scale(&r, Group::Total, index[s], &st["stats"], origin);
            if let Some(p) = &p {
                self.scale(p, Group::Total, index[s], &st["previous"], origin);
            }
        }
        let relations = a["relations"].as_array().unwrap();
        let rel_index: Vec<usize> = relations
            .iter()
            .map(|rel| {
                RELATIONS
                    .iter()
                    .position(|k| *k == rel["key"].as_str().unwrap())
                    .unwrap()
            })
            .collect();
        for (j, rel) in relations.iter().enumerate() {
            self.stair(&r, Group::Total, rel_index[j], &rel["stats"], origin);
            self.apart(&r, Group::Total, rel_index[j], &rel["apart"], origin);
            if let Some(p) = &p {
                self.stair(p, Group::Total, rel_index[j], &rel["previous"], origin);
            }
        }
        for b in a["by_unit"].as_array().unwrap() {
            let name = b["name"].as_str().unwrap().to_string();
            self.rounds
                .entry(r.clone())
                .or_default()
                .listed_units
                .insert(name.clone());
            let g = Group::Unit(name.clone());
            self.block(&r, p.as_deref(), &g, b, (&index, &rel_index), origin);
        }
        self.trends(&a["trends"], &Group::Total, &index, &rel_index);
        // The learning report: each area's figure in R, and P's given back
        // by its change.
        let reviewed = out["follow_up"]["reviewed"].as_array().unwrap();
        let planned = out["follow_up"]["planned"].as_array().unwrap();
        for review in reviewed.iter().chain(planned) {
            let area = &review["area"];
            let g = match area["unit"].as_str() {
                Some(u) => Group::Unit(u.to_string()),
                None => Group::Total,
            };
            let key = area["target"]["key"].as_str().unwrap();
            let measure = match area["target"]["kind"].as_str().unwrap() {
                "statement" => Measure::Statement(column_index(key)),
                _ => Measure::Now(RELATIONS.iter().position(|k| *k == key).unwrap()),
            };
            self.mean(&r, g.clone(), measure, &review["now"]);
            let delta = review["change"].get("delta").and_then(num);
            if let (Some(p), Some(now), Some(delta)) = (&p, num(&review["now"]), delta) {
                self.mean(p, g, measure, &Value::from(now - delta));
            }
        }
        for b in a["by_role"].as_array().unwrap() {
            let g = Group::Role(b["name"].as_str().unwrap().to_string());
            self.count(&r, g.clone(), &b["respondents"], origin);
            for (s, c) in b["statements"].as_array().unwrap().iter().enumerate() {
                self.scale(&r, g.clone(), index[s], c, origin);
            }
        }
        for b in a["by_area"].as_array().unwrap() {
            let g = Group::Area(b["name"].as_str().unwrap().to_string());
            self.areas_shown += usize::from(!is_hidden(&b["respondents"]));
            self.block(&r, p.as_deref(), &g, b, (&index, &rel_index), origin);
        }
        let shown_units: BTreeSet<String> = a["by_unit"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|b| !is_hidden(&b["respondents"]))
            .map(|b| b["name"].as_str().unwrap().to_string())
            .collect();
        for n in a["notes"].as_array().unwrap() {
            let unit = n["unit"].as_str().unwrap().to_string();
            let shown = shown_units.contains(&unit);
            self.rounds
                .entry(r.clone())
                .or_default()
                .notes
                .push((unit, shown));
        }
    }
}

/// The previous round's n and sum for a group, from the group's figure in
/// this round and the Welch change between them.
fn welch_inverse(now: &Value, change: &Value) -> Option<Fig> {
    let (n1, mean1, sd1) = (
        now.get("n")?.as_f64()?,
        now.get("mean")?.as_f64()?,
        now.get("std")?.as_f64()?,
    );
    let (delta, se, df) = (
        change["delta"].as_f64()?,
        change["se"].as_f64()?,
        change["df"].as_f64()?,
    );
    let a = sd1 * sd1 / n1;
    let b = se * se - a;
    let denominator = se.powi(4) / df - a * a / (n1 - 1.0);
    if b <= 1e-9 || denominator <= 1e-12 {
        return None;
    }
    let n2 = (1.0 + b * b / denominator).round();
    Some(Fig {
        n: n2 as i64,
        sum: Some((mean1 - delta) * n2),
    })
}

/// The true answers of a group, to check what was derived.
fn truth(year: &Year, units: &[String], group: &Group, measure: Measure) -> (i64, f64) {
    truth_in(
        year,
        |p| match group {
            Group::Total => true,
            Group::Unit(u) => units[p.unit] == *u,
            Group::Role(r) => ROLES[p.role] == r,
            Group::Area(a) => year.area_units(a).contains(&p.unit),
        },
        measure,
    )
}

/// The true answers of the people `member` picks.
fn truth_in(year: &Year, member: impl Fn(&Person) -> bool, measure: Measure) -> (i64, f64) {
    let members = year.people.iter().filter(|p| member(p));
    let mut n = 0i64;
    let mut sum = 0.0;
    for p in members {
        if let Some(v) = value(p, measure) {
            n += 1;
            sum += v;
        }
    }
    (n, sum)
}

/// One person's answer for `measure`, if they gave one.
fn value(p: &Person, measure: Measure) -> Option<f64> {
    match measure {
        Measure::Respondents => Some(0.0),
        Measure::Statement(s) => p.statements[s].map(f64::from),
        Measure::Now(j) => p.now[j].map(f64::from),
        // The goal figures are for those who gave both (README).
        Measure::Goal(j) => p.now[j].and(p.goal[j]).map(f64::from),
        Measure::Gap(j) => match (p.now[j], p.goal[j]) {
            (Some(a), Some(b)) => Some(f64::from(b) - f64::from(a)),
            _ => None,
        },
        Measure::Apart(j) => Some(if p.apart[j] { 1.0 } else { 0.0 }),
    }
}

/// Every non-empty set of units (indices) whose figure for `measure` is a
/// linear combination of the shown figures of the municipality, units and
/// service areas of `year`: all that subtraction and addition can give.
fn derivable_sets(facts: &Facts, data: &DataSet, year: &Year, measure: Measure) -> Vec<Vec<usize>> {
    let width = data.units.len();
    let indicator = |units: &[usize]| -> Vec<f64> {
        (0..width)
            .map(|u| if units.contains(&u) { 1.0 } else { 0.0 })
            .collect()
    };
    let mut shown: Vec<Vec<f64>> = Vec::new();
    for (group, m) in facts.figs.keys() {
        if *m != measure {
            continue;
        }
        match group {
            Group::Total => shown.push(vec![1.0; width]),
            Group::Unit(u) => {
                if let Some(i) = data.units.iter().position(|x| x == u) {
                    shown.push(indicator(&[i]));
                }
            }
            Group::Area(a) => shown.push(indicator(&year.area_units(a))),
            Group::Role(_) => {}
        }
    }
    let base = rank(shown.clone());
    (1u32..(1 << width))
        .map(|mask| {
            (0..width)
                .filter(|u| mask & (1 << u) != 0)
                .collect::<Vec<_>>()
        })
        .filter(|set| {
            let mut rows = shown.clone();
            rows.push(indicator(set));
            rank(rows) == base
        })
        .collect()
}

/// Every non-empty set of roles (indices into `ROLES`) whose figure for
/// `measure` is shown or derived: unions of shown roles and of the hidden
/// rest (the total minus the shown roles).
fn derivable_role_sets(facts: &Facts, measure: Measure) -> Vec<Vec<usize>> {
    let shown: Vec<usize> = (0..ROLES.len())
        .filter(|&r| {
            facts
                .figs
                .contains_key(&(Group::Role(ROLES[r].to_string()), measure))
        })
        .collect();
    let mut pieces: Vec<Vec<usize>> = shown.iter().map(|&r| vec![r]).collect();
    if facts.figs.contains_key(&(Group::Total, measure)) {
        let rest: Vec<usize> = (0..ROLES.len()).filter(|r| !shown.contains(r)).collect();
        if !rest.is_empty() {
            pieces.push(rest);
        }
    }
    (1u32..(1 << pieces.len()))
        .map(|mask| {
            (0..pieces.len())
                .filter(|i| mask & (1 << i) != 0)
                .flat_map(|i| pieces[i].clone())
                .collect()
        })
        .collect()
}

/// The rank of a small matrix, by Gaussian elimination (its entries are
/// small integers, so f64 is exact enough).
fn rank(mut rows: Vec<Vec<f64>>) -> usize {
    let width = rows.first().map_or(0, Vec::len);
    let mut rank = 0;
    for col in 0..width {
        let Some(pivot) = (rank..rows.len()).find(|&r| rows[r][col].abs() > 1e-9) else {
            continue;
        };
        rows.swap(rank, pivot);
        for r in 0..rows.len() {
            if r != rank && rows[r][col].abs() > 1e-9 {
                let f = rows[r][col] / rows[rank][col];
                let pivot_row = rows[rank].clone();
                for (x, p) in rows[r].iter_mut().zip(&pivot_row) {
                    *x -= f * p;
                }
            }
        }
        rank += 1;
    }
    rank
}

fn small(n: i64, k: u64) -> bool {
    n >= 1 && n < k as i64
}

impl Attacker {
    /// Tries every derivation on what has been collected about `year`.
    fn attack(&mut self, data: &DataSet, year: &Year, tag: &str) {
        let Some(facts) = self.rounds.get(&year.id) else {
            return;
        };
        let k = data.k;
        let mut found = Vec::new();
        // Every shown figure must be true, and about k answers or more.
        for ((group, measure), fig) in &facts.figs {
            let (n, sum) = truth(year, &data.units, group, *measure);
            assert_eq!(fig.n, n, "{tag}: {} {group:?} {measure:?} n", year.id);
            if let Some(s) = fig.sum {
                assert!(
                    (s - sum).abs() < 1e-6,
                    "{tag}: {} {group:?} {measure:?} sum {s} ≠ {sum}",
                    year.id
                );
            }
            if small(n, k) {
                found.push(format!("{group:?} {measure:?}: a figure about {n} answers"));
            }
        }
        // A mean shown without its n must be true, and about k or more.
        for ((group, measure), mean) in &facts.means {
            let (n, sum) = truth(year, &data.units, group, *measure);
            if n > 0 {
                assert!(
                    (mean - sum / n as f64).abs() < 1e-6,
                    "{tag}: {} {group:?} {measure:?} mean {mean} ≠ {}",
                    year.id,
                    sum / n as f64
                );
            }
            if small(n, k) {
                found.push(format!("{group:?} {measure:?}: a mean of {n} answers"));
            }
        }
        // Over the units: every set of units whose figure is a linear
        // combination of the shown figures (the municipality, units and
        // service areas), per measure; and, for the stair, the sets whose
        // current step and gap are both derivable, whose sizes differ by
        // those who gave a step but no goal.
        let sets = |measure: Measure| derivable_sets(facts, data, year, measure);
        for measure in facts.figs.keys().map(|(_, m)| *m).collect::<BTreeSet<_>>() {
            for set in sets(measure) {
                let (n, _) = truth_in(year, |p| set.contains(&p.unit), measure);
                if small(n, k) {
                    found.push(format!(
                        "{measure:?}: the units {set:?} can be derived from shown figures and hold {n} answers"
                    ));
                }
            }
        }
        for (j, relation) in RELATIONS.iter().enumerate() {
            let now_sets = sets(Measure::Now(j));
            for set in sets(Measure::Gap(j))
                .iter()
                .filter(|s| now_sets.contains(s))
            {
                let (now, _) = truth_in(year, |p| set.contains(&p.unit), Measure::Now(j));
                let (gap, _) = truth_in(year, |p| set.contains(&p.unit), Measure::Gap(j));
                if small(now - gap, k) {
                    found.push(format!(
                        "the units {set:?}, {relation}: now minus gap answers = {}",
                        now - gap
                    ));
                }
            }
        }
        // Across the two families: a set of units minus a set of roles
        // whose people all lie inside it (politicians all count in the
        // municipality's unit), and the other way round.
        for measure in facts.figs.keys().map(|(_, m)| *m).collect::<BTreeSet<_>>() {
            let role_sets = derivable_role_sets(facts, measure);
            let answered: Vec<&Person> = year
                .people
                .iter()
                .filter(|p| value(p, measure).is_some())
                .collect();
            for units in sets(measure) {
                for roles in &role_sets {
                    let in_units = |p: &Person| units.contains(&p.unit);
                    let in_roles = |p: &Person| roles.contains(&p.role);
                    let (mut only_units, mut only_roles) = (0i64, 0i64);
                    for p in &answered {
                        match (in_units(p), in_roles(p)) {
                            (true, false) => only_units += 1,
                            (false, true) => only_roles += 1,
                            _ => {}
                        }
                    }
                    // Roles inside the units: the units' rest is derived.
                    if only_roles == 0 && small(only_units, k) {
                        found.push(format!(
                            "{measure:?}: the units {units:?} minus the roles {roles:?} inside them leave {only_units} answers"
                        ));
                    }
                    if only_units == 0 && small(only_roles, k) {
                        found.push(format!(
                            "{measure:?}: the roles {roles:?} minus the units {units:?} inside them leave {only_roles} answers"
                        ));
                    }
                }
            }
        }
        // Subtraction: a total minus every shown member of one family.
        let mut measures: BTreeSet<Measure> = facts.figs.keys().map(|(_, m)| *m).collect();
        measures.insert(Measure::Respondents);
        for &measure in &measures {
            let Some(total) = facts.figs.get(&(Group::Total, measure)) else {
                continue;
            };
            let mut n = total.n;
            let mut hidden: Vec<String> = Vec::new();
            for g in ROLES.iter().map(|r| Group::Role(r.to_string())) {
                match facts.figs.get(&(g.clone(), measure)) {
                    Some(f) => n -= f.n,
                    None => hidden.push(format!("{g:?}")),
                }
            }
            if small(n, k) {
                found.push(format!(
                    "{measure:?}: total minus the shown roles leaves {n} answers of {hidden:?}"
                ));
            }
        }
        // The stair's nested populations: now, goal and gap of one group.
        for (j, relation) in RELATIONS.iter().enumerate() {
            let groups: BTreeSet<Group> = facts.figs.keys().map(|(g, _)| g.clone()).collect();
            for g in &groups {
                let get = |m| facts.figs.get(&(g.clone(), m)).map(|f| f.n);
                if let (Some(gap), now, goal) = (
                    get(Measure::Gap(j)),
                    get(Measure::Now(j)),
                    get(Measure::Goal(j)),
                ) {
                    for (name, other) in [("now", now), ("goal", goal)] {
                        if let Some(o) = other
                            && small(o - gap, k)
                        {
                            found.push(format!(
                                "{g:?} {}: {name} answers minus gap answers = {}",
                                relation,
                                o - gap
                            ));
                        }
                    }
                }
            }
        }
        // "Samarbeider ikke" is shown with the group's respondents, and
        // only there (its count is a share of them).
        for (group, measure) in facts.figs.keys() {
            if let Measure::Apart(j) = measure
                && !facts
                    .figs
                    .contains_key(&(group.clone(), Measure::Respondents))
            {
                found.push(format!(
                    "{group:?} {}: «samarbeider ikke» shown without the respondents",
                    RELATIONS[*j]
                ));
            }
        }
        // Presence: the lists of roles and units must not depend on who answered.
        if !facts.listed_roles.is_empty() && facts.listed_roles.len() < ROLES.len() {
            found.push(format!(
                "roles listed {:?}: a role appears only when someone in it answered",
                facts.listed_roles
            ));
        }
        // The round's units, and the whole municipality, where the answers
        // of a role without a unit (folkevalgt) count: listed from the
        // start, whoever answered.
        let mut defined: BTreeSet<String> =
            year.units.iter().map(|&u| data.units[u].clone()).collect();
        defined.insert("Prøvik kommune".to_string());
        if !facts.listed_units.is_empty()
            && facts.listed_units
                != defined
                    .intersection(&facts.listed_units)
                    .cloned()
                    .collect::<BTreeSet<_>>()
        {
            found.push("a unit that is not in the round is listed".into());
        }
        // Free text: only from units with at least k respondents whose size is shown.
        for (unit, size_shown) in &facts.notes {
            let (n, _) = truth(
                year,
                &data.units,
                &Group::Unit(unit.clone()),
                Measure::Respondents,
            );
            if n < data.k_comments as i64 || !size_shown {
                found.push(format!(
                    "notes of {unit} ({n} respondents, size shown: {size_shown})"
                ));
            }
        }
        for f in found {
            self.findings.push(format!("{tag} {}: {f}", year.id));
        }
    }
}

/// Areas after the first year, for the learning report on the second: the
/// whole municipality and every unit, on one statement and one relation.
async fn choose_areas(store: &dyn Store, data: &DataSet) {
    use trappa::learning::{NewArea, Purpose, Target};
    let targets = [
        Target::Statement("plakat.p03".into()),
        Target::Relation(RELATIONS[0].into()),
    ];
    let units = std::iter::once(None).chain(
        data.years[0]
            .units
            .iter()
            .map(|&u| Some(data.units[u].clone())),
    );
    for unit in units {
        for (i, target) in targets.iter().enumerate() {
            let area = NewArea {
                round: data.years[0].id.clone(),
                unit: unit.clone(),
                target: target.clone(),
                purpose: if i == 0 {
                    Purpose::Improve
                } else {
                    Purpose::Keep
                },
                why: "test".into(),
            };
            store.add_area(&area, "admin").await.expect("area");
        }
    }
}

/// The accounts of the attack: administrator, a leader for every unit, a
/// leader for the first half of the units, and a reader.
fn viewers(data: &DataSet) -> Vec<(&'static str, AccountRole, Vec<String>)> {
    let half = data.units[..data.units.len() / 2].to_vec();
    vec![
        ("administrator", AccountRole::Administrator, Vec::new()),
        ("leder-alle", AccountRole::Leader, data.units.clone()),
        ("leder-noen", AccountRole::Leader, half),
        ("leser", AccountRole::Reader, Vec::new()),
    ]
}

/// The reports each viewer may get of `round` (a refusal is no output):
/// each kind once across the viewers, since one account's kinds share
/// their aggregates (the JSON holds every figure of every kind).
async fn outputs(
    store: &dyn Store,
    data: &DataSet,
    round: &str,
    min_n: Option<u64>,
) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for (who, role, units) in viewers(data) {
        let viewer = Viewer {
            role,
            units: &units,
        };
        // The meeting kit, for every unit a viewer may see: its charts are
        // drawn from the same cells as its JSON.
        let kinds = match who {
            "administrator" => vec![Kind::Leader, Kind::Learning],
            "leder-alle" => vec![Kind::Summary],
            "leder-noen" => vec![Kind::Leader, Kind::Learning, Kind::Meeting(None)],
            _ => vec![Kind::Summary, Kind::Leader, Kind::Meeting(None)],
        };
        let kinds = kinds
            .into_iter()
            .chain(units.iter().take(1).map(|u| Kind::Unit(u.clone())));
        for kind in kinds {
            let k = min_n.map(|k| trappa::report::MinGroupSize::try_from(k).unwrap());
            if let Ok(built) = report_for(store, viewer, round, kind.clone(), k).await {
                let json = trappa::report::json(&built);
                out.push((
                    format!("{who} {kind:?} {round} k={min_n:?}"),
                    serde_json::from_str(&json).unwrap(),
                ));
            }
        }
    }
    // The results page for everyone, without login, once published.
    if min_n.is_none() {
        store
            .set_staff_page(round, true, "angriperen")
            .await
            .expect("publish page");
        if let Ok((built, _)) = trappa::report::access::staff_page(store, round).await {
            let json = trappa::report::json(&built);
            out.push((
                format!("everyone Staff {round}"),
                serde_json::from_str(&json).unwrap(),
            ));
        }
    }
    out
}

/// Number of data sets, over both halves: at least 1,000 in CI
/// (`TRAPPA_ATTACK_SETS` sets it).
fn data_sets() -> u64 {
    std::env::var("TRAPPA_ATTACK_SETS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1000)
}

// The data sets in two halves, run as two tests: each attack is one
// thread's work, and the halves then share the machine's two cores with
// the rest of the suite instead of one of them running alone at the end.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_small_group_can_be_derived_from_what_any_account_sees_first_half() {
    attack_data_sets(0..data_sets() / 2).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_small_group_can_be_derived_from_what_any_account_sees_second_half() {
    attack_data_sets(data_sets() / 2..data_sets()).await;
}

/// Generates the data sets `seeds`, reads every output of each as every
/// account does, and fails on any figure of a group of 1..k−1 the
/// attacker can work out.
async fn attack_data_sets(seeds: std::ops::Range<u64>) {
    let sets = seeds.end - seeds.start;
    let mut attacker = Attacker::default();
    let mut leaky_sets = 0;
    let mut outputs_read = 0;
    let mut staff_pages_read = 0;
    let (mut families, mut sizes_tried) = (0, 0);
    let mut replay_time = std::time::Duration::ZERO;
    let mut changes_time = std::time::Duration::ZERO;
    let mut publications = 0;
    let mut by_change: BTreeMap<String, usize> = BTreeMap::new();
    let started = std::time::Instant::now();
    for seed in seeds {
        // A store of its own per data set, as a municipality has: reports
        // draw their series from every earlier round in the store.
        let env = TestEnv::new();
        let store = env.store().await;
        let store = store.as_ref();
        let data = generate(seed, &format!("d{seed:05}"));
        for year in &data.years {
            load(store, &data, year, &year.people, true).await;
        }
        choose_areas(store, &data).await;
        let before = attacker.findings.len();
        // Closed rounds: every output of both years, with and without the
        // comparison, and a leader's try at another k.
        for year in &data.years {
            for (origin, json) in outputs(store, &data, &year.id, None).await {
                attacker.read(&json, &origin);
                outputs_read += 1;
                staff_pages_read += usize::from(origin.starts_with("everyone"));
            }
        }
        for (origin, json) in outputs(store, &data, &data.years[1].id, Some(data.k + 2)).await {
            if !origin.starts_with("administrator") {
                attacker.read(&json, &origin);
                outputs_read += 1;
            }
        }
        for year in &data.years {
            attacker.attack(&data, year, "");
            let replay_started = std::time::Instant::now();
            if let Some(facts) = attacker.rounds.get(&year.id) {
                let r = replay::replay(&data, year, facts, data.k);
                families += r.families;
                sizes_tried += r.sizes_tried;
                attacker.findings.extend(
                    r.findings
                        .into_iter()
                        .map(|f| format!("{} (the rule replayed): {f}", year.id)),
                );
            }
            replay_time += replay_started.elapsed();
        }
        // Then the administrator changes the closed round, and the leader
        // reads it again.
        let changed_started = std::time::Instant::now();
        let (found, published) = changes::attack(store, &data, seed).await;
        for f in &found {
            let kind = f.split(':').next().unwrap_or_default().to_string();
            *by_change.entry(kind).or_insert(0usize) += 1;
        }
        attacker.findings.extend(found);
        publications += published;
        changes_time += changed_started.elapsed();
        if attacker.findings.len() > before {
            leaky_sets += 1;
        }
        attacker.rounds.clear();
    }
    if !by_change.is_empty() {
        eprintln!("figures that changed by 1..k−1 answers, per change: {by_change:?}");
    }
    let markers = attacker.hidden_markers.len();
    if markers > 1 {
        attacker.findings.push(format!(
            "hidden cells carry {markers} different markers: {:?}",
            attacker.hidden_markers
        ));
    }
    eprintln!(
        "attacker: {sets} data sets, {outputs_read} outputs read ({staff_pages_read} results pages for everyone, {} focus areas; {} service areas shown), {} derivations in {leaky_sets} data sets ({:.0} s); the rule replayed on {families} families, {sizes_tried} sets of hidden sizes ({:.0} s); five changes to each closed round read before and after, {publications} batches of late answers published ({:.0} s)",
        attacker.focus_areas_read,
        attacker.areas_shown,
        attacker.findings.len(),
        started.elapsed().as_secs_f64(),
        replay_time.as_secs_f64(),
        changes_time.as_secs_f64()
    );
    assert!(
        attacker.focus_areas_read >= sets as usize,
        "only {} focus areas were read",
        attacker.focus_areas_read
    );
    assert!(
        staff_pages_read >= sets as usize,
        "only {staff_pages_read} results pages for everyone were read"
    );
    assert!(
        attacker.areas_shown > sets as usize / 10,
        "only {} service areas were shown: the attack did not test them",
        attacker.areas_shown
    );
    let shown: Vec<&String> = attacker.findings.iter().take(25).collect();
    assert!(
        attacker.findings.is_empty(),
        "{} derivations, the first: {shown:#?}",
        attacker.findings.len()
    );
}

/// Whether an output holds any figure about answers (not only counts).
fn answer_figures(out: &Value) -> usize {
    let a = &out["analysis"];
    let shown = |v: &Value| !v.is_null() && !is_hidden(v);
    let mut n = 0;
    for s in a["statements"].as_array().unwrap() {
        n += usize::from(shown(&s["stats"]));
    }
    for r in a["relations"].as_array().unwrap() {
        n += usize::from(shown(&r["stats"]));
    }
    for b in a["by_unit"]
        .as_array()
        .unwrap()
        .iter()
        .chain(a["by_area"].as_array().unwrap())
        .chain(a["by_role"].as_array().unwrap())
    {
        n += b["statements"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| shown(c))
            .count();
    }
    n + a["notes"].as_array().unwrap().len()
}

/// Two snapshots of an open round, one response apart: no account but an
/// administrator gets any figure about answers while the round is open, so
/// the difference tells nothing about the new response.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_open_round_shows_no_answers_to_leaders_and_readers() {
    let env = TestEnv::new();
    let store = env.store().await;
    let store = store.as_ref();
    let sets = (data_sets() / 10).max(20);
    let mut findings = Vec::new();
    for seed in 0..sets {
        let data = generate(1_000_000 + seed, &format!("o{seed:05}"));
        let (last, first) = data.years[1]
            .people
            .split_last()
            .map(|(l, f)| (vec![l.clone()], f.to_vec()))
            .unwrap_or_default();
        load(store, &data, &data.years[0], &data.years[0].people, true).await;
        load(store, &data, &data.years[1], &first, true).await;
        store.set_open(&data.years[1].id, true).await.unwrap();
        let mut snapshots: Vec<Vec<(String, Value)>> = Vec::new();
        snapshots.push(outputs(store, &data, &data.years[1].id, None).await);
        load(store, &data, &data.years[1], &last, false).await;
        snapshots.push(outputs(store, &data, &data.years[1].id, None).await);
        for snapshot in &snapshots {
            for (origin, json) in snapshot {
                if !origin.starts_with("administrator")
                    && json["analysis"]["round"] == data.years[1].id.as_str()
                {
                    let figures = answer_figures(json);
                    if figures > 0 {
                        findings.push(format!(
                            "{origin}: {figures} figures about answers from an open round"
                        ));
                    }
                }
            }
        }
    }
    eprintln!(
        "open rounds: {sets} data sets, two snapshots each, {} findings",
        findings.len()
    );
    let shown: Vec<&String> = findings.iter().take(10).collect();
    assert!(
        findings.is_empty(),
        "{} findings, the first: {shown:#?}",
        findings.len()
    );
}
