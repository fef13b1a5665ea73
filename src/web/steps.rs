//! The stepped form's screens: which questions each screen asks, given the
//! round and the role and unit answered so far. Role and unit share the
//! first screen (a role without a unit needs none); a unit is asked only
//! about the partners it rates.
//! Pure: no I/O.

use crate::survey::{QuestionKind, Round};

/// Partners of the stair on one screen: two questions each.
const PARTNERS_PER_SCREEN: usize = 3;
/// Rated questions on one screen; a free-text question joins the screen
/// before it without counting.
const ANSWERS_PER_SCREEN: usize = 5;

/// One screen of the form.
#[derive(Debug, Clone, PartialEq)]
pub enum Screen {
    /// Who answers: the role, and the unit unless an invitation code gives
    /// it or no role has one. One screen: on a phone two were one too many.
    About { unit: bool },
    /// Part of a stair instrument: the partners it asks about (indices
    /// into the round's relations); `first` carries the stair's intro.
    Stair {
        inst: usize,
        relations: Vec<usize>,
        first: bool,
    },
    /// Questions of one or more instruments.
    Questions { blocks: Vec<Block> },
}

/// Questions of one instrument on a screen: (instrument, question indices).
pub type Block = (usize, Vec<usize>);

impl Screen {
    /// A name for the screen that stays the same when an earlier answer
    /// changes the screens around it (it is posted back as `_step`).
    pub fn key(&self, round: &Round) -> String {
        match self {
            Screen::About { .. } => "rolle".into(),
            Screen::Stair {
                inst, relations, ..
            } => {
                // A colon, which no question id has: a stair screen's name
                // never equals a question screen's.
                let first = relations.first().map(|r| round.relations[*r].key.as_str());
                format!("{}:{}", round.instruments[*inst].id, first.unwrap_or(""))
            }
            Screen::Questions { blocks } => {
                let (inst, questions) = &blocks[0];
                let inst = &round.instruments[*inst];
                format!("{}-{}", inst.id, inst.questions[questions[0]].id)
            }
        }
    }

    /// The fields the screen posts: what a post of it replaces in the
    /// answers kept so far (an unticked radio posts nothing).
    pub fn fields(&self, round: &Round) -> Vec<String> {
        match self {
            Screen::About { unit: true } => vec!["role".into(), "unit".into()],
            Screen::About { unit: false } => vec!["role".into()],
            Screen::Stair {
                inst, relations, ..
            } => {
                let inst = &round.instruments[*inst];
                let mut out = Vec::new();
                for q in &inst.questions {
                    let QuestionKind::Stair(stair) = &q.kind else {
                        continue;
                    };
                    let prefix = inst.prefix.as_deref().unwrap_or(&q.id);
                    for r in relations {
                        let base = format!("{prefix}.{}", round.relations[*r].key);
                        out.push(format!("{base}.now"));
                        out.push(format!("{base}.goal"));
                        if stair.note.is_some() {
                            out.push(format!("{base}.note"));
                        }
                    }
                }
                out
            }
            Screen::Questions { blocks } => blocks
                .iter()
                .flat_map(|(inst, questions)| {
                    let inst = &round.instruments[*inst];
                    questions
                        .iter()
                        .map(|q| inst.column(&inst.questions[*q].id))
                })
                .collect(),
        }
    }
}

/// The screens for someone who has answered `role` and `unit` so far
/// (either may be empty); `unit_given` when an invitation code gives it.
pub fn plan(round: &Round, role: &str, unit: &str, unit_given: bool) -> Vec<Screen> {
    let some_role_has_a_unit = round.roles.iter().any(|r| round.role_has_unit(&r.key));
    let mut screens = vec![Screen::About {
        unit: some_role_has_a_unit && !unit_given,
    }];
    let has_unit = round.role_has_unit(role);
    let answers_for = if has_unit {
        unit.to_string()
    } else {
        round.municipality_unit()
    };
    let partners: Vec<usize> = round
        .relations_for(&answers_for)
        .into_iter()
        .filter_map(|r| round.relations.iter().position(|x| x.key == r.key))
        .collect();
    // The screen being filled: its blocks and the answers it asks for.
    let mut open: Option<(Vec<Block>, usize)> = None;
    for (i, inst) in round.instruments.iter().enumerate() {
        for (qi, q) in inst.questions.iter().enumerate() {
            let weight = match q.kind {
                QuestionKind::Stair(_) => {
                    if let Some((blocks, _)) = open.take() {
                        screens.push(Screen::Questions { blocks });
                    }
                    for (n, chunk) in partners.chunks(PARTNERS_PER_SCREEN).enumerate() {
                        screens.push(Screen::Stair {
                            inst: i,
                            relations: chunk.to_vec(),
                            first: n == 0,
                        });
                    }
                    continue;
                }
                QuestionKind::Text { .. } => 0,
                _ => 1,
            };
            if let Some((blocks, answers)) = &open
                && *answers + weight > ANSWERS_PER_SCREEN
            {
                screens.push(Screen::Questions {
                    blocks: blocks.clone(),
                });
                open = None;
            }
            let (blocks, answers) = open.get_or_insert_with(|| (Vec::new(), 0));
            *answers += weight;
            match blocks.last_mut() {
                Some((inst, questions)) if *inst == i => questions.push(qi),
                _ => blocks.push((i, vec![qi])),
            }
        }
    }
    if let Some((blocks, _)) = open {
        screens.push(Screen::Questions { blocks });
    }
    screens
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::round::{Relation, Unit};

    /// The test round with the six usual partners; Kulturskolen rates all
    /// but the kulturskole.
    fn round() -> Round {
        let mut parts = crate::survey::round::test_round("Kulturskolen").into_parts();
        parts.relations = crate::survey::round::USUAL_RELATIONS
            .iter()
            .map(|k| Relation {
                key: k.to_string(),
                label: crate::survey::round::relation_label(k),
            })
            .collect();
        parts.units = vec![
            Unit {
                relations: Some(
                    ["barnehage", "skole", "sfo", "frivillighet", "naeringsliv"]
                        .map(String::from)
                        .to_vec(),
                ),
                ..Unit::named("Kulturskolen", None)
            },
            Unit::named("Solvik skole", None),
        ];
        Round::assemble(parts).unwrap()
    }

    fn keys(round: &Round, screens: &[Screen]) -> Vec<String> {
        screens.iter().map(|s| s.key(round)).collect()
    }

    #[test]
    fn six_partners_make_five_screens_of_at_most_three_partners_or_five_statements() {
        let r = round();
        let screens = plan(&r, "ansatt", "Solvik skole", false);
        assert_eq!(
            keys(&r, &screens),
            [
                "rolle",
                "samhandlingstrappa:barnehage",
                "samhandlingstrappa:kulturskole",
                "innovasjonsplakaten-p01",
                "innovasjonsplakaten-p06",
            ]
        );
        // The comment joins the last statements.
        assert_eq!(screens[0].fields(&r), ["role", "unit"]);
        assert_eq!(
            screens[4].fields(&r).last().map(String::as_str),
            Some("kommentar")
        );
        assert_eq!(screens[4].fields(&r).len(), 6);
        assert_eq!(
            screens[1].fields(&r)[..3],
            [
                "trapp.barnehage.now",
                "trapp.barnehage.goal",
                "trapp.barnehage.note"
            ]
        );
    }

    #[test]
    fn a_unit_is_asked_only_about_its_own_partners() {
        let r = round();
        let screens = plan(&r, "ansatt", "Kulturskolen", false);
        let asked: Vec<String> = screens.iter().flat_map(|s| s.fields(&r)).collect();
        assert!(
            !asked.iter().any(|f| f.contains("kulturskole")),
            "{asked:?}"
        );
        assert!(asked.contains(&"trapp.naeringsliv.goal".to_string()));
    }

    #[test]
    fn a_politician_is_not_asked_for_a_unit_and_rates_every_partner() {
        let r = round();
        let screens = plan(&r, "folkevalgt", "", false);
        let asked: Vec<String> = screens.iter().flat_map(|s| s.fields(&r)).collect();
        assert!(asked.contains(&"trapp.kulturskole.now".to_string()));
        // The first screen asks for both, whoever answers: the role is not
        // known until it is posted.
        assert_eq!(screens[0], Screen::About { unit: true });
        assert_eq!(plan(&r, "", "", false)[0], Screen::About { unit: true });
        // An invitation code gives the unit.
        assert_eq!(
            plan(&r, "ansatt", "Kulturskolen", true)[0],
            Screen::About { unit: false }
        );
    }
}
