//! What a response adds to its round's kept counts. The store keeps, per
//! (round, unit, role), the number of responses, the answers at each value
//! of each counted column and the joint (now, goal) steps of each stair
//! relation, and updates them in the transaction that stores a response.
//! Every figure of a report follows from these counts (see
//! `analysis::dataset`), so a report never reads the responses themselves
//! and takes the same time for a hundred responses as for a million.
//! Free texts are kept beside them, as a bag with no order.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::answer::decode_answer_list;
use super::library::owner_in;
use super::{QuestionKind, Round, Value};

/// The counts of one (round, unit, role).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Responses, whether or not they answered anything.
    #[serde(skip)]
    pub responses: u64,
    /// Answers per column, per value as stored (a number, or a choice's
    /// key, or [`NO_COLLABORATION_KEY`] on a stair's current step). "Vet
    /// ikke" and free texts are not counted.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub answers: BTreeMap<String, BTreeMap<String, u64>>,
    /// Per stair relation, responses with both steps, by `"now:goal"`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub pairs: BTreeMap<String, BTreeMap<String, u64>>,
}

impl Tally {
    /// Adds `other` to these counts.
    pub fn add(&mut self, other: &Tally) {
        self.responses += other.responses;
        for (outer, theirs) in [
            (&mut self.answers, &other.answers),
            (&mut self.pairs, &other.pairs),
        ] {
            // Keys are cloned only when new: an import adds a response's
            // counts a million times, nearly always to keys already there.
            for (key, values) in theirs {
                if !outer.contains_key(key) {
                    outer.insert(key.clone(), BTreeMap::new());
                }
                let Some(ours) = outer.get_mut(key) else {
                    continue;
                };
                for (value, n) in values {
                    match ours.get_mut(value) {
                        Some(count) => *count += n,
                        None => {
                            ours.insert(value.clone(), *n);
                        }
                    }
                }
            }
        }
    }

    /// The counts as stored (the number of responses has a column of its own).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("maps of strings and numbers serialise")
    }

    /// Reads stored counts back.
    pub fn from_json(responses: u64, json: &str) -> Result<Tally, String> {
        let mut tally: Tally = serde_json::from_str(json)
            .map_err(|e| format!("lagrede tellinger kan ikke leses: {e}"))?;
        tally.responses = responses;
        Ok(tally)
    }
}

/// The key under which a current step's "samarbeider ikke" answers are
/// counted: no step is a word.
pub const NO_COLLABORATION_KEY: &str = "samarbeider_ikke";

/// The key of a joint (now, goal) count.
pub fn pair_key(now: i64, goal: i64) -> String {
    format!("{now}:{goal}")
}

/// Reads a key made by `pair_key`.
pub fn parse_pair_key(key: &str) -> Option<(i64, i64)> {
    let (now, goal) = key.split_once(':')?;
    Some((now.parse().ok()?, goal.parse().ok()?))
}

/// A free text of a response: a comment (no relation), or a note on a
/// stair relation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FreeText {
    pub relation: Option<String>,
    pub text: String,
}

/// What one response adds: its counts and its free texts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Counted {
    pub tally: Tally,
    pub texts: Vec<FreeText>,
}

/// Counts of many responses by column position (see
/// [`TallyPlan::count_into`]); [`TallyPlan::tally_of`] makes it a `Tally`.
#[derive(Debug, Clone)]
pub struct Counter {
    responses: u64,
    ints: Vec<BTreeMap<i64, u64>>,
    keys: Vec<BTreeMap<String, u64>>,
    no_collaboration: Vec<u64>,
    pairs: Vec<BTreeMap<(i64, i64), u64>>,
}

/// What a round's column is counted as.
#[derive(Debug, Clone, PartialEq)]
enum Use {
    Count,
    Text(Option<String>),
    Skip,
}

/// How a round's answers are counted: a use for each column, and the
/// stair relations whose two columns are counted jointly.
#[derive(Debug, Clone)]
pub struct TallyPlan {
    names: Vec<String>,
    uses: Vec<Use>,
    /// (relation, now column, goal column).
    pairs: Vec<(String, usize, usize)>,
}

impl TallyPlan {
    pub fn of(round: &Round) -> TallyPlan {
        let columns = round.columns();
        let mut nows = Vec::new();
        let mut goals = Vec::new();
        let uses = columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let Some(owner) = owner_in(&round.instruments, &c.name) else {
                    return Use::Skip;
                };
                match (&owner.question.kind, owner.part) {
                    (QuestionKind::Stair(_), Some("now")) => {
                        nows.extend(owner.relation.map(|r| (r, i)));
                        Use::Count
                    }
                    (QuestionKind::Stair(_), Some("goal")) => {
                        goals.extend(owner.relation.map(|r| (r, i)));
                        Use::Count
                    }
                    (QuestionKind::Stair(_), Some("note")) => Use::Text(owner.relation),
                    (QuestionKind::Scale { .. } | QuestionKind::Choice { .. }, _) => Use::Count,
                    (QuestionKind::Text { .. }, _) => Use::Text(None),
                    _ => Use::Skip,
                }
            })
            .collect();
        let pairs = nows
            .into_iter()
            .filter_map(|(relation, now)| {
                let goal = goals.iter().find(|(r, _)| *r == relation)?.1;
                Some((relation, now, goal))
            })
            .collect();
        TallyPlan {
            names: columns.iter().map(|c| c.name.clone()).collect(),
            uses,
            pairs,
        }
    }

    /// Counts a response with stored `answers` into `counter` (made by
    /// [`TallyPlan::counter`]) and keeps its free texts in `texts`: the same
    /// as adding up [`TallyPlan::count`], without building a `Tally` of
    /// owned keys for every response (an import counts a million).
    pub fn count_into(
        &self,
        answers: &str,
        counter: &mut Counter,
        texts: &mut Vec<FreeText>,
    ) -> Result<(), String> {
        let mut values = decode_answer_list(self.names.len(), answers)?;
        counter.responses += 1;
        for (i, kind) in self.uses.iter().enumerate() {
            match (kind, &mut values[i]) {
                (Use::Count, Some(Value::Int(n))) => {
                    *counter.ints[i].entry(*n).or_default() += 1;
                }
                (Use::Count, Some(Value::NoCollaboration)) => counter.no_collaboration[i] += 1,
                (Use::Count, Some(Value::Text(key))) => match counter.keys[i].get_mut(key.as_str())
                {
                    Some(n) => *n += 1,
                    None => {
                        counter.keys[i].insert(std::mem::take(key), 1);
                    }
                },
                (Use::Text(relation), Some(Value::Text(text))) if !text.trim().is_empty() => {
                    texts.push(FreeText {
                        relation: relation.clone(),
                        text: std::mem::take(text),
                    });
                }
                _ => {}
            }
        }
        for (p, (_, now, goal)) in self.pairs.iter().enumerate() {
            if let (Some(Value::Int(now)), Some(Value::Int(goal))) = (&values[*now], &values[*goal])
            {
                *counter.pairs[p].entry((*now, *goal)).or_default() += 1;
            }
        }
        Ok(())
    }

    /// An empty counter for [`TallyPlan::count_into`].
    pub fn counter(&self) -> Counter {
        let columns = self.names.len();
        Counter {
            responses: 0,
            ints: vec![BTreeMap::new(); columns],
            keys: vec![BTreeMap::new(); columns],
            no_collaboration: vec![0; columns],
            pairs: vec![BTreeMap::new(); self.pairs.len()],
        }
    }

    /// The counts of a counter, keyed as [`TallyPlan::count`] keys them.
    pub fn tally_of(&self, counter: Counter) -> Tally {
        let mut tally = Tally {
            responses: counter.responses,
            ..Tally::default()
        };
        let columns = counter
            .keys
            .into_iter()
            .zip(counter.ints)
            .zip(counter.no_collaboration);
        for (name, ((mut values, ints), no_collaboration)) in self.names.iter().zip(columns) {
            for (n, count) in ints {
                *values.entry(n.to_string()).or_default() += count;
            }
            if no_collaboration > 0 {
                *values.entry(NO_COLLABORATION_KEY.to_string()).or_default() += no_collaboration;
            }
            if !values.is_empty() {
                tally.answers.insert(name.clone(), values);
            }
        }
        for ((relation, _, _), counts) in self.pairs.iter().zip(counter.pairs) {
            if counts.is_empty() {
                continue;
            }
            let pairs = tally.pairs.entry(relation.clone()).or_default();
            for ((now, goal), n) in counts {
                *pairs.entry(pair_key(now, goal)).or_default() += n;
            }
        }
        tally
    }

    /// What a response with stored `answers` (a JSON array in the round's
    /// column order) adds to the counts: the counting of many, for one.
    pub fn count(&self, answers: &str) -> Result<Counted, String> {
        let mut counter = self.counter();
        let mut texts = Vec::new();
        self.count_into(answers, &mut counter, &mut texts)?;
        Ok(Counted {
            tally: self.tally_of(counter),
            texts,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round() -> Round {
        crate::survey::round::test_round("A")
    }

    #[test]
    fn counting_many_at_once_equals_adding_each_response() {
        let round = round();
        let plan = TallyPlan::of(&round);
        let columns = round.columns().len();
        // A plain generator of every kind of cell: nothing, "vet ikke",
        // "samarbeider ikke", steps and scores, choice keys and free texts.
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        let mut expected = Tally::default();
        let mut expected_texts = Vec::new();
        let mut counter = plan.counter();
        let mut texts = Vec::new();
        for _ in 0..500 {
            let values: Vec<serde_json::Value> = (0..columns)
                .map(|_| match next() % 7 {
                    0 => serde_json::Value::Null,
                    1 => false.into(),
                    2 => true.into(),
                    3 => ["ja", "nei", " "][next() % 3].into(),
                    _ => (1 + next() % 5).into(),
                })
                .collect();
            let answers = serde_json::to_string(&values).unwrap();
            let counted = plan.count(&answers).unwrap();
            expected.add(&counted.tally);
            expected_texts.extend(counted.texts);
            plan.count_into(&answers, &mut counter, &mut texts).unwrap();
        }
        assert_eq!(plan.tally_of(counter), expected);
        assert_eq!(texts, expected_texts);
    }

    #[test]
    fn a_response_counts_its_values_its_pair_and_its_texts() {
        let round = round();
        let plan = TallyPlan::of(&round);
        let mut values = vec![serde_json::Value::Null; round.columns().len()];
        let at = |name: &str| round.column_index(name).unwrap();
        values[at("trapp.skole.now")] = 2.into();
        values[at("trapp.skole.goal")] = 4.into();
        values[at("trapp.skole.note")] = "fin dialog".into();

        values[at("plakat.p01")] = false.into();
        values[at("plakat.p02")] = 5.into();
        let counted = plan
            .count(&serde_json::to_string(&values).unwrap())
            .unwrap();
        assert_eq!(counted.tally.responses, 1);
        assert_eq!(counted.tally.answers["trapp.skole.now"]["2"], 1);
        assert_eq!(counted.tally.answers["plakat.p02"]["5"], 1);
        assert!(
            !counted.tally.answers.contains_key("plakat.p01"),
            "vet ikke"
        );
        assert_eq!(counted.tally.pairs["skole"]["2:4"], 1);
        // "Samarbeider ikke" is counted, but never as a step: no pair.
        values[at("trapp.skole.now")] = true.into();
        let apart = plan
            .count(&serde_json::to_string(&values).unwrap())
            .unwrap();
        assert_eq!(
            apart.tally.answers["trapp.skole.now"][NO_COLLABORATION_KEY],
            1
        );
        assert!(apart.tally.pairs.is_empty());
        assert_eq!(
            counted.texts,
            vec![FreeText {
                relation: Some("skole".into()),
                text: "fin dialog".into()
            }]
        );
        let mut sum = counted.tally.clone();
        sum.add(&counted.tally);
        assert_eq!(sum.responses, 2);
        assert_eq!(sum.pairs["skole"]["2:4"], 2);
        let back = Tally::from_json(2, &sum.to_json()).unwrap();
        assert_eq!(back, sum);
    }
}
